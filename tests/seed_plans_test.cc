// The seed plans load faithfully and read back through the API.
#include <fstream>
#include <map>
#include <sstream>

#include <nlohmann/json.hpp>

#include "cli/plan_file.h"
#include "cli/plan_import.h"
#include "tests/test_env.h"

namespace poles::testing {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::string ReadSeed(const std::string& rel) {
  std::ifstream in(std::string(POLES_SOURCE_DIR) + "/data/seeds/" + rel);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// What a seed data file holds, counted from its JSON directly (not through
// the parser under test): the expected values of what the API reads back.
struct SeedCounts {
  int items = 0;
  std::map<std::string, int> kinds;  // "OBJECTIVE" -> 3
  int indicators = 0;
  int measurable = 0;  // indicators with a numeric target
  int budget_lines = 0;
  int64_t budget_cents = 0;
  int notes = 0;  // transcription notes
};

SeedCounts CountSeed(const std::string& rel) {
  SeedCounts c;
  auto j = nlohmann::json::parse(ReadSeed(rel));
  if (j.contains("transcription_notes"))
    c.notes = static_cast<int>(j["transcription_notes"].size());
  for (const auto& item : j.at("items")) {
    ++c.items;
    ++c.kinds[item.at("kind").get<std::string>()];
    if (item.contains("budget") && !item["budget"].is_null()) {
      ++c.budget_lines;
      c.budget_cents += item["budget"].at("cents").get<int64_t>();
    }
    if (!item.contains("indicators")) continue;
    for (const auto& ind : item["indicators"]) {
      ++c.indicators;
      if (ind.contains("target") && ind["target"].is_number()) ++c.measurable;
    }
  }
  return c;
}

std::vector<v1::PlanItem> AllItems(const std::string& key,
                                   const std::string& plan) {
  std::vector<v1::PlanItem> out;
  std::string token;
  do {
    v1::ListPlanItemsRequest r;
    r.set_parent(plan);
    r.set_page_size(25);  // several pages on purpose
    r.set_page_token(token);
    v1::ListPlanItemsResponse resp;
    EXPECT_TRUE(Plans()->ListPlanItems(Ctx(key).get(), r, &resp).ok());
    out.insert(out.end(), resp.items().begin(), resp.items().end());
    token = resp.next_page_token();
  } while (!token.empty());
  return out;
}

std::map<v1::PlanItem::Kind, int> CountKinds(
    const std::vector<v1::PlanItem>& items) {
  std::map<v1::PlanItem::Kind, int> kinds;
  for (const auto& it : items) ++kinds[it.kind()];
  return kinds;
}

// Each seed goes into a fresh tenant (the file's tenant is overridden), so
// the test does not depend on the demo slugs being free.
std::pair<TestTenant, std::string> Load(const std::string& file) {
  TestTenant t = NewTenant("seed");
  auto parsed = cli::ParsePlanFile(ReadSeed(file));
  EXPECT_TRUE(parsed.ok()) << parsed.status();
  auto summary =
      cli::ImportPlan(Channel(), t.editor_key, *parsed, t.slug, false);
  EXPECT_TRUE(summary.ok()) << summary.status();
  // A rerun is a no-op.
  auto again = cli::ImportPlan(Channel(), t.editor_key, *parsed, t.slug, false);
  EXPECT_TRUE(again.ok() && again->already_present);
  return {t, summary->plan_name};
}

TEST(SeedPlansTest,
     ValleeDuHautSaintLaurent2018HasItsObjectivesActionsAndTargets) {
  auto [t, plan] = Load("plans/vhsl-2018-2019.json");
  // The source document, /work/shared/seeds/vhsl-plan-action-2018-2019.txt
  // (the steering repository's seeds/), counts:
  // - 3 objectives, lines 21-25: "**OBJECTIF 1 : ASSURER LE DÉVELOPPEMENT
  //   D'UN RÉSEAU RÉGIONAL DES ENTREPRISES D'ÉCONOMIE SOCIALE**", "**OBJECTIF
  //   2 : ASSURER LA PROMOTION ET LE RAYONNEMENT DE L'ÉCONOMIE SOCIALE**",
  //   "**OBJECTIF 3 : FAVORISER LA CRÉATION DE NOUVELLES ENTREPRISES
  //   D'ÉCONOMIE SOCIALE**";
  // - 8 sub-objectives, the bold rows of lines 30, 33, 37, 42, 50, 54, 61 and
  //   64, from line 30 "<b>1.1 Promouvoir l'adhésion au Pôle d'économie
  //   sociale</b>" to line 64 "<b>3.2 Tester de nouvelles formules visant à
  //   répondre à des enjeux territoriaux par des solutions collectives</b>";
  // - 20 actions, the numbered rows from line 31 "1.1.1	Encourager les
  //   entreprises d'économie sociale à devenir membre du Pôle" to line 66
  //   "3.2.3	Joindre une démarche institutionnelle visant à répertorier des
  //   projets potentiels en mode coopératif" (3.1.1 and 3.2.2 absent);
  // - 34 indicators, the <li> of the INDICATEURS column of those 20 rows, 18
  //   of them a number (line: indicators/numbered): 31: 1/1 ("80 membres
  //   entreprises régulières (+ 40 nouveaux membres entreprises
  //   régulières)"), 32: 2/0, 34: 2/2 ("100 inscriptions au bulletin
  //   d'information (+ 40 nouvelles inscriptions)", "12 bulletins diffusés"),
  //   35: 1/1, 36: 1/1, 38: 1/1, 40: 3/3, 41: 2/0, 43: 3/2, 44: 3/1,
  //   45: 1/0, 51: 2/1, 52: 1/0, 53: 1/0, 55: 2/0, 56: 1/0, 62: 1/1
  //   ("5 séances d'information (une par MRC)"), 63: 1/1, 65: 2/2, 66: 3/1.
  // The data file must transcribe all of them, and the API return the data
  // file.
  SeedCounts file = CountSeed("plans/vhsl-2018-2019.json");
  EXPECT_EQ(file.kinds["OBJECTIVE"], 3);
  EXPECT_EQ(file.kinds["SUB_OBJECTIVE"], 8);
  EXPECT_EQ(file.kinds["ACTION"], 20);
  EXPECT_EQ(file.indicators, 34);
  EXPECT_EQ(file.measurable, 18);
  auto items = AllItems(t.viewer_key, plan);
  auto kinds = CountKinds(items);
  EXPECT_EQ(kinds[v1::PlanItem::OBJECTIVE], file.kinds["OBJECTIVE"]);
  EXPECT_EQ(kinds[v1::PlanItem::SUB_OBJECTIVE], file.kinds["SUB_OBJECTIVE"]);
  EXPECT_EQ(kinds[v1::PlanItem::ACTION], file.kinds["ACTION"]);
  EXPECT_EQ(static_cast<int>(items.size()), file.items);

  std::map<std::string, v1::PlanItem> by_code;
  for (const auto& it : items) by_code[it.code()] = it;
  ASSERT_TRUE(by_code.count("1.1.1"));
  const auto& a111 = by_code["1.1.1"];
  EXPECT_EQ(
      a111.title(),
      "Encourager les entreprises d'économie sociale à devenir membre du Pôle");
  EXPECT_EQ(a111.schedule().due_date(), "2019-11-01");
  EXPECT_EQ(a111.moyens_size(), 2);
  EXPECT_EQ(a111.parent_item(), plan + "/items/1-1");
  // Codes the document skips stay skipped.
  EXPECT_FALSE(by_code.count("3.1.1"));
  EXPECT_TRUE(by_code.count("3.2.3"));

  auto indicators = [&](const std::string& item) {
    v1::ListIndicatorsRequest r;
    r.set_parent(item);
    v1::ListIndicatorsResponse resp;
    EXPECT_TRUE(
        Plans()->ListIndicators(Ctx(t.viewer_key).get(), r, &resp).ok());
    return resp;
  };
  auto i111 = indicators(a111.name());
  ASSERT_EQ(i111.indicators_size(), 1);
  EXPECT_DOUBLE_EQ(i111.indicators(0).target(), 80);
  EXPECT_DOUBLE_EQ(i111.indicators(0).baseline(), 40);
  auto i121 = indicators(by_code["1.2.1"].name());
  ASSERT_EQ(i121.indicators_size(), 2);
  EXPECT_DOUBLE_EQ(i121.indicators(1).target(), 12);
  EXPECT_EQ(i121.indicators(1).unit(), "bulletins diffusés");
  auto i312 = indicators(by_code["3.1.2"].name());
  ASSERT_EQ(i312.indicators_size(), 1);
  EXPECT_DOUBLE_EQ(i312.indicators(0).target(), 5);
  // Line 43, 1.4.1: "1 réunion par MRC pour suivi régional" over the five
  // MRCs of the territory (the faits saillants 2015-2016, line 21: "les 5
  // MRC") is 5 meetings; its responsables column "Coordonnateur MRC/CLD
  // SADC du Suroît-Sud" keeps the Pôle's role as responsable.
  auto i141 = indicators(by_code["1.4.1"].name());
  ASSERT_EQ(i141.indicators_size(), 3);
  EXPECT_DOUBLE_EQ(i141.indicators(1).target(), 5);
  EXPECT_THAT(by_code["1.4.1"].responsables(), ElementsAre("Coordonnateur"));
  EXPECT_THAT(by_code["1.4.1"].partners(),
              ElementsAre("MRC/CLD", "SADC du Suroît-Sud"));
  // Line 51, 2.1.1: the ÉCHÉANCIER column "Juillet à novembre 2018
  // Novembre 2018", one deadline per indicator, neither a date.
  auto i211 = indicators(by_code["2.1.1"].name());
  ASSERT_EQ(i211.indicators_size(), 2);
  EXPECT_EQ(i211.indicators(0).due_note(), "Juillet à novembre 2018");
  EXPECT_EQ(i211.indicators(1).due_note(), "Novembre 2018");
  EXPECT_EQ(i211.indicators(1).due_date(), "");
  // The transcriber's notes reach the plan, every one of them.
  v1::GetPlanRequest gp;
  gp.set_name(plan);
  v1::Plan got;
  ASSERT_TRUE(Plans()->GetPlan(Ctx(t.viewer_key).get(), gp, &got).ok());
  EXPECT_EQ(got.notes_size(), file.notes);
  EXPECT_THAT(got.notes(), Contains(HasSubstr("« Coloc » est traité comme un "
                                              "organisme externe")));

  v1::GetPlanProgressRequest pr;
  pr.set_name(plan);
  v1::PlanProgress prog;
  ASSERT_TRUE(
      Plans()->GetPlanProgress(Ctx(t.viewer_key).get(), pr, &prog).ok());
  EXPECT_EQ(prog.indicator_count(), file.indicators);
  EXPECT_EQ(prog.measurable_count(), file.measurable);
  EXPECT_EQ(prog.achieved_count(), 0);
}

TEST(SeedPlansTest, CapitaleNationale2007HasItsAxesSchedulesAndBudgetLines) {
  auto [t, plan] = Load("plans/capitale-nationale-2007-2010.json");
  v1::GetPlanRequest gp;
  gp.set_name(plan);
  v1::Plan p;
  ASSERT_TRUE(Plans()->GetPlan(Ctx(t.viewer_key).get(), gp, &p).ok());
  EXPECT_EQ(p.status(), v1::Plan::ADOPTED);
  EXPECT_EQ(p.adoption_date(), "2007-06-06");
  EXPECT_EQ(p.start_fiscal_year(), "2007-2008");
  EXPECT_EQ(p.end_fiscal_year(), "2009-2010");

  // /work/shared/seeds/capitale-nationale-plan-triennal-2007-2010.txt has 5
  // axes (line 60 "AXE 1 : PROMOUVOIR L'ÉCONOMIE SOCIALE SUR L'ENSEMBLE DU
  // TERRITOIRE DE LA RÉGION DE LA CAPITALE-NATIONALE", then lines 74, 88,
  // 103 and 110 "AXE 5 : ORIENTER ET CONSEILLER LA CRÉ EN MATIÈRE D'ÉCONOMIE
  // SOCIALE") and 7 amounts in its budget column: lines 63 and 65 "5 000 \$",
  // 66 "50 000 \$", 79 "2 500 \$", 83 "5 jours / semaine 50 000 \$", 99
  // "20 000 \$" and 107 "50 000 \$", 182 500 $ in all (the document
  // escapes "$" as "\$").
  SeedCounts file = CountSeed("plans/capitale-nationale-2007-2010.json");
  EXPECT_EQ(file.kinds["AXE"], 5);
  EXPECT_EQ(file.budget_lines, 7);
  EXPECT_EQ(file.budget_cents, 18250000);
  auto items = AllItems(t.viewer_key, plan);
  auto kinds = CountKinds(items);
  EXPECT_EQ(kinds[v1::PlanItem::AXE], file.kinds["AXE"]);
  EXPECT_EQ(static_cast<int>(items.size()), file.items);
  int64_t total = 0;
  int lines = 0;
  std::map<std::string, v1::PlanItem> by_code;
  for (const auto& it : items) {
    by_code[it.code()] = it;
    if (it.has_budget()) {
      total += it.budget().cents();
      ++lines;
      EXPECT_EQ(it.budget().currency_code(), "CAD");
    }
  }
  EXPECT_EQ(lines, file.budget_lines);
  EXPECT_EQ(total, file.budget_cents);
  EXPECT_EQ(by_code["1.2.1"].budget().cents(), 5000000);
  EXPECT_EQ(by_code["2.3.1"].budget_note(), "5 jours / semaine");
  // "A" in the 2007 column: autumn 2007.
  const auto& first = by_code["1.1.1"];
  ASSERT_EQ(first.schedule().slots_size(), 1);
  EXPECT_EQ(first.schedule().slots(0).year(), 2007);
  EXPECT_EQ(first.schedule().slots(0).season(), v1::AUTUMN);
  EXPECT_TRUE(by_code["5.1.1"].schedule().continuous());
  EXPECT_THAT(by_code["1.1.1"].responsables(),
              ::testing::ElementsAre("Comité des communications"));
}

TEST(SeedPlansTest, ADryRunOfABrokenFileNamesEveryBadLineAndWritesNothing) {
  TestTenant t = NewTenant("dry");
  auto parsed = cli::ParsePlanFile(ReadSeed("plans/vhsl-2018-2019.json"));
  ASSERT_TRUE(parsed.ok());
  parsed->items[3].item.set_code("1.x");
  parsed->items[5].indicators[0].second.set_target(-2);
  parsed->plan.set_end_fiscal_year("2017-2018");
  for (bool dry : {true, false}) {
    auto r = cli::ImportPlan(Channel(), t.editor_key, *parsed, t.slug, dry);
    EXPECT_THAT(r.status(), InvalidFieldIs("items[3].code"));
    EXPECT_THAT(r.status(), InvalidFieldIs("items[5].indicators[0].target"));
    EXPECT_THAT(r.status(), InvalidFieldIs("plan.end_fiscal_year"));
  }
  v1::ListPlansRequest lr;
  lr.set_parent(t.parent());
  v1::ListPlansResponse plans;
  ASSERT_TRUE(Plans()->ListPlans(Ctx(t.viewer_key).get(), lr, &plans).ok());
  EXPECT_EQ(plans.plans_size(), 0);
}

TEST(SeedPlansTest, AFailureHalfwayLeavesNoPlanBehind) {
  TestTenant t = NewTenant("half");
  auto parsed = cli::ParsePlanFile(ReadSeed("plans/vhsl-2018-2019.json"));
  ASSERT_TRUE(parsed.ok());
  // Valid locally, refused by the server: a parent that does not exist.
  parsed->items[10].parent_item_id = "does-not-exist";
  auto r = cli::ImportPlan(Channel(), t.editor_key, *parsed, t.slug, false);
  EXPECT_THAT(r.status(), StatusIs(absl::StatusCode::kNotFound));
  v1::ListPlansRequest lr;
  lr.set_parent(t.parent());
  v1::ListPlansResponse plans;
  ASSERT_TRUE(Plans()->ListPlans(Ctx(t.viewer_key).get(), lr, &plans).ok());
  EXPECT_EQ(plans.plans_size(), 0);
}

}  // namespace
}  // namespace poles::testing
