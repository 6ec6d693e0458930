#ifndef POLES_SERVICES_PLANS_INDICATORS_H_
#define POLES_SERVICES_PLANS_INDICATORS_H_

#include <string>

#include "absl/status/status.h"
#include "poles/v1/plans.pb.h"
#include "services/common/call.h"
#include "services/common/page_token.h"
#include "services/common/summary_stub.h"
#include "services/plans/computed.h"

namespace poles::plans {

// The indicators of a plan item (tenants/{t}/plans/{p}/items/{i}/
// indicators/{n}) and their results. A computed indicator (linked to a
// national indicator of the events or directories service) is read with
// its computed results, one per fiscal year of its plan up to the current
// one (computed.h). Each method validates, authorises the tenant and runs
// one tenant transaction or single-round-trip reads. Thread-compatible.
class Indicators {
 public:
  // `summaries` (may be null: reading a computed indicator is then
  // UNAVAILABLE) reads computed results.
  Indicators(const PageTokenCodec& page_tokens, SummaryStub* summaries)
      : page_tokens_(page_tokens), summaries_(summaries) {}

  absl::Status Create(Call& c, const v1::CreateIndicatorRequest& r,
                      v1::Indicator* out) const;
  absl::Status Get(Call& c, const v1::GetIndicatorRequest& r,
                   v1::Indicator* out) const;
  // `parent` may be an item, or `.../items/-` for every item of the plan.
  absl::Status List(Call& c, const v1::ListIndicatorsRequest& r,
                    v1::ListIndicatorsResponse* out) const;
  absl::Status Update(Call& c, const v1::UpdateIndicatorRequest& r,
                      v1::Indicator* out) const;
  absl::Status Delete(Call& c, const v1::DeleteIndicatorRequest& r) const;
  // Enters the result of one fiscal year by hand; FAILED_PRECONDITION
  // (COMPUTED_INDICATOR) for a computed indicator (results.cc).
  absl::Status RecordResult(Call& c, const v1::RecordIndicatorResultRequest& r,
                            v1::Indicator* out) const;

 private:
  const PageTokenCodec& page_tokens_;
  SummaryStub* summaries_;
};

// The summaries of `tenant` read through `stub` with `c`'s credential and
// deadline, for one request.
ComputedSummaries CallersSummaries(const Call& c, SummaryStub* stub,
                                   const std::string& tenant);

// The fiscal year now (Montréal), as its start year: computed results run
// up to it.
int CurrentFiscalYear();

// Appends the computed results of `indicator` for the fiscal years
// ComputedFiscalYears(first_fy, last_fy, current_fy), read through
// `summaries` (one per request, see CallersSummaries) from the service the
// catalogue says owns its national indicator (none if the catalogue no
// longer has it). UNAVAILABLE when they have no stub.
absl::Status ReadComputedResults(Call& c, ComputedSummaries& summaries,
                                 const std::string& tenant, int first_fy,
                                 int last_fy, int current_fy,
                                 v1::Indicator* indicator);

}  // namespace poles::plans

#endif  // POLES_SERVICES_PLANS_INDICATORS_H_
