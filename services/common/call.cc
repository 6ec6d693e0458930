#include "services/common/call.h"

#include <algorithm>

#include "base/logging.h"
#include "services/common/status_macros.h"

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
  const std::string& tenant = call.resource_tenant.empty()
                                  ? call.principal.tenant
                                  : call.resource_tenant;
  if (!tenant.empty()) fields["tenant"] = tenant;
  logging::Log(level, "rpc", fields);
}

namespace internal {

std::shared_ptr<Call> StartCall(const ServiceEnvironment& env,
                                grpc::CallbackServerContext* ctx,
                                const char* method, Access access) {
  auto call = std::make_shared<Call>();
  call->start_time = std::chrono::steady_clock::now();
  call->method = method;
  call->access = access;
  call->deadline = std::min(
      ctx->deadline(), std::chrono::system_clock::now() + env.max_deadline);
  const auto& md = ctx->client_metadata();
  if (auto it = md.find("authorization"); it != md.end()) {
    call->authorization.assign(it->second.data(), it->second.size());
  }
  call->scheduling_key =
      env.authenticator != nullptr
          ? env.authenticator->SchedulingKey(call->authorization)
          : std::string();
  if (auto it = md.find("x-request-id"); it != md.end()) {
    call->request_id.assign(it->second.data(),
                            std::min<size_t>(it->second.size(), 100));
  }
  return call;
}

storage::WorkerPool* WorkersFor(const ServiceEnvironment& env, Access access) {
  return access == Access::kSummary && env.summary_workers != nullptr
             ? env.summary_workers
             : env.workers;
}

absl::Status RunOnSession(Authenticator& authenticator,
                          storage::Session& session, Call& call,
                          absl::FunctionRef<absl::Status(Call&)> body) {
  call.session = &session;
  try {
    auto principal =
        authenticator.Authenticate(session, call.authorization, call.deadline);
    if (!principal.ok()) return principal.status();
    call.principal = *std::move(principal);
    POLES_RETURN_IF_ERROR(Authorize(call.principal, call.access, ""));
    return body(call);
  } catch (const std::exception& e) {
    storage::LogException(e, call.method);
    session.Reset();
    return absl::InternalError("internal error");
  }
}

void RecordFinishedCall(RpcMetrics* metrics, const Call& call,
                        absl::StatusCode code) {
  const auto latency = std::chrono::steady_clock::now() - call.start_time;
  if (metrics != nullptr) metrics->Record(call.method, code, latency);
  LogFinishedRpc(call, code, latency);
}

grpc::ServerUnaryReactor* FinishAtOnce(const ServiceEnvironment& env,
                                       grpc::CallbackServerContext* ctx,
                                       const char* method, Access access,
                                       const absl::Status& status) {
  std::shared_ptr<Call> call = StartCall(env, ctx, method, access);
  RecordFinishedCall(env.metrics, *call, status.code());
  grpc::ServerUnaryReactor* reactor = ctx->DefaultReactor();
  reactor->Finish(ToGrpcStatus(status));
  return reactor;
}

absl::Status ExpiredInQueueError() {
  return absl::DeadlineExceededError(
      "the deadline passed while the request waited for a worker");
}

absl::Status OverloadedError() {
  return WithReason(absl::ResourceExhaustedError(
                        "the server is overloaded; retry with backoff"),
                    "OVERLOADED");
}

absl::Status TenantBusyError() {
  return WithReason(
      absl::ResourceExhaustedError(
          "this tenant's requests already use its share of the server; "
          "retry with backoff"),
      "TENANT_BUSY");
}

}  // namespace internal
}  // namespace poles
