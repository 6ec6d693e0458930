#include "services/plans/plans_validation.h"

#include <cmath>

#include <gtest/gtest.h>

namespace poles::plans {
namespace {

std::vector<std::string> Fields(const Violations& v) {
  std::vector<std::string> out;
  for (const auto& f : FieldViolationsOf(v.Status())) out.push_back(f.field);
  return out;
}

v1::Plan GoodPlan() {
  v1::Plan p;
  p.set_title("Plan d'action 2018-2019");
  p.set_start_fiscal_year("2018-2019");
  p.set_end_fiscal_year("2018-2019");
  return p;
}

TEST(ValidatePlanTest, AcceptsTheSeedPlanShape) {
  Violations v;
  v1::Plan p = GoodPlan();
  p.set_status(v1::Plan::ADOPTED);
  p.set_adoption_date("2007-06-06");
  ValidatePlan(p, "plan", v);
  EXPECT_TRUE(v.empty()) << v.Status();
}

TEST(ValidatePlanTest, NamesEveryBadField) {
  v1::Plan p;
  p.set_title(std::string(301, 'x'));
  p.set_start_fiscal_year("2019-2020");
  p.set_end_fiscal_year("2018-2019");
  p.set_adoption_date("2007-06-06");  // but DRAFT
  Violations v;
  ValidatePlan(p, "plan", v);
  EXPECT_EQ(Fields(v),
            (std::vector<std::string>{"plan.title", "plan.end_fiscal_year",
                                      "plan.adoption_date"}));
}

TEST(ValidatePlanTest, APlanSpansAtMostTenFiscalYears) {
  v1::Plan p;
  p.set_title("Plan");
  p.set_start_fiscal_year("2016-2017");
  p.set_end_fiscal_year("2025-2026");
  Violations ten;
  ValidatePlan(p, "plan", ten);
  EXPECT_TRUE(ten.empty());
  p.set_start_fiscal_year("1990-1991");
  p.set_end_fiscal_year("2099-2100");
  Violations longer;
  ValidatePlan(p, "plan", longer);
  EXPECT_EQ(Fields(longer), (std::vector<std::string>{"plan.end_fiscal_year"}));
}

TEST(ValidatePlanItemTest, ChecksKindCodeScheduleAndBudget) {
  v1::PlanItem it;
  it.set_code("1..2");
  it.set_title("  ");
  it.add_moyens("");
  it.mutable_schedule()->set_due_date("2019-02-30");
  auto* slot = it.mutable_schedule()->add_slots();
  slot->set_year(1850);
  it.mutable_budget()->set_cents(-1);
  it.mutable_budget()->set_currency_code("USD");
  Violations v;
  ValidatePlanItem(it, "item", v);
  EXPECT_EQ(Fields(v),
            (std::vector<std::string>{
                "item.kind", "item.code", "item.title", "item.moyens[0]",
                "item.schedule.due_date", "item.schedule.slots[0].year",
                "item.schedule.slots[0].season", "item.budget.cents",
                "item.budget.currency_code"}));
}

TEST(ValidateIndicatorTest, RejectsNonFiniteAndNegativeNumbers) {
  v1::Indicator ind;
  ind.set_description("80 membres");
  ind.set_target(std::nan(""));
  ind.set_baseline(-3);
  ind.set_national_indicator_code("Bad Code");
  Violations v;
  ValidateIndicator(ind, "indicator", v);
  EXPECT_EQ(Fields(v),
            (std::vector<std::string>{"indicator.target", "indicator.baseline",
                                      "indicator.national_indicator_code"}));
}

TEST(ValidateResultTest, OnlyEnteredResultsComeFromClients) {
  v1::IndicatorResult r;
  r.set_fiscal_year("2018-2019");
  r.set_actual_value(12);
  r.set_source(v1::COMPUTED);
  Violations v;
  ValidateResult(r, "result", v);
  EXPECT_EQ(Fields(v), (std::vector<std::string>{"result.source"}));
}

TEST(ItemSortKeyTest, SortsCodesNumerically) {
  EXPECT_LT(ItemSortKey("1.9", "a"), ItemSortKey("1.10", "b"));
  EXPECT_LT(ItemSortKey("1", "a"), ItemSortKey("1.1", "b"));
  EXPECT_LT(ItemSortKey("2.2.2", "a"), ItemSortKey("3", "b"));
  EXPECT_LT(ItemSortKey("99", "a"), ItemSortKey("", "z"));  // uncoded last
}

TEST(SeasonSlotTest, RoundTripsLetters) {
  v1::SeasonSlot s;
  s.set_year(2007);
  s.set_season(v1::SUMMER);
  v1::SeasonSlot back;
  ASSERT_TRUE(ParseSeasonSlot(SeasonSlotText(s), &back));
  EXPECT_EQ(back.season(), v1::SUMMER);
  EXPECT_EQ(back.year(), 2007);
  EXPECT_FALSE(ParseSeasonSlot("2007-X", &back));
}

}  // namespace
}  // namespace poles::plans
