#include "services/fiscal_years/fiscal_years_validation.h"

#include "absl/strings/str_cat.h"
#include "services/common/errors.h"
#include "services/common/resource_name.h"
#include "services/common/status_macros.h"
#include "services/common/validation.h"

namespace poles::fiscal_years {

absl::StatusOr<YearName> ParseYearName(absl::string_view field,
                                       absl::string_view name) {
  POLES_ASSIGN_OR_RETURN(
      auto ids, ParseResourceName(field, name, {"tenants", "fiscalYears"}));
  POLES_ASSIGN_OR_RETURN(int year, ParseFiscalYear(field, ids[1]));
  return YearName{ids[0], year};
}

std::string FiscalYearName(absl::string_view tenant, int fiscal_year) {
  return FormatResourceName({"tenants", "fiscalYears"},
                            {tenant, FormatFiscalYear(fiscal_year)});
}

absl::StatusOr<YearName> Validate(const v1::SubmitFiscalYearRequest& r) {
  Violations v;
  auto name = ParseYearName("name", r.name());
  v.Merge(name.status());
  CheckRequestId(v, r.request_id());
  POLES_RETURN_IF_ERROR(v.Status());
  return name;
}

absl::StatusOr<YearName> Validate(const v1::UnlockFiscalYearRequest& r) {
  Violations v;
  auto name = ParseYearName("name", r.name());
  v.Merge(name.status());
  CheckText(v, "reason", r.reason(), kMaxReasonChars, true);
  CheckRequestId(v, r.request_id());
  POLES_RETURN_IF_ERROR(v.Status());
  return name;
}

absl::StatusOr<YearName> Validate(const v1::GetFiscalYearRequest& r) {
  return ParseYearName("name", r.name());
}

absl::StatusOr<std::string> Validate(const v1::ListFiscalYearsRequest& r) {
  POLES_ASSIGN_OR_RETURN(auto ids,
                         ParseResourceName("parent", r.parent(), {"tenants"}));
  return ids[0];
}

}  // namespace poles::fiscal_years
