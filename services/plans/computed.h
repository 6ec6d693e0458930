#ifndef POLES_SERVICES_PLANS_COMPUTED_H_
#define POLES_SERVICES_PLANS_COMPUTED_H_

// Computed results: the actual values of a plan indicator linked to a
// national indicator, read live from the owning service's summary with the
// caller's own credential (never from that service's tables).

#include <map>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "poles/v1/indicators.pb.h"
#include "poles/v1/plans.pb.h"
#include "services/common/summary_stub.h"

namespace poles::plans {

// The fiscal years a plan may span (ValidatePlan refuses longer plans), and
// so the most summaries one computed indicator reads.
inline constexpr int kMaxPlanFiscalYears = 10;

// The fiscal years (as start years) a computed indicator of a plan running
// [first_fy, last_fy] has results for: each of them up to `current_fy`, the
// fiscal year now; none before the plan starts; the last
// kMaxPlanFiscalYears of them only (for plans older than that bound).
std::vector<int> ComputedFiscalYears(int first_fy, int last_fy, int current_fy);

// The request for the summary an indicator's results are read from: the
// tenant's summary for `fiscal_year`, broken down by the keys of the
// indicator's link_filter.
v1::SummarizeRequest ComputedSummaryRequest(const std::string& tenant,
                                            int fiscal_year,
                                            const v1::Indicator& indicator);

// The value a computed indicator selects from a summary: the value of its
// national indicator broken down by exactly the link_filter's keys, with
// the link_filter's values (the total when the filter is empty).
struct SelectedValue {
  double value = 0;       // 0 when the summary has no such value
  bool reported = false;  // PROVENANCE_REPORTED: the Pôle declared it
};
SelectedValue SelectSummaryValue(const v1::Indicator& indicator,
                                 const v1::IndicatorSummary& summary);

// The result of a computed indicator for one fiscal year, its note saying
// where the value comes from.
v1::IndicatorResult ComputedResult(const v1::Indicator& indicator,
                                   const std::string& service, int fiscal_year,
                                   const SelectedValue& value);

// The summaries of one tenant that computed results are read from, through
// `stub` on behalf of `caller`, each fetched once however many indicators
// select from it: one per service, fiscal year and set of breakdown keys.
// One per request (ListIndicators of 100 indicators over 10 years makes at
// most 10 calls per distinct breakdown). Not thread-safe.
class ComputedSummaries {
 public:
  // `stub` may be null: every read is then UNAVAILABLE.
  ComputedSummaries(SummaryStub* stub, SummaryCallOptions caller,
                    std::string tenant);

  // The summary of `service` for `fiscal_year` broken down as `indicator`'s
  // link_filter (ComputedSummaryRequest); the summary call's error if it
  // failed (not cached).
  absl::StatusOr<const v1::IndicatorSummary*> Get(
      const std::string& service, int fiscal_year,
      const v1::Indicator& indicator);

  // Summary calls made so far.
  int calls() const { return calls_; }

 private:
  SummaryStub* stub_;
  SummaryCallOptions caller_;
  std::string tenant_;
  std::map<std::string, v1::IndicatorSummary> summaries_;
  int calls_ = 0;
};

// Appends to `indicator`'s results one computed result per fiscal year of
// ComputedFiscalYears(first_fy, last_fy, current_fy), each read from
// `service`'s summary through `summaries`, in order. The first failed
// summary call's status is returned (results already added stay).
absl::Status AddComputedResults(ComputedSummaries& summaries,
                                const std::string& service, int first_fy,
                                int last_fy, int current_fy,
                                v1::Indicator* indicator);

}  // namespace poles::plans

#endif  // POLES_SERVICES_PLANS_COMPUTED_H_
