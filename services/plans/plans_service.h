#ifndef POLES_SERVICES_PLANS_PLANS_SERVICE_H_
#define POLES_SERVICES_PLANS_PLANS_SERVICE_H_

#include "absl/status/status.h"
#include "poles/v1/plans.grpc.pb.h"
#include "services/common/arena_allocator.h"
#include "services/common/call.h"

namespace poles::plans {

// The plans service's logic: each method validates its request, authorises
// the tenant, runs one tenant-scoped transaction (or one single-round-trip
// tenant read), and fills the response. Errors are absl::Status with
// field-naming INVALID_ARGUMENTs. Thread-compatible: each call runs on its
// own worker with its own Session.
class PlansLogic {
 public:
  PlansLogic(const PageTokenCodec& page_tokens, SummaryStub* summaries)
      : page_tokens_(page_tokens), summaries_(summaries) {}

  absl::Status CreatePlan(Call& c, const v1::CreatePlanRequest& r, v1::Plan* out);
  absl::Status GetPlan(Call& c, const v1::GetPlanRequest& r, v1::Plan* out);
  absl::Status ListPlans(Call& c, const v1::ListPlansRequest& r,
                         v1::ListPlansResponse* out);
  absl::Status UpdatePlan(Call& c, const v1::UpdatePlanRequest& r, v1::Plan* out);
  absl::Status DeletePlan(Call& c, const v1::DeletePlanRequest& r);

  absl::Status CreatePlanItem(Call& c, const v1::CreatePlanItemRequest& r,
                              v1::PlanItem* out);
  absl::Status GetPlanItem(Call& c, const v1::GetPlanItemRequest& r,
                           v1::PlanItem* out);
  absl::Status ListPlanItems(Call& c, const v1::ListPlanItemsRequest& r,
                             v1::ListPlanItemsResponse* out);
  absl::Status UpdatePlanItem(Call& c, const v1::UpdatePlanItemRequest& r,
                              v1::PlanItem* out);
  absl::Status DeletePlanItem(Call& c, const v1::DeletePlanItemRequest& r);

  absl::Status CreateIndicator(Call& c, const v1::CreateIndicatorRequest& r,
                               v1::Indicator* out);
  absl::Status GetIndicator(Call& c, const v1::GetIndicatorRequest& r,
                            v1::Indicator* out);
  absl::Status ListIndicators(Call& c, const v1::ListIndicatorsRequest& r,
                              v1::ListIndicatorsResponse* out);
  absl::Status UpdateIndicator(Call& c, const v1::UpdateIndicatorRequest& r,
                               v1::Indicator* out);
  absl::Status DeleteIndicator(Call& c, const v1::DeleteIndicatorRequest& r);
  absl::Status RecordIndicatorResult(Call& c,
                                     const v1::RecordIndicatorResultRequest& r,
                                     v1::Indicator* out);
  absl::Status GetPlanProgress(Call& c, const v1::GetPlanProgressRequest& r,
                               v1::PlanProgress* out);

 private:
  // Adds the computed results of `ind` (linked to a national indicator) for
  // the fiscal years [first_fy, last_fy].
  absl::Status AddComputedResults(Call& c, const std::string& tenant,
                                  int first_fy, int last_fy, v1::Indicator* ind);

  const PageTokenCodec& page_tokens_;
  SummaryStub* summaries_;
};

// The gRPC adapter: every method goes through Serve() with its access level.
class PlansGrpcService final : public v1::PlansService::CallbackService {
 public:
  explicit PlansGrpcService(const ServiceEnvironment& env)
      : env_(env), logic_(*env.page_tokens, env.summaries) {
    SetMessageAllocatorFor_GetPlanItem(&get_plan_item_allocator_);
    SetMessageAllocatorFor_ListPlanItems(&list_plan_items_allocator_);
  }

  POLES_SERVE_METHOD(PlansService, CreatePlan, v1::CreatePlanRequest, v1::Plan, Access::kTenantWrite)
  POLES_SERVE_METHOD(PlansService, GetPlan, v1::GetPlanRequest, v1::Plan, Access::kTenantRead)
  POLES_SERVE_METHOD(PlansService, ListPlans, v1::ListPlansRequest, v1::ListPlansResponse, Access::kTenantRead)
  POLES_SERVE_METHOD(PlansService, UpdatePlan, v1::UpdatePlanRequest, v1::Plan, Access::kTenantWrite)
  POLES_SERVE_DELETE(PlansService, DeletePlan, v1::DeletePlanRequest)
  POLES_SERVE_METHOD(PlansService, CreatePlanItem, v1::CreatePlanItemRequest, v1::PlanItem, Access::kTenantWrite)
  POLES_SERVE_METHOD(PlansService, GetPlanItem, v1::GetPlanItemRequest, v1::PlanItem, Access::kTenantRead)
  POLES_SERVE_METHOD(PlansService, ListPlanItems, v1::ListPlanItemsRequest, v1::ListPlanItemsResponse, Access::kTenantRead)
  POLES_SERVE_METHOD(PlansService, UpdatePlanItem, v1::UpdatePlanItemRequest, v1::PlanItem, Access::kTenantWrite)
  POLES_SERVE_DELETE(PlansService, DeletePlanItem, v1::DeletePlanItemRequest)
  POLES_SERVE_METHOD(PlansService, CreateIndicator, v1::CreateIndicatorRequest, v1::Indicator, Access::kTenantWrite)
  POLES_SERVE_METHOD(PlansService, GetIndicator, v1::GetIndicatorRequest, v1::Indicator, Access::kTenantRead)
  POLES_SERVE_METHOD(PlansService, ListIndicators, v1::ListIndicatorsRequest, v1::ListIndicatorsResponse, Access::kTenantRead)
  POLES_SERVE_METHOD(PlansService, UpdateIndicator, v1::UpdateIndicatorRequest, v1::Indicator, Access::kTenantWrite)
  POLES_SERVE_DELETE(PlansService, DeleteIndicator, v1::DeleteIndicatorRequest)
  POLES_SERVE_METHOD(PlansService, RecordIndicatorResult, v1::RecordIndicatorResultRequest, v1::Indicator, Access::kTenantWrite)
  POLES_SERVE_METHOD(PlansService, GetPlanProgress, v1::GetPlanProgressRequest, v1::PlanProgress, Access::kTenantRead)


 private:
  ArenaMessageAllocator<v1::GetPlanItemRequest, v1::PlanItem> get_plan_item_allocator_;
  ArenaMessageAllocator<v1::ListPlanItemsRequest, v1::ListPlanItemsResponse>
      list_plan_items_allocator_;
  ServiceEnvironment env_;
  PlansLogic logic_;
};

}  // namespace poles::plans

#endif  // POLES_SERVICES_PLANS_PLANS_SERVICE_H_
