// The seed plans load faithfully and read back through the API.
#include <fstream>
#include <map>
#include <sstream>

#include "cli/plan_file.h"
#include "cli/plan_import.h"
#include "tests/test_env.h"

namespace poles::testing {
namespace {

std::string ReadSeed(const std::string& rel) {
  std::ifstream in(std::string(POLES_SOURCE_DIR) + "/data/seeds/" + rel);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<v1::PlanItem> AllItems(const std::string& key, const std::string& plan) {
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

std::map<v1::PlanItem::Kind, int> CountKinds(const std::vector<v1::PlanItem>& items) {
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
  auto summary = cli::ImportPlan(Channel(), t.editor_key, *parsed, t.slug, false);
  EXPECT_TRUE(summary.ok()) << summary.status();
  // A rerun is a no-op.
  auto again = cli::ImportPlan(Channel(), t.editor_key, *parsed, t.slug, false);
  EXPECT_TRUE(again.ok() && again->already_present);
  return {t, summary->plan_name};
}

TEST(SeedPlansTest, ValleeDuHautSaintLaurent2018HasItsObjectivesActionsAndTargets) {
  auto [t, plan] = Load("plans/vhsl-2018-2019.json");
  auto items = AllItems(t.viewer_key, plan);
  auto kinds = CountKinds(items);
  EXPECT_EQ(kinds[v1::PlanItem::OBJECTIVE], 3);
  EXPECT_EQ(kinds[v1::PlanItem::SUB_OBJECTIVE], 8);
  EXPECT_EQ(kinds[v1::PlanItem::ACTION], 20);

  std::map<std::string, v1::PlanItem> by_code;
  for (const auto& it : items) by_code[it.code()] = it;
  ASSERT_TRUE(by_code.count("1.1.1"));
  const auto& a111 = by_code["1.1.1"];
  EXPECT_EQ(a111.title(), "Encourager les entreprises d'économie sociale à devenir membre du Pôle");
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
    EXPECT_TRUE(Plans()->ListIndicators(Ctx(t.viewer_key).get(), r, &resp).ok());
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

  v1::GetPlanProgressRequest pr;
  pr.set_name(plan);
  v1::PlanProgress prog;
  ASSERT_TRUE(Plans()->GetPlanProgress(Ctx(t.viewer_key).get(), pr, &prog).ok());
  EXPECT_EQ(prog.indicator_count(), 34);
  EXPECT_EQ(prog.measurable_count(), 18);
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

  auto items = AllItems(t.viewer_key, plan);
  auto kinds = CountKinds(items);
  EXPECT_EQ(kinds[v1::PlanItem::AXE], 5);
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
  EXPECT_EQ(lines, 7);
  EXPECT_EQ(total, 18250000);  // 182 500,00 $
  EXPECT_EQ(by_code["1.2.1"].budget().cents(), 5000000);
  EXPECT_EQ(by_code["2.3.1"].budget_note(), "5 jours / semaine");
  // "A" in the 2007 column: autumn 2007.
  const auto& first = by_code["1.1.1"];
  ASSERT_EQ(first.schedule().slots_size(), 1);
  EXPECT_EQ(first.schedule().slots(0).year(), 2007);
  EXPECT_EQ(first.schedule().slots(0).season(), v1::AUTUMN);
  EXPECT_TRUE(by_code["5.1.1"].schedule().continuous());
  EXPECT_THAT(by_code["1.1.1"].responsables(), ::testing::ElementsAre("Comité des communications"));
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
