#ifndef POLES_SERVICES_PLANS_PLANS_VALIDATION_H_
#define POLES_SERVICES_PLANS_PLANS_VALIDATION_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "poles/v1/plans.pb.h"
#include "services/common/errors.h"

namespace poles::plans {

// Field limits (documented in plans.proto).
inline constexpr size_t kMaxPlanTitle = 300;
inline constexpr size_t kMaxPlanDescription = 10000;
inline constexpr size_t kMaxItemTitle = 500;
inline constexpr size_t kMaxListEntries = 50;
inline constexpr size_t kMaxMoyen = 1000;
inline constexpr size_t kMaxPerson = 200;
inline constexpr size_t kMaxNote = 300;
inline constexpr size_t kMaxIndicatorDescription = 1000;
inline constexpr size_t kMaxUnit = 200;
inline constexpr size_t kMaxResultNote = 2000;
inline constexpr size_t kMaxPlanNotes = 100;
inline constexpr size_t kMaxPlanNote = 2000;
inline constexpr size_t kMaxDueNote = 200;
inline constexpr int kMaxResponsibleBodies = 20;
inline constexpr int kMaxFilterEntries = 7;
inline constexpr size_t kMaxFilterValue = 200;

// Each function adds a violation per bad field, named under `prefix`
// ("plan", "item", "indicator", "result").
void ValidatePlan(const v1::Plan& plan, absl::string_view prefix,
                  Violations& out);
void ValidatePlanItem(const v1::PlanItem& item, absl::string_view prefix,
                      Violations& out);
// The item's responsible_bodies (under `prefix`): at most 20, distinct, each
// `tenants/{tenant}/bodies/{body}` of `tenant`; their body ids, in order, go
// to `body_ids`.
void CheckResponsibleBodies(const v1::PlanItem& item, absl::string_view prefix,
                            absl::string_view tenant, Violations& out,
                            std::vector<std::string>* body_ids);
void ValidateIndicator(const v1::Indicator& indicator, absl::string_view prefix,
                       Violations& out);
void ValidateResult(const v1::IndicatorResult& result, absl::string_view prefix,
                    Violations& out);

// The sort key of an item: its code's parts zero-padded ("1.3.2" ->
// "000001.000003.000002"), or "~" + id for an item without a code.
std::string ItemSortKey(absl::string_view code, absl::string_view item_id);

// Season letters as plans write them: A, H, P, É.
std::string SeasonSlotText(const v1::SeasonSlot& slot);  // "2007-A"
bool ParseSeasonSlot(absl::string_view text, v1::SeasonSlot* slot);

}  // namespace poles::plans

#endif  // POLES_SERVICES_PLANS_PLANS_VALIDATION_H_
