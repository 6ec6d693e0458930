// The tenant services over HTTP/JSON, end to end: the gateway's HTTP front
// door (HttpFrontDoor with the transcoder, as poles-gateway wires it) in
// front of a real poles-server and PostgreSQL, called over HTTP with
// cpp-httplib's client and the callers' own keys.
#include <httplib.h>

#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "gateway/http_api.h"
#include "gateway/http_transcoder.h"
#include "tests/test_env.h"

namespace poles::testing {
namespace {

using nlohmann::json;

// The front door serves no national read in these tests.
class NoNationalReads : public gateway::NationalReads {
 public:
  absl::StatusOr<v1::NationalTable> GetNationalTable(
      const std::string&, const v1::GetNationalTableRequest&,
      Deadline) override {
    return absl::UnimplementedError("");
  }
  absl::StatusOr<v1::FundingRollup> GetFundingRollup(
      const std::string&, const v1::GetFundingRollupRequest&,
      Deadline) override {
    return absl::UnimplementedError("");
  }
  absl::StatusOr<v1::Bilan> GetBilan(const std::string&,
                                     const v1::GetBilanRequest&,
                                     Deadline) override {
    return absl::UnimplementedError("");
  }
  absl::StatusOr<v1::BilanDocument> RenderBilan(const std::string&,
                                                const v1::RenderBilanRequest&,
                                                Deadline) override {
    return absl::UnimplementedError("");
  }
  absl::StatusOr<v1::ListFindingsResponse> ListFindings(
      const std::string&, const v1::ListFindingsRequest&, Deadline) override {
    return absl::UnimplementedError("");
  }
};

struct Answer {
  int status = 0;
  json body;
  std::string text;
  std::string www_authenticate;
};

class HttpJsonTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    tenant_ = new TestTenant(NewTenant("httpjson"));
    other_ = new TestTenant(NewTenant("httpother"));
    reads_ = new NoNationalReads();
    gateway::HttpTranscoderOptions t;
    t.default_deadline = std::chrono::seconds(10);
    t.max_deadline = std::chrono::seconds(20);
    auto transcoder = gateway::HttpTranscoder::Create(Channel(), t);
    ASSERT_TRUE(transcoder.ok()) << transcoder.status();
    gateway::HttpApiOptions options;
    options.tenant_api = std::move(*transcoder);
    auto door =
        gateway::HttpFrontDoor::Start("127.0.0.1:0", *reads_, nullptr, options);
    ASSERT_TRUE(door.ok()) << door.status();
    door_ = door->release();
  }
  static void TearDownTestSuite() {
    delete door_;
    delete reads_;
    delete tenant_;
    delete other_;
  }

  static Answer Call(const std::string& method, const std::string& path,
                     const std::string& key, const std::string& body = "",
                     httplib::Headers headers = {}) {
    httplib::Client client("127.0.0.1", door_->port());
    client.set_read_timeout(std::chrono::seconds(30));
    if (!key.empty()) headers.emplace("Authorization", "Bearer " + key);
    auto send = [&]() {
      if (method == "GET") return client.Get(path, headers);
      if (method == "POST")
        return client.Post(path, headers, body, "application/json");
      if (method == "PATCH")
        return client.Patch(path, headers, body, "application/json");
      return client.Delete(path, headers);
    };
    httplib::Result r = send();
    Answer a;
    if (!r) {
      ADD_FAILURE() << method << " " << path << ": no answer";
      return a;
    }
    a.status = r->status;
    a.text = r->body;
    a.www_authenticate = r->get_header_value("WWW-Authenticate");
    a.body = json::parse(r->body, nullptr, false);
    EXPECT_FALSE(a.body.is_discarded()) << r->body;
    EXPECT_EQ(r->get_header_value("Content-Type"),
              "application/json; charset=utf-8");
    return a;
  }

  // The violations' fields of a google.rpc.Status JSON.
  static std::vector<std::string> Fields(const json& status) {
    std::vector<std::string> out;
    for (const auto& d : status.value("details", json::array())) {
      if (d.value("@type", "") != "type.googleapis.com/google.rpc.BadRequest")
        continue;
      for (const auto& v : d["fieldViolations"])
        out.push_back(v["field"].get<std::string>());
    }
    return out;
  }

  static std::string Plans(const TestTenant& t) {
    return "/v1/" + t.parent() + "/plans";
  }

  static TestTenant* tenant_;
  static TestTenant* other_;
  static NoNationalReads* reads_;
  static gateway::HttpFrontDoor* door_;
};

TestTenant* HttpJsonTest::tenant_ = nullptr;
TestTenant* HttpJsonTest::other_ = nullptr;
NoNationalReads* HttpJsonTest::reads_ = nullptr;
gateway::HttpFrontDoor* HttpJsonTest::door_ = nullptr;

TEST_F(HttpJsonTest, CreateGetPatchWithEtagListAndDeleteAPlan) {
  const std::string& key = tenant_->editor_key;
  Answer created = Call("POST", Plans(*tenant_) + "?plan_id=plan-2019", key,
                        R"({"title": "Plan d'action 2019-2022",
                            "startFiscalYear": "2019-2020",
                            "endFiscalYear": "2021-2022"})");
  ASSERT_EQ(created.status, 200) << created.text;
  const std::string name = tenant_->parent() + "/plans/plan-2019";
  EXPECT_EQ(created.body["name"], name);
  EXPECT_EQ(created.body["status"], "DRAFT");
  const std::string etag = created.body["etag"];
  ASSERT_FALSE(etag.empty());

  Answer got = Call("GET", "/v1/" + name, key);
  ASSERT_EQ(got.status, 200) << got.text;
  EXPECT_EQ(got.body["title"], "Plan d'action 2019-2022");
  EXPECT_EQ(got.body["endFiscalYear"], "2021-2022");

  Answer patched =
      Call("PATCH", "/v1/" + name + "?update_mask=title", key,
           json{{"title", "Plan d'action révisé"}, {"etag", etag}}.dump());
  ASSERT_EQ(patched.status, 200) << patched.text;
  EXPECT_EQ(patched.body["title"], "Plan d'action révisé");
  EXPECT_NE(patched.body["etag"], etag);

  // The first etag is stale now: ABORTED, 409, nothing changed.
  Answer stale = Call("PATCH", "/v1/" + name + "?update_mask=title", key,
                      json{{"title", "Autre"}, {"etag", etag}}.dump());
  EXPECT_EQ(stale.status, 409) << stale.text;
  EXPECT_EQ(stale.body["code"], 10);
  EXPECT_EQ(Call("GET", "/v1/" + name, key).body["title"],
            "Plan d'action révisé");

  Answer second = Call("POST", Plans(*tenant_) + "?plan_id=plan-2022", key,
                       R"({"title": "Plan 2022",
                           "startFiscalYear": "2022-2023",
                           "endFiscalYear": "2022-2023"})");
  ASSERT_EQ(second.status, 200) << second.text;
  Answer page = Call("GET", Plans(*tenant_) + "?page_size=1", key);
  ASSERT_EQ(page.status, 200) << page.text;
  ASSERT_EQ(page.body["plans"].size(), 1u) << page.text;
  const std::string token = page.body["nextPageToken"];
  ASSERT_FALSE(token.empty());
  Answer next = Call("GET",
                     Plans(*tenant_) + "?page_size=1&page_token=" +
                         httplib::detail::encode_query_param(token),
                     key);
  ASSERT_EQ(next.status, 200) << next.text;
  ASSERT_EQ(next.body["plans"].size(), 1u) << next.text;
  EXPECT_NE(next.body["plans"][0]["name"], page.body["plans"][0]["name"]);

  Answer progress = Call("GET", "/v1/" + name + ":getPlanProgress", key);
  ASSERT_EQ(progress.status, 200) << progress.text;
  EXPECT_EQ(progress.body["plan"], name);
  EXPECT_EQ(progress.body["indicatorCount"], 0);

  Answer deleted =
      Call("DELETE", "/v1/" + tenant_->parent() + "/plans/plan-2022", key);
  ASSERT_EQ(deleted.status, 200) << deleted.text;
  EXPECT_EQ(deleted.body, json::object());
  Answer gone =
      Call("GET", "/v1/" + tenant_->parent() + "/plans/plan-2022", key);
  EXPECT_EQ(gone.status, 404) << gone.text;
  EXPECT_EQ(gone.body["code"], 5);
}

TEST_F(HttpJsonTest, BadJsonIsRefusedNamingTheFieldAndNothingIsForwarded) {
  const std::string& key = tenant_->editor_key;
  Answer bad = Call("POST", Plans(*tenant_) + "?plan_id=bad-json", key,
                    R"({"title": 5, "startFiscalYear": "2019-2020"})");
  EXPECT_EQ(bad.status, 400) << bad.text;
  EXPECT_EQ(bad.body["code"], 3);
  EXPECT_THAT(Fields(bad.body), ::testing::ElementsAre("plan.title"));

  Answer unknown = Call("POST", Plans(*tenant_) + "?plan_id=bad-json", key,
                        R"({"titre": "Plan"})");
  EXPECT_EQ(unknown.status, 400) << unknown.text;
  EXPECT_THAT(Fields(unknown.body), ::testing::ElementsAre("plan.titre"));

  Answer truncated =
      Call("POST", Plans(*tenant_) + "?plan_id=bad-json", key, R"({"title")");
  EXPECT_EQ(truncated.status, 400) << truncated.text;
  EXPECT_THAT(Fields(truncated.body), ::testing::ElementsAre("plan"));

  // Nothing reached the service: the id is still free.
  EXPECT_EQ(Call("GET", Plans(*tenant_) + "/bad-json", key).status, 404);

  // The service's own validation comes back as it sent it.
  Answer invalid = Call("POST", Plans(*tenant_), key,
                        R"({"startFiscalYear": "2019-2020",
                            "endFiscalYear": "2019-2020"})");
  EXPECT_EQ(invalid.status, 400) << invalid.text;
  EXPECT_THAT(Fields(invalid.body), ::testing::Contains("plan.title"));
}

TEST_F(HttpJsonTest, AnotherTenantsKeyLearnsNothingAndNoKeyIsUnauthenticated) {
  Answer created = Call("POST", Plans(*tenant_) + "?plan_id=secret-plan",
                        tenant_->editor_key,
                        R"({"title": "Plan confidentiel du Pôle",
                            "startFiscalYear": "2019-2020",
                            "endFiscalYear": "2019-2020"})");
  ASSERT_EQ(created.status, 200) << created.text;
  const std::string path = Plans(*tenant_) + "/secret-plan";

  for (const auto& [method, target] :
       std::vector<std::pair<std::string, std::string>>{
           {"GET", path},
           {"GET", Plans(*tenant_)},
           {"PATCH", path + "?update_mask=title"},
           {"DELETE", path},
       }) {
    Answer a = Call(method, target, other_->editor_key,
                    method == "PATCH" ? R"({"title": "Pris"})" : "");
    EXPECT_TRUE(a.status == 403 || a.status == 404)
        << method << " " << target << ": " << a.text;
    // Nothing of the plan: no title, no resource, only a google.rpc.Status.
    EXPECT_EQ(a.text.find("confidentiel"), std::string::npos) << a.text;
    EXPECT_FALSE(a.body.contains("plans") || a.body.contains("title"))
        << a.text;
    EXPECT_TRUE(a.body.contains("code") && a.body.contains("message"))
        << a.text;
  }

  Answer none = Call("GET", path, "");
  EXPECT_EQ(none.status, 401) << none.text;
  EXPECT_EQ(none.body["code"], 16);
  EXPECT_EQ(none.www_authenticate, "Bearer");
  EXPECT_EQ(Call("GET", path, "pk_notakey").status, 401);

  Answer viewer = Call("PATCH", path + "?update_mask=title",
                       tenant_->viewer_key, R"({"title": "Lecteur"})");
  EXPECT_EQ(viewer.status, 403) << viewer.text;
  Answer read = Call("GET", path, tenant_->viewer_key);
  EXPECT_EQ(read.status, 200) << read.text;
  EXPECT_EQ(read.body["title"], "Plan confidentiel du Pôle");
}

TEST_F(HttpJsonTest, OtherServicesAndTheDescription) {
  const std::string& key = tenant_->editor_key;
  Answer event = Call("POST", "/v1/" + tenant_->parent() + "/events", key,
                      R"({"title": "Forum régional", "kind": "FORUM",
                          "organised": true,
                          "startTime": "2017-06-01T13:00:00Z",
                          "endTime": "2017-06-01T15:00:00Z",
                          "participants": {"women": 30, "men": 2}})");
  ASSERT_EQ(event.status, 200) << event.text;
  Answer summary = Call(
      "GET",
      "/v1/" + tenant_->parent() + ":summarizeEvents?fiscal_year=2017-2018",
      key);
  ASSERT_EQ(summary.status, 200) << summary.text;
  bool participants = false;
  for (const auto& v : summary.body["values"]) {
    if (v["indicator"] == "events.participants" && v["dimensions"].empty()) {
      participants = true;
      EXPECT_EQ(v["value"], "32");  // int64 as a string
    }
  }
  EXPECT_TRUE(participants) << summary.text;

  Answer years = Call("GET", "/v1/" + tenant_->parent() + "/fiscalYears", key);
  EXPECT_EQ(years.status, 200) << years.text;

  Answer sectors = Call("GET", "/v1/sectors", key);
  ASSERT_EQ(sectors.status, 200) << sectors.text;
  EXPECT_FALSE(sectors.body["sectors"].empty());

  // A deadline asked in gRPC's syntax; a malformed one is refused.
  EXPECT_EQ(
      Call("GET", "/v1/sectors", key, "", {{"grpc-timeout", "5S"}}).status,
      200);
  Answer timeout =
      Call("GET", "/v1/sectors", key, "", {{"grpc-timeout", "soon"}});
  EXPECT_EQ(timeout.status, 400) << timeout.text;
  EXPECT_THAT(Fields(timeout.body), ::testing::ElementsAre("grpc-timeout"));

  Answer nowhere = Call("GET", "/v1/" + tenant_->parent() + "/nothings", key);
  EXPECT_EQ(nowhere.status, 404);
  EXPECT_EQ(nowhere.body["code"], 5);

  Answer openapi = Call("GET", "/v1/openapi.json", "");
  ASSERT_EQ(openapi.status, 200);
  EXPECT_EQ(openapi.body["openapi"], "3.0.3");
  EXPECT_TRUE(openapi.body["paths"].contains("/v1/{parent}/plans"));
}

// A client stream (ImportOrganisations) over HTTP: the body is its one
// message. A dry run names the bad lines and writes nothing; the import
// writes every row; its body may exceed the 64 KiB of other requests.
TEST_F(HttpJsonTest, ImportOrganisationsIsAStreamOfTheBodysOneMessage) {
  const std::string& key = tenant_->editor_key;
  const std::string path = "/v1/" + tenant_->parent() + ":importOrganisations";
  auto row = [](int line, const std::string& name, const std::string& form) {
    json r = {{"line", line},
              {"present", {"display_name", "kind"}},
              {"displayName", name},
              {"kind", "partenaire"}};
    if (!form.empty()) {
      r["present"].push_back("legal_form");
      r["legalForm"] = form;
    }
    return r;
  };
  json bad = {{"validateOnly", true},
              {"rows",
               {row(2, "Partenaire Http Un", ""),
                row(3, "Partenaire Http Deux", "sarl")}}};
  Answer refused = Call("POST", path, key, bad.dump());
  EXPECT_EQ(refused.status, 400) << refused.text;
  EXPECT_THAT(Fields(refused.body), ::testing::Contains("lines[3].legal_form"))
      << refused.text;

  json good = {{"validateOnly", true},
               {"rows", {row(2, "Partenaire Http Un", "")}}};
  Answer dry = Call("POST", path, key, good.dump());
  ASSERT_EQ(dry.status, 200) << dry.text;
  EXPECT_EQ(dry.body["rows"], 1);
  EXPECT_EQ(dry.body["created"], 1);
  EXPECT_EQ(dry.body["validateOnly"], true);
  const std::string list =
      "/v1/" + tenant_->parent() + "/organisations?query=partenaire%20http";
  EXPECT_TRUE(Call("GET", list, key).body["organisations"].empty());

  good["validateOnly"] = false;
  Answer done = Call("POST", path, key, good.dump());
  ASSERT_EQ(done.status, 200) << done.text;
  EXPECT_EQ(done.body["created"], 1);
  EXPECT_EQ(Call("GET", list, key).body["organisations"].size(), 1u);

  // The viewer may not import, dry run or not.
  EXPECT_EQ(Call("POST", path, tenant_->viewer_key, good.dump()).status, 403);

  // 400 rows of long names: over 64 KiB, within the import's bound.
  json big = {{"validateOnly", true}, {"rows", json::array()}};
  for (int i = 0; i < 400; ++i) {
    big["rows"].push_back(row(
        i + 2,
        "Partenaire Http " + std::to_string(i) + " " + std::string(200, 'x'),
        ""));
  }
  const std::string big_body = big.dump();
  ASSERT_GT(big_body.size(), 64u * 1024);
  Answer large = Call("POST", path, key, big_body);
  EXPECT_EQ(large.status, 200) << large.text.substr(0, 300);
  EXPECT_EQ(large.body["rows"], 400);
  // Another method's body of that size is refused before it is read.
  Answer too_large =
      Call("POST", "/v1/" + tenant_->parent() + "/events", key, big_body);
  EXPECT_EQ(too_large.status, 413) << too_large.text.substr(0, 300);
}

}  // namespace
}  // namespace poles::testing
