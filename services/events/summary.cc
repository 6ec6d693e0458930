#include "services/events/summary.h"

#include <algorithm>
#include <cmath>

#include <nlohmann/json.hpp>

#include "services/common/mutation.h"
#include "services/common/status_macros.h"
#include "services/common/summary.h"
#include "services/common/validation.h"
#include "services/events/events_service.h"
#include "services/events/summary_queries.h"

namespace poles::events {

namespace {

// Where an event took place, as the "mrc" dimension.
std::string MrcDimension(const std::string& mrc, bool online) {
  if (!mrc.empty()) return mrc;
  return online ? "online" : "unknown";
}

// The satisfaction percentages of a row's satisfaction JSON.
std::vector<double> Percents(const char* json) {
  std::vector<double> out;
  for (const auto& s : nlohmann::json::parse(json)) {
    out.push_back(s["p"].get<double>());
  }
  return out;
}

// The display names of the bodies `out`'s values name (reported values
// included), as the summary's labels.
absl::Status AddBodyLabels(Call& c, const std::string& tenant,
                           v1::IndicatorSummary* out) {
  std::set<std::string> used;
  for (const auto& v : out->values()) {
    auto body = v.dimensions().find("body");
    if (body != v.dimensions().end()) used.insert(body->second);
  }
  if (used.empty()) return absl::OkStatus();
  POLES_ASSIGN_OR_RETURN(
      auto rows, ReadTenant(c, tenant, kSummaryBodyLabels.name, {tenant}));
  for (const auto& row : rows) {
    const std::string id = row["body_id"].c_str();
    if (used.count(id) == 0) continue;
    v1::DimensionValueLabel* l = out->add_labels();
    l->set_dimension("body");
    l->set_value(id);
    l->set_label(row["display_name"].c_str());
  }
  return absl::OkStatus();
}

}  // namespace

const std::map<std::string, std::set<std::string>>& EventsIndicators() {
  static const auto* kIndicators =
      new std::map<std::string, std::set<std::string>>{
          {"events.held", {"event_kind", "mrc", "plan_item"}},
          {"events.attended", {"event_kind", "mrc", "plan_item"}},
          {"events.participants", {"event_kind", "gender", "mrc", "plan_item"}},
          {"events.trainings", {"mrc", "plan_item"}},
          {"events.trainees", {"mrc", "plan_item"}},
          {"events.body_meetings", {"body", "event_kind"}},
          {"events.week_participants", {}},
          {"events.followers_start", {}},
          {"events.followers_end", {}},
          {"events.youth_reached", {}},
          {"events.youth_collaborations", {}},
          {"events.youth_business_plans", {}},
          {"events.youth_ideation_activities", {}},
          {"events.youth_awareness_activities", {}},
          {"events.meetings", {"body", "body_kind", "event_kind"}},
          {"events.satisfaction_answers", {"mrc", "plan_item"}},
          {"events.satisfaction_satisfied", {"mrc", "plan_item"}},
      };
  return *kIndicators;
}

SatisfactionCount CountSatisfaction(int cohort_size,
                                    const std::vector<double>& percents) {
  SatisfactionCount count;
  if (cohort_size <= 0) return count;
  for (double p : percents) {
    count.answers += cohort_size;
    count.satisfied +=
        std::llround(cohort_size * std::clamp(p, 0.0, 100.0) / 100.0);
  }
  return count;
}

absl::Status EventsLogic::SummarizeEvents(Call& c,
                                          const v1::SummarizeRequest& r,
                                          v1::IndicatorSummary* out) {
  std::set<std::string> known;
  for (const auto& [code, dims] : EventsIndicators()) {
    known.insert(dims.begin(), dims.end());
  }
  POLES_ASSIGN_OR_RETURN(SummaryQuery q, ParseSummaryRequest(c, r, known));
  POLES_ASSIGN_OR_RETURN(auto rows,
                         ReadTenant(c, q.tenant, kSummaryRows.name,
                                    {q.tenant, std::to_string(q.fiscal_year)}));
  const auto& catalogue = EventsIndicators();
  SummaryBuilder b;
  for (const auto& row : rows) {
    const std::string kind = row["kind"].c_str();
    const bool organised = row["organised"].as<bool>();
    std::map<std::string, std::string> dims = {
        {"event_kind", kind},
        {"mrc", MrcDimension(row["mrc_id"].c_str(), row["online"].as<bool>())},
        {"plan_item",
         row["plan_item"].size() > 0 ? row["plan_item"].c_str() : "none"}};
    const auto add = [&](const char* code, int64_t value,
                         const std::map<std::string, std::string>& d) {
      b.AddRecord(code, catalogue.at(code), q.dimensions, d, value);
    };
    if (const std::string body = row["body_id"].c_str(); !body.empty()) {
      add("events.meetings", 1,
          {{"body", body},
           {"body_kind", row["body_kind"].c_str()},
           {"event_kind", kind}});
    }
    if (!organised) {
      add("events.attended", 1, dims);
      continue;
    }
    add("events.held", 1, dims);
    const ParticipantCount participants =
        CountParticipants(row["total"].as<int>(), row["women"].as<int>(),
                          row["men"].as<int>(), row["other"].as<int>());
    for (const auto& [gender, n] : participants.by_gender) {
      auto d = dims;
      d["gender"] = gender;
      add("events.participants", n, d);
    }
    if (kind == "training") {
      add("events.trainings", 1, dims);
      if (participants.total >= 0)
        add("events.trainees", participants.total, dims);
    }
    const SatisfactionCount satisfaction = CountSatisfaction(
        row["cohort_size"].as<int>(), Percents(row["satisfaction"].c_str()));
    if (satisfaction.answers > 0) {
      add("events.satisfaction_answers", satisfaction.answers, dims);
      add("events.satisfaction_satisfied", satisfaction.satisfied, dims);
    }
  }
  b.Emit(out);
  out->set_tenant(r.parent());
  out->set_fiscal_year(FormatFiscalYear(q.fiscal_year));
  POLES_RETURN_IF_ERROR(MergeReportedValues(c, q, "events", out));
  return AddBodyLabels(c, q.tenant, out);
}

absl::Status EventsLogic::ReportEventsIndicator(
    Call& c, const v1::ReportIndicatorValueRequest& r,
    v1::IndicatorValue* out) {
  return ReportIndicatorValue(c, r, "events", out);
}

}  // namespace poles::events
