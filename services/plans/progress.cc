#include "services/plans/progress.h"

#include <algorithm>

namespace poles::plans {

std::optional<int> ComputedProgressYear(std::optional<int> asked, int start_fy,
                                        int end_fy, int current_fy) {
  const int year = asked ? *asked : std::min(end_fy, current_fy);
  if (year < start_fy || year > current_fy) return std::nullopt;
  return year;
}

void FillPlanProgress(const EnteredProgress& entered,
                      const std::vector<ComputedMeasure>& computed,
                      v1::PlanProgress* out) {
  int achieved = entered.achieved;
  for (const ComputedMeasure& m : computed) {
    if (m.value >= m.target) ++achieved;
  }
  const int computed_count = static_cast<int>(computed.size());
  out->set_indicator_count(entered.indicators);
  out->set_measurable_count(entered.measurable);
  out->set_measured_count(entered.measured + computed_count);
  out->set_achieved_count(achieved);
  out->set_entered_count(entered.entered);
  out->set_computed_count(computed_count);
  out->set_achieved_share(entered.measurable == 0
                              ? 0.0
                              : static_cast<double>(achieved) /
                                    entered.measurable);
}

}  // namespace poles::plans
