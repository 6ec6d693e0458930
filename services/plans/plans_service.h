#ifndef POLES_SERVICES_PLANS_PLANS_SERVICE_H_
#define POLES_SERVICES_PLANS_PLANS_SERVICE_H_

#include <vector>

#include "absl/status/status.h"
#include "poles/v1/plans.grpc.pb.h"
#include "services/common/arena_allocator.h"
#include "services/common/call.h"
#include "services/common/summary_stub.h"
#include "services/plans/indicators.h"
#include "services/plans/items.h"
#include "services/plans/plans.h"
#include "services/plans/summary.h"
#include "storage/session.h"

namespace poles::plans {

// The plans service's logic, one class per resource (plans.h, items.h,
// indicators.h); each method validates its request, authorises the tenant,
// runs one tenant-scoped transaction (or one single-round-trip tenant read),
// and fills the response. Errors are absl::Status with field-naming
// INVALID_ARGUMENTs. Thread-compatible: each call runs on its own worker
// with its own Session.
class PlansLogic {
 public:
  PlansLogic(const PageTokenCodec& page_tokens, SummaryStub* summaries)
      : plans_(page_tokens, summaries),
        items_(page_tokens),
        indicators_(page_tokens, summaries),
        summary_(summaries) {}

  absl::Status CreatePlan(Call& c, const v1::CreatePlanRequest& r,
                          v1::Plan* out) {
    return plans_.Create(c, r, out);
  }
  absl::Status GetPlan(Call& c, const v1::GetPlanRequest& r, v1::Plan* out) {
    return plans_.Get(c, r, out);
  }
  absl::Status ListPlans(Call& c, const v1::ListPlansRequest& r,
                         v1::ListPlansResponse* out) {
    return plans_.List(c, r, out);
  }
  absl::Status UpdatePlan(Call& c, const v1::UpdatePlanRequest& r,
                          v1::Plan* out) {
    return plans_.Update(c, r, out);
  }
  absl::Status DeletePlan(Call& c, const v1::DeletePlanRequest& r) {
    return plans_.Delete(c, r);
  }
  absl::Status GetPlanProgress(Call& c, const v1::GetPlanProgressRequest& r,
                               v1::PlanProgress* out) {
    return plans_.Progress(c, r, out);
  }

  absl::Status CreatePlanItem(Call& c, const v1::CreatePlanItemRequest& r,
                              v1::PlanItem* out) {
    return items_.Create(c, r, out);
  }
  absl::Status GetPlanItem(Call& c, const v1::GetPlanItemRequest& r,
                           v1::PlanItem* out) {
    return items_.Get(c, r, out);
  }
  absl::Status ListPlanItems(Call& c, const v1::ListPlanItemsRequest& r,
                             v1::ListPlanItemsResponse* out) {
    return items_.List(c, r, out);
  }
  absl::Status UpdatePlanItem(Call& c, const v1::UpdatePlanItemRequest& r,
                              v1::PlanItem* out) {
    return items_.Update(c, r, out);
  }
  absl::Status DeletePlanItem(Call& c, const v1::DeletePlanItemRequest& r) {
    return items_.Delete(c, r);
  }

  absl::Status CreateIndicator(Call& c, const v1::CreateIndicatorRequest& r,
                               v1::Indicator* out) {
    return indicators_.Create(c, r, out);
  }
  absl::Status GetIndicator(Call& c, const v1::GetIndicatorRequest& r,
                            v1::Indicator* out) {
    return indicators_.Get(c, r, out);
  }
  absl::Status ListIndicators(Call& c, const v1::ListIndicatorsRequest& r,
                              v1::ListIndicatorsResponse* out) {
    return indicators_.List(c, r, out);
  }
  absl::Status UpdateIndicator(Call& c, const v1::UpdateIndicatorRequest& r,
                               v1::Indicator* out) {
    return indicators_.Update(c, r, out);
  }
  absl::Status DeleteIndicator(Call& c, const v1::DeleteIndicatorRequest& r) {
    return indicators_.Delete(c, r);
  }
  absl::Status RecordIndicatorResult(Call& c,
                                     const v1::RecordIndicatorResultRequest& r,
                                     v1::Indicator* out) {
    return indicators_.RecordResult(c, r, out);
  }

  absl::Status SummarizePlans(Call& c, const v1::SummarizeRequest& r,
                              v1::IndicatorSummary* out) {
    return summary_.Summarize(c, r, out);
  }
  absl::Status ReportPlansIndicator(Call& c,
                                    const v1::ReportIndicatorValueRequest& r,
                                    v1::IndicatorValue* out) {
    return summary_.Report(c, r, out);
  }

 private:
  Plans plans_;
  PlanItems items_;
  Indicators indicators_;
  PlansSummary summary_;
};

// The plans service's statements, prepared on every connection.
std::vector<storage::Statement> PlansStatements();

// The gRPC adapter: every method goes through Serve() with its access level.
class PlansGrpcService final : public v1::PlansService::CallbackService {
 public:
  explicit PlansGrpcService(const ServiceEnvironment& env);

  POLES_SERVE_METHOD(PlansService, CreatePlan, v1::CreatePlanRequest, v1::Plan,
                     Access::kTenantWrite)
  POLES_SERVE_METHOD(PlansService, GetPlan, v1::GetPlanRequest, v1::Plan,
                     Access::kTenantRead)
  POLES_SERVE_METHOD(PlansService, ListPlans, v1::ListPlansRequest,
                     v1::ListPlansResponse, Access::kTenantRead)
  POLES_SERVE_METHOD(PlansService, UpdatePlan, v1::UpdatePlanRequest, v1::Plan,
                     Access::kTenantWrite)
  POLES_SERVE_DELETE(PlansService, DeletePlan, v1::DeletePlanRequest)
  POLES_SERVE_METHOD(PlansService, CreatePlanItem, v1::CreatePlanItemRequest,
                     v1::PlanItem, Access::kTenantWrite)
  POLES_SERVE_METHOD(PlansService, GetPlanItem, v1::GetPlanItemRequest,
                     v1::PlanItem, Access::kTenantRead)
  POLES_SERVE_METHOD(PlansService, ListPlanItems, v1::ListPlanItemsRequest,
                     v1::ListPlanItemsResponse, Access::kTenantRead)
  POLES_SERVE_METHOD(PlansService, UpdatePlanItem, v1::UpdatePlanItemRequest,
                     v1::PlanItem, Access::kTenantWrite)
  POLES_SERVE_DELETE(PlansService, DeletePlanItem, v1::DeletePlanItemRequest)
  POLES_SERVE_METHOD(PlansService, CreateIndicator, v1::CreateIndicatorRequest,
                     v1::Indicator, Access::kTenantWrite)
  POLES_SERVE_METHOD(PlansService, GetIndicator, v1::GetIndicatorRequest,
                     v1::Indicator, Access::kTenantRead)
  POLES_SERVE_METHOD(PlansService, ListIndicators, v1::ListIndicatorsRequest,
                     v1::ListIndicatorsResponse, Access::kTenantRead)
  POLES_SERVE_METHOD(PlansService, UpdateIndicator, v1::UpdateIndicatorRequest,
                     v1::Indicator, Access::kTenantWrite)
  POLES_SERVE_DELETE(PlansService, DeleteIndicator, v1::DeleteIndicatorRequest)
  POLES_SERVE_METHOD(PlansService, RecordIndicatorResult,
                     v1::RecordIndicatorResultRequest, v1::Indicator,
                     Access::kTenantWrite)
  POLES_SERVE_METHOD(PlansService, GetPlanProgress, v1::GetPlanProgressRequest,
                     v1::PlanProgress, Access::kTenantRead)
  POLES_SERVE_METHOD(PlansService, ReportPlansIndicator,
                     v1::ReportIndicatorValueRequest, v1::IndicatorValue,
                     Access::kTenantWrite)

  // Access::kSummary, but served on the main workers (summarize_env_ has
  // no summary pool), like GetPlanProgress: it waits on other services'
  // summaries, which run on the summary pool, and so must never hold one of
  // that pool's workers while it waits.
  grpc::ServerUnaryReactor* SummarizePlans(
      grpc::CallbackServerContext* ctx, const v1::SummarizeRequest* req,
      v1::IndicatorSummary* resp) override {
    return ::poles::internal::ServeLogic(
        summarize_env_, ctx, "PlansService/SummarizePlans", Access::kSummary,
        logic_, &PlansLogic::SummarizePlans, req, resp);
  }

 private:
  ArenaMessageAllocator<v1::GetPlanItemRequest, v1::PlanItem>
      get_plan_item_allocator_;
  ArenaMessageAllocator<v1::ListPlanItemsRequest, v1::ListPlanItemsResponse>
      list_plan_items_allocator_;
  ServiceEnvironment env_;
  ServiceEnvironment summarize_env_;
  PlansLogic logic_;
};

}  // namespace poles::plans

#endif  // POLES_SERVICES_PLANS_PLANS_SERVICE_H_
