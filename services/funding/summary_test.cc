#include "services/funding/summary.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace poles::funding {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

const v1::IndicatorValue* Find(const v1::IndicatorSummary& s,
                               const std::string& indicator,
                               const Dimensions& dims = {}) {
  for (const auto& v : s.values()) {
    if (v.indicator() != indicator ||
        static_cast<size_t>(v.dimensions_size()) != dims.size()) {
      continue;
    }
    bool same = true;
    for (const auto& [k, val] : dims) {
      auto it = v.dimensions().find(k);
      same = same && it != v.dimensions().end() && it->second == val;
    }
    if (same) return &v;
  }
  return nullptr;
}

AwardGroupFacts Group(const std::string& program, const std::string& mrc,
                      int64_t awards, int64_t authorised) {
  AwardGroupFacts a;
  a.dims = {{"funder", "mrc"},     {"funder_kind", "municipal"},
            {"program", program},  {"mrc", mrc},
            {"sector", "unknown"}, {"legal_form", "obnl"}};
  a.awards = awards;
  a.amount_authorised = authorised;
  return a;
}

TEST(FundingSummary, SumsAndBreakdownsAddUp) {
  FundingFacts f;
  f.awards.push_back(Group("fdt-economie-sociale", "becancour", 3, 4000000));
  f.awards.push_back(Group("fdt-economie-sociale", "drummond", 2, 5411500));
  f.awards.push_back(Group("fli", "drummond", 1, 4462500));
  f.awards[0].jobs_created_or_maintained = 58;
  v1::IndicatorSummary s;
  BuildFundingSummary(f, {"program", "mrc"}, &s);
  ASSERT_NE(Find(s, "funding.awards"), nullptr);
  EXPECT_EQ(Find(s, "funding.awards")->value(), 6);
  EXPECT_EQ(Find(s, "funding.amount_authorised")->value(), 13874000);
  EXPECT_EQ(Find(s, "funding.amount_authorised")->provenance(),
            v1::PROVENANCE_COMPUTED);
  const auto* fdt =
      Find(s, "funding.amount_authorised",
           {{"program", "fdt-economie-sociale"}, {"mrc", "drummond"}});
  ASSERT_NE(fdt, nullptr);
  EXPECT_EQ(fdt->value(), 5411500);
  // Absent is not zero: nobody recorded disbursements or jobs created.
  EXPECT_EQ(Find(s, "funding.amount_disbursed"), nullptr);
  EXPECT_EQ(Find(s, "funding.jobs_created"), nullptr);
  EXPECT_EQ(Find(s, "funding.jobs_created_or_maintained")->value(), 58);
}

TEST(FundingSummary, DimensionsNotAllowedAreTotalsOnly) {
  FundingFacts f;
  CallFacts c;
  c.dims = {
      {"funder", "mesi"}, {"funder_kind", "provincial"}, {"program", "piec"}};
  c.information_requests = 8;
  c.eligibility_requests = 11;
  c.applications_filed = 4;
  c.recommended = 3;
  c.retained = 1;
  f.calls.push_back(c);
  v1::IndicatorSummary s;
  BuildFundingSummary(f, {"mrc"}, &s);
  EXPECT_EQ(Find(s, "funding.call_information_requests")->value(), 8);
  EXPECT_EQ(Find(s, "funding.call_eligibility_requests")->value(), 11);
  EXPECT_EQ(Find(s, "funding.call_applications_filed")->value(), 4);
  EXPECT_EQ(Find(s, "funding.call_recommended")->value(), 3);
  EXPECT_EQ(Find(s, "funding.call_retained")->value(), 1);
  EXPECT_EQ(s.values_size(), 5);
}

TEST(FundingSummary, ReportedTotalsStayApartAndCarryTheirFindings) {
  FundingFacts f;
  f.awards.push_back(Group("fli", "drummond", 1, 100));
  ReportedFacts sq;
  sq.dims = {{"funder", "services-quebec"},
             {"funder_kind", "provincial"},
             {"program", "none"}};
  sq.measure = v1::REPORTED_MEASURE_AMOUNT;
  sq.total = 71728083;
  sq.findings = {"BREAKDOWN_MISMATCH: ..."};
  f.reported.push_back(sq);
  ReportedFacts mrc;
  mrc.dims = {
      {"funder", "mrc"}, {"funder_kind", "municipal"}, {"program", "fli"}};
  mrc.measure = v1::REPORTED_MEASURE_AMOUNT;
  mrc.total = 4462500;
  f.reported.push_back(mrc);
  v1::IndicatorSummary s;
  BuildFundingSummary(f, {"funder_kind"}, &s);
  EXPECT_EQ(Find(s, "funding.amount_authorised")->value(), 100);
  const auto* total = Find(s, "funding.reported_amount");
  ASSERT_NE(total, nullptr);
  EXPECT_EQ(total->value(), 71728083 + 4462500);
  EXPECT_EQ(total->provenance(), v1::PROVENANCE_REPORTED);
  EXPECT_THAT(total->findings(), ElementsAre("BREAKDOWN_MISMATCH: ..."));
  const auto* municipal =
      Find(s, "funding.reported_amount", {{"funder_kind", "municipal"}});
  ASSERT_NE(municipal, nullptr);
  EXPECT_EQ(municipal->value(), 4462500);
  EXPECT_THAT(municipal->findings(), IsEmpty());
  EXPECT_THAT(
      Find(s, "funding.reported_amount", {{"funder_kind", "provincial"}})
          ->findings(),
      ElementsAre("BREAKDOWN_MISMATCH: ..."));
}

}  // namespace
}  // namespace poles::funding
