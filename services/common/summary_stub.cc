#include "services/common/summary_stub.h"

#include <future>

namespace poles {

absl::StatusOr<v1::IndicatorSummary> SummaryStub::Summarize(
    const SummaryCallOptions& options, const std::string& service,
    const v1::SummarizeRequest& request) {
  std::promise<absl::StatusOr<v1::IndicatorSummary>> outcome;
  std::future<absl::StatusOr<v1::IndicatorSummary>> result =
      outcome.get_future();
  AsyncSummarize(SummaryContext{}, options, service, request,
                 [&outcome](absl::StatusOr<v1::IndicatorSummary> summary) {
                   outcome.set_value(std::move(summary));
                 });
  return result.get();
}

}  // namespace poles
