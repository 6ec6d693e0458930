#ifndef POLES_SERVICES_COMMON_PAGE_TOKEN_H_
#define POLES_SERVICES_COMMON_PAGE_TOKEN_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace poles {

// Opaque, tamper-evident page tokens for keyset pagination.
//
// A token carries the keyset position (the sort key of the last row served)
// bound to the listing's parent and a digest of its filter fields, signed
// with HMAC-SHA256 under a server secret and encoded base64url. A token that
// was altered, signed with another secret, or presented with another parent
// or filter is INVALID_ARGUMENT naming `page_token`. Thread-safe.
class PageTokenCodec {
 public:
  // `secret` must be at least 32 bytes.
  explicit PageTokenCodec(std::string secret) : secret_(std::move(secret)) {}

  std::string Encode(absl::string_view parent, absl::string_view filter,
                     const std::vector<std::string>& last_key) const;

  // Returns the keyset position, or an empty vector for an empty token (the
  // first page).
  absl::StatusOr<std::vector<std::string>> Decode(
      absl::string_view token, absl::string_view parent,
      absl::string_view filter) const;

 private:
  std::string Sign(absl::string_view payload) const;
  std::string secret_;
};

}  // namespace poles

#endif  // POLES_SERVICES_COMMON_PAGE_TOKEN_H_
