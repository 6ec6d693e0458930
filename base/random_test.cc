#include "base/random.h"

#include <set>

#include <gtest/gtest.h>

#include "absl/strings/ascii.h"

namespace poles {
namespace {

TEST(RandomHexTest, GivesTwoLowercaseHexDigitsPerByte) {
  for (int bytes : {0, 1, 6, 24, 32}) {
    const std::string hex = RandomHex(bytes);
    EXPECT_EQ(hex.size(), static_cast<size_t>(2 * bytes));
    for (char c : hex) {
      EXPECT_TRUE(absl::ascii_isdigit(c) || (c >= 'a' && c <= 'f')) << hex;
    }
  }
}

TEST(RandomHexTest, DoesNotRepeat) {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) seen.insert(RandomHex(16));
  EXPECT_EQ(seen.size(), 1000u);
}

}  // namespace
}  // namespace poles
