#ifndef POLES_SERVICES_COMMON_SUMMARY_H_
#define POLES_SERVICES_COMMON_SUMMARY_H_

#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "poles/v1/indicators.pb.h"
#include "services/common/call.h"

namespace poles {

// Canonical form of a breakdown: "gender=women;mrc=becancour" (keys
// sorted), "" for the total.
std::string CanonicalDimensions(const std::map<std::string, std::string>& dims);

// Accumulates computed indicator values keyed by (indicator, breakdown).
class SummaryBuilder {
 public:
  // Adds `value` to the value of `indicator` for exactly the breakdown
  // `dims` (empty: the total).
  void Add(const std::string& indicator,
           const std::map<std::string, std::string>& dims, int64_t value);
  // Adds `value` to the indicator's total and, when some of `dims`' keys
  // are both `allowed` for the indicator and `requested`, to the breakdown
  // by exactly those keys.
  void AddRecord(const std::string& indicator,
                 const std::set<std::string>& allowed,
                 const std::set<std::string>& requested,
                 const std::map<std::string, std::string>& dims, int64_t value);
  // Moves the values into `out`, ordered by indicator then breakdown.
  void Emit(v1::IndicatorSummary* out);

 private:
  std::map<std::pair<std::string, std::string>,
           std::pair<std::map<std::string, std::string>, int64_t>>
      values_;
};

// A parsed, validated SummarizeRequest.
struct SummaryQuery {
  std::string tenant;
  int fiscal_year = 0;
  std::set<std::string> dimensions;
};

// Validates a SummarizeRequest: parent, fiscal year, and dimensions among
// `known` (INVALID_ARGUMENT naming the field), then authorises it
// (Access::kSummary on the tenant).
absl::StatusOr<SummaryQuery> ParseSummaryRequest(
    const Call& call, const v1::SummarizeRequest& request,
    const std::set<std::string>& known);

// Replaces computed values by the values the tenant reported for the same
// indicator and year: an indicator reported for a year is taken as reported
// entirely. Reported breakdowns are kept when their dimensions are among the
// requested ones. One single-round-trip read.
absl::Status MergeReportedValues(Call& call, const SummaryQuery& query,
                                 const std::string& service,
                                 v1::IndicatorSummary* summary);

// ReportXIndicator: validates and stores a reported aggregate of one of
// `service`'s indicators (editor of the tenant), returns it.
absl::Status ReportIndicatorValue(Call& call,
                                  const v1::ReportIndicatorValueRequest& r,
                                  const std::string& service,
                                  v1::IndicatorValue* out);

}  // namespace poles

#endif  // POLES_SERVICES_COMMON_SUMMARY_H_
