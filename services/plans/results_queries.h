#ifndef POLES_SERVICES_PLANS_RESULTS_QUERIES_H_
#define POLES_SERVICES_PLANS_RESULTS_QUERIES_H_

// The statements of entered indicator results.

#include "storage/session.h"

namespace poles::plans {

// $6: the actual value as numeric text.
inline constexpr storage::Statement kResultUpsert = {
    "results_upsert", "text, text, text, text, integer, text, text", R"sql(
INSERT INTO poles.indicator_results (tenant_id, plan_id, item_id, indicator_id,
                                     fiscal_year, actual_value, note, source)
VALUES ($1, $2, $3, $4, $5, $6::numeric, $7, 'entered')
    ON CONFLICT (tenant_id, plan_id, item_id, indicator_id, fiscal_year)
    DO UPDATE SET actual_value = EXCLUDED.actual_value, note = EXCLUDED.note,
                  source = EXCLUDED.source, record_time = now()
)sql"};

// A new result changes its indicator: a new version (etag), a new
// update_time.
inline constexpr storage::Statement kIndicatorTouch = {
    "indicators_touch", "text, text, text, text", R"sql(
UPDATE poles.plan_indicators
   SET version = version + 1, update_time = now()
 WHERE tenant_id = $1 AND plan_id = $2 AND item_id = $3 AND indicator_id = $4
)sql"};

}  // namespace poles::plans

#endif  // POLES_SERVICES_PLANS_RESULTS_QUERIES_H_
