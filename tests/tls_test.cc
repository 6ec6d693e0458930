// TLS and mutual TLS on the wire, with a throwaway CA made by openssl at run
// time: a TLS poles-server refuses a plaintext client and a client trusting
// another CA; one requiring client certificates refuses a client (and a
// gateway) without one; everything works with the right ones. Plaintext
// beyond loopback is refused at start-up unless --insecure-plaintext. The
// gateway's HTTP port serves HTTPS with a certificate: a client trusting the
// CA reads the API, a plaintext one and one trusting another CA are refused.
// The plaintext health-only port (--health-listen) answers the health
// service and nothing else.
#include <httplib.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <grpcpp/impl/codegen/client_unary_call.h>
#include <sys/wait.h>

#include "gateway/gateway_server.h"
#include "gateway/http_api.h"
#include "poles/v1/national.grpc.pb.h"
#include "services/common/health_port.h"
#include "services/common/transport.h"
#include "tests/test_env.h"

namespace poles::testing {
namespace {

// A folder of PEM files: ca (the platform's CA), server (signed by it, for
// 127.0.0.1 and localhost), client (signed by it) and other-ca (unrelated).
class Pki {
 public:
  Pki() {
    char tmpl[] = "/tmp/poles-tls-XXXXXX";
    dir_ = mkdtemp(tmpl);
    Ca("ca");
    Ca("other-ca");
    Leaf("server", "subjectAltName=IP:127.0.0.1,DNS:localhost");
    Leaf("client", "extendedKeyUsage=clientAuth");
  }
  ~Pki() {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  std::string Cert(const std::string& name) const {
    return dir_ + "/" + name + ".pem";
  }
  std::string Key(const std::string& name) const {
    return dir_ + "/" + name + ".key";
  }

 private:
  void Run(const std::string& command) {
    const std::string line =
        "cd " + dir_ + " && " + command + " >/dev/null 2>&1";
    ASSERT_EQ(std::system(line.c_str()), 0) << line;
  }
  static std::string NewKey(const std::string& name) {
    return "-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout " +
           name + ".key";
  }
  void Ca(const std::string& name) {
    Run("openssl req -x509 " + NewKey(name) + " -out " + name +
        ".pem -days 1 -subj /CN=" + name);
  }
  void Leaf(const std::string& name, const std::string& extension) {
    Run("openssl req " + NewKey(name) + " -out " + name +
        ".csr -subj /CN=" + name + " && printf '" + extension + "\\n' > " +
        name + ".ext && openssl x509 -req -in " + name +
        ".csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 1 -extfile " +
        name + ".ext -out " + name + ".pem");
  }
  std::string dir_;
};

// A unary call of `method` ("/pkg.Service/Method") on `channel` with the raw
// request bytes `request`; the response bytes in `response`.
grpc::Status RawCall(const std::shared_ptr<grpc::Channel>& channel,
                     const std::string& method, const std::string& request,
                     std::string* response = nullptr) {
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
  grpc::Slice slice(request);
  grpc::ByteBuffer req(&slice, 1), resp;
  grpc::Status s =
      grpc::internal::BlockingUnaryCall<grpc::ByteBuffer, grpc::ByteBuffer>(
          channel.get(),
          grpc::internal::RpcMethod(method.c_str(),
                                    grpc::internal::RpcMethod::NORMAL_RPC),
          &ctx, req, &resp);
  if (s.ok() && response != nullptr) {
    std::vector<grpc::Slice> slices;
    (void)resp.Dump(&slices);
    response->clear();
    for (const auto& part : slices) {
      response->append(reinterpret_cast<const char*>(part.begin()),
                       part.size());
    }
  }
  return s;
}

// grpc.health.v1.Health/Check of `service` on a plaintext channel to `port`:
// "SERVING", "NOT_SERVING" or the call's error code's number.
std::string HealthOf(int port, const std::string& service = "") {
  auto channel = grpc::CreateChannel("127.0.0.1:" + std::to_string(port),
                                     grpc::InsecureChannelCredentials());
  // HealthCheckRequest{service}: field 1, length-delimited (names < 128).
  std::string request;
  if (!service.empty()) {
    request =
        std::string("\x0a", 1) + static_cast<char>(service.size()) + service;
  }
  std::string response;
  grpc::Status s =
      RawCall(channel, "/grpc.health.v1.Health/Check", request, &response);
  if (!s.ok()) return std::to_string(s.error_code());
  // HealthCheckResponse{status}: 08 01 SERVING, 08 02 NOT_SERVING.
  if (response == std::string("\x08\x01", 2)) return "SERVING";
  if (response == std::string("\x08\x02", 2)) return "NOT_SERVING";
  return "unexpected response";
}

// Methods of every other kind the health-only port must not serve: a
// service's, the gateway's, and server reflection's.
constexpr const char* kNotHealth[] = {
    "/poles.v1.AdminService/ListRegions",
    "/poles.v1.PlansService/ListPlans",
    "/poles.v1.NationalService/GetNationalTable",
    "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo",
};

Pki* pki = nullptr;

class TlsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (pki == nullptr) pki = new Pki();
  }

  static ServerOptions TlsServer(bool require_client_cert) {
    ServerOptions o = TestServerOptions();
    o.tls.cert_file = pki->Cert("server");
    o.tls.key_file = pki->Key("server");
    if (require_client_cert) o.tls.client_ca_file = pki->Cert("ca");
    return o;
  }

  static transport::ClientTls Trusting(const std::string& ca,
                                       bool with_client_cert) {
    transport::ClientTls tls;
    tls.ca_file = pki->Cert(ca);
    if (with_client_cert) {
      tls.cert_file = pki->Cert("client");
      tls.key_file = pki->Key("client");
    }
    return tls;
  }

  // ListRegions on `server` over a channel built with `tls`.
  static grpc::Status ListRegions(const PolesServer& server,
                                  const transport::ClientTls& tls) {
    auto channel = transport::CreateChannel(
        "--server", "127.0.0.1:" + std::to_string(server.port()), tls);
    EXPECT_TRUE(channel.ok()) << channel.status();
    auto ctx = Ctx(AdminKey());
    ctx->set_deadline(std::chrono::system_clock::now() +
                      std::chrono::seconds(5));
    v1::ListRegionsResponse out;
    return v1::AdminService::NewStub(*channel)->ListRegions(
        ctx.get(), v1::ListRegionsRequest(), &out);
  }
};

TEST_F(TlsTest, TlsServerRefusesPlaintextAndAnotherCa) {
  TestServer server = StartTestServer(TlsServer(false));
  ASSERT_NE(server.server, nullptr);
  EXPECT_EQ(ListRegions(*server.server, transport::ClientTls{}).error_code(),
            grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(
      ListRegions(*server.server, Trusting("other-ca", false)).error_code(),
      grpc::StatusCode::UNAVAILABLE);
  grpc::Status trusted = ListRegions(*server.server, Trusting("ca", false));
  EXPECT_TRUE(trusted.ok()) << trusted.error_message();
}

TEST_F(TlsTest, MutualTlsServerRefusesAClientWithoutCertificate) {
  TestServer server = StartTestServer(TlsServer(true));
  ASSERT_NE(server.server, nullptr);
  EXPECT_EQ(ListRegions(*server.server, Trusting("ca", false)).error_code(),
            grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(ListRegions(*server.server, transport::ClientTls{}).error_code(),
            grpc::StatusCode::UNAVAILABLE);
  grpc::Status with_cert = ListRegions(*server.server, Trusting("ca", true));
  EXPECT_TRUE(with_cert.ok()) << with_cert.error_message();
}

// The gateway's national table over a server requiring client certificates:
// without the gateway's own certificate every Pôle is unreachable; with it,
// none, and the gateway's own port serves TLS too.
TEST_F(TlsTest, GatewayNeedsItsClientCertificateForAMutualTlsServer) {
  NewTenant("tls");
  TestServer server = StartTestServer(TlsServer(true));
  ASSERT_NE(server.server, nullptr);
  const std::string national = PlatformKey("national");
  for (bool with_cert : {false, true}) {
    gateway::GatewayOptions o;
    o.listen = "127.0.0.1:0";
    o.server = "127.0.0.1:" + std::to_string(server.server->port());
    o.service_key = ServiceKey();
    o.auth_cache_ttl = std::chrono::milliseconds(0);
    o.max_deadline = std::chrono::seconds(5);
    o.server_tls = Trusting("ca", with_cert);
    o.tls.cert_file = pki->Cert("server");
    o.tls.key_file = pki->Key("server");
    auto g = gateway::GatewayServer::Start(o);
    ASSERT_TRUE(g.ok()) << g.status();
    auto channel = transport::CreateChannel(
        "--gateway", "127.0.0.1:" + std::to_string((*g)->port()),
        Trusting("ca", false));
    ASSERT_TRUE(channel.ok());
    v1::GetNationalTableRequest r;
    r.set_fiscal_year("2017-2018");
    v1::NationalTable table;
    grpc::Status s = v1::NationalService::NewStub(*channel)->GetNationalTable(
        Ctx(national).get(), r, &table);
    if (with_cert) {
      ASSERT_TRUE(s.ok()) << s.error_message();
      EXPECT_GT(table.rows_size(), 0);
      EXPECT_EQ(table.unreachable_size(), 0);
    } else {
      // The server refuses the gateway's handshake, so the gateway cannot
      // even check the caller's key (it asks the server, holding no
      // database role): the read fails as the server being unreachable.
      EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAVAILABLE)
          << s.error_message();
    }
    v1::NationalTable refused;
    auto plaintext = v1::NationalService::NewStub(
        grpc::CreateChannel("127.0.0.1:" + std::to_string((*g)->port()),
                            grpc::InsecureChannelCredentials()));
    EXPECT_EQ(plaintext->GetNationalTable(Ctx(national).get(), r, &refused)
                  .error_code(),
              grpc::StatusCode::UNAVAILABLE);
  }
}

// Plans' computed results read the events service's summaries over the
// server's own (mutual TLS) port: in process, so they keep working.
TEST_F(TlsTest, ComputedResultsWorkBehindMutualTls) {
  TestServer server = StartTestServer(TlsServer(true));
  ASSERT_NE(server.server, nullptr);
  TestTenant t = NewTenant("tlsplan");
  auto channel = transport::CreateChannel(
      "--server", "127.0.0.1:" + std::to_string(server.server->port()),
      Trusting("ca", true));
  ASSERT_TRUE(channel.ok());
  auto plans = v1::PlansService::NewStub(*channel);
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
  v1::CreateEventRequest ce;
  ce.set_parent(t.parent());
  v1::Event* e = ce.mutable_event();
  e->set_title("Déjeuner-conférence");
  e->set_kind(v1::Event::NETWORKING);
  e->set_organised(true);
  e->mutable_start_time()->set_seconds(1507118400);  // 2017-10-04 08:00 EDT
  e->mutable_end_time()->set_seconds(1507118400 + 7200);
  e->set_plan_item(item.name());
  v1::Event event;
  ASSERT_THAT(S(v1::EventsService::NewStub(*channel)->CreateEvent(
                  Ctx(t.editor_key).get(), ce, &event)),
              IsOk());
  v1::GetIndicatorRequest gr;
  gr.set_name(created.name());
  v1::Indicator read;
  ASSERT_THAT(S(plans->GetIndicator(Ctx(t.viewer_key).get(), gr, &read)),
              IsOk());
  double actual = -1;
  for (const auto& r : read.results()) {
    if (r.fiscal_year() == "2017-2018") actual = r.actual_value();
  }
  EXPECT_EQ(actual, 1);
}

// The health-only port: plaintext, SERVING for the whole server and each
// hosted service while the TLS port serves, UNIMPLEMENTED for every other
// method (so no key is ever asked for or sent there), NOT_SERVING once
// shutting down, closed after.
TEST_F(TlsTest, HealthPortServesHealthAloneInPlaintext) {
  ServerOptions o = TlsServer(true);
  o.health_listen = "127.0.0.1:0";
  o.services = {"admin", "plans"};
  TestServer server = StartTestServer(o);
  ASSERT_NE(server.server, nullptr);
  const int port = server.server->health_port();
  ASSERT_GT(port, 0);
  EXPECT_EQ(HealthOf(port), "SERVING");
  EXPECT_EQ(HealthOf(port, "poles.v1.PlansService"), "SERVING");
  EXPECT_EQ(HealthOf(port, "poles.v1.AdminService"), "SERVING");
  EXPECT_EQ(HealthOf(port, "poles.v1.EventsService"),
            std::to_string(grpc::StatusCode::NOT_FOUND));  // not hosted
  auto plaintext = grpc::CreateChannel("127.0.0.1:" + std::to_string(port),
                                       grpc::InsecureChannelCredentials());
  for (const char* method : kNotHealth) {
    EXPECT_EQ(RawCall(plaintext, method, "").error_code(),
              grpc::StatusCode::UNIMPLEMENTED)
        << method;
  }
  // The control: the plaintext shared server, whose port serves everything,
  // answers the same calls otherwise (UNAUTHENTICATED, reflection's reply).
  for (const char* method : kNotHealth) {
    if (absl::string_view(method).find("National") != absl::string_view::npos)
      continue;
    EXPECT_NE(RawCall(Channel(), method, "").error_code(),
              grpc::StatusCode::UNIMPLEMENTED)
        << method;
  }
  // The TLS port itself still refuses plaintext.
  EXPECT_EQ(ListRegions(*server.server, transport::ClientTls{}).error_code(),
            grpc::StatusCode::UNAVAILABLE);
  server.server->Shutdown();
  EXPECT_EQ(HealthOf(port), std::to_string(grpc::StatusCode::UNAVAILABLE));
}

TEST_F(TlsTest, HealthPortFollowsItsOwnerAndRefusesABadAddress) {
  auto health = transport::HealthPort::Start("--health-listen", "127.0.0.1:0",
                                             {"poles.v1.NationalService"});
  ASSERT_TRUE(health.ok()) << health.status();
  EXPECT_EQ(HealthOf((*health)->port()), "NOT_SERVING");  // until told
  (*health)->SetServing(true);
  EXPECT_EQ(HealthOf((*health)->port()), "SERVING");
  EXPECT_EQ(HealthOf((*health)->port(), "poles.v1.NationalService"), "SERVING");
  (*health)->SetServing(false);
  EXPECT_EQ(HealthOf((*health)->port()), "NOT_SERVING");
  EXPECT_EQ(HealthOf((*health)->port(), "poles.v1.NationalService"),
            "NOT_SERVING");
  EXPECT_THAT(
      transport::HealthPort::Start("--health-listen", "nowhere", {}).status(),
      InvalidFieldIs("--health-listen"));
}

// The gateway behind TLS: its own health-only port, and its HTTP port as
// HTTPS with the same certificate. A client trusting the CA reads the
// national table; plain HTTP to that port and a client trusting another CA
// get no answer; a key that is not the certificate's is refused at start.
TEST_F(TlsTest, GatewayServesHttpsAndAHealthOnlyPort) {
  NewTenant("https");
  TestServer server = StartTestServer(TlsServer(true));
  ASSERT_NE(server.server, nullptr);
  gateway::GatewayOptions o;
  o.listen = "127.0.0.1:0";
  o.server = "127.0.0.1:" + std::to_string(server.server->port());
  o.service_key = ServiceKey();
  o.auth_cache_ttl = std::chrono::milliseconds(0);
  o.max_deadline = std::chrono::seconds(5);
  o.server_tls = Trusting("ca", true);
  o.tls.cert_file = pki->Cert("server");
  o.tls.key_file = pki->Key("server");
  o.health_listen = "127.0.0.1:0";
  auto g = gateway::GatewayServer::Start(o);
  ASSERT_TRUE(g.ok()) << g.status();
  ASSERT_GT((*g)->health_port(), 0);
  EXPECT_EQ(HealthOf((*g)->health_port()), "SERVING");
  EXPECT_EQ(HealthOf((*g)->health_port(), "poles.v1.NationalService"),
            "SERVING");
  auto health_channel =
      grpc::CreateChannel("127.0.0.1:" + std::to_string((*g)->health_port()),
                          grpc::InsecureChannelCredentials());
  for (const char* method : kNotHealth) {
    EXPECT_EQ(RawCall(health_channel, method, "").error_code(),
              grpc::StatusCode::UNIMPLEMENTED)
        << method;
  }

  gateway::HttpApiOptions http;
  http.tls_cert_file = pki->Cert("server");
  http.tls_key_file = pki->Key("server");
  auto door = gateway::HttpFrontDoor::Start("127.0.0.1:0", (*g)->reads(),
                                            nullptr, http);
  ASSERT_TRUE(door.ok()) << door.status();
  const int port = (*door)->port();
  const std::string path = "/api/v1/national/table?fiscal_year=2017-2018";
  const httplib::Headers auth = {
      {"Authorization", "Bearer " + PlatformKey("national")}};

  httplib::SSLClient trusting("127.0.0.1", port);
  trusting.set_ca_cert_path(pki->Cert("ca"));
  trusting.enable_server_certificate_verification(true);
  trusting.set_connection_timeout(5);
  auto ok = trusting.Get(path, auth);
  ASSERT_TRUE(ok) << httplib::to_string(ok.error());
  EXPECT_EQ(ok->status, 200) << ok->body;
  EXPECT_NE(ok->body.find("\"rows\""), std::string::npos) << ok->body;
  // Without the key the API still answers over HTTPS, with 401.
  auto anonymous = trusting.Get(path);
  ASSERT_TRUE(anonymous);
  EXPECT_EQ(anonymous->status, 401);

  // curl, as the README's examples run it, when the machine has it.
  if (std::system("command -v curl >/dev/null 2>&1") == 0) {
    const std::string out = ::testing::TempDir() + "/https-curl.out";
    const std::string curl = "curl -sS -o " + out +
                             " -w '%{http_code}' --cacert " + pki->Cert("ca") +
                             " -H 'Authorization: Bearer " +
                             PlatformKey("national") +
                             "' 'https://127.0.0.1:" + std::to_string(port) +
                             path + "' > " + out + ".code";
    EXPECT_EQ(std::system(curl.c_str()), 0) << curl;
    std::ifstream code(out + ".code");
    std::string status;
    code >> status;
    EXPECT_EQ(status, "200");
    const std::string refused =
        "curl -sS -o /dev/null --cacert " + pki->Cert("other-ca") +
        " 'https://127.0.0.1:" + std::to_string(port) + path + "' 2>/dev/null";
    EXPECT_NE(std::system(refused.c_str()), 0) << refused;
  }

  httplib::Client plaintext("127.0.0.1", port);
  plaintext.set_connection_timeout(5);
  plaintext.set_read_timeout(5);
  auto refused = plaintext.Get(path, auth);
  EXPECT_FALSE(refused) << "plain HTTP got status " << refused->status;

  httplib::SSLClient other_ca("127.0.0.1", port);
  other_ca.set_ca_cert_path(pki->Cert("other-ca"));
  other_ca.enable_server_certificate_verification(true);
  other_ca.set_connection_timeout(5);
  auto untrusted = other_ca.Get(path, auth);
  ASSERT_FALSE(untrusted);
  EXPECT_EQ(untrusted.error(), httplib::Error::SSLServerVerification);
  (*door)->Stop();

  gateway::HttpApiOptions mismatched = http;
  mismatched.tls_key_file = pki->Key("client");
  EXPECT_THAT(gateway::HttpFrontDoor::Start("127.0.0.1:0", (*g)->reads(),
                                            nullptr, mismatched)
                  .status(),
              InvalidFieldIs("--http-tls-key"));
  gateway::HttpApiOptions no_key = http;
  no_key.tls_key_file.clear();
  EXPECT_THAT(gateway::HttpFrontDoor::Start("127.0.0.1:0", (*g)->reads(),
                                            nullptr, no_key)
                  .status(),
              InvalidFieldIs("--http-tls-key"));
}

TEST_F(TlsTest, PlaintextBeyondLoopbackIsRefusedUnlessAskedFor) {
  for (const char* listen : {"0.0.0.0:0", "[::]:0"}) {
    ServerOptions o = TestServerOptions();
    o.listen = listen;
    EXPECT_THAT(PolesServer::Start(o).status(), InvalidFieldIs("--listen"))
        << listen;
  }
  ServerOptions o = TestServerOptions();
  o.listen = "0.0.0.0:0";
  o.insecure_plaintext = true;
  auto insecure = PolesServer::Start(o);
  EXPECT_TRUE(insecure.ok()) << insecure.status();
  o = TlsServer(false);
  o.listen = "0.0.0.0:0";
  auto tls = PolesServer::Start(o);
  EXPECT_TRUE(tls.ok()) << tls.status();

  gateway::GatewayOptions g;
  g.listen = "0.0.0.0:0";
  g.server = "127.0.0.1:1";
  g.service_key = ServiceKey();
  EXPECT_THAT(gateway::GatewayServer::Start(g).status(),
              InvalidFieldIs("--listen"));
  g.listen = "127.0.0.1:0";
  g.server = "10.0.0.1:50051,10.0.0.2:50051";
  EXPECT_THAT(gateway::GatewayServer::Start(g).status(),
              InvalidFieldIs("--server"));
  g.insecure_plaintext = true;
  g.listen = "0.0.0.0:0";
  auto gateway = gateway::GatewayServer::Start(g);
  EXPECT_TRUE(gateway.ok()) << gateway.status();
}

// The binaries refuse before touching a database, with exit code 2.
TEST_F(TlsTest, BinariesRefusePlaintextBeyondLoopbackAtStartUp) {
  const std::string log = ::testing::TempDir() + "/tls-refusal.log";
  auto run = [&](const std::string& command) {
    int status = std::system((command + " 2>" + log).c_str());
    std::ifstream in(log);
    std::stringstream text;
    text << in.rdbuf();
    return std::make_pair(WEXITSTATUS(status), text.str());
  };
  auto [server_code, server_log] =
      run(std::string(POLES_SERVER_BIN) +
          " --listen 0.0.0.0:0 --database-url postgresql://nowhere/x");
  EXPECT_EQ(server_code, 2) << server_log;
  EXPECT_NE(server_log.find("--insecure-plaintext"), std::string::npos);
  auto [gateway_code, gateway_log] =
      run(std::string(POLES_GATEWAY_BIN) +
          " --http-listen 0.0.0.0:0 --service-key-file /nonexistent");
  EXPECT_EQ(gateway_code, 2) << gateway_log;
  EXPECT_NE(gateway_log.find("--http-listen"), std::string::npos);
  // With the gateway's certificate the HTTP port is HTTPS: beyond loopback
  // is then accepted, and start-up goes on to the (missing) key file.
  auto [https_code, https_log] =
      run(std::string(POLES_GATEWAY_BIN) +
          " --http-listen 0.0.0.0:0 --listen 127.0.0.1:0 --tls-cert " +
          pki->Cert("server") + " --tls-key " + pki->Key("server") +
          " --service-key-file /nonexistent");
  EXPECT_EQ(https_code, 1) << https_log;
  EXPECT_EQ(https_log.find("--http-listen"), std::string::npos) << https_log;
  EXPECT_NE(https_log.find("--service-key-file"), std::string::npos)
      << https_log;
}

}  // namespace
}  // namespace poles::testing
