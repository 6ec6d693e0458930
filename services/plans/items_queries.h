#ifndef POLES_SERVICES_PLANS_ITEMS_QUERIES_H_
#define POLES_SERVICES_PLANS_ITEMS_QUERIES_H_

// The statements of plan items. Every item row has the columns ItemFromRow
// reads (plans_rows.h). Lists are passed as JSON arrays of text.

#include "storage/session.h"

namespace poles::plans {

inline constexpr storage::Statement kItemGet = {"items_get", "text, text, text",
                                                R"sql(
SELECT item_id, COALESCE(parent_item_id, '') AS parent_item_id, kind, code,
       title, moyens, responsables, partners, responsible_bodies,
       COALESCE(due_date::text, '') AS due_date, season_slots, continuous,
       schedule_note, COALESCE(budget_cents, -1) AS budget_cents, budget_note,
       version,
       (extract(epoch FROM create_time) * 1000000)::bigint AS create_micros,
       (extract(epoch FROM update_time) * 1000000)::bigint AS update_micros
  FROM poles.plan_items
 WHERE tenant_id = $1 AND plan_id = $2 AND item_id = $3
)sql"};

inline constexpr storage::Statement kItemGetForUpdate = {
    "items_get_for_update", "text, text, text", R"sql(
SELECT item_id, COALESCE(parent_item_id, '') AS parent_item_id, kind, code,
       title, moyens, responsables, partners, responsible_bodies,
       COALESCE(due_date::text, '') AS due_date, season_slots, continuous,
       schedule_note, COALESCE(budget_cents, -1) AS budget_cents, budget_note,
       version,
       (extract(epoch FROM create_time) * 1000000)::bigint AS create_micros,
       (extract(epoch FROM update_time) * 1000000)::bigint AS update_micros
  FROM poles.plan_items
 WHERE tenant_id = $1 AND plan_id = $2 AND item_id = $3
   FOR UPDATE
)sql"};

// $3: the sort key after which the page starts; $4: a kind, or '' for all;
// $5: a parent item id, or '' for all; $7: a responsible body id, or '' for
// all.
inline constexpr storage::Statement kItemList = {
    "items_list", "text, text, text, text, text, integer, text", R"sql(
SELECT item_id, COALESCE(parent_item_id, '') AS parent_item_id, kind, code,
       title, moyens, responsables, partners, responsible_bodies,
       COALESCE(due_date::text, '') AS due_date, season_slots, continuous,
       schedule_note, COALESCE(budget_cents, -1) AS budget_cents, budget_note,
       version,
       (extract(epoch FROM create_time) * 1000000)::bigint AS create_micros,
       (extract(epoch FROM update_time) * 1000000)::bigint AS update_micros,
       sort_key
  FROM poles.plan_items
 WHERE tenant_id = $1 AND plan_id = $2 AND sort_key > $3
   AND ($4 = '' OR kind = $4) AND ($5 = '' OR parent_item_id = $5)
   AND ($7 = '' OR $7 = ANY (responsible_bodies))
 ORDER BY sort_key
 LIMIT $6
)sql"};

// $9-$11, $16, $18: moyens, responsables, partners, season slots and
// responsible body ids as JSON arrays.
inline constexpr storage::Statement kItemInsert = {
    "items_insert",
    "text, text, text, text, text, text, text, text, text, text, text, "
    "text, boolean, text, text, text, text, text",
    R"sql(
INSERT INTO poles.plan_items (tenant_id, plan_id, item_id, parent_item_id,
                              kind, code, sort_key, title, moyens,
                              responsables, partners, due_date, season_slots,
                              continuous, schedule_note, budget_cents,
                              budget_note, responsible_bodies)
VALUES ($1, $2, $3, NULLIF($4, ''), $5, $6, $7, $8,
        ARRAY(SELECT json_array_elements_text($9::json)),
        ARRAY(SELECT json_array_elements_text($10::json)),
        ARRAY(SELECT json_array_elements_text($11::json)),
        NULLIF($12, '')::date,
        ARRAY(SELECT json_array_elements_text($16::json)),
        $13, $14, NULLIF($15, '')::bigint, $17,
        ARRAY(SELECT json_array_elements_text($18::json)))
RETURNING item_id, COALESCE(parent_item_id, '') AS parent_item_id, kind, code,
          title, moyens, responsables, partners, responsible_bodies,
          COALESCE(due_date::text, '') AS due_date, season_slots, continuous,
          schedule_note, COALESCE(budget_cents, -1) AS budget_cents,
          budget_note, version,
          (extract(epoch FROM create_time) * 1000000)::bigint AS create_micros,
          (extract(epoch FROM update_time) * 1000000)::bigint AS update_micros
)sql"};

// $8-$10, $16, $17: moyens, responsables, partners, season slots and
// responsible body ids as JSON arrays.
inline constexpr storage::Statement kItemUpdate = {
    "items_update",
    "text, text, text, text, text, text, text, text, text, text, text, "
    "boolean, text, text, text, text, text",
    R"sql(
UPDATE poles.plan_items
   SET kind = $4, code = $5, sort_key = $6, title = $7,
       moyens = ARRAY(SELECT json_array_elements_text($8::json)),
       responsables = ARRAY(SELECT json_array_elements_text($9::json)),
       partners = ARRAY(SELECT json_array_elements_text($10::json)),
       due_date = NULLIF($11, '')::date, continuous = $12,
       schedule_note = $13, budget_cents = NULLIF($14, '')::bigint,
       budget_note = $15,
       season_slots = ARRAY(SELECT json_array_elements_text($16::json)),
       responsible_bodies = ARRAY(SELECT json_array_elements_text($17::json)),
       version = version + 1, update_time = now()
 WHERE tenant_id = $1 AND plan_id = $2 AND item_id = $3
RETURNING item_id, COALESCE(parent_item_id, '') AS parent_item_id, kind, code,
          title, moyens, responsables, partners, responsible_bodies,
          COALESCE(due_date::text, '') AS due_date, season_slots, continuous,
          schedule_note, COALESCE(budget_cents, -1) AS budget_cents,
          budget_note, version,
          (extract(epoch FROM create_time) * 1000000)::bigint AS create_micros,
          (extract(epoch FROM update_time) * 1000000)::bigint AS update_micros
)sql"};

inline constexpr storage::Statement kItemDelete = {"items_delete",
                                                   "text, text, text", R"sql(
DELETE FROM poles.plan_items
 WHERE tenant_id = $1 AND plan_id = $2 AND item_id = $3
)sql"};

// Child items and indicators of an item.
inline constexpr storage::Statement kItemDependents = {
    "items_dependents", "text, text, text", R"sql(
SELECT (SELECT count(*) FROM poles.plan_items
         WHERE tenant_id = $1 AND plan_id = $2 AND parent_item_id = $3)
     + (SELECT count(*) FROM poles.plan_indicators
         WHERE tenant_id = $1 AND plan_id = $2 AND item_id = $3)
       AS dependents
)sql"};

inline constexpr storage::Statement kItemExists = {"items_exists",
                                                   "text, text, text", R"sql(
SELECT 1 FROM poles.plan_items
 WHERE tenant_id = $1 AND plan_id = $2 AND item_id = $3
)sql"};

}  // namespace poles::plans

#endif  // POLES_SERVICES_PLANS_ITEMS_QUERIES_H_
