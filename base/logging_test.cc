#include "base/logging.h"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/str_split.h"
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

TEST(Log, EveryLineReachesStderrByFlush) {
  ::testing::internal::CaptureStderr();
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([t] {
      for (int i = 0; i < 500; ++i) {
        Log(spdlog::level::info, "stderr_line", {{"thread", t}, {"i", i}});
      }
    });
  }
  for (auto& t : threads) t.join();
  Flush();
  const std::string out = ::testing::internal::GetCapturedStderr();
  int lines = 0;
  for (absl::string_view line : absl::StrSplit(out, '\n', absl::SkipEmpty())) {
    auto json = nlohmann::json::parse(line);
    if (json["event"] == "stderr_line") ++lines;
  }
  EXPECT_EQ(lines, 2000);
}

// A stderr nobody reads must not hold up the threads that log: lines are
// dropped, and the next Flush says how many.
TEST(Log, AStuckStderrDropsLinesInsteadOfBlocking) {
  signal(SIGPIPE, SIG_IGN);
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  const int saved = dup(STDERR_FILENO);
  ASSERT_GE(saved, 0);
  dup2(fds[1], STDERR_FILENO);
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < 50000; ++i) {
    Log(spdlog::level::info, "stuck_line", {{"i", i}});
  }
  const auto took = std::chrono::steady_clock::now() - start;
  EXPECT_LT(took, std::chrono::seconds(10));
  // The writer is blocked in write(2) on the full pipe. Capture what it
  // writes next, then close the pipe's read end: that write fails (EPIPE)
  // and the writer goes on with the queue.
  ::testing::internal::CaptureStderr();
  close(fds[0]);
  Flush();
  const std::string out = ::testing::internal::GetCapturedStderr();
  dup2(saved, STDERR_FILENO);
  close(saved);
  close(fds[1]);
  EXPECT_THAT(out, HasSubstr("\"event\":\"log_lines_dropped\""));
}

}  // namespace
}  // namespace poles::logging
