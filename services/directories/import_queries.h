#ifndef POLES_SERVICES_DIRECTORIES_IMPORT_QUERIES_H_
#define POLES_SERVICES_DIRECTORIES_IMPORT_QUERIES_H_

#include "storage/session.h"

// The statements of ImportOrganisations (organisation rows and cells as in
// organisations_queries.h).
namespace poles::directories {

// One import at a time per tenant (two imports naming the same new
// organisation would both create it).
inline constexpr storage::Statement kImportLock = {"directories_import_lock",
                                                   "text", R"sql(
SELECT pg_advisory_xact_lock(hashtext('poles.import:' || $1)))sql"};

// The tenant's organisations as the import matches them (read once, at the
// start of the import's transaction), and the folded names of a batch's
// rows ($1: a JSON array of {line, name}), computed by the same poles.fold()
// as sort_name. Matching in memory keeps the cost of a batch independent of
// the tenant's size and of the planner's statistics (a tenant that is still
// empty when an import starts has none).
inline constexpr storage::Statement kImportExisting = {
    "directories_import_existing", "text", R"sql(
SELECT o.organisation_id, o.neq, o.sort_name
  FROM poles.organisations o
 WHERE o.tenant_id = $1)sql"};

inline constexpr storage::Statement kImportFold = {"directories_import_fold",
                                                   "text", R"sql(
SELECT r.line, poles.fold(r.name) AS folded
  FROM json_to_recordset($1::json) AS r(line integer, name text))sql"};

// The full rows of the organisations a batch updates ($2: a JSON array of
// ids), locked.
inline constexpr storage::Statement kOrgGetMany = {"directories_org_get_many",
                                                   "text, text", R"sql(
SELECT o.organisation_id, o.display_name, o.kind, o.legal_form, o.neq,
       COALESCE(o.sector_id, '') AS sector_id, COALESCE(o.mrc_id, '') AS mrc_id,
       o.municipality, COALESCE(o.employees, -1) AS employees,
       COALESCE(o.year_founded, -1) AS year_founded, o.membership_status,
       COALESCE(o.member_since::text, '') AS member_since,
       COALESCE(o.renewal_due::text, '') AS renewal_due,
       COALESCE(o.membership_end::text, '') AS membership_end,
       o.address, o.phone, o.email, o.website, o.description,
       COALESCE(o.closure_date::text, '') AS closure_date, o.version,
       (extract(epoch FROM o.create_time) * 1000000)::bigint AS create_micros,
       (extract(epoch FROM o.update_time) * 1000000)::bigint AS update_micros,
       COALESCE((SELECT json_agg(json_build_object(
                          'd', r.renewal_date, 'u', r.renewed_until, 'n', r.note,
                          't', (extract(epoch FROM r.record_time) * 1000000)::bigint)
                        ORDER BY r.renewal_id)
                   FROM poles.membership_renewals r
                  WHERE r.tenant_id = o.tenant_id
                    AND r.organisation_id = o.organisation_id)::text, '[]') AS renewals,
       o.sort_name
  FROM poles.organisations o
 WHERE o.tenant_id = $1
   AND o.organisation_id = ANY (ARRAY(SELECT json_array_elements_text($2::json)))
   FOR UPDATE)sql"};

// The import's staging table: temporary (private to the import's session,
// dropped with its transaction), each batch's checked rows copied into it
// with COPY (which row-level security refuses on the tenant tables
// themselves) and written from it with one INSERT and one UPDATE, then
// emptied. Its columns are `op` ('create' or 'update') and the organisation
// cells. These statements are not registered (not prepared on connect): the
// table exists only during an import. $1 is the tenant.
inline constexpr char kImportStage[] = "poles_import_rows";

inline constexpr storage::Statement kImportStageCreate = {
    "directories_import_stage_create", "", R"sql(
CREATE TEMP TABLE poles_import_rows (
       op text NOT NULL, id text NOT NULL, display_name text NOT NULL,
       kind text NOT NULL, legal_form text NOT NULL, neq text NOT NULL,
       sector_id text NOT NULL, mrc_id text NOT NULL,
       municipality text NOT NULL, employees text NOT NULL,
       year_founded text NOT NULL, membership_status text NOT NULL,
       member_since text NOT NULL, renewal_due text NOT NULL,
       membership_end text NOT NULL, address text NOT NULL,
       phone text NOT NULL, email text NOT NULL, website text NOT NULL,
       description text NOT NULL, closure_date text NOT NULL)
ON COMMIT DROP)sql"};

inline constexpr storage::Statement kImportStageInsert = {
    "directories_import_stage_insert", "text", R"sql(
INSERT INTO poles.organisations (
       tenant_id, organisation_id, display_name, kind, legal_form, neq,
       sector_id, mrc_id, municipality, employees, year_founded,
       membership_status, member_since, renewal_due, membership_end, address,
       phone, email, website, description, closure_date)
SELECT $1, r.id, r.display_name, r.kind, r.legal_form, r.neq,
       NULLIF(r.sector_id, ''), NULLIF(r.mrc_id, ''), r.municipality,
       NULLIF(r.employees, '')::integer, NULLIF(r.year_founded, '')::integer,
       r.membership_status, NULLIF(r.member_since, '')::date,
       NULLIF(r.renewal_due, '')::date, NULLIF(r.membership_end, '')::date,
       r.address, r.phone, r.email, r.website, r.description,
       NULLIF(r.closure_date, '')::date
  FROM pg_temp.poles_import_rows r
 WHERE r.op = 'create')sql"};

// Writes each staged update that changes its organisation; returns the ids
// written.
inline constexpr storage::Statement kImportStageUpdate = {
    "directories_import_stage_update", "text", R"sql(
UPDATE poles.organisations o
   SET (display_name, kind, legal_form, neq, sector_id, mrc_id, municipality,
        employees, year_founded, membership_status, member_since, renewal_due,
        membership_end, address, phone, email, website, description,
        closure_date)
     = (r.display_name, r.kind, r.legal_form, r.neq, NULLIF(r.sector_id, ''),
        NULLIF(r.mrc_id, ''), r.municipality, NULLIF(r.employees, '')::integer,
        NULLIF(r.year_founded, '')::integer, r.membership_status,
        NULLIF(r.member_since, '')::date, NULLIF(r.renewal_due, '')::date,
        NULLIF(r.membership_end, '')::date, r.address, r.phone, r.email,
        r.website, r.description, NULLIF(r.closure_date, '')::date),
       version = o.version + 1, update_time = now()
  FROM (SELECT * FROM pg_temp.poles_import_rows WHERE op = 'update') r
 WHERE o.tenant_id = $1 AND o.organisation_id = r.id
   AND (o.display_name, o.kind, o.legal_form, o.neq, o.sector_id, o.mrc_id,
        o.municipality, o.employees, o.year_founded, o.membership_status,
        o.member_since, o.renewal_due, o.membership_end, o.address, o.phone,
        o.email, o.website, o.description, o.closure_date)
       IS DISTINCT FROM
       (r.display_name, r.kind, r.legal_form, r.neq, NULLIF(r.sector_id, ''),
        NULLIF(r.mrc_id, ''), r.municipality, NULLIF(r.employees, '')::integer,
        NULLIF(r.year_founded, '')::integer, r.membership_status,
        NULLIF(r.member_since, '')::date, NULLIF(r.renewal_due, '')::date,
        NULLIF(r.membership_end, '')::date, r.address, r.phone, r.email,
        r.website, r.description, NULLIF(r.closure_date, '')::date)
RETURNING o.organisation_id)sql"};

inline constexpr storage::Statement kImportStageClear = {
    "directories_import_stage_clear", "", R"sql(
TRUNCATE pg_temp.poles_import_rows)sql"};

}  // namespace poles::directories

#endif  // POLES_SERVICES_DIRECTORIES_IMPORT_QUERIES_H_
