#include "services/common/metrics.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace poles {

namespace {
std::string Labels(const std::string& method) {
  std::pair<std::string, std::string> parts = absl::StrSplit(method, '/');
  return absl::StrCat("grpc_service=\"poles.v1.", parts.first,
                      "\",grpc_method=\"", parts.second, "\"");
}

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
}  // namespace

void RpcMetrics::Record(absl::string_view method, absl::StatusCode code,
                        std::chrono::steady_clock::duration elapsed) {
  const double seconds = std::chrono::duration<double>(elapsed).count();
  const int c = static_cast<int>(code);
  std::lock_guard<std::mutex> lock(mu_);
  auto it = methods_.find(method);
  if (it == methods_.end()) {
    it = methods_.emplace(std::string(method), MethodStats{}).first;
  }
  MethodStats& m = it->second;
  ++m.handled[c >= 0 && c <= 16 ? c : 2];  // UNKNOWN for anything else
  for (size_t i = 0; i < kBuckets.size(); ++i) {
    if (seconds <= kBuckets[i]) ++m.counts[i];
  }
  ++m.count;
  m.sum += seconds;
}

std::string RpcMetrics::Render(const std::string& extra) const {
  std::lock_guard<std::mutex> lock(mu_);
  std::string out =
      "# HELP grpc_server_handled_total RPCs completed, by status code.\n"
      "# TYPE grpc_server_handled_total counter\n";
  for (const auto& [method, m] : methods_) {
    const std::string l = Labels(method);
    for (int code = 0; code < static_cast<int>(m.handled.size()); ++code) {
      if (m.handled[code] == 0) continue;
      absl::StrAppend(&out, "grpc_server_handled_total{", l, ",grpc_code=\"",
                      CodeName(code), "\"} ", m.handled[code], "\n");
    }
  }
  absl::StrAppend(&out,
                  "# HELP grpc_server_handling_seconds RPC latency.\n"
                  "# TYPE grpc_server_handling_seconds histogram\n");
  for (const auto& [method, h] : methods_) {
    const std::string l = Labels(method);
    for (size_t i = 0; i < kBuckets.size(); ++i) {
      absl::StrAppend(&out, "grpc_server_handling_seconds_bucket{", l, ",le=\"",
                      kBuckets[i], "\"} ", h.counts[i], "\n");
    }
    absl::StrAppend(
        &out, "grpc_server_handling_seconds_bucket{", l, ",le=\"+Inf\"} ",
        h.count, "\n", "grpc_server_handling_seconds_sum{", l, "} ", h.sum,
        "\n", "grpc_server_handling_seconds_count{", l, "} ", h.count, "\n");
  }
  return out + extra;
}

}  // namespace poles
