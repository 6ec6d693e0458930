#include "services/plans/plans_rows.h"

#include <cstdio>
#include <map>

#include "services/common/summary.h"

namespace poles::plans {

const char* StatusText(v1::Plan::Status s) {
  return s == v1::Plan::ADOPTED ? "adopted" : "draft";
}

v1::Plan::Status StatusFromText(absl::string_view s) {
  return s == "adopted" ? v1::Plan::ADOPTED : v1::Plan::DRAFT;
}

const char* KindText(v1::PlanItem::Kind k) {
  switch (k) {
    case v1::PlanItem::ORIENTATION:
      return "orientation";
    case v1::PlanItem::AXE:
      return "axe";
    case v1::PlanItem::OBJECTIVE:
      return "objective";
    case v1::PlanItem::SUB_OBJECTIVE:
      return "sub_objective";
    case v1::PlanItem::ACTION:
      return "action";
    default:
      return "";
  }
}

v1::PlanItem::Kind KindFromText(absl::string_view s) {
  if (s == "orientation") return v1::PlanItem::ORIENTATION;
  if (s == "axe") return v1::PlanItem::AXE;
  if (s == "objective") return v1::PlanItem::OBJECTIVE;
  if (s == "sub_objective") return v1::PlanItem::SUB_OBJECTIVE;
  if (s == "action") return v1::PlanItem::ACTION;
  return v1::PlanItem::KIND_UNSPECIFIED;
}

std::string NumberText(double v) {
  char buf[64];
  std::snprintf(buf, sizeof(buf), "%.15g", v);
  return buf;
}

double ParseNumeric(const char* text) {
  double v = 0;
  (void)absl::SimpleAtod(text, &v);
  return v;
}

std::string CanonicalFilter(const v1::Indicator& ind) {
  return CanonicalDimensions(std::map<std::string, std::string>(
      ind.link_filter().begin(), ind.link_filter().end()));
}

}  // namespace poles::plans
