// A Pôle's members (TeamService's member methods, proto/poles/v1/team.proto):
// the rows of poles.account_roles on the tenant, with their accounts.
// Platform tables, platform transactions, the tenant in every statement;
// each mutation writes a platform audit row under the editor's session.

#include <string>
#include <utility>

#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "base/random.h"
#include "services/admin/account_rows.h"
#include "services/admin/accounts_queries.h"
#include "services/admin/platform_transaction.h"
#include "services/admin/team.h"
#include "services/admin/team_queries.h"
#include "services/common/errors.h"
#include "services/common/mutation.h"
#include "services/common/resource_name.h"
#include "services/common/standard_methods.h"
#include "services/common/status_macros.h"
#include "services/common/validation.h"

namespace poles::admin {

namespace {

struct MemberName {
  std::string tenant;
  std::string account_id;
};

absl::StatusOr<MemberName> ParseMemberName(absl::string_view field,
                                           absl::string_view name) {
  POLES_ASSIGN_OR_RETURN(
      auto ids, ParseResourceName(field, name, {"tenants", "members"}));
  return MemberName{ids[0], ids[1]};
}

// The tenant of a `parent` field (`tenants/{tenant}`), or a violation.
std::string ParentTenant(Violations& v, absl::string_view parent) {
  auto ids = ParseResourceName("parent", parent, {"tenants"});
  v.Merge(ids.status());
  return ids.ok() ? (*ids)[0] : "";
}

bool IsTeamRole(v1::Role role) {
  return role == v1::ROLE_EDITOR || role == v1::ROLE_VIEWER;
}

template <typename DbRow>
void MemberFromRow(const std::string& tenant, const DbRow& row, v1::Member* m) {
  m->set_name(
      absl::StrCat("tenants/", tenant, "/members/", row["account_id"].c_str()));
  AccountFromRow(row, m->mutable_account());
  m->set_role(RoleFromName(row["role"].c_str()));
  m->set_password_set(row["password_set"].template as<bool>());
  m->set_other_tenants(row["other_tenants"].template as<bool>());
}

absl::Status LastEditor() {
  return WithReason(
      absl::FailedPreconditionError(
          "the tenant would be left without an editor: give another member "
          "the editor role first"),
      "LAST_EDITOR");
}

// The tenant's roles, locked: `account_id`'s role ("" if it has none) and
// how many other members are editors.
struct LockedRoles {
  std::string role;
  int other_editors = 0;
};

LockedRoles LockRoles(pqxx::work& w, const std::string& tenant,
                      const std::string& account_id) {
  LockedRoles out;
  for (const auto& row : w.exec_prepared(kMemberLockRoles.name, tenant)) {
    const bool editor = std::string(row["role"].c_str()) == "editor";
    if (account_id == row["account_id"].c_str()) {
      out.role = row["role"].c_str();
    } else if (editor) {
      ++out.other_editors;
    }
  }
  return out;
}

// Reads `member` back into `out`; NOT_FOUND if it has no role on the tenant.
absl::Status ReadMember(pqxx::work& w, const MemberName& member,
                        absl::string_view name, v1::Member* out) {
  pqxx::result rows =
      w.exec_prepared(kMemberGet.name, member.tenant, member.account_id);
  if (rows.empty()) return NotFound(name);
  MemberFromRow(member.tenant, rows[0], out);
  return absl::OkStatus();
}

}  // namespace

absl::Status TeamLogic::ListMembers(Call& c, const v1::ListMembersRequest& r,
                                    v1::ListMembersResponse* out) {
  Violations v;
  const std::string tenant = ParentTenant(v, r.parent());
  auto size = EffectivePageSize(r.page_size());
  v.Merge(size.status());
  POLES_RETURN_IF_ERROR(v.Status());
  POLES_RETURN_IF_ERROR(c.AuthorizeTenant(tenant));
  POLES_ASSIGN_OR_RETURN(auto key, DecodePageToken(page_tokens_, r.page_token(),
                                                   r.parent(), "", 1));
  return InPlatformTransaction(c, [&](pqxx::work& w) -> absl::Status {
    pqxx::result rows =
        w.exec_prepared(kMemberList.name, tenant, key[0], *size + 1);
    for (int i = 0; i < static_cast<int>(rows.size()) && i < *size; ++i) {
      MemberFromRow(tenant, rows[i], out->add_members());
    }
    if (static_cast<int>(rows.size()) > *size) {
      out->set_next_page_token(page_tokens_.Encode(
          r.parent(), "", {rows[*size - 1]["email"].c_str()}));
    }
    return absl::OkStatus();
  });
}

absl::Status TeamLogic::InviteMember(Call& c, const v1::InviteMemberRequest& r,
                                     v1::InviteMemberResponse* out) {
  Violations v;
  const std::string tenant = ParentTenant(v, r.parent());
  const std::string email = NormalizedEmail(r.email());
  CheckEmail(v, "email", email);
  CheckText(v, "display_name", r.display_name(), 200, false);
  if (!IsTeamRole(r.role())) v.Add("role", "must be EDITOR or VIEWER");
  POLES_RETURN_IF_ERROR(v.Status());
  POLES_RETURN_IF_ERROR(c.AuthorizeTenant(tenant));
  return InPlatformTransaction(c, [&](pqxx::work& w) -> absl::Status {
    MemberName member{tenant, ""};
    pqxx::result a = w.exec_prepared(kAccountByEmail.name, email);
    const bool created = a.empty();
    if (created) {
      member.account_id = RandomHex(8);
      w.exec_prepared(kAccountInsert.name, member.account_id, email,
                      r.display_name(), "");
    } else {
      member.account_id = a[0]["account_id"].c_str();
      if (!w.exec_prepared(kMemberGet.name, tenant, member.account_id)
               .empty()) {
        return WithReason(absl::AlreadyExistsError(
                              "this person is already a member of the tenant"),
                          "ALREADY_EXISTS");
      }
    }
    w.exec_prepared(kAccountRoleInsert.name, member.account_id, tenant,
                    RoleName(r.role()));
    const std::string name =
        absl::StrCat("tenants/", tenant, "/members/", member.account_id);
    POLES_RETURN_IF_ERROR(ReadMember(w, member, name, out->mutable_member()));
    // A new account chooses its password with a link; an existing one
    // keeps its own (a link would let this editor set it).
    if (created) {
      int64_t expire = 0;
      POLES_ASSIGN_OR_RETURN(auto link,
                             InsertPasswordLink(w, member.account_id,
                                                c.principal.key_id, &expire));
      out->set_password_link(link);
      out->mutable_password_link_expire_time()->set_seconds(expire);
    }
    WritePlatformAudit(w, c, name);
    return absl::OkStatus();
  });
}

absl::Status TeamLogic::UpdateMember(Call& c, const v1::UpdateMemberRequest& r,
                                     v1::Member* out) {
  Violations v;
  auto member = ParseMemberName("member.name", r.member().name());
  v.Merge(member.status());
  auto paths = MaskPaths(r.update_mask(), {"role"},
                         {"name", "account", "password_set", "other_tenants"});
  v.Merge(paths.status());
  if (paths.ok() && HasPath(*paths, "role") && !IsTeamRole(r.member().role())) {
    v.Add("member.role", "must be EDITOR or VIEWER");
  }
  POLES_RETURN_IF_ERROR(v.Status());
  POLES_RETURN_IF_ERROR(c.AuthorizeTenant(member->tenant));
  return InPlatformTransaction(c, [&](pqxx::work& w) -> absl::Status {
    LockedRoles roles = LockRoles(w, member->tenant, member->account_id);
    if (roles.role.empty()) return NotFound(r.member().name());
    if (HasPath(*paths, "role")) {
      const std::string role = RoleName(r.member().role());
      if (roles.role == "editor" && role != "editor" &&
          roles.other_editors == 0) {
        return LastEditor();
      }
      w.exec_prepared(kMemberSetRole.name, member->account_id, member->tenant,
                      role);
    }
    POLES_RETURN_IF_ERROR(ReadMember(w, *member, r.member().name(), out));
    WritePlatformAudit(w, c, r.member().name());
    return absl::OkStatus();
  });
}

absl::Status TeamLogic::DeleteMember(Call& c, const v1::DeleteMemberRequest& r,
                                     google::protobuf::Empty*) {
  POLES_ASSIGN_OR_RETURN(auto member, ParseMemberName("name", r.name()));
  POLES_RETURN_IF_ERROR(c.AuthorizeTenant(member.tenant));
  return InPlatformTransaction(c, [&](pqxx::work& w) -> absl::Status {
    LockedRoles roles = LockRoles(w, member.tenant, member.account_id);
    if (roles.role.empty()) return NotFound(r.name());
    if (roles.role == "editor" && roles.other_editors == 0) {
      return LastEditor();
    }
    w.exec_prepared(kMemberDelete.name, member.account_id, member.tenant);
    w.exec_prepared(kMemberSessionsRevoke.name, member.account_id,
                    member.tenant);
    WritePlatformAudit(w, c, r.name());
    return absl::OkStatus();
  });
}

absl::Status TeamLogic::IssueMemberPasswordLink(
    Call& c, const v1::IssueMemberPasswordLinkRequest& r,
    v1::IssuePasswordLinkResponse* out) {
  POLES_ASSIGN_OR_RETURN(auto member, ParseMemberName("name", r.name()));
  POLES_RETURN_IF_ERROR(c.AuthorizeTenant(member.tenant));
  return InPlatformTransaction(c, [&](pqxx::work& w) -> absl::Status {
    v1::Member current;
    POLES_RETURN_IF_ERROR(ReadMember(w, member, r.name(), &current));
    if (current.other_tenants()) {
      return Denied(
          "the account also has a role on another tenant: the platform admin "
          "issues its password links");
    }
    int64_t expire = 0;
    POLES_ASSIGN_OR_RETURN(
        auto link,
        InsertPasswordLink(w, member.account_id, c.principal.key_id, &expire));
    out->set_password_link(link);
    out->mutable_expire_time()->set_seconds(expire);
    WritePlatformAudit(w, c, current.account().name());
    return absl::OkStatus();
  });
}

std::vector<storage::Statement> TeamStatements() {
  return {kMemberList,    kMemberGet,    kMemberLockRoles,
          kMemberSetRole, kMemberDelete, kMemberSessionsRevoke};
}

}  // namespace poles::admin
