#include "gateway/http_api.h"

#include <httplib.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "services/common/errors.h"

namespace poles::gateway {
namespace {

using ::testing::_;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::Return;
using ::testing::StartsWith;

class MockNationalReads : public NationalReads {
 public:
  MOCK_METHOD(absl::StatusOr<v1::NationalTable>, GetNationalTable,
              (const std::string&, const v1::GetNationalTableRequest&,
               Deadline),
              (override));
  MOCK_METHOD(absl::StatusOr<v1::FundingRollup>, GetFundingRollup,
              (const std::string&, const v1::GetFundingRollupRequest&,
               Deadline),
              (override));
  MOCK_METHOD(absl::StatusOr<v1::Bilan>, GetBilan,
              (const std::string&, const v1::GetBilanRequest&, Deadline),
              (override));
  MOCK_METHOD(absl::StatusOr<v1::BilanDocument>, RenderBilan,
              (const std::string&, const v1::RenderBilanRequest&, Deadline),
              (override));
  MOCK_METHOD(absl::StatusOr<v1::ListFindingsResponse>, ListFindings,
              (const std::string&, const v1::ListFindingsRequest&, Deadline),
              (override));
};

// The public pages of one tenant, "centre-du-quebec", with one MRC.
class FakePublicPages : public PublicPages {
 public:
  absl::StatusOr<PublicDocument> Calendar(const std::string& tenant,
                                          Deadline) override {
    if (tenant != "centre-du-quebec")
      return absl::NotFoundError("tenants/" + tenant + " does not exist");
    return PublicDocument{"text/calendar; charset=utf-8",
                          "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"};
  }
  absl::StatusOr<PublicDocument> Directory(const std::string& tenant,
                                           const std::string& mrc,
                                           Deadline) override {
    if (tenant != "centre-du-quebec")
      return absl::NotFoundError("tenants/" + tenant + " does not exist");
    if (mrc != "becancour")
      return InvalidField("mrc", "is not an MRC of the tenant's territory");
    return PublicDocument{"text/html; charset=utf-8",
                          "<h1>Répertoire — Bécancour</h1>"};
  }
};

constexpr char kKey[] = "Bearer pk_0123456789abcdef_secret";

v1::NationalTable OneRowTable() {
  v1::NationalTable table;
  table.set_fiscal_year("2017-2018");
  auto* column = table.add_columns();
  column->set_name("nationalIndicators/directories.enterprises");
  column->set_label_fr("Entreprises");
  column->set_unit("count");
  auto* row = table.add_rows();
  row->set_tenant("tenants/centre-du-quebec");
  row->set_display_name("Pôle d'économie sociale du Centre-du-Québec");
  row->set_state(v1::NationalTableRow::DRAFT);
  auto* cell = row->add_cells();
  cell->set_indicator("directories.enterprises");
  cell->set_value(225);
  cell->set_source(v1::CELL_SOURCE_COMPUTED);
  return table;
}

class HttpApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    HttpApiOptions options;
    options.request_deadline = std::chrono::milliseconds(3000);
    options.max_query_parameters = 8;
    options.max_parameter_bytes = 256;
    options.threads = 2;
    options.metrics = &metrics_;
    auto door = HttpFrontDoor::Start("127.0.0.1:0", reads_, &pages_, options);
    ASSERT_TRUE(door.ok()) << door.status();
    door_ = std::move(*door);
    client_ = std::make_unique<httplib::Client>("127.0.0.1", door_->port());
  }

  httplib::Result Get(const std::string& path,
                      const std::string& authorization = kKey) {
    httplib::Headers headers;
    if (!authorization.empty()) headers.emplace("Authorization", authorization);
    return client_->Get(path.c_str(), headers);
  }

  static nlohmann::json Error(const httplib::Result& res) {
    return nlohmann::json::parse(res->body)["error"];
  }

  MockNationalReads reads_;
  FakePublicPages pages_;
  prometheus::Registry registry_;
  HttpMetrics metrics_{registry_};
  std::unique_ptr<HttpFrontDoor> door_;
  std::unique_ptr<httplib::Client> client_;
};

TEST_F(HttpApiTest, TableAnswersProtobufJsonAndPassesTheBearerAndRequest) {
  v1::GetNationalTableRequest seen;
  std::string seen_auth;
  NationalReads::Deadline seen_deadline;
  EXPECT_CALL(reads_, GetNationalTable(_, _, _))
      .WillOnce([&](const std::string& auth,
                    const v1::GetNationalTableRequest& request,
                    NationalReads::Deadline deadline) {
        seen_auth = auth;
        seen = request;
        seen_deadline = deadline;
        return OneRowTable();
      });
  auto before = std::chrono::system_clock::now();
  auto res =
      Get("/api/v1/national/table?fiscal_year=2017-2018&indicators="
          "directories.enterprises,events.participants&regions=17,04&breakdown="
          "gender");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_THAT(res->get_header_value("Content-Type"),
              StartsWith("application/json"));
  EXPECT_EQ(seen_auth, kKey);
  EXPECT_EQ(seen.fiscal_year(), "2017-2018");
  EXPECT_THAT(
      seen.indicators(),
      ::testing::ElementsAre("directories.enterprises", "events.participants"));
  EXPECT_THAT(seen.region_codes(), ::testing::ElementsAre("17", "04"));
  EXPECT_EQ(seen.breakdown(), "gender");
  EXPECT_GT(seen_deadline, before + std::chrono::milliseconds(2000));
  EXPECT_LE(seen_deadline,
            std::chrono::system_clock::now() + std::chrono::milliseconds(3000));
  auto json = nlohmann::json::parse(res->body);
  EXPECT_EQ(json["fiscalYear"], "2017-2018");
  // int64 as a string, enums by name, zeros written (protobuf's mapping).
  EXPECT_EQ(json["rows"][0]["cells"][0]["value"], "225");
  EXPECT_EQ(json["rows"][0]["cells"][0]["source"], "CELL_SOURCE_COMPUTED");
  EXPECT_EQ(json["rows"][0]["cells"][0]["suppressed"], false);
  EXPECT_EQ(json["rows"][0]["state"], "DRAFT");
}

TEST_F(HttpApiTest, TableAsSemicolonCsvIsAnExcelReadyAttachment) {
  EXPECT_CALL(reads_, GetNationalTable(_, _, _))
      .WillOnce(Return(OneRowTable()));
  auto res = Get(
      "/api/v1/national/table?fiscal_year=2017-2018&format=csv&separator=%3B");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_THAT(res->get_header_value("Content-Type"), StartsWith("text/csv"));
  EXPECT_EQ(res->get_header_value("Content-Disposition"),
            "attachment; filename=\"tableau-national-2017-2018.csv\"");
  EXPECT_EQ(res->body,
            "\xEF\xBB\xBF"
            "Pôle;Tenant;Région;Code de région;État;Entreprises\r\n"
            "Pôle d'économie sociale du Centre-du-Québec;centre-du-quebec;;;"
            "brouillon;225\r\n"
            "Total national;;;;;\r\n"
            "Nombre de Pôles;;;;;0\r\n");
}

struct StatusCase {
  absl::StatusCode code;
  int http;
};

class HttpStatusTest : public HttpApiTest,
                       public ::testing::WithParamInterface<StatusCase> {};

TEST_P(HttpStatusTest, TheReadsCodeIsTheHttpStatusWithAJsonBody) {
  const StatusCase c = GetParam();
  EXPECT_CALL(reads_, ListFindings(_, _, _))
      .WillOnce(Return(absl::Status(c.code, "refused")));
  auto res = Get("/api/v1/national/findings?fiscal_year=2017-2018");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, c.http);
  EXPECT_THAT(res->get_header_value("Content-Type"),
              StartsWith("application/json"));
  auto error = Error(res);
  EXPECT_EQ(error["code"], c.http);
  EXPECT_EQ(error["status"], absl::StatusCodeToString(c.code));
  EXPECT_EQ(error["message"], "refused");
  if (c.http == 401) {
    EXPECT_EQ(res->get_header_value("WWW-Authenticate"), "Bearer");
  }
}

INSTANTIATE_TEST_SUITE_P(
    Codes, HttpStatusTest,
    ::testing::Values(StatusCase{absl::StatusCode::kUnauthenticated, 401},
                      StatusCase{absl::StatusCode::kPermissionDenied, 403},
                      StatusCase{absl::StatusCode::kInvalidArgument, 400},
                      StatusCase{absl::StatusCode::kNotFound, 404},
                      StatusCase{absl::StatusCode::kDeadlineExceeded, 504},
                      StatusCase{absl::StatusCode::kUnavailable, 503},
                      StatusCase{absl::StatusCode::kInternal, 500}));

TEST_F(HttpApiTest, AReadsFieldErrorNamesTheQueryParameter) {
  EXPECT_CALL(reads_, GetNationalTable(_, _, _))
      .WillOnce(Return(InvalidField("region_codes[0]", "is not a region")));
  auto res = Get("/api/v1/national/table?fiscal_year=2017-2018&regions=99");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
  auto error = Error(res);
  EXPECT_EQ(error["field"], "regions");
  EXPECT_EQ(error["violations"][0]["field"], "regions");
  EXPECT_EQ(error["reason"], "INVALID_FIELD");
}

TEST_F(HttpApiTest, ParameterErrorsNameTheParameterAndNeverCallTheReads) {
  EXPECT_CALL(reads_, GetNationalTable(_, _, _)).Times(0);
  EXPECT_CALL(reads_, GetFundingRollup(_, _, _)).Times(0);
  struct Case {
    const char* path;
    const char* field;
  };
  const Case cases[] = {
      {"/api/v1/national/table", "fiscal_year"},
      {"/api/v1/national/table?fiscal_year=2017-2019", "fiscal_year"},
      {"/api/v1/national/table?fiscal_year=2017-2018&region=17", "region"},
      {"/api/v1/national/table?fiscal_year=2017-2018&format=xml", "format"},
      {"/api/v1/national/table?fiscal_year=2017-2018&separator=%3B",
       "separator"},
      {"/api/v1/national/table?fiscal_year=2017-2018&fiscal_year=2016-2017",
       "fiscal_year"},
      {"/api/v1/national/funding?group_by=program", "fiscal_years"},
      {"/api/v1/national/funding?fiscal_years=2017-2018&group_by=a,b,c",
       "group_by"},
      {"/api/v1/national/funding?fiscal_years=2017-2018&filter.colour=red",
       "filter.colour"},
      {"/api/v1/tenants/centre-du-quebec/bilans/2017", "fiscal_year"},
      {"/api/v1/tenants/Centre/bilans/2017-2018.html", "tenant"},
      {"/api/v1/tenants/centre-du-quebec/bilans/2017-2018.html?lang=de",
       "lang"},
  };
  for (const auto& c : cases) {
    auto res = Get(c.path);
    ASSERT_TRUE(res) << c.path;
    EXPECT_EQ(res->status, 400) << c.path;
    EXPECT_EQ(Error(res)["field"], c.field) << c.path << ": " << res->body;
  }
}

TEST_F(HttpApiTest, FundingPassesGroupsAndFilters) {
  v1::GetFundingRollupRequest seen;
  EXPECT_CALL(reads_, GetFundingRollup(kKey, _, _))
      .WillOnce([&](const std::string&, const v1::GetFundingRollupRequest& r,
                    NationalReads::Deadline) {
        seen = r;
        return v1::FundingRollup();
      });
  auto res =
      Get("/api/v1/national/funding?fiscal_years=2016-2017,2017-2018&group_by="
          "program,mrc&filter.program=economie-sociale,pi");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200) << res->body;
  EXPECT_THAT(seen.fiscal_years(),
              ::testing::ElementsAre("2016-2017", "2017-2018"));
  EXPECT_THAT(seen.group_by(), ::testing::ElementsAre("program", "mrc"));
  ASSERT_EQ(seen.filters_size(), 1);
  EXPECT_EQ(seen.filters(0).dimension(), "program");
  EXPECT_THAT(seen.filters(0).values(),
              ::testing::ElementsAre("economie-sociale", "pi"));
}

TEST_F(HttpApiTest, BilanAsJsonAndAsHtml) {
  v1::Bilan bilan;
  bilan.set_name("tenants/centre-du-quebec/bilans/2017-2018");
  EXPECT_CALL(reads_, GetBilan(kKey, _, _))
      .WillOnce([&](const std::string&, const v1::GetBilanRequest& r,
                    NationalReads::Deadline) {
        EXPECT_EQ(r.name(), "tenants/centre-du-quebec/bilans/2017-2018");
        return bilan;
      });
  auto json = Get("/api/v1/tenants/centre-du-quebec/bilans/2017-2018");
  ASSERT_TRUE(json);
  EXPECT_EQ(json->status, 200);
  EXPECT_EQ(nlohmann::json::parse(json->body)["name"], bilan.name());

  v1::BilanDocument document;
  document.set_content_type("text/html; charset=utf-8");
  document.set_content("<html><h1>Bilan</h1></html>");
  EXPECT_CALL(reads_, RenderBilan(kKey, _, _))
      .WillOnce([&](const std::string&, const v1::RenderBilanRequest& r,
                    NationalReads::Deadline) {
        EXPECT_EQ(r.language(), "en");
        return document;
      });
  auto html =
      Get("/api/v1/tenants/centre-du-quebec/bilans/2017-2018.html?lang=en");
  ASSERT_TRUE(html);
  EXPECT_EQ(html->status, 200);
  EXPECT_EQ(html->get_header_value("Content-Type"), "text/html; charset=utf-8");
  EXPECT_EQ(html->body, document.content());
}

TEST_F(HttpApiTest, RequestsAreBounded) {
  EXPECT_CALL(reads_, GetNationalTable(_, _, _)).Times(0);
  std::string many = "/api/v1/national/table?fiscal_year=2017-2018";
  for (int i = 0; i < 10; ++i) many += "&p" + std::to_string(i) + "=1";
  auto res = Get(many);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
  EXPECT_THAT(Error(res)["message"].get<std::string>(),
              HasSubstr("query parameters"));

  auto long_value =
      Get("/api/v1/national/table?fiscal_year=2017-2018&"
          "indicators=" +
          std::string(300, 'a'));
  ASSERT_TRUE(long_value);
  EXPECT_EQ(long_value->status, 400);
  EXPECT_EQ(Error(long_value)["field"], "indicators");
}

TEST_F(HttpApiTest, UnknownPathsAreJson404) {
  auto res = Get("/api/v1/national/nothing");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 404);
  EXPECT_EQ(Error(res)["status"], "NOT_FOUND");
}

TEST_F(HttpApiTest, PublicCalendarNeedsNoKey) {
  auto res = Get("/p/centre-du-quebec/calendrier.ics", "");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->get_header_value("Content-Type"),
            "text/calendar; charset=utf-8");
  EXPECT_THAT(res->body, StartsWith("BEGIN:VCALENDAR"));
  auto unknown = Get("/p/nowhere/calendrier.ics", "");
  ASSERT_TRUE(unknown);
  EXPECT_EQ(unknown->status, 404);
}

TEST_F(HttpApiTest, PublicDirectoryByMrc) {
  auto res = Get("/p/centre-du-quebec/repertoire?mrc=becancour", "");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_THAT(res->body, HasSubstr("Bécancour"));
  auto missing = Get("/p/centre-du-quebec/repertoire", "");
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 400);
  EXPECT_EQ(Error(missing)["field"], "mrc");
  auto other = Get("/p/centre-du-quebec/repertoire?mrc=drummond", "");
  ASSERT_TRUE(other);
  EXPECT_EQ(other->status, 400);
  EXPECT_EQ(Error(other)["field"], "mrc");
}

TEST_F(HttpApiTest, RequestsAreCountedByRoutePatternNeverByPath) {
  EXPECT_CALL(reads_, GetBilan(kKey, _, _))
      .WillOnce(Return(v1::Bilan()))
      .WillOnce(Return(absl::PermissionDeniedError("not yours")));
  const std::string path = "/api/v1/tenants/centre-du-quebec/bilans/2017-2018";
  ASSERT_EQ(Get(path)->status, 200);
  ASSERT_EQ(Get(path)->status, 403);
  ASSERT_EQ(Get("/nowhere")->status, 404);
  const std::string text = RenderMetrics(registry_);
  const std::string route =
      "route=\"/api/v1/tenants/{tenant}/bilans/{fiscal_year}\"";
  EXPECT_THAT(text, HasSubstr("http_server_requests_total{code=\"200\"," +
                              route + "} 1\n"));
  EXPECT_THAT(text, HasSubstr("http_server_requests_total{code=\"403\"," +
                              route + "} 1\n"));
  EXPECT_THAT(
      text, HasSubstr("http_server_handling_seconds_count{" + route + "} 2\n"));
  EXPECT_THAT(text, Not(HasSubstr("centre-du-quebec")));
  EXPECT_THAT(text, Not(HasSubstr("nowhere")));
}

TEST(HttpStatusOfTest, FollowsGoogleRpcCodeMapping) {
  EXPECT_EQ(HttpStatusOf(absl::StatusCode::kOk), 200);
  EXPECT_EQ(HttpStatusOf(absl::StatusCode::kFailedPrecondition), 400);
  EXPECT_EQ(HttpStatusOf(absl::StatusCode::kResourceExhausted), 429);
  EXPECT_EQ(HttpStatusOf(absl::StatusCode::kUnimplemented), 501);
}

}  // namespace
}  // namespace poles::gateway

namespace poles::gateway {
namespace {

// The workspace's files under /espace/: index.html for the app's paths,
// with the Content-Security-Policy; the hashed assets; 404 when not built.
TEST(WorkspacePagesTest, ServesTheBuildUnderEspace) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() /
                       ("poles-workspace-" + std::to_string(::getpid()));
  fs::create_directories(dir / "assets");
  std::ofstream(dir / "index.html") << "<!doctype html><title>Espace</title>";
  std::ofstream(dir / "assets" / "index-abc.js") << "console.log(1);";
  MockNationalReads reads;
  HttpApiOptions options;
  options.workspace_dir = dir.string();
  auto door = HttpFrontDoor::Start("127.0.0.1:0", reads, nullptr, options);
  ASSERT_TRUE(door.ok()) << door.status();
  httplib::Client client("127.0.0.1", (*door)->port());

  auto moved = client.Get("/espace");
  ASSERT_TRUE(moved);
  EXPECT_EQ(moved->status, 301);
  EXPECT_EQ(moved->get_header_value("Location"), "/espace/");
  for (const char* path : {"/espace/", "/espace/repertoire"}) {
    auto page = client.Get(path);
    ASSERT_TRUE(page) << path;
    EXPECT_EQ(page->status, 200) << path;
    EXPECT_THAT(page->body, HasSubstr("<title>Espace</title>"));
    EXPECT_THAT(page->get_header_value("Content-Security-Policy"),
                AllOf(HasSubstr("script-src 'self'"),
                      HasSubstr("frame-ancestors 'none'")));
    EXPECT_EQ(page->get_header_value("X-Content-Type-Options"), "nosniff");
  }
  auto script = client.Get("/espace/assets/index-abc.js");
  ASSERT_TRUE(script);
  EXPECT_EQ(script->status, 200);
  EXPECT_THAT(script->get_header_value("Content-Type"),
              HasSubstr("javascript"));
  EXPECT_THAT(script->get_header_value("Cache-Control"),
              HasSubstr("immutable"));
  auto absent = client.Get("/espace/assets/nothing.js");
  ASSERT_TRUE(absent);
  EXPECT_EQ(absent->status, 404);
  // A file name outside the app's paths is never index.html.
  auto dotted = client.Get("/espace/../index.html");
  ASSERT_TRUE(dotted);
  EXPECT_NE(dotted->status, 200);
  (*door)->Stop();
  fs::remove_all(dir);

  // Not built: 404 naming the build step.
  HttpApiOptions none;
  auto bare = HttpFrontDoor::Start("127.0.0.1:0", reads, nullptr, none);
  ASSERT_TRUE(bare.ok());
  httplib::Client bare_client("127.0.0.1", (*bare)->port());
  auto missing = bare_client.Get("/espace/");
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);
  EXPECT_THAT(missing->body, HasSubstr("build:workspace"));
}

}  // namespace
}  // namespace poles::gateway
