#include "services/common/summary_stub_decorators.h"

#include <algorithm>

namespace poles {

void SummaryCallerMetadata::AsyncSummarize(SummaryContext context,
                                           const SummaryCallOptions& options,
                                           const std::string& service,
                                           const v1::SummarizeRequest& request,
                                           SummaryCallback done) {
  context.deadline = std::min(context.deadline, options.deadline);
  if (!options.authorization.empty()) {
    context.metadata.emplace_back("authorization", options.authorization);
  }
  child_->AsyncSummarize(std::move(context), options, service, request,
                         std::move(done));
}

}  // namespace poles
