#ifndef POLES_SERVICES_ADMIN_TEAM_QUERIES_H_
#define POLES_SERVICES_ADMIN_TEAM_QUERIES_H_

// The team's statements (TeamService, members.cc), whole: a tenant's rows of
// poles.account_roles with their accounts. Platform tables (migration 0018):
// they run in a platform transaction, always with the tenant in the WHERE.

#include "storage/session.h"

namespace poles::admin {

// The member columns: account_id, email, display_name, create_micros,
// role, password_set, other_tenants.
#define POLES_MEMBER_COLUMNS                                                 \
  "a.account_id, a.email, a.display_name, "                                  \
  "(extract(epoch FROM a.create_time) * 1000000)::bigint AS create_micros, " \
  "r.role, a.password_hash <> '' AS password_set, "                          \
  "EXISTS (SELECT 1 FROM poles.account_roles o "                             \
  "WHERE o.account_id = r.account_id AND o.tenant_slug <> r.tenant_slug) "   \
  "AS other_tenants "

// $1 tenant, $2 the last e-mail of the previous page ('' first), $3 limit.
inline constexpr storage::Statement kMemberList = {
    "members_list", "text, text, integer",
    "SELECT " POLES_MEMBER_COLUMNS
    "FROM poles.account_roles r JOIN poles.accounts a USING (account_id) "
    "WHERE r.tenant_slug = $1 AND a.email > $2 ORDER BY a.email LIMIT $3"};

// $1 tenant, $2 account id.
inline constexpr storage::Statement kMemberGet = {
    "members_get", "text, text",
    "SELECT " POLES_MEMBER_COLUMNS
    "FROM poles.account_roles r JOIN poles.accounts a USING (account_id) "
    "WHERE r.tenant_slug = $1 AND r.account_id = $2"};

#undef POLES_MEMBER_COLUMNS

// Locks every role on tenant $1 (a role change or removal counts the
// editors left, and two at once must not both leave none). Columns:
// account_id, role.
inline constexpr storage::Statement kMemberLockRoles = {
    "members_lock_roles", "text",
    "SELECT account_id, role FROM poles.account_roles "
    "WHERE tenant_slug = $1 ORDER BY account_id FOR UPDATE"};

// $1 account, $2 tenant, $3 role.
inline constexpr storage::Statement kMemberSetRole = {
    "members_set_role", "text, text, text",
    "UPDATE poles.account_roles SET role = $3 "
    "WHERE account_id = $1 AND tenant_slug = $2"};

inline constexpr storage::Statement kMemberDelete = {
    "members_delete", "text, text",
    "DELETE FROM poles.account_roles WHERE account_id = $1 AND tenant_slug = "
    "$2"};

// The account's live sessions on one tenant, ended.
inline constexpr storage::Statement kMemberSessionsRevoke = {
    "members_sessions_revoke", "text, text",
    "UPDATE poles.sessions SET revoke_time = now() "
    "WHERE account_id = $1 AND tenant_slug = $2 AND revoke_time IS NULL"};

}  // namespace poles::admin

#endif  // POLES_SERVICES_ADMIN_TEAM_QUERIES_H_
