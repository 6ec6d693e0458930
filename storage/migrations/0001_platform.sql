-- Platform schema: reference data, the tenant registry, API keys, audit and
-- idempotency records. Runs as the owner role (poles_owner). The services
-- connect as poles_app, which owns nothing, is not superuser, cannot bypass
-- row-level security, and receives only the privileges granted here.
--
-- Tenancy rule (checked by tests/catalog_test.cc for every table, present
-- and future): a table with a tenant_id column is tenant-owned; tenant_id is
-- the first column of its primary key and part of every unique and foreign
-- key, and row-level security is enabled, forced, and filters on the
-- transaction-local setting poles.tenant_id. Platform tables (no tenant_id)
-- are listed in the catalog test's allowlist.

CREATE SCHEMA poles;
GRANT USAGE ON SCHEMA poles TO poles_app;

-- The tenant visible to this transaction, or NULL when none is set.
CREATE FUNCTION poles.current_tenant() RETURNS text
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT NULLIF(current_setting('poles.tenant_id', true), '') $$;
GRANT EXECUTE ON FUNCTION poles.current_tenant() TO poles_app;

-- Reference data shared by all tenants.
CREATE TABLE poles.regions (
  region_code text PRIMARY KEY CHECK (region_code ~ '^[0-9]{2}$'),
  name        text NOT NULL
);

CREATE TABLE poles.mrcs (
  mrc_id      text PRIMARY KEY CHECK (mrc_id ~ '^[a-z0-9][a-z0-9-]*$'),
  name        text NOT NULL,
  region_code text NOT NULL REFERENCES poles.regions,
  kind        text NOT NULL CHECK (kind IN ('mrc', 'territoire-equivalent', 'agglomeration')),
  geo_code    text
);
CREATE INDEX mrcs_region ON poles.mrcs (region_code, mrc_id);
GRANT SELECT ON poles.regions, poles.mrcs TO poles_app;

-- The tenant registry (platform table): one row per Pôle. The slug is the
-- tenant id used in every tenant table and in resource names.
CREATE TABLE poles.tenants (
  slug         text PRIMARY KEY CHECK (slug ~ '^[a-z][a-z0-9-]{1,62}$'),
  display_name text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 200),
  region_code  text REFERENCES poles.regions,
  version      bigint NOT NULL DEFAULT 1,
  create_time  timestamptz NOT NULL DEFAULT now(),
  update_time  timestamptz NOT NULL DEFAULT now()
);
GRANT SELECT, INSERT ON poles.tenants TO poles_app;
GRANT UPDATE (display_name, region_code, version, update_time) ON poles.tenants TO poles_app;

-- A tenant's territory.
CREATE TABLE poles.tenant_mrcs (
  tenant_id text NOT NULL REFERENCES poles.tenants (slug),
  mrc_id    text NOT NULL REFERENCES poles.mrcs,
  PRIMARY KEY (tenant_id, mrc_id)
);
GRANT SELECT, INSERT, DELETE ON poles.tenant_mrcs TO poles_app;

-- API keys (platform table). The secret is never stored: only its SHA-256
-- digest. tenant_slug is NULL for platform keys (admin, national, funding).
CREATE TABLE poles.api_keys (
  key_id       text PRIMARY KEY CHECK (key_id ~ '^[0-9a-f]{16}$'),
  tenant_slug  text REFERENCES poles.tenants (slug),
  role         text NOT NULL CHECK (role IN ('editor', 'viewer', 'admin', 'national', 'funding')),
  display_name text NOT NULL DEFAULT '' CHECK (length(display_name) <= 200),
  digest       bytea NOT NULL CHECK (length(digest) = 32),
  create_time  timestamptz NOT NULL DEFAULT now(),
  expire_time  timestamptz,
  revoke_time  timestamptz,
  CHECK ((tenant_slug IS NULL) = (role IN ('admin', 'national', 'funding')))
);
CREATE INDEX api_keys_tenant ON poles.api_keys (tenant_slug, key_id);
GRANT SELECT, INSERT ON poles.api_keys TO poles_app;
GRANT UPDATE (revoke_time) ON poles.api_keys TO poles_app;

-- Audit trail of every mutation, written in the mutation's transaction.
CREATE TABLE poles.audit_log (
  tenant_id  text NOT NULL REFERENCES poles.tenants (slug),
  audit_id   bigint GENERATED ALWAYS AS IDENTITY,
  actor      text NOT NULL,        -- the API key id, never the secret
  action     text NOT NULL,        -- the RPC method
  resource   text NOT NULL,        -- the resource name acted on
  request_id text NOT NULL DEFAULT '',
  at         timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, audit_id)
);
GRANT SELECT, INSERT ON poles.audit_log TO poles_app;

-- Audit of platform operations that concern no tenant (platform keys).
CREATE TABLE poles.platform_audit_log (
  audit_id   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  actor      text NOT NULL,
  action     text NOT NULL,
  resource   text NOT NULL,
  request_id text NOT NULL DEFAULT '',
  at         timestamptz NOT NULL DEFAULT now()
);
GRANT INSERT ON poles.platform_audit_log TO poles_app;

-- Idempotency records for Create methods (AIP-155): the first response is
-- kept and returned to replays of the same request_id.
CREATE TABLE poles.idempotency_keys (
  tenant_id      text NOT NULL REFERENCES poles.tenants (slug),
  request_id     text NOT NULL CHECK (length(request_id) BETWEEN 1 AND 100),
  method         text NOT NULL,
  request_digest bytea NOT NULL,
  response       bytea NOT NULL,
  create_time    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, request_id)
);
GRANT SELECT, INSERT ON poles.idempotency_keys TO poles_app;

ALTER TABLE poles.tenant_mrcs ENABLE ROW LEVEL SECURITY;
ALTER TABLE poles.tenant_mrcs FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON poles.tenant_mrcs
  USING (tenant_id = poles.current_tenant())
  WITH CHECK (tenant_id = poles.current_tenant());

ALTER TABLE poles.audit_log ENABLE ROW LEVEL SECURITY;
ALTER TABLE poles.audit_log FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON poles.audit_log
  USING (tenant_id = poles.current_tenant())
  WITH CHECK (tenant_id = poles.current_tenant());

ALTER TABLE poles.idempotency_keys ENABLE ROW LEVEL SECURITY;
ALTER TABLE poles.idempotency_keys FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON poles.idempotency_keys
  USING (tenant_id = poles.current_tenant())
  WITH CHECK (tenant_id = poles.current_tenant());
