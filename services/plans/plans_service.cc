#include "services/plans/plans_service.h"

#include "services/plans/indicators_queries.h"
#include "services/plans/items_queries.h"
#include "services/plans/plans_queries.h"
#include "services/plans/results_queries.h"
#include "services/plans/summary_queries.h"

namespace poles::plans {

std::vector<storage::Statement> PlansStatements() {
  return {kPlanGet,         kPlanGetForUpdate,
          kPlanList,        kPlanInsert,
          kPlanUpdate,      kPlanDelete,
          kPlanCountItems,  kPlanExists,
          kPlanPeriod,      kProgress,
          kItemGet,         kItemGetForUpdate,
          kItemList,        kItemInsert,
          kItemUpdate,      kItemDelete,
          kItemDependents,  kItemExists,
          kIndicatorGet,    kIndicatorLock,
          kIndicatorList,   kComputedWithTarget,
          kIndicatorInsert, kIndicatorUpdate,
          kIndicatorDelete, kNationalIndicator,
          kResultUpsert,    kIndicatorTouch,
          kPlansSummary};
}

PlansGrpcService::PlansGrpcService(const ServiceEnvironment& env)
    : env_(env), summarize_env_(env), logic_(*env.page_tokens, env.summaries) {
  summarize_env_.summary_workers = nullptr;
  SetMessageAllocatorFor_GetPlanItem(&get_plan_item_allocator_);
  SetMessageAllocatorFor_ListPlanItems(&list_plan_items_allocator_);
}

}  // namespace poles::plans
