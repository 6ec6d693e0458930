#ifndef POLES_SERVICES_FUNDING_AGREEMENTS_QUERIES_H_
#define POLES_SERVICES_FUNDING_AGREEMENTS_QUERIES_H_

#include "storage/session.h"

namespace poles::funding {

// $1 tenant, $2 id, $3 funder, $4 catalogue program ('' none), $5 local
// program ('' none), $6 title, $7 signature date ('' none), $8 start fiscal
// year, $9 end fiscal year, $10 status, $11 note.
inline constexpr storage::Statement kAgreementInsert = {
    "funding_agreements_insert",
    "text, text, text, text, text, text, text, integer, integer, text, text",
    R"sql(
INSERT INTO poles.agreements (tenant_id, agreement_id, funder_id, catalogue_program_id,
                              local_program_id, title, signature_date, start_fiscal_year,
                              end_fiscal_year, status, note)
VALUES ($1, $2, $3, NULLIF($4, ''), NULLIF($5, ''), $6, NULLIF($7, '')::date, $8, $9,
        $10, $11))sql"};

// Parameters as kAgreementInsert's.
inline constexpr storage::Statement kAgreementUpdate = {
    "funding_agreements_update",
    "text, text, text, text, text, text, text, integer, integer, text, text",
    R"sql(
UPDATE poles.agreements
SET funder_id = $3, catalogue_program_id = NULLIF($4, ''), local_program_id = NULLIF($5, ''),
    title = $6, signature_date = NULLIF($7, '')::date, start_fiscal_year = $8,
    end_fiscal_year = $9, status = $10, note = $11, version = version + 1,
    update_time = now()
WHERE tenant_id = $1 AND agreement_id = $2)sql"};

inline constexpr storage::Statement kAgreementYearsDelete = {
    "funding_agreement_years_delete", "text, text",
    R"sql(
DELETE FROM poles.agreement_years WHERE tenant_id = $1 AND agreement_id = $2)sql"};

// $3 fiscal year, $4-$6 amount, matching required, matching received in
// cents ('' absent).
inline constexpr storage::Statement kAgreementYearInsert = {
    "funding_agreement_years_insert", "text, text, integer, text, text, text",
    R"sql(
INSERT INTO poles.agreement_years (tenant_id, agreement_id, fiscal_year, amount_cents,
                                   matching_required_cents, matching_received_cents)
VALUES ($1, $2, $3, NULLIF($4, '')::bigint, NULLIF($5, '')::bigint,
        NULLIF($6, '')::bigint))sql"};

// An agreement with its years as a JSON array ordered by fiscal year.
inline constexpr storage::Statement kAgreementGet = {"funding_agreements_get",
                                                     "text, text",
                                                     R"sql(
SELECT g.agreement_id, g.funder_id, g.catalogue_program_id, g.local_program_id, g.title,
       COALESCE(g.signature_date::text, '') AS signature_date, g.start_fiscal_year,
       g.end_fiscal_year, g.status, g.note, g.version,
       (extract(epoch FROM g.create_time) * 1000000)::bigint AS create_micros,
       (extract(epoch FROM g.update_time) * 1000000)::bigint AS update_micros,
       (SELECT COALESCE(json_agg(json_build_object(
                 'fiscal_year', y.fiscal_year, 'amount', y.amount_cents,
                 'matching_required', y.matching_required_cents,
                 'matching_received', y.matching_received_cents) ORDER BY y.fiscal_year), '[]')
        FROM poles.agreement_years y
        WHERE y.tenant_id = g.tenant_id AND y.agreement_id = g.agreement_id)::text AS years
FROM poles.agreements g
WHERE g.tenant_id = $1 AND g.agreement_id = $2)sql"};

inline constexpr storage::Statement kAgreementLock = {"funding_agreements_lock",
                                                      "text, text",
                                                      R"sql(
SELECT g.agreement_id, g.funder_id, g.catalogue_program_id, g.local_program_id, g.title,
       COALESCE(g.signature_date::text, '') AS signature_date, g.start_fiscal_year,
       g.end_fiscal_year, g.status, g.note, g.version,
       (extract(epoch FROM g.create_time) * 1000000)::bigint AS create_micros,
       (extract(epoch FROM g.update_time) * 1000000)::bigint AS update_micros,
       (SELECT COALESCE(json_agg(json_build_object(
                 'fiscal_year', y.fiscal_year, 'amount', y.amount_cents,
                 'matching_required', y.matching_required_cents,
                 'matching_received', y.matching_received_cents) ORDER BY y.fiscal_year), '[]')
        FROM poles.agreement_years y
        WHERE y.tenant_id = g.tenant_id AND y.agreement_id = g.agreement_id)::text AS years
FROM poles.agreements g
WHERE g.tenant_id = $1 AND g.agreement_id = $2
FOR UPDATE)sql"};

// By start fiscal year then id. ($2, $3) keyset position ('' first page);
// filters $4 fiscal year covered (-1 any), $5 funder ('' any); $6 limit.
inline constexpr storage::Statement kAgreementList = {
    "funding_agreements_list", "text, text, text, integer, text, integer",
    R"sql(
SELECT g.agreement_id, g.funder_id, g.catalogue_program_id, g.local_program_id, g.title,
       COALESCE(g.signature_date::text, '') AS signature_date, g.start_fiscal_year,
       g.end_fiscal_year, g.status, g.note, g.version,
       (extract(epoch FROM g.create_time) * 1000000)::bigint AS create_micros,
       (extract(epoch FROM g.update_time) * 1000000)::bigint AS update_micros,
       (SELECT COALESCE(json_agg(json_build_object(
                 'fiscal_year', y.fiscal_year, 'amount', y.amount_cents,
                 'matching_required', y.matching_required_cents,
                 'matching_received', y.matching_received_cents) ORDER BY y.fiscal_year), '[]')
        FROM poles.agreement_years y
        WHERE y.tenant_id = g.tenant_id AND y.agreement_id = g.agreement_id)::text AS years
FROM poles.agreements g
WHERE g.tenant_id = $1
  AND ($2 = '' OR (g.start_fiscal_year, g.agreement_id) > (NULLIF($2, '')::integer, $3))
  AND ($4 < 0 OR $4 BETWEEN g.start_fiscal_year AND g.end_fiscal_year)
  AND ($5 = '' OR g.funder_id = $5)
ORDER BY g.start_fiscal_year, g.agreement_id
LIMIT $6)sql"};

inline constexpr storage::Statement kAgreementDelete = {
    "funding_agreements_delete", "text, text",
    R"sql(
DELETE FROM poles.agreements WHERE tenant_id = $1 AND agreement_id = $2)sql"};

}  // namespace poles::funding

#endif  // POLES_SERVICES_FUNDING_AGREEMENTS_QUERIES_H_
