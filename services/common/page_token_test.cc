#include "services/common/page_token.h"

#include <gtest/gtest.h>

#include "absl/strings/escaping.h"
#include "services/common/errors.h"

namespace poles {
namespace {

const PageTokenCodec kCodec(std::string(32, 'k'));

TEST(PageTokenTest, RoundTrips) {
  std::string t = kCodec.Encode("tenants/ab", "draft", {"p-9", "x"});
  auto key = kCodec.Decode(t, "tenants/ab", "draft");
  ASSERT_TRUE(key.ok()) << key.status();
  EXPECT_EQ(*key, (std::vector<std::string>{"p-9", "x"}));
}

TEST(PageTokenTest, EmptyTokenIsTheFirstPage) {
  auto key = kCodec.Decode("", "tenants/ab", "");
  ASSERT_TRUE(key.ok());
  EXPECT_TRUE(key->empty());
}

void ExpectRejected(const absl::StatusOr<std::vector<std::string>>& r) {
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(FieldViolationsOf(r.status())[0].field, "page_token");
}

TEST(PageTokenTest, IsBoundToParentAndFilter) {
  std::string t = kCodec.Encode("tenants/ab", "draft", {"p"});
  ExpectRejected(kCodec.Decode(t, "tenants/cd", "draft"));
  ExpectRejected(kCodec.Decode(t, "tenants/ab", "adopted"));
}

TEST(PageTokenTest, DetectsTampering) {
  std::string t = kCodec.Encode("tenants/ab", "", {"p"});
  std::string raw;
  ASSERT_TRUE(absl::WebSafeBase64Unescape(t, &raw));
  for (size_t i = 0; i < raw.size(); ++i) {
    std::string changed = raw;
    changed[i] ^= 0x01;
    ExpectRejected(
        kCodec.Decode(absl::WebSafeBase64Escape(changed), "tenants/ab", ""));
  }
  ExpectRejected(kCodec.Decode("not a token!", "tenants/ab", ""));
  ExpectRejected(kCodec.Decode("AAAA", "tenants/ab", ""));
  PageTokenCodec other(std::string(32, 'o'));
  ExpectRejected(other.Decode(t, "tenants/ab", ""));
}

}  // namespace
}  // namespace poles
