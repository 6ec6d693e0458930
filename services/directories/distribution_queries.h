#ifndef POLES_SERVICES_DIRECTORIES_DISTRIBUTION_QUERIES_H_
#define POLES_SERVICES_DIRECTORIES_DISTRIBUTION_QUERIES_H_

#include "storage/session.h"

namespace poles::directories {

// The tenant's enterprises still active today (America/Montreal), counted
// by MRC of its territory (every one, with 0), by sector and by legal form:
// rows (dimension 'mrc' | 'sector' | 'legal_form', key, label, count); the
// label is '' for legal forms. $2: members (membership 'active') only.
inline constexpr storage::Statement kDistribution = {"directories_distribution",
                                                     "text, boolean", R"sql(
SELECT 'mrc' AS dimension, m.mrc_id AS key, m.name AS label,
       count(o.organisation_id) AS count
  FROM poles.tenant_mrcs t
  JOIN poles.mrcs m ON m.mrc_id = t.mrc_id
  LEFT JOIN poles.organisations o
         ON o.tenant_id = t.tenant_id AND o.mrc_id = t.mrc_id
        AND o.kind = 'enterprise'
        AND (o.closure_date IS NULL
             OR o.closure_date > (now() AT TIME ZONE 'America/Montreal')::date)
        AND (NOT $2 OR o.membership_status = 'active')
 WHERE t.tenant_id = $1
 GROUP BY m.mrc_id, m.name
UNION ALL
SELECT 'sector', s.sector_id, s.label_fr, count(*)
  FROM poles.organisations o
  JOIN poles.sectors s ON s.sector_id = o.sector_id
 WHERE o.tenant_id = $1 AND o.kind = 'enterprise'
   AND (o.closure_date IS NULL
        OR o.closure_date > (now() AT TIME ZONE 'America/Montreal')::date)
   AND (NOT $2 OR o.membership_status = 'active')
 GROUP BY s.sector_id, s.label_fr
UNION ALL
SELECT 'legal_form', o.legal_form, '', count(*)
  FROM poles.organisations o
 WHERE o.tenant_id = $1 AND o.kind = 'enterprise'
   AND (o.closure_date IS NULL
        OR o.closure_date > (now() AT TIME ZONE 'America/Montreal')::date)
   AND (NOT $2 OR o.membership_status = 'active')
 GROUP BY o.legal_form)sql"};

}  // namespace poles::directories

#endif  // POLES_SERVICES_DIRECTORIES_DISTRIBUTION_QUERIES_H_
