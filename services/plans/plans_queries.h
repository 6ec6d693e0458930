#ifndef POLES_SERVICES_PLANS_PLANS_QUERIES_H_
#define POLES_SERVICES_PLANS_PLANS_QUERIES_H_

// The statements of plans (the plan resource, its period and its progress).
// Every plan row has the columns PlanFromRow reads (plans_rows.h); `notes`
// is a text[].

#include "storage/session.h"

namespace poles::plans {

inline constexpr storage::Statement kPlanGet = {"plans_get", "text, text",
                                                R"sql(
SELECT plan_id, title, description, start_fy, end_fy, status,
       COALESCE(adoption_date::text, '') AS adoption_date, notes, version,
       (extract(epoch FROM create_time) * 1000000)::bigint AS create_micros,
       (extract(epoch FROM update_time) * 1000000)::bigint AS update_micros
  FROM poles.plans
 WHERE tenant_id = $1 AND plan_id = $2
)sql"};

inline constexpr storage::Statement kPlanGetForUpdate = {"plans_get_for_update",
                                                         "text, text", R"sql(
SELECT plan_id, title, description, start_fy, end_fy, status,
       COALESCE(adoption_date::text, '') AS adoption_date, notes, version,
       (extract(epoch FROM create_time) * 1000000)::bigint AS create_micros,
       (extract(epoch FROM update_time) * 1000000)::bigint AS update_micros
  FROM poles.plans
 WHERE tenant_id = $1 AND plan_id = $2
   FOR UPDATE
)sql"};

// $2: the plan_id after which the page starts; $3: a status, or '' for all.
inline constexpr storage::Statement kPlanList = {
    "plans_list", "text, text, text, integer", R"sql(
SELECT plan_id, title, description, start_fy, end_fy, status,
       COALESCE(adoption_date::text, '') AS adoption_date, notes, version,
       (extract(epoch FROM create_time) * 1000000)::bigint AS create_micros,
       (extract(epoch FROM update_time) * 1000000)::bigint AS update_micros
  FROM poles.plans
 WHERE tenant_id = $1 AND plan_id > $2 AND ($3 = '' OR status = $3)
 ORDER BY plan_id
 LIMIT $4
)sql"};

inline constexpr storage::Statement kPlanInsert = {
    "plans_insert",
    "text, text, text, text, integer, integer, text, text, text", R"sql(
INSERT INTO poles.plans (tenant_id, plan_id, title, description, start_fy,
                         end_fy, status, adoption_date, notes)
VALUES ($1, $2, $3, $4, $5, $6, $7, NULLIF($8, '')::date,
        ARRAY(SELECT jsonb_array_elements_text($9::jsonb)))
RETURNING plan_id, title, description, start_fy, end_fy, status,
          COALESCE(adoption_date::text, '') AS adoption_date, notes, version,
          (extract(epoch FROM create_time) * 1000000)::bigint AS create_micros,
          (extract(epoch FROM update_time) * 1000000)::bigint AS update_micros
)sql"};

inline constexpr storage::Statement kPlanUpdate = {
    "plans_update",
    "text, text, text, text, integer, integer, text, text, text", R"sql(
UPDATE poles.plans
   SET title = $3, description = $4, start_fy = $5, end_fy = $6, status = $7,
       adoption_date = NULLIF($8, '')::date,
       notes = ARRAY(SELECT jsonb_array_elements_text($9::jsonb)),
       version = version + 1,
       update_time = now()
 WHERE tenant_id = $1 AND plan_id = $2
RETURNING plan_id, title, description, start_fy, end_fy, status,
          COALESCE(adoption_date::text, '') AS adoption_date, notes, version,
          (extract(epoch FROM create_time) * 1000000)::bigint AS create_micros,
          (extract(epoch FROM update_time) * 1000000)::bigint AS update_micros
)sql"};

inline constexpr storage::Statement kPlanDelete = {"plans_delete", "text, text",
                                                   R"sql(
DELETE FROM poles.plans WHERE tenant_id = $1 AND plan_id = $2
)sql"};

inline constexpr storage::Statement kPlanCountItems = {"plans_count_items",
                                                       "text, text", R"sql(
SELECT count(*) AS items
  FROM poles.plan_items
 WHERE tenant_id = $1 AND plan_id = $2
)sql"};

inline constexpr storage::Statement kPlanExists = {"plans_exists", "text, text",
                                                   R"sql(
SELECT 1 FROM poles.plans WHERE tenant_id = $1 AND plan_id = $2
)sql"};

inline constexpr storage::Statement kPlanPeriod = {"plans_period", "text, text",
                                                   R"sql(
SELECT start_fy, end_fy FROM poles.plans WHERE tenant_id = $1 AND plan_id = $2
)sql"};

// The counts of a plan's progress from its entered results (computed
// indicators are counted apart, from the summaries). $3: a fiscal year, or
// -1 for each indicator's latest result. `plans` is 0 for an unknown plan.
inline constexpr storage::Statement kProgress = {"plans_progress",
                                                 "text, text, integer", R"sql(
SELECT (SELECT count(*) FROM poles.plans
         WHERE tenant_id = $1 AND plan_id = $2) AS plans,
       count(i.*) AS indicators,
       count(i.target) AS measurable,
       count(r.actual_value) FILTER (
           WHERE i.target IS NOT NULL AND NOT i.computed) AS measured,
       count(*) FILTER (
           WHERE i.target IS NOT NULL AND NOT i.computed
             AND r.actual_value >= i.target) AS achieved,
       count(*) FILTER (
           WHERE i.target IS NOT NULL AND NOT i.computed
             AND r.source = 'entered') AS entered,
       0 AS computed,
       (SELECT start_fy FROM poles.plans
         WHERE tenant_id = $1 AND plan_id = $2) AS start_fy,
       (SELECT end_fy FROM poles.plans
         WHERE tenant_id = $1 AND plan_id = $2) AS end_fy
  FROM poles.plan_indicators i
  LEFT JOIN LATERAL (
       SELECT actual_value, source
         FROM poles.indicator_results x
        WHERE x.tenant_id = i.tenant_id AND x.plan_id = i.plan_id
          AND x.item_id = i.item_id AND x.indicator_id = i.indicator_id
          AND ($3 < 0 OR x.fiscal_year = $3)
        ORDER BY x.fiscal_year DESC
        LIMIT 1) r ON true
 WHERE i.tenant_id = $1 AND i.plan_id = $2
)sql"};

}  // namespace poles::plans

#endif  // POLES_SERVICES_PLANS_PLANS_QUERIES_H_
