#ifndef POLES_SERVICES_COMMON_METRICS_H_
#define POLES_SERVICES_COMMON_METRICS_H_

#include <array>
#include <chrono>
#include <map>
#include <mutex>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace poles {

// RPC counters and latency histograms, rendered in Prometheus text format:
//   grpc_server_handled_total{grpc_service,grpc_method,grpc_code}
//   grpc_server_handling_seconds_bucket{grpc_service,grpc_method,le}
// Labels never carry tenants or request ids. Thread-safe.
class RpcMetrics {
 public:
  // `method` is "Service/Method". Allocates only on a method's first call.
  void Record(absl::string_view method, absl::StatusCode code,
              std::chrono::steady_clock::duration elapsed);

  // Prometheus exposition text; `extra` is appended (pool gauges).
  std::string Render(const std::string& extra = "") const;

 private:
  static constexpr std::array<double, 12> kBuckets = {
      0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5};
  struct MethodStats {
    std::array<long, 17> handled{};  // by grpc code
    std::array<long, kBuckets.size()> counts{};
    long count = 0;
    double sum = 0;
  };
  mutable std::mutex mu_;
  // By method; std::less<> finds a string_view without building a string.
  std::map<std::string, MethodStats, std::less<>> methods_;
};

}  // namespace poles

#endif  // POLES_SERVICES_COMMON_METRICS_H_
