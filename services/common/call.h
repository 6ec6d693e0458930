#ifndef POLES_SERVICES_COMMON_CALL_H_
#define POLES_SERVICES_COMMON_CALL_H_

#include <chrono>
#include <exception>
#include <memory>
#include <string>
#include <type_traits>

#include <grpcpp/grpcpp.h>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "services/common/auth.h"
#include "services/common/errors.h"
#include "services/common/metrics.h"
#include "services/common/page_token.h"
#include "services/common/request_limits.h"
#include "services/common/summary_stub.h"
#include "storage/session.h"
#include "storage/sql_error.h"
#include "storage/worker_pool.h"

namespace poles {

// What every service shares: the database workers, the authenticator, the
// page-token codec, and the server's limits.
struct ServiceEnvironment {
  storage::WorkerPool* workers = nullptr;
  // Workers for summary RPCs (Access::kSummary), which never call other
  // services: a service that calls summaries while holding one of `workers`
  // can then never wait on itself. Null: `workers`.
  storage::WorkerPool* summary_workers = nullptr;
  Authenticator* authenticator = nullptr;
  const PageTokenCodec* page_tokens = nullptr;
  RpcMetrics* metrics = nullptr;
  // Other services' summaries (for plans' computed results), sent with the
  // caller's deadline and credential.
  SummaryStub* summaries = nullptr;
  // Deadline applied when the client sets none (or a later one).
  std::chrono::milliseconds max_deadline{30000};
};

// One RPC in progress, as its handler sees it on a database worker.
struct Call {
  std::string method;  // "PlansService/CreatePlan"
  Principal principal;
  Access access;
  storage::Session* session = nullptr;
  std::chrono::system_clock::time_point deadline;
  std::chrono::steady_clock::time_point start_time;  // for the latency
  std::string request_id;  // x-request-id metadata, for the audit trail
  // The caller's credential as presented, forwarded when this call reads
  // another service's summaries on the caller's behalf. Never logged.
  std::string authorization;
  // What the worker pool shares workers by (Authenticator::SchedulingKey).
  std::string scheduling_key;
  // The tenant of the resource the call named, once AuthorizeTenant() ran
  // (for the log line; empty: the principal's tenant, if any).
  mutable std::string resource_tenant;

  // The one authorisation check for a resource of `tenant` (see Authorize).
  absl::Status AuthorizeTenant(absl::string_view tenant) const {
    resource_tenant.assign(tenant.data(), tenant.size());
    return Authorize(principal, access, tenant);
  }
};

// The log line of a finished call (event "rpc"): method, gRPC code, latency
// in milliseconds, request id and tenant slug (the resource's, else the
// principal's; omitted when neither). Nothing else of the call: never its
// authorization, its request or its response. INTERNAL, UNKNOWN and
// DATA_LOSS are logged at error level, the rest at info.
void LogFinishedRpc(const Call& call, absl::StatusCode code,
                    std::chrono::steady_clock::duration latency);

namespace internal {

// What every RPC reads from its context before it is queued: the method,
// the access it needs, its deadline (the client's, capped at
// env.max_deadline), the authorization header and x-request-id (at most 100
// bytes), and its start time.
std::shared_ptr<Call> StartCall(const ServiceEnvironment& env,
                                grpc::CallbackServerContext* ctx,
                                const char* method, Access access);

// The worker pool of a call for `access` (summaries have their own, see
// ServiceEnvironment::summary_workers).
storage::WorkerPool* WorkersFor(const ServiceEnvironment& env, Access access);

// On a database worker: authenticate -> authorise the role for
// call.access -> `body(call)`. An exception escaping them is INTERNAL
// (logged, never returned) and resets the session.
absl::Status RunOnSession(Authenticator& authenticator,
                          storage::Session& session, Call& call,
                          absl::FunctionRef<absl::Status(Call&)> body);

// Records a finished call: its metric and its log line (LogFinishedRpc).
void RecordFinishedCall(RpcMetrics* metrics, const Call& call,
                        absl::StatusCode code);

// Finishes the call at once, without a worker, with `status` (not OK),
// counted and logged as any finished call.
grpc::ServerUnaryReactor* FinishAtOnce(const ServiceEnvironment& env,
                                       grpc::CallbackServerContext* ctx,
                                       const char* method, Access access,
                                       const absl::Status& status);

absl::Status ExpiredInQueueError();
absl::Status OverloadedError();
// RESOURCE_EXHAUSTED (reason TENANT_BUSY): the caller's tenant kept its
// share of the workers busy for longer than the pool's FairShare::max_wait.
absl::Status TenantBusyError();

// The skeleton of every RPC: queues `call` on its worker pool, runs
// RunOnSession(..., body) there, then records the call and finishes
// `reactor` with the status. A full queue is RESOURCE_EXHAUSTED (finished
// at once), and so is a call whose tenant kept its share of the workers
// busy too long (TenantBusyError); a deadline passed in the queue is
// DEADLINE_EXCEEDED.
template <typename Reactor, typename Body>
void QueueCall(const ServiceEnvironment& env, std::shared_ptr<Call> call,
               Reactor* reactor, Body body) {
  RpcMetrics* metrics = env.metrics;
  auto finish = [reactor, metrics, call](const absl::Status& s) {
    RecordFinishedCall(metrics, *call, s.code());
    reactor->Finish(ToGrpcStatus(s));
  };
  Authenticator* authenticator = env.authenticator;
  const auto deadline = call->deadline;
  bool queued = WorkersFor(env, call->access)
                    ->Submit(
                        deadline, call->scheduling_key,
                        [call, authenticator, finish, body = std::move(body)](
                            storage::Session& session, bool expired) {
                          finish(expired ? ExpiredInQueueError()
                                         : RunOnSession(*authenticator, session,
                                                        *call, body));
                        },
                        [finish] { finish(TenantBusyError()); });
  if (!queued) finish(OverloadedError());
}

}  // namespace internal

// Serves one unary RPC: the request flows
//   authenticate -> authorise the role for `access` -> `body` (validate,
//   authorise the tenant, one transaction, SQL) -> Finish
// on a database worker, never on gRPC's threads. A full queue is
// RESOURCE_EXHAUSTED, as is a tenant over its share of the workers for too
// long (TenantBusyError); a deadline passed in the queue is
// DEADLINE_EXCEEDED; an exception escaping `body` is INTERNAL (logged, never
// returned). Every finished call is counted (RpcMetrics) and logged
// (LogFinishedRpc).
//
// `body` is `absl::Status(Call&) const`; it writes the response itself.
template <typename Body>
grpc::ServerUnaryReactor* Serve(const ServiceEnvironment& env,
                                grpc::CallbackServerContext* ctx,
                                const char* method, Access access, Body body) {
  grpc::ServerUnaryReactor* reactor = ctx->DefaultReactor();
  internal::QueueCall(env, internal::StartCall(env, ctx, method, access),
                      reactor, std::move(body));
  return reactor;
}

}  // namespace poles

namespace poles::internal {

// The body of one adapter method: `(logic.*method)(call, *request,
// response)` served through Serve() (see POLES_SERVE_METHOD), once the
// request is within its bounds (CheckRepeatedLimits: INVALID_ARGUMENT
// otherwise, before any work).
template <typename Logic, typename Request, typename Response>
grpc::ServerUnaryReactor* ServeLogic(
    const ServiceEnvironment& env, grpc::CallbackServerContext* ctx,
    const char* name, Access access, Logic& logic,
    absl::Status (Logic::*method)(Call&, const Request&, Response*),
    const Request* request, Response* response) {
  if (absl::Status s = CheckRepeatedLimits(*request); !s.ok()) {
    return FinishAtOnce(env, ctx, name, access, s);
  }
  return Serve(env, ctx, name, access,
               [&logic, method, request, response](Call& c) {
                 return (logic.*method)(c, *request, response);
               });
}

// The same for a method whose response is empty (a Delete's
// google.protobuf.Empty): `(logic.*method)(call, *request)`.
template <typename Logic, typename Request, typename Response>
grpc::ServerUnaryReactor* ServeLogic(
    const ServiceEnvironment& env, grpc::CallbackServerContext* ctx,
    const char* name, Access access, Logic& logic,
    absl::Status (Logic::*method)(Call&, const Request&),
    const Request* request, Response*) {
  if (absl::Status s = CheckRepeatedLimits(*request); !s.ok()) {
    return FinishAtOnce(env, ctx, name, access, s);
  }
  return Serve(env, ctx, name, access, [&logic, method, request](Call& c) {
    return (logic.*method)(c, *request);
  });
}

}  // namespace poles::internal

// The one adapter of every service: declares the override `Method` of a
// generated CallbackService that serves through Serve() with `AccessLevel`,
// calling `logic.Method(call, request, response)` — or
// `logic.Method(call, request)` when the logic returns nothing (Delete).
// `logic` is a member of the adapter (one per resource, or one for the whole
// service); the class also has `env_` (ServiceEnvironment). `Service` names
// the service in metrics and logs ("PlansService/CreatePlan").
#define POLES_SERVE_METHOD_OF(Service, Method, Request, Response, AccessLevel, \
                              logic)                                           \
  grpc::ServerUnaryReactor* Method(grpc::CallbackServerContext* ctx,           \
                                   const Request* req, Response* resp)         \
      override {                                                               \
    return ::poles::internal::ServeLogic(                                      \
        env_, ctx, #Service "/" #Method, AccessLevel, logic,                   \
        &std::remove_reference_t<decltype(logic)>::Method, req, resp);         \
  }

// The same with the adapter's one logic member, `logic_`.
#define POLES_SERVE_METHOD(Service, Method, Request, Response, AccessLevel) \
  POLES_SERVE_METHOD_OF(Service, Method, Request, Response, AccessLevel, logic_)

// A Delete method: editor access, google.protobuf.Empty response.
#define POLES_SERVE_DELETE_OF(Service, Method, Request, logic)             \
  POLES_SERVE_METHOD_OF(Service, Method, Request, google::protobuf::Empty, \
                        ::poles::Access::kTenantWrite, logic)
#define POLES_SERVE_DELETE(Service, Method, Request) \
  POLES_SERVE_DELETE_OF(Service, Method, Request, logic_)

#endif  // POLES_SERVICES_COMMON_CALL_H_
