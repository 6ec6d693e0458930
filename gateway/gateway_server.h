#ifndef POLES_GATEWAY_GATEWAY_SERVER_H_
#define POLES_GATEWAY_GATEWAY_SERVER_H_

#include <chrono>
#include <memory>
#include <string>

#include <grpcpp/grpcpp.h>

#include "absl/status/statusor.h"
#include "gateway/fan_out_metrics.h"
#include "gateway/fiscal_year_reader.h"
#include "gateway/national_reads_impl.h"
#include "gateway/national_service.h"
#include "gateway/tenant_directory.h"
#include "services/common/health_port.h"
#include "services/common/metrics.h"
#include "services/common/metrics_endpoint.h"
#include "services/common/summary_stub_grpc.h"
#include "services/common/transport.h"

namespace poles::gateway {

// Everything poles-gateway is configured with (flags, POLES_GATEWAY_*
// environment overrides).
struct GatewayOptions {
  std::string listen = "127.0.0.1:50052";
  // The poles-server whose services the reads fan out to, and which checks
  // the callers' keys and lists the tenants and reference data (the gateway
  // holds no database role).
  std::string server = "127.0.0.1:50051";
  // Where keys are checked and tenants and reference data listed, when not
  // `server` (empty): a poles-server hosting the admin, directories and
  // funding services.
  std::string directory_server;
  // Where the admin service's calls go (keys checked, tenants listed,
  // people signed in) and the team's (HTTP /v1/ TeamService routes), when
  // not `directory_server` or `server` (empty): the poles-server hosting
  // the admin service (--services admin), as in the Helm chart's split mode.
  std::string admin_server;
  // The gateway's own ROLE_SERVICE API key ("pk_..."), as read from its file.
  std::string service_key;
  int disclosure_threshold = 5;
  // Calls to the services one read has open at once, summaries and fiscal
  // years' states together (a quarter for the states); 1 still lets one
  // call of each kind run.
  int max_in_flight = 64;
  std::chrono::milliseconds max_deadline{30000};
  std::chrono::milliseconds auth_cache_ttl{10000};
  std::chrono::milliseconds reference_cache_ttl{60000};
  std::chrono::milliseconds shutdown_grace{10000};
  int max_concurrent_reads = 64;
  bool reflection = true;
  // TLS for the gRPC port (--tls-cert, --tls-key, --tls-client-ca). Without
  // it `listen` must be loopback unless `insecure_plaintext`, which also
  // allows plaintext calls to a non-loopback `server`.
  transport::ServerTls tls;
  bool insecure_plaintext = false;
  // host:port of a plaintext port serving grpc.health.v1.Health alone
  // (transport::HealthPort), for the kubelet's gRPC probes when `listen`
  // serves TLS; empty: off. Its status follows the main port's.
  std::string health_listen;
  // TLS for the calls to `server` (--tls-ca; --tls-client-cert and
  // --tls-client-key for servers requiring a client certificate).
  transport::ClientTls server_tls;
  // host:port of the Prometheus endpoint (HTTP GET /metrics); empty turns it
  // off; port 0 picks a free one.
  std::string metrics_listen;
};

// INVALID_ARGUMENT naming the flag otherwise.
absl::Status ValidateGatewayOptions(const GatewayOptions& options);

// A running poles-gateway: NationalService, health and reflection on
// `listen`; its metrics on `metrics_listen` (MetricsText). Health is
// SERVING once listening.
class GatewayServer {
 public:
  static absl::StatusOr<std::unique_ptr<GatewayServer>> Start(
      const GatewayOptions& options);
  ~GatewayServer();

  int port() const { return port_; }
  // The health-only port (GatewayOptions::health_listen), 0 when off.
  int health_port() const { return health_ ? health_->port() : 0; }
  // The channel to the services (`server`, round robin over its addresses).
  std::shared_ptr<grpc::Channel> services_channel() const { return channel_; }
  // The channel to the admin service (`admin_server`, else as above).
  std::shared_ptr<grpc::Channel> admin_channel() const {
    return admin_channel_;
  }
  // The reads behind the gRPC service (for the HTTP side).
  NationalReads& reads() { return *reads_; }
  // NOT_SERVING, stops accepting calls, lets running reads finish within
  // the grace period.
  void Shutdown();
  // For the HTTP front door's handling (HttpApiOptions::metrics).
  HttpMetrics* http_metrics() { return http_metrics_.get(); }
  // Prometheus text: NationalService's calls (grpc_server_*), the HTTP
  // front door's requests (http_server_*) and the fan-outs
  // (poles_gateway_fan_out_*, gateway/fan_out_metrics.h).
  std::string MetricsText() const;
  // The metrics endpoint's bound port, 0 when off.
  int metrics_port() const {
    return metrics_endpoint_ ? metrics_endpoint_->port() : 0;
  }

 private:
  GatewayServer() = default;
  GatewayOptions options_;
  // Before everything that reports to them.
  std::unique_ptr<prometheus::Registry> registry_;
  std::unique_ptr<RpcMetrics> rpc_metrics_;
  std::unique_ptr<HttpMetrics> http_metrics_;
  std::unique_ptr<FanOutMetrics> fan_out_metrics_;
  std::unique_ptr<ServerTenantDirectory> directory_;
  std::shared_ptr<grpc::Channel> channel_;
  std::shared_ptr<grpc::Channel> admin_channel_;
  std::shared_ptr<GrpcSummaryStub> channel_stub_;
  std::shared_ptr<SummaryStub> summaries_;
  std::unique_ptr<GrpcFiscalYearReader> fiscal_years_;
  std::unique_ptr<NationalReadsImpl> reads_;
  std::unique_ptr<NationalService> service_;
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<MetricsEndpoint> metrics_endpoint_;
  std::unique_ptr<transport::HealthPort> health_;
  int port_ = 0;
  bool shut_down_ = false;
};

}  // namespace poles::gateway

#endif  // POLES_GATEWAY_GATEWAY_SERVER_H_
