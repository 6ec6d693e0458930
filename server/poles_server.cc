#include "server/poles_server.h"

#include <algorithm>
#include <future>

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/health_check_service_interface.h>
#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "base/logging.h"
#include "services/admin/admin_service.h"
#include "services/admin/team.h"
#include "services/common/auth.h"
#include "services/common/errors.h"
#include "services/common/metrics_endpoint.h"
#include "services/common/mutation.h"
#include "services/common/summary.h"
#include "services/common/summary_stub_decorators.h"
#include "services/common/time_zone.h"
#include "services/common/unparseable.h"
#include "services/directories/directories_service.h"
#include "services/events/events_service.h"
#include "services/fiscal_years/fiscal_years_service.h"
#include "services/funding/funding_service.h"
#include "services/plans/plans_service.h"

namespace poles {

namespace {
// Connections of the summary pool (see ServiceEnvironment::summary_workers).
constexpr int kSummaryPoolSize = 2;
// Connections of the admin service's pool: tenants and keys are written
// rarely, and its key lookups are cached like every service's.
constexpr int kAdminPoolSize = 2;

bool Hosts(const ServerOptions& o, absl::string_view service) {
  return std::find(o.services.begin(), o.services.end(), service) !=
         o.services.end();
}

// The database check before serving: `url` connects and sees the migrated
// schema.
absl::Status CheckDatabase(const std::string& url, absl::string_view role) {
  try {
    pqxx::connection conn(url);
    pqxx::nontransaction n(conn);
    n.exec("SELECT 1 FROM poles.regions LIMIT 1");
  } catch (const std::exception& e) {
    return absl::UnavailableError(
        absl::StrCat("database check failed as ", role,
                     " (is the schema migrated?): ", e.what()));
  }
  return absl::OkStatus();
}
// The fully-qualified gRPC name of a --services entry.
std::string ServiceFullName(absl::string_view service) {
  if (service == "admin") return "poles.v1.AdminService";
  if (service == "plans") return "poles.v1.PlansService";
  if (service == "events") return "poles.v1.EventsService";
  if (service == "directories") return "poles.v1.DirectoriesService";
  if (service == "funding") return "poles.v1.FundingService";
  return "poles.v1.FiscalYearsService";
}

constexpr int kKeepaliveTimeMs = 30000;
constexpr int kKeepaliveTimeoutMs = 10000;

// How long start-up waits for a pool's workers to connect.
constexpr std::chrono::seconds kConnectWorkersTimeout{10};

// Connects `pool`'s workers (WorkerPool::ConnectAll) and logs how many and
// how long it took.
void ConnectWorkers(absl::string_view name, storage::WorkerPool& pool) {
  const auto start = std::chrono::steady_clock::now();
  const int connected = pool.ConnectAll(kConnectWorkersTimeout);
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                      std::chrono::steady_clock::now() - start)
                      .count();
  logging::Log(
      connected == pool.size() ? spdlog::level::info : spdlog::level::warn,
      "workers_connected",
      {{"pool", std::string(name)},
       {"connected", connected},
       {"workers", pool.size()},
       {"ms", static_cast<int64_t>(ms)}});
}
}  // namespace

absl::Status ValidateServerOptions(const ServerOptions& o) {
  Violations v;
  if (o.database_url.empty()) {
    v.Add("--database-url",
          "is required (or use --data-dir for the embedded database)");
  }
  if (o.admin_database_url.empty() && Hosts(o, "admin")) {
    v.Add("--admin-database-url",
          "is required when hosting the admin service (the poles_admin "
          "role; or use --data-dir for the embedded database)");
  }
  if (o.pool_size < 1 || o.pool_size > 256) {
    v.Add("--pool-size", "must be between 1 and 256");
  }
  if (o.queue_size < 1 || o.queue_size > 100000) {
    v.Add("--queue-size", "must be between 1 and 100000");
  }
  if (o.tenant_share < 0 || o.tenant_share > o.pool_size) {
    v.Add("--tenant-share",
          "must be between 0 (pool size - 1) and the pool size");
  }
  if (o.tenant_wait.count() < 0 || o.tenant_wait > o.max_deadline) {
    v.Add("--tenant-wait-ms", "must be between 0 and the maximum deadline");
  }
  if (o.page_token_secret.size() < 32) {
    v.Add("--page-token-secret", "must be at least 32 bytes");
  }
  if (o.services.empty()) v.Add("--services", "must name at least one service");
  for (const auto& s : o.services) {
    if (s != "admin" && s != "plans" && s != "events" && s != "directories" &&
        s != "funding" && s != "fiscal_years") {
      v.Add("--services",
            absl::StrCat("unknown service \"", s,
                         "\" (known: admin, plans, events, directories, "
                         "funding, fiscal_years)"));
    }
  }
  v.Merge(ValidateMetricsListen("--metrics-listen", o.metrics_listen));
  v.Merge(transport::CheckPlaintext("--listen", o.listen, o.tls.enabled(),
                                    o.insecure_plaintext));
  if (!o.services_target.empty()) {
    v.Merge(transport::CheckPlaintext("--services-target", o.services_target,
                                      o.services_tls.enabled(),
                                      o.insecure_plaintext));
    if (auto target =
            transport::ChannelTarget("--services-target", o.services_target);
        !target.ok()) {
      v.Merge(target.status());
    }
  }
  if (o.max_message_bytes < 1024 || o.max_message_bytes > 64 * 1024 * 1024) {
    v.Add("--max-message-bytes", "must be between 1 KiB and 64 MiB");
  }
  return v.Status();
}

grpc::ChannelArguments ClientChannelArguments(int max_message_bytes) {
  grpc::ChannelArguments args;
  args.SetMaxReceiveMessageSize(max_message_bytes);
  args.SetMaxSendMessageSize(max_message_bytes);
  args.SetInt(GRPC_ARG_KEEPALIVE_TIME_MS, kKeepaliveTimeMs);
  args.SetInt(GRPC_ARG_KEEPALIVE_TIMEOUT_MS, kKeepaliveTimeoutMs);
  args.SetInt(GRPC_ARG_KEEPALIVE_PERMIT_WITHOUT_CALLS, 0);
  return args;
}

void RegisterServiceStatements(const std::vector<std::string>& services) {
  storage::RegisterStatements(AuthStatements());
  storage::RegisterStatements(MutationStatements());
  storage::RegisterStatements(SummaryStatements());
  for (const auto& name : services) {
    if (name == "admin") storage::RegisterStatements(admin::AdminStatements());
    if (name == "plans") storage::RegisterStatements(plans::PlansStatements());
    if (name == "events")
      storage::RegisterStatements(events::EventsStatements());
    if (name == "directories") {
      storage::RegisterStatements(directories::DirectoriesStatements());
    }
    if (name == "funding")
      storage::RegisterStatements(funding::FundingStatements());
    if (name == "fiscal_years") {
      storage::RegisterStatements(fiscal_years::FiscalYearsStatements());
    }
  }
}

absl::StatusOr<std::unique_ptr<PolesServer>> PolesServer::Start(
    const ServerOptions& options) {
  if (auto s = ValidateServerOptions(options); !s.ok()) return s;
  auto credentials = transport::ServerCredentials(options.tls);
  if (!credentials.ok()) return credentials.status();
  if (auto s = LoadMontrealTimeZone(); !s.ok()) return s;
  RegisterServiceStatements(options.services);
  std::unique_ptr<PolesServer> srv(new PolesServer());
  srv->options_ = options;

  if (auto s = CheckDatabase(options.database_url, "the application role");
      !s.ok()) {
    return s;
  }
  const bool admin = Hosts(options, "admin");
  if (admin) {
    if (auto s = CheckDatabase(options.admin_database_url, "the admin role");
        !s.ok()) {
      return s;
    }
  }

  storage::FairShare share;
  share.max_per_key = options.tenant_share;
  share.max_wait = options.tenant_wait;
  srv->registry_ = std::make_unique<prometheus::Registry>();
  srv->metrics_ = std::make_unique<RpcMetrics>(*srv->registry_);
  srv->pool_metrics_ = std::make_unique<PoolMetrics>(*srv->registry_);
  srv->workers_ = std::make_unique<storage::WorkerPool>(
      options.database_url, options.pool_size, options.queue_size, share,
      srv->pool_metrics_.get());
  share.max_per_key = 0;  // the summary pool's own: one of its two
  srv->summary_workers_ = std::make_unique<storage::WorkerPool>(
      options.database_url, kSummaryPoolSize, options.queue_size, share);
  if (admin) {
    srv->admin_workers_ = std::make_unique<storage::WorkerPool>(
        options.admin_database_url, kAdminPoolSize, options.queue_size, share);
  }
  // Every worker connected and its statements prepared before SERVING, so
  // that a burst of first calls does not wait for it (WorkerPool::ConnectAll).
  ConnectWorkers("tenant", *srv->workers_);
  ConnectWorkers("summary", *srv->summary_workers_);
  if (srv->admin_workers_) ConnectWorkers("admin", *srv->admin_workers_);
  srv->authenticator_ = std::make_unique<Authenticator>(options.auth_cache_ttl);
  // A restarted server schedules its callers under their own tenants from
  // the first call (Authenticator::LearnSchedulingKeys): otherwise every
  // caller's first calls share the one "unverified" share of the pool.
  srv->workers_->RunAndWait([&srv](storage::Session& session, bool) {
    auto learned = srv->authenticator_->LearnSchedulingKeys(session);
    if (!learned.ok()) {
      logging::Log(
          spdlog::level::warn, "scheduling_keys_not_learned",
          {{"code", absl::StatusCodeToString(learned.status().code())}});
    } else {
      logging::Log(spdlog::level::info, "scheduling_keys_learned",
                   {{"keys", absl::StrCat(*learned)}});
    }
  });
  srv->page_tokens_ =
      std::make_unique<PageTokenCodec>(options.page_token_secret);
  ServiceEnvironment env;
  env.workers = srv->workers_.get();
  env.summary_workers = srv->summary_workers_.get();
  srv->summary_channel_ = std::make_shared<GrpcSummaryStub>();
  srv->summaries_ =
      std::make_shared<SummaryCallerMetadata>(srv->summary_channel_);
  env.summaries = srv->summaries_.get();
  srv->directory_stub_ = std::make_unique<funding::GrpcDirectoryStub>();
  env.authenticator = srv->authenticator_.get();
  env.page_tokens = srv->page_tokens_.get();
  env.metrics = srv->metrics_.get();
  env.max_deadline = options.max_deadline;

  grpc::EnableDefaultHealthCheckService(true);
  if (options.reflection) {
    grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  }
  grpc::ServerBuilder builder;
  builder.AddListeningPort(options.listen, *credentials, &srv->port_);
  builder.SetMaxReceiveMessageSize(options.max_message_bytes);
  builder.SetMaxSendMessageSize(options.max_message_bytes);
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_TIME_MS, kKeepaliveTimeMs);
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_TIMEOUT_MS,
                             kKeepaliveTimeoutMs);
  builder.AddChannelArgument(
      GRPC_ARG_HTTP2_MIN_RECV_PING_INTERVAL_WITHOUT_DATA_MS,
      kKeepaliveTimeMs / 2);
  // Unparseable requests answer INVALID_ARGUMENT, not gRPC's UNIMPLEMENTED
  // "", and protobuf's line about each one is rate-limited (unparseable.h).
  InstallProtobufLogHandler();
  {
    std::vector<
        std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>>
        interceptors;
    interceptors.push_back(UnparseableRequestInterceptorFactory());
    builder.experimental().SetInterceptorCreators(std::move(interceptors));
  }
  ServiceEnvironment admin_env = env;
  admin_env.workers = srv->admin_workers_.get();
  admin_env.summary_workers = nullptr;
  for (const auto& name : options.services) {
    if (name == "admin") {
      srv->services_.push_back(
          std::make_unique<admin::AdminGrpcService>(admin_env));
      // The team's methods: the same accounts and keys, for a tenant's
      // editors (proto/poles/v1/team.proto).
      builder.RegisterService(srv->services_.back().get());
      srv->services_.push_back(
          std::make_unique<admin::TeamGrpcService>(admin_env));
    } else if (name == "plans") {
      srv->services_.push_back(std::make_unique<plans::PlansGrpcService>(env));
    } else if (name == "events") {
      srv->services_.push_back(
          std::make_unique<events::EventsGrpcService>(env));
    } else if (name == "directories") {
      srv->services_.push_back(
          std::make_unique<directories::DirectoriesGrpcService>(env));
    } else if (name == "funding") {
      srv->services_.push_back(std::make_unique<funding::FundingGrpcService>(
          env, *srv->directory_stub_));
    } else if (name == "fiscal_years") {
      srv->services_.push_back(
          std::make_unique<fiscal_years::FiscalYearsGrpcService>(env));
    }
    builder.RegisterService(srv->services_.back().get());
  }
  srv->server_ = builder.BuildAndStart();
  if (!srv->server_ || srv->port_ == 0) {
    return absl::UnavailableError(
        absl::StrCat("cannot listen on ", options.listen));
  }
  if (!options.metrics_listen.empty()) {
    PolesServer* self = srv.get();
    auto endpoint = MetricsEndpoint::Start(
        options.metrics_listen, [self] { return self->MetricsText(); });
    if (!endpoint.ok()) {
      srv->Shutdown();
      return endpoint.status();
    }
    srv->metrics_endpoint_ = *std::move(endpoint);
  }
  auto summary_channel = srv->ServicesChannel(grpc::ChannelArguments());
  auto directory_channel =
      srv->ServicesChannel(ClientChannelArguments(options.max_message_bytes));
  if (!summary_channel.ok() || !directory_channel.ok()) {
    srv->Shutdown();
    return summary_channel.ok() ? directory_channel.status()
                                : summary_channel.status();
  }
  srv->summary_channel_->SetChannel(*std::move(summary_channel));
  srv->directory_stub_->SetChannel(*std::move(directory_channel));
  if (!options.health_listen.empty()) {
    std::vector<std::string> names;
    for (const auto& name : options.services) {
      names.push_back(ServiceFullName(name));
    }
    auto health = transport::HealthPort::Start(
        "--health-listen", options.health_listen, std::move(names));
    if (!health.ok()) {
      srv->Shutdown();
      return health.status();
    }
    srv->health_ = *std::move(health);
  }
  transport::WarnPlaintext("--listen", options.listen, options.tls.enabled());
  srv->server_->GetHealthCheckService()->SetServingStatus(true);
  if (srv->health_) srv->health_->SetServing(true);
  return srv;
}

absl::StatusOr<std::shared_ptr<grpc::Channel>> PolesServer::ServicesChannel(
    grpc::ChannelArguments args) {
  if (!options_.services_target.empty()) {
    return transport::CreateChannel("--services-target",
                                    options_.services_target,
                                    options_.services_tls, std::move(args));
  }
  // This very server (it hosts every service by default): over its loopback
  // port like any other client, or in process when the port wants TLS.
  if (options_.tls.enabled()) return server_->InProcessChannel(args);
  return grpc::CreateCustomChannel(absl::StrCat("127.0.0.1:", port_),
                                   grpc::InsecureChannelCredentials(), args);
}

void PolesServer::Shutdown() {
  if (shut_down_) return;
  shut_down_ = true;
  // The health-only port answers NOT_SERVING while the calls drain.
  if (health_) health_->SetServing(false);
  server_->GetHealthCheckService()->SetServingStatus(false);
  server_->Shutdown(std::chrono::system_clock::now() + options_.shutdown_grace);
  if (health_) health_->Shutdown();
  if (metrics_endpoint_) metrics_endpoint_->Stop();
  workers_.reset();  // drains queued work, joins the workers
  summary_workers_.reset();
  admin_workers_.reset();
}

PolesServer::~PolesServer() { Shutdown(); }

std::string PolesServer::MetricsText() const {
  if (workers_) pool_metrics_->Sample(*workers_);
  return RenderMetrics(*registry_);
}

}  // namespace poles
