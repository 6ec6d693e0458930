-- People sign in (issue 16): accounts, their roles per tenant, and the
-- sessions of the gateway's HTTP front door. Platform tables, like
-- poles.api_keys: an account may hold roles on several tenants.
--
-- A password is stored only as its Argon2id encoding ("$argon2id$v=19$m=...",
-- services/common/password.h); a session's secret only as its SHA-256
-- digest. A session names one tenant (the one the person works in); its role
-- is read from account_roles on every call, so a role taken away applies at
-- once. The services' roles read sessions to authenticate a call
-- (services/common/auth.cc); only the admin service writes them.

CREATE TABLE poles.accounts (
  account_id    text PRIMARY KEY CHECK (account_id ~ '^[0-9a-f]{16}$'),
  email         text NOT NULL CHECK (length(email) BETWEEN 3 AND 254
                                     AND email = lower(email)),
  display_name  text NOT NULL DEFAULT '' CHECK (length(display_name) <= 200),
  password_hash text NOT NULL DEFAULT ''
                CHECK (password_hash = '' OR password_hash LIKE '$argon2id$%'),
  create_time   timestamptz NOT NULL DEFAULT now(),
  update_time   timestamptz NOT NULL DEFAULT now(),
  UNIQUE (email)
);

CREATE TABLE poles.account_roles (
  account_id  text NOT NULL REFERENCES poles.accounts,
  tenant_slug text NOT NULL REFERENCES poles.tenants (slug),
  role        text NOT NULL CHECK (role IN ('editor', 'viewer')),
  PRIMARY KEY (account_id, tenant_slug)
);

CREATE TABLE poles.sessions (
  session_id  text PRIMARY KEY CHECK (session_id ~ '^[0-9a-f]{16}$'),
  account_id  text NOT NULL REFERENCES poles.accounts,
  tenant_slug text NOT NULL REFERENCES poles.tenants (slug),
  digest      bytea NOT NULL CHECK (length(digest) = 32),
  create_time timestamptz NOT NULL DEFAULT now(),
  expire_time timestamptz NOT NULL,
  revoke_time timestamptz
);
CREATE INDEX sessions_account ON poles.sessions (account_id);

-- One-time password links (reset or first password): only the digest of
-- the link's secret is kept; used_time is set when it is used.
CREATE TABLE poles.password_links (
  link_id     text PRIMARY KEY CHECK (link_id ~ '^[0-9a-f]{16}$'),
  account_id  text NOT NULL REFERENCES poles.accounts,
  digest      bytea NOT NULL CHECK (length(digest) = 32),
  issued_by   text NOT NULL,
  expire_time timestamptz NOT NULL,
  used_time   timestamptz
);

GRANT SELECT, INSERT, UPDATE (display_name, password_hash, update_time)
  ON poles.accounts TO poles_admin;
GRANT SELECT, INSERT, DELETE, UPDATE (role) ON poles.account_roles
  TO poles_admin;
GRANT SELECT, INSERT, UPDATE (revoke_time) ON poles.sessions TO poles_admin;
GRANT SELECT, INSERT, UPDATE (used_time) ON poles.password_links
  TO poles_admin;

-- The session lookup (services/common/auth.cc), in every service.
GRANT SELECT (session_id, account_id, tenant_slug, digest, expire_time,
              revoke_time)
  ON poles.sessions TO poles_app;
GRANT SELECT (account_id, tenant_slug, role) ON poles.account_roles
  TO poles_app;
