#include "base/logging.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "base/log_capture.h"

namespace poles::logging {
namespace {

using ::testing::HasSubstr;
using ::testing::SizeIs;

TEST(ParseLevel, KnowsTheNamesAndRefusesOthers) {
  EXPECT_EQ(*ParseLevel("debug"), spdlog::level::debug);
  EXPECT_EQ(*ParseLevel("WARN"), spdlog::level::warn);
  EXPECT_EQ(*ParseLevel("warning"), spdlog::level::warn);
  EXPECT_EQ(*ParseLevel("off"), spdlog::level::off);
  EXPECT_EQ(ParseLevel("verbose").status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(Log, WritesOneJsonObjectPerLine) {
  LogCapture capture;
  Log(spdlog::level::warn, "test_event",
      {{"quote", "a \"b\"\n\\c"}, {"count", 3}, {"bad_utf8", "\xff\xfe"}});
  auto lines = capture.Lines();
  ASSERT_THAT(lines, SizeIs(1));
  auto line = nlohmann::json::parse(lines[0]);
  EXPECT_EQ(line["level"], "warning");
  EXPECT_EQ(line["event"], "test_event");
  EXPECT_EQ(line["quote"], "a \"b\"\n\\c");
  EXPECT_EQ(line["count"], 3);
  EXPECT_TRUE(line["bad_utf8"].is_string());
  EXPECT_THAT(line["time"].get<std::string>(), HasSubstr("T"));
  EXPECT_EQ(line["time"].get<std::string>().back(), 'Z');
}

TEST(Log, DropsLinesBelowTheLevel) {
  LogCapture capture;
  SetLevel(spdlog::level::warn);
  Log(spdlog::level::info, "dropped");
  EXPECT_FALSE(Enabled(spdlog::level::info));
  SetLevel(spdlog::level::info);
  Log(spdlog::level::info, "kept");
  auto lines = capture.Lines();
  ASSERT_THAT(lines, SizeIs(1));
  EXPECT_EQ(nlohmann::json::parse(lines[0])["event"], "kept");
}

}  // namespace
}  // namespace poles::logging
