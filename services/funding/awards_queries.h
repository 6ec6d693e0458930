#ifndef POLES_SERVICES_FUNDING_AWARDS_QUERIES_H_
#define POLES_SERVICES_FUNDING_AWARDS_QUERIES_H_

#include "storage/session.h"

namespace poles::funding {

// Parameters of an award's insert and update, in this order: $1 tenant,
// $2 award id, $3 title, $4 description, $5 organisation id ('' none),
// $6 promoter group, $7 recipient name, $8 mrc id, $9 sector id (both ''
// none), $10 legal form, $11 neq, $12 catalogue program id, $13 local
// program id, $14-$17 amounts requested, authorised, disbursed, total
// investment in cents ('' absent), $18 decision date ('' none), $19-$21 jobs
// created, maintained, created or maintained ('' absent), $22 status,
// $23 plan item, $24 call id ('' none).
inline constexpr storage::Statement kAwardInsert = {
    "funding_awards_insert",
    "text, text, text, text, text, text, text, text, text, text, text, text, "
    "text, text, text, text, text, text, text, text, text, text, text, text",
    R"sql(
INSERT INTO poles.awards (
  tenant_id, award_id, title, description, organisation_id, promoter_group,
  recipient_name, mrc_id, sector_id, legal_form, neq, catalogue_program_id,
  local_program_id, amount_requested_cents, amount_authorised_cents,
  amount_disbursed_cents, total_investment_cents, decision_date, jobs_created,
  jobs_maintained, jobs_created_or_maintained, status, plan_item, call_id)
VALUES (
  $1, $2, $3, $4, NULLIF($5, ''), $6, $7, NULLIF($8, ''), NULLIF($9, ''), $10, $11,
  NULLIF($12, ''), NULLIF($13, ''), NULLIF($14, '')::bigint, NULLIF($15, '')::bigint,
  NULLIF($16, '')::bigint, NULLIF($17, '')::bigint, NULLIF($18, '')::date,
  NULLIF($19, '')::integer, NULLIF($20, '')::integer, NULLIF($21, '')::integer,
  $22, $23, NULLIF($24, '')))sql"};

// Parameters as kAwardInsert's.
inline constexpr storage::Statement kAwardUpdate = {
    "funding_awards_update",
    "text, text, text, text, text, text, text, text, text, text, text, text, "
    "text, text, text, text, text, text, text, text, text, text, text, text",
    R"sql(
UPDATE poles.awards SET
  title = $3, description = $4, organisation_id = NULLIF($5, ''), promoter_group = $6,
  recipient_name = $7, mrc_id = NULLIF($8, ''), sector_id = NULLIF($9, ''),
  legal_form = $10, neq = $11, catalogue_program_id = NULLIF($12, ''),
  local_program_id = NULLIF($13, ''), amount_requested_cents = NULLIF($14, '')::bigint,
  amount_authorised_cents = NULLIF($15, '')::bigint,
  amount_disbursed_cents = NULLIF($16, '')::bigint,
  total_investment_cents = NULLIF($17, '')::bigint, decision_date = NULLIF($18, '')::date,
  jobs_created = NULLIF($19, '')::integer, jobs_maintained = NULLIF($20, '')::integer,
  jobs_created_or_maintained = NULLIF($21, '')::integer, status = $22, plan_item = $23,
  call_id = NULLIF($24, ''), version = version + 1, update_time = now()
WHERE tenant_id = $1 AND award_id = $2)sql"};

inline constexpr storage::Statement kAwardGet = {"funding_awards_get",
                                                 "text, text",
                                                 R"sql(
SELECT a.award_id, a.title, a.description, a.organisation_id, a.promoter_group,
       a.recipient_name, a.mrc_id, a.sector_id, a.legal_form, a.neq,
       a.catalogue_program_id, a.local_program_id, a.amount_requested_cents,
       a.amount_authorised_cents, a.amount_disbursed_cents, a.total_investment_cents,
       a.decision_date::text AS decision_date, a.fiscal_year, a.jobs_created,
       a.jobs_maintained, a.jobs_created_or_maintained, a.status, a.plan_item,
       a.call_id, a.version,
       (extract(epoch FROM a.create_time) * 1000000)::bigint AS create_micros,
       (extract(epoch FROM a.update_time) * 1000000)::bigint AS update_micros,
       f.funder_id, f.kind AS funder_kind
FROM poles.awards a
LEFT JOIN poles.programs p ON p.program_id = a.catalogue_program_id
LEFT JOIN poles.local_programs lp
       ON lp.tenant_id = a.tenant_id AND lp.program_id = a.local_program_id
JOIN poles.funders f ON f.funder_id = COALESCE(p.funder_id, lp.funder_id)
WHERE a.tenant_id = $1 AND a.award_id = $2)sql"};

inline constexpr storage::Statement kAwardLock = {"funding_awards_lock",
                                                  "text, text",
                                                  R"sql(
SELECT a.award_id, a.title, a.description, a.organisation_id, a.promoter_group,
       a.recipient_name, a.mrc_id, a.sector_id, a.legal_form, a.neq,
       a.catalogue_program_id, a.local_program_id, a.amount_requested_cents,
       a.amount_authorised_cents, a.amount_disbursed_cents, a.total_investment_cents,
       a.decision_date::text AS decision_date, a.fiscal_year, a.jobs_created,
       a.jobs_maintained, a.jobs_created_or_maintained, a.status, a.plan_item,
       a.call_id, a.version,
       (extract(epoch FROM a.create_time) * 1000000)::bigint AS create_micros,
       (extract(epoch FROM a.update_time) * 1000000)::bigint AS update_micros,
       f.funder_id, f.kind AS funder_kind
FROM poles.awards a
LEFT JOIN poles.programs p ON p.program_id = a.catalogue_program_id
LEFT JOIN poles.local_programs lp
       ON lp.tenant_id = a.tenant_id AND lp.program_id = a.local_program_id
JOIN poles.funders f ON f.funder_id = COALESCE(p.funder_id, lp.funder_id)
WHERE a.tenant_id = $1 AND a.award_id = $2
FOR UPDATE OF a)sql"};

// Awards by decision date, latest first (undecided last), then id
// descending. ($2, $3): keyset position (decision date or '0001-01-01',
// award id), '' for the first page; filters $4 fiscal year (-1 any),
// $5 catalogue program id, $6 local program id, $7 status, $8 call id,
// $9 organisation id ('' any); $10 limit.
inline constexpr storage::Statement kAwardList = {
    "funding_awards_list",
    "text, text, text, integer, text, text, text, text, text, integer",
    R"sql(
SELECT a.award_id, a.title, a.description, a.organisation_id, a.promoter_group,
       a.recipient_name, a.mrc_id, a.sector_id, a.legal_form, a.neq,
       a.catalogue_program_id, a.local_program_id, a.amount_requested_cents,
       a.amount_authorised_cents, a.amount_disbursed_cents, a.total_investment_cents,
       a.decision_date::text AS decision_date, a.fiscal_year, a.jobs_created,
       a.jobs_maintained, a.jobs_created_or_maintained, a.status, a.plan_item,
       a.call_id, a.version,
       (extract(epoch FROM a.create_time) * 1000000)::bigint AS create_micros,
       (extract(epoch FROM a.update_time) * 1000000)::bigint AS update_micros,
       f.funder_id, f.kind AS funder_kind,
       COALESCE(a.decision_date, DATE '0001-01-01')::text AS sort_date
FROM poles.awards a
LEFT JOIN poles.programs p ON p.program_id = a.catalogue_program_id
LEFT JOIN poles.local_programs lp
       ON lp.tenant_id = a.tenant_id AND lp.program_id = a.local_program_id
JOIN poles.funders f ON f.funder_id = COALESCE(p.funder_id, lp.funder_id)
WHERE a.tenant_id = $1
  AND ($2 = '' OR (COALESCE(a.decision_date, DATE '0001-01-01'), a.award_id)
                  < (NULLIF($2, '')::date, $3))
  AND ($4 < 0 OR a.fiscal_year = $4)
  AND ($5 = '' OR a.catalogue_program_id = $5)
  AND ($6 = '' OR a.local_program_id = $6)
  AND ($7 = '' OR a.status = $7)
  AND ($8 = '' OR a.call_id = $8)
  AND ($9 = '' OR a.organisation_id = $9)
ORDER BY COALESCE(a.decision_date, DATE '0001-01-01') DESC, a.award_id DESC
LIMIT $10)sql"};

inline constexpr storage::Statement kAwardDelete = {"funding_awards_delete",
                                                    "text, text",
                                                    R"sql(
DELETE FROM poles.awards WHERE tenant_id = $1 AND award_id = $2)sql"};

inline constexpr storage::Statement kAwardExists = {"funding_awards_exists",
                                                    "text, text",
                                                    R"sql(
SELECT 1 FROM poles.awards WHERE tenant_id = $1 AND award_id = $2)sql"};

inline constexpr storage::Statement kTenantHasMrc = {"funding_tenant_has_mrc",
                                                     "text, text",
                                                     R"sql(
SELECT 1 FROM poles.tenant_mrcs WHERE tenant_id = $1 AND mrc_id = $2)sql"};

inline constexpr storage::Statement kSectorExists = {"funding_sector_exists",
                                                     "text",
                                                     R"sql(
SELECT 1 FROM poles.sectors WHERE sector_id = $1)sql"};

// For exports: the tenant's display name, and the awards of fiscal year $2
// (-1: all) with their program's and funder's labels, by decision date.
inline constexpr storage::Statement kAwardExportRows = {"funding_awards_export",
                                                        "text, integer",
                                                        R"sql(
SELECT a.award_id, a.title, a.description, a.organisation_id, a.promoter_group,
       a.recipient_name, a.mrc_id, a.sector_id, a.legal_form, a.neq,
       a.catalogue_program_id, a.local_program_id, a.amount_requested_cents,
       a.amount_authorised_cents, a.amount_disbursed_cents, a.total_investment_cents,
       a.decision_date::text AS decision_date, a.fiscal_year, a.jobs_created,
       a.jobs_maintained, a.jobs_created_or_maintained, a.status, a.plan_item,
       a.call_id, a.version,
       (extract(epoch FROM a.create_time) * 1000000)::bigint AS create_micros,
       (extract(epoch FROM a.update_time) * 1000000)::bigint AS update_micros,
       f.funder_id, f.kind AS funder_kind, f.label_fr AS funder_label,
       COALESCE(p.label_fr, lp.label_fr) AS program_label,
       COALESCE(m.name, '') AS mrc_name, t.display_name AS tenant_name
FROM poles.awards a
JOIN poles.tenants t ON t.slug = a.tenant_id
LEFT JOIN poles.programs p ON p.program_id = a.catalogue_program_id
LEFT JOIN poles.local_programs lp
       ON lp.tenant_id = a.tenant_id AND lp.program_id = a.local_program_id
JOIN poles.funders f ON f.funder_id = COALESCE(p.funder_id, lp.funder_id)
LEFT JOIN poles.mrcs m ON m.mrc_id = a.mrc_id
WHERE a.tenant_id = $1 AND ($2 < 0 OR a.fiscal_year = $2)
ORDER BY a.decision_date NULLS LAST, a.award_id)sql"};

inline constexpr storage::Statement kTenantName = {"funding_tenant_name",
                                                   "text",
                                                   R"sql(
SELECT display_name FROM poles.tenants WHERE slug = $1)sql"};

}  // namespace poles::funding

#endif  // POLES_SERVICES_FUNDING_AWARDS_QUERIES_H_
