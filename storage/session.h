#ifndef POLES_STORAGE_SESSION_H_
#define POLES_STORAGE_SESSION_H_

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <pqxx/pqxx>

// libpq's connection, by its public opaque name.
typedef struct pg_conn PGconn;

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace poles::storage {

// The name of the transaction-local setting row-level security reads.
inline constexpr char kTenantSetting[] = "poles.tenant_id";
// The server-side prepared statement that sets it (and statement_timeout)
// transaction-locally: q__tenant(tenant text, timeout_ms text).
inline constexpr char kSetTenantStatement[] = "q__tenant";

// A named SQL statement. The name doubles as the log and metric key.
// `params` are the PostgreSQL types of $1..$n (used by PREPARE).
struct Statement {
  const char* name;
  const char* params;  // e.g. "text, text"; empty for none
  const char* sql;
};

// Registers statements to be prepared on every new connection; a name
// already registered is kept once. Call at start-up, before the first
// Session connects: the server registers the statements of each component it
// hosts (RegisterServiceStatements in server/poles_server.h). Not thread-safe
// against concurrent Connect().
void RegisterStatements(const std::vector<Statement>& statements);

// All statements registered so far (a test executes each of them).
const std::vector<Statement>& RegisteredStatements();

// A parameter: a value, or SQL NULL.
using Param = std::optional<std::string>;

// A libpqxx connection that also keeps libpq's handle, for the pipelined
// reads libpqxx 6.4 cannot issue (TenantRead). It is pqxx::connection with a
// connection policy that records the handle whenever libpqxx (re)connects
// or disconnects.
class SessionConnection : public pqxx::connection_base {
 public:
  explicit SessionConnection(const std::string& url)
      : connection_base(policy_), policy_(url, &raw_) {
    init();
  }
  ~SessionConnection() noexcept { close(); }

  // libpq's handle; null while disconnected.
  PGconn* raw() const { return raw_; }

 private:
  class Policy : public pqxx::connect_direct {
   public:
    Policy(const std::string& url, PGconn** slot)
        : connect_direct(url), slot_(slot) {}
    handle do_startconnect(handle h) override {
      h = connect_direct::do_startconnect(h);
      *slot_ = h;
      return h;
    }
    handle do_dropconnect(handle h) noexcept override {
      *slot_ = nullptr;
      return connect_direct::do_dropconnect(h);
    }
    handle do_disconnect(handle h) noexcept override {
      *slot_ = nullptr;
      return connect_direct::do_disconnect(h);
    }

   private:
    PGconn** slot_;
  };

  PGconn* raw_ = nullptr;  // before policy_, which writes it
  Policy policy_;
};

// One database connection, owned by one worker thread. Not thread-safe.
//
// A Session connects lazily and reconnects after a broken connection. On
// connect it prepares every registered statement twice: for libpqxx's
// exec_prepared under its name, and server-side as q_<name> (with
// q__tenant, which sets the tenant and statement_timeout) for TenantRead's
// pipeline.
class Session {
 public:
  explicit Session(std::string url) : url_(std::move(url)) {}

  // Connects if not connected. UNAVAILABLE if the database cannot be reached.
  absl::Status EnsureConnected();

  // The live connection. EnsureConnected() must have succeeded.
  SessionConnection& connection() { return *conn_; }

  // Drops the connection after an error that may have broken it.
  void Reset() { conn_.reset(); }

 private:
  std::string url_;
  std::unique_ptr<SessionConnection> conn_;
};

// Milliseconds left before `deadline`, at least 1; used for
// statement_timeout so no statement outlives its RPC.
long RemainingMillis(std::chrono::system_clock::time_point deadline);

}  // namespace poles::storage

#endif  // POLES_STORAGE_SESSION_H_
