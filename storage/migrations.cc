#include "storage/migrations.h"

#include <map>

#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "base/digest.h"
#include "storage/sql_error.h"

namespace poles::storage {

namespace {
// Arbitrary constant: the advisory lock every migrator takes.
constexpr long long kMigrationLockKey = 0x506f6c6573;  // "Poles"
}  // namespace

absl::Status ApplyMigrations(
    const std::string& owner_url, const std::vector<Migration>& migrations,
    int lock_timeout_ms,
    const std::function<void(const std::string&)>& progress) {
  try {
    pqxx::connection conn(owner_url);
    {
      pqxx::nontransaction n(conn);
      n.exec("SET client_min_messages = warning");
      n.exec(absl::StrCat("SELECT pg_advisory_lock(", kMigrationLockKey, ")"));
      n.exec(
          "CREATE SCHEMA IF NOT EXISTS poles_meta; "
          "CREATE TABLE IF NOT EXISTS poles_meta.schema_migrations ("
          " name text PRIMARY KEY, checksum text NOT NULL,"
          " applied_at timestamptz NOT NULL DEFAULT now())");
    }
    std::map<std::string, std::string> applied;
    {
      pqxx::nontransaction n(conn);
      for (const auto& row :
           n.exec("SELECT name, checksum FROM poles_meta.schema_migrations")) {
        applied[row[0].c_str()] = row[1].c_str();
      }
    }
    std::map<std::string, std::string> known;
    for (const auto& m : migrations) known[m.name] = Sha256Hex(m.sql);

    absl::Status problem;
    for (const auto& [name, checksum] : applied) {
      auto it = known.find(name);
      if (it == known.end()) {
        problem = absl::FailedPreconditionError(absl::StrCat(
            "the database has migration ", name,
            " which this binary does not know: the schema is newer than the "
            "binary; deploy the matching version"));
        break;
      }
      if (it->second != checksum) {
        problem = absl::FailedPreconditionError(absl::StrCat(
            "migration ", name, " was changed after it was applied (checksum ",
            checksum.substr(0, 12), " in the database, ",
            it->second.substr(0, 12),
            " in this binary); released migrations must never be edited: add "
            "a new one"));
        break;
      }
    }
    if (problem.ok()) {
      for (const auto& m : migrations) {
        if (applied.count(m.name)) continue;
        pqxx::work tx(conn);
        tx.exec(absl::StrCat("SET LOCAL lock_timeout = ", lock_timeout_ms));
        tx.exec(m.sql);
        tx.exec_params(
            "INSERT INTO poles_meta.schema_migrations (name, checksum) "
            "VALUES ($1, $2)",
            m.name, known[m.name]);
        tx.commit();
        if (progress) progress(m.name);
      }
    }
    pqxx::nontransaction n(conn);
    n.exec(absl::StrCat("SELECT pg_advisory_unlock(", kMigrationLockKey, ")"));
    return problem;
  } catch (const pqxx::sql_error& e) {
    return absl::FailedPreconditionError(absl::StrCat(
        "migration failed (sqlstate ", e.sqlstate(), "): ", e.what()));
  } catch (const std::exception& e) {
    return absl::UnavailableError(
        absl::StrCat("cannot migrate the database: ", e.what()));
  }
}

}  // namespace poles::storage
