#ifndef POLES_SERVICES_DIRECTORIES_ORGANISATIONS_QUERIES_H_
#define POLES_SERVICES_DIRECTORIES_ORGANISATIONS_QUERIES_H_

#include "storage/session.h"

// The statements of organisations and their memberships. A full
// organisation row (read by OrganisationFromRow) has the columns
// organisation_id, display_name, kind, legal_form, neq, sector_id, mrc_id,
// municipality, employees, year_founded (-1 for NULL), membership_status,
// member_since, renewal_due, membership_end, address, phone, email, website,
// description, closure_date ('' for NULL dates and references), version,
// create_micros, update_micros (microseconds since the epoch), renewals (a
// JSON array of {d, u, n, t}) and sort_name; a basic row
// (OrganisationBasicFromRow) the first fourteen, closure_date, version and
// sort_name.
//
// The writes take an organisation as 20 text cells (OrganisationCells: the
// id, then the columns from display_name to closure_date in the table's
// order, "" for NULL) bound as $2..$21, $1 being the tenant.
namespace poles::directories {

inline constexpr storage::Statement kOrgGet = {"directories_org_get",
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
 WHERE o.tenant_id = $1 AND o.organisation_id = $2)sql"};

inline constexpr storage::Statement kOrgLock = {"directories_org_lock",
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
 WHERE o.tenant_id = $1 AND o.organisation_id = $2
   FOR UPDATE)sql"};

inline constexpr storage::Statement kOrgExists = {"directories_org_exists",
                                                  "text, text", R"sql(
SELECT 1 FROM poles.organisations WHERE tenant_id = $1 AND organisation_id = $2)sql"};

inline constexpr storage::Statement kOrgInsert = {
    "directories_org_insert",
    "text, text, text, text, text, text, text, text, text, text, text, text, "
    "text, text, text, text, text, text, text, text, text",
    R"sql(
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
  FROM (VALUES ($2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15,
                $16, $17, $18, $19, $20, $21))
    AS r(id, display_name, kind, legal_form, neq, sector_id, mrc_id,
         municipality, employees, year_founded, membership_status,
         member_since, renewal_due, membership_end, address, phone, email,
         website, description, closure_date))sql"};

// Writes the organisation only if it differs; returns its id if written.
inline constexpr storage::Statement kOrgUpdate = {
    "directories_org_update",
    "text, text, text, text, text, text, text, text, text, text, text, text, "
    "text, text, text, text, text, text, text, text, text",
    R"sql(
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
  FROM (VALUES ($2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15,
                $16, $17, $18, $19, $20, $21))
    AS r(id, display_name, kind, legal_form, neq, sector_id, mrc_id,
         municipality, employees, year_founded, membership_status,
         member_since, renewal_due, membership_end, address, phone, email,
         website, description, closure_date)
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

inline constexpr storage::Statement kOrgTouch = {"directories_org_touch",
                                                 "text, text", R"sql(
UPDATE poles.organisations SET version = version + 1, update_time = now()
 WHERE tenant_id = $1 AND organisation_id = $2)sql"};

inline constexpr storage::Statement kOrgDelete = {"directories_org_delete",
                                                  "text, text", R"sql(
DELETE FROM poles.organisations WHERE tenant_id = $1 AND organisation_id = $2)sql"};

inline constexpr storage::Statement kOrgReferences = {
    "directories_org_references", "text, text", R"sql(
SELECT (SELECT count(*) FROM poles.people
         WHERE tenant_id = $1 AND organisation_id = $2) AS people,
       (SELECT count(*) FROM poles.dossiers
         WHERE tenant_id = $1 AND organisation_id = $2) AS dossiers)sql"};

// Before a forced delete: dossiers of the organisation keep its name ($3)
// as their promoter group.
inline constexpr storage::Statement kOrgDetachDossiers = {
    "directories_org_detach_dossiers", "text, text, text", R"sql(
UPDATE poles.dossiers
   SET promoter_group = $3, version = version + 1, update_time = now()
 WHERE tenant_id = $1 AND organisation_id = $2 AND promoter_group = '')sql"};

// The list (basic view): $2/$3 keyset (sort name, id); $4 mrc, $5 sector,
// $6 legal form, $7 kind, $8 membership status ('' = any); $9 limit.
inline constexpr storage::Statement kOrgList = {
    "directories_org_list",
    "text, text, text, text, text, text, text, text, integer", R"sql(
SELECT o.organisation_id, o.display_name, o.kind, o.legal_form, o.neq,
       COALESCE(o.sector_id, '') AS sector_id, COALESCE(o.mrc_id, '') AS mrc_id,
       o.municipality, COALESCE(o.employees, -1) AS employees,
       COALESCE(o.year_founded, -1) AS year_founded, o.membership_status,
       COALESCE(o.member_since::text, '') AS member_since,
       COALESCE(o.renewal_due::text, '') AS renewal_due,
       COALESCE(o.membership_end::text, '') AS membership_end,
       COALESCE(o.closure_date::text, '') AS closure_date, o.version, o.sort_name
  FROM poles.organisations o
 WHERE o.tenant_id = $1 AND (o.sort_name, o.organisation_id) > ($2, $3)
   AND ($4 = '' OR o.mrc_id = $4) AND ($5 = '' OR o.sector_id = $5)
   AND ($6 = '' OR o.legal_form = $6) AND ($7 = '' OR o.kind = $7)
   AND ($8 = '' OR o.membership_status = $8)
 ORDER BY o.sort_name, o.organisation_id
 LIMIT $9)sql"};

// The list (full view), parameters as kOrgList.
inline constexpr storage::Statement kOrgListFull = {
    "directories_org_list_full",
    "text, text, text, text, text, text, text, text, integer", R"sql(
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
 WHERE o.tenant_id = $1 AND (o.sort_name, o.organisation_id) > ($2, $3)
   AND ($4 = '' OR o.mrc_id = $4) AND ($5 = '' OR o.sector_id = $5)
   AND ($6 = '' OR o.legal_form = $6) AND ($7 = '' OR o.kind = $7)
   AND ($8 = '' OR o.membership_status = $8)
 ORDER BY o.sort_name, o.organisation_id
 LIMIT $9)sql"};

// The list with a text search ($10, the query as typed; the others as
// kOrgList). Its words are folded as the index folds them (a query word must
// begin a word of search_text: name, municipality, NEQ). The word index
// gives, for every organisation with a word starting with the longest query
// word (a btree range with leakproof operators, so usable under row-level
// security; its bounds are computed once, before the scan), its sort key and
// id without reading the organisation (index-only); those keys are sorted,
// and the organisations are then fetched in that order, checked against the
// filters and against every query word, until the page is full. The fetch
// is a LATERAL subquery with OFFSET 0 so that it stays one primary-key
// lookup per match: flattened into a join, the planner could prefer reading
// every organisation of the tenant (it cannot tell how selective the LIKE
// check is when the words come from the query itself).
inline constexpr storage::Statement kOrgSearch = {
    "directories_org_search",
    "text, text, text, text, text, text, text, text, integer, text", R"sql(
WITH q AS MATERIALIZED (
       SELECT DISTINCT w FROM regexp_split_to_table(poles.fold($10), '[^[:alnum:]]+') AS w
        WHERE w <> ''),
     k AS MATERIALIZED (SELECT w FROM q ORDER BY length(w) DESC, w LIMIT 1)
SELECT o.organisation_id, o.display_name, o.kind, o.legal_form, o.neq,
       COALESCE(o.sector_id, '') AS sector_id, COALESCE(o.mrc_id, '') AS mrc_id,
       o.municipality, COALESCE(o.employees, -1) AS employees,
       COALESCE(o.year_founded, -1) AS year_founded, o.membership_status,
       COALESCE(o.member_since::text, '') AS member_since,
       COALESCE(o.renewal_due::text, '') AS renewal_due,
       COALESCE(o.membership_end::text, '') AS membership_end,
       COALESCE(o.closure_date::text, '') AS closure_date, o.version, o.sort_name
  FROM (SELECT DISTINCT s.sort_name, s.organisation_id
          FROM poles.organisation_search_terms s
         WHERE s.tenant_id = $1
           AND s.term >= (SELECT w FROM k)
           AND s.term < (SELECT w || chr(1114111) FROM k)
           AND (s.sort_name, s.organisation_id) > ($2, $3)) m
 CROSS JOIN LATERAL (SELECT * FROM poles.organisations o1
                      WHERE o1.tenant_id = $1 AND o1.organisation_id = m.organisation_id
                     OFFSET 0) o
 WHERE ($4 = '' OR o.mrc_id = $4) AND ($5 = '' OR o.sector_id = $5)
   AND ($6 = '' OR o.legal_form = $6) AND ($7 = '' OR o.kind = $7)
   AND ($8 = '' OR o.membership_status = $8)
   AND o.search_text LIKE ALL (ARRAY(SELECT '% ' || w || '%' FROM q))
 ORDER BY m.sort_name, m.organisation_id
 LIMIT $9)sql"};

// The search (full view), parameters and plan as kOrgSearch.
inline constexpr storage::Statement kOrgSearchFull = {
    "directories_org_search_full",
    "text, text, text, text, text, text, text, text, integer, text", R"sql(
WITH q AS MATERIALIZED (
       SELECT DISTINCT w FROM regexp_split_to_table(poles.fold($10), '[^[:alnum:]]+') AS w
        WHERE w <> ''),
     k AS MATERIALIZED (SELECT w FROM q ORDER BY length(w) DESC, w LIMIT 1)
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
  FROM (SELECT DISTINCT s.sort_name, s.organisation_id
          FROM poles.organisation_search_terms s
         WHERE s.tenant_id = $1
           AND s.term >= (SELECT w FROM k)
           AND s.term < (SELECT w || chr(1114111) FROM k)
           AND (s.sort_name, s.organisation_id) > ($2, $3)) m
 CROSS JOIN LATERAL (SELECT * FROM poles.organisations o1
                      WHERE o1.tenant_id = $1 AND o1.organisation_id = m.organisation_id
                     OFFSET 0) o
 WHERE ($4 = '' OR o.mrc_id = $4) AND ($5 = '' OR o.sector_id = $5)
   AND ($6 = '' OR o.legal_form = $6) AND ($7 = '' OR o.kind = $7)
   AND ($8 = '' OR o.membership_status = $8)
   AND o.search_text LIKE ALL (ARRAY(SELECT '% ' || w || '%' FROM q))
 ORDER BY m.sort_name, m.organisation_id
 LIMIT $9)sql"};

// A renewal: $3 renewal date, $4 renewed until, $5 note.
inline constexpr storage::Statement kRenewalInsert = {
    "directories_renewal_insert", "text, text, text, text, text", R"sql(
INSERT INTO poles.membership_renewals (
       tenant_id, organisation_id, renewal_date, renewed_until, note)
VALUES ($1, $2, $3::date, $4::date, $5))sql"};

inline constexpr storage::Statement kRenewalApply = {
    "directories_renewal_apply", "text, text, text, text", R"sql(
UPDATE poles.organisations
   SET membership_status = 'active',
       member_since = CASE WHEN membership_status = 'active' THEN member_since
                           ELSE $3::date END,
       renewal_due = $4::date, membership_end = NULL,
       version = version + 1, update_time = now()
 WHERE tenant_id = $1 AND organisation_id = $2)sql"};

}  // namespace poles::directories

#endif  // POLES_SERVICES_DIRECTORIES_ORGANISATIONS_QUERIES_H_
