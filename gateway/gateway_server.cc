#include "gateway/gateway_server.h"

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/health_check_service_interface.h>

#include "absl/strings/str_cat.h"
#include "services/common/errors.h"
#include "services/common/summary_stub_decorators.h"

namespace poles::gateway {

absl::Status ValidateGatewayOptions(const GatewayOptions& o) {
  Violations v;
  if (o.server.empty()) v.Add("--server", "is required (host:port)");
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
  return v.Status();
}

absl::StatusOr<std::unique_ptr<GatewayServer>> GatewayServer::Start(
    const GatewayOptions& options) {
  if (auto s = ValidateGatewayOptions(options); !s.ok()) return s;
  std::unique_ptr<GatewayServer> srv(new GatewayServer());
  srv->options_ = options;
  grpc::ChannelArguments args;
  args.SetMaxReceiveMessageSize(64 * 1024 * 1024);
  auto channel = grpc::CreateCustomChannel(
      options.server, grpc::InsecureChannelCredentials(), args);
  auto directory_channel =
      options.directory_server.empty()
          ? channel
          : grpc::CreateCustomChannel(options.directory_server,
                                      grpc::InsecureChannelCredentials(), args);
  srv->directory_ = std::make_unique<ServerTenantDirectory>(
      directory_channel, absl::StrCat("Bearer ", options.service_key),
      options.auth_cache_ttl, options.reference_cache_ttl);
  srv->channel_stub_ = std::make_shared<GrpcSummaryStub>(channel);
  srv->summaries_ = std::make_shared<SummaryCallerMetadata>(srv->channel_stub_);
  srv->fiscal_years_ =
      std::make_unique<GrpcFiscalYearReader>(channel, options.max_in_flight);
  NationalReadsOptions reads;
  reads.disclosure_threshold = options.disclosure_threshold;
  reads.max_in_flight = options.max_in_flight;
  reads.max_deadline = options.max_deadline;
  reads.service_authorization = absl::StrCat("Bearer ", options.service_key);
  srv->reads_ = std::make_unique<NationalReadsImpl>(
      *srv->directory_, *srv->summaries_, *srv->fiscal_years_, reads);
  srv->service_ = std::make_unique<NationalService>(
      *srv->reads_, options.max_concurrent_reads);

  grpc::EnableDefaultHealthCheckService(true);
  if (options.reflection) {
    grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  }
  grpc::ServerBuilder builder;
  builder.AddListeningPort(options.listen, grpc::InsecureServerCredentials(),
                           &srv->port_);
  builder.SetMaxSendMessageSize(64 * 1024 * 1024);
  builder.RegisterService(srv->service_.get());
  srv->server_ = builder.BuildAndStart();
  if (!srv->server_ || srv->port_ == 0) {
    return absl::UnavailableError(
        absl::StrCat("cannot listen on ", options.listen));
  }
  srv->server_->GetHealthCheckService()->SetServingStatus(true);
  return srv;
}

void GatewayServer::Shutdown() {
  if (shut_down_) return;
  shut_down_ = true;
  server_->GetHealthCheckService()->SetServingStatus(false);
  server_->Shutdown(std::chrono::system_clock::now() + options_.shutdown_grace);
}

GatewayServer::~GatewayServer() {
  if (server_) Shutdown();
  server_.reset();
  service_.reset();  // waits for the reads still running
}

}  // namespace poles::gateway
