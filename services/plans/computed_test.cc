#include "services/plans/computed.h"

#include <chrono>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/common/summary_stub_mock.h"

namespace poles::plans {
namespace {

using ::poles::testing::AnswerSummary;
using ::poles::testing::MockSummaryStub;
using ::testing::_;
using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::Invoke;
using ::testing::Property;
using ::testing::UnorderedElementsAre;

v1::Indicator Breakfasts() {
  v1::Indicator ind;
  ind.set_national_indicator_code("events.held");
  ind.set_computed(true);
  ind.set_target(3);
  (*ind.mutable_link_filter())["event_kind"] = "networking";
  (*ind.mutable_link_filter())["plan_item"] = "tenants/t/plans/p/items/1-2-2";
  return ind;
}

void AddValue(v1::IndicatorSummary* s, const std::string& indicator,
              std::map<std::string, std::string> dims, int64_t value,
              v1::Provenance provenance = v1::PROVENANCE_COMPUTED) {
  auto* v = s->add_values();
  v->set_indicator(indicator);
  for (const auto& [k, val] : dims) (*v->mutable_dimensions())[k] = val;
  v->set_value(value);
  v->set_provenance(provenance);
}

TEST(ComputedFiscalYearsTest, EachYearOfThePlanUpToNow) {
  EXPECT_THAT(ComputedFiscalYears(2017, 2019, 2026),
              ElementsAre(2017, 2018, 2019));
  EXPECT_THAT(ComputedFiscalYears(2024, 2028, 2026),
              ElementsAre(2024, 2025, 2026));
  EXPECT_THAT(ComputedFiscalYears(2027, 2029, 2026), ElementsAre());
  EXPECT_THAT(ComputedFiscalYears(2026, 2026, 2026), ElementsAre(2026));
}

TEST(ComputedSummaryRequestTest, BrokenDownByTheFilterKeys) {
  v1::SummarizeRequest r =
      ComputedSummaryRequest("centre-du-quebec", 2017, Breakfasts());
  EXPECT_EQ(r.parent(), "tenants/centre-du-quebec");
  EXPECT_EQ(r.fiscal_year(), "2017-2018");
  // In the map's order, which protobuf leaves unspecified.
  EXPECT_THAT(r.dimensions(), UnorderedElementsAre("event_kind", "plan_item"));
}

TEST(SelectSummaryValueTest, ExactlyTheFilteredBreakdown) {
  v1::IndicatorSummary s;
  AddValue(&s, "events.held", {}, 9);
  AddValue(&s, "events.held", {{"event_kind", "networking"}}, 5);
  AddValue(
      &s, "events.held",
      {{"event_kind", "forum"}, {"plan_item", "tenants/t/plans/p/items/1-2-2"}},
      4);
  AddValue(&s, "events.held",
           {{"event_kind", "networking"},
            {"plan_item", "tenants/t/plans/p/items/1-2-2"}},
           3);
  AddValue(&s, "events.participants",
           {{"event_kind", "networking"},
            {"plan_item", "tenants/t/plans/p/items/1-2-2"}},
           60);
  SelectedValue v = SelectSummaryValue(Breakfasts(), s);
  EXPECT_EQ(v.value, 3);
  EXPECT_FALSE(v.reported);
}

TEST(SelectSummaryValueTest, TotalForAnEmptyFilterAndReportedSaysSo) {
  v1::Indicator total = Breakfasts();
  total.clear_link_filter();
  v1::IndicatorSummary s;
  AddValue(&s, "events.held", {{"event_kind", "networking"}}, 5);
  AddValue(&s, "events.held", {}, 12, v1::PROVENANCE_REPORTED);
  SelectedValue v = SelectSummaryValue(total, s);
  EXPECT_EQ(v.value, 12);
  EXPECT_TRUE(v.reported);
}

TEST(SelectSummaryValueTest, NoSuchValueIsZero) {
  v1::IndicatorSummary s;
  AddValue(&s, "events.held", {{"event_kind", "networking"}}, 5);
  SelectedValue v = SelectSummaryValue(Breakfasts(), s);
  EXPECT_EQ(v.value, 0);
  EXPECT_FALSE(v.reported);
}

TEST(ComputedResultTest, NoteSaysWhereTheValueComesFrom) {
  v1::IndicatorResult r =
      ComputedResult(Breakfasts(), "events", 2018, {4, false});
  EXPECT_EQ(r.fiscal_year(), "2018-2019");
  EXPECT_EQ(r.actual_value(), 4);
  EXPECT_EQ(r.source(), v1::COMPUTED);
  EXPECT_EQ(r.note(), "Calculé — events.held (service events)");
  EXPECT_EQ(ComputedResult(Breakfasts(), "events", 2018, {4, true}).note(),
            "Déclaré par le Pôle — events.held (service events)");
}

TEST(AddComputedResultsTest, OneSummaryPerYearWithTheCallersOptions) {
  MockSummaryStub stub;
  const auto deadline =
      std::chrono::system_clock::now() + std::chrono::seconds(5);
  const SummaryCallOptions caller{deadline, "Bearer viewer"};
  const auto from_caller =
      AllOf(Field(&SummaryCallOptions::deadline, deadline),
            Field(&SummaryCallOptions::authorization, "Bearer viewer"));
  const std::string item = "tenants/t/plans/p/items/1-2-2";
  v1::IndicatorSummary y2017, y2018;
  AddValue(&y2017, "events.held",
           {{"event_kind", "networking"}, {"plan_item", item}}, 3);
  AddValue(&y2018, "events.held",
           {{"event_kind", "networking"}, {"plan_item", item}}, 1,
           v1::PROVENANCE_REPORTED);
  EXPECT_CALL(stub,
              AsyncSummarize(
                  _, from_caller, "events",
                  Property(&v1::SummarizeRequest::fiscal_year, "2017-2018"), _))
      .WillOnce(Invoke(AnswerSummary(y2017)));
  EXPECT_CALL(stub,
              AsyncSummarize(
                  _, from_caller, "events",
                  Property(&v1::SummarizeRequest::fiscal_year, "2018-2019"), _))
      .WillOnce(Invoke(AnswerSummary(y2018)));
  v1::Indicator ind = Breakfasts();
  ComputedSummaries summaries(&stub, caller, "t");
  ASSERT_TRUE(
      AddComputedResults(summaries, "events", 2017, 2020, 2018, &ind).ok());
  ASSERT_EQ(ind.results_size(), 2);
  EXPECT_EQ(ind.results(0).fiscal_year(), "2017-2018");
  EXPECT_EQ(ind.results(0).actual_value(), 3);
  EXPECT_EQ(ind.results(1).actual_value(), 1);
  EXPECT_THAT(ind.results(1).note(),
              ::testing::StartsWith("Déclaré par le Pôle"));
}

TEST(AddComputedResultsTest, ASummaryErrorStopsAndIsReturned) {
  MockSummaryStub stub;
  EXPECT_CALL(stub, AsyncSummarize(_, _, "events", _, _))
      .WillOnce(Invoke(AnswerSummary(
          absl::PermissionDeniedError("reading the events summary: no"))));
  v1::Indicator ind = Breakfasts();
  ComputedSummaries summaries(&stub, {}, "t");
  absl::Status s =
      AddComputedResults(summaries, "events", 2017, 2019, 2026, &ind);
  EXPECT_EQ(s.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(ind.results_size(), 0);
}

TEST(AddComputedResultsTest, NoYearNoCall) {
  MockSummaryStub stub;
  EXPECT_CALL(stub, AsyncSummarize).Times(0);
  v1::Indicator ind = Breakfasts();
  ComputedSummaries summaries(&stub, {}, "t");
  EXPECT_TRUE(
      AddComputedResults(summaries, "events", 2030, 2032, 2026, &ind).ok());
  EXPECT_EQ(ind.results_size(), 0);
}

TEST(AddComputedResultsTest, IndicatorsOfOneBreakdownShareTheirSummaries) {
  MockSummaryStub stub;
  v1::IndicatorSummary empty;
  EXPECT_CALL(stub, AsyncSummarize(_, _, "events", _, _))
      .Times(3)
      .WillRepeatedly(Invoke(AnswerSummary(empty)));
  ComputedSummaries summaries(&stub, {}, "t");
  for (int i = 0; i < 100; ++i) {
    v1::Indicator ind = Breakfasts();
    ASSERT_TRUE(
        AddComputedResults(summaries, "events", 2016, 2018, 2026, &ind).ok());
    EXPECT_EQ(ind.results_size(), 3);
  }
  EXPECT_EQ(summaries.calls(), 3);
}

TEST(ComputedFiscalYearsTest, AtMostThePlanBoundOfYears) {
  std::vector<int> years = ComputedFiscalYears(1990, 2099, 2026);
  ASSERT_EQ(years.size(), static_cast<size_t>(kMaxPlanFiscalYears));
  EXPECT_EQ(years.front(), 2026 - kMaxPlanFiscalYears + 1);
  EXPECT_EQ(years.back(), 2026);
}

TEST(ComputedSummariesTest, NoStubIsUnavailable) {
  ComputedSummaries summaries(nullptr, {}, "t");
  EXPECT_EQ(summaries.Get("events", 2020, Breakfasts()).status().code(),
            absl::StatusCode::kUnavailable);
}

}  // namespace
}  // namespace poles::plans
