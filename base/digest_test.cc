#include "base/digest.h"

#include <gtest/gtest.h>

#include "absl/strings/escaping.h"

namespace poles {
namespace {

// FIPS 180-2 test vectors.
TEST(Sha256Test, MatchesTheStandardVectors) {
  EXPECT_EQ(absl::BytesToHexString(Sha256("abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(absl::BytesToHexString(Sha256("")),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(absl::BytesToHexString(Sha256(
                "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST(Sha256Test, HexIsTheLowercaseDigest) {
  EXPECT_EQ(Sha256Hex("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(Sha256Hex("abc"), absl::BytesToHexString(Sha256("abc")));
}

TEST(Sha256Test, HashesBytesNotCStrings) {
  std::string with_nul("a\0b", 3);
  EXPECT_NE(Sha256(with_nul), Sha256("a"));
  EXPECT_EQ(Sha256(with_nul).size(), 32u);
}

}  // namespace
}  // namespace poles
