#include "services/common/call.h"

#include "base/logging.h"

namespace poles {

void LogFinishedRpc(const Call& call, absl::StatusCode code,
                    std::chrono::steady_clock::duration latency) {
  const bool failed = code == absl::StatusCode::kInternal ||
                      code == absl::StatusCode::kUnknown ||
                      code == absl::StatusCode::kDataLoss;
  const auto level = failed ? spdlog::level::err : spdlog::level::info;
  if (!logging::Enabled(level)) return;
  nlohmann::ordered_json fields = {
      {"method", call.method},
      {"code", absl::StatusCodeToString(code)},
      {"latency_ms",
       std::chrono::duration<double, std::milli>(latency).count()},
  };
  if (!call.request_id.empty()) fields["request_id"] = call.request_id;
  const std::string& tenant =
      call.resource_tenant.empty() ? call.principal.tenant : call.resource_tenant;
  if (!tenant.empty()) fields["tenant"] = tenant;
  logging::Log(level, "rpc", fields);
}

}  // namespace poles
