#ifndef POLES_SERVICES_DIRECTORIES_INTERVENTIONS_QUERIES_H_
#define POLES_SERVICES_DIRECTORIES_INTERVENTIONS_QUERIES_H_

#include "storage/session.h"

// The statements of a dossier's interventions ($2 the dossier, $3 the
// intervention). An intervention row (read by InterventionFromRow) has the
// columns intervention_id, intervention_date, subjects (text[]), note,
// version, create_micros, update_micros (microseconds since the epoch).
namespace poles::directories {

inline constexpr storage::Statement kInterventionGet = {
    "directories_intervention_get", "text, text, text", R"sql(
SELECT intervention_id, intervention_date::text AS intervention_date, subjects,
       note, version,
       (extract(epoch FROM create_time) * 1000000)::bigint AS create_micros,
       (extract(epoch FROM update_time) * 1000000)::bigint AS update_micros
  FROM poles.interventions
 WHERE tenant_id = $1 AND dossier_id = $2 AND intervention_id = $3)sql"};

inline constexpr storage::Statement kInterventionLock = {
    "directories_intervention_lock", "text, text, text", R"sql(
SELECT intervention_id, intervention_date::text AS intervention_date, subjects,
       note, version,
       (extract(epoch FROM create_time) * 1000000)::bigint AS create_micros,
       (extract(epoch FROM update_time) * 1000000)::bigint AS update_micros
  FROM poles.interventions
 WHERE tenant_id = $1 AND dossier_id = $2 AND intervention_id = $3
   FOR UPDATE)sql"};

// $4 date, $5 subjects (JSON array), $6 note.
inline constexpr storage::Statement kInterventionInsert = {
    "directories_intervention_insert", "text, text, text, text, text, text",
    R"sql(
INSERT INTO poles.interventions (
       tenant_id, dossier_id, intervention_id, intervention_date, subjects, note)
VALUES ($1, $2, $3, $4::date, ARRAY(SELECT json_array_elements_text($5::json)), $6)
RETURNING intervention_id, intervention_date::text AS intervention_date, subjects,
       note, version,
       (extract(epoch FROM create_time) * 1000000)::bigint AS create_micros,
       (extract(epoch FROM update_time) * 1000000)::bigint AS update_micros)sql"};

// Parameters as kInterventionInsert.
inline constexpr storage::Statement kInterventionUpdate = {
    "directories_intervention_update", "text, text, text, text, text, text",
    R"sql(
UPDATE poles.interventions
   SET intervention_date = $4::date,
       subjects = ARRAY(SELECT json_array_elements_text($5::json)), note = $6,
       version = version + 1, update_time = now()
 WHERE tenant_id = $1 AND dossier_id = $2 AND intervention_id = $3
RETURNING intervention_id, intervention_date::text AS intervention_date, subjects,
       note, version,
       (extract(epoch FROM create_time) * 1000000)::bigint AS create_micros,
       (extract(epoch FROM update_time) * 1000000)::bigint AS update_micros)sql"};

inline constexpr storage::Statement kInterventionDelete = {
    "directories_intervention_delete", "text, text, text", R"sql(
DELETE FROM poles.interventions
 WHERE tenant_id = $1 AND dossier_id = $2 AND intervention_id = $3)sql"};

// In date order: keyset ($3 date, $4 id); $3 = '' for the first page; $5
// limit.
inline constexpr storage::Statement kInterventionList = {
    "directories_intervention_list", "text, text, text, text, integer", R"sql(
SELECT intervention_id, intervention_date::text AS intervention_date, subjects,
       note, version,
       (extract(epoch FROM create_time) * 1000000)::bigint AS create_micros,
       (extract(epoch FROM update_time) * 1000000)::bigint AS update_micros
  FROM poles.interventions
 WHERE tenant_id = $1 AND dossier_id = $2
   AND ($3 = '' OR (intervention_date, intervention_id) > ($3::date, $4))
 ORDER BY intervention_date, intervention_id
 LIMIT $5)sql"};

}  // namespace poles::directories

#endif  // POLES_SERVICES_DIRECTORIES_INTERVENTIONS_QUERIES_H_
