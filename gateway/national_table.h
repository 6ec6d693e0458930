#ifndef POLES_GATEWAY_NATIONAL_TABLE_H_
#define POLES_GATEWAY_NATIONAL_TABLE_H_

// The PAGES table of one fiscal year, computed from the tenants' summaries
// (pure: no I/O).

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "gateway/disclosure.h"
#include "gateway/tenant_summaries.h"
#include "poles/v1/fiscal_years.pb.h"
#include "poles/v1/national.pb.h"

namespace poles::gateway {

// The columns a caller sees: the catalogue's indicators in its order, only
// those of `indicators` when not empty, only the funding service's for
// Audience::kFunding.
std::vector<v1::NationalIndicator> TableColumns(
    const std::vector<v1::NationalIndicator>& catalogue,
    const std::vector<std::string>& indicators, Audience audience);

// The summary failure of a service that has no summary RPC (UNIMPLEMENTED):
// its cells are MISSING, the tenant is not unreachable.
bool IsNoSummary(const absl::Status& status);

// The table: a row per tenant of `tenants` (in order, those whose
// region is among `request.region_codes` when it is not empty), a cell per
// column (TableColumns) in order: COMPUTED or REPORTED as the summary says,
// MISSING when the service answered without the indicator (or has no
// summary), UNREACHABLE when the service failed. With `request.breakdown`
// allowed by a column's indicator, the column's total cell is followed by a
// cell per value of that dimension. Rows' states: UNREACHABLE if a service
// failed, else SUBMITTED if `fiscal_years[slug]` is, else DRAFT if any
// value is present, else NOTHING. Totals: per column (and breakdown value),
// the exact sum over the rows with a value, their count, and `partial` when
// a row of the table is unreachable for that column. For kNational and
// kFunding, breakdown cells of units-counting indicators below `threshold`
// are suppressed with their complements (tenants x values); the tenants'
// totals and the national totals are exact. kTenant sees exact figures
// (disclosure_threshold 0). Findings and compute_time are left to the
// caller.
v1::NationalTable BuildNationalTable(
    const std::vector<v1::NationalIndicator>& catalogue,
    const std::vector<TenantSummaries>& tenants,
    const std::map<std::string, v1::FiscalYear>& fiscal_years,
    const v1::GetNationalTableRequest& request, Audience audience,
    int threshold);

// The tenants unreachable in `tenants`: one line per failed service (not a
// service without summaries), in order.
std::vector<v1::UnreachableTenant> UnreachableOf(
    const std::vector<TenantSummaries>& tenants);

}  // namespace poles::gateway

#endif  // POLES_GATEWAY_NATIONAL_TABLE_H_
