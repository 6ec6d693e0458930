#ifndef POLES_SERVICES_COMMON_METRICS_H_
#define POLES_SERVICES_COMMON_METRICS_H_

// The processes' metrics, kept in a prometheus::Registry (prometheus-cpp)
// and rendered in Prometheus text format by RenderMetrics; a
// MetricsEndpoint (metrics_endpoint.h) serves them. Labels never carry a
// tenant, a key or a request id: only methods, routes and codes.

#include <array>
#include <chrono>
#include <map>
#include <mutex>
#include <string>

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "storage/worker_pool.h"

namespace poles {

// Every family of `registry` in Prometheus text format (version 0.0.4).
std::string RenderMetrics(const prometheus::Registry& registry);

// gRPC handling, as go-grpc-prometheus names it:
//   grpc_server_handled_total{grpc_service,grpc_method,grpc_code}
//   grpc_server_handling_seconds{grpc_service,grpc_method} (histogram)
// grpc_service is "poles.v1.<Service>". A (method, code) series appears on
// its first call. Thread-safe.
class RpcMetrics {
 public:
  // Registers the two families in `registry`, which must outlive this.
  explicit RpcMetrics(prometheus::Registry& registry);

  // `method` is "Service/Method".
  void Record(absl::string_view method, absl::StatusCode code,
              std::chrono::steady_clock::duration elapsed);

 private:
  struct MethodSeries {
    std::array<prometheus::Counter*, 17> handled{};  // by gRPC code
    prometheus::Histogram* latency = nullptr;
  };
  prometheus::Family<prometheus::Counter>& handled_;
  prometheus::Family<prometheus::Histogram>& latency_;
  std::mutex mu_;
  // By method; std::less<> finds a string_view without building a string.
  std::map<std::string, MethodSeries, std::less<>> methods_;
};

// The tenant services' worker pool (storage::WorkerPool), as its observer:
//   poles_db_pool_size, poles_db_pool_busy, poles_db_queue_length (gauges,
//     set by Sample)
//   poles_db_pool_wait_seconds (histogram): from Submit to a worker taking
//     the task
//   poles_db_pool_tenant_busy_total (counter): tasks refused after their
//     tenant's FairShare::max_wait (RESOURCE_EXHAUSTED, reason TENANT_BUSY)
// Thread-safe.
class PoolMetrics final : public storage::WorkerPoolObserver {
 public:
  explicit PoolMetrics(prometheus::Registry& registry);

  // Sets the gauges from `pool` (before rendering).
  void Sample(const storage::WorkerPool& pool);

  void Taken(std::chrono::steady_clock::duration waited) override;
  void Throttled() override;

 private:
  prometheus::Gauge& size_;
  prometheus::Gauge& busy_;
  prometheus::Gauge& queued_;
  prometheus::Histogram& wait_;
  prometheus::Counter& tenant_busy_;
};

// HTTP handling, by route pattern (never the path, which names tenants):
//   http_server_requests_total{route,code}
//   http_server_handling_seconds{route} (histogram)
// Thread-safe.
class HttpMetrics {
 public:
  explicit HttpMetrics(prometheus::Registry& registry);

  // `route` is the route's pattern ("/api/v1/tenants/{tenant}/bilans/...");
  // `status` the HTTP status answered.
  void Record(const std::string& route, int status,
              std::chrono::steady_clock::duration elapsed);

 private:
  prometheus::Family<prometheus::Counter>& requests_;
  prometheus::Family<prometheus::Histogram>& latency_;
};

// The latency buckets of the handling histograms, in seconds.
const prometheus::Histogram::BucketBoundaries& LatencyBuckets();

}  // namespace poles

#endif  // POLES_SERVICES_COMMON_METRICS_H_
