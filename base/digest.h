#ifndef POLES_BASE_DIGEST_H_
#define POLES_BASE_DIGEST_H_

#include <string>

#include "absl/strings/string_view.h"

namespace poles {

// SHA-256 of `data`, the 32 raw bytes (OpenSSL). The algorithm is fetched
// from OpenSSL's provider once per process, not on every call as the
// one-shot SHA256() does (a locked lookup that cost more than the hash of a
// key). Thread-safe. Aborts if OpenSSL has no SHA-256.
std::string Sha256(absl::string_view data);

// Sha256(data) as 64 lowercase hex digits (migration checksums).
std::string Sha256Hex(absl::string_view data);

}  // namespace poles

#endif  // POLES_BASE_DIGEST_H_
