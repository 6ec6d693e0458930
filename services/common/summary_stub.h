#ifndef POLES_SERVICES_COMMON_SUMMARY_STUB_H_
#define POLES_SERVICES_COMMON_SUMMARY_STUB_H_

#include <chrono>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "poles/v1/indicators.pb.h"

namespace poles {

// What the caller of one summary call asks: the caller's deadline and the
// caller's own credential, so the call reads nothing the caller could not
// read itself.
struct SummaryCallOptions {
  std::chrono::system_clock::time_point deadline =
      std::chrono::system_clock::time_point::max();
  // "Bearer ...", as the caller presented it. Never logged.
  std::string authorization;
};

// What one call sends, ClientContext-like but free of gRPC types: the
// decorators fill it from the options and the gRPC stub applies it.
struct SummaryContext {
  // time_point::max(): none.
  std::chrono::system_clock::time_point deadline =
      std::chrono::system_clock::time_point::max();
  std::vector<std::pair<std::string, std::string>> metadata;
};

// Receives the outcome of one summary call, exactly once.
using SummaryCallback =
    std::function<void(absl::StatusOr<v1::IndicatorSummary>)>;

// The summary RPCs of the services that summarise national indicators, one
// interface over all of them (google-cloud-cpp's internal `*Stub` shape):
// a default implementation over the generated stubs (GrpcSummaryStub,
// summary_stub_grpc.h), decorators (summary_stub_decorators.h) and a gMock
// fake (summary_stub_mock.h). A service is named as the indicator catalogue
// names it (poles.national_indicators.service): "events", "directories".
// One call is one tenant's summary of one service for one fiscal year, so a
// fan-out over tenants and services is one AsyncSummarize each.
// Implementations are thread-safe.
class SummaryStub {
 public:
  virtual ~SummaryStub() = default;

  // Starts the summary RPC of `service` for `request`, sent with `context`
  // as the decorators leave it. `done` runs exactly once, on any thread,
  // possibly before AsyncSummarize returns, with the summary or an
  // absl::Status: UNIMPLEMENTED for a service without summaries,
  // UNAVAILABLE when the service cannot be reached, DEADLINE_EXCEEDED past
  // the deadline, otherwise the service's own answer.
  virtual void AsyncSummarize(SummaryContext context,
                              const SummaryCallOptions& options,
                              const std::string& service,
                              const v1::SummarizeRequest& request,
                              SummaryCallback done) = 0;

  // AsyncSummarize from an empty context, waiting for the outcome.
  absl::StatusOr<v1::IndicatorSummary> Summarize(
      const SummaryCallOptions& options, const std::string& service,
      const v1::SummarizeRequest& request);
};

}  // namespace poles

#endif  // POLES_SERVICES_COMMON_SUMMARY_STUB_H_
