#ifndef POLES_SERVICES_FISCAL_YEARS_FISCAL_YEARS_H_
#define POLES_SERVICES_FISCAL_YEARS_FISCAL_YEARS_H_

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "poles/v1/fiscal_years.pb.h"
#include "services/common/call.h"

namespace poles::fiscal_years {

// A Pôle's fiscal years and their submission (poles.v1.FiscalYearsService).
// The lock itself is the database's (migration 0010): these methods only
// change and read poles.fiscal_year_submissions. Submit and Unlock write
// their audit row, and honour request_id, in their own transaction.
class FiscalYearsLogic {
 public:
  // Editor of the tenant. FAILED_PRECONDITION (reason
  // FISCAL_YEAR_ALREADY_SUBMITTED) if the year is submitted.
  absl::Status SubmitFiscalYear(Call& c, const v1::SubmitFiscalYearRequest& r,
                                v1::FiscalYear* out);
  // National or admin. FAILED_PRECONDITION (reason FISCAL_YEAR_NOT_SUBMITTED)
  // if the year is not submitted.
  absl::Status UnlockFiscalYear(Call& c, const v1::UnlockFiscalYearRequest& r,
                                v1::FiscalYear* out);
  // A year never submitted is OPEN, with only its name.
  absl::Status GetFiscalYear(Call& c, const v1::GetFiscalYearRequest& r,
                             v1::FiscalYear* out);
  absl::Status ListFiscalYears(Call& c, const v1::ListFiscalYearsRequest& r,
                               v1::ListFiscalYearsResponse* out);
};

// The label recorded for a key without a display name: "<tenant> editor"
// for a tenant key, the role ("national", "admin") for a platform key.
std::string PrincipalLabel(const Principal& principal);

}  // namespace poles::fiscal_years

#endif  // POLES_SERVICES_FISCAL_YEARS_FISCAL_YEARS_H_
