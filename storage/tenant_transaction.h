#ifndef POLES_STORAGE_TENANT_TRANSACTION_H_
#define POLES_STORAGE_TENANT_TRANSACTION_H_

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include <pqxx/pqxx>

#include "absl/status/statusor.h"
#include "storage/rows.h"
#include "storage/session.h"

namespace poles::storage {

// A read-write transaction scoped to one tenant. This is the only way tenant
// rows are written.
//
// Construction opens the transaction, sets `poles.tenant_id` and
// `statement_timeout` transaction-locally (set_config(..., true)), so the
// setting can never leak to the next user of the pooled connection. The
// destructor rolls back unless Commit() was called.
//
// Usage:
//   auto tx = TenantTransaction::Begin(session, "centre-du-quebec", deadline);
//   if (!tx.ok()) return tx.status();
//   (*tx)->work().exec_prepared("plans_insert", ...);
//   return (*tx)->Commit();
class TenantTransaction {
 public:
  static absl::StatusOr<std::unique_ptr<TenantTransaction>> Begin(
      Session& session, const std::string& tenant,
      std::chrono::system_clock::time_point deadline);

  pqxx::work& work() { return *work_; }
  const std::string& tenant() const { return tenant_; }

  // Commits. On failure the transaction is rolled back and the mapped
  // status returned.
  absl::Status Commit();

  // Rolls back on purpose (a dry run), now rather than at destruction, so
  // that a failure is reported: the mapped status.
  absl::Status RollBack();

 private:
  TenantTransaction(Session& session, std::string tenant)
      : session_(session), tenant_(std::move(tenant)) {}

  Session& session_;
  std::string tenant_;
  std::unique_ptr<pqxx::work> work_;
};

// A transaction on platform tables only (tenant registry, API keys,
// reference data): no tenant is set, so every tenant table reads as empty
// under row-level security.
class PlatformTransaction {
 public:
  static absl::StatusOr<std::unique_ptr<PlatformTransaction>> Begin(
      Session& session, std::chrono::system_clock::time_point deadline);

  pqxx::work& work() { return *work_; }
  absl::Status Commit();

 private:
  explicit PlatformTransaction(Session& session) : session_(session) {}
  Session& session_;
  std::unique_ptr<pqxx::work> work_;
};

// Runs one registered read statement for `tenant` in a single round trip,
// with libpq's pipeline mode: two prepared executions and one Sync,
//   q__tenant(<tenant>, <ms>)   set_config(poles.tenant_id / statement_timeout,
//                               transaction-local)
//   q_<statement>(<params>)
//   Sync
// PostgreSQL runs everything before a Sync as one implicit transaction, so
// the tenant setting is transaction-local exactly as in TenantTransaction and
// is gone at the Sync; if the first fails the second is not run. Parameters
// travel out of band (no quoting). libpqxx 6.4 has no pipeline, hence
// storage::Rows rather than pqxx::result.
absl::StatusOr<Rows> TenantRead(Session& session, const std::string& tenant,
                                std::chrono::system_clock::time_point deadline,
                                const char* statement,
                                const std::vector<Param>& params);

}  // namespace poles::storage

#endif  // POLES_STORAGE_TENANT_TRANSACTION_H_
