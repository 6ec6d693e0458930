#ifndef POLES_BASE_RANDOM_H_
#define POLES_BASE_RANDOM_H_

#include <string>

namespace poles {

// `bytes` random bytes from OpenSSL's CSPRNG (RAND_bytes) as 2 * `bytes`
// lowercase hex digits: resource ids, API key ids and secrets, database
// passwords, page-token secrets. Thread-safe. Aborts if OpenSSL has no
// entropy (nothing safe can be done without it).
std::string RandomHex(int bytes);

}  // namespace poles

#endif  // POLES_BASE_RANDOM_H_
