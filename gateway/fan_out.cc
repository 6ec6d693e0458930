#include "gateway/fan_out.h"

#include <algorithm>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <utility>

#include "absl/strings/str_cat.h"
#include "gateway/national_table.h"

namespace poles::gateway {

namespace {

// The calls of one fan-out, shared with their callbacks (which may run after
// FanOut returned, when a call answers past the deadline).
struct Window {
  std::mutex mu;
  std::condition_variable cv;
  size_t next = 0;  // the next call to start
  int in_flight = 0;
  size_t finished = 0;   // calls answered
  bool pumping = false;  // some thread is starting calls
  bool abandoned = false;
  // One per call, index = tenant * services + service.
  std::vector<std::optional<absl::StatusOr<v1::IndicatorSummary>>> outcomes;
};

struct Plan {
  std::vector<v1::SummarizeRequest> requests;  // per call
  std::vector<std::string> services;           // per call
  SummaryCallOptions options;
  int max_in_flight = 1;
  FanOutMetrics* metrics = nullptr;
};

void Pump(const std::shared_ptr<Window>& window,
          const std::shared_ptr<const Plan>& plan, SummaryStub& stub);

void Start(const std::shared_ptr<Window>& window,
           const std::shared_ptr<const Plan>& plan, SummaryStub& stub,
           size_t index) {
  SummaryContext context;
  context.deadline = plan->options.deadline;
  stub.AsyncSummarize(
      std::move(context), plan->options, plan->services[index],
      plan->requests[index],
      [window, plan, &stub, index](absl::StatusOr<v1::IndicatorSummary> got) {
        {
          std::lock_guard<std::mutex> lock(window->mu);
          --window->in_flight;
          // Once abandoned, FanOut has counted this call as ended and its
          // metrics may be gone.
          if (window->abandoned) return;
          if (plan->metrics != nullptr) plan->metrics->CallsEnded(1);
          window->outcomes[index] = std::move(got);
          ++window->finished;
        }
        window->cv.notify_all();
        Pump(window, plan, stub);
      });
}

// Starts calls while the window has room. One thread starts calls at a
// time: a call answered synchronously frees its slot for the loop below
// rather than recursing.
void Pump(const std::shared_ptr<Window>& window,
          const std::shared_ptr<const Plan>& plan, SummaryStub& stub) {
  std::unique_lock<std::mutex> lock(window->mu);
  if (window->pumping) return;
  window->pumping = true;
  while (!window->abandoned && window->in_flight < plan->max_in_flight &&
         window->next < plan->requests.size()) {
    if (std::chrono::system_clock::now() >= plan->options.deadline) break;
    const size_t index = window->next++;
    ++window->in_flight;
    if (plan->metrics != nullptr) plan->metrics->CallsStarted(1);
    lock.unlock();
    Start(window, plan, stub, index);
    lock.lock();
  }
  window->pumping = false;
}

}  // namespace

std::vector<TenantSummaries> FanOut(SummaryStub& stub,
                                    const FanOutRequest& request,
                                    const FanOutOptions& options) {
  return FanOutYears(stub, request, {request.fiscal_year}, options);
}

std::vector<TenantSummaries> FanOutYears(
    SummaryStub& stub, const FanOutRequest& request,
    const std::vector<std::string>& fiscal_years,
    const FanOutOptions& options) {
  auto plan = std::make_shared<Plan>();
  plan->options.deadline = options.deadline;
  plan->options.authorization = options.authorization;
  plan->max_in_flight = std::max(1, options.max_in_flight);
  plan->metrics = options.metrics;
  for (const TenantInfo& tenant : request.tenants) {
    for (const std::string& year : fiscal_years) {
      for (const std::string& service : request.services) {
        v1::SummarizeRequest r;
        r.set_parent(absl::StrCat("tenants/", tenant.slug));
        r.set_fiscal_year(year);
        auto dims = request.dimensions.find(service);
        if (dims != request.dimensions.end()) {
          for (const auto& d : dims->second) r.add_dimensions(d);
        }
        plan->requests.push_back(std::move(r));
        plan->services.push_back(service);
      }
    }
  }
  const size_t calls = plan->requests.size();
  auto window = std::make_shared<Window>();
  window->outcomes.resize(calls);
  Pump(window, plan, stub);

  std::vector<std::optional<absl::StatusOr<v1::IndicatorSummary>>> outcomes;
  {
    std::unique_lock<std::mutex> lock(window->mu);
    auto all_answered = [&] { return window->finished == calls; };
    if (options.deadline == std::chrono::system_clock::time_point::max()) {
      window->cv.wait(lock, all_answered);
    } else {
      window->cv.wait_until(lock, options.deadline, all_answered);
    }
    window->abandoned = true;
    if (plan->metrics != nullptr) {
      plan->metrics->CallsEnded(static_cast<size_t>(window->in_flight));
    }
    outcomes = std::move(window->outcomes);
  }

  std::vector<TenantSummaries> out;
  out.reserve(request.tenants.size() * fiscal_years.size());
  size_t index = 0;
  std::set<std::string> unreachable;
  for (const TenantInfo& tenant : request.tenants) {
    for (const std::string& year : fiscal_years) {
      TenantSummaries& t = out.emplace_back();
      t.tenant = tenant;
      t.fiscal_year = year;
      for (const std::string& service : request.services) {
        auto& outcome = outcomes[index++];
        if (!outcome.has_value()) {
          t.failed[service] = absl::DeadlineExceededError(absl::StrCat(
              "reading the ", service, " summary: no answer by the deadline"));
        } else if (outcome->ok()) {
          t.by_service[service] = std::move(**outcome);
        } else {
          t.failed[service] = outcome->status();
        }
        auto failed = t.failed.find(service);
        if (failed != t.failed.end() && !IsNoSummary(failed->second)) {
          unreachable.insert(tenant.slug);
        }
      }
    }
  }
  if (options.metrics != nullptr) {
    options.metrics->FanOutDone(calls, unreachable.size());
  }
  return out;
}

}  // namespace poles::gateway
