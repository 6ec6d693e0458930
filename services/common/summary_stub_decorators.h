#ifndef POLES_SERVICES_COMMON_SUMMARY_STUB_DECORATORS_H_
#define POLES_SERVICES_COMMON_SUMMARY_STUB_DECORATORS_H_

#include <memory>
#include <string>

#include "services/common/summary_stub.h"

namespace poles {

// Sends each call on the caller's behalf: the call's deadline becomes the
// caller's (`options.deadline`, or the context's if that is earlier), and
// the caller's credential goes as the `authorization` metadata (none when
// the caller has none). Then forwards to `child`.
class SummaryCallerMetadata final : public SummaryStub {
 public:
  explicit SummaryCallerMetadata(std::shared_ptr<SummaryStub> child)
      : child_(std::move(child)) {}

  void AsyncSummarize(SummaryContext context, const SummaryCallOptions& options,
                      const std::string& service,
                      const v1::SummarizeRequest& request,
                      SummaryCallback done) override;

 private:
  std::shared_ptr<SummaryStub> child_;
};

}  // namespace poles

#endif  // POLES_SERVICES_COMMON_SUMMARY_STUB_DECORATORS_H_
