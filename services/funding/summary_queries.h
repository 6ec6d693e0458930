#ifndef POLES_SERVICES_FUNDING_SUMMARY_QUERIES_H_
#define POLES_SERVICES_FUNDING_SUMMARY_QUERIES_H_

#include "storage/session.h"

namespace poles::funding {

// Authorised and disbursed awards of tenant $1 decided in fiscal year $2,
// grouped by every breakdown dimension. A sum is NULL when no award of the
// group records the figure (absent is not zero).
inline constexpr storage::Statement kSummaryAwards = {"funding_summary_awards",
                                                      "text, integer",
                                                      R"sql(
SELECT f.funder_id, f.kind AS funder_kind,
       COALESCE(a.catalogue_program_id, 'tenants/' || a.tenant_id || '/programs/' || a.local_program_id)
         AS program,
       COALESCE(a.mrc_id, '') AS mrc_id, COALESCE(a.sector_id, '') AS sector_id, a.legal_form,
       count(*) AS awards,
       sum(a.amount_authorised_cents) AS amount_authorised,
       sum(a.amount_disbursed_cents) AS amount_disbursed,
       sum(a.total_investment_cents) AS investment,
       sum(a.jobs_created) AS jobs_created,
       sum(a.jobs_maintained) AS jobs_maintained,
       sum(a.jobs_created_or_maintained) AS jobs_created_or_maintained
FROM poles.awards a
LEFT JOIN poles.programs p ON p.program_id = a.catalogue_program_id
LEFT JOIN poles.local_programs lp
       ON lp.tenant_id = a.tenant_id AND lp.program_id = a.local_program_id
JOIN poles.funders f ON f.funder_id = COALESCE(p.funder_id, lp.funder_id)
WHERE a.tenant_id = $1 AND a.fiscal_year = $2 AND a.status IN ('authorised', 'disbursed')
GROUP BY 1, 2, 3, 4, 5, 6)sql"};

// The yearly amounts for fiscal year $2 of tenant $1's agreements that are
// not drafts.
inline constexpr storage::Statement kSummaryAgreements = {
    "funding_summary_agreements", "text, integer",
    R"sql(
SELECT f.funder_id, f.kind AS funder_kind,
       COALESCE(g.catalogue_program_id, 'tenants/' || g.tenant_id || '/programs/' || g.local_program_id, '')
         AS program,
       y.amount_cents, y.matching_required_cents, y.matching_received_cents
FROM poles.agreement_years y
JOIN poles.agreements g ON g.tenant_id = y.tenant_id AND g.agreement_id = y.agreement_id
JOIN poles.funders f ON f.funder_id = g.funder_id
WHERE y.tenant_id = $1 AND y.fiscal_year = $2 AND g.status <> 'draft')sql"};

inline constexpr storage::Statement kSummaryCalls = {"funding_summary_calls",
                                                     "text, integer",
                                                     R"sql(
SELECT f.funder_id, f.kind AS funder_kind,
       COALESCE(c.catalogue_program_id, 'tenants/' || c.tenant_id || '/programs/' || c.local_program_id)
         AS program,
       c.information_requests, c.eligibility_requests, c.applications_filed, c.recommended,
       c.retained
FROM poles.calls_for_projects c
LEFT JOIN poles.programs p ON p.program_id = c.catalogue_program_id
LEFT JOIN poles.local_programs lp
       ON lp.tenant_id = c.tenant_id AND lp.program_id = c.local_program_id
JOIN poles.funders f ON f.funder_id = COALESCE(p.funder_id, lp.funder_id)
WHERE c.tenant_id = $1 AND c.fiscal_year = $2)sql"};

inline constexpr storage::Statement kSummaryReported = {
    "funding_summary_reported", "text, integer",
    R"sql(
SELECT r.reported_total_id, f.funder_id, f.kind AS funder_kind,
       COALESCE(r.catalogue_program_id, 'tenants/' || r.tenant_id || '/programs/' || r.local_program_id, '')
         AS program,
       r.measure, r.total, r.breakdowns::text AS breakdowns, r.as_published
FROM poles.reported_totals r
JOIN poles.funders f ON f.funder_id = r.funder_id
WHERE r.tenant_id = $1 AND r.fiscal_year = $2)sql"};

}  // namespace poles::funding

#endif  // POLES_SERVICES_FUNDING_SUMMARY_QUERIES_H_
