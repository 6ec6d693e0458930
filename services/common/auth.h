#ifndef POLES_SERVICES_COMMON_AUTH_H_
#define POLES_SERVICES_COMMON_AUTH_H_

#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "poles/v1/common.pb.h"
#include "storage/session.h"

namespace poles {

// Who is calling: an authenticated API key, or a person's session (a
// session token, below).
struct Principal {
  // The API key id, or "accounts/<account id>" for a session: what the
  // audit trail records as the actor.
  std::string key_id;
  v1::Role role = v1::ROLE_UNSPECIFIED;
  // The tenant slug for tenant roles (editor, viewer); empty for platform
  // roles (admin, national, funding).
  std::string tenant;
  // For a session: its id and the account's; empty for an API key.
  std::string session_id;
  std::string account_id;
};

// What a method needs.
enum class Access {
  kTenantRead,   // editor or viewer of the resource's tenant
  kTenantWrite,  // editor of the resource's tenant
  kAdmin,        // the platform admin
  kAnyKey,       // any valid key (shared reference data)
  kSummary,      // editor or viewer of the tenant, or the platform service
                 // role: indicator summaries (aggregates only)
  kPublic,       // editor or viewer of the tenant, or the platform service
                 // role: what the tenant publishes (public events, the
                 // public directory), for the gateway's public pages
  kTenantReadOrPlatform,  // editor or viewer of the tenant, or the national,
                          // funding or service role (a fiscal year's state)
  kNationalOrAdmin,       // the national or the admin role (unlocking a
                          // submitted fiscal year), for any tenant
};

// A freshly generated API key. `plaintext` is `pk_<key_id>_<secret>`: a
// 16-hex-digit id and 64 hex digits (256 random bits) of secret.
struct GeneratedKey {
  std::string key_id;
  std::string plaintext;
  std::string digest;  // SHA-256 of the secret, 32 raw bytes
};
GeneratedKey GenerateApiKey();

// Splits a presented key into id and secret digest. UNAUTHENTICATED if it is
// not of the form above.
absl::Status ParseApiKey(absl::string_view key, std::string* key_id,
                         std::string* digest);

// A person's session credential, made at sign-in (AdminService.Login):
// `plaintext` is `ps_<session_id>_<secret>` in the same shape as an API key;
// only the secret's SHA-256 digest is stored (poles.sessions). The gateway's
// HTTP front door keeps it in the poles_session cookie and presents it to
// the services as `authorization: Bearer ps_...`; the services look it up
// on every call (no cache: a revoked or signed-out session is refused at
// once), with the account's current role on the session's tenant.
GeneratedKey GenerateSessionToken();
bool IsSessionToken(absl::string_view token);  // "ps_" and the shape above
absl::Status ParseSessionToken(absl::string_view token, std::string* session_id,
                               std::string* digest);
// The CSRF token of a session: hex SHA-256 of a fixed label and the
// session token, so the front door checks it without the database and a
// page that cannot read the HttpOnly cookie learns it only from
// /auth/login or /auth/session.
std::string CsrfTokenFor(absl::string_view session_token);

std::string RoleName(v1::Role role);       // "editor"
v1::Role RoleFromName(absl::string_view);  // ROLE_UNSPECIFIED if unknown

// Authenticates `authorization: Bearer <key>` headers against the api_keys
// table. Valid keys are cached for `cache_ttl` (revocation and expiry take
// effect within that time; expiry is also checked on every call). The digest
// comparison is constant-time. Keys are never logged. Thread-safe.
class Authenticator {
 public:
  explicit Authenticator(std::chrono::milliseconds cache_ttl)
      : cache_ttl_(cache_ttl) {}

  // UNAUTHENTICATED when the header is missing, malformed, unknown, revoked
  // or expired (the message does not say which, beyond "missing"). A session
  // token (ps_...) is looked up on every call.
  absl::StatusOr<Principal> Authenticate(
      storage::Session& session, absl::string_view authorization,
      std::chrono::system_clock::time_point deadline);

  // Forgets a key at once (after a revocation through this server).
  void Forget(const std::string& key_id);

  // The key a request is scheduled under (storage::FairShare), from its
  // authorization header alone, without the database (for gRPC's threads):
  // "tenants/<slug>" for a tenant key (editor, viewer) or a person's
  // session (ps_...) this server has authenticated before or learned
  // (LearnSchedulingKeys), "" (not limited) for such a platform key, and
  // kUnverifiedSchedulingKey for any other header (missing, malformed, not
  // seen yet, or with a wrong secret), which all share one tenant's share.
  // It decides nothing else: Authenticate() still runs on every call.
  std::string SchedulingKey(absl::string_view authorization);
  static constexpr char kUnverifiedSchedulingKey[] = "unverified";

  // Learns the scheduling key of every live key (not revoked, not expired)
  // from the api_keys table, and of every live person's session (not
  // signed out, not expired) from the sessions table, as if each had been
  // authenticated once, so a freshly started server schedules its callers under
  // their own tenants at once instead of all under kUnverifiedSchedulingKey (a
  // restart would otherwise queue every tenant's first calls behind one share).
  // Only SchedulingKey() uses it: Authenticate() still checks every call. At
  // most `max_keys` keys and as many sessions are read. Returns how many it
  // learned.
  absl::StatusOr<int> LearnSchedulingKeys(storage::Session& session,
                                          int max_keys = 100000);

 private:
  struct Entry {
    std::string digest;
    Principal principal;
    std::chrono::system_clock::time_point expire_time;  // max() if none
    std::chrono::steady_clock::time_point fetched;
  };
  std::chrono::milliseconds cache_ttl_;
  std::mutex mu_;
  // Shared so a hit copies a pointer, not the entry, under the lock.
  std::unordered_map<std::string, std::shared_ptr<const Entry>> cache_;
  // Key id, or "ps_<session id>" for a session, -> (secret digest,
  // scheduling key) of every key or session authenticated
  // here: a key's tenant never changes, so this is never stale for
  // scheduling (revocation is Authenticate's business).
  struct Scheduling {
    std::string digest;
    std::string key;
  };
  std::unordered_map<std::string, Scheduling> scheduling_;

  absl::StatusOr<Principal> AuthenticateSession(
      storage::Session& session, absl::string_view token,
      std::chrono::system_clock::time_point deadline);
  void RememberScheduling(const std::string& id, const std::string& digest,
                          const Principal& principal);
};

// The one authorisation check every handler runs: does `principal` have
// `access` on `tenant` (empty for platform-level methods)? PERMISSION_DENIED
// otherwise, whether or not the resource exists.
absl::Status Authorize(const Principal& principal, Access access,
                       absl::string_view tenant);

// The prepared statements of the API-key lookup. The server registers them
// (storage::RegisterStatements) at start-up, before its first connection.
std::vector<storage::Statement> AuthStatements();

}  // namespace poles

#endif  // POLES_SERVICES_COMMON_AUTH_H_
