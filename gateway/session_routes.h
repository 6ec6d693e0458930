#ifndef POLES_GATEWAY_SESSION_ROUTES_H_
#define POLES_GATEWAY_SESSION_ROUTES_H_

// People signing in through the gateway's HTTP front door (README "Signing
// in", docs/http-api.md):
//
//   POST /auth/login       {"email","password","tenant"?}  -> 200 and the
//                          poles_session cookie; 401 wrong e-mail or
//                          password (one message); 429 with Retry-After
//                          when throttled
//   GET  /auth/session     the same body (and the CSRF token) or 401
//   POST /auth/logout      this session; POST /auth/logout-all every one
//   POST /auth/password    {"link","password"}: a one-time password link
//
// The cookie holds the session token (ps_<id>_<secret>, services/common/
// auth.h) and the front door presents it to the services as
// `authorization: Bearer ps_...`: the services authenticate it themselves
// (its digest in poles.sessions, the account's role on the tenant read on
// every call). The front door holds no credential of its own that does more
// than the person: its service key only calls Login and SetPassword.
//
// Every POST/PUT/PATCH/DELETE authenticated by the cookie (no Authorization
// header) must carry `X-CSRF-Token`, the session's CSRF token
// (CsrfTokenFor); without it, or wrong, 403 google.rpc.Status JSON and
// nothing is done. /auth/login and /auth/password need none (no session
// yet) but require a JSON body (a cross-site form cannot send one).

#include <chrono>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "absl/strings/string_view.h"

namespace grpc {
class ChannelInterface;
}
namespace httplib {
class Server;
struct Request;
struct Response;
}  // namespace httplib

namespace poles::gateway {

inline constexpr char kSessionCookie[] = "poles_session";

// Failed logins counted per account (e-mail) and per client address over a
// sliding window; beyond the limit, logins are refused (429) until the
// oldest failure leaves the window. A success clears the account's count.
// In memory, per front door: with N gateway replicas an attacker gets N
// times the limit. Thread-safe.
class LoginThrottle {
 public:
  struct Limits {
    int per_account = 5;
    int per_address = 20;
    std::chrono::seconds window{15 * 60};
  };
  explicit LoginThrottle(Limits limits) : limits_(limits) {}

  // Seconds until a login for `email` from `address` may be tried; 0: now.
  int64_t RetryAfter(const std::string& email, const std::string& address);
  void Failed(const std::string& email, const std::string& address);
  void Succeeded(const std::string& email);

 private:
  using Clock = std::chrono::steady_clock;
  int64_t Wait(std::deque<Clock::time_point>& failures, int limit,
               Clock::time_point now) const;
  Limits limits_;
  std::mutex mu_;
  std::unordered_map<std::string, std::deque<Clock::time_point>> accounts_;
  std::unordered_map<std::string, std::deque<Clock::time_point>> addresses_;
};

struct SessionOptions {
  // The poles-server's AdminService.
  std::shared_ptr<grpc::ChannelInterface> channel;
  // "Bearer pk_..." of the gateway's service key (Login, SetPassword).
  std::string service_authorization;
  // The cookie's Secure attribute: set unless the front door listens on a
  // loopback address without TLS (HttpFrontDoor::Start decides).
  bool secure_cookie = true;
  std::chrono::milliseconds deadline{10000};
  LoginThrottle::Limits limits;
};

// The session token of the poles_session cookie, or "".
std::string SessionCookieOf(const httplib::Request& req);

// The credential a request presents to the services: its Authorization
// header if it has one, else "Bearer <session token>" of its cookie, else "".
std::string CredentialOf(const httplib::Request& req);

// For the pre-routing handler: true (and `res` is the 403) when `req` is a
// state-changing request authenticated by the cookie without the right
// X-CSRF-Token.
bool RefuseWithoutCsrf(const httplib::Request& req, httplib::Response& res);

// Installs the /auth/ routes.
void RegisterSessionRoutes(httplib::Server& server,
                           std::shared_ptr<const SessionOptions> options);

}  // namespace poles::gateway

#endif  // POLES_GATEWAY_SESSION_ROUTES_H_
