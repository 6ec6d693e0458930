#ifndef POLES_STORAGE_MIGRATIONS_H_
#define POLES_STORAGE_MIGRATIONS_H_

#include <functional>
#include <string>
#include <vector>

#include "absl/status/status.h"

namespace poles::storage {

// A numbered schema migration: `name` is the file name
// ("0001_platform.sql"), `sql` its content.
struct Migration {
  std::string name;
  std::string sql;
};

// The migrations compiled into this binary, in order.
const std::vector<Migration>& EmbeddedMigrations();

// Applies `migrations` to the database at `owner_url` (the owner role):
// under a session advisory lock, each pending migration in its own
// transaction with `lock_timeout`, recorded in poles_meta.schema_migrations
// with its SHA-256 checksum.
//
// Returns FAILED_PRECONDITION, naming the migration, and applies nothing if
// an applied migration's checksum differs from the binary's (a released
// migration was edited) or the database has a migration this binary does not
// know (it is older than the schema). `progress` is told each applied name.
absl::Status ApplyMigrations(
    const std::string& owner_url, const std::vector<Migration>& migrations,
    int lock_timeout_ms = 10000,
    const std::function<void(const std::string&)>& progress = nullptr);

}  // namespace poles::storage

#endif  // POLES_STORAGE_MIGRATIONS_H_
