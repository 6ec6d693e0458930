// poles-gateway: the national read side of the Pôles platform (gRPC
// NationalService; the HTTP API, public pages and dashboard on
// --http-listen, docs/http-api.md; HTTPS with the gRPC port's certificate
// or --http-tls-cert), fanning out to a poles-server's
// services.
//
//   poles-gateway --server 127.0.0.1:50051 \
//     --service-key-file keys/service.key
//
// It holds no database role: keys, tenants and reference data are read
// from the server with its service key.
//
// Every flag has a POLES_GATEWAY_* environment override.
#include <signal.h>

#include <algorithm>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include <CLI/CLI.hpp>

#include "absl/strings/ascii.h"
#include "base/logging.h"
#include "gateway/gateway_server.h"
#include "gateway/http_api.h"
#include "gateway/http_transcoder.h"
#include "gateway/workspace_pages.h"
#include "services/common/process.h"
#include "services/common/transport.h"

namespace {

int Fail(int exit_code, absl::string_view error) {
  poles::logging::Log(spdlog::level::critical, "gateway_failed",
                      {{"error", std::string(error)}});
  return exit_code;
}

}  // namespace

int main(int argc, char** argv) {
  poles::ConfigureServerProcess();
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  poles::gateway::GatewayOptions o;
  std::string service_key_file;
  long max_deadline_ms = 30000, auth_ttl_ms = 10000, grace_ms = 10000,
       reference_ttl_ms = 60000;
  bool no_reflection = false;
  std::string log_level = "info";
  std::string http_listen = "127.0.0.1:8080", web_dir, workspace_dir;
  std::string http_tls_cert, http_tls_key;
  int http_threads = poles::gateway::HttpApiOptions().threads;

  CLI::App app{"poles-gateway: the national reads of the Pôles platform"};
  app.add_option("--listen", o.listen, "address:port to serve gRPC on")
      ->envname("POLES_GATEWAY_LISTEN")
      ->capture_default_str();
  app.add_option("--server", o.server,
                 "address:port of the poles-server whose services are read")
      ->envname("POLES_GATEWAY_SERVER")
      ->capture_default_str();
  app.add_option("--admin-server", o.admin_server,
                 "address:port of the poles-server hosting the admin service "
                 "(keys, tenants, sign-in, the team), when not --server")
      ->envname("POLES_GATEWAY_ADMIN_SERVER");
  std::string database_url;
  app.add_option("--database-url", database_url,
                 "no longer accepted: the gateway holds no database role")
      ->envname("POLES_GATEWAY_DATABASE_URL")
      ->group("");
  app.add_option("--service-key-file", service_key_file,
                 "file holding the gateway's own ROLE_SERVICE API key")
      ->envname("POLES_GATEWAY_SERVICE_KEY_FILE");
  app.add_option("--disclosure-threshold", o.disclosure_threshold,
                 "cells counting fewer units are suppressed for national "
                 "and ministry users")
      ->envname("POLES_GATEWAY_DISCLOSURE_THRESHOLD")
      ->capture_default_str();
  app.add_option("--max-in-flight", o.max_in_flight,
                 "calls to the services in flight at once, per read (the "
                 "summaries and the fiscal years' states together)")
      ->envname("POLES_GATEWAY_MAX_IN_FLIGHT")
      ->capture_default_str();
  app.add_option("--max-deadline-ms", max_deadline_ms,
                 "deadline cap for reads that set none (or a later one)")
      ->envname("POLES_GATEWAY_MAX_DEADLINE_MS")
      ->capture_default_str();
  app.add_option("--auth-cache-ttl-ms", auth_ttl_ms,
                 "how long a verified API key is cached")
      ->envname("POLES_GATEWAY_AUTH_CACHE_TTL_MS")
      ->capture_default_str();
  app.add_option("--reference-cache-ttl-ms", reference_ttl_ms,
                 "how long tenants, the catalogue and labels are cached "
                 "(the last copy is kept while the services are away)")
      ->envname("POLES_GATEWAY_REFERENCE_CACHE_TTL_MS")
      ->capture_default_str();
  app.add_option("--shutdown-grace-ms", grace_ms,
                 "time running reads get to finish on SIGTERM")
      ->envname("POLES_GATEWAY_SHUTDOWN_GRACE_MS")
      ->capture_default_str();
  app.add_flag("--no-reflection", no_reflection, "turn server reflection off")
      ->envname("POLES_GATEWAY_NO_REFLECTION");
  app.add_option("--log-level", log_level,
                 "lowest level logged: trace, debug, info, warn, error, "
                 "critical, off")
      ->envname("POLES_GATEWAY_LOG_LEVEL")
      ->capture_default_str();
  app.add_option("--http-listen", http_listen,
                 "host:port of the HTTP API, public pages and dashboard; "
                 "empty: off")
      ->envname("POLES_GATEWAY_HTTP_LISTEN")
      ->capture_default_str();
  app.add_option("--http-threads", http_threads,
                 "threads answering HTTP; each holds one connection while it "
                 "is kept alive (at most 5 s idle)")
      ->envname("POLES_GATEWAY_HTTP_THREADS")
      ->check(CLI::Range(1, 1024))
      ->capture_default_str();
  app.add_option("--metrics-listen", o.metrics_listen,
                 "host:port of the Prometheus endpoint (GET /metrics); "
                 "empty: off")
      ->envname("POLES_GATEWAY_METRICS_LISTEN");
  app.add_option("--web-dir", web_dir,
                 "the dashboard's files (default: web/ beside the binary, "
                 "else the source tree's gateway/web)")
      ->envname("POLES_GATEWAY_WEB_DIR");
  app.add_option("--workspace-dir", workspace_dir,
                 "the workspace's built files, served under /espace/ "
                 "(default: workspace/ beside the binary, else the source "
                 "tree's web/workspace/dist, which npm run build:workspace "
                 "writes)")
      ->envname("POLES_GATEWAY_WORKSPACE_DIR");
  app.add_option("--tls-cert", o.tls.cert_file,
                 "PEM certificate (chain) for the gRPC port: serve TLS")
      ->envname("POLES_GATEWAY_TLS_CERT");
  app.add_option("--tls-key", o.tls.key_file, "PEM private key of --tls-cert")
      ->envname("POLES_GATEWAY_TLS_KEY");
  app.add_option("--tls-client-ca", o.tls.client_ca_file,
                 "PEM CA: require client certificates signed by it (mTLS)")
      ->envname("POLES_GATEWAY_TLS_CLIENT_CA");
  app.add_option("--http-tls-cert", http_tls_cert,
                 "PEM certificate (chain) for --http-listen (default: "
                 "--tls-cert): serve HTTPS")
      ->envname("POLES_GATEWAY_HTTP_TLS_CERT");
  app.add_option("--http-tls-key", http_tls_key,
                 "PEM private key of --http-tls-cert (default: --tls-key)")
      ->envname("POLES_GATEWAY_HTTP_TLS_KEY");
  app.add_option("--health-listen", o.health_listen,
                 "host:port of a plaintext port serving only the gRPC health "
                 "service (for probes that speak no TLS); empty: off")
      ->envname("POLES_GATEWAY_HEALTH_LISTEN");
  app.add_option("--tls-ca", o.server_tls.ca_file,
                 "PEM CA trusted for --server's certificate: call the "
                 "services over TLS")
      ->envname("POLES_GATEWAY_TLS_CA");
  app.add_option("--tls-client-cert", o.server_tls.cert_file,
                 "PEM client certificate presented to --server (mTLS)")
      ->envname("POLES_GATEWAY_TLS_CLIENT_CERT");
  app.add_option("--tls-client-key", o.server_tls.key_file,
                 "PEM private key of --tls-client-cert")
      ->envname("POLES_GATEWAY_TLS_CLIENT_KEY");
  app.add_option("--tls-server-name", o.server_tls.server_name,
                 "name checked against --server's certificate (default: its "
                 "host)")
      ->envname("POLES_GATEWAY_TLS_SERVER_NAME");
  app.add_flag("--insecure-plaintext", o.insecure_plaintext,
               "allow plaintext beyond loopback (--listen, --server, "
               "--http-listen; API keys in clear: a warning is logged)")
      ->envname("POLES_GATEWAY_INSECURE_PLAINTEXT");
  CLI11_PARSE(app, argc, argv);
  auto level = poles::logging::ParseLevel(log_level);
  if (!level.ok()) return Fail(2, level.status().message());
  poles::logging::SetLevel(*level);

  if (!database_url.empty()) {
    return Fail(2,
                "--database-url (POLES_GATEWAY_DATABASE_URL) is no longer "
                "accepted: the gateway holds no database role and reads keys, "
                "tenants and reference data from --server");
  }
  // The HTTP port serves HTTPS with its own certificate when given one,
  // else with the gRPC port's: TLS for the gateway means TLS on both.
  if (http_tls_cert.empty() && http_tls_key.empty()) {
    http_tls_cert = o.tls.cert_file;
    http_tls_key = o.tls.key_file;
  }
  const bool http_tls = !http_tls_cert.empty() || !http_tls_key.empty();
  if (!http_listen.empty()) {
    // Plain HTTP beyond loopback only when told: a bearer key must not
    // cross the network in clear.
    if (auto s = poles::transport::CheckPlaintext(
            "--http-listen", http_listen, http_tls, o.insecure_plaintext);
        !s.ok()) {
      return Fail(2, s.message());
    }
    poles::transport::WarnPlaintext("--http-listen", http_listen, http_tls);
  }
  if (service_key_file.empty()) return Fail(2, "give --service-key-file");
  {
    std::ifstream in(service_key_file);
    if (!in) return Fail(1, "cannot read --service-key-file");
    std::stringstream text;
    text << in.rdbuf();
    o.service_key = std::string(absl::StripAsciiWhitespace(text.str()));
  }
  o.max_deadline = std::chrono::milliseconds(max_deadline_ms);
  o.auth_cache_ttl = std::chrono::milliseconds(auth_ttl_ms);
  o.reference_cache_ttl = std::chrono::milliseconds(reference_ttl_ms);
  o.shutdown_grace = std::chrono::milliseconds(grace_ms);
  o.reflection = !no_reflection;

  auto gateway = poles::gateway::GatewayServer::Start(o);
  if (!gateway.ok()) return Fail(1, gateway.status().message());
  std::unique_ptr<poles::gateway::PublicPages> pages;
  std::unique_ptr<poles::gateway::HttpFrontDoor> http;
  if (!http_listen.empty()) {
    poles::gateway::HttpApiOptions http_options;
    http_options.web_dir =
        web_dir.empty() ? poles::gateway::DefaultWebDir(argv[0]) : web_dir;
    http_options.workspace_dir =
        workspace_dir.empty() ? poles::gateway::DefaultWorkspaceDir(argv[0])
                              : workspace_dir;
    http_options.request_deadline =
        std::min(http_options.request_deadline, o.max_deadline);
    http_options.threads = http_threads;
    // The tenant RPCs as HTTP/JSON, forwarded with the caller's own key.
    poles::gateway::HttpTranscoderOptions tenant_api;
    tenant_api.default_deadline = http_options.request_deadline;
    tenant_api.max_deadline = o.max_deadline;
    tenant_api.team_channel = (*gateway)->admin_channel();
    auto transcoder = poles::gateway::HttpTranscoder::Create(
        (*gateway)->services_channel(), tenant_api);
    if (!transcoder.ok()) return Fail(1, transcoder.status().message());
    http_options.tenant_api = std::move(*transcoder);
    auto sessions = std::make_shared<poles::gateway::SessionOptions>();
    sessions->channel = (*gateway)->admin_channel();
    sessions->service_authorization = "Bearer " + o.service_key;
    sessions->deadline = http_options.request_deadline;
    http_options.sessions = std::move(sessions);
    http_options.metrics = (*gateway)->http_metrics();
    http_options.tls_cert_file = http_tls_cert;
    http_options.tls_key_file = http_tls_key;
    pages = poles::gateway::NewGrpcPublicPages((*gateway)->services_channel(),
                                               "Bearer " + o.service_key);
    auto door = poles::gateway::HttpFrontDoor::Start(
        http_listen, (*gateway)->reads(), pages.get(), http_options);
    if (!door.ok()) return Fail(1, door.status().message());
    http = std::move(*door);
  }
  poles::logging::Log(spdlog::level::info, "gateway_started",
                      {{"port", (*gateway)->port()},
                       {"http_port", http ? http->port() : 0},
                       {"metrics_port", (*gateway)->metrics_port()},
                       {"http_tls", http_tls},
                       {"health_port", (*gateway)->health_port()},
                       {"server", o.server},
                       {"health", "SERVING"}});
  int sig = 0;
  sigwait(&signals, &sig);
  poles::logging::Log(spdlog::level::info, "gateway_draining",
                      {{"signal", sig == SIGTERM ? "SIGTERM" : "SIGINT"},
                       {"health", "NOT_SERVING"}});
  if (http) http->Stop();
  (*gateway)->Shutdown();
  gateway->reset();
  poles::logging::Log(spdlog::level::info, "gateway_stopped");
  return 0;
}
