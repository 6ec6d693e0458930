#ifndef POLES_SERVICES_COMMON_SUMMARY_STUB_MOCK_H_
#define POLES_SERVICES_COMMON_SUMMARY_STUB_MOCK_H_

#include <string>

#include "gmock/gmock.h"
#include "services/common/summary_stub.h"

namespace poles::testing {

// A SummaryStub whose calls the test scripts, e.g.
//   EXPECT_CALL(stub, AsyncSummarize(_, _, "events", _, _))
//       .WillOnce(AnswerSummary(summary));
class MockSummaryStub : public SummaryStub {
 public:
  MOCK_METHOD(void, AsyncSummarize,
              (SummaryContext context, const SummaryCallOptions& options,
               const std::string& service, const v1::SummarizeRequest& request,
               SummaryCallback done),
              (override));
};

// An action for AsyncSummarize that answers `outcome` at once.
inline auto AnswerSummary(absl::StatusOr<v1::IndicatorSummary> outcome) {
  return [outcome](SummaryContext, const SummaryCallOptions&,
                   const std::string&, const v1::SummarizeRequest&,
                   SummaryCallback done) { done(outcome); };
}

}  // namespace poles::testing

#endif  // POLES_SERVICES_COMMON_SUMMARY_STUB_MOCK_H_
