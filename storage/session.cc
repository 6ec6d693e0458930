#include "storage/session.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "storage/sql_error.h"

namespace poles::storage {

namespace {
std::vector<Statement>& Registry() {
  static auto* statements = new std::vector<Statement>();
  return *statements;
}
}  // namespace

void RegisterStatements(const std::vector<Statement>& statements) {
  auto& registry = Registry();
  for (const auto& s : statements) {
    bool present = std::any_of(
        registry.begin(), registry.end(),
        [&](const Statement& r) { return std::string(r.name) == s.name; });
    if (!present) registry.push_back(s);
  }
}

const std::vector<Statement>& RegisteredStatements() { return Registry(); }

absl::Status Session::EnsureConnected() {
  if (conn_ && conn_->is_open()) return absl::OkStatus();
  conn_.reset();
  try {
    auto conn = std::make_unique<SessionConnection>(url_);
    {
      pqxx::nontransaction tx(*conn);
      tx.exec(absl::StrCat("PREPARE ", kSetTenantStatement,
                           "(text, text) AS SELECT set_config('",
                           kTenantSetting,
                           "', $1, true), "
                           "set_config('statement_timeout', $2, true)"));
    }
    for (const auto& s : Registry()) {
      std::string params = s.params[0] ? absl::StrCat("(", s.params, ")") : "";
      conn->prepare(s.name, s.sql);  // protocol-level, for exec_prepared
      pqxx::nontransaction tx(*conn);
      tx.exec(absl::StrCat("PREPARE q_", s.name, params, " AS ", s.sql));
    }
    conn_ = std::move(conn);
    return absl::OkStatus();
  } catch (const std::exception& e) {
    conn_.reset();
    return StatusFromException(e, "connect");
  }
}

long RemainingMillis(std::chrono::system_clock::time_point deadline) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                  deadline - std::chrono::system_clock::now())
                  .count();
  return std::max<long>(1, left);
}

}  // namespace poles::storage
