#ifndef POLES_SERVICES_COMMON_PASSWORD_H_
#define POLES_SERVICES_COMMON_PASSWORD_H_

// Account passwords, hashed with Argon2id (Debian's libargon2, the reference
// implementation). The parameters are OWASP's first recommendation for
// Argon2id: 19 MiB of memory (m=19456 KiB), 2 passes (t=2), one lane (p=1),
// a 16-byte random salt and a 32-byte tag, stored in the PHC string
// encoding ("$argon2id$v=19$m=19456,t=2,p=1$<salt>$<tag>"), which carries
// them: a hash made with other parameters still verifies. One hash takes
// about 30-60 ms of one core here.

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace poles {

inline constexpr uint32_t kArgon2TimeCost = 2;
inline constexpr uint32_t kArgon2MemoryKiB = 19456;
inline constexpr uint32_t kArgon2Lanes = 1;

// The PHC encoding of `password` under a fresh salt. INTERNAL if libargon2
// fails (memory).
absl::StatusOr<std::string> HashPassword(absl::string_view password);

// True when `password` matches `encoded` (an Argon2id PHC string); false for
// a mismatch or anything that is not such a string. Constant-time in the
// tag comparison (libargon2's).
bool VerifyPassword(absl::string_view encoded, absl::string_view password);

// The rule for a new password: 10 to 256 bytes. INVALID_ARGUMENT naming
// `field` otherwise.
absl::Status CheckNewPassword(absl::string_view field,
                              absl::string_view password);

}  // namespace poles

#endif  // POLES_SERVICES_COMMON_PASSWORD_H_
