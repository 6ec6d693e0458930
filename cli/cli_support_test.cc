#include <pty.h>
#include <unistd.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cli/completion.h"
#include "cli/exit_code.h"
#include "cli/messages.h"
#include "cli/progress.h"
#include "cli/version.h"

namespace poles::cli {
namespace {

using ::testing::HasSubstr;

TEST(ExitCode, UnreachableOnlyWhenNoServerAnswered) {
  EXPECT_EQ(ExitCodeFor(absl::StatusCode::kOk), kExitOk);
  EXPECT_EQ(ExitCodeFor(absl::StatusCode::kUnavailable), kExitUnreachable);
  EXPECT_EQ(ExitCodeFor(absl::StatusCode::kDeadlineExceeded), kExitUnreachable);
  EXPECT_EQ(ExitCodeFor(grpc::StatusCode::UNAVAILABLE), kExitUnreachable);
  for (auto code :
       {absl::StatusCode::kInvalidArgument, absl::StatusCode::kUnauthenticated,
        absl::StatusCode::kPermissionDenied, absl::StatusCode::kNotFound,
        absl::StatusCode::kFailedPrecondition,
        absl::StatusCode::kResourceExhausted, absl::StatusCode::kInternal}) {
    EXPECT_EQ(ExitCodeFor(code), kExitRefused) << code;
  }
}

TEST(Language, FrenchFirstEnglishOnRequest) {
  EXPECT_EQ(LanguageFromEnvironment(nullptr, nullptr, nullptr),
            Language::kFrench);
  EXPECT_EQ(LanguageFromEnvironment(nullptr, nullptr, "C.UTF-8"),
            Language::kFrench);
  EXPECT_EQ(LanguageFromEnvironment(nullptr, nullptr, "fr_CA.UTF-8"),
            Language::kFrench);
  EXPECT_EQ(LanguageFromEnvironment(nullptr, nullptr, "en"),
            Language::kEnglish);
  EXPECT_EQ(LanguageFromEnvironment(nullptr, nullptr, "en_CA.UTF-8"),
            Language::kEnglish);
  // LC_ALL, then LC_MESSAGES, then LANG; an empty one is unset.
  EXPECT_EQ(LanguageFromEnvironment("fr_CA.UTF-8", "en_CA", "en_CA"),
            Language::kFrench);
  EXPECT_EQ(LanguageFromEnvironment("", "en_CA", "fr_CA"), Language::kEnglish);
  EXPECT_EQ(LanguageFromEnvironment(nullptr, "fr_CA", "en"), Language::kFrench);
}

TEST(Progress, CountsAndRate) {
  EXPECT_EQ(Progress::Line(12, 31, "éléments", 0.3), "12/31 éléments, 40/s");
  EXPECT_EQ(Progress::Line(0, 31, "éléments", 0), "0/31 éléments");
  std::FILE* f = std::tmpfile();
  {
    Progress p("plan.json", "éléments", f);
    p.Update(3, 3);
    p.Finish();
    p.Finish();
  }
  std::rewind(f);
  char buf[256] = {};
  const size_t n = std::fread(buf, 1, sizeof(buf) - 1, f);
  std::fclose(f);
  const std::string text(buf, n);
  // Not a terminal: no live line, one summary.
  EXPECT_THAT(text, ::testing::StartsWith("  plan.json : 3/3 éléments"));
  EXPECT_THAT(text, HasSubstr(" en "));
  EXPECT_EQ(text.find('\r'), std::string::npos);
  EXPECT_EQ(text.find("plan.json", 5), std::string::npos);
}

// On a terminal: the live line rewritten in place with the count and the
// rate, then the summary in its place; Clear() erases it instead.
TEST(Progress, LiveLineOnATerminal) {
  int master = -1, slave = -1;
  ASSERT_EQ(openpty(&master, &slave, nullptr, nullptr, nullptr), 0);
  std::FILE* tty = fdopen(slave, "w");
  ASSERT_NE(tty, nullptr);
  {
    Progress p("orgs.csv", "rows", tty);
    p.Update(500, 1000);
    p.Update(1000, 1000);
    p.Finish();
  }
  {
    Progress p("dry.csv", "rows", tty);
    p.Update(1, 2);
    p.Clear();
    p.Finish();  // nothing after Clear
  }
  std::fclose(tty);
  std::string text;
  char buf[512];
  ssize_t n;
  while ((n = read(master, buf, sizeof buf)) > 0) text.append(buf, n);
  close(master);
  EXPECT_THAT(text, HasSubstr("\r  orgs.csv : 500/1000 rows"));
  EXPECT_THAT(text, HasSubstr("\r  orgs.csv : 1000/1000 rows"));
  EXPECT_THAT(text, ::testing::MatchesRegex(
                        ".*orgs\\.csv : 1000/1000 rows(, [0-9]+/s)? (en|in) "
                        "[0-9.]+ s.*"));
  EXPECT_THAT(text, HasSubstr("\r  dry.csv : 1/2 rows"));
  EXPECT_THAT(text, ::testing::EndsWith("\r\033[K"));  // erased, no summary
}

TEST(Version, NamesTheApiPackage) {
  EXPECT_EQ(ApiVersion(), "poles.v1");
  EXPECT_EQ(VersionText(),
            std::string("polesctl ") + kPolesctlVersion + " (API poles.v1)");
}

TEST(Completion, OffersEachLevelsSubcommandsAndOptions) {
  CLI::App app{"test"};
  std::string server, file;
  bool json = false;
  app.add_option("--server", server);
  auto* plans = app.add_subcommand("plans");
  auto* show = plans->add_subcommand("show");
  show->add_option("name", file);
  show->add_flag("--json", json);
  plans->add_subcommand("list");
  const std::string script = BashCompletion(app, "poles-ctl");
  EXPECT_THAT(script, HasSubstr("complete -o default -F _poles_ctl poles-ctl"));
  EXPECT_THAT(script, HasSubstr("\"\") words=\"plans --help --server\""));
  EXPECT_THAT(script, HasSubstr("\" plans\") words=\"show list --help\""));
  EXPECT_THAT(script, HasSubstr("\" plans show\") words=\"--help --json\""));
  EXPECT_THAT(script, HasSubstr("\" plans\"|\" plans show\"|\" plans list\""));
  // After an option that takes a value, bash's own (file) completion.
  EXPECT_THAT(script, HasSubstr("    --server) return ;;"));  // not --json
}

}  // namespace
}  // namespace poles::cli
