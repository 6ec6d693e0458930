#include "storage/tenant_transaction.h"

#include <cstdio>

#include <libpq-fe.h>

#include "absl/container/inlined_vector.h"
#include "absl/strings/str_cat.h"
#include "storage/sql_error.h"

namespace poles::storage {

absl::StatusOr<std::unique_ptr<TenantTransaction>> TenantTransaction::Begin(
    Session& session, const std::string& tenant,
    std::chrono::system_clock::time_point deadline) {
  if (tenant.empty()) {
    return absl::InternalError("tenant transaction without a tenant");
  }
  if (auto s = session.EnsureConnected(); !s.ok()) return s;
  std::unique_ptr<TenantTransaction> tx(new TenantTransaction(session, tenant));
  try {
    tx->work_ = std::make_unique<pqxx::work>(session.connection());
    tx->work_->exec_params(
        "SELECT set_config('poles.tenant_id', $1, true), "
        "set_config('statement_timeout', $2, true)",
        tenant, std::to_string(RemainingMillis(deadline)));
  } catch (const std::exception& e) {
    tx->work_.reset();
    session.Reset();
    return StatusFromException(e, "begin tenant transaction");
  }
  return tx;
}

absl::Status TenantTransaction::Commit() {
  try {
    work_->commit();
    return absl::OkStatus();
  } catch (const std::exception& e) {
    session_.Reset();
    return StatusFromException(e, "commit");
  }
}

absl::Status TenantTransaction::RollBack() {
  try {
    work_->abort();
    return absl::OkStatus();
  } catch (const std::exception& e) {
    session_.Reset();
    return StatusFromException(e, "rollback");
  }
}

absl::StatusOr<std::unique_ptr<PlatformTransaction>> PlatformTransaction::Begin(
    Session& session, std::chrono::system_clock::time_point deadline) {
  if (auto s = session.EnsureConnected(); !s.ok()) return s;
  std::unique_ptr<PlatformTransaction> tx(new PlatformTransaction(session));
  try {
    tx->work_ = std::make_unique<pqxx::work>(session.connection());
    tx->work_->exec_params("SELECT set_config('statement_timeout', $1, true)",
                           std::to_string(RemainingMillis(deadline)));
  } catch (const std::exception& e) {
    tx->work_.reset();
    session.Reset();
    return StatusFromException(e, "begin platform transaction");
  }
  return tx;
}

absl::Status PlatformTransaction::Commit() {
  try {
    work_->commit();
    return absl::OkStatus();
  } catch (const std::exception& e) {
    session_.Reset();
    return StatusFromException(e, "commit");
  }
}

namespace {

// The status of a failed pipelined step (`result` may be null).
absl::Status PipelineError(PGconn* conn, const PGresult* result,
                           const char* statement) {
  if (PQstatus(conn) != CONNECTION_OK) {
    return StatusFromSqlState(absl::StatusCode::kUnavailable, "",
                              PQerrorMessage(conn), statement);
  }
  const char* sqlstate = result != nullptr
                             ? PQresultErrorField(result, PG_DIAG_SQLSTATE)
                             : nullptr;
  absl::string_view state = sqlstate != nullptr ? sqlstate : "";
  return StatusFromSqlState(
      state.empty() ? absl::StatusCode::kInternal
                    : StatusCodeForSqlState(state),
      state,
      result != nullptr ? PQresultErrorMessage(result) : PQerrorMessage(conn),
      statement);
}

}  // namespace

absl::StatusOr<Rows> TenantRead(Session& session, const std::string& tenant,
                                std::chrono::system_clock::time_point deadline,
                                const char* statement,
                                const std::vector<Param>& params) {
  if (tenant.empty()) {
    return absl::InternalError("tenant read without a tenant");
  }
  if (auto s = session.EnsureConnected(); !s.ok()) return s;
  PGconn* conn = session.connection().raw();
  if (conn == nullptr || PQstatus(conn) != CONNECTION_OK) {
    session.Reset();
    return StatusFromSqlState(absl::StatusCode::kUnavailable, "",
                              "no connection", statement);
  }
  const std::string timeout = std::to_string(RemainingMillis(deadline));
  const char* tenant_values[2] = {tenant.c_str(), timeout.c_str()};
  char name[128];  // q_<statement>; registered names are short
  if (std::snprintf(name, sizeof(name), "q_%s", statement) >=
      static_cast<int>(sizeof(name))) {
    return absl::InternalError("statement name too long");
  }
  absl::InlinedVector<const char*, 16> values(params.size());
  for (size_t i = 0; i < params.size(); ++i) {
    values[i] = params[i].has_value() ? params[i]->c_str() : nullptr;
  }

  // Send: the two executions and the Sync, flushed together.
  if (PQenterPipelineMode(conn) != 1 ||
      PQsendQueryPrepared(conn, kSetTenantStatement, 2, tenant_values, nullptr,
                          nullptr, 0) != 1 ||
      PQsendQueryPrepared(conn, name, static_cast<int>(values.size()),
                          values.data(), nullptr, nullptr, 0) != 1 ||
      PQpipelineSync(conn) != 1) {
    absl::Status s = PipelineError(conn, nullptr, statement);
    session.Reset();  // a half-sent pipeline: start again on a new connection
    return s;
  }

  // Receive: each step's result then a null, then the Sync. After an error
  // the remaining step comes back PGRES_PIPELINE_ABORTED.
  Rows step[2];
  int index = 0;
  bool synced = false;
  while (true) {
    PGresult* r = PQgetResult(conn);
    if (r == nullptr) {
      if (index >= 2 || PQstatus(conn) != CONNECTION_OK) break;
      ++index;
      continue;
    }
    if (PQresultStatus(r) == PGRES_PIPELINE_SYNC) {
      PQclear(r);
      synced = true;
      break;
    }
    if (index < 2 && step[index].raw() == nullptr) {
      step[index] = Rows(r);
    } else {
      PQclear(r);
    }
  }
  if (!synced || PQexitPipelineMode(conn) != 1) {
    absl::Status s = PipelineError(conn, nullptr, statement);
    session.Reset();
    return s;
  }
  for (const Rows& r : step) {
    if (r.raw() == nullptr || PQresultStatus(r.raw()) != PGRES_TUPLES_OK) {
      return PipelineError(conn, r.raw(), statement);
    }
  }
  return step[1];
}

}  // namespace poles::storage
