#ifndef POLES_SERVICES_PLANS_INDICATORS_QUERIES_H_
#define POLES_SERVICES_PLANS_INDICATORS_QUERIES_H_

// The statements of plan indicators. Every indicator row has the columns
// IndicatorFromRow reads (plans_rows.h); `results` is the indicator's
// entered results as a JSON array ordered by fiscal year, and `link_filter`
// its canonical breakdown ("event_kind=networking;plan_item=...").

#include "storage/session.h"

namespace poles::plans {

inline constexpr storage::Statement kIndicatorGet = {
    "indicators_get", "text, text, text, text", R"sql(
SELECT i.item_id, i.indicator_id, i.description,
       COALESCE(i.target::text, '') AS target, i.unit,
       COALESCE(i.baseline::text, '') AS baseline, i.national_indicator_code,
       COALESCE(i.due_date::text, '') AS due_date, i.due_note, i.version,
       (extract(epoch FROM i.create_time) * 1000000)::bigint AS create_micros,
       (extract(epoch FROM i.update_time) * 1000000)::bigint AS update_micros,
       COALESCE((
           SELECT json_agg(json_build_object(
                      'fy', r.fiscal_year, 'v', r.actual_value::float8,
                      'note', r.note, 'src', r.source,
                      't', (extract(epoch FROM r.record_time) * 1000000)::bigint)
                  ORDER BY r.fiscal_year)
             FROM poles.indicator_results r
            WHERE r.tenant_id = i.tenant_id AND r.plan_id = i.plan_id
              AND r.item_id = i.item_id AND r.indicator_id = i.indicator_id
       )::text, '[]') AS results,
       i.computed, i.link_filter
  FROM poles.plan_indicators i
 WHERE i.tenant_id = $1 AND i.plan_id = $2 AND i.item_id = $3
   AND i.indicator_id = $4
)sql"};

inline constexpr storage::Statement kIndicatorLock = {
    "indicators_lock", "text, text, text, text", R"sql(
SELECT i.item_id, i.indicator_id, i.description,
       COALESCE(i.target::text, '') AS target, i.unit,
       COALESCE(i.baseline::text, '') AS baseline, i.national_indicator_code,
       COALESCE(i.due_date::text, '') AS due_date, i.due_note, i.version,
       (extract(epoch FROM i.create_time) * 1000000)::bigint AS create_micros,
       (extract(epoch FROM i.update_time) * 1000000)::bigint AS update_micros,
       COALESCE((
           SELECT json_agg(json_build_object(
                      'fy', r.fiscal_year, 'v', r.actual_value::float8,
                      'note', r.note, 'src', r.source,
                      't', (extract(epoch FROM r.record_time) * 1000000)::bigint)
                  ORDER BY r.fiscal_year)
             FROM poles.indicator_results r
            WHERE r.tenant_id = i.tenant_id AND r.plan_id = i.plan_id
              AND r.item_id = i.item_id AND r.indicator_id = i.indicator_id
       )::text, '[]') AS results,
       i.computed, i.link_filter
  FROM poles.plan_indicators i
 WHERE i.tenant_id = $1 AND i.plan_id = $2 AND i.item_id = $3
   AND i.indicator_id = $4
   FOR UPDATE
)sql"};

// $3: one item, or '-' for all items of the plan; ($4, $5): the keyset
// position (item_id, indicator_id) after which the page starts.
inline constexpr storage::Statement kIndicatorList = {
    "indicators_list", "text, text, text, text, text, integer", R"sql(
SELECT i.item_id, i.indicator_id, i.description,
       COALESCE(i.target::text, '') AS target, i.unit,
       COALESCE(i.baseline::text, '') AS baseline, i.national_indicator_code,
       COALESCE(i.due_date::text, '') AS due_date, i.due_note, i.version,
       (extract(epoch FROM i.create_time) * 1000000)::bigint AS create_micros,
       (extract(epoch FROM i.update_time) * 1000000)::bigint AS update_micros,
       COALESCE((
           SELECT json_agg(json_build_object(
                      'fy', r.fiscal_year, 'v', r.actual_value::float8,
                      'note', r.note, 'src', r.source,
                      't', (extract(epoch FROM r.record_time) * 1000000)::bigint)
                  ORDER BY r.fiscal_year)
             FROM poles.indicator_results r
            WHERE r.tenant_id = i.tenant_id AND r.plan_id = i.plan_id
              AND r.item_id = i.item_id AND r.indicator_id = i.indicator_id
       )::text, '[]') AS results,
       i.computed, i.link_filter
  FROM poles.plan_indicators i
 WHERE i.tenant_id = $1 AND i.plan_id = $2 AND ($3 = '-' OR i.item_id = $3)
   AND (i.item_id, i.indicator_id) > ($4, $5)
 ORDER BY i.item_id, i.indicator_id
 LIMIT $6
)sql"};

// The plan's computed indicators with a target, for its progress.
inline constexpr storage::Statement kComputedWithTarget = {
    "indicators_computed_with_target", "text, text", R"sql(
SELECT i.item_id, i.indicator_id, i.description,
       COALESCE(i.target::text, '') AS target, i.unit,
       COALESCE(i.baseline::text, '') AS baseline, i.national_indicator_code,
       COALESCE(i.due_date::text, '') AS due_date, i.due_note, i.version,
       (extract(epoch FROM i.create_time) * 1000000)::bigint AS create_micros,
       (extract(epoch FROM i.update_time) * 1000000)::bigint AS update_micros,
       COALESCE((
           SELECT json_agg(json_build_object(
                      'fy', r.fiscal_year, 'v', r.actual_value::float8,
                      'note', r.note, 'src', r.source,
                      't', (extract(epoch FROM r.record_time) * 1000000)::bigint)
                  ORDER BY r.fiscal_year)
             FROM poles.indicator_results r
            WHERE r.tenant_id = i.tenant_id AND r.plan_id = i.plan_id
              AND r.item_id = i.item_id AND r.indicator_id = i.indicator_id
       )::text, '[]') AS results,
       i.computed, i.link_filter
  FROM poles.plan_indicators i
 WHERE i.tenant_id = $1 AND i.plan_id = $2 AND i.computed
   AND i.target IS NOT NULL
 ORDER BY i.item_id, i.indicator_id
)sql"};

// $6, $8: target and baseline as numeric text, '' for none.
inline constexpr storage::Statement kIndicatorInsert = {
    "indicators_insert",
    "text, text, text, text, text, text, text, text, text, text, boolean, "
    "text, "
    "text",
    R"sql(
INSERT INTO poles.plan_indicators (tenant_id, plan_id, item_id, indicator_id,
                                   description, target, unit, baseline,
                                   national_indicator_code, due_date, computed,
                                   link_filter, due_note)
VALUES ($1, $2, $3, $4, $5, NULLIF($6, '')::numeric, $7,
        NULLIF($8, '')::numeric, $9, NULLIF($10, '')::date, $11, $12, $13)
)sql"};

inline constexpr storage::Statement kIndicatorUpdate = {
    "indicators_update",
    "text, text, text, text, text, text, text, text, text, text, boolean, "
    "text, "
    "text",
    R"sql(
UPDATE poles.plan_indicators
   SET description = $5, target = NULLIF($6, '')::numeric, unit = $7,
       baseline = NULLIF($8, '')::numeric, national_indicator_code = $9,
       due_date = NULLIF($10, '')::date, computed = $11, link_filter = $12,
       due_note = $13,
       version = version + 1, update_time = now()
 WHERE tenant_id = $1 AND plan_id = $2 AND item_id = $3 AND indicator_id = $4
)sql"};

inline constexpr storage::Statement kIndicatorDelete = {
    "indicators_delete", "text, text, text, text", R"sql(
DELETE FROM poles.plan_indicators
 WHERE tenant_id = $1 AND plan_id = $2 AND item_id = $3 AND indicator_id = $4
)sql"};

// The catalogue entry of a national indicator: its owning service and its
// dimensions ("event_kind,gender,mrc").
inline constexpr storage::Statement kNationalIndicator = {
    "plans_national_indicator", "text", R"sql(
SELECT service, array_to_string(dimensions, ',') AS dimensions
  FROM poles.national_indicators
 WHERE code = $1
)sql"};

}  // namespace poles::plans

#endif  // POLES_SERVICES_PLANS_INDICATORS_QUERIES_H_
