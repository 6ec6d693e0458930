#ifndef POLES_SERVICES_FUNDING_REPORTED_TOTALS_QUERIES_H_
#define POLES_SERVICES_FUNDING_REPORTED_TOTALS_QUERIES_H_

#include "storage/session.h"

namespace poles::funding {

// $1 tenant, $2 id, $3 funder, $4 catalogue program, $5 local program (''
// none), $6 fiscal year, $7 measure, $8 title, $9 total, $10 breakdowns
// (JSON array), $11 source note, $12 as published.
inline constexpr storage::Statement kReportedTotalInsert = {
    "funding_reported_totals_insert",
    "text, text, text, text, text, integer, text, text, bigint, text, text, "
    "boolean",
    R"sql(
INSERT INTO poles.reported_totals (tenant_id, reported_total_id, funder_id,
                                   catalogue_program_id, local_program_id, fiscal_year,
                                   measure, title, total, breakdowns, source_note,
                                   as_published)
VALUES ($1, $2, $3, NULLIF($4, ''), NULLIF($5, ''), $6, $7, $8, $9, $10::jsonb, $11, $12))sql"};

// Parameters as kReportedTotalInsert's.
inline constexpr storage::Statement kReportedTotalUpdate = {
    "funding_reported_totals_update",
    "text, text, text, text, text, integer, text, text, bigint, text, text, "
    "boolean",
    R"sql(
UPDATE poles.reported_totals
SET funder_id = $3, catalogue_program_id = NULLIF($4, ''), local_program_id = NULLIF($5, ''),
    fiscal_year = $6, measure = $7, title = $8, total = $9, breakdowns = $10::jsonb,
    source_note = $11, as_published = $12, version = version + 1, update_time = now()
WHERE tenant_id = $1 AND reported_total_id = $2)sql"};

inline constexpr storage::Statement kReportedTotalGet = {
    "funding_reported_totals_get", "text, text",
    R"sql(
SELECT reported_total_id, funder_id, catalogue_program_id, local_program_id, fiscal_year,
       measure, title, total, breakdowns::text AS breakdowns, source_note, as_published,
       version,
       (extract(epoch FROM create_time) * 1000000)::bigint AS create_micros,
       (extract(epoch FROM update_time) * 1000000)::bigint AS update_micros
FROM poles.reported_totals
WHERE tenant_id = $1 AND reported_total_id = $2)sql"};

inline constexpr storage::Statement kReportedTotalLock = {
    "funding_reported_totals_lock", "text, text",
    R"sql(
SELECT reported_total_id, funder_id, catalogue_program_id, local_program_id, fiscal_year,
       measure, title, total, breakdowns::text AS breakdowns, source_note, as_published,
       version,
       (extract(epoch FROM create_time) * 1000000)::bigint AS create_micros,
       (extract(epoch FROM update_time) * 1000000)::bigint AS update_micros
FROM poles.reported_totals
WHERE tenant_id = $1 AND reported_total_id = $2
FOR UPDATE)sql"};

// By fiscal year then id. ($2, $3) keyset position ('' first page);
// filters $4 fiscal year (-1 any), $5 funder ('' any); $6 limit.
inline constexpr storage::Statement kReportedTotalList = {
    "funding_reported_totals_list", "text, text, text, integer, text, integer",
    R"sql(
SELECT reported_total_id, funder_id, catalogue_program_id, local_program_id, fiscal_year,
       measure, title, total, breakdowns::text AS breakdowns, source_note, as_published,
       version,
       (extract(epoch FROM create_time) * 1000000)::bigint AS create_micros,
       (extract(epoch FROM update_time) * 1000000)::bigint AS update_micros
FROM poles.reported_totals
WHERE tenant_id = $1
  AND ($2 = '' OR (fiscal_year, reported_total_id) > (NULLIF($2, '')::integer, $3))
  AND ($4 < 0 OR fiscal_year = $4)
  AND ($5 = '' OR funder_id = $5)
ORDER BY fiscal_year, reported_total_id
LIMIT $6)sql"};

inline constexpr storage::Statement kReportedTotalDelete = {
    "funding_reported_totals_delete", "text, text",
    R"sql(
DELETE FROM poles.reported_totals WHERE tenant_id = $1 AND reported_total_id = $2)sql"};

}  // namespace poles::funding

#endif  // POLES_SERVICES_FUNDING_REPORTED_TOTALS_QUERIES_H_
