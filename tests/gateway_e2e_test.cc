// poles-server and poles-gateway as real processes: a national table read
// while the poles-server process is killed in the middle of it. The gateway
// answers within the read's deadline, with the tenants it could not reach
// listed as unreachable and totals marked partial, never summed as zero.
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <thread>

#include <sys/wait.h>

#include "poles/v1/national.grpc.pb.h"
#include "tests/child_process.h"
#include "tests/test_env.h"

namespace poles::testing {
namespace {

using Clock = std::chrono::system_clock;

std::string TempPath(const std::string& name) {
  return ::testing::TempDir() + "/" + name + "-" + std::to_string(getpid());
}

// How many summary calls the server's log records as answered so far.
int SummaryCallsLogged(const std::string& log) {
  std::ifstream in(log);
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    if (line.find("\"event\":\"rpc\"") != std::string::npos &&
        line.find("/Summarize") != std::string::npos) {
      ++n;
    }
  }
  return n;
}

TEST(GatewayEndToEndTest, KillingTheServerMidReadLeavesTenantsUnreachable) {
  constexpr int kTenants = 120;
  for (int i = 0; i < kTenants; ++i) NewTenant("gwe2e");

  const std::string server_log = TempPath("server.log");
  Process server(
      {POLES_SERVER_BIN, "--listen", "127.0.0.1:0", "--database-url", AppUrl(),
       "--admin-database-url", AdminUrl(), "--page-token-secret",
       std::string(32, 'p'), "--pool-size", "2"},
      server_log);
  const int server_port = server.PortOf("server_started");
  ASSERT_GT(server_port, 0);

  const std::string key_file = TempPath("service.key");
  {
    std::ofstream out(key_file);
    out << ServiceKey() << "\n";
  }
  Process gateway(
      {POLES_GATEWAY_BIN, "--listen", "127.0.0.1:0", "--server",
       "127.0.0.1:" + std::to_string(server_port), "--service-key-file",
       key_file, "--max-in-flight", "1", "--http-listen", "127.0.0.1:0",
       // Keys stay verified through the test; tenants and labels are
       // reloaded on every read, so the read below with the server down
       // runs on the copy kept when the reload fails.
       "--auth-cache-ttl-ms", "600000", "--reference-cache-ttl-ms", "1"},
      TempPath("gateway.log"));
  const int gateway_port = gateway.PortOf("gateway_started");
  ASSERT_GT(gateway_port, 0);
  auto stub = v1::NationalService::NewStub(
      grpc::CreateChannel("127.0.0.1:" + std::to_string(gateway_port),
                          grpc::InsecureChannelCredentials()));
  const std::string national = PlatformKey("national");
  v1::GetNationalTableRequest request;
  request.set_fiscal_year("2017-2018");

  // A first read with every backend up: nobody unreachable.
  {
    v1::NationalTable table;
    auto s = stub->GetNationalTable(Ctx(national).get(), request, &table);
    ASSERT_TRUE(s.ok()) << s.error_message();
    EXPECT_EQ(table.unreachable_size(), 0);
    EXPECT_GE(table.rows_size(), kTenants);
  }

  // One call at a time over every tenant and service: the read is under way
  // when the server dies.
  // The log is written asynchronously: the first read's lines are all in
  // once the count stops moving.
  int summaries_before = SummaryCallsLogged(server_log);
  for (int i = 0; i < 100; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    const int now = SummaryCallsLogged(server_log);
    if (now == summaries_before) break;
    summaries_before = now;
  }
  const auto deadline = Clock::now() + std::chrono::seconds(10);
  grpc::ClientContext context;
  context.set_deadline(deadline);
  context.AddMetadata("authorization", "Bearer " + national);
  v1::NationalTable table;
  grpc::Status status;
  Clock::time_point answered;
  std::thread reader([&] {
    status = stub->GetNationalTable(&context, request, &table);
    answered = Clock::now();
  });
  // The server dies once it has answered a couple of tenants' summary calls
  // (its log's rpc lines), not after a fixed sleep: on a loaded machine the
  // gateway's reload of the tenants alone can outlast one.
  const auto until = Clock::now() + std::chrono::seconds(5);
  while (SummaryCallsLogged(server_log) < summaries_before + 20 &&
         Clock::now() < until) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  const auto killed = Clock::now();
  server.Kill();
  reader.join();

  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_LT(answered, deadline);
  EXPECT_GT(answered, killed);
  EXPECT_GT(table.unreachable_size(), 0);
  int unreachable_rows = 0, answered_rows = 0;
  for (const auto& row : table.rows()) {
    if (row.state() == v1::NationalTableRow::UNREACHABLE) {
      ++unreachable_rows;
      for (const auto& cell : row.cells()) {
        if (cell.source() == v1::CELL_SOURCE_UNREACHABLE) {
          EXPECT_EQ(cell.display(), "injoignable");
        }
      }
    } else {
      ++answered_rows;
    }
  }
  EXPECT_GT(unreachable_rows, 0);
  EXPECT_GT(answered_rows, 0) << "the server died before the read began";
  bool some_partial = false;
  for (const auto& total : table.totals()) {
    some_partial |= total.partial();
    EXPECT_LT(total.tenant_count(), table.rows_size());
  }
  EXPECT_TRUE(some_partial);

  // With the server already down: the tenants kept from the last reload,
  // every one of them unreachable, every total partial, within the deadline.
  {
    grpc::ClientContext down_context;
    const auto down_deadline = Clock::now() + std::chrono::seconds(10);
    down_context.set_deadline(down_deadline);
    down_context.AddMetadata("authorization", "Bearer " + national);
    v1::NationalTable down;
    auto s = stub->GetNationalTable(&down_context, request, &down);
    ASSERT_TRUE(s.ok()) << s.error_message();
    EXPECT_LT(Clock::now(), down_deadline);
    EXPECT_GE(down.rows_size(), kTenants);
    for (const auto& row : down.rows()) {
      EXPECT_EQ(row.state(), v1::NationalTableRow::UNREACHABLE) << row.tenant();
    }
    for (const auto& total : down.totals()) {
      EXPECT_TRUE(total.partial()) << total.indicator();
      EXPECT_EQ(total.tenant_count(), 0) << total.indicator();
    }
  }
  // A key the gateway has not verified yet cannot be checked while the
  // server holding AdminService is away: refused as UNAVAILABLE (fail
  // closed), not let through and not reported as a bad key.
  {
    v1::NationalTable refused;
    auto s = stub->GetNationalTable(Ctx(PlatformKey("national")).get(), request,
                                    &refused);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAVAILABLE)
        << s.error_message();
  }

  const int exit_status = gateway.Stop();
  EXPECT_TRUE(WIFEXITED(exit_status) && WEXITSTATUS(exit_status) == 0);
}

}  // namespace
}  // namespace poles::testing
