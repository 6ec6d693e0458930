#include "base/digest.h"

#include <cstdlib>

#include <openssl/evp.h>

#include "absl/strings/escaping.h"

namespace poles {

namespace {

const EVP_MD* FetchedSha256() {
  static const EVP_MD* md = [] {
    EVP_MD* fetched = EVP_MD_fetch(nullptr, "SHA256", nullptr);
    // Without the default provider nothing here can be trusted.
    if (fetched == nullptr) std::abort();
    return fetched;
  }();
  return md;
}

}  // namespace

std::string Sha256(absl::string_view data) {
  unsigned char d[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (EVP_Digest(data.data(), data.size(), d, &len, FetchedSha256(), nullptr) !=
      1) {
    std::abort();
  }
  return std::string(reinterpret_cast<char*>(d), len);
}

std::string Sha256Hex(absl::string_view data) {
  return absl::BytesToHexString(Sha256(data));
}

}  // namespace poles
