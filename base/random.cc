#include "base/random.h"

#include <cstdlib>

#include <openssl/rand.h>

#include "absl/strings/escaping.h"

namespace poles {

std::string RandomHex(int bytes) {
  std::string buf(static_cast<size_t>(bytes), '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(buf.data()), bytes) != 1) {
    std::abort();
  }
  return absl::BytesToHexString(buf);
}

}  // namespace poles
