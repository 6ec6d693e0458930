#ifndef POLES_SERVICES_FUNDING_REPORTED_TOTALS_H_
#define POLES_SERVICES_FUNDING_REPORTED_TOTALS_H_

#include "absl/status/status.h"
#include "poles/v1/funding.pb.h"
#include "services/common/call.h"

namespace poles::funding {

// Totals reported by third parties (editor writes, editor/viewer reads).
// Every breakdown must add up to the total exactly: a mismatch is
// FAILED_PRECONDITION (reason BREAKDOWN_MISMATCH) naming each breakdown and
// its difference, and nothing is written, unless `as_published`, in which
// case the figures are stored as given and every read carries the
// mismatches as `findings`.
class ReportedTotals {
 public:
  explicit ReportedTotals(const PageTokenCodec& page_tokens)
      : page_tokens_(page_tokens) {}

  absl::Status CreateReportedTotal(Call& c,
                                   const v1::CreateReportedTotalRequest& r,
                                   v1::ReportedTotal* out);
  absl::Status GetReportedTotal(Call& c, const v1::GetReportedTotalRequest& r,
                                v1::ReportedTotal* out);
  absl::Status ListReportedTotals(Call& c,
                                  const v1::ListReportedTotalsRequest& r,
                                  v1::ListReportedTotalsResponse* out);
  absl::Status UpdateReportedTotal(Call& c,
                                   const v1::UpdateReportedTotalRequest& r,
                                   v1::ReportedTotal* out);
  absl::Status DeleteReportedTotal(Call& c,
                                   const v1::DeleteReportedTotalRequest& r);

 private:
  const PageTokenCodec& page_tokens_;
};

}  // namespace poles::funding

#endif  // POLES_SERVICES_FUNDING_REPORTED_TOTALS_H_
