#include "gateway/gateway_server.h"

#include <algorithm>

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/health_check_service_interface.h>

#include "absl/strings/str_cat.h"
#include "services/common/errors.h"
#include "services/common/summary_stub_decorators.h"
#include "services/common/unparseable.h"

namespace poles::gateway {

absl::Status ValidateGatewayOptions(const GatewayOptions& o) {
  Violations v;
  if (o.server.empty()) {
    v.Add("--server", "is required (host:port)");
  } else if (auto target = transport::ChannelTarget("--server", o.server);
             !target.ok()) {
    v.Merge(target.status());
  } else {
    v.Merge(transport::CheckPlaintext(
        "--server", o.server, o.server_tls.enabled(), o.insecure_plaintext));
  }
  if (!o.admin_server.empty()) {
    if (auto target =
            transport::ChannelTarget("--admin-server", o.admin_server);
        !target.ok()) {
      v.Merge(target.status());
    } else {
      v.Merge(transport::CheckPlaintext("--admin-server", o.admin_server,
                                        o.server_tls.enabled(),
                                        o.insecure_plaintext));
    }
  }
  v.Merge(transport::CheckPlaintext("--listen", o.listen, o.tls.enabled(),
                                    o.insecure_plaintext));
  if (o.service_key.empty()) {
    v.Add("--service-key-file", "is required (a ROLE_SERVICE API key)");
  }
  if (o.disclosure_threshold < 0 || o.disclosure_threshold > 1000) {
    v.Add("--disclosure-threshold", "must be between 0 and 1000");
  }
  if (o.max_in_flight < 1 || o.max_in_flight > 10000) {
    v.Add("--max-in-flight", "must be between 1 and 10000");
  }
  if (o.max_deadline.count() < 1) {
    v.Add("--max-deadline-ms", "must be positive");
  }
  v.Merge(ValidateMetricsListen("--metrics-listen", o.metrics_listen));
  return v.Status();
}

absl::StatusOr<std::unique_ptr<GatewayServer>> GatewayServer::Start(
    const GatewayOptions& options) {
  if (auto s = ValidateGatewayOptions(options); !s.ok()) return s;
  auto credentials = transport::ServerCredentials(options.tls);
  if (!credentials.ok()) return credentials.status();
  std::unique_ptr<GatewayServer> srv(new GatewayServer());
  srv->options_ = options;
  srv->registry_ = std::make_unique<prometheus::Registry>();
  srv->rpc_metrics_ = std::make_unique<RpcMetrics>(*srv->registry_);
  srv->http_metrics_ = std::make_unique<HttpMetrics>(*srv->registry_);
  srv->fan_out_metrics_ = std::make_unique<FanOutMetrics>(*srv->registry_);
  grpc::ChannelArguments args;
  args.SetMaxReceiveMessageSize(64 * 1024 * 1024);
  auto channel = transport::CreateChannel("--server", options.server,
                                          options.server_tls, args);
  if (!channel.ok()) return channel.status();
  srv->channel_ = *channel;
  std::shared_ptr<grpc::Channel> directory_channel = srv->channel_;
  if (!options.directory_server.empty()) {
    auto d =
        transport::CreateChannel("--directory-server", options.directory_server,
                                 options.server_tls, args);
    if (!d.ok()) return d.status();
    directory_channel = *d;
  }
  srv->admin_channel_ = directory_channel;
  if (!options.admin_server.empty()) {
    auto a = transport::CreateChannel("--admin-server", options.admin_server,
                                      options.server_tls, std::move(args));
    if (!a.ok()) return a.status();
    srv->admin_channel_ = *a;
  }
  srv->directory_ = std::make_unique<ServerTenantDirectory>(
      directory_channel, srv->admin_channel_,
      absl::StrCat("Bearer ", options.service_key), options.auth_cache_ttl,
      options.reference_cache_ttl);
  srv->channel_stub_ = std::make_shared<GrpcSummaryStub>(srv->channel_);
  srv->summaries_ = std::make_shared<SummaryCallerMetadata>(srv->channel_stub_);
  // One read's calls stay within --max-in-flight: the fiscal years' states,
  // read beside the summaries, get a quarter of the window and the
  // summaries the rest (the two windows were each the whole flag, so a read
  // had up to twice as many calls open, as national_bench measured).
  const int states_window = std::max(1, options.max_in_flight / 4);
  srv->fiscal_years_ =
      std::make_unique<GrpcFiscalYearReader>(srv->channel_, states_window);
  NationalReadsOptions reads;
  reads.disclosure_threshold = options.disclosure_threshold;
  reads.max_in_flight = std::max(1, options.max_in_flight - states_window);
  reads.max_deadline = options.max_deadline;
  reads.service_authorization = absl::StrCat("Bearer ", options.service_key);
  reads.fan_out_metrics = srv->fan_out_metrics_.get();
  srv->reads_ = std::make_unique<NationalReadsImpl>(
      *srv->directory_, *srv->summaries_, *srv->fiscal_years_, reads);
  srv->service_ = std::make_unique<NationalService>(
      *srv->reads_, options.max_concurrent_reads, srv->rpc_metrics_.get());

  grpc::EnableDefaultHealthCheckService(true);
  if (options.reflection) {
    grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  }
  grpc::ServerBuilder builder;
  builder.AddListeningPort(options.listen, *credentials, &srv->port_);
  builder.SetMaxSendMessageSize(64 * 1024 * 1024);
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
  builder.RegisterService(srv->service_.get());
  srv->server_ = builder.BuildAndStart();
  if (!srv->server_ || srv->port_ == 0) {
    return absl::UnavailableError(
        absl::StrCat("cannot listen on ", options.listen));
  }
  if (!options.metrics_listen.empty()) {
    GatewayServer* self = srv.get();
    auto endpoint = MetricsEndpoint::Start(
        options.metrics_listen, [self] { return self->MetricsText(); });
    if (!endpoint.ok()) {
      srv->Shutdown();
      return endpoint.status();
    }
    srv->metrics_endpoint_ = *std::move(endpoint);
  }
  if (!options.health_listen.empty()) {
    auto health = transport::HealthPort::Start(
        "--health-listen", options.health_listen, {"poles.v1.NationalService"});
    if (!health.ok()) {
      srv->Shutdown();
      return health.status();
    }
    srv->health_ = *std::move(health);
  }
  transport::WarnPlaintext("--listen", options.listen, options.tls.enabled());
  transport::WarnPlaintext("--server", options.server,
                           options.server_tls.enabled());
  srv->server_->GetHealthCheckService()->SetServingStatus(true);
  if (srv->health_) srv->health_->SetServing(true);
  return srv;
}

void GatewayServer::Shutdown() {
  if (shut_down_) return;
  shut_down_ = true;
  // The health-only port answers NOT_SERVING while the reads drain.
  if (health_) health_->SetServing(false);
  server_->GetHealthCheckService()->SetServingStatus(false);
  server_->Shutdown(std::chrono::system_clock::now() + options_.shutdown_grace);
  if (health_) health_->Shutdown();
  if (metrics_endpoint_) metrics_endpoint_->Stop();
}

std::string GatewayServer::MetricsText() const {
  return RenderMetrics(*registry_);
}

GatewayServer::~GatewayServer() {
  if (server_) Shutdown();
  server_.reset();
  service_.reset();  // waits for the reads still running
}

}  // namespace poles::gateway
