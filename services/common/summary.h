#ifndef POLES_SERVICES_COMMON_SUMMARY_H_
#define POLES_SERVICES_COMMON_SUMMARY_H_

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "poles/v1/indicators.pb.h"
#include "services/common/call.h"
#include "storage/session.h"

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

// An aggregate a tenant reported for one indicator and fiscal year.
struct ReportedValue {
  std::string indicator;
  // Canonical breakdown (CanonicalDimensions); "" for the total.
  std::string dimensions;
  int64_t value = 0;
};

// The breakdown of a canonical form (CanonicalDimensions); {} for "".
std::map<std::string, std::string> ParseCanonicalDimensions(
    absl::string_view canonical);

// The findings on `indicator`'s reported total: for each dimension `d` the
// tenant reported a single-dimension breakdown by (values keyed "d=..."
// only) whose values do not add up to the reported total,
// "BREAKDOWN_MISMATCH: <d> sum=<sum> total=<total>", by dimension name.
// None without a reported total.
std::vector<std::string> BreakdownFindings(
    const std::vector<ReportedValue>& reported, const std::string& indicator);

// Replaces in `summary` the computed values of every indicator `reported`
// has values for by those reported values: an indicator reported for a year
// is taken as reported entirely (PROVENANCE_REPORTED), its computed
// breakdowns dropped. A reported breakdown is kept when all its dimensions
// are among `requested`. Values of indicators not reported keep their
// order; the reported ones follow in `reported`'s order.
//
// What was replaced is not hidden: a reported value that replaces a
// computed value of the same breakdown and differs from it carries the
// finding "REPORTED_VS_COMPUTED: computed=<computed value>", and a reported
// total carries BreakdownFindings (over every reported breakdown, requested
// or not) after it. The gateway parses these prefixes.
void MergeReported(const std::vector<ReportedValue>& reported,
                   const std::set<std::string>& requested,
                   v1::IndicatorSummary* summary);

// The participants of one event by gender, as summaries count them. Each
// count is -1 when not collected. The total is the one given, else the sum
// of the genders collected, else not collected (-1, and no breakdown). The
// breakdown always adds up to the total: each gender with participants,
// and "not_collected" for what the collected genders leave of the total.
struct ParticipantCount {
  int64_t total = -1;
  std::vector<std::pair<std::string, int64_t>> by_gender;
};
ParticipantCount CountParticipants(int total, int women, int men, int other);

// MergeReported with the values the tenant reported for `service`'s
// indicators in the query's fiscal year: one single-round-trip read.
absl::Status MergeReportedValues(Call& call, const SummaryQuery& query,
                                 const std::string& service,
                                 v1::IndicatorSummary* summary);

// ReportXIndicator: validates and stores a reported aggregate of one of
// `service`'s indicators (editor of the tenant), returns it.
absl::Status ReportIndicatorValue(Call& call,
                                  const v1::ReportIndicatorValueRequest& r,
                                  const std::string& service,
                                  v1::IndicatorValue* out);

// The prepared statements of the indicator reports and summaries every service
// shares. The server registers them (storage::RegisterStatements) at start-up,
// before its first connection.
std::vector<storage::Statement> SummaryStatements();

}  // namespace poles

#endif  // POLES_SERVICES_COMMON_SUMMARY_H_
