#include "services/plans/summary.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/common/mutation.h"
#include "services/common/status_macros.h"
#include "services/common/summary.h"
#include "services/common/validation.h"
#include "services/plans/computed.h"
#include "services/plans/indicators.h"
#include "services/plans/plans_rows.h"
#include "services/plans/summary_queries.h"

namespace poles::plans {

namespace {

const std::set<std::string> kPlanDims = {"plan"};

// A computed indicator with a target of one plan, as kPlansSummary reads it.
struct ComputedRow {
  std::string plan_id;
  std::string service;
  double target = 0;
  v1::Indicator indicator;  // national_indicator_code and link_filter
};

}  // namespace

const std::map<std::string, std::set<std::string>>& PlansIndicators() {
  static const auto* kIndicators =
      new std::map<std::string, std::set<std::string>>{
          {"plans.indicators", kPlanDims},
          {"plans.indicators_measurable", kPlanDims},
          {"plans.indicators_measured", kPlanDims},
          {"plans.indicators_achieved", kPlanDims},
          {"plans.results_entered", kPlanDims},
          {"plans.results_computed", kPlanDims},
      };
  return *kIndicators;
}

void BuildPlansSummary(const std::vector<PlanYearFacts>& plans,
                       const std::set<std::string>& requested,
                       v1::IndicatorSummary* out) {
  SummaryBuilder b;
  for (const PlanYearFacts& plan : plans) {
    v1::PlanProgress p;
    FillPlanProgress(plan.entered, plan.computed, &p);
    const std::pair<const char*, int64_t> values[] = {
        {"plans.indicators", p.indicator_count()},
        {"plans.indicators_measurable", p.measurable_count()},
        {"plans.indicators_measured", p.measured_count()},
        {"plans.indicators_achieved", p.achieved_count()},
        {"plans.results_entered", p.entered_count()},
        {"plans.results_computed", p.computed_count()}};
    for (const auto& [code, value] : values) {
      b.AddRecord(code, kPlanDims, requested, {{"plan", plan.plan}}, value);
    }
  }
  b.Emit(out);
}

absl::Status PlansSummary::Summarize(Call& c, const v1::SummarizeRequest& r,
                                     v1::IndicatorSummary* out) const {
  POLES_ASSIGN_OR_RETURN(SummaryQuery q, ParseSummaryRequest(c, r, kPlanDims));
  POLES_ASSIGN_OR_RETURN(auto rows,
                         ReadTenant(c, q.tenant, kPlansSummary.name,
                                    {q.tenant, std::to_string(q.fiscal_year)}));
  std::vector<PlanYearFacts> plans;
  std::map<std::string, size_t> index;  // plan_id -> plans[i]
  std::vector<ComputedRow> computed;
  const int current_fy = CurrentFiscalYear();
  for (const auto& row : rows) {
    const std::string plan_id = row["plan_id"].c_str();
    if (std::string(row["kind"].c_str()) == "plan") {
      index[plan_id] = plans.size();
      PlanYearFacts& p = plans.emplace_back();
      p.plan = PlanName(q.tenant, plan_id);
      p.entered.indicators = row["indicators"].as<int>();
      p.entered.measurable = row["measurable"].as<int>();
      p.entered.measured = row["measured"].as<int>();
      p.entered.achieved = row["achieved"].as<int>();
      p.entered.entered = row["entered"].as<int>();
      continue;
    }
    if (!ComputedProgressYear(q.fiscal_year, row["start_fy"].as<int>(),
                              row["end_fy"].as<int>(), current_fy)) {
      continue;  // a year not begun: nothing computed is measured yet
    }
    ComputedRow& cr = computed.emplace_back();
    cr.plan_id = plan_id;
    cr.service = row["service"].c_str();
    cr.target = row["target"].as<double>();
    cr.indicator.set_national_indicator_code(
        row["national_indicator_code"].c_str());
    for (auto& [k, v] : ParseCanonicalDimensions(row["link_filter"].c_str()))
      (*cr.indicator.mutable_link_filter())[k] = v;
  }
  if (!computed.empty()) {
    ComputedSummaries cache = CallersSummaries(c, summaries_, q.tenant);
    for (const ComputedRow& cr : computed) {
      POLES_ASSIGN_OR_RETURN(
          const v1::IndicatorSummary* summary,
          cache.Get(cr.service, q.fiscal_year, cr.indicator));
      plans[index.at(cr.plan_id)].computed.push_back(
          {SelectSummaryValue(cr.indicator, *summary).value, cr.target});
    }
  }
  BuildPlansSummary(plans, q.dimensions, out);
  out->set_tenant(r.parent());
  out->set_fiscal_year(FormatFiscalYear(q.fiscal_year));
  return MergeReportedValues(c, q, "plans", out);
}

absl::Status PlansSummary::Report(Call& c,
                                  const v1::ReportIndicatorValueRequest& r,
                                  v1::IndicatorValue* out) const {
  return ReportIndicatorValue(c, r, "plans", out);
}

}  // namespace poles::plans
