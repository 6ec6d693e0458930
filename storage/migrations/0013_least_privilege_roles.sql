-- Least privilege: the admin service (tenants, their territories, API keys)
-- connects as its own role, poles_admin, which only it uses; the tenant
-- services' role, poles_app, can no longer write the tenant registry, the
-- territories, the keys or the platform audit, and reads of those tables
-- only the columns its statements name. The gateway has no database role:
-- it reads them through the server (AdminService's directory methods).
-- tests/catalog_test.cc holds each role's expected privileges, whole.
--
-- poles_admin is created by whoever creates poles_app (the embedded cluster
-- bootstraps both; on an existing PostgreSQL, the operator: LOGIN
-- NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE NOINHERIT), before this
-- migration runs.

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'poles_admin') THEN
    RAISE EXCEPTION 'role poles_admin does not exist'
      USING HINT = 'create it (LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB '
                   'NOCREATEROLE NOINHERIT) before migrating; see README';
  END IF;
  EXECUTE format('GRANT CONNECT ON DATABASE %I TO poles_admin',
                 current_database());
END
$$;

GRANT USAGE ON SCHEMA poles TO poles_admin;
GRANT EXECUTE ON FUNCTION poles.current_tenant() TO poles_admin;

-- What the admin service's statements read and write (services/admin/
-- admin_queries.h), the key lookup (services/common/auth.cc), and the audit
-- and replay of its mutations (services/common/mutation.cc).
GRANT SELECT ON poles.regions, poles.mrcs, poles.national_indicators
  TO poles_admin;
GRANT SELECT, INSERT ON poles.tenants TO poles_admin;
GRANT UPDATE (display_name, region_code, version, update_time)
  ON poles.tenants TO poles_admin;
GRANT SELECT, INSERT, DELETE ON poles.tenant_mrcs TO poles_admin;
GRANT SELECT, INSERT ON poles.api_keys TO poles_admin;
GRANT UPDATE (revoke_time) ON poles.api_keys TO poles_admin;
GRANT INSERT ON poles.platform_audit_log TO poles_admin;
GRANT INSERT ON poles.audit_log TO poles_admin;
GRANT SELECT, INSERT ON poles.idempotency_keys TO poles_admin;

-- The tenant services: the registry's slug and name (directories' and
-- funding's exports, events' public page), a territory's MRCs, and the key
-- lookup plus the key's label (fiscal years' submitter). No writes. A table
-- privilege revoked takes its column privileges with it.
REVOKE ALL ON poles.tenants FROM poles_app;
GRANT SELECT (slug, display_name) ON poles.tenants TO poles_app;
REVOKE INSERT, DELETE ON poles.tenant_mrcs FROM poles_app;
REVOKE ALL ON poles.api_keys FROM poles_app;
GRANT SELECT (key_id, tenant_slug, role, display_name, digest, expire_time,
              revoke_time)
  ON poles.api_keys TO poles_app;
REVOKE ALL ON poles.platform_audit_log FROM poles_app;
