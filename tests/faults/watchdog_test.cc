// storage::WorkerPool's watchdog: a task blocked on a database connection
// that went silent (the TCP proxy black-holes it) fails as a broken
// connection shortly after its deadline, and the worker's next task
// connects afresh and succeeds.
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <future>

#include <gtest/gtest.h>
#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "storage/embedded_postgres.h"
#include "storage/sql_error.h"
#include "storage/worker_pool.h"
#include "tests/faults/tcp_proxy.h"

namespace poles::testing {
namespace {

using Clock = std::chrono::system_clock;

TEST(WorkerPoolWatchdogTest, CutsATaskBlockedOnASilentConnection) {
  char tmpl[] = "/tmp/poles-watchdog-XXXXXX";
  ASSERT_NE(mkdtemp(tmpl), nullptr);
  storage::EmbeddedPostgresOptions options;
  options.data_dir = tmpl;
  options.unsafe_fast = true;
  auto pg = storage::EmbeddedPostgres::Start(options);
  ASSERT_TRUE(pg.ok()) << pg.status();
  auto urls = (*pg)->Bootstrap();
  ASSERT_TRUE(urls.ok()) << urls.status();
  TcpProxy proxy((*pg)->port());
  const std::string url = absl::StrReplaceAll(
      urls->app_url, {{absl::StrCat(":", (*pg)->port(), "/"),
                       absl::StrCat(":", proxy.port(), "/")}});

  storage::WorkerPool pool(url, 1, 10);
  auto select_one = [&](std::chrono::milliseconds deadline) {
    auto done = std::make_shared<std::promise<absl::Status>>();
    auto result = done->get_future();
    pool.Submit(Clock::now() + deadline,
                [done](storage::Session& session, bool expired) {
                  absl::Status s = session.EnsureConnected();
                  if (s.ok()) {
                    try {
                      pqxx::work w(session.connection());
                      w.exec("SELECT 1");
                      w.commit();
                    } catch (const std::exception& e) {
                      session.Reset();
                      s = storage::StatusFromException(e, "watchdog_test");
                    }
                  }
                  done->set_value(s);
                });
    return result;
  };
  ASSERT_TRUE(select_one(std::chrono::seconds(5)).get().ok());

  proxy.BlackHole();
  const auto start = Clock::now();
  absl::Status cut = select_one(std::chrono::milliseconds(500)).get();
  const auto took = Clock::now() - start;
  EXPECT_EQ(cut.code(), absl::StatusCode::kUnavailable) << cut;
  EXPECT_LT(took, std::chrono::milliseconds(500) +
                      storage::WorkerPool::kInterruptGrace +
                      std::chrono::seconds(1));
  EXPECT_EQ(pool.interrupted(), 1);

  EXPECT_TRUE(select_one(std::chrono::seconds(5)).get().ok());
  std::error_code ec;
  pg->reset();
  std::filesystem::remove_all(tmpl, ec);
}

}  // namespace
}  // namespace poles::testing
