#ifndef POLES_SERVICES_PLANS_PLANS_ROWS_H_
#define POLES_SERVICES_PLANS_PLANS_ROWS_H_

// Rows <-> messages for the plans service, columns read by the names the
// statements give them (plans_queries.h, items_queries.h,
// indicators_queries.h). `DbRow` is a pqxx::row or a storage::Row.

#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "poles/v1/plans.pb.h"
#include "services/common/mutation.h"
#include "services/common/resource_name.h"
#include "services/common/sql_values.h"
#include "services/common/validation.h"
#include "services/plans/plans_validation.h"

namespace poles::plans {

inline std::string PlanName(absl::string_view tenant, absl::string_view plan) {
  return FormatResourceName({"tenants", "plans"}, {tenant, plan});
}
inline std::string ItemName(absl::string_view tenant, absl::string_view plan,
                            absl::string_view item) {
  return FormatResourceName({"tenants", "plans", "items"},
                            {tenant, plan, item});
}
inline std::string IndicatorName(absl::string_view tenant,
                                 absl::string_view plan, absl::string_view item,
                                 absl::string_view indicator) {
  return FormatResourceName({"tenants", "plans", "items", "indicators"},
                            {tenant, plan, item, indicator});
}

// The database's text for a plan status and an item kind, and back
// (unknown text: DRAFT, KIND_UNSPECIFIED).
const char* StatusText(v1::Plan::Status status);
v1::Plan::Status StatusFromText(absl::string_view text);
const char* KindText(v1::PlanItem::Kind kind);
v1::PlanItem::Kind KindFromText(absl::string_view text);

// A number as the numeric text statements take (%.15g), and a numeric
// column's text as a number (0 for text that is not one).
std::string NumberText(double value);
double ParseNumeric(const char* text);

// An indicator's link_filter in canonical form ("k=v;k=v", keys sorted), as
// the link_filter column holds it.
std::string CanonicalFilter(const v1::Indicator& indicator);

template <typename DbRow>
void PlanFromRow(const std::string& tenant, const DbRow& r, v1::Plan* p) {
  p->set_name(PlanName(tenant, r["plan_id"].c_str()));
  p->set_title(r["title"].c_str());
  p->set_description(r["description"].c_str());
  p->set_start_fiscal_year(FormatFiscalYear(r["start_fy"].template as<int>()));
  p->set_end_fiscal_year(FormatFiscalYear(r["end_fy"].template as<int>()));
  p->set_status(StatusFromText(r["status"].c_str()));
  p->set_adoption_date(r["adoption_date"].c_str());
  AppendTextArray(r["notes"].c_str(), p->mutable_notes());
  p->set_etag(FormatEtag(r["version"].template as<int64_t>()));
  SetTimestamp(r["create_micros"].template as<int64_t>(),
               p->mutable_create_time());
  SetTimestamp(r["update_micros"].template as<int64_t>(),
               p->mutable_update_time());
}

template <typename DbRow>
void ItemFromRow(const std::string& tenant, const std::string& plan,
                 const DbRow& r, v1::PlanItem* it) {
  it->set_name(ItemName(tenant, plan, r["item_id"].c_str()));
  std::string parent = r["parent_item_id"].c_str();
  it->set_parent_item(parent.empty() ? "" : ItemName(tenant, plan, parent));
  it->set_kind(KindFromText(r["kind"].c_str()));
  it->set_code(r["code"].c_str());
  it->set_title(r["title"].c_str());
  AppendTextArray(r["moyens"].c_str(), it->mutable_moyens());
  AppendTextArray(r["responsables"].c_str(), it->mutable_responsables());
  AppendTextArray(r["partners"].c_str(), it->mutable_partners());
  google::protobuf::RepeatedPtrField<std::string> bodies;
  AppendTextArray(r["responsible_bodies"].c_str(), &bodies);
  for (const std::string& body : bodies) {
    it->add_responsible_bodies(
        FormatResourceName({"tenants", "bodies"}, {tenant, body}));
  }
  auto* sc = it->mutable_schedule();
  sc->set_due_date(r["due_date"].c_str());
  google::protobuf::RepeatedPtrField<std::string> slots;
  AppendTextArray(r["season_slots"].c_str(), &slots);
  for (const std::string& text : slots) {
    v1::SeasonSlot slot;
    if (ParseSeasonSlot(text, &slot)) *sc->add_slots() = slot;
  }
  sc->set_continuous(r["continuous"].template as<bool>());
  sc->set_note(r["schedule_note"].c_str());
  int64_t cents = r["budget_cents"].template as<int64_t>();
  if (cents >= 0) {
    it->mutable_budget()->set_cents(cents);
    it->mutable_budget()->set_currency_code("CAD");
  }
  it->set_budget_note(r["budget_note"].c_str());
  it->set_etag(FormatEtag(r["version"].template as<int64_t>()));
  SetTimestamp(r["create_micros"].template as<int64_t>(),
               it->mutable_create_time());
  SetTimestamp(r["update_micros"].template as<int64_t>(),
               it->mutable_update_time());
}

template <typename DbRow>
void IndicatorFromRow(const std::string& tenant, const std::string& plan,
                      const DbRow& r, v1::Indicator* ind) {
  ind->set_name(IndicatorName(tenant, plan, r["item_id"].c_str(),
                              r["indicator_id"].c_str()));
  ind->set_description(r["description"].c_str());
  if (r["target"].size() > 0)
    ind->set_target(ParseNumeric(r["target"].c_str()));
  ind->set_unit(r["unit"].c_str());
  if (r["baseline"].size() > 0) {
    ind->set_baseline(ParseNumeric(r["baseline"].c_str()));
  }
  ind->set_national_indicator_code(r["national_indicator_code"].c_str());
  ind->set_due_date(r["due_date"].c_str());
  ind->set_due_note(r["due_note"].c_str());
  ind->set_etag(FormatEtag(r["version"].template as<int64_t>()));
  SetTimestamp(r["create_micros"].template as<int64_t>(),
               ind->mutable_create_time());
  SetTimestamp(r["update_micros"].template as<int64_t>(),
               ind->mutable_update_time());
  for (const auto& j :
       nlohmann::json::parse(static_cast<const char*>(r["results"].c_str()))) {
    auto* res = ind->add_results();
    res->set_fiscal_year(FormatFiscalYear(j["fy"].get<int>()));
    res->set_actual_value(j["v"].get<double>());
    res->set_note(j["note"].get<std::string>());
    res->set_source(j["src"].get<std::string>() == "computed" ? v1::COMPUTED
                                                              : v1::ENTERED);
    SetTimestamp(j["t"].get<int64_t>(), res->mutable_record_time());
  }
  ind->set_computed(r["computed"].template as<bool>());
  for (absl::string_view part :
       absl::StrSplit(r["link_filter"].c_str(), ';', absl::SkipEmpty())) {
    std::pair<std::string, std::string> kv =
        absl::StrSplit(part, absl::MaxSplits('=', 1));
    (*ind->mutable_link_filter())[kv.first] = kv.second;
  }
}

}  // namespace poles::plans

#endif  // POLES_SERVICES_PLANS_PLANS_ROWS_H_
