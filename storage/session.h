#ifndef POLES_STORAGE_SESSION_H_
#define POLES_STORAGE_SESSION_H_

#include <chrono>
#include <memory>
#include <mutex>
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

// The socket of a live connection, as another thread may cut it
// (Session::Interrupt). Thread-safe.
class SocketWatch {
 public:
  // Records the socket of a connection just made (`fd` < 0: none).
  void Connected(int fd);
  // Forgets it; called before the socket is closed.
  void Disconnected();
  // shutdown(2) of the recorded socket, if it is still the one recorded
  // (same local address, and same peer unless it was recorded while still
  // connecting): a read blocked on it returns at once. False when there is
  // nothing (new) to cut: no socket, another one, or this one cut already.
  bool Cut();

 private:
  std::mutex mu_;
  int fd_ = -1;
  bool cut_ = false;          // fd_ was shut down already
  std::string local_, peer_;  // getsockname / getpeername bytes
};

// A libpqxx connection that also keeps libpq's handle, for the pipelined
// reads libpqxx 6.4 cannot issue (TenantRead). It is pqxx::connection with a
// connection policy that records the handle (and the socket, in `watch`)
// whenever libpqxx (re)connects or disconnects.
class SessionConnection : public pqxx::connection_base {
 public:
  SessionConnection(const std::string& url, SocketWatch* watch)
      : connection_base(policy_), policy_(url, &raw_, watch) {
    init();
  }
  ~SessionConnection() noexcept { close(); }

  // libpq's handle; null while disconnected.
  PGconn* raw() const { return raw_; }

 private:
  class Policy : public pqxx::connect_direct {
   public:
    Policy(const std::string& url, PGconn** slot, SocketWatch* watch)
        : connect_direct(url), slot_(slot), watch_(watch) {}
    handle do_startconnect(handle h) override;
    handle do_dropconnect(handle h) noexcept override {
      *slot_ = nullptr;
      watch_->Disconnected();
      return connect_direct::do_dropconnect(h);
    }
    handle do_disconnect(handle h) noexcept override {
      *slot_ = nullptr;
      watch_->Disconnected();
      return connect_direct::do_disconnect(h);
    }

   private:
    PGconn** slot_;
    SocketWatch* watch_;
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
//
// libpqxx's automatic reactivation is off: a connection it restored by
// itself would have lost the server-side statements prepared here (and any
// session state), so a broken connection surfaces as an error instead and
// the next use connects afresh, preparing everything again.
class Session {
 public:
  explicit Session(std::string url) : url_(std::move(url)) {}

  // Connects if not connected. UNAVAILABLE if the database cannot be reached.
  absl::Status EnsureConnected();

  // The live connection. EnsureConnected() must have succeeded.
  SessionConnection& connection() { return *conn_; }

  // Drops the connection after an error that may have broken it.
  void Reset() { conn_.reset(); }

  // Cuts the connection's socket from another thread, so that a statement
  // blocked on a connection that will never answer (a network partition,
  // a peer gone without a word) fails now with a broken connection, which
  // the owning thread maps to UNAVAILABLE and resets. Thread-safe; false
  // when not connected. The pool's watchdog calls it for a task past its
  // deadline (WorkerPool).
  bool Interrupt() { return watch_.Cut(); }

 private:
  std::string url_;
  SocketWatch watch_;  // before conn_, whose policy points to it
  std::unique_ptr<SessionConnection> conn_;
};

// Milliseconds left before `deadline`, at least 1; used for
// statement_timeout so no statement outlives its RPC.
long RemainingMillis(std::chrono::system_clock::time_point deadline);

}  // namespace poles::storage

#endif  // POLES_STORAGE_SESSION_H_
