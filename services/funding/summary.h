#ifndef POLES_SERVICES_FUNDING_SUMMARY_H_
#define POLES_SERVICES_FUNDING_SUMMARY_H_

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "poles/v1/funding.pb.h"
#include "poles/v1/indicators.pb.h"
#include "services/common/call.h"

namespace poles::funding {

// The funding indicators this service computes, with the dimensions each
// may be broken down by. Must match the catalogue (poles.national_indicators,
// migration 0009); a database test checks that it does.
const std::map<std::string, std::set<std::string>>& FundingIndicators();

// Breakdown values are ids: funder "mesi", funder_kind "provincial",
// program "piec" (a local program: "tenants/{t}/programs/{p}"), mrc
// "becancour", sector "aide-a-domicile", legal_form "obnl"; "unknown" when
// the award does not record it, program "none" for an agreement without one.
using Dimensions = std::map<std::string, std::string>;

// Authorised and disbursed awards of one breakdown combination. A sum is
// absent when no award of the group records the figure.
struct AwardGroupFacts {
  Dimensions dims;  // funder, funder_kind, program, mrc, sector, legal_form
  int64_t awards = 0;
  std::optional<int64_t> amount_authorised, amount_disbursed, investment;
  std::optional<int64_t> jobs_created, jobs_maintained,
      jobs_created_or_maintained;
};

// One agreement's amounts for the fiscal year.
struct AgreementYearFacts {
  Dimensions dims;  // funder, funder_kind, program
  std::optional<int64_t> amount, matching_required, matching_received;
};

// One call for projects' funnel.
struct CallFacts {
  Dimensions dims;  // funder, funder_kind, program
  std::optional<int64_t> information_requests, eligibility_requests,
      applications_filed, recommended, retained;
};

// One third-party reported total, with its findings (as published).
struct ReportedFacts {
  Dimensions dims;  // funder, funder_kind, program
  v1::ReportedMeasure measure = v1::REPORTED_MEASURE_UNSPECIFIED;
  int64_t total = 0;
  std::vector<std::string> findings;
};

struct FundingFacts {
  std::vector<AwardGroupFacts> awards;
  std::vector<AgreementYearFacts> agreements;
  std::vector<CallFacts> calls;
  std::vector<ReportedFacts> reported;
};

// The funding indicators of `facts`, totals and the breakdowns by the
// `requested` dimensions each indicator allows, appended to `out` in
// indicator then breakdown order. Award, agreement and call indicators are
// PROVENANCE_COMPUTED; the funding.reported_* indicators are
// PROVENANCE_REPORTED, kept apart from the award sums, and each of their
// values carries the findings of the totals it includes. Pure.
void BuildFundingSummary(const FundingFacts& facts,
                         const std::set<std::string>& requested,
                         v1::IndicatorSummary* out);

// SummarizeFunding: the service role or the tenant's own users; four
// aggregate reads in one tenant transaction.
absl::Status SummarizeFunding(Call& c, const v1::SummarizeRequest& r,
                              v1::IndicatorSummary* out);

}  // namespace poles::funding

#endif  // POLES_SERVICES_FUNDING_SUMMARY_H_
