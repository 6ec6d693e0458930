#ifndef POLES_SERVICES_ADMIN_ACCOUNTS_QUERIES_H_
#define POLES_SERVICES_ADMIN_ACCOUNTS_QUERIES_H_

// The accounts' statements (migration 0018), whole. Platform tables: they
// run in a platform transaction.

#include "storage/session.h"

namespace poles::admin {

// Columns: account_id, email, display_name, password_hash, create_micros.
inline constexpr storage::Statement kAccountByEmail = {
    "accounts_by_email", "text",
    "SELECT account_id, email, display_name, password_hash, "
    "(extract(epoch FROM create_time) * 1000000)::bigint AS create_micros "
    "FROM poles.accounts WHERE email = $1"};

inline constexpr storage::Statement kAccountById = {
    "accounts_by_id", "text",
    "SELECT account_id, email, display_name, password_hash, "
    "(extract(epoch FROM create_time) * 1000000)::bigint AS create_micros "
    "FROM poles.accounts WHERE account_id = $1"};

inline constexpr storage::Statement kAccountInsert = {
    "accounts_insert", "text, text, text, text",
    "INSERT INTO poles.accounts (account_id, email, display_name, "
    "password_hash) VALUES ($1, $2, $3, $4) "
    "RETURNING (extract(epoch FROM create_time) * 1000000)::bigint AS "
    "create_micros"};

inline constexpr storage::Statement kAccountSetPassword = {
    "accounts_set_password", "text, text",
    "UPDATE poles.accounts SET password_hash = $2, update_time = now() "
    "WHERE account_id = $1"};

// Columns: tenant_slug, role; by slug.
inline constexpr storage::Statement kAccountRoles = {
    "account_roles_list", "text",
    "SELECT tenant_slug, role FROM poles.account_roles "
    "WHERE account_id = $1 ORDER BY tenant_slug"};

inline constexpr storage::Statement kAccountRoleInsert = {
    "account_roles_insert", "text, text, text",
    "INSERT INTO poles.account_roles (account_id, tenant_slug, role) "
    "VALUES ($1, $2, $3)"};

inline constexpr storage::Statement kSessionInsert = {
    "sessions_insert", "text, text, text, bytea, bigint",
    "INSERT INTO poles.sessions (session_id, account_id, tenant_slug, "
    "digest, expire_time) VALUES ($1, $2, $3, $4, "
    "now() + make_interval(secs => $5)) "
    "RETURNING floor(extract(epoch FROM expire_time))::bigint AS "
    "expire_seconds"};

inline constexpr storage::Statement kSessionExpire = {
    "sessions_expire", "text",
    "SELECT floor(extract(epoch FROM expire_time))::bigint AS expire_seconds "
    "FROM poles.sessions WHERE session_id = $1"};

inline constexpr storage::Statement kSessionRevoke = {
    "sessions_revoke", "text",
    "UPDATE poles.sessions SET revoke_time = now() "
    "WHERE session_id = $1 AND revoke_time IS NULL"};

inline constexpr storage::Statement kSessionRevokeAll = {
    "sessions_revoke_all", "text",
    "UPDATE poles.sessions SET revoke_time = now() "
    "WHERE account_id = $1 AND revoke_time IS NULL"};

inline constexpr storage::Statement kPasswordLinkInsert = {
    "password_links_insert", "text, text, bytea, text, bigint",
    "INSERT INTO poles.password_links (link_id, account_id, digest, "
    "issued_by, expire_time) VALUES ($1, $2, $3, $4, "
    "now() + make_interval(secs => $5)) "
    "RETURNING floor(extract(epoch FROM expire_time))::bigint AS "
    "expire_seconds"};

// Columns: account_id, digest, usable (not used, not expired).
inline constexpr storage::Statement kPasswordLinkLock = {
    "password_links_lock", "text",
    "SELECT account_id, digest, "
    "used_time IS NULL AND expire_time > now() AS usable "
    "FROM poles.password_links WHERE link_id = $1 FOR UPDATE"};

inline constexpr storage::Statement kPasswordLinkUse = {
    "password_links_use", "text",
    "UPDATE poles.password_links SET used_time = now() WHERE link_id = $1"};

}  // namespace poles::admin

#endif  // POLES_SERVICES_ADMIN_ACCOUNTS_QUERIES_H_
