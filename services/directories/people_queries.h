#ifndef POLES_SERVICES_DIRECTORIES_PEOPLE_QUERIES_H_
#define POLES_SERVICES_DIRECTORIES_PEOPLE_QUERIES_H_

#include "storage/session.h"

// The statements of people. A person row (read by PersonFromRow) has the
// columns person_id, display_name, role, position, organisation_id,
// email, phone, consent_purpose, consent_date ('' for NULL), erased,
// erase_micros (-1 for NULL), version, create_micros, update_micros
// (microseconds since the epoch).
namespace poles::directories {

inline constexpr storage::Statement kPersonGet = {"directories_person_get",
                                                  "text, text", R"sql(
SELECT person_id, display_name, role, position,
       COALESCE(organisation_id, '') AS organisation_id, email, phone,
       consent_purpose, COALESCE(consent_date::text, '') AS consent_date, erased,
       COALESCE((extract(epoch FROM erase_time) * 1000000)::bigint, -1) AS erase_micros,
       version,
       (extract(epoch FROM create_time) * 1000000)::bigint AS create_micros,
       (extract(epoch FROM update_time) * 1000000)::bigint AS update_micros
  FROM poles.people
 WHERE tenant_id = $1 AND person_id = $2)sql"};

inline constexpr storage::Statement kPersonLock = {"directories_person_lock",
                                                   "text, text", R"sql(
SELECT person_id, display_name, role, position,
       COALESCE(organisation_id, '') AS organisation_id, email, phone,
       consent_purpose, COALESCE(consent_date::text, '') AS consent_date, erased,
       COALESCE((extract(epoch FROM erase_time) * 1000000)::bigint, -1) AS erase_micros,
       version,
       (extract(epoch FROM create_time) * 1000000)::bigint AS create_micros,
       (extract(epoch FROM update_time) * 1000000)::bigint AS update_micros
  FROM poles.people
 WHERE tenant_id = $1 AND person_id = $2
   FOR UPDATE)sql"};

// $3 display name, $4 role, $5 position, $6 organisation ('' = none),
// $7 email, $8 phone, $9 consent purpose, $10 consent date.
inline constexpr storage::Statement kPersonInsert = {
    "directories_person_insert",
    "text, text, text, text, text, text, text, text, text, text", R"sql(
INSERT INTO poles.people (
       tenant_id, person_id, display_name, role, position, organisation_id,
       email, phone, consent_purpose, consent_date)
VALUES ($1, $2, $3, $4, $5, NULLIF($6, ''), $7, $8, $9, $10::date)
RETURNING person_id, display_name, role, position,
       COALESCE(organisation_id, '') AS organisation_id, email, phone,
       consent_purpose, COALESCE(consent_date::text, '') AS consent_date, erased,
       COALESCE((extract(epoch FROM erase_time) * 1000000)::bigint, -1) AS erase_micros,
       version,
       (extract(epoch FROM create_time) * 1000000)::bigint AS create_micros,
       (extract(epoch FROM update_time) * 1000000)::bigint AS update_micros)sql"};

// Parameters as kPersonInsert.
inline constexpr storage::Statement kPersonUpdate = {
    "directories_person_update",
    "text, text, text, text, text, text, text, text, text, text", R"sql(
UPDATE poles.people
   SET display_name = $3, role = $4, position = $5,
       organisation_id = NULLIF($6, ''), email = $7, phone = $8,
       consent_purpose = $9, consent_date = $10::date,
       version = version + 1, update_time = now()
 WHERE tenant_id = $1 AND person_id = $2
RETURNING person_id, display_name, role, position,
       COALESCE(organisation_id, '') AS organisation_id, email, phone,
       consent_purpose, COALESCE(consent_date::text, '') AS consent_date, erased,
       COALESCE((extract(epoch FROM erase_time) * 1000000)::bigint, -1) AS erase_micros,
       version,
       (extract(epoch FROM create_time) * 1000000)::bigint AS create_micros,
       (extract(epoch FROM update_time) * 1000000)::bigint AS update_micros)sql"};

inline constexpr storage::Statement kPersonErase = {"directories_person_erase",
                                                    "text, text", R"sql(
UPDATE poles.people
   SET display_name = '', position = '', email = '', phone = '',
       consent_purpose = '', consent_date = NULL, erased = true,
       erase_time = now(), version = version + 1, update_time = now()
 WHERE tenant_id = $1 AND person_id = $2
RETURNING person_id, display_name, role, position,
       COALESCE(organisation_id, '') AS organisation_id, email, phone,
       consent_purpose, COALESCE(consent_date::text, '') AS consent_date, erased,
       COALESCE((extract(epoch FROM erase_time) * 1000000)::bigint, -1) AS erase_micros,
       version,
       (extract(epoch FROM create_time) * 1000000)::bigint AS create_micros,
       (extract(epoch FROM update_time) * 1000000)::bigint AS update_micros)sql"};

// The stored replies of CreatePerson requests that hold the person ($2, its
// resource name).
inline constexpr storage::Statement kPersonForgetReplies = {
    "directories_person_forget_replies", "text, text", R"sql(
DELETE FROM poles.idempotency_keys
 WHERE tenant_id = $1 AND method = 'DirectoriesService/CreatePerson'
   AND position(convert_to($2, 'UTF8') IN response) > 0)sql"};

inline constexpr storage::Statement kPersonDelete = {
    "directories_person_delete", "text, text", R"sql(
DELETE FROM poles.people WHERE tenant_id = $1 AND person_id = $2)sql"};

// $2 keyset (person id), $3 role, $4 organisation ('' = any), $5 limit.
inline constexpr storage::Statement kPersonList = {
    "directories_person_list", "text, text, text, text, integer", R"sql(
SELECT person_id, display_name, role, position,
       COALESCE(organisation_id, '') AS organisation_id, email, phone,
       consent_purpose, COALESCE(consent_date::text, '') AS consent_date, erased,
       COALESCE((extract(epoch FROM erase_time) * 1000000)::bigint, -1) AS erase_micros,
       version,
       (extract(epoch FROM create_time) * 1000000)::bigint AS create_micros,
       (extract(epoch FROM update_time) * 1000000)::bigint AS update_micros
  FROM poles.people
 WHERE tenant_id = $1 AND person_id > $2
   AND ($3 = '' OR role = $3) AND ($4 = '' OR organisation_id = $4)
 ORDER BY person_id
 LIMIT $5)sql"};

}  // namespace poles::directories

#endif  // POLES_SERVICES_DIRECTORIES_PEOPLE_QUERIES_H_
