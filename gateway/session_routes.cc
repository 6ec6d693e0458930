#include "gateway/session_routes.h"

#include <httplib.h>

#include <grpcpp/grpcpp.h>
#include <nlohmann/json.hpp>
#include <openssl/crypto.h>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "gateway/http_api.h"
#include "gateway/http_transcoder.h"
#include "poles/v1/admin.grpc.pb.h"
#include "services/common/auth.h"
#include "services/common/errors.h"

namespace poles::gateway {

namespace {

constexpr char kJson[] = "application/json";

void SendStatus(httplib::Response& res, const grpc::Status& status) {
  res.status = HttpStatusOf(static_cast<absl::StatusCode>(status.error_code()));
  res.set_content(StatusJson(status), kJson);
}

void SendStatus(httplib::Response& res, const absl::Status& status) {
  res.status = HttpStatusOf(status.code());
  res.set_content(StatusJson(ToGrpcStatus(status)), kJson);
}

std::string CookieHeader(const std::string& token, bool secure,
                         int64_t max_age) {
  return absl::StrCat(kSessionCookie, "=", token, "; Path=/; Max-Age=", max_age,
                      "; HttpOnly; SameSite=Strict", secure ? "; Secure" : "");
}

nlohmann::json SessionJson(const v1::LoginResponse& r,
                           const std::string& token) {
  nlohmann::json memberships = nlohmann::json::array();
  for (const auto& m : r.memberships()) {
    memberships.push_back(
        {{"tenant", m.tenant()}, {"role", RoleName(m.role())}});
  }
  return {{"account",
           {{"name", r.account().name()},
            {"email", r.account().email()},
            {"display_name", r.account().display_name()}}},
          {"memberships", memberships},
          {"active",
           {{"tenant", r.active().tenant()},
            {"role", RoleName(r.active().role())}}},
          {"expire_time", r.expire_time().seconds()},
          {"csrf_token", CsrfTokenFor(token)}};
}

// The JSON object of a login-like body; INVALID_ARGUMENT otherwise.
absl::StatusOr<nlohmann::json> JsonBody(const httplib::Request& req) {
  if (!absl::StartsWithIgnoreCase(req.get_header_value("Content-Type"),
                                  kJson)) {
    return InvalidField("Content-Type", "must be application/json");
  }
  nlohmann::json body = nlohmann::json::parse(req.body, nullptr, false);
  if (!body.is_object()) return InvalidField("body", "must be a JSON object");
  return body;
}

std::string StringField(const nlohmann::json& body, const char* name) {
  auto it = body.find(name);
  return it != body.end() && it->is_string() ? it->get<std::string>() : "";
}

bool StateChanging(const std::string& method) {
  return method == "POST" || method == "PUT" || method == "PATCH" ||
         method == "DELETE";
}

class SessionRoutes {
 public:
  explicit SessionRoutes(std::shared_ptr<const SessionOptions> options)
      : options_(std::move(options)),
        stub_(v1::AdminService::NewStub(options_->channel)),
        throttle_(options_->limits) {}

  void Login(const httplib::Request& req, httplib::Response& res) {
    auto body = JsonBody(req);
    if (!body.ok()) return SendStatus(res, body.status());
    v1::LoginRequest request;
    request.set_email(absl::AsciiStrToLower(
        absl::StripAsciiWhitespace(StringField(*body, "email"))));
    request.set_password(StringField(*body, "password"));
    request.set_tenant(StringField(*body, "tenant"));
    const std::string& address = req.remote_addr;
    if (int64_t wait = throttle_.RetryAfter(request.email(), address);
        wait > 0) {
      res.set_header("Retry-After", std::to_string(wait));
      return SendStatus(
          res, WithReason(absl::ResourceExhaustedError(
                              "too many failed sign-ins: try again later"),
                          "LOGIN_THROTTLED"));
    }
    grpc::ClientContext context;
    Prepare(context, options_->service_authorization);
    v1::LoginResponse reply;
    grpc::Status status = stub_->Login(&context, request, &reply);
    if (status.error_code() == grpc::StatusCode::UNAUTHENTICATED) {
      throttle_.Failed(request.email(), address);
    }
    if (!status.ok()) return SendStatus(res, status);
    throttle_.Succeeded(request.email());
    const int64_t max_age =
        reply.expire_time().seconds() -
        std::chrono::duration_cast<std::chrono::seconds>(
            std::chrono::system_clock::now().time_since_epoch())
            .count();
    res.set_header("Set-Cookie",
                   CookieHeader(reply.session_token(), options_->secure_cookie,
                                std::max<int64_t>(max_age, 0)));
    res.set_header("Cache-Control", "no-store");
    res.set_content(SessionJson(reply, reply.session_token()).dump(), kJson);
  }

  void Session(const httplib::Request& req, httplib::Response& res) {
    const std::string token = SessionCookieOf(req);
    if (token.empty()) {
      return SendStatus(res,
                        WithReason(absl::UnauthenticatedError("not signed in"),
                                   "UNAUTHENTICATED"));
    }
    grpc::ClientContext context;
    Prepare(context, absl::StrCat("Bearer ", token));
    v1::LoginResponse reply;
    grpc::Status status =
        stub_->GetSession(&context, v1::GetSessionRequest(), &reply);
    if (!status.ok()) return SendStatus(res, status);
    res.set_header("Cache-Control", "no-store");
    res.set_content(SessionJson(reply, token).dump(), kJson);
  }

  void Logout(const httplib::Request& req, httplib::Response& res, bool all) {
    const std::string token = SessionCookieOf(req);
    if (token.empty()) {
      return SendStatus(res,
                        WithReason(absl::UnauthenticatedError("not signed in"),
                                   "UNAUTHENTICATED"));
    }
    grpc::ClientContext context;
    Prepare(context, absl::StrCat("Bearer ", token));
    v1::LogoutRequest request;
    request.set_all(all);
    v1::LogoutResponse reply;
    grpc::Status status = stub_->Logout(&context, request, &reply);
    res.set_header("Set-Cookie", CookieHeader("", options_->secure_cookie, 0));
    if (!status.ok()) return SendStatus(res, status);
    res.set_content("{}", kJson);
  }

  void Password(const httplib::Request& req, httplib::Response& res) {
    auto body = JsonBody(req);
    if (!body.ok()) return SendStatus(res, body.status());
    v1::SetPasswordRequest request;
    request.set_password_link(StringField(*body, "link"));
    request.set_password(StringField(*body, "password"));
    grpc::ClientContext context;
    Prepare(context, options_->service_authorization);
    v1::SetPasswordResponse reply;
    grpc::Status status = stub_->SetPassword(&context, request, &reply);
    if (!status.ok()) return SendStatus(res, status);
    res.set_content(nlohmann::json{{"account",
                                    {{"name", reply.account().name()},
                                     {"email", reply.account().email()}}}}
                        .dump(),
                    kJson);
  }

 private:
  void Prepare(grpc::ClientContext& context,
               const std::string& authorization) const {
    context.AddMetadata("authorization", authorization);
    context.set_deadline(std::chrono::system_clock::now() + options_->deadline);
  }

  std::shared_ptr<const SessionOptions> options_;
  std::unique_ptr<v1::AdminService::Stub> stub_;
  LoginThrottle throttle_;
};

}  // namespace

int64_t LoginThrottle::Wait(std::deque<Clock::time_point>& failures, int limit,
                            Clock::time_point now) const {
  while (!failures.empty() && now - failures.front() >= limits_.window) {
    failures.pop_front();
  }
  if (static_cast<int>(failures.size()) < limit) return 0;
  const auto left = failures.front() + limits_.window - now;
  return std::max<int64_t>(
      1, std::chrono::duration_cast<std::chrono::seconds>(left).count() + 1);
}

int64_t LoginThrottle::RetryAfter(const std::string& email,
                                  const std::string& address) {
  const auto now = Clock::now();
  std::lock_guard<std::mutex> lock(mu_);
  int64_t wait = 0;
  if (auto it = accounts_.find(email); it != accounts_.end()) {
    wait = Wait(it->second, limits_.per_account, now);
    if (it->second.empty()) accounts_.erase(it);
  }
  if (auto it = addresses_.find(address); it != addresses_.end()) {
    wait = std::max(wait, Wait(it->second, limits_.per_address, now));
    if (it->second.empty()) addresses_.erase(it);
  }
  return wait;
}

void LoginThrottle::Failed(const std::string& email,
                           const std::string& address) {
  const auto now = Clock::now();
  std::lock_guard<std::mutex> lock(mu_);
  accounts_[email].push_back(now);
  addresses_[address].push_back(now);
}

void LoginThrottle::Succeeded(const std::string& email) {
  std::lock_guard<std::mutex> lock(mu_);
  accounts_.erase(email);
}

std::string SessionCookieOf(const httplib::Request& req) {
  const std::string header = req.get_header_value("Cookie");
  for (absl::string_view part : absl::StrSplit(header, ';')) {
    part = absl::StripAsciiWhitespace(part);
    const std::string prefix = absl::StrCat(kSessionCookie, "=");
    if (absl::StartsWith(part, prefix)) {
      absl::string_view value = part.substr(prefix.size());
      if (IsSessionToken(value)) return std::string(value);
    }
  }
  return "";
}

std::string CredentialOf(const httplib::Request& req) {
  std::string authorization = req.get_header_value("Authorization");
  if (!authorization.empty()) return authorization;
  const std::string token = SessionCookieOf(req);
  return token.empty() ? "" : absl::StrCat("Bearer ", token);
}

bool RefuseWithoutCsrf(const httplib::Request& req, httplib::Response& res) {
  if (!StateChanging(req.method) || req.has_header("Authorization") ||
      req.path == "/auth/login" || req.path == "/auth/password") {
    return false;
  }
  const std::string token = SessionCookieOf(req);
  if (token.empty()) return false;
  const std::string expected = CsrfTokenFor(token);
  const std::string given = req.get_header_value("X-CSRF-Token");
  if (given.size() == expected.size() &&
      CRYPTO_memcmp(given.data(), expected.data(), given.size()) == 0) {
    return false;
  }
  SendStatus(res, WithReason(absl::PermissionDeniedError(
                                 given.empty() ? "missing X-CSRF-Token header"
                                               : "wrong X-CSRF-Token header"),
                             "CSRF_TOKEN_INVALID"));
  return true;
}

void RegisterSessionRoutes(httplib::Server& server,
                           std::shared_ptr<const SessionOptions> options) {
  auto routes = std::make_shared<SessionRoutes>(std::move(options));
  server.Post("/auth/login",
              [routes](const httplib::Request& req, httplib::Response& res) {
                routes->Login(req, res);
              });
  server.Get("/auth/session",
             [routes](const httplib::Request& req, httplib::Response& res) {
               routes->Session(req, res);
             });
  server.Post("/auth/logout",
              [routes](const httplib::Request& req, httplib::Response& res) {
                routes->Logout(req, res, false);
              });
  server.Post("/auth/logout-all",
              [routes](const httplib::Request& req, httplib::Response& res) {
                routes->Logout(req, res, true);
              });
  server.Post("/auth/password",
              [routes](const httplib::Request& req, httplib::Response& res) {
                routes->Password(req, res);
              });
}

}  // namespace poles::gateway
