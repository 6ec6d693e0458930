#ifndef POLES_SERVICES_COMMON_DIGEST_H_
#define POLES_SERVICES_COMMON_DIGEST_H_

#include <string>

#include "absl/strings/string_view.h"

namespace poles {

// SHA-256 of `data`, the 32 raw bytes (OpenSSL). The algorithm is fetched
// from OpenSSL's provider once per process, not on every call as the
// one-shot SHA256() does (a locked lookup that cost more than the hash of a
// key). Thread-safe.
std::string Sha256(absl::string_view data);

}  // namespace poles

#endif  // POLES_SERVICES_COMMON_DIGEST_H_
