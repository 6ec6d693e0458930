#include "services/common/summary.h"

#include <map>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace poles {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::Pair;

// indicator -> canonical breakdown -> (value, provenance).
std::map<std::string, std::map<std::string, std::pair<int64_t, v1::Provenance>>>
Values(const v1::IndicatorSummary& s) {
  std::map<std::string,
           std::map<std::string, std::pair<int64_t, v1::Provenance>>>
      out;
  for (const auto& v : s.values()) {
    std::map<std::string, std::string> dims(v.dimensions().begin(),
                                            v.dimensions().end());
    out[v.indicator()][CanonicalDimensions(dims)] = {v.value(), v.provenance()};
  }
  return out;
}

TEST(CanonicalDimensionsTest, SortsKeys) {
  EXPECT_EQ(CanonicalDimensions({}), "");
  EXPECT_EQ(CanonicalDimensions({{"mrc", "becancour"}, {"gender", "women"}}),
            "gender=women;mrc=becancour");
}

TEST(SummaryBuilderTest, BreakdownsAddUpToTheTotal) {
  SummaryBuilder b;
  const std::set<std::string> allowed = {"event_kind", "mrc"};
  const std::set<std::string> requested = {"event_kind"};
  b.AddRecord(
      "events.held", allowed, requested,
      {{"event_kind", "forum"}, {"mrc", "becancour"}, {"plan_item", "x"}}, 1);
  b.AddRecord("events.held", allowed, requested,
              {{"event_kind", "forum"}, {"mrc", "drummond"}}, 1);
  b.AddRecord("events.held", allowed, requested,
              {{"event_kind", "networking"}, {"mrc", "drummond"}}, 1);
  v1::IndicatorSummary s;
  b.Emit(&s);
  auto values = Values(s);
  EXPECT_EQ(values["events.held"][""].first, 3);
  EXPECT_EQ(values["events.held"]["event_kind=forum"].first, 2);
  EXPECT_EQ(values["events.held"]["event_kind=networking"].first, 1);
  // Neither an unrequested (mrc) nor a disallowed (plan_item) breakdown.
  EXPECT_EQ(values["events.held"].size(), 3u);
  for (const auto& v : s.values())
    EXPECT_EQ(v.provenance(), v1::PROVENANCE_COMPUTED);
}

TEST(SummaryBuilderTest, EmitsInOrderAndEmpties) {
  SummaryBuilder b;
  b.Add("b.second", {}, 0);
  b.Add("a.first", {{"mrc", "x"}}, 2);
  b.Add("a.first", {}, 2);
  v1::IndicatorSummary s;
  b.Emit(&s);
  ASSERT_EQ(s.values_size(), 3);
  EXPECT_EQ(s.values(0).indicator(), "a.first");
  EXPECT_TRUE(s.values(0).dimensions().empty());
  EXPECT_EQ(s.values(1).dimensions().at("mrc"), "x");
  EXPECT_EQ(s.values(2).indicator(), "b.second");
  EXPECT_EQ(s.values(2).value(), 0);  // zero is a value, not "not collected"
  v1::IndicatorSummary again;
  b.Emit(&again);
  EXPECT_EQ(again.values_size(), 0);
}

TEST(CountParticipantsTest, GendersCollectedAddUpToTheTotal) {
  ParticipantCount c = CountParticipants(30, 12, 10, -1);
  EXPECT_EQ(c.total, 30);
  EXPECT_THAT(c.by_gender, ElementsAre(Pair("women", 12), Pair("men", 10),
                                       Pair("not_collected", 8)));
}

TEST(CountParticipantsTest, TotalFromTheGendersWhenNotGiven) {
  ParticipantCount c = CountParticipants(-1, 5, 0, 1);
  EXPECT_EQ(c.total, 6);
  EXPECT_THAT(c.by_gender, ElementsAre(Pair("women", 5), Pair("other", 1)));
}

TEST(CountParticipantsTest, NothingCollected) {
  ParticipantCount c = CountParticipants(-1, -1, -1, -1);
  EXPECT_EQ(c.total, -1);
  EXPECT_TRUE(c.by_gender.empty());
}

TEST(CountParticipantsTest, TotalOnlyIsNotCollectedByGender) {
  ParticipantCount c = CountParticipants(40, -1, -1, -1);
  EXPECT_EQ(c.total, 40);
  EXPECT_THAT(c.by_gender, ElementsAre(Pair("not_collected", 40)));
  EXPECT_TRUE(CountParticipants(0, -1, -1, -1).by_gender.empty());
}

v1::IndicatorSummary Computed() {
  SummaryBuilder b;
  b.Add("events.held", {}, 4);
  b.Add("events.held", {{"event_kind", "forum"}}, 4);
  b.Add("events.participants", {}, 50);
  v1::IndicatorSummary s;
  b.Emit(&s);
  return s;
}

TEST(MergeReportedTest, ReportedReplacesTheIndicatorEntirely) {
  v1::IndicatorSummary s = Computed();
  MergeReported(
      {{"events.held", "", 7}, {"events.held", "event_kind=networking", 7}},
      {"event_kind"}, &s);
  auto values = Values(s);
  EXPECT_EQ(values["events.held"].size(),
            2u);  // the computed forum breakdown is gone
  EXPECT_EQ(values["events.held"][""],
            std::make_pair(int64_t{7}, v1::PROVENANCE_REPORTED));
  EXPECT_EQ(values["events.held"]["event_kind=networking"].second,
            v1::PROVENANCE_REPORTED);
  EXPECT_EQ(values["events.participants"][""],
            std::make_pair(int64_t{50}, v1::PROVENANCE_COMPUTED));
  // Values not reported first, in their order; the reported ones follow.
  EXPECT_EQ(s.values(0).indicator(), "events.participants");
}

TEST(MergeReportedTest, ReportedBreakdownsOnlyWhenRequested) {
  v1::IndicatorSummary s = Computed();
  MergeReported({{"events.held", "", 7}, {"events.held", "mrc=becancour", 3}},
                {}, &s);
  auto values = Values(s);
  EXPECT_EQ(values["events.held"].size(), 1u);
  EXPECT_EQ(values["events.held"][""].first, 7);
}

TEST(MergeReportedTest, NothingReportedChangesNothing) {
  v1::IndicatorSummary s = Computed();
  const std::string before = s.SerializeAsString();
  MergeReported({}, {"event_kind"}, &s);
  EXPECT_EQ(s.SerializeAsString(), before);
}

const v1::IndicatorValue* Total(const v1::IndicatorSummary& s,
                                const std::string& indicator) {
  for (const auto& v : s.values()) {
    if (v.indicator() == indicator && v.dimensions().empty()) return &v;
  }
  return nullptr;
}

TEST(MergeReportedTest, AReportedTotalThatDiffersFromTheComputedOneSaysSo) {
  v1::IndicatorSummary s = Computed();
  MergeReported({{"events.held", "", 7}, {"events.participants", "", 50}}, {},
                &s);
  const auto* held = Total(s, "events.held");
  ASSERT_NE(held, nullptr);
  EXPECT_EQ(held->value(), 7);
  EXPECT_THAT(held->findings(),
              ElementsAre("REPORTED_VS_COMPUTED: computed=4"));
  // The same figure reported is no finding.
  EXPECT_THAT(Total(s, "events.participants")->findings(), IsEmpty());
}

TEST(MergeReportedTest, AReportedBreakdownComparesWithItsComputedBreakdown) {
  v1::IndicatorSummary s = Computed();
  MergeReported(
      {{"events.held", "", 4}, {"events.held", "event_kind=forum", 3}},
      {"event_kind"}, &s);
  for (const auto& v : s.values()) {
    if (v.indicator() != "events.held") continue;
    if (v.dimensions().empty()) {
      EXPECT_THAT(v.findings(),
                  ElementsAre("BREAKDOWN_MISMATCH: event_kind sum=3 total=4"));
    } else {
      EXPECT_THAT(v.findings(),
                  ElementsAre("REPORTED_VS_COMPUTED: computed=4"));
    }
  }
}

TEST(MergeReportedTest, NoComputedValueIsNoComparison) {
  v1::IndicatorSummary s;  // the tenant keeps no records of it
  MergeReported({{"directories.enterprises", "", 237}}, {}, &s);
  ASSERT_EQ(s.values_size(), 1);
  EXPECT_THAT(s.values(0).findings(), IsEmpty());
  EXPECT_EQ(s.values(0).provenance(), v1::PROVENANCE_REPORTED);
}

// Centre-du-Québec 2017-2018 reports 237 enterprises; its charts by MRC and
// by sector count 225.
std::vector<ReportedValue> CentreDuQuebecDirectory() {
  return {{"directories.enterprises", "", 237},
          {"directories.enterprises", "mrc=arthabaska", 70},
          {"directories.enterprises", "mrc=becancour", 35},
          {"directories.enterprises", "mrc=drummond", 70},
          {"directories.enterprises", "mrc=l-erable", 25},
          {"directories.enterprises", "mrc=nicolet-yamaska", 25},
          {"directories.enterprises", "sector=culture", 225},
          {"directories.enterprises", "legal_form=obnl", 237},
          {"directories.enterprises", "legal_form=obnl;mrc=becancour", 1}};
}

TEST(MergeReportedTest, ABreakdownThatDoesNotAddUpIsAFindingOnTheTotal) {
  SummaryBuilder b;
  b.Add("directories.enterprises", {}, 225);
  v1::IndicatorSummary s;
  b.Emit(&s);
  MergeReported(CentreDuQuebecDirectory(), {}, &s);
  const auto* total = Total(s, "directories.enterprises");
  ASSERT_NE(total, nullptr);
  EXPECT_EQ(total->value(), 237);
  // Checked whether or not the breakdowns were asked for; the legal_form
  // breakdown adds up, and a two-dimension one is not a single breakdown.
  EXPECT_THAT(total->findings(),
              ElementsAre("REPORTED_VS_COMPUTED: computed=225",
                          "BREAKDOWN_MISMATCH: mrc sum=225 total=237",
                          "BREAKDOWN_MISMATCH: sector sum=225 total=237"));
  EXPECT_EQ(s.values_size(), 1);
}

TEST(MergeReportedTest, BreakdownValuesCarryNoMismatchFinding) {
  v1::IndicatorSummary s;
  MergeReported(CentreDuQuebecDirectory(), {"mrc"}, &s);
  int breakdowns = 0;
  for (const auto& v : s.values()) {
    if (v.dimensions().empty()) continue;
    ++breakdowns;
    EXPECT_THAT(v.findings(), IsEmpty());
  }
  EXPECT_EQ(breakdowns, 5);
}

TEST(BreakdownFindingsTest, NoTotalNoFinding) {
  EXPECT_THAT(BreakdownFindings({{"x.y", "mrc=a", 3}}, "x.y"), IsEmpty());
  EXPECT_THAT(BreakdownFindings({{"x.y", "", 3}, {"x.y", "mrc=a", 3}}, "x.y"),
              IsEmpty());
  EXPECT_THAT(BreakdownFindings({{"x.y", "", 3}, {"x.z", "mrc=a", 1}}, "x.y"),
              IsEmpty());
}

TEST(ParseCanonicalDimensionsTest, ReadsBackCanonicalDimensions) {
  const std::map<std::string, std::string> dims = {{"gender", "women"},
                                                   {"mrc", "becancour"}};
  EXPECT_EQ(ParseCanonicalDimensions(CanonicalDimensions(dims)), dims);
  EXPECT_TRUE(ParseCanonicalDimensions("").empty());
}

}  // namespace
}  // namespace poles
