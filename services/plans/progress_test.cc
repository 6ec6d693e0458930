#include "services/plans/progress.h"

#include "gtest/gtest.h"

namespace poles::plans {
namespace {

TEST(ComputedProgressYearTest, AskedOrTheLatestBegunYear) {
  EXPECT_EQ(ComputedProgressYear(std::nullopt, 2017, 2019, 2026), 2019);
  EXPECT_EQ(ComputedProgressYear(std::nullopt, 2024, 2028, 2026), 2026);
  EXPECT_EQ(ComputedProgressYear(2018, 2017, 2019, 2026), 2018);
  // A year asked after the plan's end still counts once it has begun.
  EXPECT_EQ(ComputedProgressYear(2021, 2017, 2019, 2026), 2021);
}

TEST(ComputedProgressYearTest, NoneBeforeThePlanOrInTheFuture) {
  EXPECT_EQ(ComputedProgressYear(std::nullopt, 2027, 2029, 2026), std::nullopt);
  EXPECT_EQ(ComputedProgressYear(2016, 2017, 2019, 2026), std::nullopt);
  EXPECT_EQ(ComputedProgressYear(2027, 2024, 2028, 2026), std::nullopt);
}

TEST(FillPlanProgressTest, EnteredAndComputedTogether) {
  EnteredProgress entered;
  entered.indicators = 6;
  entered.measurable = 5;
  entered.measured = 2;
  entered.achieved = 1;
  entered.entered = 2;
  v1::PlanProgress p;
  FillPlanProgress(entered, {{3, 3}, {1, 3}}, &p);
  EXPECT_EQ(p.indicator_count(), 6);
  EXPECT_EQ(p.measurable_count(), 5);
  EXPECT_EQ(p.measured_count(), 4);
  EXPECT_EQ(p.achieved_count(), 2);  // one entered, one computed at its target
  EXPECT_EQ(p.entered_count(), 2);
  EXPECT_EQ(p.computed_count(), 2);
  EXPECT_DOUBLE_EQ(p.achieved_share(), 2.0 / 5);
}

TEST(FillPlanProgressTest, NothingMeasurableIsAZeroShare) {
  EnteredProgress entered;
  entered.indicators = 3;
  v1::PlanProgress p;
  FillPlanProgress(entered, {}, &p);
  EXPECT_EQ(p.indicator_count(), 3);
  EXPECT_EQ(p.computed_count(), 0);
  EXPECT_EQ(p.achieved_share(), 0);
}

}  // namespace
}  // namespace poles::plans
