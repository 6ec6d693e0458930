// poles-server: hosts the Pôles platform's gRPC services.
//
//   poles-server --data-dir .poles-data          # private PostgreSQL
//   poles-server --database-url postgresql://poles_app@db/poles
//     --admin-database-url postgresql://poles_admin@db/poles
//     (with) --owner-database-url postgresql://poles_owner@db/poles
//
// Every flag has a POLES_* environment override (see README).
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include <CLI/CLI.hpp>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "base/logging.h"
#include "server/bootstrap.h"
#include "server/poles_server.h"
#include "services/common/process.h"
#include "services/common/transport.h"

namespace {

// A start-up failure, as a log line; main returns the exit code after it.
int Fail(int exit_code, absl::string_view error) {
  poles::logging::Log(spdlog::level::critical, "server_failed",
                      {{"error", std::string(error)}});
  return exit_code;
}

// Writes "<port>\n" to `path` so that a reader never sees a partial file: a
// temporary file beside it, renamed over it.
absl::Status WritePortFile(const std::string& path, int port) {
  const std::string tmp = absl::StrCat(path, ".tmp-", getpid());
  if (auto s = poles::WritePrivateFile(tmp, absl::StrCat(port, "\n"));
      !s.ok()) {
    return s;
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) {
    std::filesystem::remove(tmp, ec);
    return absl::UnavailableError(absl::StrCat("cannot write ", path));
  }
  return absl::OkStatus();
}

}  // namespace

int main(int argc, char** argv) {
  poles::ConfigureServerProcess();
  // A connection attempt to a database that accepts TCP but never answers
  // (a stalled link) would otherwise wait for ever: libpq's connect_timeout,
  // unless the URL or the environment sets one.
  setenv("PGCONNECT_TIMEOUT", "5", /*overwrite=*/0);
  // Block the shutdown signals in every thread; main waits for them below.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  poles::ServerOptions o;
  poles::DatabaseChoice db;
  std::string services = "admin,plans,events,directories,funding,fiscal_years";
  std::string admin_key_file, port_file;
  long auth_ttl_ms = 10000, max_deadline_ms = 30000, grace_ms = 10000,
       tenant_wait_ms = 2000;
  bool no_reflection = false, migrate_only = false, purge_erased = false;
  std::string log_level = "info";

  CLI::App app{"poles-server: the Pôles d'économie sociale platform (gRPC)"};
  app.add_option("--listen", o.listen, "address:port to serve gRPC on")
      ->envname("POLES_LISTEN")
      ->capture_default_str();
  app.add_option("--services", services,
                 "services to host: "
                 "admin,plans,events,directories,funding,fiscal_years")
      ->envname("POLES_SERVICES")
      ->capture_default_str();
  app.add_option("--data-dir", db.data_dir,
                 "run a private PostgreSQL in this folder (embedded mode)")
      ->envname("POLES_DATA_DIR");
  app.add_option("--database-url", db.app_url,
                 "connection string of the application role (poles_app)")
      ->envname("POLES_DATABASE_URL");
  app.add_option("--admin-database-url", db.admin_url,
                 "connection string of the admin service's role (poles_admin)")
      ->envname("POLES_ADMIN_DATABASE_URL");
  app.add_option("--owner-database-url", db.owner_url,
                 "connection string of the owner role; migrations run when set")
      ->envname("POLES_OWNER_DATABASE_URL");
  app.add_option("--pool-size", o.pool_size, "database workers (connections)")
      ->envname("POLES_POOL_SIZE")
      ->capture_default_str();
  app.add_option("--queue-size", o.queue_size,
                 "requests waiting for a worker before RESOURCE_EXHAUSTED")
      ->envname("POLES_QUEUE_SIZE")
      ->capture_default_str();
  app.add_option("--tenant-share", o.tenant_share,
                 "workers one tenant may hold at once (0: pool size - 1)")
      ->envname("POLES_TENANT_SHARE")
      ->capture_default_str();
  app.add_option("--tenant-wait-ms", tenant_wait_ms,
                 "how long a tenant's calls beyond its share wait before "
                 "RESOURCE_EXHAUSTED")
      ->envname("POLES_TENANT_WAIT_MS")
      ->capture_default_str();
  app.add_option("--page-token-secret", o.page_token_secret,
                 "HMAC key for page tokens (>= 32 bytes; embedded mode "
                 "creates one in the data folder)")
      ->envname("POLES_PAGE_TOKEN_SECRET");
  app.add_option("--auth-cache-ttl-ms", auth_ttl_ms,
                 "how long a verified API key is cached (revocation delay)")
      ->envname("POLES_AUTH_CACHE_TTL_MS")
      ->capture_default_str();
  app.add_option("--max-deadline-ms", max_deadline_ms,
                 "deadline for calls that set none (or a later one)")
      ->envname("POLES_MAX_DEADLINE_MS")
      ->capture_default_str();
  app.add_option("--shutdown-grace-ms", grace_ms,
                 "time in-flight calls get to finish on SIGTERM")
      ->envname("POLES_SHUTDOWN_GRACE_MS")
      ->capture_default_str();
  app.add_option("--max-message-bytes", o.max_message_bytes,
                 "largest request or response")
      ->envname("POLES_MAX_MESSAGE_BYTES")
      ->capture_default_str();
  app.add_option(
         "--metrics-listen", o.metrics_listen,
         "host:port of the Prometheus endpoint (GET /metrics); empty: off")
      ->envname("POLES_METRICS_LISTEN");
  app.add_option("--health-listen", o.health_listen,
                 "host:port of a plaintext port serving only the gRPC health "
                 "service (for probes that speak no TLS); empty: off")
      ->envname("POLES_HEALTH_LISTEN");
  app.add_flag("--no-reflection", no_reflection, "turn server reflection off")
      ->envname("POLES_NO_REFLECTION");
  app.add_option("--admin-key-file", admin_key_file,
                 "write a first admin API key here if the file does not exist "
                 "(default in embedded mode: <data-dir>/keys/admin.key)")
      ->envname("POLES_ADMIN_KEY_FILE");
  app.add_option(
         "--log-level", log_level,
         "lowest level logged: trace, debug, info, warn, error, critical, off")
      ->envname("POLES_LOG_LEVEL")
      ->capture_default_str();
  app.add_option("--port-file", port_file,
                 "once serving, write the gRPC port here (atomically: a "
                 "temporary file renamed); removed on shutdown")
      ->envname("POLES_PORT_FILE");
  app.add_option("--tls-cert", o.tls.cert_file,
                 "PEM certificate (chain) for the gRPC port: serve TLS")
      ->envname("POLES_TLS_CERT");
  app.add_option("--tls-key", o.tls.key_file, "PEM private key of --tls-cert")
      ->envname("POLES_TLS_KEY");
  app.add_option("--tls-client-ca", o.tls.client_ca_file,
                 "PEM CA: require client certificates signed by it (mTLS)")
      ->envname("POLES_TLS_CLIENT_CA");
  app.add_flag("--insecure-plaintext", o.insecure_plaintext,
               "allow plaintext on a non-loopback --listen or "
               "--services-target (API keys in clear: a warning is logged)")
      ->envname("POLES_INSECURE_PLAINTEXT");
  app.add_option("--services-target", o.services_target,
                 "where this server's cross-service reads go (plans' "
                 "computed results, funding's award recipients): host:port, "
                 "a list host:port,host:port or a DNS name, round robin; "
                 "default: this server")
      ->envname("POLES_SERVICES_TARGET");
  app.add_option("--tls-ca", o.services_tls.ca_file,
                 "PEM CA trusted for --services-target: call it over TLS")
      ->envname("POLES_TLS_CA");
  app.add_option("--tls-client-cert", o.services_tls.cert_file,
                 "PEM client certificate presented to --services-target")
      ->envname("POLES_TLS_CLIENT_CERT");
  app.add_option("--tls-client-key", o.services_tls.key_file,
                 "PEM private key of --tls-client-cert")
      ->envname("POLES_TLS_CLIENT_KEY");
  app.add_option("--tls-server-name", o.services_tls.server_name,
                 "name checked against --services-target's certificate "
                 "(default: its host)")
      ->envname("POLES_TLS_SERVER_NAME");
  app.add_flag("--migrate-only", migrate_only,
               "apply migrations and exit (for a Helm hook Job)");
  app.add_flag("--purge-erased", purge_erased,
               "apply migrations, vacuum what erasures left in poles.people "
               "and poles.idempotency_keys (as the owner), and exit; "
               "schedule it after erasures (docs/privacy.md)");
  CLI11_PARSE(app, argc, argv);
  auto level = poles::logging::ParseLevel(log_level);
  if (!level.ok()) return Fail(2, level.status().message());
  poles::logging::SetLevel(*level);

  o.services = absl::StrSplit(services, ',', absl::SkipEmpty());
  o.auth_cache_ttl = std::chrono::milliseconds(auth_ttl_ms);
  o.max_deadline = std::chrono::milliseconds(max_deadline_ms);
  o.tenant_wait = std::chrono::milliseconds(tenant_wait_ms);
  o.shutdown_grace = std::chrono::milliseconds(grace_ms);
  o.reflection = !no_reflection;
  db.progress = [](const std::string& m) {
    poles::logging::Log(spdlog::level::info, "database_progress",
                        {{"message", m}});
  };

  if (auto s = poles::transport::CheckPlaintext(
          "--listen", o.listen, o.tls.enabled(), o.insecure_plaintext);
      !s.ok() && !migrate_only && !purge_erased) {
    return Fail(2, s.message());
  }
  if (db.data_dir.empty() && db.app_url.empty() &&
      !((migrate_only || purge_erased) && !db.owner_url.empty())) {
    return Fail(2, "give --data-dir (embedded PostgreSQL) or --database-url");
  }
  auto ready = poles::PrepareDatabase(db);
  if (!ready.ok()) return Fail(1, ready.status().message());
  if (migrate_only) {
    poles::logging::Log(spdlog::level::info, "schema_up_to_date");
    return 0;
  }
  if (purge_erased) {
    if (ready->urls.owner_url.empty()) {
      return Fail(2, "--purge-erased needs --owner-database-url");
    }
    if (auto s = poles::PurgeErased(ready->urls.owner_url); !s.ok()) {
      return Fail(1, s.message());
    }
    poles::logging::Log(spdlog::level::info, "erased_rows_vacuumed");
    return 0;
  }
  o.database_url = ready->urls.app_url;
  o.admin_database_url = ready->urls.admin_url;
  if (!db.data_dir.empty()) {
    namespace fs = std::filesystem;
    if (o.page_token_secret.empty()) {
      auto secret = poles::ReadOrCreateSecret(
          (fs::path(db.data_dir) / "page-token.secret").string(), 32);
      if (!secret.ok()) return Fail(1, secret.status().message());
      o.page_token_secret = *secret;
    }
    if (admin_key_file.empty()) {
      admin_key_file = (fs::path(db.data_dir) / "keys" / "admin.key").string();
    }
  }
  if (!admin_key_file.empty() && !std::filesystem::exists(admin_key_file)) {
    if (ready->urls.owner_url.empty()) {
      return Fail(2, "--admin-key-file needs --owner-database-url");
    }
    auto key = poles::IssueKeyDirect(ready->urls.owner_url, "admin", "",
                                     "Première clé d'administration");
    if (!key.ok() ||
        !poles::WritePrivateFile(admin_key_file, *key + "\n").ok()) {
      return Fail(1, "cannot create the admin key");
    }
    poles::logging::Log(spdlog::level::warn, "admin_key_written",
                        {{"file", admin_key_file}});
  }

  auto server = poles::PolesServer::Start(o);
  if (!server.ok()) return Fail(1, server.status().message());
  if (!port_file.empty()) {
    auto written = WritePortFile(port_file, (*server)->port());
    if (!written.ok()) return Fail(1, written.message());
  }
  poles::logging::Log(spdlog::level::info, "server_started",
                      {{"services", services},
                       {"port", (*server)->port()},
                       {"health_port", (*server)->health_port()},
                       {"health", "SERVING"}});
  int sig = 0;
  sigwait(&signals, &sig);
  poles::logging::Log(spdlog::level::info, "server_draining",
                      {{"signal", sig == SIGTERM ? "SIGTERM" : "SIGINT"},
                       {"health", "NOT_SERVING"}});
  (*server)->Shutdown();
  server->reset();
  ready->embedded.reset();
  if (!port_file.empty()) {
    std::error_code ec;
    std::filesystem::remove(port_file, ec);
  }
  poles::logging::Log(spdlog::level::info, "server_stopped");
  poles::logging::Flush();
  return 0;
}
