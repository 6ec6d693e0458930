#ifndef POLES_STORAGE_SESSION_H_
#define POLES_STORAGE_SESSION_H_

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <pqxx/pqxx>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace poles::storage {

// A named SQL statement. The name doubles as the log and metric key.
// `params` are the PostgreSQL types of $1..$n (used by PREPARE).
struct Statement {
  const char* name;
  const char* params;  // e.g. "text, text"; empty for none
  const char* sql;
};

// Registers statements to be prepared on every new connection. Call before
// the first Session connects (static initialisation of each service's
// statement table does it). Not thread-safe against concurrent Connect().
void RegisterStatements(const std::vector<Statement>& statements);

// All statements registered so far (a test executes each of them).
const std::vector<Statement>& RegisteredStatements();

// A parameter: a value, or SQL NULL.
using Param = std::optional<std::string>;

// One database connection, owned by one worker thread. Not thread-safe.
//
// A Session connects lazily and reconnects after a broken connection. On
// connect it PREPAREs every registered statement (SQL-level PREPARE, so the
// single-round-trip reads below can EXECUTE them).
class Session {
 public:
  explicit Session(std::string url) : url_(std::move(url)) {}

  // Connects if not connected. UNAVAILABLE if the database cannot be reached.
  absl::Status EnsureConnected();

  // The live connection. EnsureConnected() must have succeeded.
  pqxx::connection& connection() { return *conn_; }

  // Drops the connection after an error that may have broken it.
  void Reset() { conn_.reset(); }

  // Quotes `p` as an SQL literal (or NULL).
  std::string Quote(const Param& p);

 private:
  std::string url_;
  std::unique_ptr<pqxx::connection> conn_;
};

// Milliseconds left before `deadline`, at least 1; used for
// statement_timeout so no statement outlives its RPC.
long RemainingMillis(std::chrono::system_clock::time_point deadline);

}  // namespace poles::storage

#endif  // POLES_STORAGE_SESSION_H_
