#ifndef POLES_SERVICES_DIRECTORIES_REFERENCE_QUERIES_H_
#define POLES_SERVICES_DIRECTORIES_REFERENCE_QUERIES_H_

#include "storage/session.h"

namespace poles::directories {

inline constexpr storage::Statement kSectorsList = {"directories_sectors_list",
                                                    "", R"sql(
SELECT sector_id, label_fr, label_en
  FROM poles.sectors
 ORDER BY sort_order)sql"};

// The reference data of a tenant's requests: the sectors ('s') and the
// MRCs of its territory ('m').
inline constexpr storage::Statement kReference = {"directories_reference",
                                                  "text", R"sql(
SELECT 's' AS kind, sector_id AS id, label_fr AS label, '' AS mrc_kind
  FROM poles.sectors
UNION ALL
SELECT 'm', m.mrc_id, m.name, m.kind
  FROM poles.tenant_mrcs t
  JOIN poles.mrcs m ON m.mrc_id = t.mrc_id
 WHERE t.tenant_id = $1)sql"};

}  // namespace poles::directories

#endif  // POLES_SERVICES_DIRECTORIES_REFERENCE_QUERIES_H_
