#ifndef POLES_SERVER_BOOTSTRAP_H_
#define POLES_SERVER_BOOTSTRAP_H_

#include <functional>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "storage/embedded_postgres.h"

namespace poles {

// Where the database is: either a private cluster in a data folder, or
// existing connection strings.
struct DatabaseChoice {
  std::string data_dir;      // embedded when set
  std::string owner_url;     // migrations run when set (or embedded)
  std::string app_url;       // what the tenant services use (poles_app)
  std::string admin_url;     // what the admin service uses (poles_admin)
  bool unsafe_fast = false;  // embedded test clusters only
  std::function<void(const std::string&)> progress;
};

// A ready database: the embedded cluster (if any) stays up while this lives.
struct ReadyDatabase {
  std::unique_ptr<storage::EmbeddedPostgres> embedded;
  storage::DatabaseUrls urls;
};

// Starts the embedded cluster if asked, bootstraps its roles, and applies the
// migrations (as the owner) when an owner URL is known.
absl::StatusOr<ReadyDatabase> PrepareDatabase(const DatabaseChoice& choice);

// Issues an API key directly through the owner connection (first admin key
// of a fresh platform; demo tenants' keys). Returns the plaintext key.
absl::StatusOr<std::string> IssueKeyDirect(const std::string& owner_url,
                                           const std::string& role,
                                           const std::string& tenant,
                                           const std::string& display_name);

// What an erasure (ErasePerson, Loi 25) leaves behind in the live database:
// the person's earlier row versions and the deleted stored replies of the
// CreatePerson calls stay in poles.people's and poles.idempotency_keys' data
// files as dead tuples until a VACUUM. Run as the owner (VACUUM needs the
// table's owner in PostgreSQL 15; the services' roles own nothing):
//   VACUUM (FULL, ANALYZE) poles.people   rewrites the table's file, so no
//                                          old version's bytes remain in it
//                                          (an ACCESS EXCLUSIVE lock for the
//                                          rewrite: milliseconds for
//                                          thousands of people)
//   VACUUM (ANALYZE) poles.idempotency_keys  removes the dead replies (their
//                                          bytes stay in the page's free
//                                          space until it is reused)
// See docs/privacy.md for what stays in WAL and backups.
absl::Status PurgeErased(const std::string& owner_url);

// Reads a secret file, or creates it (mode 0600) with `bytes` random bytes
// in hex. Used for the embedded run's page-token secret.
absl::StatusOr<std::string> ReadOrCreateSecret(const std::string& path,
                                               int bytes);

// Writes `text` to `path` with mode 0600, creating parent folders (0700).
absl::Status WritePrivateFile(const std::string& path, const std::string& text);

}  // namespace poles

#endif  // POLES_SERVER_BOOTSTRAP_H_
