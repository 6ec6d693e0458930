#ifndef POLES_GATEWAY_TENANT_DIRECTORY_QUERIES_H_
#define POLES_GATEWAY_TENANT_DIRECTORY_QUERIES_H_

// The gateway's statements, whole: platform and reference tables only (the
// tenant registry, the catalogue, labels), never a service's tenant rows.

#include "storage/session.h"

namespace poles::gateway {

// Every tenant with its region. Columns: slug, display_name, region_code,
// region_name.
inline constexpr storage::Statement kGatewayTenants = {"gateway_tenants", "",
                                                       R"sql(
SELECT t.slug, t.display_name, COALESCE(t.region_code, '') AS region_code,
       COALESCE(r.name, '') AS region_name
  FROM poles.tenants t
  LEFT JOIN poles.regions r ON r.region_code = t.region_code
 ORDER BY t.slug
)sql"};

// One tenant's territory (tenant_mrcs is under row-level security: read in
// the tenant's scope). Columns: mrc_id.
inline constexpr storage::Statement kGatewayTenantMrcs = {"gateway_tenant_mrcs",
                                                          "text", R"sql(
SELECT mrc_id FROM poles.tenant_mrcs WHERE tenant_id = $1 ORDER BY mrc_id
)sql"};

// The national indicator catalogue. Columns: code, label_fr, label_en,
// unit, service, dimensions (text[]).
inline constexpr storage::Statement kGatewayIndicators = {
    "gateway_national_indicators", "", R"sql(
SELECT code, label_fr, label_en, unit, service, dimensions::text[] AS dimensions
  FROM poles.national_indicators
 ORDER BY service, code
)sql"};

// Labels of the reference data's values. Columns: dimension, value, label.
inline constexpr storage::Statement kGatewayLabels = {"gateway_labels", "",
                                                      R"sql(
SELECT 'region' AS dimension, region_code AS value, name AS label
  FROM poles.regions
UNION ALL
SELECT 'mrc', mrc_id, name FROM poles.mrcs
UNION ALL
SELECT 'sector', sector_id, label_fr FROM poles.sectors
UNION ALL
SELECT 'funder', funder_id, label_fr FROM poles.funders
UNION ALL
SELECT 'program', program_id, label_fr FROM poles.programs
)sql"};

}  // namespace poles::gateway

#endif  // POLES_GATEWAY_TENANT_DIRECTORY_QUERIES_H_
