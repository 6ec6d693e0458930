#ifndef POLES_SERVICES_PLANS_ITEMS_H_
#define POLES_SERVICES_PLANS_ITEMS_H_

#include "absl/status/status.h"
#include "poles/v1/plans.pb.h"
#include "services/common/call.h"
#include "services/common/page_token.h"

namespace poles::plans {

// The items of a plan (tenants/{t}/plans/{p}/items/{i}), a tree of
// orientations, axes, objectives and actions ordered by code. Each method
// validates its request, authorises the tenant, and runs one tenant
// transaction or one single-round-trip read. Thread-compatible.
class PlanItems {
 public:
  explicit PlanItems(const PageTokenCodec& page_tokens)
      : page_tokens_(page_tokens) {}

  // ALREADY_EXISTS for an item_id or code the plan already has.
  absl::Status Create(Call& c, const v1::CreatePlanItemRequest& r,
                      v1::PlanItem* out) const;
  absl::Status Get(Call& c, const v1::GetPlanItemRequest& r,
                   v1::PlanItem* out) const;
  absl::Status List(Call& c, const v1::ListPlanItemsRequest& r,
                    v1::ListPlanItemsResponse* out) const;
  absl::Status Update(Call& c, const v1::UpdatePlanItemRequest& r,
                      v1::PlanItem* out) const;
  // FAILED_PRECONDITION (HAS_CHILDREN) for an item with child items or
  // indicators unless forced.
  absl::Status Delete(Call& c, const v1::DeletePlanItemRequest& r) const;

 private:
  const PageTokenCodec& page_tokens_;
};

}  // namespace poles::plans

#endif  // POLES_SERVICES_PLANS_ITEMS_H_
