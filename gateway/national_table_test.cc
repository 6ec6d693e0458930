#include "gateway/national_table.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace poles::gateway {
namespace {

using ::testing::ElementsAre;

v1::NationalIndicator Indicator(const std::string& code,
                                const std::string& unit,
                                const std::string& service,
                                std::vector<std::string> dims = {}) {
  v1::NationalIndicator i;
  i.set_name("nationalIndicators/" + code);
  i.set_label_fr(code);
  i.set_unit(unit);
  i.set_service(service);
  for (auto& d : dims) i.add_dimensions(d);
  return i;
}

std::vector<v1::NationalIndicator> Catalogue() {
  return {
      Indicator("directories.enterprises", "count", "directories",
                {"mrc", "sector"}),
      Indicator("events.held", "count", "events", {"event_kind"}),
      Indicator("events.participants", "people", "events",
                {"event_kind", "gender"}),
      Indicator("funding.amount_authorised", "cents", "funding", {"funder"})};
}

void AddValue(v1::IndicatorSummary* s, const std::string& code, int64_t value,
              v1::Provenance provenance = v1::PROVENANCE_COMPUTED,
              std::map<std::string, std::string> dims = {}) {
  auto* v = s->add_values();
  v->set_indicator(code);
  v->set_value(value);
  v->set_provenance(provenance);
  for (auto& [k, d] : dims) (*v->mutable_dimensions())[k] = d;
}

TenantSummaries Tenant(const std::string& slug,
                       const std::string& region = "17") {
  TenantSummaries t;
  t.tenant = {slug, "Pôle " + slug, region, "Région " + region, {}};
  t.fiscal_year = "2017-2018";
  for (const char* s : {"directories", "events", "funding"}) {
    t.by_service[s].set_tenant("tenants/" + slug);
  }
  return t;
}

v1::GetNationalTableRequest Request(const std::string& breakdown = "") {
  v1::GetNationalTableRequest r;
  r.set_fiscal_year("2017-2018");
  r.set_breakdown(breakdown);
  return r;
}

const v1::TableCell& Cell(const v1::NationalTable& t, int row,
                          const std::string& code) {
  for (const auto& c : t.rows(row).cells()) {
    if (c.indicator() == code && c.dimensions().empty()) return c;
  }
  ADD_FAILURE() << "no cell " << code;
  static v1::TableCell none;
  return none;
}

const v1::NationalTotal& Total(const v1::NationalTable& t,
                               const std::string& code,
                               const std::string& dim = "",
                               const std::string& value = "") {
  for (const auto& c : t.totals()) {
    if (c.indicator() != code) continue;
    if (dim.empty()
            ? c.dimensions().empty()
            : c.dimensions().count(dim) && c.dimensions().at(dim) == value)
      return c;
  }
  ADD_FAILURE() << "no total " << code;
  static v1::NationalTotal none;
  return none;
}

TEST(NationalTableTest, DisplaysAreFrench) {
  TenantSummaries a = Tenant("a");
  AddValue(&a.by_service["funding"], "funding.amount_authorised", 33790500);
  AddValue(&a.by_service["events"], "events.held", 1234);
  auto t = BuildNationalTable(Catalogue(), {a}, {}, Request(),
                              Audience::kNational, 5);
  EXPECT_EQ(Cell(t, 0, "funding.amount_authorised").display(),
            "337\u00a0905,00\u00a0$");
  EXPECT_EQ(Cell(t, 0, "events.held").display(), "1\u00a0234");
  EXPECT_EQ(Total(t, "events.held").display(), "1\u00a0234");
}

TEST(NationalTableTest, MissingIsNotZero) {
  TenantSummaries a = Tenant("a");
  AddValue(&a.by_service["events"], "events.held", 0);
  AddValue(&a.by_service["directories"], "directories.enterprises", 237,
           v1::PROVENANCE_REPORTED);
  TenantSummaries b = Tenant("b");
  auto t = BuildNationalTable(Catalogue(), {a, b}, {}, Request(),
                              Audience::kNational, 5);
  ASSERT_EQ(t.rows_size(), 2);
  ASSERT_EQ(t.columns_size(), 4);
  EXPECT_EQ(Cell(t, 0, "events.held").source(), v1::CELL_SOURCE_COMPUTED);
  EXPECT_EQ(Cell(t, 0, "events.held").display(), "0");
  EXPECT_EQ(Cell(t, 0, "directories.enterprises").source(),
            v1::CELL_SOURCE_REPORTED);
  EXPECT_EQ(Cell(t, 0, "directories.enterprises").display(), "237");
  EXPECT_EQ(Cell(t, 0, "events.participants").source(),
            v1::CELL_SOURCE_MISSING);
  EXPECT_EQ(Cell(t, 0, "events.participants").display(), "\u2014");
  EXPECT_EQ(Cell(t, 1, "events.held").source(), v1::CELL_SOURCE_MISSING);
  EXPECT_EQ(t.rows(0).state(), v1::NationalTableRow::DRAFT);
  EXPECT_EQ(t.rows(1).state(), v1::NationalTableRow::NOTHING);
  // The total is over the one Pôle with a value, zero included.
  EXPECT_EQ(Total(t, "events.held").tenant_count(), 1);
  EXPECT_EQ(Total(t, "events.held").value(), 0);
  EXPECT_EQ(Total(t, "events.participants").tenant_count(), 0);
  EXPECT_FALSE(Total(t, "events.held").partial());
  EXPECT_EQ(t.unreachable_size(), 0);
}

TEST(NationalTableTest, UnreachableIsNeverSummedAndTotalsArePartial) {
  TenantSummaries a = Tenant("a");
  AddValue(&a.by_service["events"], "events.held", 12);
  AddValue(&a.by_service["funding"], "funding.amount_authorised", 33790500);
  TenantSummaries b = Tenant("b");
  b.by_service.erase("events");
  b.failed["events"] = absl::UnavailableError("connection refused");
  AddValue(&b.by_service["funding"], "funding.amount_authorised", 100);
  TenantSummaries c = Tenant("c");
  AddValue(&c.by_service["events"], "events.held", 3);
  auto t = BuildNationalTable(Catalogue(), {a, b, c}, {}, Request(),
                              Audience::kNational, 5);
  EXPECT_EQ(Cell(t, 1, "events.held").source(), v1::CELL_SOURCE_UNREACHABLE);
  EXPECT_EQ(Cell(t, 1, "events.held").display(), "injoignable");
  EXPECT_EQ(Cell(t, 1, "funding.amount_authorised").value(), 100);
  EXPECT_EQ(t.rows(1).state(), v1::NationalTableRow::UNREACHABLE);
  EXPECT_EQ(Total(t, "events.held").value(), 15);
  EXPECT_EQ(Total(t, "events.held").tenant_count(), 2);
  EXPECT_TRUE(Total(t, "events.held").partial());
  EXPECT_FALSE(Total(t, "funding.amount_authorised").partial());
  EXPECT_EQ(Total(t, "funding.amount_authorised").display(),
            "337\u00a0906,00\u00a0$");
  ASSERT_EQ(t.unreachable_size(), 1);
  EXPECT_EQ(t.unreachable(0).tenant(), "tenants/b");
  EXPECT_EQ(t.unreachable(0).service(), "events");
  EXPECT_EQ(t.unreachable(0).code(), "UNAVAILABLE");
  EXPECT_FALSE(t.unreachable(0).reason().empty());
}

TEST(NationalTableTest, AServiceWithoutSummaryIsMissingNotUnreachable) {
  auto catalogue = Catalogue();
  catalogue.push_back(Indicator("plans.indicators_achieved", "count", "plans"));
  TenantSummaries a = Tenant("a");
  a.failed["plans"] = absl::UnimplementedError("no summaries");
  auto t =
      BuildNationalTable(catalogue, {a}, {}, Request(), Audience::kNational, 5);
  EXPECT_EQ(Cell(t, 0, "plans.indicators_achieved").source(),
            v1::CELL_SOURCE_MISSING);
  EXPECT_EQ(t.rows(0).state(), v1::NationalTableRow::NOTHING);
  EXPECT_EQ(t.unreachable_size(), 0);
  EXPECT_FALSE(Total(t, "plans.indicators_achieved").partial());
}

TEST(NationalTableTest, FundingAudienceSeesFundingColumnsOnly) {
  TenantSummaries a = Tenant("a");
  AddValue(&a.by_service["funding"], "funding.amount_authorised", 500);
  auto t = BuildNationalTable(Catalogue(), {a}, {}, Request(),
                              Audience::kFunding, 5);
  ASSERT_EQ(t.columns_size(), 1);
  EXPECT_EQ(t.columns(0).name(),
            "nationalIndicators/funding.amount_authorised");
  ASSERT_EQ(t.rows(0).cells_size(), 1);
  EXPECT_EQ(t.rows(0).cells(0).display(), "5,00\u00a0$");
  EXPECT_EQ(t.totals_size(), 1);
  EXPECT_EQ(t.disclosure_threshold(), 5);
}

TEST(NationalTableTest, FiltersIndicatorsAndRegionsAndShowsSubmission) {
  TenantSummaries a = Tenant("a", "17");
  TenantSummaries b = Tenant("b", "16");
  AddValue(&b.by_service["events"], "events.held", 2);
  v1::FiscalYear submitted;
  submitted.set_state(v1::FiscalYear::SUBMITTED);
  submitted.mutable_submit_time()->set_seconds(1500000000);
  submitted.set_submitted_by("b editor");
  auto r = Request();
  r.add_indicators("events.held");
  r.add_region_codes("16");
  auto t = BuildNationalTable(Catalogue(), {a, b}, {{"b", submitted}}, r,
                              Audience::kNational, 5);
  ASSERT_EQ(t.rows_size(), 1);
  EXPECT_EQ(t.rows(0).tenant(), "tenants/b");
  EXPECT_EQ(t.rows(0).state(), v1::NationalTableRow::SUBMITTED);
  EXPECT_EQ(t.rows(0).submitted_by(), "b editor");
  EXPECT_EQ(t.rows(0).submit_time().seconds(), 1500000000);
  ASSERT_EQ(t.columns_size(), 1);
  EXPECT_EQ(t.rows(0).cells_size(), 1);
}

// Two tenants' participants by gender, built so that a single suppressed
// cell could be recovered by subtraction from the exact row total.
std::vector<TenantSummaries> ByGender() {
  TenantSummaries a = Tenant("a");
  AddValue(&a.by_service["events"], "events.participants", 43);
  AddValue(&a.by_service["events"], "events.participants", 2,
           v1::PROVENANCE_COMPUTED, {{"gender", "men"}});
  AddValue(&a.by_service["events"], "events.participants", 41,
           v1::PROVENANCE_COMPUTED, {{"gender", "women"}});
  AddValue(&a.by_service["events"], "events.held", 3);
  AddValue(&a.by_service["events"], "events.held", 3, v1::PROVENANCE_COMPUTED,
           {{"event_kind", "x"}});
  TenantSummaries b = Tenant("b");
  AddValue(&b.by_service["events"], "events.participants", 30);
  AddValue(&b.by_service["events"], "events.participants", 10,
           v1::PROVENANCE_COMPUTED, {{"gender", "men"}});
  AddValue(&b.by_service["events"], "events.participants", 20,
           v1::PROVENANCE_COMPUTED, {{"gender", "women"}});
  return {a, b};
}

std::vector<const v1::TableCell*> Parts(const v1::NationalTable& t, int row,
                                        const std::string& code) {
  std::vector<const v1::TableCell*> out;
  for (const auto& c : t.rows(row).cells()) {
    if (c.indicator() == code && !c.dimensions().empty()) out.push_back(&c);
  }
  return out;
}

TEST(NationalTableTest, BreakdownWithDisclosureControlForNationalUsers) {
  auto t = BuildNationalTable(Catalogue(), ByGender(), {}, Request("gender"),
                              Audience::kNational, 5);
  EXPECT_EQ(t.breakdown(), "gender");
  auto a = Parts(t, 0, "events.participants");
  ASSERT_EQ(a.size(), 2u);
  EXPECT_EQ(a[0]->dimensions().at("gender"), "men");
  EXPECT_TRUE(a[0]->suppressed());
  EXPECT_EQ(a[0]->value(), 0);
  EXPECT_EQ(a[0]->display(), "< 5");
  // The complement: otherwise 43 - 41 gives the 2 back.
  EXPECT_TRUE(a[1]->suppressed());
  // The row's total stays exact.
  EXPECT_EQ(Cell(t, 0, "events.participants").value(), 43);
  EXPECT_FALSE(Cell(t, 0, "events.participants").suppressed());
  // National totals, by gender too, are exact.
  EXPECT_EQ(Total(t, "events.participants").value(), 73);
  EXPECT_EQ(Total(t, "events.participants", "gender", "men").value(), 12);
  EXPECT_EQ(Total(t, "events.participants", "gender", "women").value(), 61);
  // With the column totals exact, b's cells would give a's back: suppressed
  // too.
  auto b = Parts(t, 1, "events.participants");
  ASSERT_EQ(b.size(), 2u);
  EXPECT_TRUE(b[0]->suppressed());
  EXPECT_TRUE(b[1]->suppressed());
  // An indicator that does not allow the dimension shows its total only.
  EXPECT_TRUE(Parts(t, 0, "events.held").empty());
  EXPECT_TRUE(Parts(t, 0, "directories.enterprises").empty());
}

TEST(NationalTableTest, TenantAudienceSeesExactFigures) {
  auto t = BuildNationalTable(Catalogue(), ByGender(), {}, Request("gender"),
                              Audience::kTenant, 5);
  EXPECT_EQ(t.disclosure_threshold(), 0);
  auto a = Parts(t, 0, "events.participants");
  ASSERT_EQ(a.size(), 2u);
  EXPECT_FALSE(a[0]->suppressed());
  EXPECT_EQ(a[0]->value(), 2);
  EXPECT_EQ(a[0]->display(), "2");
}

TEST(NationalTableTest, CountsNotOfUnitsAreNotSuppressed) {
  auto t = BuildNationalTable(Catalogue(), ByGender(), {},
                              Request("event_kind"), Audience::kNational, 5);
  auto a = Parts(t, 0, "events.held");
  ASSERT_EQ(a.size(), 1u);
  EXPECT_FALSE(a[0]->suppressed());
  EXPECT_EQ(a[0]->value(), 3);
}

}  // namespace
}  // namespace poles::gateway
