#ifndef POLES_SERVICES_FUNDING_FUNDING_VALIDATION_H_
#define POLES_SERVICES_FUNDING_FUNDING_VALIDATION_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "poles/v1/funding.pb.h"
#include "services/common/errors.h"

namespace poles::funding {

// A reference to a program: of the national catalogue (`programs/{p}`) or
// of the tenant (`tenants/{t}/programs/{p}`). Exactly one id is set when
// the reference is not empty.
struct ProgramRef {
  std::string catalogue_id;
  std::string local_id;
  bool empty() const { return catalogue_id.empty() && local_id.empty(); }
};

// Parses a program reference of `tenant`'s resources; a violation names
// `field` (another tenant's program, a malformed name). Empty `value`
// gives an empty ref, and a violation when `required`.
ProgramRef ParseProgramRef(Violations& v, absl::string_view field,
                           absl::string_view value, const std::string& tenant,
                           bool required);

// The program name of a ref ("programs/piec",
// "tenants/t/programs/fonds-local"); "" for an empty ref.
std::string ProgramName(const std::string& tenant,
                        const std::string& catalogue_id,
                        const std::string& local_id);

// Parses `funders/{funder}` into the id; a violation names `field`.
std::string ParseFunderRef(Violations& v, absl::string_view field,
                           absl::string_view value, bool required);

// Checks an amount: non-negative cents, currency "" or "CAD". Violations
// name `field` (negative) or `field.currency_code`.
void CheckMoney(Violations& v, absl::string_view field, const v1::Money& money);

// The fiscal year (its starting calendar year) of an ISO date: 2018-03-31
// is in 2017 (2017-2018), 2018-04-01 in 2018. Dates are calendar dates in
// America/Montreal, so no time-zone arithmetic is involved. -1 if `date` is
// not a valid ISO date.
int FiscalYearOfIsoDate(absl::string_view date);

// "717 280,83 $" (French: narrow groups of three, comma for cents).
std::string FormatCents(int64_t cents);

// Validates an award as stored (create, or update after the mask is
// applied) for `tenant`; violations name `prefix.<field>`.
void ValidateAward(const v1::Award& a, absl::string_view prefix,
                   const std::string& tenant, Violations& v);

// Validates a local program (`prefix.<field>`).
void ValidateLocalProgram(const v1::Program& p, absl::string_view prefix,
                          Violations& v);

// Validates an agreement for `tenant` (`prefix.<field>`): period, yearly
// amounts within it, each fiscal year once, amounts per CheckMoney.
void ValidateAgreement(const v1::Agreement& a, absl::string_view prefix,
                       const std::string& tenant, Violations& v);

// Validates a call for projects for `tenant` (`prefix.<field>`).
void ValidateCallForProjects(const v1::CallForProjects& c,
                             absl::string_view prefix,
                             const std::string& tenant, Violations& v);

// Validates a reported total's shape for `tenant` (`prefix.<field>`):
// measure, total, breakdowns (dimension unique and well-formed, 1-200 items
// each, keys unique, values non-negative). Reconciliation is separate
// (ReconcileBreakdowns).
void ValidateReportedTotal(const v1::ReportedTotal& t, absl::string_view prefix,
                           const std::string& tenant, Violations& v);

// The breakdowns of `t` that do not add up to its total, one finding each
// (code BREAKDOWN_MISMATCH, field "breakdowns[i]", difference = sum -
// total). Sums are exact integers (cents), so "adds up" means to the cent.
std::vector<v1::ValidationFinding> ReconcileBreakdowns(
    const v1::ReportedTotal& t);

// FAILED_PRECONDITION (reason BREAKDOWN_MISMATCH) naming each mismatched
// breakdown of `findings` and its difference; OK when there is none.
absl::Status MismatchError(const std::vector<v1::ValidationFinding>& findings);

// Request validation: the request's own fields (names, ids, request ids,
// the resource per the functions above). INVALID_ARGUMENT naming every bad
// field; the tenant is authorised separately.
absl::Status Validate(const v1::CreateAwardRequest& r);
absl::Status Validate(const v1::CreateLocalProgramRequest& r);
absl::Status Validate(const v1::CreateAgreementRequest& r);
absl::Status Validate(const v1::CreateCallForProjectsRequest& r);
absl::Status Validate(const v1::CreateReportedTotalRequest& r);
absl::Status Validate(const v1::ExportAwardsRequest& r);

}  // namespace poles::funding

#endif  // POLES_SERVICES_FUNDING_FUNDING_VALIDATION_H_
