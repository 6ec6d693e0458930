#ifndef POLES_SERVER_POLES_SERVER_H_
#define POLES_SERVER_POLES_SERVER_H_

#include <algorithm>
#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <grpcpp/grpcpp.h>

#include "absl/status/statusor.h"
#include "services/common/call.h"
#include "services/common/health_port.h"
#include "services/common/metrics.h"
#include "services/common/metrics_endpoint.h"
#include "services/common/summary_stub_grpc.h"
#include "services/common/transport.h"
#include "services/funding/directory_stub.h"

namespace poles {

// The default number of database workers: the machine's cores plus one, at
// least 2. With PostgreSQL on the same cores (the embedded default), more
// backends than that only take turns: on 2 cores, a pool of 8 gave a third
// less throughput and three times the p99 of a pool of 3 on a page of 100
// organisations (BENCHMARKS.md). Against a remote database, size it to that
// server's cores with --pool-size.
inline int DefaultPoolSize() {
  return std::max(2, static_cast<int>(std::thread::hardware_concurrency()) + 1);
}

// Everything poles-server is configured with (flags, with POLES_*
// environment overrides; see README "Configuration").
struct ServerOptions {
  std::string listen = "127.0.0.1:50051";
  // Services to host: any of "admin", "plans", "events", "directories",
  // "funding", "fiscal_years".
  std::vector<std::string> services = {
      "admin", "plans", "events", "directories", "funding", "fiscal_years"};
  // The tenant services' role's connection string (poles_app).
  std::string database_url;
  // The admin service's role's connection string (poles_admin): required
  // when "admin" is hosted; its own small pool (kAdminPoolSize connections).
  std::string admin_database_url;
  int pool_size = DefaultPoolSize();
  int queue_size = 512;
  // Workers one tenant's calls may hold at once (0: pool_size - 1, at
  // least 1), and how long its excess calls wait for their turn before
  // RESOURCE_EXHAUSTED (reason TENANT_BUSY). See storage::FairShare.
  int tenant_share = 0;
  std::chrono::milliseconds tenant_wait{2000};
  // HMAC key for page tokens: at least 32 bytes. Servers behind one address
  // must share it.
  std::string page_token_secret;
  std::chrono::milliseconds auth_cache_ttl{10000};
  std::chrono::milliseconds max_deadline{30000};
  std::chrono::milliseconds shutdown_grace{10000};
  bool reflection = true;
  int max_message_bytes = 4 * 1024 * 1024;
  // host:port of the Prometheus metrics endpoint (HTTP GET /metrics); empty
  // turns it off; port 0 picks a free one.
  std::string metrics_listen;
  // TLS for the gRPC port (--tls-cert, --tls-key; --tls-client-ca requires
  // client certificates). Without it `listen` must be loopback unless
  // `insecure_plaintext`.
  transport::ServerTls tls;
  bool insecure_plaintext = false;
  // host:port of a plaintext port serving grpc.health.v1.Health alone
  // (transport::HealthPort), for the kubelet's gRPC probes when `listen`
  // serves TLS; empty: off. Its status follows the main port's.
  std::string health_listen;
  // Where this server's own cross-service reads go (the summaries behind the
  // plans' computed results, the directories behind funding's award
  // recipients): a host:port, a list of them or a DNS name, balanced round
  // robin. Empty: this server itself (its loopback port; in process when it
  // serves TLS).
  std::string services_target;
  // TLS for the calls to `services_target` (--tls-ca, --tls-client-cert,
  // --tls-client-key, --tls-server-name).
  transport::ClientTls services_tls;
};

// Validates options; INVALID_ARGUMENT naming the flag otherwise.
absl::Status ValidateServerOptions(const ServerOptions& options);

// Registers (storage::RegisterStatements) the prepared statements of the
// shared helpers (API keys, audit and replay, summaries) and of each of
// `services` ("admin", "plans", "events", "directories", "funding",
// "fiscal_years"). PolesServer::Start
// calls it before its first connection opens; idempotent.
void RegisterServiceStatements(const std::vector<std::string>& services);

// A running gRPC server hosting the chosen services: the tenant services
// over one worker pool (poles_app), the admin service over its own
// (poles_admin).
// Health (grpc.health.v1) reports SERVING once the database answered;
// Shutdown() flips it to NOT_SERVING, stops accepting calls, lets in-flight
// calls finish within the grace period, then drains the workers.
class PolesServer {
 public:
  // Starts serving. The schema must already be migrated.
  static absl::StatusOr<std::unique_ptr<PolesServer>> Start(
      const ServerOptions& options);
  ~PolesServer();

  // The bound port (useful with "127.0.0.1:0").
  int port() const { return port_; }
  void Shutdown();
  // Prometheus text of the RPC metrics and the tenant services' pool
  // (services/common/metrics.h).
  std::string MetricsText() const;
  // The metrics endpoint's bound port, 0 when off.
  int metrics_port() const {
    return metrics_endpoint_ ? metrics_endpoint_->port() : 0;
  }
  // The health-only port (ServerOptions::health_listen), 0 when off.
  int health_port() const { return health_ ? health_->port() : 0; }

 private:
  PolesServer() = default;
  // A channel for this server's cross-service reads (see
  // ServerOptions::services_target).
  absl::StatusOr<std::shared_ptr<grpc::Channel>> ServicesChannel(
      grpc::ChannelArguments args);
  ServerOptions options_;
  // Before the pools, which report to pool_metrics_.
  std::unique_ptr<prometheus::Registry> registry_;
  std::unique_ptr<RpcMetrics> metrics_;
  std::unique_ptr<PoolMetrics> pool_metrics_;
  std::unique_ptr<storage::WorkerPool> workers_;
  std::unique_ptr<storage::WorkerPool> summary_workers_;
  // The admin service's workers, as poles_admin (null when not hosted).
  std::unique_ptr<storage::WorkerPool> admin_workers_;
  std::shared_ptr<GrpcSummaryStub> summary_channel_;
  std::shared_ptr<SummaryStub> summaries_;
  // Award recipients, read from the directories service (funding).
  std::unique_ptr<funding::GrpcDirectoryStub> directory_stub_;
  std::unique_ptr<MetricsEndpoint> metrics_endpoint_;
  std::unique_ptr<Authenticator> authenticator_;
  std::unique_ptr<PageTokenCodec> page_tokens_;
  std::vector<std::unique_ptr<grpc::Service>> services_;
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<transport::HealthPort> health_;
  int port_ = 0;
  bool shut_down_ = false;
};

// Channel arguments shared by the server and our clients, so message sizes
// and keepalive agree on both ends.
grpc::ChannelArguments ClientChannelArguments(int max_message_bytes = 4 * 1024 *
                                                                      1024);

}  // namespace poles

#endif  // POLES_SERVER_POLES_SERVER_H_
