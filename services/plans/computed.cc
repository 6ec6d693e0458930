#include "services/plans/computed.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/common/status_macros.h"
#include "services/common/validation.h"

namespace poles::plans {

std::vector<int> ComputedFiscalYears(int first_fy, int last_fy,
                                     int current_fy) {
  std::vector<int> years;
  const int last = std::min(last_fy, current_fy);
  for (int fy = std::max(first_fy, last - kMaxPlanFiscalYears + 1); fy <= last;
       ++fy) {
    years.push_back(fy);
  }
  return years;
}

v1::SummarizeRequest ComputedSummaryRequest(const std::string& tenant,
                                            int fiscal_year,
                                            const v1::Indicator& indicator) {
  v1::SummarizeRequest req;
  req.set_parent(absl::StrCat("tenants/", tenant));
  req.set_fiscal_year(FormatFiscalYear(fiscal_year));
  for (const auto& [key, value] : indicator.link_filter())
    req.add_dimensions(key);
  return req;
}

SelectedValue SelectSummaryValue(const v1::Indicator& indicator,
                                 const v1::IndicatorSummary& summary) {
  SelectedValue selected;
  for (const auto& v : summary.values()) {
    if (v.indicator() != indicator.national_indicator_code()) continue;
    if (v.dimensions().size() != indicator.link_filter().size()) continue;
    bool match = true;
    for (const auto& [key, want] : indicator.link_filter()) {
      auto it = v.dimensions().find(key);
      match = match && it != v.dimensions().end() && it->second == want;
    }
    if (!match) continue;
    selected.value = static_cast<double>(v.value());
    selected.reported = v.provenance() == v1::PROVENANCE_REPORTED;
  }
  return selected;
}

v1::IndicatorResult ComputedResult(const v1::Indicator& indicator,
                                   const std::string& service, int fiscal_year,
                                   const SelectedValue& value) {
  v1::IndicatorResult res;
  res.set_fiscal_year(FormatFiscalYear(fiscal_year));
  res.set_actual_value(value.value);
  res.set_source(v1::COMPUTED);
  res.set_note(absl::StrCat(value.reported ? "Déclaré par le Pôle" : "Calculé",
                            " — ", indicator.national_indicator_code(),
                            " (service ", service, ")"));
  return res;
}

ComputedSummaries::ComputedSummaries(SummaryStub* stub,
                                     SummaryCallOptions caller,
                                     std::string tenant)
    : stub_(stub), caller_(std::move(caller)), tenant_(std::move(tenant)) {}

absl::StatusOr<const v1::IndicatorSummary*> ComputedSummaries::Get(
    const std::string& service, int fiscal_year,
    const v1::Indicator& indicator) {
  if (stub_ == nullptr) {
    return absl::UnavailableError("computed results are not available here");
  }
  std::vector<std::string> keys;
  for (const auto& [k, v] : indicator.link_filter()) keys.push_back(k);
  std::sort(keys.begin(), keys.end());
  const std::string key =
      absl::StrCat(service, "|", fiscal_year, "|", absl::StrJoin(keys, ","));
  auto it = summaries_.find(key);
  if (it == summaries_.end()) {
    ++calls_;
    POLES_ASSIGN_OR_RETURN(
        v1::IndicatorSummary summary,
        stub_->Summarize(
            caller_, service,
            ComputedSummaryRequest(tenant_, fiscal_year, indicator)));
    it = summaries_.emplace(key, std::move(summary)).first;
  }
  return &it->second;
}

absl::Status AddComputedResults(ComputedSummaries& summaries,
                                const std::string& service, int first_fy,
                                int last_fy, int current_fy,
                                v1::Indicator* indicator) {
  for (int fy : ComputedFiscalYears(first_fy, last_fy, current_fy)) {
    POLES_ASSIGN_OR_RETURN(const v1::IndicatorSummary* summary,
                           summaries.Get(service, fy, *indicator));
    *indicator->add_results() = ComputedResult(
        *indicator, service, fy, SelectSummaryValue(*indicator, *summary));
  }
  return absl::OkStatus();
}

}  // namespace poles::plans
