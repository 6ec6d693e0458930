#include "gateway/bilan.h"

#include <map>
#include <string>
#include <vector>

#include "gateway/bilan_test_fixtures.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace poles::gateway {
namespace {

using testing::AddValues;
using testing::CatalogueForTests;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::V;

constexpr v1::Provenance kReported = v1::PROVENANCE_REPORTED;

// Centre-du-Québec 2017-2018, as its services would answer the bilan's
// calls: the directory reported (237 enterprises, charts adding up to
// 225), 14 dossiers computed by MRC × sector × phase × gender (one alone
// in Nicolet-Yamaska), events by kind and MRC, funding down.
TenantSummaries CentreDuQuebec() {
  TenantSummaries ts;
  ts.tenant = {"centre-du-quebec",
               "Pôle d'économie sociale du Centre-du-Québec",
               "17",
               "Centre-du-Québec",
               {}};
  ts.fiscal_year = "2017-2018";
  const auto dossier = [](const char* mrc, const char* sector,
                          const char* phase, const char* gender, int64_t n) {
    return V{"directories.dossiers_opened",
             {{"mrc", mrc},
              {"sector", sector},
              {"phase", phase},
              {"gender", gender}},
             n};
  };
  AddValues(
      &ts, "directories",
      {{"directories.enterprises", {}, 237, kReported},
       {"directories.enterprises", {{"mrc", "arthabaska"}}, 90, kReported},
       {"directories.enterprises", {{"mrc", "drummond"}}, 80, kReported},
       {"directories.enterprises", {{"mrc", "becancour"}}, 55, kReported},
       {"directories.enterprises", {{"sector", "services"}}, 125, kReported},
       {"directories.enterprises", {{"sector", "commerce"}}, 100, kReported},
       {"directories.dossiers_opened", {}, 14},
       dossier("arthabaska", "services", "startup", "women", 4),
       dossier("arthabaska", "commerce", "pre_startup", "women", 3),
       dossier("becancour", "services", "startup", "men", 6),
       dossier("nicolet-yamaska", "culture", "consolidation", "women", 1)});
  AddValues(
      &ts, "events",
      {{"events.held", {}, 12},
       {"events.held", {{"event_kind", "board_meeting"}, {"mrc", "online"}}, 6},
       {"events.held", {{"event_kind", "aga"}, {"mrc", "drummond"}}, 1},
       {"events.held", {{"event_kind", "networking"}, {"mrc", "drummond"}}, 4},
       {"events.held", {{"event_kind", "forum"}, {"mrc", "drummond"}}, 1},
       {"events.participants", {}, 159},
       {"events.participants",
        {{"event_kind", "aga"},
         {"gender", "not_collected"},
         {"mrc", "drummond"}},
        19},
       {"events.participants",
        {{"event_kind", "networking"},
         {"gender", "women"},
         {"mrc", "drummond"}},
        60},
       {"events.participants",
        {{"event_kind", "networking"}, {"gender", "men"}, {"mrc", "drummond"}},
        40},
       {"events.participants",
        {{"event_kind", "forum"}, {"gender", "women"}, {"mrc", "drummond"}},
        40}});
  ts.failed["funding"] = absl::DeadlineExceededError("deadline exceeded");
  return ts;
}

ReferenceLabels Labels() {
  ReferenceLabels l;
  l.by_dimension["mrc"] = {{"arthabaska", "Arthabaska"},
                           {"becancour", "Bécancour"},
                           {"drummond", "Drummond"},
                           {"nicolet-yamaska", "Nicolet-Yamaska"}};
  l.by_dimension["sector"] = {{"services", "Services aux personnes"},
                              {"commerce", "Commerce de détail"},
                              {"culture", "Culture"}};
  return l;
}

const v1::BilanTable* Find(const v1::Bilan& b, const std::string& indicator,
                           const std::string& dimension) {
  for (const auto& s : b.sections())
    for (const auto& t : s.tables())
      if (t.indicator() == indicator && t.dimension() == dimension) return &t;
  return nullptr;
}

const v1::BilanSection* Section(const v1::Bilan& b, const std::string& key) {
  for (const auto& s : b.sections())
    if (s.key() == key) return &s;
  return nullptr;
}

// (label, display) of a table's rows.
std::vector<std::pair<std::string, std::string>> Rows(const v1::BilanTable& t) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& r : t.rows()) {
    out.emplace_back(t.row_labels().at(r.dimensions().at(t.dimension())),
                     r.display());
  }
  return out;
}

TEST(BilanDimensionsTest, OneCallPerServiceGivesEveryTable) {
  const auto catalogue = CatalogueForTests();
  EXPECT_THAT(BilanDimensions("directories", catalogue),
              ElementsAre("gender", "legal_form", "mrc", "phase", "sector"));
  EXPECT_THAT(BilanDimensions("events", catalogue),
              ElementsAre("event_kind", "gender", "mrc"));
  EXPECT_THAT(BilanDimensions("funding", catalogue),
              ElementsAre("funder", "program"));
  EXPECT_THAT(BilanDimensions("plans", catalogue), ElementsAre());
  EXPECT_THAT(BilanDimensions("plans", CatalogueForTests(true)),
              ElementsAre("plan"));
  EXPECT_THAT(BilanDimensions("events", CatalogueForTests(true)),
              ElementsAre("body", "body_kind", "event_kind", "gender", "mrc"));
}

TEST(BuildBilanTest, TheSectionsOfARapportDActivite) {
  v1::Bilan b = BuildBilan(CentreDuQuebec(), CatalogueForTests(), Labels(),
                           Audience::kTenant, 5);
  EXPECT_EQ(b.name(), "tenants/centre-du-quebec/bilans/2017-2018");
  EXPECT_EQ(b.display_name(), "Pôle d'économie sociale du Centre-du-Québec");
  EXPECT_EQ(b.region_name(), "Centre-du-Québec");
  EXPECT_EQ(b.fiscal_year(), "2017-2018");
  EXPECT_EQ(b.disclosure_threshold(), 0);
  std::vector<std::string> keys;
  for (const auto& s : b.sections()) keys.push_back(s.key());
  EXPECT_THAT(keys, ElementsAre("vie_associative", "concertation", "evenements",
                                "formations", "accompagnement", "repertoire",
                                "financement", "plan"));
}

TEST(BuildBilanTest, AComputedBreakdownIsSummedDownToOneDimension) {
  v1::Bilan b = BuildBilan(CentreDuQuebec(), CatalogueForTests(), Labels(),
                           Audience::kTenant, 5);
  const auto* by_mrc = Find(b, "directories.dossiers_opened", "mrc");
  ASSERT_NE(by_mrc, nullptr);
  EXPECT_EQ(by_mrc->title_fr(), "Dossiers d'accompagnement ouverts, par MRC");
  EXPECT_EQ(by_mrc->unit(), "count");
  EXPECT_THAT(Rows(*by_mrc), ElementsAre(std::pair{"Arthabaska", "7"},
                                         std::pair{"Bécancour", "6"},
                                         std::pair{"Nicolet-Yamaska", "1"}));
  EXPECT_EQ(by_mrc->total().value(), 14);
  EXPECT_EQ(by_mrc->total().source(), v1::CELL_SOURCE_COMPUTED);
  const auto* by_phase = Find(b, "directories.dossiers_opened", "phase");
  ASSERT_NE(by_phase, nullptr);
  // The phases in their own order, named in French.
  EXPECT_THAT(Rows(*by_phase), ElementsAre(std::pair{"Prédémarrage", "3"},
                                           std::pair{"Démarrage", "10"},
                                           std::pair{"Consolidation", "1"}));
  const auto* by_gender = Find(b, "events.participants", "gender");
  ASSERT_NE(by_gender, nullptr);
  EXPECT_THAT(Rows(*by_gender),
              ElementsAre(std::pair{"Femmes", "100"}, std::pair{"Hommes", "40"},
                          std::pair{"Non recueilli", "19"}));
  EXPECT_EQ(by_gender->total().value(), 159);
}

TEST(BuildBilanTest, AReportedBreakdownIsUsedAsIsAndTheMismatchShown) {
  v1::Bilan b = BuildBilan(CentreDuQuebec(), CatalogueForTests(), Labels(),
                           Audience::kTenant, 5);
  const auto* by_mrc = Find(b, "directories.enterprises", "mrc");
  ASSERT_NE(by_mrc, nullptr);
  EXPECT_EQ(by_mrc->total().value(), 237);
  EXPECT_EQ(by_mrc->total().source(), v1::CELL_SOURCE_REPORTED);
  EXPECT_EQ(by_mrc->rows_size(), 3);
  for (const auto& r : by_mrc->rows())
    EXPECT_EQ(r.source(), v1::CELL_SOURCE_REPORTED);
  const auto* repertoire = Section(b, "repertoire");
  EXPECT_THAT(repertoire->notes(),
              Contains(HasSubstr("la répartition par MRC totalise 225")));
  EXPECT_THAT(repertoire->notes(), Contains(HasSubstr("Chiffres déclarés")));
  // Not broken down by legal form: said so, not shown as zero.
  const auto* by_form = Find(b, "directories.enterprises", "legal_form");
  ASSERT_NE(by_form, nullptr);
  EXPECT_EQ(by_form->rows_size(), 0);
  EXPECT_THAT(repertoire->notes(),
              Contains(HasSubstr("n'est pas ventilé par forme juridique")));
  EXPECT_THAT(b.findings(),
              Contains(::testing::Property(&v1::Finding::rule,
                                           v1::Finding::BREAKDOWN_MISMATCH)));
}

TEST(BuildBilanTest, TheLoneDossierIsSuppressedForNationalReaders) {
  v1::Bilan b = BuildBilan(CentreDuQuebec(), CatalogueForTests(), Labels(),
                           Audience::kNational, 5);
  EXPECT_EQ(b.disclosure_threshold(), 5);
  for (const char* dim : {"mrc", "sector", "phase", "gender"}) {
    SCOPED_TRACE(dim);
    const auto* t = Find(b, "directories.dossiers_opened", dim);
    ASSERT_NE(t, nullptr);
    EXPECT_EQ(t->total().value(), 14);  // totals stay exact
    int suppressed = 0;
    int64_t shown = 0;
    for (const auto& r : t->rows()) {
      if (r.suppressed()) {
        ++suppressed;
        EXPECT_EQ(r.value(), 0);
        EXPECT_EQ(r.display(), "< 5");
      } else {
        EXPECT_GE(r.value(), 5);
        shown += r.value();
      }
    }
    // Never exactly one hidden cell: the total minus the others would say it.
    EXPECT_NE(suppressed, 1);
    if (suppressed > 0) {
      EXPECT_GE(14 - shown, 5);
    }
  }
  const auto* by_mrc = Find(b, "directories.dossiers_opened", "mrc");
  EXPECT_THAT(Rows(*by_mrc), ElementsAre(std::pair{"Arthabaska", "7"},
                                         std::pair{"Bécancour", "< 5"},
                                         std::pair{"Nicolet-Yamaska", "< 5"}));
  // Events are not counts of people: shown exactly.
  const auto* held = Find(b, "events.held", "event_kind");
  for (const auto& r : held->rows()) EXPECT_FALSE(r.suppressed());
}

TEST(BuildBilanTest, AFailedServiceIsUnreachableNeverZero) {
  v1::Bilan b = BuildBilan(CentreDuQuebec(), CatalogueForTests(), Labels(),
                           Audience::kNational, 5);
  EXPECT_EQ(b.state(), v1::NationalTableRow::UNREACHABLE);
  ASSERT_EQ(b.unreachable_size(), 1);
  EXPECT_EQ(b.unreachable(0).tenant(), "tenants/centre-du-quebec");
  EXPECT_EQ(b.unreachable(0).service(), "funding");
  EXPECT_EQ(b.unreachable(0).code(), "DEADLINE_EXCEEDED");
  const auto* awards = Find(b, "funding.awards", "program");
  ASSERT_NE(awards, nullptr);
  EXPECT_EQ(awards->total().source(), v1::CELL_SOURCE_UNREACHABLE);
  EXPECT_EQ(awards->total().display(), "injoignable");
  EXPECT_THAT(Section(b, "financement")->notes(),
              Contains(HasSubstr("n'ont pu être obtenus")));
}

TEST(BuildBilanTest, AMissingFigureIsMissingWithANote) {
  v1::Bilan b = BuildBilan(CentreDuQuebec(), CatalogueForTests(), Labels(),
                           Audience::kTenant, 5);
  const auto* trainings = Find(b, "events.trainings", "mrc");
  ASSERT_NE(trainings, nullptr);
  EXPECT_EQ(trainings->total().source(), v1::CELL_SOURCE_MISSING);
  EXPECT_EQ(trainings->total().display(), "—");
  EXPECT_THAT(Section(b, "formations")->notes(),
              Contains("Aucune donnée pour «\u00a0Formations offertes\u00a0» "
                       "en 2017-2018."));
  // plans was not asked at all: missing too, not zero.
  const auto* plan = Find(b, "plans.indicators_achieved", "");
  ASSERT_NE(plan, nullptr);
  EXPECT_EQ(plan->total().source(), v1::CELL_SOURCE_MISSING);
}

TEST(BuildBilanTest, VieAssociativeShowsTheMeetingsOfTheBodies) {
  v1::Bilan b = BuildBilan(CentreDuQuebec(), CatalogueForTests(), Labels(),
                           Audience::kTenant, 5);
  const auto* s = Section(b, "vie_associative");
  ASSERT_EQ(s->tables_size(), 1);
  const auto& t = s->tables(0);
  EXPECT_EQ(t.indicator(), "events.held");
  EXPECT_THAT(Rows(t),
              ElementsAre(std::pair{"Conseil d'administration", "6"},
                          std::pair{"Assemblée générale annuelle", "1"}));
  EXPECT_EQ(t.total().value(), 7);
}

TEST(BuildBilanTest, LaterIndicatorsMeetingsSatisfactionAndPlans) {
  TenantSummaries ts = CentreDuQuebec();
  AddValues(&ts, "events",
            {{"events.meetings", {}, 10},
             {"events.meetings",
              {{"body", "ca"},
               {"body_kind", "board"},
               {"event_kind", "board_meeting"}},
              6},
             {"events.meetings",
              {{"body", "ca"}, {"body_kind", "board"}, {"event_kind", "aga"}},
              1},
             {"events.meetings",
              {{"body", "crds"},
               {"body_kind", "partner_committee"},
               {"event_kind", "committee_meeting"}},
              3},
             {"events.satisfaction_answers", {}, 119},
             {"events.satisfaction_satisfied", {}, 115}});
  // The events service names the bodies its dimension values are ids of.
  for (const auto& [id, name] :
       {std::pair{"ca", "Conseil d'administration du Pôle"},
        std::pair{"crds", "Conseil régional de développement social"}}) {
    v1::DimensionValueLabel* l = ts.by_service["events"].add_labels();
    l->set_dimension("body");
    l->set_value(id);
    l->set_label(name);
  }
  AddValues(&ts, "plans",
            {{"plans.indicators_achieved", {}, 12},
             {"plans.indicators_achieved",
              {{"plan", "tenants/centre-du-quebec/plans/p"}},
              12},
             {"plans.indicators_measured", {}, 20}});
  v1::Bilan b =
      BuildBilan(ts, CatalogueForTests(true), Labels(), Audience::kTenant, 5);
  const auto* kinds = Find(b, "events.meetings", "body_kind");
  ASSERT_NE(kinds, nullptr);
  EXPECT_THAT(Rows(*kinds),
              ElementsAre(std::pair{"Conseil d'administration", "7"},
                          std::pair{"Comités de partenaires", "3"}));
  const auto* bodies = Find(b, "events.meetings", "body");
  ASSERT_NE(bodies, nullptr);
  EXPECT_THAT(
      Rows(*bodies),
      ElementsAre(std::pair{"Conseil d'administration du Pôle", "7"},
                  std::pair{"Conseil régional de développement social", "3"}));
  EXPECT_EQ(Find(b, "events.held", "event_kind")->rows_size(), 4);
  EXPECT_THAT(Section(b, "formations")->notes(),
              Contains(HasSubstr("96,6\u00a0% (115 réponses satisfaites sur "
                                 "119)")));
  EXPECT_THAT(Section(b, "plan")->notes(),
              Contains(HasSubstr("12 indicateurs atteints sur 20 mesurés")));
}

TEST(BuildBilanTest, AServiceWithoutSummaryIsMissingNotUnreachable) {
  TenantSummaries ts = CentreDuQuebec();
  ts.failed.erase("funding");
  ts.failed["plans"] = absl::UnimplementedError("no SummarizePlans");
  v1::Bilan b =
      BuildBilan(ts, CatalogueForTests(), Labels(), Audience::kTenant, 5);
  EXPECT_EQ(b.state(), v1::NationalTableRow::DRAFT);
  EXPECT_THAT(b.unreachable(), ::testing::IsEmpty());
  EXPECT_EQ(Find(b, "plans.indicators_achieved", "")->total().source(),
            v1::CELL_SOURCE_MISSING);
}

TEST(BuildBilanTest, NothingRecorded) {
  TenantSummaries ts;
  ts.tenant.slug = "abitibi-temiscamingue";
  ts.fiscal_year = "2017-2018";
  ts.by_service["events"];
  ts.by_service["directories"];
  v1::Bilan b = BuildBilan(ts, CatalogueForTests(), {}, Audience::kNational, 5);
  EXPECT_EQ(b.state(), v1::NationalTableRow::NOTHING);
  EXPECT_THAT(b.unreachable(), ::testing::IsEmpty());
}

}  // namespace
}  // namespace poles::gateway
