#ifndef POLES_SERVICES_PLANS_COMPUTED_H_
#define POLES_SERVICES_PLANS_COMPUTED_H_

// Computed results: the actual values of a plan indicator linked to a
// national indicator, read live from the owning service's summary with the
// caller's own credential (never from that service's tables).

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "poles/v1/indicators.pb.h"
#include "poles/v1/plans.pb.h"
#include "services/common/summary_stub.h"

namespace poles::plans {

// The fiscal years (as start years) a computed indicator of a plan running
// [first_fy, last_fy] has results for: each of them up to `current_fy`, the
// fiscal year now; none before the plan starts.
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

// Appends to `indicator`'s results one computed result per fiscal year of
// ComputedFiscalYears(first_fy, last_fy, current_fy), each read from
// `service`'s summary of `tenant` through `stub` on behalf of `caller`, in
// order. The first failed summary call's status is returned (results
// already added stay).
absl::Status AddComputedResults(SummaryStub& stub,
                                const SummaryCallOptions& caller,
                                const std::string& tenant,
                                const std::string& service, int first_fy,
                                int last_fy, int current_fy,
                                v1::Indicator* indicator);

}  // namespace poles::plans

#endif  // POLES_SERVICES_PLANS_COMPUTED_H_
