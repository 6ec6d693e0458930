#include "gateway/national_reads_impl.h"

#include <map>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/common/errors.h"
#include "services/common/summary_stub_mock.h"

namespace poles::gateway {
namespace {

using ::poles::testing::AnswerSummary;
using ::poles::testing::MockSummaryStub;
using ::testing::_;
using ::testing::Field;
using ::testing::Invoke;
using ::testing::Property;
using Clock = std::chrono::system_clock;

// Keys are "Bearer <role>" or "Bearer <role>:<tenant>".
class FakeDirectory final : public TenantDirectory {
 public:
  absl::StatusOr<Principal> Authenticate(const std::string& authorization,
                                         Deadline) override {
    if (authorization.rfind("Bearer ", 0) != 0) {
      return absl::UnauthenticatedError("missing credentials");
    }
    std::string key = authorization.substr(7);
    Principal p;
    auto colon = key.find(':');
    if (colon != std::string::npos) {
      p.tenant = key.substr(colon + 1);
      key = key.substr(0, colon);
    }
    p.role = RoleFromName(key);
    if (p.role == v1::ROLE_UNSPECIFIED) {
      return absl::UnauthenticatedError("unknown key");
    }
    return p;
  }
  absl::StatusOr<std::vector<TenantInfo>> Tenants(Deadline) override {
    return std::vector<TenantInfo>{
        {"centre-du-quebec", "Pôle CDQ", "17", "Centre-du-Québec", {}},
        {"estrie", "Pôle Estrie", "05", "Estrie", {}}};
  }
  absl::StatusOr<std::vector<v1::NationalIndicator>> Catalogue(
      Deadline) override {
    std::vector<v1::NationalIndicator> out(3);
    out[0].set_name("nationalIndicators/events.held");
    out[0].set_unit("count");
    out[0].set_service("events");
    out[0].add_dimensions("event_kind");
    out[1].set_name("nationalIndicators/funding.amount_authorised");
    out[1].set_unit("cents");
    out[1].set_service("funding");
    out[2].set_name("nationalIndicators/plans.indicators_achieved");
    out[2].set_unit("count");
    out[2].set_service("plans");
    return out;
  }
  absl::StatusOr<ReferenceLabels> Labels(Deadline) override {
    ReferenceLabels l;
    l.by_dimension["region"] = {{"17", "Centre-du-Québec"}, {"05", "Estrie"}};
    return l;
  }
};

v1::IndicatorSummary One(const std::string& code, int64_t value) {
  v1::IndicatorSummary s;
  auto* v = s.add_values();
  v->set_indicator(code);
  v->set_value(value);
  v->set_provenance(v1::PROVENANCE_COMPUTED);
  return s;
}

class NationalReadsImplTest : public ::testing::Test {
 protected:
  NationalReadsImplTest()
      : reads_(directory_, stub_, fiscal_years_, Options()) {}
  static NationalReadsOptions Options() {
    NationalReadsOptions o;
    o.service_authorization = "Bearer service-key";
    return o;
  }
  v1::GetNationalTableRequest Table() {
    v1::GetNationalTableRequest r;
    r.set_fiscal_year("2017-2018");
    return r;
  }
  Clock::time_point Soon() { return Clock::now() + std::chrono::seconds(5); }

  FakeDirectory directory_;
  MockSummaryStub stub_;
  FakeFiscalYearReader fiscal_years_;
  NationalReadsImpl reads_;
};

TEST_F(NationalReadsImplTest, NationalReadsEveryTenantWithTheServiceKey) {
  EXPECT_CALL(stub_, AsyncSummarize(_,
                                    Field(&SummaryCallOptions::authorization,
                                          "Bearer service-key"),
                                    "events", _, _))
      .Times(4)
      .WillRepeatedly(Invoke(AnswerSummary(One("events.held", 4))));
  EXPECT_CALL(stub_, AsyncSummarize(_, _, "funding", _, _))
      .Times(4)
      .WillRepeatedly(
          Invoke(AnswerSummary(One("funding.amount_authorised", 100))));
  EXPECT_CALL(stub_, AsyncSummarize(_, _, "plans", _, _))
      .Times(4)
      .WillRepeatedly(
          Invoke(AnswerSummary(absl::UnimplementedError("no summaries"))));
  v1::FiscalYear submitted;
  submitted.set_state(v1::FiscalYear::SUBMITTED);
  fiscal_years_.states["estrie"] = submitted;
  auto t = reads_.GetNationalTable("Bearer national", Table(), Soon());
  ASSERT_TRUE(t.ok()) << t.status();
  ASSERT_EQ(t->rows_size(), 2);
  EXPECT_EQ(t->columns_size(), 3);
  EXPECT_EQ(t->rows(1).state(), v1::NationalTableRow::SUBMITTED);
  EXPECT_EQ(t->rows(0).state(), v1::NationalTableRow::DRAFT);
  EXPECT_EQ(t->totals(0).value(), 8);
  EXPECT_EQ(t->unreachable_size(), 0);
  EXPECT_TRUE(t->has_compute_time());
  EXPECT_EQ(t->disclosure_threshold(), 5);
}

TEST_F(NationalReadsImplTest, FundingAsksTheFundingServiceOnly) {
  EXPECT_CALL(stub_, AsyncSummarize(_, _, "funding", _, _))
      .Times(4)
      .WillRepeatedly(
          Invoke(AnswerSummary(One("funding.amount_authorised", 100))));
  auto t = reads_.GetNationalTable("Bearer funding", Table(), Soon());
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_EQ(t->columns_size(), 1);
  auto r = Table();
  r.add_indicators("events.held");
  EXPECT_EQ(
      reads_.GetNationalTable("Bearer funding", r, Soon()).status().code(),
      absl::StatusCode::kPermissionDenied);
}

TEST_F(NationalReadsImplTest, ATenantReadsItsOwnRowOnlyExactly) {
  EXPECT_CALL(stub_,
              AsyncSummarize(
                  _, _, _,
                  Property(&v1::SummarizeRequest::parent, "tenants/estrie"), _))
      .Times(6)
      .WillRepeatedly(Invoke(AnswerSummary(One("events.held", 1))));
  auto t = reads_.GetNationalTable("Bearer viewer:estrie", Table(), Soon());
  ASSERT_TRUE(t.ok()) << t.status();
  ASSERT_EQ(t->rows_size(), 1);
  EXPECT_EQ(t->rows(0).tenant(), "tenants/estrie");
  EXPECT_EQ(t->disclosure_threshold(), 0);
}

TEST_F(NationalReadsImplTest, OtherRolesAreDenied) {
  for (const char* key : {"Bearer admin", "Bearer service"}) {
    EXPECT_EQ(reads_.GetNationalTable(key, Table(), Soon()).status().code(),
              absl::StatusCode::kPermissionDenied)
        << key;
  }
  EXPECT_EQ(reads_.GetNationalTable("", Table(), Soon()).status().code(),
            absl::StatusCode::kUnauthenticated);
}

TEST_F(NationalReadsImplTest, ValidationNamesTheField) {
  auto r = Table();
  r.set_fiscal_year("2017");
  auto s = reads_.GetNationalTable("Bearer national", r, Soon()).status();
  ASSERT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(FieldViolationsOf(s).at(0).field, "fiscal_year");
  r = Table();
  r.add_indicators("events.nope");
  s = reads_.GetNationalTable("Bearer national", r, Soon()).status();
  EXPECT_EQ(FieldViolationsOf(s).at(0).field, "indicators[0]");
  r = Table();
  r.add_region_codes("99");
  s = reads_.GetNationalTable("Bearer national", r, Soon()).status();
  EXPECT_EQ(FieldViolationsOf(s).at(0).field, "region_codes[0]");
  r = Table();
  r.set_breakdown("colour");
  s = reads_.GetNationalTable("Bearer national", r, Soon()).status();
  EXPECT_EQ(FieldViolationsOf(s).at(0).field, "breakdown");
}

TEST_F(NationalReadsImplTest, BreakdownIsAskedOnlyOfServicesThatAllowIt) {
  EXPECT_CALL(
      stub_,
      AsyncSummarize(_, _, "events",
                     Property(&v1::SummarizeRequest::dimensions_size, 1), _))
      .Times(4)
      .WillRepeatedly(Invoke(AnswerSummary(One("events.held", 1))));
  EXPECT_CALL(
      stub_,
      AsyncSummarize(_, _, ::testing::Ne("events"),
                     Property(&v1::SummarizeRequest::dimensions_size, 0), _))
      .Times(8)
      .WillRepeatedly(Invoke(AnswerSummary(v1::IndicatorSummary())));
  auto r = Table();
  r.set_breakdown("event_kind");
  auto t = reads_.GetNationalTable("Bearer national", r, Soon());
  ASSERT_TRUE(t.ok()) << t.status();
}

TEST_F(NationalReadsImplTest, RowsCarryYearOverYearFindings) {
  EXPECT_CALL(stub_,
              AsyncSummarize(
                  _, _, "events",
                  Property(&v1::SummarizeRequest::fiscal_year, "2017-2018"), _))
      .Times(2)
      .WillRepeatedly(Invoke(AnswerSummary(One("events.held", 40))));
  EXPECT_CALL(stub_,
              AsyncSummarize(
                  _, _, "events",
                  Property(&v1::SummarizeRequest::fiscal_year, "2016-2017"), _))
      .Times(2)
      .WillRepeatedly(Invoke(AnswerSummary(One("events.held", 4))));
  EXPECT_CALL(stub_, AsyncSummarize(_, _, ::testing::Ne("events"), _, _))
      .WillRepeatedly(Invoke(AnswerSummary(v1::IndicatorSummary())));
  auto t = reads_.GetNationalTable("Bearer national", Table(), Soon());
  ASSERT_TRUE(t.ok()) << t.status();
  ASSERT_GE(t->rows(0).findings_size(), 1);
  EXPECT_EQ(t->rows(0).findings(0).rule(), v1::Finding::YEAR_OVER_YEAR);
  EXPECT_EQ(t->rows(0).findings(0).value(), 40);
  EXPECT_EQ(t->rows(0).findings(0).compared_value(), 4);
}

TEST_F(NationalReadsImplTest, FundingRollupForTheFundingRole) {
  EXPECT_CALL(stub_, AsyncSummarize(_, _, "funding", _, _))
      .Times(2)
      .WillRepeatedly(
          Invoke(AnswerSummary(One("funding.amount_authorised", 100))));
  v1::GetFundingRollupRequest r;
  r.add_fiscal_years("2017-2018");
  auto rollup = reads_.GetFundingRollup("Bearer funding", r, Soon());
  ASSERT_TRUE(rollup.ok()) << rollup.status();
  EXPECT_EQ(rollup->total().awards().amount_authorised_cents(), 200);
  EXPECT_TRUE(rollup->has_compute_time());
  r.set_fiscal_years(0, "2017");
  EXPECT_EQ(
      reads_.GetFundingRollup("Bearer funding", r, Soon()).status().code(),
      absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(reads_.GetFundingRollup("Bearer admin", {}, Soon()).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_F(NationalReadsImplTest, BilanAccess) {
  v1::GetBilanRequest r;
  r.set_name("tenants/estrie/bilans/2017-2018");
  EXPECT_EQ(reads_.GetBilan("Bearer funding", r, Soon()).status().code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(reads_.GetBilan("Bearer viewer:centre-du-quebec", r, Soon())
                .status()
                .code(),
            absl::StatusCode::kPermissionDenied);
  v1::GetBilanRequest bad;
  bad.set_name("tenants/estrie/bilans/2017");
  EXPECT_EQ(FieldViolationsOf(
                reads_.GetBilan("Bearer national", bad, Soon()).status())
                .at(0)
                .field,
            "name");
  EXPECT_CALL(stub_,
              AsyncSummarize(
                  _, _, _,
                  Property(&v1::SummarizeRequest::parent, "tenants/estrie"), _))
      .WillRepeatedly(Invoke(AnswerSummary(One("events.held", 3))));
  v1::FiscalYear submitted;
  submitted.set_state(v1::FiscalYear::SUBMITTED);
  fiscal_years_.states["estrie"] = submitted;
  auto bilan = reads_.GetBilan("Bearer viewer:estrie", r, Soon());
  ASSERT_TRUE(bilan.ok()) << bilan.status();
  EXPECT_EQ(bilan->name(), "tenants/estrie/bilans/2017-2018");
  EXPECT_EQ(bilan->state(), v1::NationalTableRow::SUBMITTED);
  v1::RenderBilanRequest render;
  render.set_name(r.name());
  auto html = reads_.RenderBilan("Bearer national", render, Soon());
  ASSERT_TRUE(html.ok()) << html.status();
  EXPECT_EQ(html->content_type(), "text/html; charset=utf-8");
  EXPECT_NE(html->content().find("<html"), std::string::npos);
  render.set_language("de");
  EXPECT_EQ(FieldViolationsOf(
                reads_.RenderBilan("Bearer national", render, Soon()).status())
                .at(0)
                .field,
            "language");
}

TEST_F(NationalReadsImplTest, FindingsAccess) {
  v1::ListFindingsRequest r;
  r.set_fiscal_year("2017-2018");
  EXPECT_EQ(reads_.ListFindings("Bearer funding", r, Soon()).status().code(),
            absl::StatusCode::kPermissionDenied);
  r.add_tenants("tenants/centre-du-quebec");
  EXPECT_EQ(
      reads_.ListFindings("Bearer editor:estrie", r, Soon()).status().code(),
      absl::StatusCode::kPermissionDenied);
  r.set_tenants(0, "nope");
  EXPECT_EQ(FieldViolationsOf(
                reads_.ListFindings("Bearer national", r, Soon()).status())
                .at(0)
                .field,
            "tenants[0]");
  r.clear_tenants();
  EXPECT_CALL(stub_, AsyncSummarize(_, _, "events", _, _))
      .WillRepeatedly(Invoke(AnswerSummary(absl::UnavailableError("down"))));
  EXPECT_CALL(stub_, AsyncSummarize(_, _, ::testing::Ne("events"), _, _))
      .WillRepeatedly(Invoke(AnswerSummary(v1::IndicatorSummary())));
  auto f = reads_.ListFindings("Bearer national", r, Soon());
  ASSERT_TRUE(f.ok()) << f.status();
  EXPECT_EQ(f->unreachable_size(), 2);
}

}  // namespace
}  // namespace poles::gateway
