#include "services/common/standard_methods.h"

#include <string>

#include "gtest/gtest.h"
#include "services/common/validation.h"

namespace poles {
namespace {

TEST(MaskPathsTest, AcceptsAllowedAndSkipsOutputOnlyPaths) {
  google::protobuf::FieldMask mask;
  mask.add_paths("display_name");
  mask.add_paths("update_time");
  auto paths = MaskPaths(mask, {"display_name", "mrc"}, {"update_time"});
  ASSERT_TRUE(paths.ok()) << paths.status();
  EXPECT_EQ(*paths, std::vector<std::string>{"display_name"});
}

// Found by fuzz/update_mask_fuzz: the refusal quotes the first 64 bytes of
// the path, which cut "é" in two, and the invalid UTF-8 then failed to
// serialize into the status details.
TEST(MaskPathsTest, QuotesALongPathWithoutCuttingACharacter) {
  google::protobuf::FieldMask mask;
  mask.add_paths(std::string(63, 'a') + "é");
  auto paths = MaskPaths(mask, {"display_name"}, {});
  ASSERT_EQ(paths.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(IsValidUtf8(paths.status().message()));
  EXPECT_NE(paths.status().message().find(std::string(63, 'a') + "\""),
            std::string::npos);
}

}  // namespace
}  // namespace poles
