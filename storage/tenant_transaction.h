#ifndef POLES_STORAGE_TENANT_TRANSACTION_H_
#define POLES_STORAGE_TENANT_TRANSACTION_H_

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include <pqxx/pqxx>

#include "absl/status/statusor.h"
#include "storage/session.h"

namespace poles::storage {

// The name of the transaction-local setting row-level security reads.
inline constexpr char kTenantSetting[] = "poles.tenant_id";

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

// Runs one registered read statement for `tenant` in a single round trip:
// one simple-protocol message holding
//   SET LOCAL poles.tenant_id = <tenant>;
//   SET LOCAL statement_timeout = <ms>;
//   EXECUTE q_<statement>(<params>)
// PostgreSQL runs a multi-statement message as one implicit transaction, so
// the tenant setting is transaction-local exactly as in TenantTransaction and
// is gone when the message completes. Parameters are quoted by libpq.
absl::StatusOr<pqxx::result> TenantRead(
    Session& session, const std::string& tenant,
    std::chrono::system_clock::time_point deadline, const char* statement,
    const std::vector<Param>& params);

}  // namespace poles::storage

#endif  // POLES_STORAGE_TENANT_TRANSACTION_H_
