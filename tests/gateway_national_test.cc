// poles-gateway's NationalService in process, against a real poles-server
// stack and PostgreSQL: the table's cells equal the services' own summaries
// for a tenant, a tenant with nothing is marked missing, roles see what they
// may, and a backend stopped mid-way leaves its tenants unreachable.
#include <httplib.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <set>
#include <string>

#include "absl/time/time.h"
#include "gateway/gateway_server.h"
#include "poles/v1/national.grpc.pb.h"
#include "tests/test_env.h"

namespace poles::testing {
namespace {

using Clock = std::chrono::system_clock;

int64_t Montreal(int y, int m, int d, int hh) {
  absl::TimeZone tz;
  EXPECT_TRUE(absl::LoadTimeZone("America/Montreal", &tz));
  return absl::ToUnixSeconds(
      absl::FromCivil(absl::CivilMinute(y, m, d, hh, 0), tz));
}

void CreateEvent(const TestTenant& t, v1::Event::Kind kind, int64_t start,
                 int women, int men) {
  v1::CreateEventRequest r;
  r.set_parent(t.parent());
  v1::Event* e = r.mutable_event();
  e->set_title("Activité");
  e->set_kind(kind);
  e->set_organised(true);
  e->mutable_start_time()->set_seconds(start);
  e->mutable_end_time()->set_seconds(start + 7200);
  e->mutable_participants()->set_women(women);
  e->mutable_participants()->set_men(men);
  v1::Event out;
  ASSERT_THAT(S(Events()->CreateEvent(Ctx(t.editor_key).get(), r, &out)),
              IsOk());
}

void Report(const TestTenant& t, const std::string& indicator, int64_t value) {
  v1::ReportIndicatorValueRequest r;
  r.set_parent(t.parent());
  r.set_fiscal_year("2017-2018");
  r.mutable_value()->set_indicator(indicator);
  r.mutable_value()->set_value(value);
  v1::IndicatorValue out;
  ASSERT_THAT(S(Directories()->ReportDirectoriesIndicator(
                  Ctx(t.editor_key).get(), r, &out)),
              IsOk());
}

// The services' own totals for the tenant, by indicator.
std::map<std::string, int64_t> ServiceTotals(const TestTenant& t) {
  std::map<std::string, int64_t> out;
  v1::SummarizeRequest r;
  r.set_parent(t.parent());
  r.set_fiscal_year("2017-2018");
  v1::IndicatorSummary s;
  EXPECT_THAT(S(Events()->SummarizeEvents(Ctx(ServiceKey()).get(), r, &s)),
              IsOk());
  for (const auto& v : s.values())
    if (v.dimensions().empty()) out[v.indicator()] = v.value();
  s.Clear();
  EXPECT_THAT(
      S(Directories()->SummarizeDirectories(Ctx(ServiceKey()).get(), r, &s)),
      IsOk());
  for (const auto& v : s.values())
    if (v.dimensions().empty()) out[v.indicator()] = v.value();
  s.Clear();
  EXPECT_THAT(S(Funding()->SummarizeFunding(Ctx(ServiceKey()).get(), r, &s)),
              IsOk());
  for (const auto& v : s.values())
    if (v.dimensions().empty()) out[v.indicator()] = v.value();
  return out;
}

class GatewayNationalTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    filled_ = new TestTenant(NewTenant("gwfull"));
    empty_ = new TestTenant(NewTenant("gwempty"));
    CreateEvent(*filled_, v1::Event::FORUM, Montreal(2017, 6, 1, 9), 30, 2);
    CreateEvent(*filled_, v1::Event::TRAINING, Montreal(2018, 2, 1, 9), 8, 1);
    CreateEvent(*filled_, v1::Event::FORUM, Montreal(2016, 6, 1, 9), 5, 5);
    Report(*filled_, "directories.enterprises", 237);
    backend_ = new TestServer(StartTestServer(TestServerOptions()));
    // Keys and tenants from another replica, which stays up when the
    // backend goes down (ZZABackendDownLeavesItsTenantsUnreachable).
    directory_ = new TestServer(StartTestServer(TestServerOptions()));
    gateway::GatewayOptions o;
    o.listen = "127.0.0.1:0";
    o.server = "127.0.0.1:" + std::to_string(backend_->server->port());
    o.directory_server =
        "127.0.0.1:" + std::to_string(directory_->server->port());
    o.service_key = ServiceKey();
    o.auth_cache_ttl = std::chrono::milliseconds(0);
    o.metrics_listen = "127.0.0.1:0";
    auto g = gateway::GatewayServer::Start(o);
    ASSERT_TRUE(g.ok()) << g.status();
    gateway_ = g->release();
    channel_ = new std::shared_ptr<grpc::Channel>(
        grpc::CreateChannel("127.0.0.1:" + std::to_string(gateway_->port()),
                            grpc::InsecureChannelCredentials()));
  }
  static void TearDownTestSuite() {
    delete channel_;
    delete gateway_;
    delete backend_;
    delete directory_;
  }

  absl::StatusOr<v1::NationalTable> Table(const std::string& key,
                                          const std::string& breakdown = "") {
    auto stub = v1::NationalService::NewStub(*channel_);
    v1::GetNationalTableRequest r;
    r.set_fiscal_year("2017-2018");
    r.set_breakdown(breakdown);
    v1::NationalTable t;
    auto s = stub->GetNationalTable(Ctx(key).get(), r, &t);
    if (!s.ok()) return S(s);
    return t;
  }

  // The gateway's /metrics, over HTTP.
  static std::string Scrape() {
    httplib::Client http("127.0.0.1", gateway_->metrics_port());
    auto res = http.Get("/metrics");
    EXPECT_TRUE(res);
    if (!res) return "";
    EXPECT_EQ(res->status, 200);
    return res->body;
  }

  // The value of `series` (name and labels, as written) in `text`; -1 when
  // absent.
  static double Value(const std::string& text, const std::string& series) {
    const std::string line = series + " ";
    size_t at = text.rfind("\n" + line);
    if (at == std::string::npos) return -1;
    return std::stod(text.substr(at + 1 + line.size()));
  }

  static const v1::NationalTableRow* Row(const v1::NationalTable& t,
                                         const TestTenant& tenant) {
    for (const auto& r : t.rows())
      if (r.tenant() == tenant.parent()) return &r;
    return nullptr;
  }

  static TestTenant* filled_;
  static TestTenant* empty_;
  static TestServer* backend_;
  static TestServer* directory_;
  static gateway::GatewayServer* gateway_;
  static std::shared_ptr<grpc::Channel>* channel_;
};

TestTenant* GatewayNationalTest::filled_ = nullptr;
TestTenant* GatewayNationalTest::empty_ = nullptr;
TestServer* GatewayNationalTest::backend_ = nullptr;
TestServer* GatewayNationalTest::directory_ = nullptr;
gateway::GatewayServer* GatewayNationalTest::gateway_ = nullptr;
std::shared_ptr<grpc::Channel>* GatewayNationalTest::channel_ = nullptr;

TEST_F(GatewayNationalTest, TheRowEqualsTheServicesOwnSummaries) {
  auto t = Table(PlatformKey("national"));
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_EQ(t->unreachable_size(), 0);
  const v1::NationalTableRow* row = Row(*t, *filled_);
  ASSERT_NE(row, nullptr);
  EXPECT_EQ(row->state(), v1::NationalTableRow::DRAFT);
  const auto expected = ServiceTotals(*filled_);
  ASSERT_FALSE(expected.empty());
  EXPECT_EQ(expected.at("events.participants"), 41);
  EXPECT_EQ(expected.at("directories.enterprises"), 237);
  int compared = 0;
  for (const auto& cell : row->cells()) {
    if (!cell.dimensions().empty()) continue;
    auto it = expected.find(cell.indicator());
    if (it == expected.end()) {
      EXPECT_EQ(cell.source(), v1::CELL_SOURCE_MISSING) << cell.indicator();
      continue;
    }
    EXPECT_EQ(cell.value(), it->second) << cell.indicator();
    EXPECT_NE(cell.source(), v1::CELL_SOURCE_MISSING) << cell.indicator();
    ++compared;
  }
  EXPECT_EQ(compared, static_cast<int>(expected.size()));
  for (const auto& cell : row->cells()) {
    if (cell.indicator() == "directories.enterprises") {
      EXPECT_EQ(cell.source(), v1::CELL_SOURCE_REPORTED);
      EXPECT_EQ(cell.display(), "237");
    }
    if (cell.indicator() == "plans.indicators_achieved") {
      EXPECT_EQ(cell.source(), v1::CELL_SOURCE_MISSING);
    }
  }
  const v1::NationalTableRow* nothing = Row(*t, *empty_);
  ASSERT_NE(nothing, nullptr);
  EXPECT_EQ(nothing->state(), v1::NationalTableRow::NOTHING);
  for (const auto& cell : nothing->cells()) {
    if (cell.source() != v1::CELL_SOURCE_MISSING) {
      EXPECT_EQ(cell.value(), 0) << cell.indicator();
    }
  }
}

TEST_F(GatewayNationalTest, SmallGenderCellsAreSuppressedForNationalOnly) {
  auto t = Table(PlatformKey("national"), "gender");
  ASSERT_TRUE(t.ok()) << t.status();
  const v1::NationalTableRow* row = Row(*t, *filled_);
  ASSERT_NE(row, nullptr);
  bool saw_suppressed = false;
  for (const auto& cell : row->cells()) {
    if (cell.indicator() == "events.participants" &&
        cell.dimensions().count("gender") && cell.suppressed()) {
      saw_suppressed = true;
      EXPECT_EQ(cell.display(), "< 5");
    }
  }
  EXPECT_TRUE(saw_suppressed);
  auto own = Table(filled_->viewer_key, "gender");
  ASSERT_TRUE(own.ok()) << own.status();
  ASSERT_EQ(own->rows_size(), 1);
  for (const auto& cell : own->rows(0).cells()) EXPECT_FALSE(cell.suppressed());
}

TEST_F(GatewayNationalTest, RolesSeeWhatTheyMay) {
  auto funding = Table(PlatformKey("funding"));
  ASSERT_TRUE(funding.ok()) << funding.status();
  for (const auto& c : funding->columns()) EXPECT_EQ(c.service(), "funding");
  auto own = Table(empty_->editor_key);
  ASSERT_TRUE(own.ok()) << own.status();
  ASSERT_EQ(own->rows_size(), 1);
  EXPECT_EQ(own->rows(0).tenant(), empty_->parent());
  EXPECT_THAT(Table(AdminKey()).status(),
              StatusIs(absl::StatusCode::kPermissionDenied));
  EXPECT_THAT(Table(ServiceKey()).status(),
              StatusIs(absl::StatusCode::kPermissionDenied));
  EXPECT_THAT(Table("").status(), StatusIs(absl::StatusCode::kUnauthenticated));
  auto stub = v1::NationalService::NewStub(*channel_);
  v1::GetNationalTableRequest r;
  r.set_fiscal_year("2017");
  v1::NationalTable out;
  EXPECT_THAT(
      S(stub->GetNationalTable(Ctx(PlatformKey("national")).get(), r, &out)),
      InvalidFieldIs("fiscal_year"));
}

TEST_F(GatewayNationalTest, BilanRollupAndFindingsOverTheWire) {
  auto stub = v1::NationalService::NewStub(*channel_);
  v1::GetBilanRequest get;
  get.set_name(filled_->parent() + "/bilans/2017-2018");
  v1::Bilan bilan;
  ASSERT_THAT(S(stub->GetBilan(Ctx(filled_->viewer_key).get(), get, &bilan)),
              IsOk());
  EXPECT_EQ(bilan.name(), get.name());
  EXPECT_GT(bilan.sections_size(), 0);
  EXPECT_EQ(bilan.disclosure_threshold(), 0);
  v1::RenderBilanRequest render;
  render.set_name(get.name());
  v1::BilanDocument document;
  ASSERT_THAT(S(stub->RenderBilan(Ctx(PlatformKey("national")).get(), render,
                                  &document)),
              IsOk());
  EXPECT_EQ(document.content_type(), "text/html; charset=utf-8");
  EXPECT_THAT(S(stub->GetBilan(Ctx(empty_->viewer_key).get(), get, &bilan)),
              StatusIs(absl::StatusCode::kPermissionDenied));

  v1::GetFundingRollupRequest rollup_request;
  rollup_request.add_fiscal_years("2017-2018");
  rollup_request.add_group_by("region");
  v1::FundingRollup rollup;
  ASSERT_THAT(S(stub->GetFundingRollup(Ctx(PlatformKey("funding")).get(),
                                       rollup_request, &rollup)),
              IsOk());
  EXPECT_EQ(rollup.unreachable_size(), 0);

  v1::ListFindingsRequest findings;
  findings.set_fiscal_year("2017-2018");
  findings.add_tenants(filled_->parent());
  v1::ListFindingsResponse listed;
  ASSERT_THAT(S(stub->ListFindings(Ctx(PlatformKey("national")).get(), findings,
                                   &listed)),
              IsOk());
  EXPECT_EQ(listed.unreachable_size(), 0);
}

TEST_F(GatewayNationalTest, MetricsCountTheCallsAndTheFanOut) {
  const std::string ok_table =
      "grpc_server_handled_total{grpc_code=\"OK\",grpc_method="
      "\"GetNationalTable\",grpc_service=\"poles.v1.NationalService\"}";
  const std::string before = Scrape();
  const double fan_outs = Value(before, "poles_gateway_fan_out_calls_count");
  ASSERT_GE(fan_outs, 0) << before;
  const double tables = std::max(0.0, Value(before, ok_table));
  auto t = Table(PlatformKey("national"));
  ASSERT_TRUE(t.ok()) << t.status();
  const std::string after = Scrape();
  EXPECT_EQ(Value(after, ok_table), tables + 1) << after;
  // One fan-out per table, of at least a call per tenant shown.
  EXPECT_EQ(Value(after, "poles_gateway_fan_out_calls_count"), fan_outs + 1);
  EXPECT_GE(Value(after, "poles_gateway_fan_out_calls_sum") -
                Value(before, "poles_gateway_fan_out_calls_sum"),
            t->rows_size());
  // Every call answered before the read returned.
  EXPECT_EQ(Value(after, "poles_gateway_fan_out_calls_in_flight"), 0);
  EXPECT_EQ(Value(after, "poles_gateway_fan_out_unreachable_tenants_sum"),
            Value(before, "poles_gateway_fan_out_unreachable_tenants_sum"));
  // No tenant in any label.
  EXPECT_EQ(after.find(filled_->slug), std::string::npos);
}

// Last: stops the backend.
TEST_F(GatewayNationalTest, ZZABackendDownLeavesItsTenantsUnreachable) {
  backend_->server->Shutdown();
  const std::string before = Scrape();
  const auto start = Clock::now();
  auto t = Table(PlatformKey("national"));
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_LT(Clock::now() - start, std::chrono::seconds(30));
  EXPECT_GT(t->unreachable_size(), 0);
  // The metric counts each unreachable tenant once, whatever its services.
  std::set<std::string> unreachable;
  for (const auto& u : t->unreachable()) unreachable.insert(u.tenant());
  const std::string after = Scrape();
  EXPECT_EQ(Value(after, "poles_gateway_fan_out_unreachable_tenants_sum") -
                Value(before, "poles_gateway_fan_out_unreachable_tenants_sum"),
            static_cast<double>(unreachable.size()))
      << after;
  EXPECT_EQ(Value(after, "poles_gateway_fan_out_calls_in_flight"), 0);
  const v1::NationalTableRow* row = Row(*t, *filled_);
  ASSERT_NE(row, nullptr);
  EXPECT_EQ(row->state(), v1::NationalTableRow::UNREACHABLE);
  for (const auto& total : t->totals()) {
    if (total.indicator().rfind("plans.", 0) == 0) continue;
    EXPECT_TRUE(total.partial()) << total.indicator();
    EXPECT_EQ(total.tenant_count(), 0) << total.indicator();
  }
}

}  // namespace
}  // namespace poles::testing
