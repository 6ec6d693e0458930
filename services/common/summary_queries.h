#ifndef POLES_SERVICES_COMMON_SUMMARY_QUERIES_H_
#define POLES_SERVICES_COMMON_SUMMARY_QUERIES_H_

// The statements every summarising service shares: the aggregates a tenant
// reported, and the catalogue entry they are checked against.

#include "storage/session.h"

namespace poles {

// $3: the service whose indicators are read ("events", "directories").
inline constexpr storage::Statement kReportedForService = {
    "reported_values_for_service", "text, integer, text", R"sql(
SELECT r.indicator_code, r.dims, r.value
  FROM poles.reported_values r
  JOIN poles.national_indicators n ON n.code = r.indicator_code
 WHERE r.tenant_id = $1 AND r.fiscal_year = $2 AND n.service = $3
 ORDER BY r.indicator_code, r.dims
)sql"};

// The owning service of a national indicator and its dimensions
// ("event_kind,gender,mrc").
inline constexpr storage::Statement kIndicatorDims = {"national_indicator_dims",
                                                      "text", R"sql(
SELECT service, array_to_string(dimensions, ',') AS dimensions
  FROM poles.national_indicators
 WHERE code = $1
)sql"};

// $4: the canonical breakdown (CanonicalDimensions), '' for the total.
inline constexpr storage::Statement kReportUpsert = {
    "reported_values_upsert", "text, text, integer, text, bigint", R"sql(
INSERT INTO poles.reported_values (tenant_id, indicator_code, fiscal_year,
                                   dims, value)
VALUES ($1, $2, $3, $4, $5)
    ON CONFLICT (tenant_id, indicator_code, fiscal_year, dims)
    DO UPDATE SET value = EXCLUDED.value, report_time = now()
)sql"};

}  // namespace poles

#endif  // POLES_SERVICES_COMMON_SUMMARY_QUERIES_H_
