#include "tests/test_env.h"

#include <cstdlib>
#include <filesystem>
#include <random>

#include "server/bootstrap.h"
#include "server/poles_server.h"
#include "storage/embedded_postgres.h"

namespace poles::testing {

namespace {
struct State {
  std::string dir;
  ReadyDatabase db;
  std::unique_ptr<PolesServer> server;
  std::shared_ptr<grpc::Channel> channel;
  std::string admin_key;
  std::string service_key;
  std::string super_url;
};
State* g = nullptr;
}  // namespace

void PlatformEnvironment::SetUp() {
  g = new State();
  char tmpl[] = "/tmp/poles-test-XXXXXX";
  ASSERT_NE(mkdtemp(tmpl), nullptr);
  g->dir = tmpl;
  DatabaseChoice choice;
  choice.data_dir = g->dir;
  choice.unsafe_fast = true;
  auto ready = PrepareDatabase(choice);
  ASSERT_TRUE(ready.ok()) << ready.status();
  g->db = *std::move(ready);
  g->super_url = g->db.embedded->SuperuserUrl("poles");

  auto key = IssueKeyDirect(g->db.urls.owner_url, "admin", "", "tests");
  ASSERT_TRUE(key.ok()) << key.status();
  g->admin_key = *key;
  auto service_key =
      IssueKeyDirect(g->db.urls.owner_url, "service", "", "tests");
  ASSERT_TRUE(service_key.ok()) << service_key.status();
  g->service_key = *service_key;

  ServerOptions o = TestServerOptions();
  TestServer server = StartTestServer(o);
  ASSERT_NE(server.server, nullptr);
  g->server = std::move(server.server);
  g->channel = std::move(server.channel);
}

ServerOptions TestServerOptions() {
  ServerOptions o;
  o.listen = "127.0.0.1:0";
  o.database_url = g->db.urls.app_url;
  o.admin_database_url = g->db.urls.admin_url;
  o.pool_size = 4;
  o.page_token_secret = std::string(32, 's');
  o.auth_cache_ttl = std::chrono::milliseconds(0);  // revocation is immediate
  o.metrics_listen = "127.0.0.1:0";
  return o;
}

TestServer StartTestServer(const ServerOptions& options) {
  TestServer out;
  auto server = PolesServer::Start(options);
  EXPECT_TRUE(server.ok()) << server.status();
  if (!server.ok()) return out;
  out.server = *std::move(server);
  out.channel = grpc::CreateCustomChannel(
      "127.0.0.1:" + std::to_string(out.server->port()),
      grpc::InsecureChannelCredentials(), ClientChannelArguments());
  return out;
}

std::string PlatformKey(const std::string& role) {
  auto key = IssueKeyDirect(g->db.urls.owner_url, role, "", "tests " + role);
  EXPECT_TRUE(key.ok()) << key.status();
  return key.ok() ? *key : std::string();
}

void PlatformEnvironment::TearDown() {
  if (g == nullptr) return;
  g->channel.reset();
  g->server.reset();
  g->db.embedded.reset();
  std::error_code ec;
  std::filesystem::remove_all(g->dir, ec);
  delete g;
  g = nullptr;
}

const std::string& OwnerUrl() { return g->db.urls.owner_url; }
const std::string& AppUrl() { return g->db.urls.app_url; }
const std::string& AdminUrl() { return g->db.urls.admin_url; }
const std::string& SuperuserUrl() { return g->super_url; }
std::shared_ptr<grpc::Channel> Channel() { return g->channel; }
std::unique_ptr<v1::AdminService::Stub> Admin() {
  return v1::AdminService::NewStub(g->channel);
}
std::unique_ptr<v1::PlansService::Stub> Plans() {
  return v1::PlansService::NewStub(g->channel);
}
std::unique_ptr<v1::EventsService::Stub> Events() {
  return v1::EventsService::NewStub(g->channel);
}
std::unique_ptr<v1::DirectoriesService::Stub> Directories() {
  return v1::DirectoriesService::NewStub(g->channel);
}
std::unique_ptr<v1::FundingService::Stub> Funding() {
  return v1::FundingService::NewStub(g->channel);
}
const std::string& AdminKey() { return g->admin_key; }
const std::string& ServiceKey() { return g->service_key; }
int MetricsPort() { return g->server->metrics_port(); }

std::unique_ptr<grpc::ClientContext> Ctx(const std::string& key) {
  auto ctx = std::make_unique<grpc::ClientContext>();
  ctx->set_deadline(std::chrono::system_clock::now() +
                    std::chrono::seconds(30));
  if (!key.empty()) ctx->AddMetadata("authorization", "Bearer " + key);
  return ctx;
}

TestTenant NewTenant(const std::string& prefix,
                     const std::vector<std::string>& mrcs) {
  static std::mt19937_64 rng(std::random_device{}());
  TestTenant t;
  t.slug = prefix + "-" + std::to_string(rng() % 1000000000);
  auto admin = Admin();
  {
    v1::CreateTenantRequest req;
    req.mutable_tenant()->set_name(t.parent());
    req.mutable_tenant()->set_display_name("Pôle d'essai " + t.slug);
    req.mutable_tenant()->set_region_code("17");
    for (const auto& m : mrcs) req.mutable_tenant()->add_mrcs("mrcs/" + m);
    v1::Tenant out;
    auto s = admin->CreateTenant(Ctx(AdminKey()).get(), req, &out);
    EXPECT_TRUE(s.ok()) << s.error_message();
  }
  for (auto role : {v1::ROLE_EDITOR, v1::ROLE_VIEWER}) {
    v1::CreateApiKeyRequest req;
    req.set_parent(t.parent());
    req.mutable_api_key()->set_role(role);
    v1::CreateApiKeyResponse out;
    auto s = admin->CreateApiKey(Ctx(AdminKey()).get(), req, &out);
    EXPECT_TRUE(s.ok()) << s.error_message();
    (role == v1::ROLE_EDITOR ? t.editor_key : t.viewer_key) = out.key();
  }
  return t;
}

}  // namespace poles::testing

int main(int argc, char** argv) {
  ::testing::InitGoogleMock(&argc, argv);
  ::testing::AddGlobalTestEnvironment(new poles::testing::PlatformEnvironment);
  return RUN_ALL_TESTS();
}
