// Two poles-server replicas and one poles-gateway as real processes on one
// PostgreSQL: the gateway spreads its calls over both replicas (a list of
// targets, round robin); writes through a round-robin client lose no
// acknowledged write when a replica is killed mid-run, and the next calls go
// to the other; a revoked key is refused by both within the auth cache TTL;
// a server hosting only plans computes its results through another hosting
// events (--services-target).
#include <httplib.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "absl/strings/str_cat.h"
#include "base/random.h"
#include "poles/v1/national.grpc.pb.h"
#include "services/common/transport.h"
#include "tests/child_process.h"
#include "tests/test_env.h"

namespace poles::testing {
namespace {

using Clock = std::chrono::steady_clock;
constexpr int kAuthTtlMs = 1000;

std::string TempPath(const std::string& name) {
  return ::testing::TempDir() + "/" + name + "-" + std::to_string(getpid());
}

std::string Local(int port) { return "127.0.0.1:" + std::to_string(port); }

// A poles-server process on the test cluster.
std::unique_ptr<Process> StartReplica(const std::string& name,
                                      std::vector<std::string> extra = {}) {
  std::vector<std::string> argv = {POLES_SERVER_BIN,
                                   "--listen",
                                   "127.0.0.1:0",
                                   "--database-url",
                                   AppUrl(),
                                   "--admin-database-url",
                                   AdminUrl(),
                                   "--page-token-secret",
                                   std::string(32, 'p'),
                                   "--pool-size",
                                   "2",
                                   "--auth-cache-ttl-ms",
                                   std::to_string(kAuthTtlMs)};
  argv.insert(argv.end(), extra.begin(), extra.end());
  return std::make_unique<Process>(argv, TempPath(name + ".log"));
}

std::shared_ptr<grpc::Channel> RoundRobin(const std::string& targets) {
  auto channel = transport::CreateChannel("--server", targets, {});
  EXPECT_TRUE(channel.ok()) << channel.status();
  return *channel;
}

// Both replicas' channels connected (round robin starts picking only READY
// subchannels, so a call right after start-up may all go to the first).
void WaitConnected(const std::shared_ptr<grpc::Channel>& channel) {
  EXPECT_TRUE(channel->WaitForConnected(std::chrono::system_clock::now() +
                                        std::chrono::seconds(10)));
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
}

grpc::Status CreateEvent(v1::EventsService::Stub& events, const TestTenant& t,
                         const std::string& id) {
  v1::CreateEventRequest r;
  r.set_parent(t.parent());
  r.set_event_id(id);
  v1::Event* e = r.mutable_event();
  e->set_title("Rencontre " + id);
  e->set_kind(v1::Event::NETWORKING);
  e->set_organised(true);
  e->mutable_start_time()->set_seconds(1507118400);
  e->mutable_end_time()->set_seconds(1507118400 + 7200);
  v1::Event out;
  auto ctx = Ctx(t.editor_key);
  ctx->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
  return events.CreateEvent(ctx.get(), r, &out);
}

class ScaleOutTest : public ::testing::Test {
 protected:
  void SetUp() override {
    a_ = StartReplica("replica-a");
    b_ = StartReplica("replica-b");
    port_a_ = a_->PortOf("server_started");
    port_b_ = b_->PortOf("server_started");
    ASSERT_GT(port_a_, 0);
    ASSERT_GT(port_b_, 0);
    targets_ = Local(port_a_) + "," + Local(port_b_);
  }

  std::unique_ptr<Process> a_, b_;
  int port_a_ = 0, port_b_ = 0;
  std::string targets_;
};

TEST_F(ScaleOutTest, GatewaySpreadsItsCallsOverBothReplicas) {
  for (int i = 0; i < 6; ++i) NewTenant("scale");
  const std::string key_file = TempPath("service.key");
  {
    std::ofstream out(key_file);
    out << ServiceKey() << "\n";
  }
  Process gateway(
      {POLES_GATEWAY_BIN, "--listen", "127.0.0.1:0", "--server", targets_,
       "--service-key-file", key_file, "--http-listen", ""},
      TempPath("scale-gateway.log"));
  const int gateway_port = gateway.PortOf("gateway_started");
  ASSERT_GT(gateway_port, 0);
  auto stub = v1::NationalService::NewStub(grpc::CreateChannel(
      Local(gateway_port), grpc::InsecureChannelCredentials()));
  const std::string national = PlatformKey("national");
  v1::GetNationalTableRequest request;
  request.set_fiscal_year("2017-2018");
  for (int i = 0; i < 4; ++i) {
    v1::NationalTable table;
    auto s = stub->GetNationalTable(Ctx(national).get(), request, &table);
    ASSERT_TRUE(s.ok()) << s.error_message();
    EXPECT_EQ(table.unreachable_size(), 0);
  }
  const int on_a = a_->CountLinesAbove("Service/Summarize", 0);
  const int on_b = b_->CountLinesAbove("Service/Summarize", 0);
  EXPECT_GT(on_a, 0);
  EXPECT_GT(on_b, 0);
  // Round robin: neither replica takes more than three quarters.
  EXPECT_LT(on_a, 3 * on_b);
  EXPECT_LT(on_b, 3 * on_a);
  RecordProperty("summarize_calls_a", on_a);
  RecordProperty("summarize_calls_b", on_b);
}

// Four writers through one round-robin channel; replica A is killed while
// they run. Every acknowledged write is read back from B, and writes begun
// a moment after the kill all succeed (they go to B).
TEST_F(ScaleOutTest, KillingAReplicaLosesNoAcknowledgedWrite) {
  TestTenant t = NewTenant("scalew");
  auto channel = RoundRobin(targets_);
  WaitConnected(channel);
  struct Outcome {
    std::string id;
    Clock::time_point started;
    bool ok;
  };
  constexpr int kWriters = 4;
  std::vector<std::vector<Outcome>> outcomes(kWriters);
  std::atomic<bool> stop{false};
  std::vector<std::thread> writers;
  for (int w = 0; w < kWriters; ++w) {
    writers.emplace_back([&, w] {
      auto events = v1::EventsService::NewStub(channel);
      for (int i = 0; !stop; ++i) {
        const std::string id =
            "w" + std::to_string(w) + "-" + std::to_string(i);
        const auto started = Clock::now();
        outcomes[w].push_back({id, started, CreateEvent(*events, t, id).ok()});
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(800));
  const int on_b_before = b_->CountLines("EventsService/CreateEvent\"");
  a_->Kill();
  const auto killed = Clock::now();
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  stop = true;
  for (auto& w : writers) w.join();

  EXPECT_GT(a_->CountLines("EventsService/CreateEvent\""), 0);
  EXPECT_GT(b_->CountLinesAbove("EventsService/CreateEvent\"", on_b_before),
            on_b_before);
  auto survivor = v1::EventsService::NewStub(RoundRobin(Local(port_b_)));
  int acknowledged = 0, failed = 0, after_kill = 0;
  for (const auto& writer : outcomes) {
    for (const auto& o : writer) {
      if (o.started > killed + std::chrono::milliseconds(500)) {
        ++after_kill;
        EXPECT_TRUE(o.ok) << o.id << " began after the kill and failed";
      }
      if (!o.ok) {
        ++failed;
        continue;
      }
      ++acknowledged;
      v1::GetEventRequest r;
      r.set_name(t.parent() + "/events/" + o.id);
      v1::Event out;
      EXPECT_THAT(S(survivor->GetEvent(Ctx(t.viewer_key).get(), r, &out)),
                  IsOk())
          << o.id << " was acknowledged";
    }
  }
  EXPECT_GT(after_kill, 0);
  // Only the calls in flight on A when it died fail, and at most one more
  // per writer picked A before the channel saw it go.
  EXPECT_LE(failed, 2 * kWriters);
  RecordProperty("acknowledged_writes", acknowledged);
  RecordProperty("failed_writes", failed);
}

TEST_F(ScaleOutTest, RevocationReachesBothReplicasWithinTheCacheTtl) {
  TestTenant t = NewTenant("scalek");
  auto admin = v1::AdminService::NewStub(RoundRobin(Local(port_a_)));
  v1::CreateApiKeyRequest create;
  create.set_parent(t.parent());
  create.mutable_api_key()->set_role(v1::ROLE_VIEWER);
  v1::CreateApiKeyResponse key;
  ASSERT_THAT(S(admin->CreateApiKey(Ctx(AdminKey()).get(), create, &key)),
              IsOk());
  std::vector<std::unique_ptr<v1::EventsService::Stub>> replicas;
  replicas.push_back(v1::EventsService::NewStub(RoundRobin(Local(port_a_))));
  replicas.push_back(v1::EventsService::NewStub(RoundRobin(Local(port_b_))));
  auto list = [&](v1::EventsService::Stub& stub) {
    v1::ListEventsRequest r;
    r.set_parent(t.parent());
    v1::ListEventsResponse out;
    return stub.ListEvents(Ctx(key.key()).get(), r, &out);
  };
  for (auto& stub : replicas) ASSERT_THAT(S(list(*stub)), IsOk());

  v1::RevokeApiKeyRequest revoke;
  revoke.set_name(key.api_key().name());
  v1::ApiKey revoked;
  ASSERT_THAT(S(admin->RevokeApiKey(Ctx(AdminKey()).get(), revoke, &revoked)),
              IsOk());
  const auto start = Clock::now();
  for (auto& stub : replicas) {
    grpc::Status s;
    while ((s = list(*stub)).ok() &&
           Clock::now() - start < std::chrono::milliseconds(3 * kAuthTtlMs)) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAUTHENTICATED)
        << s.error_message();
  }
  const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(
      Clock::now() - start);
  // The TTL plus the polling step and a call's time.
  EXPECT_LE(took.count(), kAuthTtlMs + 500);
}

// plans alone in one process, events in another: the computed results are
// read through --services-target.
TEST_F(ScaleOutTest, PlansComputeThroughAnotherProcessesEvents) {
  auto plans_only = StartReplica(
      "plans-only", {"--services", "plans", "--services-target", targets_});
  const int plans_port = plans_only->PortOf("server_started");
  ASSERT_GT(plans_port, 0);
  TestTenant t = NewTenant("scalep");
  auto plans = v1::PlansService::NewStub(RoundRobin(Local(plans_port)));
  auto events = v1::EventsService::NewStub(RoundRobin(targets_));
  v1::CreatePlanRequest cp;
  cp.set_parent(t.parent());
  cp.set_plan_id("plan");
  cp.mutable_plan()->set_title("Plan d'action 2017-2020");
  cp.mutable_plan()->set_start_fiscal_year("2017-2018");
  cp.mutable_plan()->set_end_fiscal_year("2019-2020");
  v1::Plan plan;
  ASSERT_THAT(S(plans->CreatePlan(Ctx(t.editor_key).get(), cp, &plan)), IsOk());
  v1::CreatePlanItemRequest ci;
  ci.set_parent(plan.name());
  ci.set_item_id("1-1");
  ci.mutable_item()->set_kind(v1::PlanItem::ACTION);
  ci.mutable_item()->set_code("1.1");
  ci.mutable_item()->set_title("Déjeuners-conférences");
  v1::PlanItem item;
  ASSERT_THAT(S(plans->CreatePlanItem(Ctx(t.editor_key).get(), ci, &item)),
              IsOk());
  v1::CreateIndicatorRequest cr;
  cr.set_parent(item.name());
  cr.set_indicator_id("dejeuners");
  v1::Indicator* ind = cr.mutable_indicator();
  ind->set_description("3 déjeuners-conférences par année");
  ind->set_target(3);
  ind->set_unit("déjeuners-conférences");
  ind->set_national_indicator_code("events.held");
  ind->set_computed(true);
  (*ind->mutable_link_filter())["event_kind"] = "networking";
  (*ind->mutable_link_filter())["plan_item"] = item.name();
  v1::Indicator created;
  ASSERT_THAT(S(plans->CreateIndicator(Ctx(t.editor_key).get(), cr, &created)),
              IsOk());
  for (const char* id : {"a", "b"}) {
    v1::CreateEventRequest ce;
    ce.set_parent(t.parent());
    ce.set_event_id(id);
    v1::Event* e = ce.mutable_event();
    e->set_title("Déjeuner-conférence");
    e->set_kind(v1::Event::NETWORKING);
    e->set_organised(true);
    e->mutable_start_time()->set_seconds(1507118400);  // 2017-10-04
    e->mutable_end_time()->set_seconds(1507118400 + 7200);
    e->set_plan_item(item.name());
    v1::Event event;
    ASSERT_THAT(S(events->CreateEvent(Ctx(t.editor_key).get(), ce, &event)),
                IsOk());
  }
  v1::GetIndicatorRequest gr;
  gr.set_name(created.name());
  v1::Indicator read;
  ASSERT_THAT(S(plans->GetIndicator(Ctx(t.viewer_key).get(), gr, &read)),
              IsOk());
  double actual = -1;
  for (const auto& r : read.results()) {
    if (r.fiscal_year() == "2017-2018") actual = r.actual_value();
  }
  EXPECT_EQ(actual, 2);
}

// The Helm chart's split mode: the admin service in a process of its own
// (the poles_admin role), the tenant services in another. The gateway sends
// key checks, the tenant list, sign-in and the team to --admin-server, the
// reads to --server; both work, and a person signs in and reads the team.
TEST(SplitDeploymentTest, TheGatewayReachesTheAdminServiceApart) {
  TestTenant t = NewTenant("split");
  auto admin_only = StartReplica("split-admin", {"--services", "admin"});
  auto tenant_only = StartReplica(
      "split-tenant",
      {"--services", "plans,events,directories,funding,fiscal_years"});
  const int admin_port = admin_only->PortOf("server_started");
  const int tenant_port = tenant_only->PortOf("server_started");
  ASSERT_GT(admin_port, 0);
  ASSERT_GT(tenant_port, 0);
  const std::string key_file = TempPath("split-service.key");
  {
    std::ofstream out(key_file);
    out << ServiceKey() << "\n";
  }
  const std::string log = TempPath("split-gateway.log");
  Process gateway(
      {POLES_GATEWAY_BIN, "--listen", "127.0.0.1:0", "--server",
       Local(tenant_port), "--admin-server", Local(admin_port),
       "--service-key-file", key_file, "--http-listen", "127.0.0.1:0"},
      log);
  const int gateway_port = gateway.PortOf("gateway_started");
  ASSERT_GT(gateway_port, 0);
  int http_port = 0;
  {
    std::ifstream in(log);
    std::stringstream text;
    text << in.rdbuf();
    std::smatch m;
    const std::string line = text.str();
    if (std::regex_search(line, m, std::regex("\"http_port\":([0-9]+)")))
      http_port = std::stoi(m[1]);
  }
  ASSERT_GT(http_port, 0);

  // The national read: the caller's key checked by the admin process, the
  // summaries read from the tenant process.
  auto national = v1::NationalService::NewStub(grpc::CreateChannel(
      Local(gateway_port), grpc::InsecureChannelCredentials()));
  v1::GetNationalTableRequest request;
  request.set_fiscal_year("2017-2018");
  v1::NationalTable table;
  auto s = national->GetNationalTable(Ctx(PlatformKey("national")).get(),
                                      request, &table);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_GT(table.rows_size(), 0);

  // A person signs in through the admin process and reads the team.
  v1::CreateAccountRequest create;
  create.mutable_account()->set_email(
      absl::StrCat("split-", RandomHex(4), "@exemple.qc.ca"));
  create.set_password("mot-de-passe-split-1");
  v1::TenantRole* role = create.add_memberships();
  role->set_tenant(t.parent());
  role->set_role(v1::ROLE_EDITOR);
  v1::CreateAccountResponse account;
  ASSERT_TRUE(
      Admin()->CreateAccount(Ctx(AdminKey()).get(), create, &account).ok());
  httplib::Client http("127.0.0.1", http_port);
  auto login = http.Post("/auth/login",
                         nlohmann::json{{"email", create.account().email()},
                                        {"password", create.password()}}
                             .dump(),
                         "application/json");
  ASSERT_TRUE(login) << httplib::to_string(login.error());
  ASSERT_EQ(login->status, 200) << login->body;
  const std::string cookie = login->get_header_value("Set-Cookie");
  const std::string token = cookie.substr(0, cookie.find(';'));
  auto members = http.Get(absl::StrCat("/v1/", t.parent(), "/members"),
                          {{"Cookie", token}});
  ASSERT_TRUE(members);
  EXPECT_EQ(members->status, 200) << members->body;
  EXPECT_NE(members->body.find(create.account().email()), std::string::npos)
      << members->body;
  auto plans =
      http.Get(absl::StrCat("/v1/", t.parent(), "/plans"), {{"Cookie", token}});
  ASSERT_TRUE(plans);
  EXPECT_EQ(plans->status, 200) << plans->body;
  EXPECT_GT(admin_only->CountLinesAbove("TeamService/ListMembers", 0), 0);
  EXPECT_EQ(tenant_only->CountLines("TeamService/"), 0);
  EXPECT_GT(tenant_only->CountLinesAbove("PlansService/ListPlans", 0), 0);
}

}  // namespace
}  // namespace poles::testing
