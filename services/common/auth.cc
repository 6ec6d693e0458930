#include "services/common/auth.h"

#include <openssl/crypto.h>
#include <openssl/rand.h>
#include <pqxx/pqxx>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "base/digest.h"
#include "base/random.h"
#include "services/common/errors.h"
#include "services/common/status_macros.h"
#include "storage/sql_error.h"
#include "storage/tenant_transaction.h"

namespace poles {

namespace {

constexpr size_t kKeyIdHex = 16;
constexpr size_t kSecretHex = 64;

bool IsLowerHex(absl::string_view s) {
  for (char c : s) {
    if (!(absl::ascii_isdigit(c) || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

absl::Status Unauthenticated(absl::string_view why) {
  return WithReason(absl::UnauthenticatedError(why), "UNAUTHENTICATED");
}

const storage::Statement kLookupKey = {
    "auth_lookup_key", "text",
    "SELECT digest, role, COALESCE(tenant_slug, ''), "
    "COALESCE(floor(extract(epoch FROM expire_time))::bigint, -1), "
    "revoke_time IS NOT NULL "
    "FROM poles.api_keys WHERE key_id = $1"};

// A session with the account's current role on the session's tenant; no
// role (taken away): no row.
const storage::Statement kLookupSession = {
    "auth_lookup_session", "text",
    "SELECT s.digest, s.account_id, s.tenant_slug, r.role, "
    "s.revoke_time IS NOT NULL OR s.expire_time <= now() AS dead "
    "FROM poles.sessions s JOIN poles.account_roles r "
    "ON r.account_id = s.account_id AND r.tenant_slug = s.tenant_slug "
    "WHERE s.session_id = $1"};

absl::Status ParseToken(absl::string_view prefix, absl::string_view key,
                        std::string* id, std::string* digest) {
  if (key.size() != 3 + kKeyIdHex + 1 + kSecretHex ||
      !absl::StartsWith(key, prefix) || key[3 + kKeyIdHex] != '_') {
    return Unauthenticated(prefix == "pk_" ? "the API key is malformed"
                                           : "the session is malformed");
  }
  absl::string_view head = key.substr(3, kKeyIdHex);
  absl::string_view secret = key.substr(3 + kKeyIdHex + 1);
  if (!IsLowerHex(head) || !IsLowerHex(secret)) {
    return Unauthenticated(prefix == "pk_" ? "the API key is malformed"
                                           : "the session is malformed");
  }
  *id = std::string(head);
  *digest = Sha256(secret);
  return absl::OkStatus();
}

// The live API keys a fresh server learns the scheduling key of.
const storage::Statement kLiveKeys = {
    "auth_live_keys", "integer",
    "SELECT key_id, digest, role, COALESCE(tenant_slug, '') "
    "FROM poles.api_keys WHERE revoke_time IS NULL "
    "AND (expire_time IS NULL OR expire_time > now()) LIMIT $1"};

// The sessions a fresh server learns the scheduling key of, with
// kLiveKeys: live (not signed out, not expired) sessions, by their tenant.
const storage::Statement kLiveSessions = {
    "auth_live_sessions", "integer",
    "SELECT session_id, digest, tenant_slug FROM poles.sessions "
    "WHERE revoke_time IS NULL AND expire_time > now() LIMIT $1"};

}  // namespace

GeneratedKey GenerateSessionToken() {
  GeneratedKey k;
  k.key_id = RandomHex(kKeyIdHex / 2);
  std::string secret = RandomHex(kSecretHex / 2);
  k.plaintext = absl::StrCat("ps_", k.key_id, "_", secret);
  k.digest = Sha256(secret);
  return k;
}

bool IsSessionToken(absl::string_view token) {
  std::string id, digest;
  return ParseToken("ps_", token, &id, &digest).ok();
}

absl::Status ParseSessionToken(absl::string_view token, std::string* session_id,
                               std::string* digest) {
  return ParseToken("ps_", token, session_id, digest);
}

std::string CsrfTokenFor(absl::string_view session_token) {
  return absl::BytesToHexString(
      Sha256(absl::StrCat("poles-csrf-v1:", session_token)));
}

GeneratedKey GenerateApiKey() {
  GeneratedKey k;
  k.key_id = RandomHex(kKeyIdHex / 2);
  std::string secret = RandomHex(kSecretHex / 2);
  k.plaintext = absl::StrCat("pk_", k.key_id, "_", secret);
  k.digest = Sha256(secret);
  return k;
}

absl::Status ParseApiKey(absl::string_view key, std::string* key_id,
                         std::string* digest) {
  return ParseToken("pk_", key, key_id, digest);
}

std::string RoleName(v1::Role role) {
  switch (role) {
    case v1::ROLE_EDITOR:
      return "editor";
    case v1::ROLE_VIEWER:
      return "viewer";
    case v1::ROLE_ADMIN:
      return "admin";
    case v1::ROLE_NATIONAL:
      return "national";
    case v1::ROLE_FUNDING:
      return "funding";
    case v1::ROLE_SERVICE:
      return "service";
    default:
      return "";
  }
}

v1::Role RoleFromName(absl::string_view name) {
  if (name == "editor") return v1::ROLE_EDITOR;
  if (name == "viewer") return v1::ROLE_VIEWER;
  if (name == "admin") return v1::ROLE_ADMIN;
  if (name == "national") return v1::ROLE_NATIONAL;
  if (name == "funding") return v1::ROLE_FUNDING;
  if (name == "service") return v1::ROLE_SERVICE;
  return v1::ROLE_UNSPECIFIED;
}

absl::StatusOr<Principal> Authenticator::Authenticate(
    storage::Session& session, absl::string_view authorization,
    std::chrono::system_clock::time_point deadline) {
  if (authorization.empty()) {
    return Unauthenticated(
        "missing credentials: send 'authorization: Bearer <API key>'");
  }
  if (!absl::StartsWithIgnoreCase(authorization, "bearer ")) {
    return Unauthenticated("the authorization header must be 'Bearer <key>'");
  }
  const absl::string_view presented =
      absl::StripAsciiWhitespace(absl::string_view(authorization).substr(7));
  if (absl::StartsWith(presented, "ps_")) {
    return AuthenticateSession(session, presented, deadline);
  }
  std::string key_id, digest;
  if (auto s = ParseApiKey(presented, &key_id, &digest); !s.ok()) {
    return s;
  }
  const auto now = std::chrono::system_clock::now();
  std::shared_ptr<const Entry> entry;
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = cache_.find(key_id);
    if (it != cache_.end() &&
        std::chrono::steady_clock::now() - it->second->fetched < cache_ttl_) {
      entry = it->second;
    }
  }
  if (entry == nullptr) {
    if (auto s = session.EnsureConnected(); !s.ok()) return s;
    auto fresh = std::make_shared<Entry>();
    try {
      pqxx::nontransaction tx(session.connection());
      tx.exec_params("SELECT set_config('statement_timeout', $1, false)",
                     std::to_string(storage::RemainingMillis(deadline)));
      pqxx::result r = tx.exec_prepared(kLookupKey.name, key_id);
      tx.exec("SELECT set_config('statement_timeout', '0', false)");
      if (r.empty() || r[0][4].as<bool>()) {
        return Unauthenticated("the API key is unknown or revoked");
      }
      pqxx::binarystring stored(r[0][0]);
      fresh->digest = stored.str();
      fresh->principal.key_id = key_id;
      fresh->principal.role = RoleFromName(r[0][1].c_str());
      fresh->principal.tenant = r[0][2].c_str();
      long long expire = r[0][3].as<long long>();
      fresh->expire_time = expire < 0
                               ? std::chrono::system_clock::time_point::max()
                               : std::chrono::system_clock::time_point(
                                     std::chrono::seconds(expire));
      fresh->fetched = std::chrono::steady_clock::now();
    } catch (const std::exception& e) {
      session.Reset();
      return storage::StatusFromException(e, kLookupKey.name);
    }
    entry = fresh;
    std::lock_guard<std::mutex> lock(mu_);
    cache_[key_id] = entry;
  }
  if (entry->digest.size() != digest.size() ||
      CRYPTO_memcmp(entry->digest.data(), digest.data(), digest.size()) != 0) {
    return Unauthenticated("the API key is unknown or revoked");
  }
  if (now >= entry->expire_time) {
    return Unauthenticated("the API key has expired");
  }
  RememberScheduling(key_id, entry->digest, entry->principal);
  return entry->principal;
}

void Authenticator::RememberScheduling(const std::string& id,
                                       const std::string& digest,
                                       const Principal& principal) {
  const bool tenant_role =
      principal.role == v1::ROLE_EDITOR || principal.role == v1::ROLE_VIEWER;
  std::lock_guard<std::mutex> lock(mu_);
  auto [it, inserted] = scheduling_.try_emplace(id);
  if (inserted) {
    it->second = Scheduling{
        digest, tenant_role ? absl::StrCat("tenants/", principal.tenant) : ""};
  }
}

absl::StatusOr<Principal> Authenticator::AuthenticateSession(
    storage::Session& session, absl::string_view token,
    std::chrono::system_clock::time_point deadline) {
  std::string session_id, digest;
  POLES_RETURN_IF_ERROR(ParseSessionToken(token, &session_id, &digest));
  if (auto s = session.EnsureConnected(); !s.ok()) return s;
  Principal p;
  try {
    pqxx::nontransaction tx(session.connection());
    tx.exec_params("SELECT set_config('statement_timeout', $1, false)",
                   std::to_string(storage::RemainingMillis(deadline)));
    pqxx::result r = tx.exec_prepared(kLookupSession.name, session_id);
    tx.exec("SELECT set_config('statement_timeout', '0', false)");
    if (r.empty() || r[0]["dead"].as<bool>()) {
      return Unauthenticated("the session is unknown, expired or signed out");
    }
    const std::string stored = pqxx::binarystring(r[0]["digest"]).str();
    if (stored.size() != digest.size() ||
        CRYPTO_memcmp(stored.data(), digest.data(), digest.size()) != 0) {
      return Unauthenticated("the session is unknown, expired or signed out");
    }
    p.session_id = session_id;
    p.account_id = r[0]["account_id"].c_str();
    p.key_id = absl::StrCat("accounts/", p.account_id);
    p.tenant = r[0]["tenant_slug"].c_str();
    p.role = RoleFromName(r[0]["role"].c_str());
    RememberScheduling(absl::StrCat("ps_", session_id), stored, p);
  } catch (const std::exception& e) {
    session.Reset();
    return storage::StatusFromException(e, kLookupSession.name);
  }
  return p;
}

std::string Authenticator::SchedulingKey(absl::string_view authorization) {
  std::string key_id, digest;
  if (!absl::StartsWithIgnoreCase(authorization, "bearer ")) {
    return kUnverifiedSchedulingKey;
  }
  const absl::string_view presented =
      absl::StripAsciiWhitespace(authorization.substr(7));
  if (ParseSessionToken(presented, &key_id, &digest).ok()) {
    // Sessions are remembered as "ps_<id>", apart from API key ids.
    key_id = absl::StrCat("ps_", key_id);
  } else if (!ParseApiKey(presented, &key_id, &digest).ok()) {
    return kUnverifiedSchedulingKey;
  }
  std::lock_guard<std::mutex> lock(mu_);
  auto it = scheduling_.find(key_id);
  if (it == scheduling_.end() || it->second.digest.size() != digest.size() ||
      CRYPTO_memcmp(it->second.digest.data(), digest.data(), digest.size()) !=
          0) {
    return kUnverifiedSchedulingKey;
  }
  return it->second.key;
}

absl::StatusOr<int> Authenticator::LearnSchedulingKeys(
    storage::Session& session, int max_keys) {
  if (auto s = session.EnsureConnected(); !s.ok()) return s;
  pqxx::result rows;
  pqxx::result sessions;
  try {
    pqxx::nontransaction tx(session.connection());
    rows = tx.exec_prepared(kLiveKeys.name, max_keys);
    sessions = tx.exec_prepared(kLiveSessions.name, max_keys);
  } catch (const std::exception& e) {
    session.Reset();
    return storage::StatusFromException(e, kLiveKeys.name);
  }
  int learned = 0;
  std::lock_guard<std::mutex> lock(mu_);
  for (const auto& row : rows) {
    const v1::Role role = RoleFromName(row[2].c_str());
    const bool tenant_role = role == v1::ROLE_EDITOR || role == v1::ROLE_VIEWER;
    auto [it, inserted] = scheduling_.try_emplace(row[0].c_str());
    if (!inserted) continue;
    it->second =
        Scheduling{pqxx::binarystring(row[1]).str(),
                   tenant_role ? absl::StrCat("tenants/", row[3].c_str()) : ""};
    ++learned;
  }
  // A person's session is always on one tenant (editor or viewer there);
  // a role taken away since is Authenticate's business, not scheduling's.
  for (const auto& row : sessions) {
    auto [it, inserted] =
        scheduling_.try_emplace(absl::StrCat("ps_", row[0].c_str()));
    if (!inserted) continue;
    it->second = Scheduling{pqxx::binarystring(row[1]).str(),
                            absl::StrCat("tenants/", row[2].c_str())};
    ++learned;
  }
  return learned;
}

void Authenticator::Forget(const std::string& key_id) {
  std::lock_guard<std::mutex> lock(mu_);
  cache_.erase(key_id);
}

absl::Status Authorize(const Principal& principal, Access access,
                       absl::string_view tenant) {
  auto denied = [](absl::string_view why) {
    return WithReason(absl::PermissionDeniedError(why), "PERMISSION_DENIED");
  };
  switch (access) {
    case Access::kAnyKey:
      return absl::OkStatus();
    case Access::kAdmin:
      if (principal.role == v1::ROLE_ADMIN) return absl::OkStatus();
      return denied("this method needs the platform admin role");
    case Access::kSummary:
      if (principal.role == v1::ROLE_SERVICE) return absl::OkStatus();
      if (principal.role != v1::ROLE_EDITOR &&
          principal.role != v1::ROLE_VIEWER) {
        return denied(
            "summaries need a tenant role or the platform service role");
      }
      if (!tenant.empty() && principal.tenant != tenant) {
        return denied("the key has no access to this tenant");
      }
      return absl::OkStatus();
    case Access::kNationalOrAdmin:
      if (principal.role == v1::ROLE_NATIONAL ||
          principal.role == v1::ROLE_ADMIN) {
        return absl::OkStatus();
      }
      return denied("this method needs the national or the admin role");
    case Access::kTenantReadOrPlatform:
      if (principal.role == v1::ROLE_NATIONAL ||
          principal.role == v1::ROLE_FUNDING ||
          principal.role == v1::ROLE_SERVICE) {
        return absl::OkStatus();
      }
      if (principal.role != v1::ROLE_EDITOR &&
          principal.role != v1::ROLE_VIEWER) {
        return denied(
            "this method needs a tenant role or the national, funding or "
            "service role");
      }
      if (!tenant.empty() && principal.tenant != tenant) {
        return denied("the key has no access to this tenant");
      }
      return absl::OkStatus();
    case Access::kPublic:
      if (principal.role == v1::ROLE_SERVICE) return absl::OkStatus();
      [[fallthrough]];
    case Access::kTenantRead:
    case Access::kTenantWrite: {
      bool role_ok =
          principal.role == v1::ROLE_EDITOR ||
          (access != Access::kTenantWrite && principal.role == v1::ROLE_VIEWER);
      if (!role_ok) {
        return denied(access == Access::kTenantWrite
                          ? "this method needs the editor role on the tenant"
                          : "this method needs a tenant role (editor or "
                            "viewer)");
      }
      if (!tenant.empty() && principal.tenant != tenant) {
        return denied("the key has no access to this tenant");
      }
      return absl::OkStatus();
    }
  }
  return denied("permission denied");
}

std::vector<storage::Statement> AuthStatements() {
  return {kLookupKey, kLookupSession, kLiveKeys, kLiveSessions};
}

}  // namespace poles
