#include "gateway/findings.h"

#include <map>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace poles::gateway {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

struct V {
  std::string indicator;
  std::map<std::string, std::string> dims;
  int64_t value;
  v1::Provenance provenance = v1::PROVENANCE_COMPUTED;
  std::vector<std::string> findings = {};
};

constexpr v1::Provenance kReported = v1::PROVENANCE_REPORTED;

void AddValues(TenantSummaries* ts, const std::string& service,
               const std::vector<V>& values) {
  v1::IndicatorSummary& s = ts->by_service[service];
  s.set_tenant("tenants/" + ts->tenant.slug);
  s.set_fiscal_year(ts->fiscal_year);
  for (const V& v : values) {
    auto* iv = s.add_values();
    iv->set_indicator(v.indicator);
    for (const auto& [k, val] : v.dims) (*iv->mutable_dimensions())[k] = val;
    iv->set_value(v.value);
    iv->set_provenance(v.provenance);
    for (const auto& f : v.findings) iv->add_findings(f);
  }
}

TenantSummaries Year(const std::string& year) {
  TenantSummaries ts;
  ts.tenant.slug = "centre-du-quebec";
  ts.tenant.display_name = "Pôle d'économie sociale du Centre-du-Québec";
  ts.fiscal_year = year;
  return ts;
}

std::vector<v1::NationalIndicator> Catalogue() {
  const struct {
    const char* code;
    const char* fr;
    const char* en;
    const char* unit;
    const char* service;
  } rows[] = {
      {"directories.enterprises",
       "Entreprises d'économie sociale au répertoire",
       "Social economy enterprises in the directory", "count", "directories"},
      {"directories.dossiers_opened", "Dossiers d'accompagnement ouverts",
       "Accompaniment files opened", "count", "directories"},
      {"directories.interventions", "Interventions d'accompagnement",
       "Accompaniment interventions", "count", "directories"},
      {"events.held", "Événements organisés", "Events organised", "count",
       "events"},
      {"events.participants", "Participants aux événements organisés",
       "Participants in events organised", "people", "events"},
      {"funding.awards", "Aides financières consenties (nombre)",
       "Funding awards (number)", "count", "funding"},
      {"funding.reported_amount", "Montants rapportés par des tiers",
       "Amounts reported by third parties", "cents", "funding"},
  };
  std::vector<v1::NationalIndicator> out;
  for (const auto& r : rows) {
    v1::NationalIndicator& i = out.emplace_back();
    i.set_name(std::string("nationalIndicators/") + r.code);
    i.set_label_fr(r.fr);
    i.set_label_en(r.en);
    i.set_unit(r.unit);
    i.set_service(r.service);
  }
  return out;
}

std::vector<v1::Finding::Rule> Rules(const std::vector<v1::Finding>& f) {
  std::vector<v1::Finding::Rule> out;
  out.reserve(f.size());
  for (const auto& x : f) out.push_back(x.rule());
  return out;
}

// Centre-du-Québec's 2017-2018 bilan: "237 entreprises d'économie sociale
// pour la région", while its charts by MRC and by sector count 225.
std::vector<V> Enterprises237(bool with_service_findings) {
  std::vector<std::string> on_total;
  if (with_service_findings) {
    on_total = {"REPORTED_VS_COMPUTED: computed=225",
                "BREAKDOWN_MISMATCH: mrc sum=225 total=237",
                "BREAKDOWN_MISMATCH: sector sum=225 total=237"};
  }
  return {
      {"directories.enterprises", {}, 237, kReported, on_total},
      {"directories.enterprises", {{"mrc", "arthabaska"}}, 90, kReported},
      {"directories.enterprises", {{"mrc", "drummond"}}, 80, kReported},
      {"directories.enterprises", {{"mrc", "becancour"}}, 55, kReported},
      {"directories.enterprises", {{"sector", "services"}}, 125, kReported},
      {"directories.enterprises", {{"sector", "commerce"}}, 100, kReported},
  };
}

TEST(ComputeFindingsTest, CentreDuQuebecsEnterprisesAreShownNotHidden) {
  TenantSummaries year = Year("2017-2018");
  AddValues(&year, "directories", Enterprises237(true));
  auto findings = ComputeFindings(year, nullptr, Catalogue(), {});
  ASSERT_THAT(Rules(findings), ElementsAre(v1::Finding::REPORTED_VS_COMPUTED,
                                           v1::Finding::BREAKDOWN_MISMATCH,
                                           v1::Finding::BREAKDOWN_MISMATCH));
  const auto& rvc = findings[0];
  EXPECT_EQ(rvc.tenant(), "tenants/centre-du-quebec");
  EXPECT_EQ(rvc.fiscal_year(), "2017-2018");
  EXPECT_EQ(rvc.indicator(), "directories.enterprises");
  EXPECT_EQ(rvc.value(), 237);
  EXPECT_EQ(rvc.compared_value(), 225);
  EXPECT_THAT(rvc.message_fr(),
              HasSubstr("Entreprises d'économie sociale au répertoire"));
  EXPECT_THAT(rvc.message_fr(), HasSubstr("déclare 237"));
  EXPECT_THAT(rvc.message_fr(), HasSubstr("225"));
  EXPECT_THAT(rvc.message_en(), HasSubstr("reports 237"));
  EXPECT_EQ(findings[1].dimension(), "mrc");
  EXPECT_EQ(findings[1].value(), 237);
  EXPECT_EQ(findings[1].compared_value(), 225);
  EXPECT_THAT(findings[1].message_fr(),
              HasSubstr("la répartition par MRC totalise 225"));
  EXPECT_THAT(findings[1].message_fr(), HasSubstr("écart de 12"));
  EXPECT_THAT(findings[1].message_en(),
              HasSubstr("breakdown by MRC adds up to 225"));
  EXPECT_EQ(findings[2].dimension(), "sector");
}

// As the seed states it: "237 entreprises" (l. 95) and the distribution
// "des 225 entreprises" by MRC and by sector (same line), two reported
// totals of two indicators counting the same enterprises.
TEST(ComputeFindingsTest, APublishedDistributionOverAnotherBaseIsShown) {
  TenantSummaries year = Year("2017-2018");
  AddValues(&year, "directories",
            {{"directories.enterprises", {}, 237, kReported},
             {"directories.enterprises_in_distribution", {}, 225, kReported}});
  auto findings = ComputeFindings(year, nullptr, Catalogue(), {});
  ASSERT_THAT(Rules(findings), ElementsAre(v1::Finding::BREAKDOWN_MISMATCH));
  EXPECT_EQ(findings[0].indicator(), "directories.enterprises");
  EXPECT_EQ(findings[0].dimension(), "mrc,sector");
  EXPECT_EQ(findings[0].value(), 237);
  EXPECT_EQ(findings[0].compared_value(), 225);
  EXPECT_THAT(findings[0].message_fr(), HasSubstr("écart de 12"));
  // The same figure twice is no finding.
  TenantSummaries same = Year("2017-2018");
  AddValues(&same, "directories",
            {{"directories.enterprises", {}, 225, kReported},
             {"directories.enterprises_in_distribution", {}, 225, kReported}});
  EXPECT_THAT(ComputeFindings(same, nullptr, Catalogue(), {}), IsEmpty());
}

TEST(ComputeFindingsTest, BreakdownsAreCheckedWhenTheServiceSaysNothing) {
  TenantSummaries year = Year("2017-2018");
  AddValues(&year, "directories", Enterprises237(false));
  auto findings = ComputeFindings(year, nullptr, Catalogue(), {});
  ASSERT_THAT(Rules(findings), ElementsAre(v1::Finding::BREAKDOWN_MISMATCH,
                                           v1::Finding::BREAKDOWN_MISMATCH));
  EXPECT_EQ(findings[0].dimension(), "mrc");
  EXPECT_EQ(findings[1].dimension(), "sector");
}

TEST(ComputeFindingsTest, DifferentUnitsAreNoInconsistency) {
  // 14 dossiers; the interventions, by gender and sector, count 20.
  TenantSummaries year = Year("2017-2018");
  AddValues(
      &year, "directories",
      {{"directories.dossiers_opened", {}, 14, kReported},
       {"directories.interventions", {}, 20, kReported},
       {"directories.interventions", {{"gender", "women"}}, 14, kReported},
       {"directories.interventions", {{"gender", "men"}}, 6, kReported},
       {"directories.interventions", {{"gender", "mixed"}}, 0, kReported},
       {"directories.interventions", {{"sector", "services"}}, 6, kReported},
       {"directories.interventions", {{"sector", "commerce"}}, 14, kReported}});
  EXPECT_THAT(ComputeFindings(year, nullptr, Catalogue(), {}), IsEmpty());
}

TEST(ComputeFindingsTest, ComputedBreakdownsThatAddUpAreFine) {
  TenantSummaries year = Year("2017-2018");
  AddValues(&year, "events",
            {{"events.participants", {}, 60},
             {"events.participants",
              {{"gender", "women"}, {"event_kind", "forum"}},
              25},
             {"events.participants",
              {{"gender", "not_collected"}, {"event_kind", "aga"}},
              35}});
  EXPECT_THAT(ComputeFindings(year, nullptr, Catalogue(), {}), IsEmpty());
}

TEST(ComputeFindingsTest, GenderPartsAboveTheTotal) {
  TenantSummaries year = Year("2017-2018");
  AddValues(
      &year, "directories",
      {{"directories.dossiers_opened", {}, 14, kReported},
       {"directories.dossiers_opened", {{"gender", "women"}}, 14, kReported},
       {"directories.dossiers_opened", {{"gender", "men"}}, 6, kReported}});
  auto findings = ComputeFindings(year, nullptr, Catalogue(), {});
  ASSERT_THAT(Rules(findings), ElementsAre(v1::Finding::GENDER_EXCEEDS_TOTAL));
  EXPECT_EQ(findings[0].dimension(), "gender");
  EXPECT_EQ(findings[0].value(), 14);
  EXPECT_EQ(findings[0].compared_value(), 20);
  EXPECT_THAT(findings[0].message_fr(),
              HasSubstr("les parts par genre totalisent 20, plus que le total "
                        "de 14"));
  EXPECT_THAT(findings[0].message_en(), HasSubstr("more than the total of 14"));
}

TEST(ComputeFindingsTest, TheServicesGenderFindingIsNotRepeated) {
  TenantSummaries year = Year("2017-2018");
  AddValues(&year, "events",
            {{"events.participants",
              {},
              40,
              kReported,
              {"BREAKDOWN_MISMATCH: gender sum=45 total=40"}},
             {"events.participants", {{"gender", "women"}}, 30, kReported},
             {"events.participants", {{"gender", "men"}}, 15, kReported}});
  auto findings = ComputeFindings(year, nullptr, Catalogue(), {});
  ASSERT_THAT(Rules(findings), ElementsAre(v1::Finding::GENDER_EXCEEDS_TOTAL));
  EXPECT_EQ(findings[0].compared_value(), 45);
}

TEST(ComputeFindingsTest, YearOverYearBeyondTheFactor) {
  TenantSummaries before = Year("2016-2017");
  AddValues(&before, "events",
            {{"events.held", {}, 10}, {"events.participants", {}, 300}});
  AddValues(&before, "directories",
            {{"directories.dossiers_opened", {}, 0},
             {"directories.interventions", {}, 10},
             {"directories.enterprises", {}, 200}});
  TenantSummaries year = Year("2017-2018");
  AddValues(&year, "events",
            {{"events.held", {}, 40},          // × 4
             {"events.participants", {}, 90}}  // ÷ 3,3
  );
  AddValues(&year, "directories",
            {{"directories.dossiers_opened", {}, 14},  // from 0: not judged
             {"directories.interventions", {}, 0},     // to 0
             {"directories.enterprises", {}, 590}});   // × 2,95: fine
  auto findings = ComputeFindings(year, &before, Catalogue(), {});
  ASSERT_THAT(Rules(findings), ElementsAre(v1::Finding::YEAR_OVER_YEAR,
                                           v1::Finding::YEAR_OVER_YEAR,
                                           v1::Finding::YEAR_OVER_YEAR));
  // Services in name order: directories, then events.
  EXPECT_EQ(findings[0].indicator(), "directories.interventions");
  EXPECT_EQ(findings[0].value(), 0);
  EXPECT_THAT(findings[0].message_fr(), HasSubstr("chute à zéro"));
  EXPECT_EQ(findings[1].indicator(), "events.held");
  EXPECT_EQ(findings[1].value(), 40);
  EXPECT_EQ(findings[1].compared_value(), 10);
  EXPECT_EQ(findings[1].compared_fiscal_year(), "2016-2017");
  EXPECT_THAT(findings[1].message_fr(),
              HasSubstr("40 en 2017-2018 contre 10 en 2016-2017 (× 4)"));
  EXPECT_THAT(findings[1].message_fr(), HasSubstr("au-delà du seuil de × 3"));
  EXPECT_THAT(findings[1].message_en(), HasSubstr("(× 4)"));
  EXPECT_EQ(findings[2].indicator(), "events.participants");
  EXPECT_THAT(findings[2].message_fr(), HasSubstr("÷ 3,3"));
  EXPECT_THAT(findings[2].message_en(), HasSubstr("÷ 3.3"));

  FindingOptions wide;
  wide.year_over_year_factor = 5;
  EXPECT_EQ(ComputeFindings(year, &before, Catalogue(), wide).size(), 1u);
}

TEST(ComputeFindingsTest, AnExpectedIndicatorMissingButNotAnUnreachableOne) {
  TenantSummaries year = Year("2017-2018");
  AddValues(&year, "events", {{"events.participants", {}, 12}});
  year.failed["directories"] = absl::UnavailableError("down");
  FindingOptions options;
  options.expected_indicators = {"events.held", "events.participants",
                                 "directories.dossiers_opened",
                                 "funding.awards"};
  auto findings = ComputeFindings(year, nullptr, Catalogue(), options);
  ASSERT_THAT(Rules(findings), ElementsAre(v1::Finding::MISSING_EXPECTED));
  EXPECT_EQ(findings[0].indicator(), "events.held");
  EXPECT_THAT(findings[0].message_fr(), HasSubstr("Événements organisés"));
  EXPECT_THAT(findings[0].message_fr(), HasSubstr("mandat national"));
  EXPECT_THAT(findings[0].message_en(), HasSubstr("Events organised"));
}

TEST(ComputeFindingsTest, TheFundingServicesReconciliationFinding) {
  const std::string text =
      "BREAKDOWN_MISMATCH: tenants/centre-du-quebec/reportedTotals/sq-2017 "
      "breakdowns[1] (office) adds up to 717 280,83 $, 1,00 $ less than the "
      "total of 717 281,83 $";
  TenantSummaries year = Year("2017-2018");
  AddValues(&year, "funding",
            {{"funding.reported_amount", {}, 71728183, kReported, {text}},
             {"funding.reported_amount",
              {{"program", "services-quebec"}},
              71728183,
              kReported,
              {text}}});
  auto findings = ComputeFindings(year, nullptr, Catalogue(), {});
  ASSERT_THAT(Rules(findings), ElementsAre(v1::Finding::BREAKDOWN_MISMATCH));
  EXPECT_EQ(findings[0].dimension(), "office");
  EXPECT_EQ(findings[0].value(), 71728183);
  EXPECT_EQ(findings[0].compared_value(), 71728083);
  EXPECT_THAT(findings[0].message_fr(),
              HasSubstr("totalise 717\u00a0280,83\u00a0$"));
  EXPECT_THAT(findings[0].message_fr(),
              HasSubstr("tenants/centre-du-quebec/reportedTotals/sq-2017"));
  EXPECT_THAT(findings[0].message_en(), HasSubstr("$717,281.83"));
}

TEST(ComputeFindingsTest, AnotherRecordedFindingIsKeptAsIs) {
  TenantSummaries year = Year("2017-2018");
  AddValues(&year, "events",
            {{"events.held", {}, 3, kReported, {"SOMETHING_NEW: look here"}}});
  auto findings = ComputeFindings(year, nullptr, Catalogue(), {});
  ASSERT_THAT(Rules(findings), ElementsAre(v1::Finding::RULE_UNSPECIFIED));
  EXPECT_THAT(findings[0].message_fr(), HasSubstr("SOMETHING_NEW: look here"));
}

// For national and ministry readers a finding is under the same disclosure
// control as the table's cells: a breakdown's cell or sum below the
// threshold is "< 5", a Pôle's total is exact, and a Pôle's own users see
// every figure.
FindingOptions Controlled() {
  FindingOptions o;
  o.disclosure_threshold = 5;
  return o;
}

TEST(ComputeFindingsTest, ASmallBreakdownCellIsSuppressedForNationalReaders) {
  TenantSummaries year = Year("2015-2016");
  // One dossier in one MRC and sector, for one gender: that is a person.
  AddValues(&year, "directories",
            {{"directories.dossiers_opened",
              {{"gender", "women"}, {"mrc", "beauharnois-salaberry"}},
              1,
              kReported,
              {"REPORTED_VS_COMPUTED: computed=2"}}});
  auto findings = ComputeFindings(year, nullptr, Catalogue(), Controlled());
  ASSERT_THAT(Rules(findings), ElementsAre(v1::Finding::REPORTED_VS_COMPUTED));
  EXPECT_TRUE(findings[0].suppressed());
  EXPECT_EQ(findings[0].value(), 0);
  EXPECT_EQ(findings[0].compared_value(), 0);
  EXPECT_THAT(findings[0].message_fr(),
              HasSubstr("le Pôle déclare < 5, ses fiches en comptent < 5"));
  EXPECT_THAT(findings[0].message_en(), HasSubstr("reports < 5"));

  auto own = ComputeFindings(year, nullptr, Catalogue(), {});
  ASSERT_EQ(own.size(), 1U);
  EXPECT_FALSE(own[0].suppressed());
  EXPECT_EQ(own[0].value(), 1);
  EXPECT_EQ(own[0].compared_value(), 2);
}

TEST(ComputeFindingsTest, TotalsStayExactAndTheGapIsLeftOut) {
  TenantSummaries year = Year("2017-2018");
  // 14 dossiers, the parts by gender add up to 3: the sum is small.
  AddValues(
      &year, "directories",
      {{"directories.dossiers_opened", {}, 14, kReported},
       {"directories.dossiers_opened", {{"gender", "women"}}, 2, kReported},
       {"directories.dossiers_opened", {{"gender", "men"}}, 1, kReported}});
  auto findings = ComputeFindings(year, nullptr, Catalogue(), Controlled());
  ASSERT_THAT(Rules(findings), ElementsAre(v1::Finding::BREAKDOWN_MISMATCH));
  EXPECT_TRUE(findings[0].suppressed());
  EXPECT_EQ(findings[0].value(), 14);
  EXPECT_EQ(findings[0].compared_value(), 0);
  EXPECT_THAT(findings[0].message_fr(),
              HasSubstr("totalise < 5 alors que le total est de 14"));
  // 14 - gap would give the sum back.
  EXPECT_THAT(findings[0].message_fr(), Not(HasSubstr("écart")));
  EXPECT_THAT(findings[0].message_en(), Not(HasSubstr("difference of")));
}

TEST(ComputeFindingsTest, LargeFiguresAndMoneyAreNotSuppressed) {
  TenantSummaries year = Year("2017-2018");
  AddValues(&year, "directories", Enterprises237(true));
  AddValues(&year, "funding",
            {{"funding.reported_amount",
              {},
              300,
              kReported,
              {"BREAKDOWN_MISMATCH: tenants/centre-du-quebec/reportedTotals/x "
               "breakdowns[0] (office) adds up to 3,00 $, not the total of "
               "3,00 $"}}});
  for (const auto& f :
       ComputeFindings(year, nullptr, Catalogue(), Controlled()))
    EXPECT_FALSE(f.suppressed()) << f.message_en();
}

TEST(ComputeFindingsTest, SmallNumbersInARecordedTextAreMasked) {
  TenantSummaries year = Year("2017-2018");
  AddValues(&year, "events",
            {{"events.participants",
              {{"gender", "men"}},
              2,
              kReported,
              {"SOMETHING_NEW: 2 of them in 2017-2018, see breakdowns[1]"}}});
  auto findings = ComputeFindings(year, nullptr, Catalogue(), Controlled());
  ASSERT_EQ(findings.size(), 1U);
  EXPECT_TRUE(findings[0].suppressed());
  EXPECT_EQ(findings[0].value(), 0);
  EXPECT_THAT(findings[0].message_fr(),
              HasSubstr("< 5 of them in 2017-2018, see breakdowns[1]"));
}

}  // namespace
}  // namespace poles::gateway
