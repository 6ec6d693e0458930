#ifndef POLES_SERVICES_FUNDING_PROGRAMS_QUERIES_H_
#define POLES_SERVICES_FUNDING_PROGRAMS_QUERIES_H_

#include "storage/session.h"

namespace poles::funding {

// $1 after funder_id ('' first page), $2 kind ('' any), $3 limit.
inline constexpr storage::Statement kFundersList = {"funding_funders_list",
                                                    "text, text, integer",
                                                    R"sql(
SELECT funder_id, label_fr, label_en, kind, former_names
FROM poles.funders
WHERE funder_id > $1 AND ($2 = '' OR kind = $2)
ORDER BY funder_id
LIMIT $3)sql"};

// $1 after program_id, $2 funder ('' any), $3 limit.
inline constexpr storage::Statement kProgramsList = {"funding_programs_list",
                                                     "text, text, integer",
                                                     R"sql(
SELECT p.program_id, p.funder_id, p.label_fr, p.label_en, p.support_kind,
       p.description, f.kind AS funder_kind
FROM poles.programs p
JOIN poles.funders f ON f.funder_id = p.funder_id
WHERE p.program_id > $1 AND ($2 = '' OR p.funder_id = $2)
ORDER BY p.program_id
LIMIT $3)sql"};

inline constexpr storage::Statement kFunderExists = {"funding_funder_exists",
                                                     "text",
                                                     R"sql(
SELECT 1 FROM poles.funders WHERE funder_id = $1)sql"};

// The funder of a program reference: $2 a catalogue program id or '', $3 a
// local program id of tenant $1 or ''. No row if the program does not
// exist.
inline constexpr storage::Statement kProgramFunder = {"funding_program_funder",
                                                      "text, text, text",
                                                      R"sql(
SELECT p.funder_id
FROM poles.programs p
WHERE $2 <> '' AND p.program_id = $2
UNION ALL
SELECT lp.funder_id
FROM poles.local_programs lp
WHERE $3 <> '' AND lp.tenant_id = $1 AND lp.program_id = $3)sql"};

inline constexpr storage::Statement kLocalProgramInsert = {
    "funding_local_programs_insert", "text, text, text, text, text, text, text",
    R"sql(
INSERT INTO poles.local_programs (tenant_id, program_id, funder_id, label_fr,
                                  label_en, support_kind, description)
VALUES ($1, $2, $3, $4, $5, $6, $7))sql"};

inline constexpr storage::Statement kLocalProgramUpdate = {
    "funding_local_programs_update", "text, text, text, text, text, text, text",
    R"sql(
UPDATE poles.local_programs
SET funder_id = $3, label_fr = $4, label_en = $5, support_kind = $6,
    description = $7, version = version + 1, update_time = now()
WHERE tenant_id = $1 AND program_id = $2)sql"};

inline constexpr storage::Statement kLocalProgramGet = {
    "funding_local_programs_get", "text, text",
    R"sql(
SELECT lp.program_id, lp.funder_id, lp.label_fr, lp.label_en, lp.support_kind,
       lp.description, f.kind AS funder_kind, lp.version,
       (extract(epoch FROM lp.create_time) * 1000000)::bigint AS create_micros,
       (extract(epoch FROM lp.update_time) * 1000000)::bigint AS update_micros
FROM poles.local_programs lp
JOIN poles.funders f ON f.funder_id = lp.funder_id
WHERE lp.tenant_id = $1 AND lp.program_id = $2)sql"};

inline constexpr storage::Statement kLocalProgramLock = {
    "funding_local_programs_lock", "text, text",
    R"sql(
SELECT lp.program_id, lp.funder_id, lp.label_fr, lp.label_en, lp.support_kind,
       lp.description, f.kind AS funder_kind, lp.version,
       (extract(epoch FROM lp.create_time) * 1000000)::bigint AS create_micros,
       (extract(epoch FROM lp.update_time) * 1000000)::bigint AS update_micros
FROM poles.local_programs lp
JOIN poles.funders f ON f.funder_id = lp.funder_id
WHERE lp.tenant_id = $1 AND lp.program_id = $2
FOR UPDATE OF lp)sql"};

// $2 after program_id, $3 limit.
inline constexpr storage::Statement kLocalProgramList = {
    "funding_local_programs_list", "text, text, integer",
    R"sql(
SELECT lp.program_id, lp.funder_id, lp.label_fr, lp.label_en, lp.support_kind,
       lp.description, f.kind AS funder_kind, lp.version,
       (extract(epoch FROM lp.create_time) * 1000000)::bigint AS create_micros,
       (extract(epoch FROM lp.update_time) * 1000000)::bigint AS update_micros
FROM poles.local_programs lp
JOIN poles.funders f ON f.funder_id = lp.funder_id
WHERE lp.tenant_id = $1 AND lp.program_id > $2
ORDER BY lp.program_id
LIMIT $3)sql"};

// What refers to a local program (deletion is refused while anything does).
inline constexpr storage::Statement kLocalProgramUses = {
    "funding_local_programs_uses", "text, text",
    R"sql(
SELECT (SELECT count(*) FROM poles.awards WHERE tenant_id = $1 AND local_program_id = $2)
     + (SELECT count(*) FROM poles.agreements WHERE tenant_id = $1 AND local_program_id = $2)
     + (SELECT count(*) FROM poles.calls_for_projects WHERE tenant_id = $1 AND local_program_id = $2)
     + (SELECT count(*) FROM poles.reported_totals WHERE tenant_id = $1 AND local_program_id = $2)
       AS uses)sql"};

inline constexpr storage::Statement kLocalProgramDelete = {
    "funding_local_programs_delete", "text, text",
    R"sql(
DELETE FROM poles.local_programs WHERE tenant_id = $1 AND program_id = $2)sql"};

}  // namespace poles::funding

#endif  // POLES_SERVICES_FUNDING_PROGRAMS_QUERIES_H_
