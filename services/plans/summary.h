#ifndef POLES_SERVICES_PLANS_SUMMARY_H_
#define POLES_SERVICES_PLANS_SUMMARY_H_

// The plans indicators (plans.* in the catalogue, migrations 0004 and 0011):
// the progress of the plans running in a fiscal year, by plan and in total.

#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "poles/v1/indicators.pb.h"
#include "services/common/call.h"
#include "services/common/summary_stub.h"
#include "services/plans/progress.h"

namespace poles::plans {

// The plans indicators this service computes, with the dimensions each may
// be broken down by. Must match the catalogue; a database test checks that
// it does.
const std::map<std::string, std::set<std::string>>& PlansIndicators();

// One plan's progress in the fiscal year: its entered part and its computed
// indicators with a target measured that year.
struct PlanYearFacts {
  std::string plan;  // "tenants/{t}/plans/{p}", the "plan" dimension
  EnteredProgress entered;
  std::vector<ComputedMeasure> computed;
};

// The plans indicators of `plans`, counted as FillPlanProgress counts them
// (plans.indicators, plans.indicators_measurable, plans.indicators_measured,
// plans.indicators_achieved, plans.results_entered, plans.results_computed):
// each plan adds to the totals, zeros included, and to its breakdown by
// "plan" when `requested` has it. Appended to `out` in indicator then
// breakdown order, PROVENANCE_COMPUTED. Nothing when `plans` is empty. Pure.
void BuildPlansSummary(const std::vector<PlanYearFacts>& plans,
                       const std::set<std::string>& requested,
                       v1::IndicatorSummary* out);

// SummarizePlans and ReportPlansIndicator. Thread-compatible.
class PlansSummary {
 public:
  // `summaries` (may be null: a tenant with computed indicators is then
  // UNAVAILABLE) reads computed indicators' values.
  explicit PlansSummary(SummaryStub* summaries) : summaries_(summaries) {}

  // Validates and authorises (Access::kSummary), reads the plans running
  // in the year in one single-round-trip read, then the values of their
  // computed indicators with a target (when the year has begun) from their
  // services' summaries, one call per service and breakdown, with the
  // caller's credential and deadline; a failed call fails the summary (a
  // plan's progress is never counted without them). Reported plans values
  // replace computed ones (MergeReportedValues).
  absl::Status Summarize(Call& c, const v1::SummarizeRequest& r,
                         v1::IndicatorSummary* out) const;
  // ReportIndicatorValue for the plans service (editor of the tenant).
  absl::Status Report(Call& c, const v1::ReportIndicatorValueRequest& r,
                      v1::IndicatorValue* out) const;

 private:
  SummaryStub* summaries_;
};

}  // namespace poles::plans

#endif  // POLES_SERVICES_PLANS_SUMMARY_H_
