#include "services/plans/summary.h"

#include <map>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"

namespace poles::plans {
namespace {

// "indicator" or "indicator|plan=..." -> value.
std::map<std::string, int64_t> Flatten(const v1::IndicatorSummary& s) {
  std::map<std::string, int64_t> out;
  for (const auto& v : s.values()) {
    std::string key = v.indicator();
    for (const auto& [k, val] : v.dimensions())
      absl::StrAppend(&key, "|", k, "=", val);
    out[key] = v.value();
    EXPECT_EQ(v.provenance(), v1::PROVENANCE_COMPUTED);
  }
  return out;
}

std::vector<PlanYearFacts> TwoPlans() {
  PlanYearFacts a;
  a.plan = "tenants/t/plans/a";
  a.entered = {.indicators = 5,
               .measurable = 4,
               .measured = 2,
               .achieved = 1,
               .entered = 2};
  a.computed = {{12, 10}, {3, 5}};  // one reached, one not
  PlanYearFacts b;
  b.plan = "tenants/t/plans/b";  // running, nothing measured: zeros
  b.entered = {.indicators = 1, .measurable = 0};
  return {a, b};
}

TEST(PlansSummaryTest, CountsAsPlanProgressDoesAndAddsUpOverPlans) {
  v1::IndicatorSummary s;
  BuildPlansSummary(TwoPlans(), {"plan"}, &s);
  auto v = Flatten(s);
  EXPECT_EQ(v["plans.indicators"], 6);
  EXPECT_EQ(v["plans.indicators_measurable"], 4);
  EXPECT_EQ(v["plans.indicators_measured"], 4);  // 2 entered + 2 computed
  EXPECT_EQ(v["plans.indicators_achieved"], 2);
  EXPECT_EQ(v["plans.results_entered"], 2);
  EXPECT_EQ(v["plans.results_computed"], 2);
  EXPECT_EQ(v["plans.indicators_achieved|plan=tenants/t/plans/a"], 2);
  EXPECT_EQ(v["plans.indicators|plan=tenants/t/plans/b"], 1);
  // A zero is a value: plan b's nothing measured is shown, not missing.
  ASSERT_EQ(v.count("plans.indicators_measured|plan=tenants/t/plans/b"), 1u);
  EXPECT_EQ(v["plans.indicators_measured|plan=tenants/t/plans/b"], 0);
  for (const auto& [code, dims] : PlansIndicators()) {
    EXPECT_EQ(v[code], v[code + "|plan=tenants/t/plans/a"] +
                           v[code + "|plan=tenants/t/plans/b"])
        << code;
  }
}

TEST(PlansSummaryTest, TotalsOnlyWithoutThePlanDimension) {
  v1::IndicatorSummary s;
  BuildPlansSummary(TwoPlans(), {}, &s);
  EXPECT_EQ(s.values_size(), static_cast<int>(PlansIndicators().size()));
  for (const auto& v : s.values()) EXPECT_TRUE(v.dimensions().empty());
}

TEST(PlansSummaryTest, NoPlanRunningIsNothing) {
  v1::IndicatorSummary s;
  BuildPlansSummary({}, {"plan"}, &s);
  EXPECT_EQ(s.values_size(), 0);
}

}  // namespace
}  // namespace poles::plans
