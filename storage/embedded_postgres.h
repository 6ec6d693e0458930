#ifndef POLES_STORAGE_EMBEDDED_POSTGRES_H_
#define POLES_STORAGE_EMBEDDED_POSTGRES_H_

#include <functional>
#include <memory>
#include <string>

#include "absl/status/statusor.h"

namespace poles::storage {

struct EmbeddedPostgresOptions {
  // Folder holding the cluster (pgdata/) and its superuser password. Created
  // if missing; a rerun reuses the cluster.
  std::string data_dir;
  // PostgreSQL 15's binaries (initdb, pg_ctl), as Debian installs them.
  std::string bin_dir = "/usr/lib/postgresql/15/bin";
  // TCP port on 127.0.0.1; 0 picks a free one.
  int port = 0;
  // OS user the cluster runs as when this process is root (PostgreSQL
  // refuses to run as root). Debian's postgresql package creates "postgres".
  std::string run_as_when_root = "postgres";
  // Turns off fsync and synchronous commit: for throwaway test clusters only.
  bool unsafe_fast = false;
  // Told what is happening ("initialising cluster…"), for CLI progress.
  std::function<void(const std::string&)> progress;
};

// Connection strings for the three roles the platform uses.
struct DatabaseUrls {
  // poles_owner: owns the schema, runs migrations.
  std::string owner_url;
  // poles_app: what the tenant services connect as (no ownership, no
  // BYPASSRLS, no write to tenants, territories or API keys).
  std::string app_url;
  // poles_admin: what the admin service alone connects as (tenants, their
  // territories, API keys); no ownership, no BYPASSRLS.
  std::string admin_url;
};

// A private PostgreSQL cluster in a data folder, listening on 127.0.0.1 only,
// password-authenticated (scram-sha-256). Not thread-safe.
class EmbeddedPostgres {
 public:
  // Initialises the cluster if the folder has none, starts it, and waits
  // until it accepts connections. A stale server left running in the folder
  // is stopped first.
  static absl::StatusOr<std::unique_ptr<EmbeddedPostgres>> Start(
      EmbeddedPostgresOptions options);

  // Stops the cluster (fast shutdown) if still running.
  ~EmbeddedPostgres();

  absl::Status Stop();

  int port() const { return port_; }

  // The superuser's URL for `database`.
  std::string SuperuserUrl(const std::string& database = "postgres") const;

  // Creates (or updates) the roles poles_owner, poles_app and poles_admin
  // with fresh random passwords and the database `database` owned by
  // poles_owner, and returns their URLs. Idempotent.
  absl::StatusOr<DatabaseUrls> Bootstrap(const std::string& database = "poles");

 private:
  explicit EmbeddedPostgres(EmbeddedPostgresOptions options)
      : options_(std::move(options)) {}

  std::string pgdata() const;
  absl::Status Run(const std::vector<std::string>& argv, bool as_cluster_user);

  EmbeddedPostgresOptions options_;
  std::string run_as_;  // empty when not root
  std::string superuser_password_;
  int port_ = 0;
  bool running_ = false;
};

}  // namespace poles::storage

#endif  // POLES_STORAGE_EMBEDDED_POSTGRES_H_
