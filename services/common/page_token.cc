#include "services/common/page_token.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "absl/strings/escaping.h"
#include "base/digest.h"
#include "poles/v1/internal.pb.h"
#include "services/common/errors.h"

namespace poles {

namespace {
constexpr size_t kMacBytes = 32;
}  // namespace

std::string PageTokenCodec::Sign(absl::string_view payload) const {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), secret_.data(), static_cast<int>(secret_.size()),
       reinterpret_cast<const unsigned char*>(payload.data()), payload.size(),
       mac, &len);
  return std::string(reinterpret_cast<char*>(mac), len);
}

std::string PageTokenCodec::Encode(
    absl::string_view parent, absl::string_view filter,
    const std::vector<std::string>& last_key) const {
  v1::PageTokenPayload p;
  p.set_parent(std::string(parent));
  p.set_filter_digest(Sha256(filter));
  for (const auto& k : last_key) p.add_last_key(k);
  std::string payload = p.SerializeAsString();
  return absl::WebSafeBase64Escape(payload + Sign(payload));
}

absl::StatusOr<std::vector<std::string>> PageTokenCodec::Decode(
    absl::string_view token, absl::string_view parent,
    absl::string_view filter) const {
  if (token.empty()) return std::vector<std::string>{};
  auto invalid = [] {
    return InvalidField("page_token",
                        "is not a token this listing returned; start again "
                        "without a page_token");
  };
  std::string raw;
  if (token.size() > 4096 || !absl::WebSafeBase64Unescape(token, &raw) ||
      raw.size() <= kMacBytes) {
    return invalid();
  }
  absl::string_view payload(raw.data(), raw.size() - kMacBytes);
  std::string expected = Sign(payload);
  if (CRYPTO_memcmp(expected.data(), raw.data() + payload.size(), kMacBytes) !=
      0) {
    return invalid();
  }
  v1::PageTokenPayload p;
  if (!p.ParseFromArray(payload.data(), static_cast<int>(payload.size()))) {
    return invalid();
  }
  if (p.parent() != parent) {
    return InvalidField("page_token", "belongs to another parent");
  }
  if (p.filter_digest() != Sha256(filter)) {
    return InvalidField("page_token",
                        "was issued for other filter values; keep the filter "
                        "unchanged while paging");
  }
  return std::vector<std::string>(p.last_key().begin(), p.last_key().end());
}

}  // namespace poles
