#include "storage/session.h"

#include <algorithm>

#include <libpq-fe.h>
#include <sys/socket.h>

#include "absl/strings/str_cat.h"
#include "storage/sql_error.h"

namespace poles::storage {

namespace {
std::vector<Statement>& Registry() {
  static auto* statements = new std::vector<Statement>();
  return *statements;
}
}  // namespace

namespace {

// The local and peer addresses of socket `fd`, as bytes; each empty if it
// cannot be read (a peer already gone: the socket is still cut by its local
// address).
std::pair<std::string, std::string> Addresses(int fd) {
  sockaddr_storage local{}, peer{};
  socklen_t local_len = sizeof(local), peer_len = sizeof(peer);
  std::pair<std::string, std::string> out;
  if (getsockname(fd, reinterpret_cast<sockaddr*>(&local), &local_len) == 0) {
    out.first.assign(reinterpret_cast<const char*>(&local), local_len);
  }
  if (getpeername(fd, reinterpret_cast<sockaddr*>(&peer), &peer_len) == 0) {
    out.second.assign(reinterpret_cast<const char*>(&peer), peer_len);
  }
  return out;
}

}  // namespace

void SocketWatch::Connected(int fd) {
  std::lock_guard<std::mutex> lock(mu_);
  fd_ = fd;
  cut_ = false;
  if (fd >= 0) std::tie(local_, peer_) = Addresses(fd);
}

void SocketWatch::Disconnected() {
  std::lock_guard<std::mutex> lock(mu_);
  fd_ = -1;
  cut_ = false;
  local_.clear();
  peer_.clear();
}

bool SocketWatch::Cut() {
  std::lock_guard<std::mutex> lock(mu_);
  if (fd_ < 0 || local_.empty() || cut_) return false;
  // libpq may have closed the socket on its own after an error (and the
  // number been reused since): cut it only if it is still the same one (its
  // local address, and its peer when one was recorded). A connection being
  // made is not recorded yet (libpqxx 6.4 connects with the blocking
  // PQconnectdb): libpq's connect_timeout bounds that (PGCONNECT_TIMEOUT,
  // which poles-server sets).
  const auto now = Addresses(fd_);
  if (now.first != local_ || (!peer_.empty() && now.second != peer_)) {
    return false;
  }
  cut_ = shutdown(fd_, SHUT_RDWR) == 0;
  return cut_;
}

SessionConnection::Policy::handle SessionConnection::Policy::do_startconnect(
    handle h) {
  h = connect_direct::do_startconnect(h);
  *slot_ = h;
  watch_->Connected(h != nullptr ? PQsocket(h) : -1);
  return h;
}

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
    auto conn = std::make_unique<SessionConnection>(url_, &watch_);
    // Deprecated in 6.4 because 7.x drops reactivation altogether; it is
    // the only way to turn it off here.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
    conn->inhibit_reactivation(true);
#pragma GCC diagnostic pop
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
