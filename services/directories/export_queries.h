#ifndef POLES_SERVICES_DIRECTORIES_EXPORT_QUERIES_H_
#define POLES_SERVICES_DIRECTORIES_EXPORT_QUERIES_H_

#include "storage/session.h"

namespace poles::directories {

// The tenant's display name (the directory's title).
inline constexpr storage::Statement kTenantName = {"directories_tenant_name",
                                                   "text", R"sql(
SELECT display_name FROM poles.tenants WHERE slug = $1)sql"};

// The published directory: the tenant's enterprises still active today
// (America/Montreal), with sector and MRC labels; $2 an MRC ('' = all), in
// MRC then name order.
inline constexpr storage::Statement kExportRows = {"directories_export_rows",
                                                   "text, text", R"sql(
SELECT o.display_name, o.legal_form, s.label_fr AS sector, m.name AS mrc,
       o.municipality, o.address, o.phone, o.email, o.website, o.neq
  FROM poles.organisations o
  JOIN poles.sectors s ON s.sector_id = o.sector_id
  JOIN poles.mrcs m ON m.mrc_id = o.mrc_id
 WHERE o.tenant_id = $1 AND o.kind = 'enterprise'
   AND (o.closure_date IS NULL
        OR o.closure_date > (now() AT TIME ZONE 'America/Montreal')::date)
   AND ($2 = '' OR o.mrc_id = $2)
 ORDER BY m.name, o.sort_name, o.organisation_id)sql"};

// The same for one MRC ($2), in sector then name order (the HTML page).
inline constexpr storage::Statement kExportRowsBySector = {
    "directories_export_rows_by_sector", "text, text", R"sql(
SELECT o.display_name, o.legal_form, s.label_fr AS sector, m.name AS mrc,
       o.municipality, o.address, o.phone, o.email, o.website, o.neq
  FROM poles.organisations o
  JOIN poles.sectors s ON s.sector_id = o.sector_id
  JOIN poles.mrcs m ON m.mrc_id = o.mrc_id
 WHERE o.tenant_id = $1 AND o.kind = 'enterprise'
   AND (o.closure_date IS NULL
        OR o.closure_date > (now() AT TIME ZONE 'America/Montreal')::date)
   AND o.mrc_id = $2
 ORDER BY s.sort_order, o.sort_name, o.organisation_id)sql"};

}  // namespace poles::directories

#endif  // POLES_SERVICES_DIRECTORIES_EXPORT_QUERIES_H_
