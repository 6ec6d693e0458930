// People's accounts, sign-in and sessions (AdminService's account methods;
// README "Signing in"). Platform tables (migration 0018), platform
// transactions; each mutation writes a platform audit row whose actor is the
// account concerned for a person's own actions (login, logout, a password
// set with a link) and the caller otherwise.

#include <chrono>

#include <openssl/crypto.h>
#include <pqxx/pqxx>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "base/digest.h"
#include "base/random.h"
#include "services/admin/account_rows.h"
#include "services/admin/accounts_queries.h"
#include "services/admin/admin_service.h"
#include "services/admin/platform_transaction.h"
#include "services/common/errors.h"
#include "services/common/mutation.h"
#include "services/common/password.h"
#include "services/common/resource_name.h"
#include "services/common/status_macros.h"
#include "services/common/validation.h"

namespace poles::admin {

namespace {

constexpr int64_t kSessionSeconds = 12 * 3600;
constexpr int64_t kPasswordLinkSeconds = 24 * 3600;
constexpr char kWrongCredentials[] = "wrong e-mail or password";

void AddMemberships(pqxx::work& w, const std::string& account_id,
                    google::protobuf::RepeatedPtrField<v1::TenantRole>* out) {
  for (const auto& row : w.exec_prepared(kAccountRoles.name, account_id)) {
    v1::TenantRole* m = out->Add();
    m->set_tenant(absl::StrCat("tenants/", row["tenant_slug"].c_str()));
    m->set_role(RoleFromName(row["role"].c_str()));
  }
}

void WriteAuditAs(pqxx::work& w, const Call& c, const std::string& actor,
                  const std::string& resource) {
  w.exec_prepared(kPlatformAudit.name, actor, c.method, resource, c.request_id);
}

}  // namespace

absl::StatusOr<std::string> InsertPasswordLink(pqxx::work& w,
                                               const std::string& account_id,
                                               const std::string& issuer,
                                               int64_t* expire_seconds) {
  const std::string id = RandomHex(8);
  const std::string secret = RandomHex(32);
  const std::string digest = Sha256(secret);
  pqxx::result r =
      w.exec_prepared(kPasswordLinkInsert.name, id, account_id,
                      pqxx::binarystring(digest.data(), digest.size()), issuer,
                      kPasswordLinkSeconds);
  *expire_seconds = r[0]["expire_seconds"].as<int64_t>();
  return absl::StrCat("pl_", id, "_", secret);
}

absl::Status AdminLogic::CreateAccount(Call& c,
                                       const v1::CreateAccountRequest& r,
                                       v1::CreateAccountResponse* out) {
  // Who may create accounts at all, before the request is read (a viewer
  // or a platform role is PERMISSION_DENIED whatever it sends); an
  // editor's tenants are checked once the memberships are parsed.
  if (c.principal.role != v1::ROLE_ADMIN &&
      c.principal.role != v1::ROLE_EDITOR) {
    return Denied("accounts are created by the admin or a tenant's editor");
  }
  Violations v;
  const std::string email = NormalizedEmail(r.account().email());
  CheckEmail(v, "account.email", email);
  CheckText(v, "account.display_name", r.account().display_name(), 200, false);
  if (r.memberships().empty()) {
    v.Add("memberships", "needs at least one tenant and role");
  }
  std::vector<std::pair<std::string, v1::Role>> roles;
  for (int i = 0; i < r.memberships_size(); ++i) {
    const auto& m = r.memberships(i);
    const std::string field = absl::StrCat("memberships[", i, "]");
    auto ids = ParseResourceName(absl::StrCat(field, ".tenant"), m.tenant(),
                                 {"tenants"});
    v.Merge(ids.status());
    if (m.role() != v1::ROLE_EDITOR && m.role() != v1::ROLE_VIEWER) {
      v.Add(absl::StrCat(field, ".role"), "must be EDITOR or VIEWER");
    }
    if (ids.ok()) roles.emplace_back((*ids)[0], m.role());
  }
  if (!r.password().empty())
    v.Merge(CheckNewPassword("password", r.password()));
  POLES_RETURN_IF_ERROR(v.Status());
  if (c.principal.role != v1::ROLE_ADMIN) {
    for (const auto& [tenant, role] : roles) {
      if (tenant != c.principal.tenant) {
        return Denied("an editor invites people to its own tenant only");
      }
    }
  }
  std::string hash;
  if (!r.password().empty()) {
    POLES_ASSIGN_OR_RETURN(hash, HashPassword(r.password()));
  }
  const std::string account_id = RandomHex(8);
  return InPlatformTransaction(c, [&](pqxx::work& w) -> absl::Status {
    if (!w.exec_prepared(kAccountByEmail.name, email).empty()) {
      return WithReason(
          absl::AlreadyExistsError("an account has this e-mail address"),
          "ALREADY_EXISTS");
    }
    pqxx::result row = w.exec_prepared(kAccountInsert.name, account_id, email,
                                       r.account().display_name(), hash);
    for (const auto& [tenant, role] : roles) {
      w.exec_prepared(kAccountRoleInsert.name, account_id, tenant,
                      RoleName(role));
    }
    v1::Account* a = out->mutable_account();
    a->set_name(absl::StrCat("accounts/", account_id));
    a->set_email(email);
    a->set_display_name(r.account().display_name());
    SetTimestamp(row[0]["create_micros"].as<int64_t>(),
                 a->mutable_create_time());
    AddMemberships(w, account_id, out->mutable_memberships());
    if (hash.empty()) {
      int64_t expire = 0;
      POLES_ASSIGN_OR_RETURN(
          auto link,
          InsertPasswordLink(w, account_id, c.principal.key_id, &expire));
      out->set_password_link(link);
    }
    WritePlatformAudit(w, c, a->name());
    return absl::OkStatus();
  });
}

absl::Status AdminLogic::IssuePasswordLink(
    Call& c, const v1::IssuePasswordLinkRequest& r,
    v1::IssuePasswordLinkResponse* out) {
  if (c.principal.role != v1::ROLE_ADMIN &&
      c.principal.role != v1::ROLE_EDITOR) {
    return Denied("password links are issued by the admin or an editor");
  }
  std::string account_id;
  if (!r.name().empty()) {
    POLES_ASSIGN_OR_RETURN(auto ids,
                           ParseResourceName("name", r.name(), {"accounts"}));
    account_id = ids[0];
  } else if (r.email().empty()) {
    return InvalidField("name", "is required (or email)");
  }
  return InPlatformTransaction(c, [&](pqxx::work& w) -> absl::Status {
    pqxx::result a =
        account_id.empty()
            ? w.exec_prepared(kAccountByEmail.name, NormalizedEmail(r.email()))
            : w.exec_prepared(kAccountById.name, account_id);
    if (a.empty()) return NotFound(r.name().empty() ? r.email() : r.name());
    const std::string id = a[0]["account_id"].c_str();
    if (c.principal.role == v1::ROLE_EDITOR) {
      bool shares = false, elsewhere = false;
      for (const auto& row : w.exec_prepared(kAccountRoles.name, id)) {
        const bool here = c.principal.tenant == row["tenant_slug"].c_str();
        shares = shares || here;
        elsewhere = elsewhere || !here;
      }
      // Not found rather than denied: an editor learns nothing of the
      // accounts of other tenants.
      if (!shares) return NotFound(r.name().empty() ? r.email() : r.name());
      // A link sets the password of the whole account: an editor who could
      // issue one for an account that also works with another Pôle would
      // take over its role there.
      if (elsewhere) {
        return Denied(
            "the account also has a role on another tenant: the platform "
            "admin issues its password links");
      }
    }
    int64_t expire = 0;
    POLES_ASSIGN_OR_RETURN(
        auto link, InsertPasswordLink(w, id, c.principal.key_id, &expire));
    out->set_password_link(link);
    out->mutable_expire_time()->set_seconds(expire);
    WritePlatformAudit(w, c, absl::StrCat("accounts/", id));
    return absl::OkStatus();
  });
}

absl::Status AdminLogic::SetPassword(Call& c, const v1::SetPasswordRequest& r,
                                     v1::SetPasswordResponse* out) {
  if (c.principal.role != v1::ROLE_SERVICE) {
    return Denied("this method needs the platform service role");
  }
  const std::string& link = r.password_link();
  const bool shaped = link.size() == 3 + 16 + 1 + 64 &&
                      absl::StartsWith(link, "pl_") && link[19] == '_';
  Violations v;
  if (!shaped) v.Add("password_link", "is not a password link");
  v.Merge(CheckNewPassword("password", r.password()));
  POLES_RETURN_IF_ERROR(v.Status());
  const std::string link_id = link.substr(3, 16);
  const std::string digest = Sha256(link.substr(20));
  POLES_ASSIGN_OR_RETURN(auto hash, HashPassword(r.password()));
  return InPlatformTransaction(c, [&](pqxx::work& w) -> absl::Status {
    pqxx::result l = w.exec_prepared(kPasswordLinkLock.name, link_id);
    const auto refused = [] {
      return WithReason(
          absl::UnauthenticatedError("the link is unknown, used or expired"),
          "UNAUTHENTICATED");
    };
    if (l.empty() || !l[0]["usable"].as<bool>()) return refused();
    const std::string stored = pqxx::binarystring(l[0]["digest"]).str();
    if (stored.size() != digest.size() ||
        CRYPTO_memcmp(stored.data(), digest.data(), digest.size()) != 0) {
      return refused();
    }
    const std::string account_id = l[0]["account_id"].c_str();
    w.exec_prepared(kPasswordLinkUse.name, link_id);
    w.exec_prepared(kAccountSetPassword.name, account_id, hash);
    w.exec_prepared(kSessionRevokeAll.name, account_id);
    pqxx::result a = w.exec_prepared(kAccountById.name, account_id);
    AccountFromRow(a[0], out->mutable_account());
    WriteAuditAs(w, c, out->account().name(), out->account().name());
    return absl::OkStatus();
  });
}

absl::Status AdminLogic::Login(Call& c, const v1::LoginRequest& r,
                               v1::LoginResponse* out) {
  if (c.principal.role != v1::ROLE_SERVICE) {
    return Denied("this method needs the platform service role");
  }
  Violations v;
  if (r.email().empty()) v.Add("email", "is required");
  if (r.password().empty()) v.Add("password", "is required");
  if (r.password().size() > 256) v.Add("password", "is too long");
  POLES_RETURN_IF_ERROR(v.Status());
  std::string wanted = r.tenant();
  if (absl::StartsWith(wanted, "tenants/")) wanted = wanted.substr(8);
  const auto wrong = [] {
    return WithReason(absl::UnauthenticatedError(kWrongCredentials),
                      "UNAUTHENTICATED");
  };
  return InPlatformTransaction(c, [&](pqxx::work& w) -> absl::Status {
    pqxx::result a =
        w.exec_prepared(kAccountByEmail.name, NormalizedEmail(r.email()));
    if (a.empty()) {
      // As long as a wrong password, so the answer's time does not tell
      // which e-mails have an account.
      static const std::string* const kDecoy =
          new std::string(*HashPassword("decoy-password"));
      VerifyPassword(*kDecoy, r.password());
      return wrong();
    }
    if (!VerifyPassword(a[0]["password_hash"].c_str(), r.password())) {
      return wrong();
    }
    const std::string account_id = a[0]["account_id"].c_str();
    AccountFromRow(a[0], out->mutable_account());
    AddMemberships(w, account_id, out->mutable_memberships());
    const v1::TenantRole* active = nullptr;
    for (const auto& m : out->memberships()) {
      if (wanted.empty() || m.tenant() == absl::StrCat("tenants/", wanted)) {
        active = &m;
        break;
      }
    }
    if (active == nullptr) {
      return wanted.empty() ? Denied("the account has no role on any tenant")
                            : Denied("the account has no role on this tenant");
    }
    *out->mutable_active() = *active;
    GeneratedKey token = GenerateSessionToken();
    pqxx::result s = w.exec_prepared(
        kSessionInsert.name, token.key_id, account_id,
        active->tenant().substr(8),
        pqxx::binarystring(token.digest.data(), token.digest.size()),
        kSessionSeconds);
    out->mutable_expire_time()->set_seconds(
        s[0]["expire_seconds"].as<int64_t>());
    out->set_session_token(token.plaintext);
    WriteAuditAs(
        w, c, out->account().name(),
        absl::StrCat(out->account().name(), "/sessions/", token.key_id));
    return absl::OkStatus();
  });
}

absl::Status AdminLogic::GetSession(Call& c, const v1::GetSessionRequest& r,
                                    v1::LoginResponse* out) {
  if (c.principal.session_id.empty()) {
    return Denied("this method needs a person's session");
  }
  return InPlatformTransaction(c, [&](pqxx::work& w) -> absl::Status {
    pqxx::result a = w.exec_prepared(kAccountById.name, c.principal.account_id);
    if (a.empty()) return NotFound(c.principal.key_id);
    AccountFromRow(a[0], out->mutable_account());
    AddMemberships(w, c.principal.account_id, out->mutable_memberships());
    out->mutable_active()->set_tenant(
        absl::StrCat("tenants/", c.principal.tenant));
    out->mutable_active()->set_role(c.principal.role);
    pqxx::result s =
        w.exec_prepared(kSessionExpire.name, c.principal.session_id);
    if (!s.empty()) {
      out->mutable_expire_time()->set_seconds(
          s[0]["expire_seconds"].as<int64_t>());
    }
    return absl::OkStatus();
  });
}

absl::Status AdminLogic::Logout(Call& c, const v1::LogoutRequest& r,
                                v1::LogoutResponse* out) {
  if (c.principal.session_id.empty()) {
    return Denied("this method needs a person's session");
  }
  return InPlatformTransaction(c, [&](pqxx::work& w) -> absl::Status {
    if (r.all()) {
      w.exec_prepared(kSessionRevokeAll.name, c.principal.account_id);
    } else {
      w.exec_prepared(kSessionRevoke.name, c.principal.session_id);
    }
    WriteAuditAs(w, c, c.principal.key_id,
                 r.all() ? c.principal.key_id
                         : absl::StrCat(c.principal.key_id, "/sessions/",
                                        c.principal.session_id));
    return absl::OkStatus();
  });
}

std::vector<storage::Statement> AccountStatements() {
  return {kAccountByEmail,     kAccountById,        kAccountInsert,
          kAccountSetPassword, kAccountRoles,       kAccountRoleInsert,
          kSessionInsert,      kSessionExpire,      kSessionRevoke,
          kSessionRevokeAll,   kPasswordLinkInsert, kPasswordLinkLock,
          kPasswordLinkUse};
}

}  // namespace poles::admin
