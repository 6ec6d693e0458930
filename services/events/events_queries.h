#ifndef POLES_SERVICES_EVENTS_EVENTS_QUERIES_H_
#define POLES_SERVICES_EVENTS_EVENTS_QUERIES_H_

// The events service's statements, whole; rows are read by column name.
// Times travel as microseconds since the epoch (`*_micros` columns, text
// parameters); a fiscal year is 1 April to 1 April, Montréal time; optional
// numbers read as -1 when absent.

#include "storage/session.h"

namespace poles::events {

// The bodies statements return: body_id, display_name, kind.
inline constexpr storage::Statement kBodyInsert = {
    "bodies_insert", "text, text, text, text",
    "INSERT INTO poles.bodies (tenant_id, body_id, display_name, kind) "
    "VALUES ($1, $2, $3, $4) "
    "RETURNING body_id, display_name, kind"};

inline constexpr storage::Statement kBodyList = {
    "bodies_list", "text, text, integer",
    "SELECT body_id, display_name, kind FROM poles.bodies "
    "WHERE tenant_id = $1 AND body_id > $2 ORDER BY body_id LIMIT $3"};

inline constexpr storage::Statement kBodyExists = {
    "bodies_exists", "text, text",
    "SELECT 1 FROM poles.bodies WHERE tenant_id = $1 AND body_id = $2"};

inline constexpr storage::Statement kBodyUses = {
    "bodies_uses", "text, text",
    "SELECT count(*) AS uses FROM poles.events "
    "WHERE tenant_id = $1 AND body_id = $2"};

inline constexpr storage::Statement kBodyDelete = {
    "bodies_delete", "text, text",
    "DELETE FROM poles.bodies WHERE tenant_id = $1 AND body_id = $2"};

inline constexpr storage::Statement kTenantHasMrc = {
    "events_tenant_has_mrc", "text, text",
    "SELECT 1 FROM poles.tenant_mrcs WHERE tenant_id = $1 AND mrc_id = $2"};

// The event statements return one event (EventFromRow): event_id, title,
// kind, body_id, organised, start_micros, end_micros, mrc_id, online,
// location, total, women, men, other, plan_item, cohort_size, satisfaction
// (JSON text), public, description, version, create_micros, update_micros.
//
// $1 tenant, $2 event id, $3 title, $4 kind, $5 body id, $6 organised,
// $7/$8 start/end micros, $9 MRC id, $10 online, $11 location, $12-$15
// total/women/men/other ('' when absent), $16 plan item, $17 cohort size,
// $18 satisfaction (JSON), $19 public, $20 description.
inline constexpr storage::Statement kEventInsert = {
    "events_insert",
    "text, text, text, text, text, boolean, text, text, text, boolean, text, "
    "text, text, text, text, text, text, text, boolean, text",
    "INSERT INTO poles.events (tenant_id, event_id, title, kind, body_id, "
    "organised, start_time, end_time, mrc_id, online, location, total, women, "
    "men, other, plan_item, cohort_size, satisfaction, public, description) "
    "VALUES ($1, $2, $3, $4, NULLIF($5, ''), $6, "
    "'epoch'::timestamptz + $7::bigint * interval '1 microsecond', "
    "'epoch'::timestamptz + $8::bigint * interval '1 microsecond', "
    "NULLIF($9, ''), $10, $11, NULLIF($12, '')::integer, "
    "NULLIF($13, '')::integer, NULLIF($14, '')::integer, "
    "NULLIF($15, '')::integer, $16, NULLIF($17, '')::integer, $18::jsonb, "
    "$19, $20) "
    "RETURNING event_id, title, kind, COALESCE(body_id, '') AS body_id, "
    "organised, "
    "(extract(epoch FROM start_time) * 1000000)::bigint AS start_micros, "
    "(extract(epoch FROM end_time) * 1000000)::bigint AS end_micros, "
    "COALESCE(mrc_id, '') AS mrc_id, online, location, "
    "COALESCE(total, -1) AS total, COALESCE(women, -1) AS women, "
    "COALESCE(men, -1) AS men, COALESCE(other, -1) AS other, plan_item, "
    "COALESCE(cohort_size, -1) AS cohort_size, satisfaction::text AS "
    "satisfaction, "
    "public, description, version, "
    "(extract(epoch FROM create_time) * 1000000)::bigint AS create_micros, "
    "(extract(epoch FROM update_time) * 1000000)::bigint AS update_micros"};

// Parameters as kEventInsert's.
inline constexpr storage::Statement kEventUpdate = {
    "events_update",
    "text, text, text, text, text, boolean, text, text, text, boolean, text, "
    "text, text, text, text, text, text, text, boolean, text",
    "UPDATE poles.events SET title = $3, kind = $4, body_id = NULLIF($5, ''), "
    "organised = $6, "
    "start_time = 'epoch'::timestamptz + $7::bigint * interval '1 "
    "microsecond', "
    "end_time = 'epoch'::timestamptz + $8::bigint * interval '1 microsecond', "
    "mrc_id = NULLIF($9, ''), online = $10, location = $11, "
    "total = NULLIF($12, '')::integer, women = NULLIF($13, '')::integer, "
    "men = NULLIF($14, '')::integer, other = NULLIF($15, '')::integer, "
    "plan_item = $16, cohort_size = NULLIF($17, '')::integer, "
    "satisfaction = $18::jsonb, public = $19, description = $20, "
    "version = version + 1, update_time = now() "
    "WHERE tenant_id = $1 AND event_id = $2 "
    "RETURNING event_id, title, kind, COALESCE(body_id, '') AS body_id, "
    "organised, "
    "(extract(epoch FROM start_time) * 1000000)::bigint AS start_micros, "
    "(extract(epoch FROM end_time) * 1000000)::bigint AS end_micros, "
    "COALESCE(mrc_id, '') AS mrc_id, online, location, "
    "COALESCE(total, -1) AS total, COALESCE(women, -1) AS women, "
    "COALESCE(men, -1) AS men, COALESCE(other, -1) AS other, plan_item, "
    "COALESCE(cohort_size, -1) AS cohort_size, satisfaction::text AS "
    "satisfaction, "
    "public, description, version, "
    "(extract(epoch FROM create_time) * 1000000)::bigint AS create_micros, "
    "(extract(epoch FROM update_time) * 1000000)::bigint AS update_micros"};

inline constexpr storage::Statement kEventGet = {
    "events_get", "text, text",
    "SELECT event_id, title, kind, COALESCE(body_id, '') AS body_id, "
    "organised, "
    "(extract(epoch FROM start_time) * 1000000)::bigint AS start_micros, "
    "(extract(epoch FROM end_time) * 1000000)::bigint AS end_micros, "
    "COALESCE(mrc_id, '') AS mrc_id, online, location, "
    "COALESCE(total, -1) AS total, COALESCE(women, -1) AS women, "
    "COALESCE(men, -1) AS men, COALESCE(other, -1) AS other, plan_item, "
    "COALESCE(cohort_size, -1) AS cohort_size, satisfaction::text AS "
    "satisfaction, "
    "public, description, version, "
    "(extract(epoch FROM create_time) * 1000000)::bigint AS create_micros, "
    "(extract(epoch FROM update_time) * 1000000)::bigint AS update_micros "
    "FROM poles.events WHERE tenant_id = $1 AND event_id = $2"};

inline constexpr storage::Statement kEventLock = {
    "events_lock", "text, text",
    "SELECT event_id, title, kind, COALESCE(body_id, '') AS body_id, "
    "organised, "
    "(extract(epoch FROM start_time) * 1000000)::bigint AS start_micros, "
    "(extract(epoch FROM end_time) * 1000000)::bigint AS end_micros, "
    "COALESCE(mrc_id, '') AS mrc_id, online, location, "
    "COALESCE(total, -1) AS total, COALESCE(women, -1) AS women, "
    "COALESCE(men, -1) AS men, COALESCE(other, -1) AS other, plan_item, "
    "COALESCE(cohort_size, -1) AS cohort_size, satisfaction::text AS "
    "satisfaction, "
    "public, description, version, "
    "(extract(epoch FROM create_time) * 1000000)::bigint AS create_micros, "
    "(extract(epoch FROM update_time) * 1000000)::bigint AS update_micros "
    "FROM poles.events WHERE tenant_id = $1 AND event_id = $2 FOR UPDATE"};

inline constexpr storage::Statement kEventDelete = {
    "events_delete", "text, text",
    "DELETE FROM poles.events WHERE tenant_id = $1 AND event_id = $2"};

// ($2, $3): keyset position (start micros, event id), '' for the first page;
// $4 kind ('' any), $5 fiscal year's starting calendar year (-1 any), $6 plan
// item ('' any), $7 limit.
inline constexpr storage::Statement kEventList = {
    "events_list", "text, text, text, text, integer, text, integer",
    "SELECT event_id, title, kind, COALESCE(body_id, '') AS body_id, "
    "organised, "
    "(extract(epoch FROM start_time) * 1000000)::bigint AS start_micros, "
    "(extract(epoch FROM end_time) * 1000000)::bigint AS end_micros, "
    "COALESCE(mrc_id, '') AS mrc_id, online, location, "
    "COALESCE(total, -1) AS total, COALESCE(women, -1) AS women, "
    "COALESCE(men, -1) AS men, COALESCE(other, -1) AS other, plan_item, "
    "COALESCE(cohort_size, -1) AS cohort_size, satisfaction::text AS "
    "satisfaction, "
    "public, description, version, "
    "(extract(epoch FROM create_time) * 1000000)::bigint AS create_micros, "
    "(extract(epoch FROM update_time) * 1000000)::bigint AS update_micros "
    "FROM poles.events "
    "WHERE tenant_id = $1 "
    "AND ($2 = '' OR (start_time, event_id) > "
    "('epoch'::timestamptz + NULLIF($2, '')::bigint * interval '1 "
    "microsecond', $3)) "
    "AND ($4 = '' OR kind = $4) "
    "AND ($5 < 0 OR (start_time >= make_timestamptz($5, 4, 1, 0, 0, 0, "
    "'America/Montreal') "
    "AND start_time < make_timestamptz($5 + 1, 4, 1, 0, 0, 0, "
    "'America/Montreal'))) "
    "AND ($6 = '' OR plan_item = $6) "
    "ORDER BY start_time, event_id LIMIT $7"};

// The tenant's name and its public events not yet over, soonest first (one
// row with NULL event columns when there are none). Columns: tenant_name,
// event_id, title, description, location, online, mrc_name, start_micros,
// end_micros, update_micros.
inline constexpr storage::Statement kCalendar = {
    "events_calendar", "text",
    "SELECT t.display_name AS tenant_name, e.event_id, e.title, e.description, "
    "e.location, e.online, COALESCE(m.name, '') AS mrc_name, "
    "(extract(epoch FROM e.start_time) * 1000000)::bigint AS start_micros, "
    "(extract(epoch FROM e.end_time) * 1000000)::bigint AS end_micros, "
    "(extract(epoch FROM e.update_time) * 1000000)::bigint AS update_micros "
    "FROM poles.tenants t "
    "LEFT JOIN poles.events e ON e.tenant_id = t.slug AND e.public AND "
    "e.end_time >= now() "
    "LEFT JOIN poles.mrcs m ON m.mrc_id = e.mrc_id "
    "WHERE t.slug = $1 ORDER BY e.start_time, e.event_id LIMIT 1000"};

}  // namespace poles::events

#endif  // POLES_SERVICES_EVENTS_EVENTS_QUERIES_H_
