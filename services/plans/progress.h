#ifndef POLES_SERVICES_PLANS_PROGRESS_H_
#define POLES_SERVICES_PLANS_PROGRESS_H_

// A plan's progress: how many of its indicators are measurable (have a
// target), measured (have a value), achieved (value at or above the
// target), entered by hand or computed from the summaries.

#include <optional>
#include <vector>

#include "poles/v1/plans.pb.h"

namespace poles::plans {

// The counts over a plan's indicators with entered results (the database's
// part, kProgress): every indicator counts in `indicators` and, with a
// target, in `measurable`; the others count only indicators that are not
// computed.
struct EnteredProgress {
  int indicators = 0;
  int measurable = 0;
  int measured = 0;
  int achieved = 0;
  int entered = 0;
};

// The fiscal year whose computed values count in the progress of a plan
// running [start_fy, end_fy]: `asked` when given, else the latest year of
// the plan that has begun (`current_fy` is the fiscal year now). None when
// that year is before the plan or after `current_fy`: no computed
// indicator is then measured.
std::optional<int> ComputedProgressYear(std::optional<int> asked, int start_fy,
                                        int end_fy, int current_fy);

// One computed indicator with a target, measured for the progress year.
struct ComputedMeasure {
  double value = 0;
  double target = 0;
};

// Fills the counts and the achieved share of `out` (not its plan or fiscal
// year): computed measures add to `measured` and `achieved` (value at or
// above target) and make `computed_count`; the achieved share is achieved
// over measurable (0 when nothing is measurable).
void FillPlanProgress(const EnteredProgress& entered,
                      const std::vector<ComputedMeasure>& computed,
                      v1::PlanProgress* out);

}  // namespace poles::plans

#endif  // POLES_SERVICES_PLANS_PROGRESS_H_
