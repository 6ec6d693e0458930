#include "gateway/http_api.h"

#include <httplib.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <utility>
#include <vector>

#include <google/protobuf/util/json_util.h>
#include <grpcpp/grpcpp.h>
#include <nlohmann/json.hpp>
#include <openssl/ssl.h>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "gateway/http_csv.h"
#include "gateway/http_params.h"
#include "gateway/http_transcoder.h"
#include "gateway/served_dir.h"
#include "gateway/workspace_pages.h"
#include "services/common/errors.h"
#include "services/common/transport.h"

namespace poles::gateway {

namespace {

constexpr char kJson[] = "application/json; charset=utf-8";
constexpr char kCsv[] = "text/csv; charset=utf-8";

std::string CodeName(absl::StatusCode code) {
  return absl::StatusCodeToString(code);  // "INVALID_ARGUMENT", ...
}

void SendError(httplib::Response& res, const absl::Status& status) {
  res.status = HttpStatusOf(status.code());
  if (status.code() == absl::StatusCode::kUnauthenticated)
    res.set_header("WWW-Authenticate", "Bearer");
  res.set_content(ErrorJson(status), kJson);
}

template <typename Message>
void SendJson(httplib::Response& res, const Message& message) {
  google::protobuf::util::JsonPrintOptions options;
  options.always_print_primitive_fields = true;
  options.preserve_proto_field_names = false;
  std::string out;
  auto status =
      google::protobuf::util::MessageToJsonString(message, &out, options);
  if (!status.ok()) {
    SendError(res, absl::InternalError("the answer could not be written"));
    return;
  }
  res.set_content(out, kJson);
}

void SendCsv(httplib::Response& res, std::string body,
             const std::string& filename) {
  res.set_header("Content-Disposition",
                 absl::StrCat("attachment; filename=\"", filename, "\""));
  res.set_content(std::move(body), kCsv);
}

// The reads' INVALID_ARGUMENT fields renamed to the query parameters.
absl::Status AsHttpError(const absl::Status& status) {
  if (status.code() != absl::StatusCode::kInvalidArgument) return status;
  std::vector<FieldViolation> violations = FieldViolationsOf(status);
  if (violations.empty()) return status;
  for (auto& v : violations) v.field = ParameterOfField(v.field);
  return InvalidFields(violations);
}

std::string Authorization(const httplib::Request& req) {
  return req.get_header_value("Authorization");
}

class Routes {
 public:
  Routes(NationalReads& reads, PublicPages* pages,
         const HttpApiOptions& options)
      : reads_(reads), pages_(pages), options_(options) {}

  NationalReads::Deadline Deadline() const {
    return std::chrono::system_clock::now() + options_.request_deadline;
  }

  void Table(const httplib::Request& req, httplib::Response& res) const {
    auto format = ParseOutputFormat(req.params);
    auto request = ParseNationalTableQuery(req.params);
    if (!format.ok()) return SendError(res, format.status());
    if (!request.ok()) return SendError(res, request.status());
    auto table =
        reads_.GetNationalTable(Authorization(req), *request, Deadline());
    if (!table.ok()) return SendError(res, AsHttpError(table.status()));
    if (!format->csv) return SendJson(res, *table);
    SendCsv(res, NationalTableCsv(*table, {format->separator}),
            absl::StrCat("tableau-national-", request->fiscal_year(), ".csv"));
  }

  void Funding(const httplib::Request& req, httplib::Response& res) const {
    auto format = ParseOutputFormat(req.params);
    auto request = ParseFundingRollupQuery(req.params);
    if (!format.ok()) return SendError(res, format.status());
    if (!request.ok()) return SendError(res, request.status());
    auto rollup =
        reads_.GetFundingRollup(Authorization(req), *request, Deadline());
    if (!rollup.ok()) return SendError(res, AsHttpError(rollup.status()));
    if (!format->csv) return SendJson(res, *rollup);
    SendCsv(res, FundingRollupCsv(*rollup, {format->separator}),
            absl::StrCat("financement-", request->fiscal_years(0), ".csv"));
  }

  void Findings(const httplib::Request& req, httplib::Response& res) const {
    auto format = ParseOutputFormat(req.params);
    auto request = ParseFindingsQuery(req.params);
    if (!format.ok()) return SendError(res, format.status());
    if (!request.ok()) return SendError(res, request.status());
    auto findings =
        reads_.ListFindings(Authorization(req), *request, Deadline());
    if (!findings.ok()) return SendError(res, AsHttpError(findings.status()));
    if (!format->csv) return SendJson(res, *findings);
    SendCsv(res, FindingsCsv(*findings, {format->separator}),
            absl::StrCat("constats-", request->fiscal_year(), ".csv"));
  }

  // A Pôle's bilan also answers the workspace's signed-in person (the
  // poles_session cookie, presented as "Bearer ps_..."): the reads check
  // the session with the server and refuse any tenant but its own.
  std::string BilanCredential(const httplib::Request& req) const {
    return options_.sessions ? CredentialOf(req) : Authorization(req);
  }

  void Bilan(const httplib::Request& req, httplib::Response& res) const {
    auto name = BilanName(req.matches[1].str(), req.matches[2].str());
    if (!name.ok()) return SendError(res, name.status());
    if (req.matches[3].length() == 0) {
      if (absl::Status only = CheckOnlyParameters(req.params, {}); !only.ok()) {
        return SendError(res, only);
      }
      v1::GetBilanRequest request;
      request.set_name(*name);
      auto bilan = reads_.GetBilan(BilanCredential(req), request, Deadline());
      if (!bilan.ok()) return SendError(res, AsHttpError(bilan.status()));
      return SendJson(res, *bilan);
    }
    auto language = ParseBilanLanguage(req.params);
    if (!language.ok()) return SendError(res, language.status());
    v1::RenderBilanRequest request;
    request.set_name(*name);
    request.set_language(*language);
    auto document =
        reads_.RenderBilan(BilanCredential(req), request, Deadline());
    if (!document.ok()) return SendError(res, AsHttpError(document.status()));
    res.set_content(document->content(), document->content_type().empty()
                                             ? "text/html; charset=utf-8"
                                             : document->content_type());
  }

  void Calendar(const httplib::Request& req, httplib::Response& res) const {
    const std::string tenant = req.matches[1].str();
    absl::Status check = CheckOnlyParameters(req.params, {});
    if (check.ok() && !IsSlug(tenant))
      check = InvalidField("tenant", "is not a tenant slug");
    if (!check.ok()) return SendError(res, check);
    if (pages_ == nullptr) return SendError(res, NoPages());
    auto document = pages_->Calendar(tenant, Deadline());
    SendPublic(res, document, "text/calendar; charset=utf-8");
  }

  void Directory(const httplib::Request& req, httplib::Response& res) const {
    const std::string tenant = req.matches[1].str();
    Violations v;
    v.Merge(CheckOnlyParameters(req.params, {"mrc"}));
    if (!IsSlug(tenant)) v.Add("tenant", "is not a tenant slug");
    const std::string mrc = req.get_param_value("mrc");
    if (mrc.empty()) {
      v.Add("mrc", "is required: the directory is printed one MRC at a time");
    } else if (!IsSlug(mrc)) {
      v.Add("mrc", "is not an MRC slug");
    }
    if (!v.empty()) return SendError(res, v.Status());
    if (pages_ == nullptr) return SendError(res, NoPages());
    auto document = pages_->Directory(tenant, mrc, Deadline());
    SendPublic(res, document, "text/html; charset=utf-8");
  }

  void Page(const httplib::Request&, httplib::Response& res) const {
    std::string body;
    if (options_.web_dir.empty() ||
        !ReadServedFile(options_.web_dir + "/index.html", body)) {
      return SendError(res,
                       absl::NotFoundError("the dashboard is not installed"));
    }
    res.set_content(body, "text/html; charset=utf-8");
  }

  void ChartJs(const httplib::Request&, httplib::Response& res) const {
    std::vector<std::string> candidates;
    if (!options_.chart_js.empty()) candidates.push_back(options_.chart_js);
    if (!options_.web_dir.empty())
      candidates.push_back(options_.web_dir + "/vendor/chart.umd.js");
#ifdef POLES_SOURCE_DIR
    candidates.push_back(std::string(POLES_SOURCE_DIR) +
                         "/node_modules/chart.js/dist/chart.umd.js");
#endif
    std::string body;
    bool found = false;
    for (const auto& path : candidates) {
      if ((found = ReadServedFile(path, body))) break;
    }
    if (!found) {
      return SendError(
          res, absl::NotFoundError("Chart.js is not installed (npm ci)"));
    }
    res.set_header("Cache-Control", "max-age=3600");
    res.set_content(body, "text/javascript; charset=utf-8");
  }

 private:
  static absl::Status NoPages() {
    return absl::UnavailableError("the public pages are not configured");
  }

  // A public page: the document as the service wrote it, or the error
  // (statuses mapped; a failure of ours is never shown as the page).
  static void SendPublic(httplib::Response& res,
                         const absl::StatusOr<PublicDocument>& document,
                         const char* fallback_type) {
    if (!document.ok()) return SendError(res, AsHttpError(document.status()));
    res.set_header("Cache-Control", "public, max-age=300");
    res.set_content(document->data, document->content_type.empty()
                                        ? fallback_type
                                        : document->content_type);
  }

  NationalReads& reads_;
  PublicPages* pages_;
  HttpApiOptions options_;
};

// An httplib::SSLServer over `options`' certificate and key: TLS 1.2 at
// least, no compression or renegotiation, the key checked against the
// certificate before anything listens.
absl::StatusOr<std::unique_ptr<httplib::Server>> NewHttpsServer(
    const HttpApiOptions& options) {
  Violations v;
  if (options.tls_cert_file.empty()) {
    v.Add("--http-tls-cert", "is required with --http-tls-key");
  }
  if (options.tls_key_file.empty()) {
    v.Add("--http-tls-key", "is required with --http-tls-cert");
  }
  if (!v.empty()) return v.Status();
  auto cert = transport::ReadPem("--http-tls-cert", options.tls_cert_file,
                                 "CERTIFICATE");
  auto key =
      transport::ReadPem("--http-tls-key", options.tls_key_file, "PRIVATE KEY");
  if (!cert.ok()) v.Merge(cert.status());
  if (!key.ok()) v.Merge(key.status());
  if (!v.empty()) return v.Status();
  const std::string cert_file = options.tls_cert_file;
  const std::string key_file = options.tls_key_file;
  auto server = std::make_unique<httplib::SSLServer>([&cert_file,
                                                      &key_file](SSL_CTX& ctx) {
    SSL_CTX_set_options(&ctx, SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION);
    return SSL_CTX_set_min_proto_version(&ctx, TLS1_2_VERSION) == 1 &&
           SSL_CTX_use_certificate_chain_file(&ctx, cert_file.c_str()) == 1 &&
           SSL_CTX_use_PrivateKey_file(&ctx, key_file.c_str(),
                                       SSL_FILETYPE_PEM) == 1 &&
           SSL_CTX_check_private_key(&ctx) == 1;
  });
  if (!server->is_valid()) {
    return InvalidField("--http-tls-key",
                        absl::StrCat(key_file, " is not the private key of ",
                                     cert_file, ", or either is unusable"));
  }
  return server;
}

}  // namespace

int HttpStatusOf(absl::StatusCode code) {
  switch (code) {
    case absl::StatusCode::kOk:
      return 200;
    case absl::StatusCode::kCancelled:
      return 499;
    case absl::StatusCode::kInvalidArgument:
    case absl::StatusCode::kFailedPrecondition:
    case absl::StatusCode::kOutOfRange:
      return 400;
    case absl::StatusCode::kDeadlineExceeded:
      return 504;
    case absl::StatusCode::kNotFound:
      return 404;
    case absl::StatusCode::kAlreadyExists:
    case absl::StatusCode::kAborted:
      return 409;
    case absl::StatusCode::kPermissionDenied:
      return 403;
    case absl::StatusCode::kUnauthenticated:
      return 401;
    case absl::StatusCode::kResourceExhausted:
      return 429;
    case absl::StatusCode::kUnimplemented:
      return 501;
    case absl::StatusCode::kUnavailable:
      return 503;
    default:
      return 500;
  }
}

std::string ErrorJson(const absl::Status& status) {
  nlohmann::json error = {
      {"code", HttpStatusOf(status.code())},
      {"status", CodeName(status.code())},
      {"message", std::string(status.message())},
  };
  if (std::string reason = ReasonOf(status); !reason.empty())
    error["reason"] = reason;
  std::vector<FieldViolation> violations = FieldViolationsOf(status);
  if (!violations.empty()) {
    error["field"] = violations.front().field;
    nlohmann::json list = nlohmann::json::array();
    for (const auto& v : violations)
      list.push_back({{"field", v.field}, {"description", v.description}});
    error["violations"] = std::move(list);
  }
  return nlohmann::json{{"error", std::move(error)}}.dump(
      -1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string DefaultWebDir(const std::string& argv0) {
  return FindServedDir(argv0, "web", "gateway/web");
}

void RegisterHttpApi(httplib::Server& server, NationalReads& reads,
                     PublicPages* pages, const HttpApiOptions& options) {
  auto routes = std::make_shared<Routes>(reads, pages, options);
  server.set_payload_max_length(
      std::max(options.max_request_bytes, options.max_stream_request_bytes));
  server.set_read_timeout(std::chrono::seconds(5));
  server.set_write_timeout(std::chrono::seconds(10));
  server.set_keep_alive_max_count(100);
  // An answer is written as its headers, then its body: with Nagle on, the
  // body waits for the client's delayed ACK of the headers, 40 ms on
  // Linux, on every keep-alive request (bench/http_bench measured a p50 of
  // 44 ms for a 0.6 ms read).
  server.set_tcp_nodelay(true);
  server.set_keep_alive_timeout(5);
  const int threads = options.threads > 0 ? options.threads : 1;
  server.new_task_queue = [threads] {
    return new httplib::ThreadPool(threads);
  };
  const HttpApiOptions bounds = options;
  server.set_pre_routing_handler([bounds](const httplib::Request& req,
                                          httplib::Response& res) {
    if (bounds.sessions && RefuseWithoutCsrf(req, res)) {
      return httplib::Server::HandlerResponse::Handled;
    }
    if (req.params.size() > bounds.max_query_parameters) {
      SendError(res, absl::InvalidArgumentError(
                         absl::StrCat("at most ", bounds.max_query_parameters,
                                      " query parameters")));
      return httplib::Server::HandlerResponse::Handled;
    }
    for (const auto& [key, value] : req.params) {
      if (key.size() + value.size() > bounds.max_parameter_bytes) {
        SendError(res,
                  InvalidField(
                      key, absl::StrCat("is longer than ",
                                        bounds.max_parameter_bytes, " bytes")));
        return httplib::Server::HandlerResponse::Handled;
      }
    }
    // The body's bound: a client stream's message (an import) may be
    // larger than any other request's.
    size_t bound = bounds.max_request_bytes;
    if (bounds.tenant_api && req.method == "POST") {
      auto match = bounds.tenant_api->Routes().Match("POST", req.path);
      if (match.ok() && match->route->method->client_streaming())
        bound = bounds.max_stream_request_bytes;
    }
    size_t length = 0;
    if (absl::SimpleAtoi(req.get_header_value("Content-Length"), &length) &&
        length > bound) {
      SendError(res,
                absl::ResourceExhaustedError(absl::StrCat(
                    "the request is too large: at most ", bound, " bytes")));
      res.status = 413;
      return httplib::Server::HandlerResponse::Handled;
    }
    return httplib::Server::HandlerResponse::Unhandled;
  });
  // `route` labels the request's metrics.
  auto bind = [routes, metrics = options.metrics](
                  const char* route,
                  void (Routes::*method)(const httplib::Request&,
                                         httplib::Response&) const) {
    return [routes, method, metrics, route](const httplib::Request& req,
                                            httplib::Response& res) {
      const auto start = std::chrono::steady_clock::now();
      ((*routes).*method)(req, res);
      if (metrics != nullptr) {
        // httplib answers 200 for a handler that set no status.
        metrics->Record(route, res.status == -1 ? 200 : res.status,
                        std::chrono::steady_clock::now() - start);
      }
    };
  };
  server.Get("/api/v1/national/table",
             bind("/api/v1/national/table", &Routes::Table));
  server.Get("/api/v1/national/funding",
             bind("/api/v1/national/funding", &Routes::Funding));
  server.Get("/api/v1/national/findings",
             bind("/api/v1/national/findings", &Routes::Findings));
  server.Get(
      R"(/api/v1/tenants/([^/.]+)/bilans/([^/.]+)(\.html)?)",
      bind("/api/v1/tenants/{tenant}/bilans/{fiscal_year}", &Routes::Bilan));
  server.Get(R"(/p/([^/]+)/calendrier\.ics)",
             bind("/p/{tenant}/calendrier.ics", &Routes::Calendar));
  server.Get(R"(/p/([^/]+)/repertoire)",
             bind("/p/{tenant}/repertoire", &Routes::Directory));
  server.Get("/", bind("/", &Routes::Page));
  server.Get("/tableau-de-bord", bind("/tableau-de-bord", &Routes::Page));
  server.Get("/vendor/chart.umd.js",
             bind("/vendor/chart.umd.js", &Routes::ChartJs));
  if (options.tenant_api) RegisterTenantHttpApi(server, options.tenant_api);
  if (options.sessions) RegisterSessionRoutes(server, options.sessions);
  RegisterWorkspacePages(server, options.workspace_dir);
  if (!options.web_dir.empty())
    server.set_mount_point("/static", options.web_dir);
  server.set_error_handler([](const httplib::Request& req,
                              httplib::Response& res) {
    if (res.status == 404 && res.body.empty()) {
      SendError(res,
                absl::NotFoundError(absl::StrCat("no such page: ", req.path)));
      res.status = 404;
    } else if (res.status == 413 && res.body.empty()) {
      SendError(res, absl::ResourceExhaustedError("the request is too large"));
      res.status = 413;
    }
  });
}

absl::StatusOr<std::unique_ptr<HttpFrontDoor>> HttpFrontDoor::Start(
    const std::string& listen, NationalReads& reads, PublicPages* pages,
    const HttpApiOptions& options) {
  const auto colon = listen.rfind(':');
  if (colon == std::string::npos) {
    return InvalidField("http_listen", "must be host:port");
  }
  const std::string host = listen.substr(0, colon);
  int port = 0;
  if (!absl::SimpleAtoi(listen.substr(colon + 1), &port) || port < 0 ||
      port > 65535) {
    return InvalidField("http_listen", "has no valid port");
  }
  std::unique_ptr<HttpFrontDoor> door(new HttpFrontDoor());
  if (options.tls()) {
    auto server = NewHttpsServer(options);
    if (!server.ok()) return server.status();
    door->server_ = *std::move(server);
  } else {
    door->server_ = std::make_unique<httplib::Server>();
  }
  HttpApiOptions effective = options;
  if (options.sessions && !options.tls() &&
      (host == "127.0.0.1" || host == "::1" || host == "[::1]" ||
       host == "localhost")) {
    auto sessions = std::make_shared<SessionOptions>(*options.sessions);
    sessions->secure_cookie = false;
    effective.sessions = std::move(sessions);
  }
  RegisterHttpApi(*door->server_, reads, pages, effective);
  if (port == 0) {
    port = door->server_->bind_to_any_port(host);
  } else if (!door->server_->bind_to_port(host, port)) {
    port = -1;
  }
  if (port <= 0) {
    return absl::UnavailableError(
        absl::StrCat("cannot serve HTTP on ", listen));
  }
  door->port_ = port;
  door->thread_ = std::thread(
      [server = door->server_.get()] { server->listen_after_bind(); });
  return door;
}

absl::StatusOr<std::unique_ptr<HttpFrontDoor>> HttpFrontDoor::StartForGateway(
    const std::string& listen, NationalReads& reads,
    const std::string& server_address, const std::string& service_key,
    const HttpApiOptions& options) {
  auto pages = NewGrpcPublicPages(
      grpc::CreateChannel(server_address, grpc::InsecureChannelCredentials()),
      absl::StrCat("Bearer ", service_key));
  auto door = Start(listen, reads, pages.get(), options);
  if (door.ok()) (*door)->owned_pages_ = std::move(pages);
  return door;
}

HttpFrontDoor::~HttpFrontDoor() { Stop(); }

void HttpFrontDoor::Stop() {
  if (server_) server_->stop();
  if (thread_.joinable()) thread_.join();
}

}  // namespace poles::gateway
