#include "gateway/funding_rollup.h"

#include <map>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/common/errors.h"

namespace poles::gateway {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::Pair;
using ::testing::UnorderedElementsAre;

struct V {
  std::string indicator;
  std::map<std::string, std::string> dims;
  int64_t value;
};

TenantSummaries Funding(const std::string& slug, const std::string& region,
                        const std::string& year, const std::vector<V>& values) {
  TenantSummaries ts;
  ts.tenant.slug = slug;
  ts.tenant.display_name = "Pôle " + slug;
  ts.tenant.region_code = region;
  ts.tenant.region_name = "Région " + region;
  ts.fiscal_year = year;
  v1::IndicatorSummary& s = ts.by_service["funding"];
  s.set_tenant("tenants/" + slug);
  s.set_fiscal_year(year);
  for (const V& v : values) {
    auto* iv = s.add_values();
    iv->set_indicator(v.indicator);
    for (const auto& [k, val] : v.dims) (*iv->mutable_dimensions())[k] = val;
    iv->set_value(v.value);
    iv->set_provenance(v.indicator.rfind("funding.reported_", 0) == 0
                           ? v1::PROVENANCE_REPORTED
                           : v1::PROVENANCE_COMPUTED);
  }
  return ts;
}

TenantSummaries Failed(const std::string& slug, const std::string& year) {
  TenantSummaries ts;
  ts.tenant.slug = slug;
  ts.tenant.region_code = "04";
  ts.fiscal_year = year;
  ts.failed["funding"] = absl::UnavailableError("connection refused");
  return ts;
}

v1::GetFundingRollupRequest Request(const std::vector<std::string>& years,
                                    const std::vector<std::string>& group_by) {
  v1::GetFundingRollupRequest r;
  for (const auto& y : years) r.add_fiscal_years(y);
  for (const auto& g : group_by) r.add_group_by(g);
  return r;
}

std::vector<std::string> Fields(const absl::Status& s) {
  std::vector<std::string> out;
  for (const auto& v : FieldViolationsOf(s)) out.push_back(v.field);
  return out;
}

TEST(ValidateFundingRollupRequestTest, AGoodRequest) {
  auto r = Request({"2017-2018", "2018-2019"}, {"program", "region"});
  auto* f = r.add_filters();
  f->set_dimension("fiscal_year");
  f->add_values("2017-2018");
  EXPECT_TRUE(ValidateFundingRollupRequest(r).ok());
}

TEST(ValidateFundingRollupRequestTest, NamesEveryBadField) {
  EXPECT_THAT(Fields(ValidateFundingRollupRequest(Request({}, {}))),
              ElementsAre("fiscal_years"));
  EXPECT_THAT(
      Fields(ValidateFundingRollupRequest(
          Request({"2017-2019", "2017/2018", "2018-2019", "2018-2019"}, {}))),
      ElementsAre("fiscal_years[0]", "fiscal_years[1]", "fiscal_years[3]"));
  EXPECT_THAT(Fields(ValidateFundingRollupRequest(
                  Request({"2017-2018"}, {"mrc", "sector", "program"}))),
              ElementsAre("group_by"));
  EXPECT_THAT(Fields(ValidateFundingRollupRequest(
                  Request({"2017-2018"}, {"gender", "mrc"}))),
              ElementsAre("group_by[0]"));
  EXPECT_THAT(Fields(ValidateFundingRollupRequest(
                  Request({"2017-2018"}, {"mrc", "mrc"}))),
              ElementsAre("group_by[1]"));
  auto r = Request({"2017-2018"}, {});
  r.add_filters()->set_dimension("phase");
  auto* years = r.add_filters();
  years->set_dimension("fiscal_year");
  years->add_values("2017");
  auto* twice = r.add_filters();
  twice->set_dimension("fiscal_year");
  twice->add_values("2018-2019");
  EXPECT_THAT(Fields(ValidateFundingRollupRequest(r)),
              ElementsAre("filters[0].dimension", "filters[0].values",
                          "filters[1].values[0]", "filters[2].dimension"));
}

TEST(RollupSummaryDimensionsTest, GroupsAndFiltersButNotRegionOrYear) {
  auto r = Request({"2017-2018"}, {"region", "program"});
  for (const char* d : {"mrc", "fiscal_year", "program"}) {
    auto* f = r.add_filters();
    f->set_dimension(d);
    f->add_values("x");
  }
  EXPECT_THAT(RollupSummaryDimensions(r), ElementsAre("program", "mrc"));
  EXPECT_THAT(RollupSummaryDimensions(Request({"2017-2018"}, {})), IsEmpty());
}

// Centre-du-Québec 2017-2018: the MRC dedicated fund and the FLI (award
// records) beside Services Québec's reported investments, never added.
std::vector<TenantSummaries> TwoPoles() {
  return {
      Funding(
          "centre-du-quebec", "17", "2017-2018",
          {{"funding.awards", {{"program", "fonds-dedie"}}, 14},
           {"funding.amount_authorised", {{"program", "fonds-dedie"}}, 9411500},
           {"funding.awards", {{"program", "fli"}}, 3},
           {"funding.amount_authorised", {{"program", "fli"}}, 4462500},
           {"funding.investment_generated", {{"program", "fli"}}, 322829500},
           {"funding.jobs_created_or_maintained", {{"program", "fli"}}, 58},
           {"funding.reported_amount",
            {{"program", "services-quebec"}},
            71728083}}),
      Funding("capitale-nationale", "03", "2017-2018",
              {{"funding.awards", {{"program", "fonds-dedie"}}, 6},
               {"funding.amount_authorised", {{"program", "fonds-dedie"}}, 1},
               {"funding.reported_enterprises",
                {{"program", "services-quebec"}},
                9}}),
  };
}

TEST(BuildFundingRollupTest, AwardsAndReportedSideBySideExactToTheCent) {
  ReferenceLabels labels;
  labels.by_dimension["program"]["fli"] = "Fonds local d'investissement";
  auto rollup = BuildFundingRollup(Request({"2017-2018"}, {"program"}),
                                   TwoPoles(), labels, Audience::kTenant, 5);
  ASSERT_TRUE(rollup.ok()) << rollup.status();
  EXPECT_EQ(rollup->disclosure_threshold(), 0);
  ASSERT_EQ(rollup->rows_size(), 3);
  // Ordered by group: fli, fonds-dedie, services-quebec.
  const auto& fli = rollup->rows(0);
  EXPECT_THAT(fli.group(), UnorderedElementsAre(Pair("program", "fli")));
  EXPECT_THAT(fli.labels(), UnorderedElementsAre(Pair(
                                "program", "Fonds local d'investissement")));
  EXPECT_EQ(fli.awards().awards(), 3);
  EXPECT_EQ(fli.awards().amount_authorised_cents(), 4462500);
  EXPECT_EQ(fli.awards().investment_generated_cents(), 322829500);
  EXPECT_EQ(fli.awards().jobs_created_or_maintained(), 58);
  EXPECT_EQ(fli.awards().tenant_count(), 1);
  EXPECT_FALSE(fli.has_reported());
  const auto& dedie = rollup->rows(1);
  EXPECT_EQ(dedie.awards().awards(), 20);
  EXPECT_EQ(dedie.awards().amount_authorised_cents(), 9411501);
  EXPECT_EQ(dedie.awards().tenant_count(), 2);
  const auto& sq = rollup->rows(2);
  EXPECT_EQ(sq.awards().awards(), 0);
  EXPECT_EQ(sq.reported().amount_authorised_cents(), 71728083);
  EXPECT_EQ(sq.reported().awards(), 9);
  EXPECT_EQ(sq.reported().tenant_count(), 2);
  // The totals: award records and third parties apart.
  EXPECT_EQ(rollup->total().awards().awards(), 23);
  EXPECT_EQ(rollup->total().awards().amount_authorised_cents(),
            9411500 + 4462500 + 1);
  EXPECT_EQ(rollup->total().awards().tenant_count(), 2);
  EXPECT_EQ(rollup->total().reported().amount_authorised_cents(), 71728083);
  EXPECT_EQ(rollup->total().reported().awards(), 9);
  EXPECT_THAT(rollup->unreachable(), IsEmpty());
}

TEST(BuildFundingRollupTest, AFailedTenantIsUnreachableNeverZero) {
  auto tenants = TwoPoles();
  tenants.push_back(Failed("mauricie", "2017-2018"));
  auto rollup = BuildFundingRollup(Request({"2017-2018"}, {"program"}), tenants,
                                   {}, Audience::kNational, 5);
  ASSERT_TRUE(rollup.ok()) << rollup.status();
  EXPECT_EQ(rollup->total().awards().awards(), 23);
  EXPECT_EQ(rollup->total().awards().tenant_count(), 2);
  ASSERT_EQ(rollup->unreachable_size(), 1);
  EXPECT_EQ(rollup->unreachable(0).tenant(), "tenants/mauricie");
  EXPECT_EQ(rollup->unreachable(0).service(), "funding");
  EXPECT_EQ(rollup->unreachable(0).code(), "UNAVAILABLE");
  EXPECT_THAT(rollup->unreachable(0).reason(),
              ::testing::HasSubstr("2017-2018"));
}

TEST(BuildFundingRollupTest, SmallGroupsAreSuppressedWithTheirComplement) {
  std::vector<TenantSummaries> tenants = {Funding(
      "vallee-du-haut-saint-laurent", "16", "2017-2018",
      {{"funding.awards", {{"mrc", "beauharnois-salaberry"}}, 1},
       {"funding.amount_authorised",
        {{"mrc", "beauharnois-salaberry"}},
        2500000},
       {"funding.awards", {{"mrc", "le-haut-saint-laurent"}}, 7},
       {"funding.amount_authorised", {{"mrc", "le-haut-saint-laurent"}}, 100},
       {"funding.awards", {{"mrc", "vaudreuil-soulanges"}}, 12},
       {"funding.amount_authorised", {{"mrc", "vaudreuil-soulanges"}}, 200},
       {"funding.reported_amount", {}, 5000}})};
  auto rollup = BuildFundingRollup(Request({"2017-2018"}, {"mrc"}), tenants, {},
                                   Audience::kFunding, 5);
  ASSERT_TRUE(rollup.ok()) << rollup.status();
  EXPECT_EQ(rollup->disclosure_threshold(), 5);
  ASSERT_EQ(rollup->rows_size(), 3);
  EXPECT_TRUE(rollup->rows(0).awards().suppressed());
  EXPECT_EQ(rollup->rows(0).awards().awards(), 0);
  EXPECT_EQ(rollup->rows(0).awards().amount_authorised_cents(), 0);
  EXPECT_TRUE(rollup->rows(1).awards().suppressed());  // the complement
  EXPECT_FALSE(rollup->rows(2).awards().suppressed());
  EXPECT_EQ(rollup->rows(2).awards().awards(), 12);
  // The total stays exact.
  EXPECT_EQ(rollup->total().awards().awards(), 20);
  EXPECT_EQ(rollup->total().awards().amount_authorised_cents(), 2500300);
  // Reported totals are not broken down by MRC: in the total only.
  for (const auto& row : rollup->rows()) EXPECT_FALSE(row.has_reported());
  EXPECT_EQ(rollup->total().reported().amount_authorised_cents(), 5000);

  auto own = BuildFundingRollup(Request({"2017-2018"}, {"mrc"}), tenants, {},
                                Audience::kTenant, 5);
  ASSERT_TRUE(own.ok());
  EXPECT_FALSE(own->rows(0).awards().suppressed());
  EXPECT_EQ(own->rows(0).awards().amount_authorised_cents(), 2500000);
}

TEST(BuildFundingRollupTest, AFilterOnMrcLeavesReportedTotalsOut) {
  auto r = Request({"2017-2018"}, {});
  auto* f = r.add_filters();
  f->set_dimension("mrc");
  f->add_values("becancour");
  std::vector<TenantSummaries> tenants = {
      Funding("centre-du-quebec", "17", "2017-2018",
              {{"funding.awards", {{"mrc", "becancour"}}, 6},
               {"funding.awards", {{"mrc", "drummond"}}, 8},
               {"funding.reported_amount", {}, 5000}})};
  auto rollup = BuildFundingRollup(r, tenants, {}, Audience::kNational, 5);
  ASSERT_TRUE(rollup.ok()) << rollup.status();
  EXPECT_EQ(rollup->total().awards().awards(), 6);
  EXPECT_FALSE(rollup->total().has_reported());
}

TEST(BuildFundingRollupTest, ByRegionAndFiscalYearAcrossYears) {
  std::vector<TenantSummaries> tenants = {
      Funding("centre-du-quebec", "17", "2017-2018",
              {{"funding.awards", {}, 14}, {"funding.reported_amount", {}, 7}}),
      Funding("centre-du-quebec", "17", "2018-2019",
              {{"funding.awards", {}, 15}}),
      Funding("capitale-nationale", "03", "2017-2018",
              {{"funding.awards", {}, 9}}),
      Funding("capitale-nationale", "03", "2016-2017",  // not asked
              {{"funding.awards", {}, 1000}}),
      Failed("mauricie", "2017-2018"),
      Failed("mauricie", "2018-2019"),
  };
  auto rollup = BuildFundingRollup(
      Request({"2017-2018", "2018-2019"}, {"region", "fiscal_year"}), tenants,
      {}, Audience::kTenant, 5);
  ASSERT_TRUE(rollup.ok()) << rollup.status();
  ASSERT_EQ(rollup->rows_size(), 3);
  EXPECT_THAT(rollup->rows(0).group(),
              UnorderedElementsAre(Pair("region", "03"),
                                   Pair("fiscal_year", "2017-2018")));
  EXPECT_EQ(rollup->rows(0).labels().at("region"), "Région 03");
  EXPECT_EQ(rollup->rows(0).awards().awards(), 9);
  EXPECT_EQ(rollup->rows(1).awards().awards(), 14);
  EXPECT_EQ(rollup->rows(1).reported().amount_authorised_cents(), 7);
  EXPECT_EQ(rollup->rows(2).awards().awards(), 15);
  EXPECT_EQ(rollup->total().awards().awards(), 38);
  ASSERT_EQ(rollup->unreachable_size(), 1);
  EXPECT_THAT(rollup->unreachable(0).reason(),
              ::testing::HasSubstr("2017-2018, 2018-2019"));
}

TEST(BuildFundingRollupTest, TwoDimensionsSuppressAsATable) {
  std::vector<V> values;
  const int64_t awards[3][3] = {{1, 6, 9}, {8, 7, 10}, {12, 6, 5}};
  const char* programs[] = {"fli", "fonds-dedie", "pic"};
  const char* mrcs[] = {"arthabaska", "becancour", "drummond"};
  for (int p = 0; p < 3; ++p)
    for (int m = 0; m < 3; ++m)
      values.push_back({"funding.awards",
                        {{"program", programs[p]}, {"mrc", mrcs[m]}},
                        awards[p][m]});
  auto rollup = BuildFundingRollup(
      Request({"2017-2018"}, {"program", "mrc"}),
      {Funding("centre-du-quebec", "17", "2017-2018", values)}, {},
      Audience::kNational, 5);
  ASSERT_TRUE(rollup.ok()) << rollup.status();
  ASSERT_EQ(rollup->rows_size(), 9);
  std::map<std::string, int> by_program, by_mrc;
  for (const auto& row : rollup->rows()) {
    if (!row.awards().suppressed()) continue;
    ++by_program[row.group().at("program")];
    ++by_mrc[row.group().at("mrc")];
  }
  EXPECT_TRUE(rollup->rows(0).awards().suppressed());  // fli × arthabaska
  for (const auto& [k, n] : by_program) EXPECT_GE(n, 2) << k;
  for (const auto& [k, n] : by_mrc) EXPECT_GE(n, 2) << k;
  EXPECT_EQ(rollup->total().awards().awards(), 64);
}

TEST(BuildFundingRollupTest, AnInvalidRequestIsRefused) {
  auto rollup =
      BuildFundingRollup(Request({"2017"}, {}), {}, {}, Audience::kNational, 5);
  EXPECT_EQ(rollup.status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace poles::gateway
