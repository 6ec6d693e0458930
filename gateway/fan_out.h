#ifndef POLES_GATEWAY_FAN_OUT_H_
#define POLES_GATEWAY_FAN_OUT_H_

// The gateway's one way of reading the tenants' services: one summary call
// per (tenant, service), through a SummaryStub, in a bounded window.

#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "gateway/fan_out_metrics.h"
#include "gateway/tenant_summaries.h"
#include "services/common/summary_stub.h"

namespace poles::gateway {

struct FanOutRequest {
  std::vector<TenantInfo> tenants;
  // Services as the catalogue names them ("directories", "events", ...).
  std::vector<std::string> services;
  std::string fiscal_year;  // "2017-2018"
  // The dimensions to ask each service for (absent: totals only). Only
  // dimensions the service's indicators allow may be given.
  std::map<std::string, std::vector<std::string>> dimensions;
};

struct FanOutOptions {
  // At most this many calls are in flight at once (at least 1).
  int max_in_flight = 64;
  // Every call carries this deadline; FanOut returns by it.
  std::chrono::system_clock::time_point deadline =
      std::chrono::system_clock::time_point::max();
  // The gateway's own credential ("Bearer pk_..."), never a user's.
  std::string authorization;
  // Where the calls in flight, the calls and the unreachable tenants of each
  // fan-out are counted; null: nowhere. Must outlive the FanOut call (not
  // its late answers, which do not touch it).
  FanOutMetrics* metrics = nullptr;
};

// Calls `stub` once per (tenant, service) of `request`, never more than
// `options.max_in_flight` at once, and returns one TenantSummaries per
// tenant, in `request.tenants`' order, every service in exactly one of
// `by_service` and `failed`. A call that has not answered by the deadline
// (or was not started by then) is failed with DEADLINE_EXCEEDED; FanOut
// does not wait past the deadline for it, and its late answer is dropped.
// `stub` must outlive every call it started (a gRPC stub ends them at their
// deadline).
std::vector<TenantSummaries> FanOut(SummaryStub& stub,
                                    const FanOutRequest& request,
                                    const FanOutOptions& options);

// FanOut over several fiscal years in one window (`request.fiscal_year` is
// ignored): one TenantSummaries per tenant per year of `fiscal_years`,
// tenant-major (tenant 0's years in order, then tenant 1's ...).
std::vector<TenantSummaries> FanOutYears(
    SummaryStub& stub, const FanOutRequest& request,
    const std::vector<std::string>& fiscal_years, const FanOutOptions& options);

}  // namespace poles::gateway

#endif  // POLES_GATEWAY_FAN_OUT_H_
