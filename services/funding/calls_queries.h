#ifndef POLES_SERVICES_FUNDING_CALLS_QUERIES_H_
#define POLES_SERVICES_FUNDING_CALLS_QUERIES_H_

#include "storage/session.h"

namespace poles::funding {

// $1 tenant, $2 id, $3 catalogue program, $4 local program (one of them
// ''), $5 title, $6 fiscal year, $7-$11 information requests, eligibility
// requests, applications filed, recommended, retained ('' absent), $12 note.
inline constexpr storage::Statement kCallInsert = {
    "funding_calls_insert",
    "text, text, text, text, text, integer, text, text, text, text, text, text",
    R"sql(
INSERT INTO poles.calls_for_projects (tenant_id, call_id, catalogue_program_id,
                                      local_program_id, title, fiscal_year,
                                      information_requests, eligibility_requests,
                                      applications_filed, recommended, retained, note)
VALUES ($1, $2, NULLIF($3, ''), NULLIF($4, ''), $5, $6, NULLIF($7, '')::integer,
        NULLIF($8, '')::integer, NULLIF($9, '')::integer, NULLIF($10, '')::integer,
        NULLIF($11, '')::integer, $12))sql"};

// Parameters as kCallInsert's.
inline constexpr storage::Statement kCallUpdate = {
    "funding_calls_update",
    "text, text, text, text, text, integer, text, text, text, text, text, text",
    R"sql(
UPDATE poles.calls_for_projects
SET catalogue_program_id = NULLIF($3, ''), local_program_id = NULLIF($4, ''), title = $5,
    fiscal_year = $6, information_requests = NULLIF($7, '')::integer,
    eligibility_requests = NULLIF($8, '')::integer,
    applications_filed = NULLIF($9, '')::integer, recommended = NULLIF($10, '')::integer,
    retained = NULLIF($11, '')::integer, note = $12, version = version + 1,
    update_time = now()
WHERE tenant_id = $1 AND call_id = $2)sql"};

inline constexpr storage::Statement kCallGet = {"funding_calls_get",
                                                "text, text",
                                                R"sql(
SELECT call_id, catalogue_program_id, local_program_id, title, fiscal_year,
       information_requests, eligibility_requests, applications_filed, recommended,
       retained, note, version,
       (extract(epoch FROM create_time) * 1000000)::bigint AS create_micros,
       (extract(epoch FROM update_time) * 1000000)::bigint AS update_micros
FROM poles.calls_for_projects
WHERE tenant_id = $1 AND call_id = $2)sql"};

inline constexpr storage::Statement kCallLock = {"funding_calls_lock",
                                                 "text, text",
                                                 R"sql(
SELECT call_id, catalogue_program_id, local_program_id, title, fiscal_year,
       information_requests, eligibility_requests, applications_filed, recommended,
       retained, note, version,
       (extract(epoch FROM create_time) * 1000000)::bigint AS create_micros,
       (extract(epoch FROM update_time) * 1000000)::bigint AS update_micros
FROM poles.calls_for_projects
WHERE tenant_id = $1 AND call_id = $2
FOR UPDATE)sql"};

// By fiscal year then id. ($2, $3) keyset position ('' first page); $4
// fiscal year (-1 any); $5 limit.
inline constexpr storage::Statement kCallList = {
    "funding_calls_list", "text, text, text, integer, integer",
    R"sql(
SELECT call_id, catalogue_program_id, local_program_id, title, fiscal_year,
       information_requests, eligibility_requests, applications_filed, recommended,
       retained, note, version,
       (extract(epoch FROM create_time) * 1000000)::bigint AS create_micros,
       (extract(epoch FROM update_time) * 1000000)::bigint AS update_micros
FROM poles.calls_for_projects
WHERE tenant_id = $1
  AND ($2 = '' OR (fiscal_year, call_id) > (NULLIF($2, '')::integer, $3))
  AND ($4 < 0 OR fiscal_year = $4)
ORDER BY fiscal_year, call_id
LIMIT $5)sql"};

inline constexpr storage::Statement kCallExists = {"funding_calls_exists",
                                                   "text, text",
                                                   R"sql(
SELECT 1 FROM poles.calls_for_projects WHERE tenant_id = $1 AND call_id = $2)sql"};

inline constexpr storage::Statement kCallUses = {"funding_calls_uses",
                                                 "text, text",
                                                 R"sql(
SELECT count(*) AS uses FROM poles.awards WHERE tenant_id = $1 AND call_id = $2)sql"};

inline constexpr storage::Statement kCallDelete = {"funding_calls_delete",
                                                   "text, text",
                                                   R"sql(
DELETE FROM poles.calls_for_projects WHERE tenant_id = $1 AND call_id = $2)sql"};

}  // namespace poles::funding

#endif  // POLES_SERVICES_FUNDING_CALLS_QUERIES_H_
