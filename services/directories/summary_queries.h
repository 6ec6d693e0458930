#ifndef POLES_SERVICES_DIRECTORIES_SUMMARY_QUERIES_H_
#define POLES_SERVICES_DIRECTORIES_SUMMARY_QUERIES_H_

#include "storage/session.h"

namespace poles::directories {

// The directories indicators of one fiscal year [$2, $3] (1 April - 31
// March; dossiers received from an MRC/CLD counted in the year they were
// opened, dossiers referred in the year of a referral, an undated referral
// in the year the dossier was opened, each dossier once): one row per
// indicator and combination of dimension values
// (indicator, mrc, sector, legal_form, phase, gender, count; '' where the
// indicator has no such dimension), then the catalogue's allowed dimensions
// (indicator 'dims': the indicator's code in mrc, its dimensions
// comma-separated in sector), then whether the tenant keeps organisations
// and dossiers at all (indicator 'kept': 'organisations' or 'dossiers' in
// mrc, count 1 or 0).
inline constexpr storage::Statement kSummary = {"directories_summary",
                                                "text, date, date", R"sql(
WITH ent AS (
       SELECT o.mrc_id, o.sector_id, o.legal_form, o.member_since, o.membership_end
         FROM poles.organisations o
        WHERE o.tenant_id = $1 AND o.kind = 'enterprise'
          AND (o.year_founded IS NULL OR o.year_founded <= extract(year FROM $3))
          AND (o.closure_date IS NULL OR o.closure_date > $3)),
     dos AS (
       SELECT d.dossier_id, d.mrc_id, d.sector_id, d.phase, d.promoter_gender,
              d.open_date, d.origin, d.referrals
         FROM poles.dossiers d
        WHERE d.tenant_id = $1)
SELECT 'directories.enterprises' AS indicator, mrc_id AS mrc, sector_id AS sector,
       legal_form, '' AS phase, '' AS gender, count(*) AS count
  FROM ent
 GROUP BY mrc_id, sector_id, legal_form
UNION ALL
SELECT 'directories.member_enterprises', mrc_id, sector_id, legal_form, '', '', count(*)
  FROM ent
 WHERE member_since <= $3 AND (membership_end IS NULL OR membership_end > $3)
 GROUP BY mrc_id, sector_id, legal_form
UNION ALL
SELECT 'directories.dossiers_opened', mrc_id, sector_id, '', phase, promoter_gender, count(*)
  FROM dos
 WHERE open_date BETWEEN $2 AND $3
 GROUP BY mrc_id, sector_id, phase, promoter_gender
UNION ALL
SELECT 'directories.interventions', d.mrc_id, d.sector_id, '', d.phase,
       d.promoter_gender, count(*)
  FROM poles.interventions i
  JOIN dos d ON d.dossier_id = i.dossier_id
 WHERE i.tenant_id = $1 AND i.intervention_date BETWEEN $2 AND $3
 GROUP BY d.mrc_id, d.sector_id, d.phase, d.promoter_gender
UNION ALL
SELECT 'directories.dossiers_from_mrc', mrc_id, sector_id, '', phase, promoter_gender,
       count(*)
  FROM dos
 WHERE open_date BETWEEN $2 AND $3 AND origin = 'from_mrc_cld'
 GROUP BY mrc_id, sector_id, phase, promoter_gender
UNION ALL
SELECT 'directories.dossiers_referred', mrc_id, sector_id, '', phase, promoter_gender,
       count(*)
  FROM dos
 WHERE EXISTS (
       SELECT 1 FROM jsonb_array_elements(dos.referrals) f
        WHERE CASE WHEN COALESCE(f->>'date', '') = ''
                   THEN dos.open_date BETWEEN $2 AND $3
                   ELSE (f->>'date')::date BETWEEN $2 AND $3 END)
 GROUP BY mrc_id, sector_id, phase, promoter_gender
UNION ALL
SELECT 'dims', code, array_to_string(dimensions, ','), '', '', '', 0
  FROM poles.national_indicators
 WHERE service = 'directories'
UNION ALL
SELECT 'kept', 'organisations', '', '', '', '',
       (SELECT count(*) FROM (SELECT 1 FROM poles.organisations
                               WHERE tenant_id = $1 LIMIT 1) x)
UNION ALL
SELECT 'kept', 'dossiers', '', '', '', '',
       (SELECT count(*) FROM (SELECT 1 FROM poles.dossiers
                               WHERE tenant_id = $1 LIMIT 1) y))sql"};

}  // namespace poles::directories

#endif  // POLES_SERVICES_DIRECTORIES_SUMMARY_QUERIES_H_
