#include "services/events/summary.h"

#include <gtest/gtest.h>

namespace poles::events {
namespace {

TEST(CountSatisfactionTest, TwoSummableCountsOfAnswers) {
  // The CPE cohort of Centre-du-Québec 2017-2018: 17 trainees, 7 questions.
  SatisfactionCount c = CountSatisfaction(17, {100, 96, 92, 100, 96, 92, 100});
  EXPECT_EQ(c.answers, 119);
  EXPECT_EQ(c.satisfied, 17 + 16 + 16 + 17 + 16 + 16 + 17);
  // Summing two trainings keeps the rate a weighted mean: 10 x 50 % and
  // 30 x 100 % are 35 of 40, not the mean of the rates (75 %).
  SatisfactionCount a = CountSatisfaction(10, {50});
  SatisfactionCount b = CountSatisfaction(30, {100});
  EXPECT_EQ(a.satisfied + b.satisfied, 35);
  EXPECT_EQ(a.answers + b.answers, 40);
}

TEST(CountSatisfactionTest, NothingWithoutQuestionsOrCohort) {
  EXPECT_EQ(CountSatisfaction(17, {}).answers, 0);
  EXPECT_EQ(CountSatisfaction(0, {90}).answers, 0);
  EXPECT_EQ(CountSatisfaction(-1, {90}).satisfied, 0);
  EXPECT_EQ(CountSatisfaction(4, {150}).satisfied, 4);  // clamped
}

}  // namespace
}  // namespace poles::events
