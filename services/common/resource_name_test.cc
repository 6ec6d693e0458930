#include "services/common/resource_name.h"

#include <gtest/gtest.h>

#include "services/common/errors.h"

namespace poles {
namespace {

TEST(ResourceNameTest, ParsesNestedNames) {
  auto ids = ParseResourceName(
      "name", "tenants/centre-du-quebec/plans/p-2018/items/1-3-2",
      {"tenants", "plans", "items"});
  ASSERT_TRUE(ids.ok()) << ids.status();
  EXPECT_EQ(*ids,
            (std::vector<std::string>{"centre-du-quebec", "p-2018", "1-3-2"}));
  EXPECT_EQ(FormatResourceName({"tenants", "plans"}, {"a1", "b"}),
            "tenants/a1/plans/b");
}

TEST(ResourceNameTest, RejectsMalformedNamesNamingTheField) {
  const char* bad[] = {
      "",
      "tenants",
      "tenants/",
      "tenants/x/plans/p",       // slug too short
      "tenants/Centre/plans/p",  // upper case
      "tenants/centre--quebec/plans/p",
      "tenants/centre-/plans/p",
      "tenants/centre/plans/",
      "tenants/centre/plans/p/extra",
      "tenants/centre/plan/p",
      "tenants/centre/plans/P",
      "tenants/centre/plans/-p",
      "tenants/centre/plans/é",
      "tenants/centre/plans/p%2F",
      "/tenants/centre/plans/p",
      "tenants/centre/plans/p/",
  };
  for (const char* name : bad) {
    auto r = ParseResourceName("plan.name", name, {"tenants", "plans"});
    ASSERT_FALSE(r.ok()) << name;
    EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument) << name;
    ASSERT_FALSE(FieldViolationsOf(r.status()).empty()) << name;
    EXPECT_EQ(FieldViolationsOf(r.status())[0].field, "plan.name");
  }
}

TEST(ResourceNameTest, WildcardOnlyWhereAllowed) {
  EXPECT_TRUE(ParseResourceName("parent", "tenants/ab/plans/p/items/-",
                                {"tenants", "plans", "items"}, true)
                  .ok());
  EXPECT_FALSE(ParseResourceName("parent", "tenants/ab/plans/p/items/-",
                                 {"tenants", "plans", "items"}, false)
                   .ok());
  EXPECT_FALSE(ParseResourceName("parent", "tenants/ab/plans/-/items/x",
                                 {"tenants", "plans", "items"}, true)
                   .ok());
}

}  // namespace
}  // namespace poles
