#ifndef POLES_SERVICES_ADMIN_ADMIN_QUERIES_H_
#define POLES_SERVICES_ADMIN_ADMIN_QUERIES_H_

// The admin service's statements, whole. Timestamps are read as microseconds
// since the epoch (`*_micros`, -1 for none); rows are read by column name.

#include "storage/session.h"

namespace poles::admin {

// A tenant with its territory (tenant_mrcs is under row-level security: run
// in the tenant's scope). Columns: slug, display_name, region_code, version,
// create_micros, mrcs (text[] of MRC ids, sorted).
inline constexpr storage::Statement kTenantGet = {
    "tenants_get", "text",
    "SELECT t.slug, t.display_name, COALESCE(t.region_code, '') AS "
    "region_code, "
    "t.version, (extract(epoch FROM t.create_time) * 1000000)::bigint AS "
    "create_micros, "
    "ARRAY(SELECT m.mrc_id FROM poles.tenant_mrcs m "
    "WHERE m.tenant_id = t.slug ORDER BY m.mrc_id)::text[] AS mrcs "
    "FROM poles.tenants t WHERE t.slug = $1"};

inline constexpr storage::Statement kTenantLock = {
    "tenants_lock", "text",
    "SELECT version FROM poles.tenants WHERE slug = $1 FOR UPDATE"};

inline constexpr storage::Statement kTenantList = {
    "tenants_list", "text, integer",
    "SELECT slug FROM poles.tenants WHERE slug > $1 ORDER BY slug LIMIT $2"};

inline constexpr storage::Statement kTenantInsert = {
    "tenants_insert", "text, text, text",
    "INSERT INTO poles.tenants (slug, display_name, region_code) "
    "VALUES ($1, $2, NULLIF($3, ''))"};

inline constexpr storage::Statement kTenantUpdate = {
    "tenants_update", "text, text, text",
    "UPDATE poles.tenants SET display_name = $2, region_code = NULLIF($3, ''), "
    "version = version + 1, update_time = now() WHERE slug = $1"};

// Removes the MRCs not in $2 (a JSON array of ids): an MRC kept stays
// untouched, so rows that refer to it (organisations, dossiers) stay valid.
inline constexpr storage::Statement kTerritoryClear = {
    "tenant_mrcs_clear", "text, text",
    "DELETE FROM poles.tenant_mrcs WHERE tenant_id = $1 AND mrc_id <> ALL "
    "(ARRAY(SELECT json_array_elements_text($2::json)))"};

inline constexpr storage::Statement kTerritoryAdd = {
    "tenant_mrcs_add", "text, text",
    "INSERT INTO poles.tenant_mrcs (tenant_id, mrc_id) VALUES ($1, $2) "
    "ON CONFLICT DO NOTHING"};

inline constexpr storage::Statement kMrcExists = {
    "mrcs_exists", "text", "SELECT 1 FROM poles.mrcs WHERE mrc_id = $1"};

inline constexpr storage::Statement kRegionExists = {
    "regions_exists", "text",
    "SELECT 1 FROM poles.regions WHERE region_code = $1"};

// The API-key statements return: key_id, tenant_slug ('' for a platform
// key), role, display_name, create_micros, expire_micros, revoke_micros.
// A key created for a request_id: nothing (no row) when that id already
// created a key of the same scope (tenant, or platform), which
// kKeyByRequest then reads.
inline constexpr storage::Statement kKeyInsertForRequest = {
    "api_keys_insert_for_request",
    "text, text, text, text, bytea, bigint, text, bytea",
    "INSERT INTO poles.api_keys (key_id, tenant_slug, role, display_name, "
    "digest, expire_time, request_id, request_digest) VALUES ($1, "
    "NULLIF($2, ''), $3, $4, $5, "
    "CASE WHEN $6 < 0 THEN NULL ELSE to_timestamp($6) END, $7, $8) "
    "ON CONFLICT ((COALESCE(tenant_slug, '')), request_id) "
    "WHERE request_id IS NOT NULL DO NOTHING "
    "RETURNING key_id, COALESCE(tenant_slug, '') AS tenant_slug, role, "
    "display_name, "
    "(extract(epoch FROM create_time) * 1000000)::bigint AS create_micros, "
    "COALESCE((extract(epoch FROM expire_time) * 1000000)::bigint, -1) AS "
    "expire_micros, "
    "COALESCE((extract(epoch FROM revoke_time) * 1000000)::bigint, -1) AS "
    "revoke_micros"};

inline constexpr storage::Statement kKeyByRequest = {
    "api_keys_by_request", "text, text",
    "SELECT key_id, COALESCE(tenant_slug, '') AS tenant_slug, role, "
    "display_name, "
    "(extract(epoch FROM create_time) * 1000000)::bigint AS create_micros, "
    "COALESCE((extract(epoch FROM expire_time) * 1000000)::bigint, -1) AS "
    "expire_micros, "
    "COALESCE((extract(epoch FROM revoke_time) * 1000000)::bigint, -1) AS "
    "revoke_micros, request_digest "
    "FROM poles.api_keys "
    "WHERE COALESCE(tenant_slug, '') = $1 AND request_id = $2"};

inline constexpr storage::Statement kKeyInsert = {
    "api_keys_insert", "text, text, text, text, bytea, bigint",
    "INSERT INTO poles.api_keys (key_id, tenant_slug, role, display_name, "
    "digest, expire_time) VALUES ($1, NULLIF($2, ''), $3, $4, $5, "
    "CASE WHEN $6 < 0 THEN NULL ELSE to_timestamp($6) END) "
    "RETURNING key_id, COALESCE(tenant_slug, '') AS tenant_slug, role, "
    "display_name, "
    "(extract(epoch FROM create_time) * 1000000)::bigint AS create_micros, "
    "COALESCE((extract(epoch FROM expire_time) * 1000000)::bigint, -1) AS "
    "expire_micros, "
    "COALESCE((extract(epoch FROM revoke_time) * 1000000)::bigint, -1) AS "
    "revoke_micros"};

inline constexpr storage::Statement kKeyList = {
    "api_keys_list", "text, text, integer",
    "SELECT key_id, COALESCE(tenant_slug, '') AS tenant_slug, role, "
    "display_name, "
    "(extract(epoch FROM create_time) * 1000000)::bigint AS create_micros, "
    "COALESCE((extract(epoch FROM expire_time) * 1000000)::bigint, -1) AS "
    "expire_micros, "
    "COALESCE((extract(epoch FROM revoke_time) * 1000000)::bigint, -1) AS "
    "revoke_micros "
    "FROM poles.api_keys "
    "WHERE COALESCE(tenant_slug, '') = $1 AND key_id > $2 ORDER BY key_id "
    "LIMIT $3"};

inline constexpr storage::Statement kKeyRevoke = {
    "api_keys_revoke", "text, text",
    "UPDATE poles.api_keys SET revoke_time = COALESCE(revoke_time, now()) "
    "WHERE key_id = $1 AND COALESCE(tenant_slug, '') = $2 "
    "RETURNING key_id, COALESCE(tenant_slug, '') AS tenant_slug, role, "
    "display_name, "
    "(extract(epoch FROM create_time) * 1000000)::bigint AS create_micros, "
    "COALESCE((extract(epoch FROM expire_time) * 1000000)::bigint, -1) AS "
    "expire_micros, "
    "COALESCE((extract(epoch FROM revoke_time) * 1000000)::bigint, -1) AS "
    "revoke_micros"};

// The national gateway's key check. Columns: digest, role, tenant_slug (''
// for a platform key), expire_seconds (-1 for none), revoked.
inline constexpr storage::Statement kKeyIntrospect = {
    "api_keys_introspect", "text",
    "SELECT digest, role, COALESCE(tenant_slug, '') AS tenant_slug, "
    "COALESCE(floor(extract(epoch FROM expire_time))::bigint, -1) AS "
    "expire_seconds, revoke_time IS NOT NULL AS revoked "
    "FROM poles.api_keys WHERE key_id = $1"};

inline constexpr storage::Statement kPlatformAudit = {
    "platform_audit_insert", "text, text, text, text",
    "INSERT INTO poles.platform_audit_log (actor, action, resource, "
    "request_id) "
    "VALUES ($1, $2, $3, $4)"};

inline constexpr storage::Statement kRegions = {
    "regions_list", "",
    "SELECT region_code, name FROM poles.regions ORDER BY region_code"};

inline constexpr storage::Statement kMrcs = {
    "mrcs_list", "text",
    "SELECT mrc_id, name, region_code, kind FROM poles.mrcs "
    "WHERE $1 = '' OR region_code = $1 ORDER BY region_code, name"};

inline constexpr storage::Statement kIndicators = {
    "national_indicators_list", "",
    "SELECT code, label_fr, label_en, unit, service, dimensions::text[] AS "
    "dimensions "
    "FROM poles.national_indicators ORDER BY code"};

}  // namespace poles::admin

#endif  // POLES_SERVICES_ADMIN_ADMIN_QUERIES_H_
