#include "services/common/password.h"

#include <vector>

#include <argon2.h>
#include <openssl/rand.h>

#include "services/common/errors.h"

namespace poles {

namespace {
constexpr size_t kSaltBytes = 16;
constexpr size_t kTagBytes = 32;
}  // namespace

absl::StatusOr<std::string> HashPassword(absl::string_view password) {
  unsigned char salt[kSaltBytes];
  if (RAND_bytes(salt, sizeof salt) != 1) {
    return absl::InternalError("no random bytes for a salt");
  }
  const size_t length =
      argon2_encodedlen(kArgon2TimeCost, kArgon2MemoryKiB, kArgon2Lanes,
                        kSaltBytes, kTagBytes, Argon2_id);
  std::vector<char> encoded(length);
  const int rc =
      argon2id_hash_encoded(kArgon2TimeCost, kArgon2MemoryKiB, kArgon2Lanes,
                            password.data(), password.size(), salt, sizeof salt,
                            kTagBytes, encoded.data(), encoded.size());
  if (rc != ARGON2_OK) {
    return absl::InternalError(std::string("argon2id: ") +
                               argon2_error_message(rc));
  }
  return std::string(encoded.data());
}

bool VerifyPassword(absl::string_view encoded, absl::string_view password) {
  if (encoded.rfind("$argon2id$", 0) != 0) return false;
  const std::string z(encoded);
  return argon2id_verify(z.c_str(), password.data(), password.size()) ==
         ARGON2_OK;
}

absl::Status CheckNewPassword(absl::string_view field,
                              absl::string_view password) {
  if (password.size() < 10 || password.size() > 256) {
    return InvalidField(field, "must be 10 to 256 bytes long");
  }
  return absl::OkStatus();
}

}  // namespace poles
