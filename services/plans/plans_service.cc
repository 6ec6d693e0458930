#include "services/plans/plans_service.h"

#include <cmath>
#include <optional>
#include <set>
#include <cstdio>

#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "services/common/summary.h"
#include "services/common/mutation.h"
#include "services/common/resource_name.h"
#include "services/common/sql_values.h"
#include "services/common/standard_methods.h"
#include "services/common/status_macros.h"
#include "services/common/validation.h"
#include "services/plans/plans_validation.h"
#include "storage/embedded_postgres.h"

namespace poles::plans {

namespace {

using storage::Statement;

// ---- SQL -----------------------------------------------------------------

#define PLAN_COLS                                                         \
  "plan_id, title, description, start_fy, end_fy, status, "               \
  "COALESCE(adoption_date::text, ''), version, " POLES_MICROS("create_time") \
  ", " POLES_MICROS("update_time")

#define ITEM_COLS                                                          \
  "item_id, COALESCE(parent_item_id, ''), kind, code, title, "             \
  "moyens, responsables, partners, COALESCE(due_date::text, ''), "         \
  "season_slots, continuous, schedule_note, "                              \
  "COALESCE(budget_cents, -1), budget_note, version, " POLES_MICROS(       \
      "create_time") ", " POLES_MICROS("update_time")

#define INDICATOR_COLS                                                     \
  "i.item_id, i.indicator_id, i.description, COALESCE(i.target::text, ''), " \
  "i.unit, COALESCE(i.baseline::text, ''), i.national_indicator_code, "    \
  "COALESCE(i.due_date::text, ''), i.version, " POLES_MICROS(              \
      "i.create_time") ", " POLES_MICROS("i.update_time") ", "             \
  "COALESCE((SELECT json_agg(json_build_object('fy', r.fiscal_year, "      \
  "'v', r.actual_value::float8, 'note', r.note, 'src', r.source, "         \
  "'t', " POLES_MICROS("r.record_time") ") ORDER BY r.fiscal_year) "       \
  "FROM poles.indicator_results r WHERE r.tenant_id = i.tenant_id AND "    \
  "r.plan_id = i.plan_id AND r.item_id = i.item_id AND "                   \
  "r.indicator_id = i.indicator_id)::text, '[]'), i.computed, i.link_filter"

const Statement kPlanGet = {
    "plans_get", "text, text",
    "SELECT " PLAN_COLS " FROM poles.plans WHERE tenant_id = $1 AND plan_id = $2"};
const Statement kPlanGetForUpdate = {
    "plans_get_for_update", "text, text",
    "SELECT " PLAN_COLS " FROM poles.plans WHERE tenant_id = $1 AND "
    "plan_id = $2 FOR UPDATE"};
const Statement kPlanList = {
    "plans_list", "text, text, text, integer",
    "SELECT " PLAN_COLS " FROM poles.plans WHERE tenant_id = $1 AND "
    "plan_id > $2 AND ($3 = '' OR status = $3) ORDER BY plan_id LIMIT $4"};
const Statement kPlanInsert = {
    "plans_insert", "text, text, text, text, integer, integer, text, text",
    "INSERT INTO poles.plans (tenant_id, plan_id, title, description, "
    "start_fy, end_fy, status, adoption_date) VALUES ($1, $2, $3, $4, $5, $6, "
    "$7, NULLIF($8, '')::date) RETURNING " PLAN_COLS};
const Statement kPlanUpdate = {
    "plans_update", "text, text, text, text, integer, integer, text, text",
    "UPDATE poles.plans SET title = $3, description = $4, start_fy = $5, "
    "end_fy = $6, status = $7, adoption_date = NULLIF($8, '')::date, "
    "version = version + 1, update_time = now() "
    "WHERE tenant_id = $1 AND plan_id = $2 RETURNING " PLAN_COLS};
const Statement kPlanDelete = {
    "plans_delete", "text, text",
    "DELETE FROM poles.plans WHERE tenant_id = $1 AND plan_id = $2"};
const Statement kPlanCountItems = {
    "plans_count_items", "text, text",
    "SELECT count(*) FROM poles.plan_items WHERE tenant_id = $1 AND "
    "plan_id = $2"};

const Statement kItemGet = {
    "items_get", "text, text, text",
    "SELECT " ITEM_COLS " FROM poles.plan_items WHERE tenant_id = $1 AND "
    "plan_id = $2 AND item_id = $3"};
const Statement kItemGetForUpdate = {
    "items_get_for_update", "text, text, text",
    "SELECT " ITEM_COLS " FROM poles.plan_items WHERE tenant_id = $1 AND "
    "plan_id = $2 AND item_id = $3 FOR UPDATE"};
// $3: the sort key after which to start; $4: kind filter; $5: parent filter.
// The plan's existence comes back as the last column so an unknown plan is
// NOT_FOUND rather than an empty page, in the same round trip.
const Statement kItemList = {
    "items_list", "text, text, text, text, text, integer",
    "SELECT " ITEM_COLS ", sort_key FROM poles.plan_items WHERE "
    "tenant_id = $1 AND plan_id = $2 AND sort_key > $3 AND "
    "($4 = '' OR kind = $4) AND ($5 = '' OR parent_item_id = $5) "
    "ORDER BY sort_key LIMIT $6"};
const Statement kItemInsert = {
    "items_insert",
    "text, text, text, text, text, text, text, text, text, text, text, "
    "text, boolean, text, text, text, text",
    "INSERT INTO poles.plan_items (tenant_id, plan_id, item_id, "
    "parent_item_id, kind, code, sort_key, title, moyens, responsables, "
    "partners, due_date, season_slots, continuous, schedule_note, "
    "budget_cents, budget_note) VALUES ($1, $2, $3, NULLIF($4, ''), $5, $6, "
    "$7, $8, ARRAY(SELECT json_array_elements_text($9::json)), "
    "ARRAY(SELECT json_array_elements_text($10::json)), "
    "ARRAY(SELECT json_array_elements_text($11::json)), "
    "NULLIF($12, '')::date, ARRAY(SELECT json_array_elements_text($16::json)),"
    " $13, $14, NULLIF($15, '')::bigint, $17) RETURNING " ITEM_COLS};
const Statement kItemUpdate = {
    "items_update",
    "text, text, text, text, text, text, text, text, text, text, text, "
    "boolean, text, text, text, text",
    "UPDATE poles.plan_items SET kind = $4, code = $5, sort_key = $6, "
    "title = $7, moyens = ARRAY(SELECT json_array_elements_text($8::json)), "
    "responsables = ARRAY(SELECT json_array_elements_text($9::json)), "
    "partners = ARRAY(SELECT json_array_elements_text($10::json)), "
    "due_date = NULLIF($11, '')::date, continuous = $12, "
    "schedule_note = $13, budget_cents = NULLIF($14, '')::bigint, "
    "budget_note = $15, season_slots = ARRAY(SELECT "
    "json_array_elements_text($16::json)), version = version + 1, "
    "update_time = now() WHERE tenant_id = $1 AND plan_id = $2 AND "
    "item_id = $3 RETURNING " ITEM_COLS};
const Statement kItemDelete = {
    "items_delete", "text, text, text",
    "DELETE FROM poles.plan_items WHERE tenant_id = $1 AND plan_id = $2 AND "
    "item_id = $3"};
const Statement kItemDependents = {
    "items_dependents", "text, text, text",
    "SELECT (SELECT count(*) FROM poles.plan_items WHERE tenant_id = $1 AND "
    "plan_id = $2 AND parent_item_id = $3) + (SELECT count(*) FROM "
    "poles.plan_indicators WHERE tenant_id = $1 AND plan_id = $2 AND "
    "item_id = $3)"};
const Statement kPlanExists = {
    "plans_exists", "text, text",
    "SELECT 1 FROM poles.plans WHERE tenant_id = $1 AND plan_id = $2"};
const Statement kItemExists = {
    "items_exists", "text, text, text",
    "SELECT 1 FROM poles.plan_items WHERE tenant_id = $1 AND plan_id = $2 "
    "AND item_id = $3"};

const Statement kIndicatorGet = {
    "indicators_get", "text, text, text, text",
    "SELECT " INDICATOR_COLS " FROM poles.plan_indicators i WHERE "
    "i.tenant_id = $1 AND i.plan_id = $2 AND i.item_id = $3 AND "
    "i.indicator_id = $4"};
const Statement kIndicatorLock = {
    "indicators_lock", "text, text, text, text",
    "SELECT " INDICATOR_COLS " FROM poles.plan_indicators i WHERE "
    "i.tenant_id = $1 AND i.plan_id = $2 AND i.item_id = $3 AND "
    "i.indicator_id = $4 FOR UPDATE"};
// $3: one item, or '-' for all items of the plan; ($4, $5) keyset position.
const Statement kIndicatorList = {
    "indicators_list", "text, text, text, text, text, integer",
    "SELECT " INDICATOR_COLS " FROM poles.plan_indicators i WHERE "
    "i.tenant_id = $1 AND i.plan_id = $2 AND ($3 = '-' OR i.item_id = $3) "
    "AND (i.item_id, i.indicator_id) > ($4, $5) ORDER BY i.item_id, "
    "i.indicator_id LIMIT $6"};
const Statement kIndicatorInsert = {
    "indicators_insert",
    "text, text, text, text, text, text, text, text, text, text, boolean, text",
    "INSERT INTO poles.plan_indicators (tenant_id, plan_id, item_id, "
    "indicator_id, description, target, unit, baseline, "
    "national_indicator_code, due_date, computed, link_filter) VALUES ($1, "
    "$2, $3, $4, $5, NULLIF($6, '')::numeric, $7, NULLIF($8, '')::numeric, "
    "$9, NULLIF($10, '')::date, $11, $12)"};
const Statement kIndicatorUpdate = {
    "indicators_update",
    "text, text, text, text, text, text, text, text, text, text, boolean, text",
    "UPDATE poles.plan_indicators SET description = $5, "
    "target = NULLIF($6, '')::numeric, unit = $7, "
    "baseline = NULLIF($8, '')::numeric, national_indicator_code = $9, "
    "due_date = NULLIF($10, '')::date, computed = $11, link_filter = $12, "
    "version = version + 1, "
    "update_time = now() WHERE tenant_id = $1 AND plan_id = $2 AND "
    "item_id = $3 AND indicator_id = $4"};
const Statement kIndicatorTouch = {
    "indicators_touch", "text, text, text, text",
    "UPDATE poles.plan_indicators SET version = version + 1, "
    "update_time = now() WHERE tenant_id = $1 AND plan_id = $2 AND "
    "item_id = $3 AND indicator_id = $4"};
const Statement kIndicatorDelete = {
    "indicators_delete", "text, text, text, text",
    "DELETE FROM poles.plan_indicators WHERE tenant_id = $1 AND plan_id = $2 "
    "AND item_id = $3 AND indicator_id = $4"};
const Statement kResultUpsert = {
    "results_upsert", "text, text, text, text, integer, text, text",
    "INSERT INTO poles.indicator_results (tenant_id, plan_id, item_id, "
    "indicator_id, fiscal_year, actual_value, note, source) VALUES ($1, $2, "
    "$3, $4, $5, $6::numeric, $7, 'entered') ON CONFLICT (tenant_id, "
    "plan_id, item_id, indicator_id, fiscal_year) DO UPDATE SET "
    "actual_value = EXCLUDED.actual_value, note = EXCLUDED.note, "
    "source = EXCLUDED.source, record_time = now()"};
// $3: a fiscal year, or -1 for each indicator's latest result.
const Statement kProgress = {
    "plans_progress", "text, text, integer",
    "SELECT (SELECT count(*) FROM poles.plans WHERE tenant_id = $1 AND "
    "plan_id = $2), count(i.*), count(i.target), "
    "count(r.actual_value) FILTER (WHERE i.target IS NOT NULL AND "
    "NOT i.computed), "
    "count(*) FILTER (WHERE i.target IS NOT NULL AND NOT i.computed AND "
    "r.actual_value >= i.target), "
    "count(*) FILTER (WHERE i.target IS NOT NULL AND NOT i.computed AND "
    "r.source = 'entered'), 0, "
    "(SELECT start_fy FROM poles.plans WHERE tenant_id = $1 AND plan_id = $2), "
    "(SELECT end_fy FROM poles.plans WHERE tenant_id = $1 AND plan_id = $2) "
    "FROM poles.plan_indicators i LEFT JOIN LATERAL (SELECT actual_value, "
    "source FROM poles.indicator_results x WHERE x.tenant_id = i.tenant_id "
    "AND x.plan_id = i.plan_id AND x.item_id = i.item_id AND "
    "x.indicator_id = i.indicator_id AND ($3 < 0 OR x.fiscal_year = $3) "
    "ORDER BY x.fiscal_year DESC LIMIT 1) r ON true "
    "WHERE i.tenant_id = $1 AND i.plan_id = $2"};

// The plan's computed indicators with a target, for its progress.
const Statement kComputedWithTarget = {
    "indicators_computed_with_target", "text, text",
    "SELECT " INDICATOR_COLS " FROM poles.plan_indicators i WHERE "
    "i.tenant_id = $1 AND i.plan_id = $2 AND i.computed AND i.target IS NOT "
    "NULL ORDER BY i.item_id, i.indicator_id"};
const Statement kNationalIndicator = {
    "plans_national_indicator", "text",
    "SELECT service, array_to_string(dimensions, ',') FROM "
    "poles.national_indicators WHERE code = $1"};
const Statement kPlanPeriod = {
    "plans_period", "text, text",
    "SELECT start_fy, end_fy FROM poles.plans WHERE tenant_id = $1 AND "
    "plan_id = $2"};

const bool kRegistered = [] {
  storage::RegisterStatements(
      {kComputedWithTarget, kNationalIndicator, kPlanPeriod, kPlanGet, kPlanGetForUpdate, kPlanList, kPlanInsert, kPlanUpdate,
       kPlanDelete, kPlanCountItems, kPlanExists, kItemGet, kItemGetForUpdate,
       kItemList, kItemInsert, kItemUpdate, kItemDelete, kItemDependents,
       kItemExists, kIndicatorGet, kIndicatorLock, kIndicatorList,
       kIndicatorInsert, kIndicatorUpdate, kIndicatorTouch, kIndicatorDelete,
       kResultUpsert, kProgress});
  return true;
}();

// ---- Names ---------------------------------------------------------------

std::string PlanName(absl::string_view t, absl::string_view p) {
  return FormatResourceName({"tenants", "plans"}, {t, p});
}
std::string ItemName(absl::string_view t, absl::string_view p,
                     absl::string_view i) {
  return FormatResourceName({"tenants", "plans", "items"}, {t, p, i});
}
std::string IndicatorName(absl::string_view t, absl::string_view p,
                          absl::string_view i, absl::string_view n) {
  return FormatResourceName({"tenants", "plans", "items", "indicators"},
                            {t, p, i, n});
}

// ---- Mapping between rows and messages -------------------------------------

const char* StatusText(v1::Plan::Status s) {
  return s == v1::Plan::ADOPTED ? "adopted" : "draft";
}
v1::Plan::Status StatusFromText(absl::string_view s) {
  return s == "adopted" ? v1::Plan::ADOPTED : v1::Plan::DRAFT;
}
const char* KindText(v1::PlanItem::Kind k) {
  switch (k) {
    case v1::PlanItem::ORIENTATION: return "orientation";
    case v1::PlanItem::AXE: return "axe";
    case v1::PlanItem::OBJECTIVE: return "objective";
    case v1::PlanItem::SUB_OBJECTIVE: return "sub_objective";
    case v1::PlanItem::ACTION: return "action";
    default: return "";
  }
}
v1::PlanItem::Kind KindFromText(absl::string_view s) {
  if (s == "orientation") return v1::PlanItem::ORIENTATION;
  if (s == "axe") return v1::PlanItem::AXE;
  if (s == "objective") return v1::PlanItem::OBJECTIVE;
  if (s == "sub_objective") return v1::PlanItem::SUB_OBJECTIVE;
  if (s == "action") return v1::PlanItem::ACTION;
  return v1::PlanItem::KIND_UNSPECIFIED;
}

template <typename DbRow>
void PlanFromRow(const std::string& tenant, const DbRow& r, v1::Plan* p) {
  p->set_name(PlanName(tenant, r[0].c_str()));
  p->set_title(r[1].c_str());
  p->set_description(r[2].c_str());
  p->set_start_fiscal_year(FormatFiscalYear(r[3].template as<int>()));
  p->set_end_fiscal_year(FormatFiscalYear(r[4].template as<int>()));
  p->set_status(StatusFromText(r[5].c_str()));
  p->set_adoption_date(r[6].c_str());
  p->set_etag(FormatEtag(r[7].template as<int64_t>()));
  SetTimestamp(r[8].template as<int64_t>(), p->mutable_create_time());
  SetTimestamp(r[9].template as<int64_t>(), p->mutable_update_time());
}

template <typename DbRow>
void ItemFromRow(const std::string& tenant, const std::string& plan,
                 const DbRow& r, v1::PlanItem* it) {
  it->set_name(ItemName(tenant, plan, r[0].c_str()));
  std::string parent = r[1].c_str();
  it->set_parent_item(parent.empty() ? "" : ItemName(tenant, plan, parent));
  it->set_kind(KindFromText(r[2].c_str()));
  it->set_code(r[3].c_str());
  it->set_title(r[4].c_str());
  AppendTextArray(r[5].c_str(), it->mutable_moyens());
  AppendTextArray(r[6].c_str(), it->mutable_responsables());
  AppendTextArray(r[7].c_str(), it->mutable_partners());
  auto* sc = it->mutable_schedule();
  sc->set_due_date(r[8].c_str());
  google::protobuf::RepeatedPtrField<std::string> slots;
  AppendTextArray(r[9].c_str(), &slots);
  for (const std::string& text : slots) {
    v1::SeasonSlot slot;
    if (ParseSeasonSlot(text, &slot)) *sc->add_slots() = slot;
  }
  sc->set_continuous(r[10].template as<bool>());
  sc->set_note(r[11].c_str());
  int64_t cents = r[12].template as<int64_t>();
  if (cents >= 0) {
    it->mutable_budget()->set_cents(cents);
    it->mutable_budget()->set_currency_code("CAD");
  }
  it->set_budget_note(r[13].c_str());
  it->set_etag(FormatEtag(r[14].template as<int64_t>()));
  SetTimestamp(r[15].template as<int64_t>(), it->mutable_create_time());
  SetTimestamp(r[16].template as<int64_t>(), it->mutable_update_time());
}

double ParseNumeric(const char* text) {
  double v = 0;
  (void)absl::SimpleAtod(text, &v);
  return v;
}

template <typename DbRow>
void IndicatorFromRow(const std::string& tenant, const std::string& plan,
                      const DbRow& r, v1::Indicator* ind) {
  ind->set_name(IndicatorName(tenant, plan, r[0].c_str(), r[1].c_str()));
  ind->set_description(r[2].c_str());
  if (r[3].size() > 0) ind->set_target(ParseNumeric(r[3].c_str()));
  ind->set_unit(r[4].c_str());
  if (r[5].size() > 0) ind->set_baseline(ParseNumeric(r[5].c_str()));
  ind->set_national_indicator_code(r[6].c_str());
  ind->set_due_date(r[7].c_str());
  ind->set_etag(FormatEtag(r[8].template as<int64_t>()));
  SetTimestamp(r[9].template as<int64_t>(), ind->mutable_create_time());
  SetTimestamp(r[10].template as<int64_t>(), ind->mutable_update_time());
  for (const auto& j : nlohmann::json::parse(static_cast<const char*>(r[11].c_str()))) {
    auto* res = ind->add_results();
    res->set_fiscal_year(FormatFiscalYear(j["fy"].get<int>()));
    res->set_actual_value(j["v"].get<double>());
    res->set_note(j["note"].get<std::string>());
    res->set_source(j["src"].get<std::string>() == "computed" ? v1::COMPUTED
                                                              : v1::ENTERED);
    SetTimestamp(j["t"].get<int64_t>(), res->mutable_record_time());
  }
  ind->set_computed(r[12].template as<bool>());
  for (absl::string_view part :
       absl::StrSplit(r[13].c_str(), ';', absl::SkipEmpty())) {
    std::pair<std::string, std::string> kv =
        absl::StrSplit(part, absl::MaxSplits('=', 1));
    (*ind->mutable_link_filter())[kv.first] = kv.second;
  }
}

std::string CanonicalFilter(const v1::Indicator& ind) {
  return CanonicalDimensions(std::map<std::string, std::string>(
      ind.link_filter().begin(), ind.link_filter().end()));
}

// The fiscal year now (Montréal): results are computed up to it.
int CurrentFiscalYear() {
  absl::TimeZone tz;
  if (!absl::LoadTimeZone("America/Montreal", &tz)) tz = absl::UTCTimeZone();
  absl::CivilDay today = absl::ToCivilDay(absl::Now(), tz);
  return FiscalYearOfDate(static_cast<int>(today.year()), today.month());
}

// Checks a computed indicator's link against the catalogue, in `tx`: the
// national indicator exists, is computed by a service with summaries, and
// has every dimension the filter names.
absl::Status CheckLink(storage::TenantTransaction& tx, const v1::Indicator& ind) {
  if (!ind.computed()) return absl::OkStatus();
  pqxx::result n = tx.work().exec_prepared(kNationalIndicator.name,
                                           ind.national_indicator_code());
  if (n.empty()) {
    return InvalidField("indicator.national_indicator_code",
                        "is not an indicator of the national catalogue");
  }
  std::string service = n[0][0].c_str();
  if (service != "events" && service != "directories") {
    return InvalidField("indicator.computed",
                        absl::StrCat("indicators of the ", service,
                                     " service cannot be computed into a plan"));
  }
  std::set<std::string> dims;
  for (absl::string_view d : absl::StrSplit(n[0][1].c_str(), ',', absl::SkipEmpty())) {
    dims.insert(std::string(d));
  }
  for (const auto& [key, value] : ind.link_filter()) {
    if (!dims.count(key)) {
      return InvalidField("indicator.link_filter",
                          absl::StrCat("\"", key, "\" is not a dimension of ",
                                       ind.national_indicator_code()));
    }
  }
  return absl::OkStatus();
}

std::string NumberText(double v) {
  char buf[64];
  std::snprintf(buf, sizeof(buf), "%.15g", v);
  return buf;
}

}  // namespace

// ---- Plans -----------------------------------------------------------------

absl::Status PlansLogic::CreatePlan(Call& c, const v1::CreatePlanRequest& r,
                                    v1::Plan* out) {
  Violations v;
  auto parent = ParseResourceName("parent", r.parent(), {"tenants"});
  v.Merge(parent.status());
  ValidatePlan(r.plan(), "plan", v);
  CheckResourceId(v, "plan_id", r.plan_id());
  CheckRequestId(v, r.request_id());
  POLES_RETURN_IF_ERROR(v.Status());
  const std::string tenant = (*parent)[0];
  POLES_RETURN_IF_ERROR(c.AuthorizeTenant(tenant));

  const v1::Plan& p = r.plan();
  const std::string id = r.plan_id().empty() ? NewResourceId() : r.plan_id();
  return CreateTenantResource(
      c, tenant, r,
      [&](storage::TenantTransaction& tx) -> absl::Status {
        pqxx::result rows = tx.work().exec_prepared(
            kPlanInsert.name, tenant, id, p.title(), p.description(),
            *ParseFiscalYear("", p.start_fiscal_year()),
            *ParseFiscalYear("", p.end_fiscal_year()),
            StatusText(p.status()), p.adoption_date());
        PlanFromRow(tenant, rows[0], out);
        return absl::OkStatus();
      },
      "a plan with this plan_id already exists", out);
}

absl::Status PlansLogic::GetPlan(Call& c, const v1::GetPlanRequest& r,
                                 v1::Plan* out) {
  return GetTenantResource(c, r.name(), "plans", kPlanGet.name, PlanFromRow<storage::Row>, out);
}

absl::Status PlansLogic::ListPlans(Call& c, const v1::ListPlansRequest& r,
                                   v1::ListPlansResponse* out) {
  Violations v;
  auto parent = ParseResourceName("parent", r.parent(), {"tenants"});
  v.Merge(parent.status());
  auto size = EffectivePageSize(r.page_size());
  v.Merge(size.status());
  if (!v1::Plan::Status_IsValid(r.status())) {
    v.Add("status", "is not a known status");
  }
  POLES_RETURN_IF_ERROR(v.Status());
  const std::string tenant = (*parent)[0];
  POLES_RETURN_IF_ERROR(c.AuthorizeTenant(tenant));
  std::string filter =
      r.status() == v1::Plan::STATUS_UNSPECIFIED ? "" : StatusText(r.status());
  POLES_ASSIGN_OR_RETURN(
      auto key, DecodePageToken(page_tokens_, r.page_token(), r.parent(), filter, 1));
  POLES_ASSIGN_OR_RETURN(
      auto rows, ReadTenant(c, tenant, kPlanList.name,
                            {tenant, key[0], filter, std::to_string(*size + 1)}));
  for (int i = 0; i < static_cast<int>(rows.size()) && i < *size; ++i) {
    PlanFromRow(tenant, rows[i], out->add_plans());
  }
  if (static_cast<int>(rows.size()) > *size) {
    out->set_next_page_token(page_tokens_.Encode(
        r.parent(), filter, {rows[*size - 1][0].c_str()}));
  }
  return absl::OkStatus();
}

absl::Status PlansLogic::UpdatePlan(Call& c, const v1::UpdatePlanRequest& r,
                                    v1::Plan* out) {
  POLES_ASSIGN_OR_RETURN(
      auto ids, ParseResourceName("plan.name", r.plan().name(), {"tenants", "plans"}));
  POLES_ASSIGN_OR_RETURN(
      auto paths,
      MaskPaths(r.update_mask(),
                {"title", "description", "start_fiscal_year", "end_fiscal_year",
                 "status", "adoption_date"},
                {"name", "create_time", "update_time", "etag"}));
  POLES_RETURN_IF_ERROR(c.AuthorizeTenant(ids[0]));
  const std::string& tenant = ids[0];
  return InTenantTransaction(c, tenant, [&](storage::TenantTransaction& tx)
                                            -> absl::Status {
    pqxx::result cur =
        tx.work().exec_prepared(kPlanGetForUpdate.name, tenant, ids[1]);
    if (cur.empty()) return NotFound(r.plan().name());
    v1::Plan merged;
    PlanFromRow(tenant, cur[0], &merged);
    POLES_RETURN_IF_ERROR(CheckEtag(r.plan().etag(), cur[0][7].as<int64_t>()));
    const v1::Plan& in = r.plan();
    if (HasPath(paths, "title")) merged.set_title(in.title());
    if (HasPath(paths, "description")) merged.set_description(in.description());
    if (HasPath(paths, "start_fiscal_year")) {
      merged.set_start_fiscal_year(in.start_fiscal_year());
    }
    if (HasPath(paths, "end_fiscal_year")) {
      merged.set_end_fiscal_year(in.end_fiscal_year());
    }
    if (HasPath(paths, "status")) {
      merged.set_status(in.status() == v1::Plan::STATUS_UNSPECIFIED
                            ? v1::Plan::DRAFT
                            : in.status());
    }
    if (HasPath(paths, "adoption_date")) merged.set_adoption_date(in.adoption_date());
    Violations v;
    ValidatePlan(merged, "plan", v);
    POLES_RETURN_IF_ERROR(v.Status());
    pqxx::result rows = tx.work().exec_prepared(
        kPlanUpdate.name, tenant, ids[1], merged.title(), merged.description(),
        *ParseFiscalYear("", merged.start_fiscal_year()),
        *ParseFiscalYear("", merged.end_fiscal_year()),
        StatusText(merged.status()), merged.adoption_date());
    PlanFromRow(tenant, rows[0], out);
    return WriteAudit(tx, c, out->name());
  });
}

absl::Status PlansLogic::DeletePlan(Call& c, const v1::DeletePlanRequest& r) {
  POLES_ASSIGN_OR_RETURN(
      auto ids, ParseResourceName("name", r.name(), {"tenants", "plans"}));
  POLES_RETURN_IF_ERROR(c.AuthorizeTenant(ids[0]));
  const std::string& tenant = ids[0];
  return InTenantTransaction(c, tenant, [&](storage::TenantTransaction& tx)
                                            -> absl::Status {
    pqxx::result cur =
        tx.work().exec_prepared(kPlanGetForUpdate.name, tenant, ids[1]);
    if (cur.empty()) return NotFound(r.name());
    POLES_RETURN_IF_ERROR(CheckEtag(r.etag(), cur[0][7].as<int64_t>()));
    if (!r.force()) {
      auto n = tx.work().exec_prepared(kPlanCountItems.name, tenant, ids[1]);
      if (n[0][0].as<long>() > 0) {
        return WithReason(
            absl::FailedPreconditionError(absl::StrCat(
                "the plan has ", n[0][0].as<long>(),
                " items; delete them first or set force")),
            "HAS_CHILDREN");
      }
    }
    tx.work().exec_prepared(kPlanDelete.name, tenant, ids[1]);
    return WriteAudit(tx, c, r.name());
  });
}

// ---- Items -----------------------------------------------------------------

absl::Status PlansLogic::CreatePlanItem(Call& c,
                                        const v1::CreatePlanItemRequest& r,
                                        v1::PlanItem* out) {
  Violations v;
  auto parent = ParseResourceName("parent", r.parent(), {"tenants", "plans"});
  v.Merge(parent.status());
  ValidatePlanItem(r.item(), "item", v);
  CheckResourceId(v, "item_id", r.item_id());
  std::string parent_item_id;
  if (parent.ok() && !r.item().parent_item().empty()) {
    auto p = ParseResourceName("item.parent_item", r.item().parent_item(),
                               {"tenants", "plans", "items"});
    if (!p.ok()) {
      v.Merge(p.status());
    } else if ((*p)[0] != (*parent)[0] || (*p)[1] != (*parent)[1]) {
      v.Add("item.parent_item", "must be an item of the same plan");
    } else {
      parent_item_id = (*p)[2];
    }
  }
  CheckRequestId(v, r.request_id());
  POLES_RETURN_IF_ERROR(v.Status());
  const std::string tenant = (*parent)[0];
  const std::string plan = (*parent)[1];
  POLES_RETURN_IF_ERROR(c.AuthorizeTenant(tenant));
  const v1::PlanItem& it = r.item();
  const std::string id = r.item_id().empty() ? NewResourceId() : r.item_id();
  return CreateTenantResource(
      c, tenant, r,
      [&](storage::TenantTransaction& tx) -> absl::Status {
        if (tx.work().exec_prepared(kPlanExists.name, tenant, plan).empty()) {
          return NotFound(r.parent());
        }
        if (!parent_item_id.empty() &&
            tx.work()
                .exec_prepared(kItemExists.name, tenant, plan, parent_item_id)
                .empty()) {
          return NotFound(it.parent_item());
        }
        nlohmann::json slots = nlohmann::json::array();
        for (const auto& s : it.schedule().slots()) {
          slots.push_back(SeasonSlotText(s));
        }
        pqxx::result rows = tx.work().exec_prepared(
            kItemInsert.name, tenant, plan, id, parent_item_id,
            KindText(it.kind()), it.code(), ItemSortKey(it.code(), id),
            it.title(), ListToJson(it.moyens()), ListToJson(it.responsables()),
            ListToJson(it.partners()), it.schedule().due_date(),
            it.schedule().continuous(), it.schedule().note(),
            it.has_budget() ? std::to_string(it.budget().cents()) : "",
            slots.dump(), it.budget_note());
        ItemFromRow(tenant, plan, rows[0], out);
        return absl::OkStatus();
      },
      "an item with this item_id or code already exists in the plan", out);
}

absl::Status PlansLogic::GetPlanItem(Call& c, const v1::GetPlanItemRequest& r,
                                     v1::PlanItem* out) {
  POLES_ASSIGN_OR_RETURN(
      auto ids,
      ParseResourceName("name", r.name(), {"tenants", "plans", "items"}));
  POLES_RETURN_IF_ERROR(c.AuthorizeTenant(ids[0]));
  POLES_ASSIGN_OR_RETURN(
      auto rows, ReadTenant(c, ids[0], kItemGet.name, {ids[0], ids[1], ids[2]}));
  if (rows.empty()) return NotFound(r.name());
  ItemFromRow(ids[0], ids[1], rows[0], out);
  return absl::OkStatus();
}

absl::Status PlansLogic::ListPlanItems(Call& c,
                                       const v1::ListPlanItemsRequest& r,
                                       v1::ListPlanItemsResponse* out) {
  Violations v;
  auto parent = ParseResourceName("parent", r.parent(), {"tenants", "plans"});
  v.Merge(parent.status());
  auto size = EffectivePageSize(r.page_size());
  v.Merge(size.status());
  if (!v1::PlanItem::Kind_IsValid(r.kind())) {
    v.Add("kind", "is not a known kind");
  }
  std::string parent_item_id;
  if (parent.ok() && !r.parent_item().empty()) {
    auto p = ParseResourceName("parent_item", r.parent_item(),
                               {"tenants", "plans", "items"});
    if (!p.ok()) {
      v.Merge(p.status());
    } else if ((*p)[0] != (*parent)[0] || (*p)[1] != (*parent)[1]) {
      v.Add("parent_item", "must be an item of the listed plan");
    } else {
      parent_item_id = (*p)[2];
    }
  }
  POLES_RETURN_IF_ERROR(v.Status());
  const std::string tenant = (*parent)[0];
  const std::string plan = (*parent)[1];
  POLES_RETURN_IF_ERROR(c.AuthorizeTenant(tenant));
  std::string kind = KindText(r.kind());
  std::string filter = absl::StrCat(kind, "|", parent_item_id);
  POLES_ASSIGN_OR_RETURN(
      auto key, DecodePageToken(page_tokens_, r.page_token(), r.parent(), filter, 1));
  POLES_ASSIGN_OR_RETURN(
      auto rows,
      ReadTenant(c, tenant, kItemList.name,
                 {tenant, plan, key[0], kind, parent_item_id,
                  std::to_string(*size + 1)}));
  for (int i = 0; i < static_cast<int>(rows.size()) && i < *size; ++i) {
    ItemFromRow(tenant, plan, rows[i], out->add_items());
  }
  if (static_cast<int>(rows.size()) > *size) {
    out->set_next_page_token(page_tokens_.Encode(
        r.parent(), filter, {rows[*size - 1][17].c_str()}));
  }
  return absl::OkStatus();
}

absl::Status PlansLogic::UpdatePlanItem(Call& c,
                                        const v1::UpdatePlanItemRequest& r,
                                        v1::PlanItem* out) {
  POLES_ASSIGN_OR_RETURN(auto ids,
                         ParseResourceName("item.name", r.item().name(),
                                           {"tenants", "plans", "items"}));
  POLES_ASSIGN_OR_RETURN(
      auto paths,
      MaskPaths(r.update_mask(),
                {"kind", "code", "title", "moyens", "responsables", "partners",
                 "schedule", "budget", "budget_note"},
                {"name", "parent_item", "create_time", "update_time", "etag"}));
  POLES_RETURN_IF_ERROR(c.AuthorizeTenant(ids[0]));
  const std::string& tenant = ids[0];
  return InTenantTransaction(
      c, tenant,
      [&](storage::TenantTransaction& tx) -> absl::Status {
        pqxx::result cur = tx.work().exec_prepared(
            kItemGetForUpdate.name, tenant, ids[1], ids[2]);
        if (cur.empty()) return NotFound(r.item().name());
        POLES_RETURN_IF_ERROR(
            CheckEtag(r.item().etag(), cur[0][14].as<int64_t>()));
        v1::PlanItem m;
        ItemFromRow(tenant, ids[1], cur[0], &m);
        const v1::PlanItem& in = r.item();
        if (HasPath(paths, "kind")) m.set_kind(in.kind());
        if (HasPath(paths, "code")) m.set_code(in.code());
        if (HasPath(paths, "title")) m.set_title(in.title());
        if (HasPath(paths, "moyens")) *m.mutable_moyens() = in.moyens();
        if (HasPath(paths, "responsables")) {
          *m.mutable_responsables() = in.responsables();
        }
        if (HasPath(paths, "partners")) *m.mutable_partners() = in.partners();
        if (HasPath(paths, "schedule")) *m.mutable_schedule() = in.schedule();
        if (HasPath(paths, "budget")) {
          if (in.has_budget()) {
            *m.mutable_budget() = in.budget();
          } else {
            m.clear_budget();
          }
        }
        if (HasPath(paths, "budget_note")) m.set_budget_note(in.budget_note());
        Violations v;
        ValidatePlanItem(m, "item", v);
        POLES_RETURN_IF_ERROR(v.Status());
        nlohmann::json slots = nlohmann::json::array();
        for (const auto& s : m.schedule().slots()) {
          slots.push_back(SeasonSlotText(s));
        }
        pqxx::result rows = tx.work().exec_prepared(
            kItemUpdate.name, tenant, ids[1], ids[2], KindText(m.kind()),
            m.code(), ItemSortKey(m.code(), ids[2]), m.title(),
            ListToJson(m.moyens()), ListToJson(m.responsables()),
            ListToJson(m.partners()), m.schedule().due_date(),
            m.schedule().continuous(), m.schedule().note(),
            m.has_budget() ? std::to_string(m.budget().cents()) : "",
            m.budget_note(), slots.dump());
        ItemFromRow(tenant, ids[1], rows[0], out);
        return WriteAudit(tx, c, out->name());
      },
      "another item of the plan already has this code");
}

absl::Status PlansLogic::DeletePlanItem(Call& c,
                                        const v1::DeletePlanItemRequest& r) {
  POLES_ASSIGN_OR_RETURN(
      auto ids,
      ParseResourceName("name", r.name(), {"tenants", "plans", "items"}));
  POLES_RETURN_IF_ERROR(c.AuthorizeTenant(ids[0]));
  const std::string& tenant = ids[0];
  return InTenantTransaction(c, tenant, [&](storage::TenantTransaction& tx)
                                            -> absl::Status {
    pqxx::result cur = tx.work().exec_prepared(kItemGetForUpdate.name, tenant,
                                               ids[1], ids[2]);
    if (cur.empty()) return NotFound(r.name());
    POLES_RETURN_IF_ERROR(CheckEtag(r.etag(), cur[0][14].as<int64_t>()));
    if (!r.force()) {
      auto n = tx.work().exec_prepared(kItemDependents.name, tenant, ids[1],
                                       ids[2]);
      if (n[0][0].as<long>() > 0) {
        return WithReason(
            absl::FailedPreconditionError(
                "the item has child items or indicators; delete them first "
                "or set force"),
            "HAS_CHILDREN");
      }
    }
    tx.work().exec_prepared(kItemDelete.name, tenant, ids[1], ids[2]);
    return WriteAudit(tx, c, r.name());
  });
}

// ---- Indicators ------------------------------------------------------------

absl::Status PlansLogic::CreateIndicator(Call& c,
                                         const v1::CreateIndicatorRequest& r,
                                         v1::Indicator* out) {
  Violations v;
  auto parent = ParseResourceName("parent", r.parent(),
                                  {"tenants", "plans", "items"});
  v.Merge(parent.status());
  ValidateIndicator(r.indicator(), "indicator", v);
  CheckResourceId(v, "indicator_id", r.indicator_id());
  CheckRequestId(v, r.request_id());
  POLES_RETURN_IF_ERROR(v.Status());
  const auto& ids = *parent;
  const std::string& tenant = ids[0];
  POLES_RETURN_IF_ERROR(c.AuthorizeTenant(tenant));
  const v1::Indicator& in = r.indicator();
  const std::string id = r.indicator_id().empty() ? NewResourceId() : r.indicator_id();
  return CreateTenantResource(
      c, tenant, r,
      [&](storage::TenantTransaction& tx) -> absl::Status {
        if (tx.work()
                .exec_prepared(kItemExists.name, tenant, ids[1], ids[2])
                .empty()) {
          return NotFound(r.parent());
        }
        POLES_RETURN_IF_ERROR(CheckLink(tx, in));
        tx.work().exec_prepared(
            kIndicatorInsert.name, tenant, ids[1], ids[2], id, in.description(),
            in.has_target() ? NumberText(in.target()) : "", in.unit(),
            in.has_baseline() ? NumberText(in.baseline()) : "",
            in.national_indicator_code(), in.due_date(), in.computed(),
            CanonicalFilter(in));
        pqxx::result rows = tx.work().exec_prepared(kIndicatorGet.name, tenant,
                                                    ids[1], ids[2], id);
        IndicatorFromRow(tenant, ids[1], rows[0], out);
        return absl::OkStatus();
      },
      "an indicator with this indicator_id already exists on the item", out);
}

absl::Status PlansLogic::GetIndicator(Call& c, const v1::GetIndicatorRequest& r,
                                      v1::Indicator* out) {
  POLES_ASSIGN_OR_RETURN(
      auto ids, ParseResourceName("name", r.name(),
                                  {"tenants", "plans", "items", "indicators"}));
  POLES_RETURN_IF_ERROR(c.AuthorizeTenant(ids[0]));
  POLES_ASSIGN_OR_RETURN(
      auto rows, ReadTenant(c, ids[0], kIndicatorGet.name,
                            {ids[0], ids[1], ids[2], ids[3]}));
  if (rows.empty()) return NotFound(r.name());
  IndicatorFromRow(ids[0], ids[1], rows[0], out);
  if (!out->computed()) return absl::OkStatus();
  POLES_ASSIGN_OR_RETURN(auto period, ReadTenant(c, ids[0], kPlanPeriod.name,
                                                 {ids[0], ids[1]}));
  if (period.empty()) return NotFound(r.name());
  return AddComputedResults(c, ids[0], period[0][0].as<int>(),
                            period[0][1].as<int>(), out);
}

absl::Status PlansLogic::AddComputedResults(Call& c, const std::string& tenant,
                                            int first_fy, int last_fy,
                                            v1::Indicator* ind) {
  POLES_ASSIGN_OR_RETURN(auto n, ReadTenant(c, tenant, kNationalIndicator.name,
                                            {ind->national_indicator_code()}));
  if (n.empty()) return absl::OkStatus();  // the catalogue lost it
  const std::string service = n[0][0].c_str();
  if (summaries_ == nullptr) {
    return absl::UnavailableError("computed results are not available here");
  }
  last_fy = std::min(last_fy, CurrentFiscalYear());
  for (int fy = first_fy; fy <= last_fy; ++fy) {
    v1::SummarizeRequest req;
    req.set_parent(absl::StrCat("tenants/", tenant));
    req.set_fiscal_year(FormatFiscalYear(fy));
    for (const auto& [key, value] : ind->link_filter()) req.add_dimensions(key);
    POLES_ASSIGN_OR_RETURN(
        v1::IndicatorSummary summary,
        summaries_->Summarize({c.deadline, c.authorization}, service, req));
    double value = 0;
    bool reported = false;
    for (const auto& v : summary.values()) {
      if (v.indicator() != ind->national_indicator_code()) continue;
      if (v.dimensions().size() != ind->link_filter().size()) continue;
      bool match = true;
      for (const auto& [key, want] : ind->link_filter()) {
        auto it = v.dimensions().find(key);
        match = match && it != v.dimensions().end() && it->second == want;
      }
      if (!match) continue;
      value = static_cast<double>(v.value());
      reported = v.provenance() == v1::PROVENANCE_REPORTED;
    }
    auto* res = ind->add_results();
    res->set_fiscal_year(FormatFiscalYear(fy));
    res->set_actual_value(value);
    res->set_source(v1::COMPUTED);
    res->set_note(absl::StrCat(reported ? "Déclaré par le Pôle" : "Calculé",
                               " — ", ind->national_indicator_code(),
                               " (service ", service, ")"));
  }
  return absl::OkStatus();
}

absl::Status PlansLogic::ListIndicators(Call& c,
                                        const v1::ListIndicatorsRequest& r,
                                        v1::ListIndicatorsResponse* out) {
  Violations v;
  auto parent = ParseResourceName("parent", r.parent(),
                                  {"tenants", "plans", "items"}, true);
  v.Merge(parent.status());
  auto size = EffectivePageSize(r.page_size());
  v.Merge(size.status());
  POLES_RETURN_IF_ERROR(v.Status());
  const auto& ids = *parent;
  POLES_RETURN_IF_ERROR(c.AuthorizeTenant(ids[0]));
  POLES_ASSIGN_OR_RETURN(
      auto key, DecodePageToken(page_tokens_, r.page_token(), r.parent(), "", 2));
  POLES_ASSIGN_OR_RETURN(
      auto rows, ReadTenant(c, ids[0], kIndicatorList.name,
                            {ids[0], ids[1], ids[2], key[0], key[1],
                             std::to_string(*size + 1)}));
  std::optional<storage::Rows> period;
  for (int i = 0; i < static_cast<int>(rows.size()) && i < *size; ++i) {
    v1::Indicator* ind = out->add_indicators();
    IndicatorFromRow(ids[0], ids[1], rows[i], ind);
    if (!ind->computed()) continue;
    if (!period) {
      POLES_ASSIGN_OR_RETURN(period, ReadTenant(c, ids[0], kPlanPeriod.name,
                                                {ids[0], ids[1]}));
    }
    if (period->empty()) continue;
    POLES_RETURN_IF_ERROR(AddComputedResults(
        c, ids[0], (*period)[0][0].as<int>(), (*period)[0][1].as<int>(), ind));
  }
  if (static_cast<int>(rows.size()) > *size) {
    const auto& last = rows[*size - 1];
    out->set_next_page_token(
        page_tokens_.Encode(r.parent(), "", {last[0].c_str(), last[1].c_str()}));
  }
  return absl::OkStatus();
}

absl::Status PlansLogic::UpdateIndicator(Call& c,
                                         const v1::UpdateIndicatorRequest& r,
                                         v1::Indicator* out) {
  POLES_ASSIGN_OR_RETURN(
      auto ids,
      ParseResourceName("indicator.name", r.indicator().name(),
                        {"tenants", "plans", "items", "indicators"}));
  POLES_ASSIGN_OR_RETURN(
      auto paths,
      MaskPaths(r.update_mask(),
                {"description", "target", "unit", "baseline",
                 "national_indicator_code", "due_date", "computed",
                 "link_filter"},
                {"name", "results", "create_time", "update_time", "etag"}));
  POLES_RETURN_IF_ERROR(c.AuthorizeTenant(ids[0]));
  const std::string& tenant = ids[0];
  return InTenantTransaction(c, tenant, [&](storage::TenantTransaction& tx)
                                            -> absl::Status {
    pqxx::result cur = tx.work().exec_prepared(kIndicatorLock.name, tenant,
                                               ids[1], ids[2], ids[3]);
    if (cur.empty()) return NotFound(r.indicator().name());
    POLES_RETURN_IF_ERROR(
        CheckEtag(r.indicator().etag(), cur[0][8].as<int64_t>()));
    v1::Indicator m;
    IndicatorFromRow(tenant, ids[1], cur[0], &m);
    const v1::Indicator& in = r.indicator();
    if (HasPath(paths, "description")) m.set_description(in.description());
    if (HasPath(paths, "target")) {
      if (in.has_target()) m.set_target(in.target()); else m.clear_target();
    }
    if (HasPath(paths, "unit")) m.set_unit(in.unit());
    if (HasPath(paths, "baseline")) {
      if (in.has_baseline()) m.set_baseline(in.baseline()); else m.clear_baseline();
    }
    if (HasPath(paths, "national_indicator_code")) {
      m.set_national_indicator_code(in.national_indicator_code());
    }
    if (HasPath(paths, "due_date")) m.set_due_date(in.due_date());
    if (HasPath(paths, "computed")) m.set_computed(in.computed());
    if (HasPath(paths, "link_filter")) *m.mutable_link_filter() = in.link_filter();
    m.clear_results();
    Violations v;
    ValidateIndicator(m, "indicator", v);
    POLES_RETURN_IF_ERROR(v.Status());
    POLES_RETURN_IF_ERROR(CheckLink(tx, m));
    tx.work().exec_prepared(
        kIndicatorUpdate.name, tenant, ids[1], ids[2], ids[3], m.description(),
        m.has_target() ? NumberText(m.target()) : "", m.unit(),
        m.has_baseline() ? NumberText(m.baseline()) : "",
        m.national_indicator_code(), m.due_date(), m.computed(),
        CanonicalFilter(m));
    pqxx::result rows = tx.work().exec_prepared(kIndicatorGet.name, tenant,
                                                ids[1], ids[2], ids[3]);
    IndicatorFromRow(tenant, ids[1], rows[0], out);
    return WriteAudit(tx, c, out->name());
  });
}

absl::Status PlansLogic::DeleteIndicator(Call& c,
                                         const v1::DeleteIndicatorRequest& r) {
  POLES_ASSIGN_OR_RETURN(
      auto ids, ParseResourceName("name", r.name(),
                                  {"tenants", "plans", "items", "indicators"}));
  POLES_RETURN_IF_ERROR(c.AuthorizeTenant(ids[0]));
  const std::string& tenant = ids[0];
  return InTenantTransaction(c, tenant, [&](storage::TenantTransaction& tx)
                                            -> absl::Status {
    pqxx::result cur = tx.work().exec_prepared(kIndicatorLock.name, tenant,
                                               ids[1], ids[2], ids[3]);
    if (cur.empty()) return NotFound(r.name());
    POLES_RETURN_IF_ERROR(CheckEtag(r.etag(), cur[0][8].as<int64_t>()));
    tx.work().exec_prepared(kIndicatorDelete.name, tenant, ids[1], ids[2],
                            ids[3]);
    return WriteAudit(tx, c, r.name());
  });
}

absl::Status PlansLogic::RecordIndicatorResult(
    Call& c, const v1::RecordIndicatorResultRequest& r, v1::Indicator* out) {
  Violations v;
  auto name = ParseResourceName("indicator", r.indicator(),
                                {"tenants", "plans", "items", "indicators"});
  v.Merge(name.status());
  ValidateResult(r.result(), "result", v);
  POLES_RETURN_IF_ERROR(v.Status());
  const auto& ids = *name;
  const std::string& tenant = ids[0];
  POLES_RETURN_IF_ERROR(c.AuthorizeTenant(tenant));
  const int fy = *ParseFiscalYear("", r.result().fiscal_year());
  return InTenantTransaction(c, tenant, [&](storage::TenantTransaction& tx)
                                            -> absl::Status {
    pqxx::result cur = tx.work().exec_prepared(kIndicatorLock.name, tenant,
                                               ids[1], ids[2], ids[3]);
    if (cur.empty()) return NotFound(r.indicator());
    POLES_RETURN_IF_ERROR(CheckEtag(r.etag(), cur[0][8].as<int64_t>()));
    if (cur[0][12].as<bool>()) {
      return WithReason(
          absl::FailedPreconditionError(
              "the indicator's results are computed from the records; "
              "unset computed to enter them by hand"),
          "COMPUTED_INDICATOR");
    }
    tx.work().exec_prepared(kResultUpsert.name, tenant, ids[1], ids[2], ids[3],
                            fy, NumberText(r.result().actual_value()),
                            r.result().note());
    tx.work().exec_prepared(kIndicatorTouch.name, tenant, ids[1], ids[2],
                            ids[3]);
    pqxx::result rows = tx.work().exec_prepared(kIndicatorGet.name, tenant,
                                                ids[1], ids[2], ids[3]);
    IndicatorFromRow(tenant, ids[1], rows[0], out);
    return WriteAudit(tx, c, r.indicator());
  });
}

absl::Status PlansLogic::GetPlanProgress(Call& c,
                                         const v1::GetPlanProgressRequest& r,
                                         v1::PlanProgress* out) {
  Violations v;
  auto ids = ParseResourceName("name", r.name(), {"tenants", "plans"});
  v.Merge(ids.status());
  int fy = -1;
  if (!r.fiscal_year().empty()) {
    auto parsed = ParseFiscalYear("fiscal_year", r.fiscal_year());
    v.Merge(parsed.status());
    if (parsed.ok()) fy = *parsed;
  }
  POLES_RETURN_IF_ERROR(v.Status());
  POLES_RETURN_IF_ERROR(c.AuthorizeTenant((*ids)[0]));
  POLES_ASSIGN_OR_RETURN(
      auto rows, ReadTenant(c, (*ids)[0], kProgress.name,
                            {(*ids)[0], (*ids)[1], std::to_string(fy)}));
  if (rows.empty() || rows[0][0].as<long>() == 0) return NotFound(r.name());
  const auto& row = rows[0];
  out->set_plan(r.name());
  out->set_fiscal_year(r.fiscal_year());
  out->set_indicator_count(row[1].as<int>());
  out->set_measurable_count(row[2].as<int>());
  out->set_measured_count(row[3].as<int>());
  out->set_achieved_count(row[4].as<int>());
  out->set_entered_count(row[5].as<int>());
  // Computed indicators: their value for the year asked, or for the latest
  // year of the plan that has begun.
  POLES_ASSIGN_OR_RETURN(
      auto computed, ReadTenant(c, (*ids)[0], kComputedWithTarget.name,
                                {(*ids)[0], (*ids)[1]}));
  const int start_fy = row[7].as<int>();
  const int end_fy = std::min(row[8].as<int>(), CurrentFiscalYear());
  const int year = fy >= 0 ? fy : end_fy;
  int computed_count = 0;
  for (const auto& crow : computed) {
    if (year < start_fy) break;
    v1::Indicator ind;
    IndicatorFromRow((*ids)[0], (*ids)[1], crow, &ind);
    ind.clear_results();
    POLES_RETURN_IF_ERROR(AddComputedResults(c, (*ids)[0], year, year, &ind));
    if (ind.results_size() == 0) continue;
    ++computed_count;
    if (ind.results(0).actual_value() >= ind.target()) {
      out->set_achieved_count(out->achieved_count() + 1);
    }
  }
  out->set_measured_count(out->measured_count() + computed_count);
  out->set_computed_count(computed_count);
  out->set_achieved_share(out->measurable_count() == 0
                              ? 0.0
                              : static_cast<double>(out->achieved_count()) /
                                    out->measurable_count());
  return absl::OkStatus();
}

}  // namespace poles::plans
