#ifndef POLES_SERVICES_PLANS_PLANS_H_
#define POLES_SERVICES_PLANS_PLANS_H_

#include "absl/status/status.h"
#include "poles/v1/plans.pb.h"
#include "services/common/call.h"
#include "services/common/page_token.h"
#include "services/common/summary_stub.h"

namespace poles::plans {

// The plan resource (tenants/{t}/plans/{p}) and its progress. Each method
// validates its request (INVALID_ARGUMENT naming the field), authorises the
// tenant, and runs one tenant transaction or one single-round-trip read.
// Thread-compatible: each call runs on its own worker.
class Plans {
 public:
  // `summaries` (may be null: computed indicators then make progress
  // UNAVAILABLE) reads computed indicators' values.
  Plans(const PageTokenCodec& page_tokens, SummaryStub* summaries)
      : page_tokens_(page_tokens), summaries_(summaries) {}

  absl::Status Create(Call& c, const v1::CreatePlanRequest& r,
                      v1::Plan* out) const;
  absl::Status Get(Call& c, const v1::GetPlanRequest& r, v1::Plan* out) const;
  absl::Status List(Call& c, const v1::ListPlansRequest& r,
                    v1::ListPlansResponse* out) const;
  absl::Status Update(Call& c, const v1::UpdatePlanRequest& r,
                      v1::Plan* out) const;
  // FAILED_PRECONDITION (HAS_CHILDREN) for a plan with items unless forced.
  absl::Status Delete(Call& c, const v1::DeletePlanRequest& r) const;
  // The counts of progress.h: entered results from the database, computed
  // indicators with a target from their summaries for the year asked (or
  // the latest begun year of the plan).
  absl::Status Progress(Call& c, const v1::GetPlanProgressRequest& r,
                        v1::PlanProgress* out) const;

 private:
  const PageTokenCodec& page_tokens_;
  SummaryStub* summaries_;
};

}  // namespace poles::plans

#endif  // POLES_SERVICES_PLANS_PLANS_H_
