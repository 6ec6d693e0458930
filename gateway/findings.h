#ifndef POLES_GATEWAY_FINDINGS_H_
#define POLES_GATEWAY_FINDINGS_H_

// The year's validation findings of one Pôle (NationalService ListFindings,
// the PAGES table's rows, the bilan): each names the indicator, the figures
// and the rule, in French and English. Findings compare figures of the same
// indicator only: two indicators in different units (14 dossiers, 20
// interventions) are never compared.

#include <string>
#include <vector>

#include "gateway/tenant_summaries.h"
#include "poles/v1/indicators.pb.h"
#include "poles/v1/national.pb.h"

namespace poles::gateway {

struct FindingOptions {
  // YEAR_OVER_YEAR when this year's total is above previous × factor or
  // below previous ÷ factor (a factor <= 1 turns the rule off).
  double year_over_year_factor = 3.0;
  // Indicator codes the national mandate expects every Pôle to report.
  std::vector<std::string> expected_indicators;
  // For national and ministry readers, the disclosure threshold (a Pôle's
  // own users: 0). A figure of an indicator that counts units (CountsUnits)
  // with 1 <= figure < threshold is not shown: its field is 0, the finding
  // is `suppressed`, the messages show "< threshold" and leave out what
  // would give it back (a difference, a ratio, a number in a service's
  // recorded text).
  int disclosure_threshold = 0;
};

// The findings on `year`'s summaries, in the order of the services and
// their values:
// - what the services recorded on a value (IndicatorValue.findings):
//   "REPORTED_VS_COMPUTED: computed=<n>" (a reported value that differs
//   from the one computed from records), "BREAKDOWN_MISMATCH: <dim>
//   sum=<s> total=<t>" (a reported breakdown that does not add up; by
//   gender and above the total: GENDER_EXCEEDS_TOTAL), the funding
//   service's "BREAKDOWN_MISMATCH: <reported total> breakdowns[i] (<dim>)
//   adds up to <s>, ... the total of <t>"; any other "<RULE>: text" is
//   kept with that rule (or RULE_UNSPECIFIED), its text as the message;
// - every breakdown of an indicator's total (the values sharing one set of
//   dimensions) whose values do not add up to the total: BREAKDOWN_MISMATCH,
//   or GENDER_EXCEEDS_TOTAL for a breakdown involving gender that adds up
//   to more than the total (each at most once with the above);
// - YEAR_OVER_YEAR for a total beyond ×/÷ the factor against
//   `previous_year`'s total of the same indicator (none when the previous
//   value is 0 or either year lacks the value; a fall to 0 is one);
// - MISSING_EXPECTED for each expected indicator whose service answered
//   without a total for it (a service that failed or was not asked is not
//   judged: the tenant is unreachable, not missing).
// `catalogue` gives the labels, units and services; an indicator absent
// from it is named by its code.
std::vector<v1::Finding> ComputeFindings(
    const TenantSummaries& year, const TenantSummaries* previous_year,
    const std::vector<v1::NationalIndicator>& catalogue,
    const FindingOptions& options);

}  // namespace poles::gateway

#endif  // POLES_GATEWAY_FINDINGS_H_
