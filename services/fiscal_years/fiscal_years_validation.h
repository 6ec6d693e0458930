#ifndef POLES_SERVICES_FISCAL_YEARS_FISCAL_YEARS_VALIDATION_H_
#define POLES_SERVICES_FISCAL_YEARS_FISCAL_YEARS_VALIDATION_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "poles/v1/fiscal_years.pb.h"

namespace poles::fiscal_years {

// A fiscal year named `tenants/{tenant}/fiscalYears/{2017-2018}`.
struct YearName {
  std::string tenant;
  int fiscal_year = 0;  // its starting calendar year: 2017
};

// The name's tenant and year; INVALID_ARGUMENT naming `field` otherwise.
absl::StatusOr<YearName> ParseYearName(absl::string_view field,
                                       absl::string_view name);

// `tenants/{tenant}/fiscalYears/{YYYY-YYYY}`.
std::string FiscalYearName(absl::string_view tenant, int fiscal_year);

// Each request's rules, every violation named (name, reason, request_id,
// parent).
absl::StatusOr<YearName> Validate(const v1::SubmitFiscalYearRequest& r);
absl::StatusOr<YearName> Validate(const v1::UnlockFiscalYearRequest& r);
absl::StatusOr<YearName> Validate(const v1::GetFiscalYearRequest& r);
// The tenant of `parent`.
absl::StatusOr<std::string> Validate(const v1::ListFiscalYearsRequest& r);

// The most characters of an unlock's reason.
inline constexpr size_t kMaxReasonChars = 500;

}  // namespace poles::fiscal_years

#endif  // POLES_SERVICES_FISCAL_YEARS_FISCAL_YEARS_VALIDATION_H_
