#ifndef POLES_GATEWAY_HTTP_API_H_
#define POLES_GATEWAY_HTTP_API_H_

// The gateway's HTTP front door (cpp-httplib, in the poles-gateway process
// beside the gRPC server), documented in docs/http-api.md:
//
//   GET /api/v1/national/table?fiscal_year=2017-2018[&indicators=a,b]
//       [&regions=17,04][&breakdown=gender][&format=csv[&separator=;]]
//   GET /api/v1/national/funding?fiscal_years=2017-2018[,...]
//       [&group_by=program,mrc][&filter.program=a,b][&format=csv]
//   GET /api/v1/national/findings?fiscal_year=2017-2018[&tenants=a,b]
//       [&format=csv]
//   GET /api/v1/tenants/{tenant}/bilans/{fiscal_year}        (JSON)
//   GET /api/v1/tenants/{tenant}/bilans/{fiscal_year}.html[?lang=en]
//   GET /p/{tenant}/calendrier.ics           (public, no key)
//   GET /p/{tenant}/repertoire?mrc={mrc}     (public, no key)
//   GET / and /tableau-de-bord               (the dashboard page, no key:
//       the page asks for one and calls the API with it)
//
// The /api/ reads pass the Authorization header ("Bearer pk_...") to
// NationalReads as is (the two bilan routes, with `sessions`, the
// poles_session cookie's "Bearer ps_..." when there is no header: the
// reads have the server check the session and refuse another tenant) and
// answer protobuf's JSON mapping of its message
// (lowerCamelCase, int64 as strings, enums by name, zeros written) or CSV
// (gateway/http_csv.h). An error is JSON {"error": {"code", "status",
// "message", "reason", "field", "violations": [{"field", "description"}]}}
// with the HTTP status of the gRPC code (HttpStatusOf); "field" names the
// query parameter. Every request is bounded: its size, its number of query
// parameters and their length, and a deadline passed to the reads.

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <thread>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "gateway/national_reads.h"
#include "gateway/public_pages.h"
#include "gateway/session_routes.h"
#include "services/common/metrics.h"

namespace httplib {
class Server;
}

namespace poles::gateway {

class HttpTranscoder;

struct HttpApiOptions {
  // The dashboard's static files (index.html, dashboard.js, ...); empty:
  // no dashboard. DefaultWebDir() finds gateway/web/.
  std::string web_dir;
  // The workspace's built files (gateway/workspace_pages.h), served under
  // /espace/; empty: /espace/ says it is not built.
  std::string workspace_dir;
  // Chart.js's UMD build, served as /vendor/chart.umd.js; empty: the
  // first of `web_dir`/vendor/chart.umd.js (the build copies it there) and
  // the source tree's node_modules/chart.js/dist/chart.umd.js.
  std::string chart_js;
  // The deadline given to each read (and each public page's call).
  std::chrono::milliseconds request_deadline{10000};
  size_t max_request_bytes = 64 * 1024;
  // The body of a client stream's one message under /v1/ (a directory
  // import: a file of rows), by its Content-Length.
  size_t max_stream_request_bytes = 4 * 1024 * 1024;
  size_t max_query_parameters = 32;
  size_t max_parameter_bytes = 2048;
  // Threads answering requests. cpp-httplib gives each connection a thread
  // for as long as it is kept alive (up to 5 s idle, 100 requests), so this
  // is also how many connections are served at once: a browser opens up to
  // six, and with 8 a second person's page waited for the first's idle
  // connections to time out (bench/http_bench at 16 in flight).
  int threads = 64;
  // The tenant services' RPCs as HTTP/JSON under /v1/
  // (gateway/http_transcoder.h); null: not served.
  std::shared_ptr<const HttpTranscoder> tenant_api;
  // People's sign-in: the /auth/ routes, the poles_session cookie accepted
  // by /v1/ and the bilan routes, and the CSRF check
  // (gateway/session_routes.h); null: none. HttpFrontDoor::Start clears
  // `secure_cookie` when it listens on a loopback address without TLS.
  std::shared_ptr<const SessionOptions> sessions;
  // Where each routed request is counted, by route pattern (never its path,
  // which may name a tenant); null: nowhere. Outlives the server.
  HttpMetrics* metrics = nullptr;
  // HTTPS: PEM certificate (chain) and private key files, both or neither
  // (--http-tls-cert and --http-tls-key, by default the gateway's
  // --tls-cert and --tls-key). Set, the port speaks TLS 1.2 or later only:
  // a plaintext request is refused in the handshake.
  std::string tls_cert_file;
  std::string tls_key_file;

  bool tls() const { return !tls_cert_file.empty() || !tls_key_file.empty(); }
};

// The HTTP status for a gRPC code (google.rpc.Code's documented mapping):
// UNAUTHENTICATED 401, PERMISSION_DENIED 403, INVALID_ARGUMENT 400,
// NOT_FOUND 404, DEADLINE_EXCEEDED 504, UNAVAILABLE 503, ...
int HttpStatusOf(absl::StatusCode code);

// The JSON error body for `status` (see above).
std::string ErrorJson(const absl::Status& status);

// The dashboard directory nearest to `argv0`: <dir of binary>/web when the
// build copied it there, else the source tree's gateway/web (from the
// compile-time POLES_SOURCE_DIR), else "".
std::string DefaultWebDir(const std::string& argv0);

// Installs the routes and the bounds on `server`. `reads` and `pages` must
// outlive the server; `pages` may be null (the /p/ pages answer 503).
void RegisterHttpApi(httplib::Server& server, NationalReads& reads,
                     PublicPages* pages, const HttpApiOptions& options);

// An httplib::Server (httplib::SSLServer with options.tls()) with the API,
// listening on its own thread.
class HttpFrontDoor {
 public:
  // `listen` is "host:port" (port 0: any free port). INVALID_ARGUMENT
  // naming --http-tls-cert or --http-tls-key when the TLS files are
  // missing, not PEM or not a certificate and its key.
  static absl::StatusOr<std::unique_ptr<HttpFrontDoor>> Start(
      const std::string& listen, NationalReads& reads, PublicPages* pages,
      const HttpApiOptions& options);
  ~HttpFrontDoor();
  HttpFrontDoor(const HttpFrontDoor&) = delete;
  HttpFrontDoor& operator=(const HttpFrontDoor&) = delete;

  // poles-gateway's front door: the API over `reads`, the public pages read
  // from the poles-server at `server_address` ("host:port") with the
  // gateway's `service_key` ("pk_..."), which it owns.
  static absl::StatusOr<std::unique_ptr<HttpFrontDoor>> StartForGateway(
      const std::string& listen, NationalReads& reads,
      const std::string& server_address, const std::string& service_key,
      const HttpApiOptions& options);

  int port() const { return port_; }
  // Stops listening and waits for the thread; idempotent.
  void Stop();

 private:
  HttpFrontDoor() = default;
  std::unique_ptr<PublicPages> owned_pages_;
  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
  int port_ = 0;
};

}  // namespace poles::gateway

#endif  // POLES_GATEWAY_HTTP_API_H_
