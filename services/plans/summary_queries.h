#ifndef POLES_SERVICES_PLANS_SUMMARY_QUERIES_H_
#define POLES_SERVICES_PLANS_SUMMARY_QUERIES_H_

#include "storage/session.h"

namespace poles::plans {

// The plans of tenant $1 running in fiscal year $2 (start_fy <= $2 <=
// end_fy), in one read. Rows of kind 'plan', one per plan: plan_id,
// start_fy, end_fy and kProgress's counts over its indicators with the
// results of year $2 (indicators, measurable, measured, achieved, entered;
// the last three over indicators that are not computed). Rows of kind
// 'computed', one per computed indicator with a target of those plans:
// plan_id, target, national_indicator_code, link_filter (canonical) and the
// service the catalogue says computes it.
inline constexpr storage::Statement kPlansSummary = {"plans_summary",
                                                     "text, integer", R"sql(
WITH p AS (
       SELECT plan_id, start_fy, end_fy
         FROM poles.plans
        WHERE tenant_id = $1 AND start_fy <= $2 AND end_fy >= $2)
SELECT 'plan' AS kind, p.plan_id, p.start_fy, p.end_fy,
       count(i.indicator_id) AS indicators,
       count(i.target) AS measurable,
       count(r.actual_value) FILTER (
           WHERE i.target IS NOT NULL AND NOT i.computed) AS measured,
       count(*) FILTER (
           WHERE i.target IS NOT NULL AND NOT i.computed
             AND r.actual_value >= i.target) AS achieved,
       count(*) FILTER (
           WHERE i.target IS NOT NULL AND NOT i.computed
             AND r.source = 'entered') AS entered,
       0::float8 AS target, '' AS national_indicator_code, '' AS link_filter,
       '' AS service
  FROM p
  LEFT JOIN poles.plan_indicators i
         ON i.tenant_id = $1 AND i.plan_id = p.plan_id
  LEFT JOIN poles.indicator_results r
         ON r.tenant_id = i.tenant_id AND r.plan_id = i.plan_id
        AND r.item_id = i.item_id AND r.indicator_id = i.indicator_id
        AND r.fiscal_year = $2
 GROUP BY p.plan_id, p.start_fy, p.end_fy
UNION ALL
SELECT 'computed', i.plan_id, p.start_fy, p.end_fy, 0, 0, 0, 0, 0,
       i.target::float8, i.national_indicator_code, i.link_filter, n.service
  FROM poles.plan_indicators i
  JOIN p ON p.plan_id = i.plan_id
  JOIN poles.national_indicators n ON n.code = i.national_indicator_code
 WHERE i.tenant_id = $1 AND i.computed AND i.target IS NOT NULL
)sql"};

}  // namespace poles::plans

#endif  // POLES_SERVICES_PLANS_SUMMARY_QUERIES_H_
