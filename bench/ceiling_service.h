#ifndef POLES_BENCH_CEILING_SERVICE_H_
#define POLES_BENCH_CEILING_SERVICE_H_

#include "poles/bench/ceiling.grpc.pb.h"
#include "storage/worker_pool.h"

namespace poles::bench {

// The registered statement every target reads: PlansService.GetPlanItem's
// (prepared on each connection by storage::Session).
inline constexpr char kItemStatement[] = "items_get";

// The bare callback server plans_bench measures the platform against (see
// ceiling.proto). Each handler hands one read to a worker pool and Finishes
// from the worker, as the platform's Serve() does, with nothing else around
// it: no authentication, validation or metrics. A full queue is
// RESOURCE_EXHAUSTED, a deadline passed in the queue DEADLINE_EXCEEDED, no
// row NOT_FOUND.
//
// `select_pool` serves Select and must connect as a role that bypasses
// row-level security (no tenant is set); `tenant_pool` serves the tenant
// reads and connects as the application role. Neither is owned; both must
// outlive the service. Thread-safe.
class BareReadService final : public CeilingService::CallbackService {
 public:
  BareReadService(storage::WorkerPool& select_pool,
                  storage::WorkerPool& tenant_pool)
      : select_pool_(select_pool), tenant_pool_(tenant_pool) {}

  grpc::ServerUnaryReactor* Select(grpc::CallbackServerContext* ctx,
                                   const RowRequest* request,
                                   Row* response) override;
  grpc::ServerUnaryReactor* TenantRead(grpc::CallbackServerContext* ctx,
                                       const RowRequest* request,
                                       Row* response) override;
  grpc::ServerUnaryReactor* TenantTransaction(grpc::CallbackServerContext* ctx,
                                              const RowRequest* request,
                                              Row* response) override;

  grpc::ServerUnaryReactor* OrganisationPage(
      grpc::CallbackServerContext* ctx, const OrganisationPageRequest* request,
      Page* response) override;

  grpc::ServerUnaryReactor* FundingGroupBy(grpc::CallbackServerContext* ctx,
                                           const FundingGroupByRequest* request,
                                           Page* response) override;

 private:
  storage::WorkerPool& select_pool_;
  storage::WorkerPool& tenant_pool_;
};

// True when `statement` is registered with storage (so every Session
// prepares it). The bench checks kItemStatement at start-up.
bool IsRegisteredStatement(const char* statement);

}  // namespace poles::bench

#endif  // POLES_BENCH_CEILING_SERVICE_H_
