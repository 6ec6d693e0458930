#include "services/common/metrics.h"

#include <utility>

#include <prometheus/text_serializer.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace poles {

namespace {

const char* CodeName(int code) {
  static const char* kNames[] = {"OK",
                                 "CANCELLED",
                                 "UNKNOWN",
                                 "INVALID_ARGUMENT",
                                 "DEADLINE_EXCEEDED",
                                 "NOT_FOUND",
                                 "ALREADY_EXISTS",
                                 "PERMISSION_DENIED",
                                 "RESOURCE_EXHAUSTED",
                                 "FAILED_PRECONDITION",
                                 "ABORTED",
                                 "OUT_OF_RANGE",
                                 "UNIMPLEMENTED",
                                 "INTERNAL",
                                 "UNAVAILABLE",
                                 "DATA_LOSS",
                                 "UNAUTHENTICATED"};
  return code >= 0 && code <= 16 ? kNames[code] : "UNKNOWN";
}

double Seconds(std::chrono::steady_clock::duration d) {
  return std::chrono::duration<double>(d).count();
}

}  // namespace

std::string RenderMetrics(const prometheus::Registry& registry) {
  return prometheus::TextSerializer().Serialize(registry.Collect());
}

const prometheus::Histogram::BucketBoundaries& LatencyBuckets() {
  static const auto* kBuckets = new prometheus::Histogram::BucketBoundaries{
      0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5};
  return *kBuckets;
}

RpcMetrics::RpcMetrics(prometheus::Registry& registry)
    : handled_(prometheus::BuildCounter()
                   .Name("grpc_server_handled_total")
                   .Help("RPCs completed, by status code.")
                   .Register(registry)),
      latency_(prometheus::BuildHistogram()
                   .Name("grpc_server_handling_seconds")
                   .Help("RPC latency.")
                   .Register(registry)) {}

void RpcMetrics::Record(absl::string_view method, absl::StatusCode code,
                        std::chrono::steady_clock::duration elapsed) {
  int c = static_cast<int>(code);
  if (c < 0 || c > 16) c = static_cast<int>(absl::StatusCode::kUnknown);
  prometheus::Counter* handled = nullptr;
  prometheus::Histogram* latency = nullptr;
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = methods_.find(method);
    if (it == methods_.end()) {
      it = methods_.emplace(std::string(method), MethodSeries{}).first;
    }
    MethodSeries& m = it->second;
    if (m.latency == nullptr || m.handled[c] == nullptr) {
      // A method's first call, or its first with this code.
      std::pair<std::string, std::string> parts = absl::StrSplit(method, '/');
      std::map<std::string, std::string> labels = {
          {"grpc_service", absl::StrCat("poles.v1.", parts.first)},
          {"grpc_method", parts.second}};
      if (m.latency == nullptr) {
        m.latency = &latency_.Add(labels, LatencyBuckets());
      }
      if (m.handled[c] == nullptr) {
        labels["grpc_code"] = CodeName(c);
        m.handled[c] = &handled_.Add(labels);
      }
    }
    handled = m.handled[c];
    latency = m.latency;
  }
  handled->Increment();
  latency->Observe(Seconds(elapsed));
}

PoolMetrics::PoolMetrics(prometheus::Registry& registry)
    : size_(prometheus::BuildGauge()
                .Name("poles_db_pool_size")
                .Help("Database workers of the tenant services' pool.")
                .Register(registry)
                .Add({})),
      busy_(prometheus::BuildGauge()
                .Name("poles_db_pool_busy")
                .Help("Workers running a task.")
                .Register(registry)
                .Add({})),
      queued_(prometheus::BuildGauge()
                  .Name("poles_db_queue_length")
                  .Help("Tasks waiting for a worker.")
                  .Register(registry)
                  .Add({})),
      wait_(prometheus::BuildHistogram()
                .Name("poles_db_pool_wait_seconds")
                .Help("Time from a task's submission to a worker taking it.")
                .Register(registry)
                .Add({}, LatencyBuckets())),
      tenant_busy_(prometheus::BuildCounter()
                       .Name("poles_db_pool_tenant_busy_total")
                       .Help("Tasks refused because their tenant kept its "
                             "share of the workers busy (TENANT_BUSY).")
                       .Register(registry)
                       .Add({})) {}

void PoolMetrics::Sample(const storage::WorkerPool& pool) {
  size_.Set(pool.size());
  busy_.Set(pool.busy());
  queued_.Set(pool.queued());
}

void PoolMetrics::Taken(std::chrono::steady_clock::duration waited) {
  wait_.Observe(Seconds(waited));
}

void PoolMetrics::Throttled() { tenant_busy_.Increment(); }

HttpMetrics::HttpMetrics(prometheus::Registry& registry)
    : requests_(prometheus::BuildCounter()
                    .Name("http_server_requests_total")
                    .Help("HTTP requests answered, by route and status.")
                    .Register(registry)),
      latency_(prometheus::BuildHistogram()
                   .Name("http_server_handling_seconds")
                   .Help("HTTP request latency, by route.")
                   .Register(registry)) {}

void HttpMetrics::Record(const std::string& route, int status,
                         std::chrono::steady_clock::duration elapsed) {
  requests_.Add({{"route", route}, {"code", std::to_string(status)}})
      .Increment();
  latency_.Add({{"route", route}}, LatencyBuckets()).Observe(Seconds(elapsed));
}

}  // namespace poles
