#include "services/plans/indicators.h"

#include <optional>
#include <set>

#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "services/common/mutation.h"
#include "services/common/resource_name.h"
#include "services/common/standard_methods.h"
#include "services/common/status_macros.h"
#include "services/common/time_zone.h"
#include "services/common/validation.h"
#include "services/plans/computed.h"
#include "services/plans/indicators_queries.h"
#include "services/plans/items_queries.h"
#include "services/plans/plans_queries.h"
#include "services/plans/plans_rows.h"
#include "services/plans/plans_validation.h"

namespace poles::plans {

namespace {

// Checks a computed indicator's link against the catalogue, in `tx`: the
// national indicator exists, is computed by a service with summaries, and
// has every dimension the filter names.
absl::Status CheckLink(storage::TenantTransaction& tx,
                       const v1::Indicator& ind) {
  if (!ind.computed()) return absl::OkStatus();
  pqxx::result n = tx.work().exec_prepared(kNationalIndicator.name,
                                           ind.national_indicator_code());
  if (n.empty()) {
    return InvalidField("indicator.national_indicator_code",
                        "is not an indicator of the national catalogue");
  }
  std::string service = n[0]["service"].c_str();
  if (service != "events" && service != "directories") {
    return InvalidField(
        "indicator.computed",
        absl::StrCat("indicators of the ", service,
                     " service cannot be computed into a plan"));
  }
  std::set<std::string> dims;
  for (absl::string_view d :
       absl::StrSplit(n[0]["dimensions"].c_str(), ',', absl::SkipEmpty())) {
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

}  // namespace

int CurrentFiscalYear() {
  absl::CivilDay today = absl::ToCivilDay(absl::Now(), MontrealTimeZone());
  return FiscalYearOfDate(static_cast<int>(today.year()), today.month());
}

ComputedSummaries CallersSummaries(const Call& c, SummaryStub* stub,
                                   const std::string& tenant) {
  SummaryCallOptions caller;
  caller.deadline = c.deadline;
  caller.authorization = c.authorization;
  return ComputedSummaries(stub, std::move(caller), tenant);
}

absl::Status ReadComputedResults(Call& c, ComputedSummaries& summaries,
                                 const std::string& tenant, int first_fy,
                                 int last_fy, int current_fy,
                                 v1::Indicator* ind) {
  POLES_ASSIGN_OR_RETURN(auto n, ReadTenant(c, tenant, kNationalIndicator.name,
                                            {ind->national_indicator_code()}));
  if (n.empty()) return absl::OkStatus();  // the catalogue lost it
  return AddComputedResults(summaries, n[0]["service"].c_str(), first_fy,
                            last_fy, current_fy, ind);
}

absl::Status Indicators::Create(Call& c, const v1::CreateIndicatorRequest& r,
                                v1::Indicator* out) const {
  Violations v;
  auto parent =
      ParseResourceName("parent", r.parent(), {"tenants", "plans", "items"});
  v.Merge(parent.status());
  ValidateIndicator(r.indicator(), "indicator", v);
  CheckResourceId(v, "indicator_id", r.indicator_id());
  CheckRequestId(v, r.request_id());
  POLES_RETURN_IF_ERROR(v.Status());
  const auto& ids = *parent;
  const std::string& tenant = ids[0];
  POLES_RETURN_IF_ERROR(c.AuthorizeTenant(tenant));
  const v1::Indicator& in = r.indicator();
  const std::string id =
      r.indicator_id().empty() ? NewResourceId() : r.indicator_id();
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
            CanonicalFilter(in), in.due_note());
        pqxx::result rows = tx.work().exec_prepared(kIndicatorGet.name, tenant,
                                                    ids[1], ids[2], id);
        IndicatorFromRow(tenant, ids[1], rows[0], out);
        return absl::OkStatus();
      },
      "an indicator with this indicator_id already exists on the item", out);
}

absl::Status Indicators::Get(Call& c, const v1::GetIndicatorRequest& r,
                             v1::Indicator* out) const {
  POLES_ASSIGN_OR_RETURN(
      auto ids, ParseResourceName("name", r.name(),
                                  {"tenants", "plans", "items", "indicators"}));
  POLES_RETURN_IF_ERROR(c.AuthorizeTenant(ids[0]));
  POLES_ASSIGN_OR_RETURN(auto rows,
                         ReadTenant(c, ids[0], kIndicatorGet.name,
                                    {ids[0], ids[1], ids[2], ids[3]}));
  if (rows.empty()) return NotFound(r.name());
  IndicatorFromRow(ids[0], ids[1], rows[0], out);
  if (!out->computed()) return absl::OkStatus();
  POLES_ASSIGN_OR_RETURN(
      auto period, ReadTenant(c, ids[0], kPlanPeriod.name, {ids[0], ids[1]}));
  if (period.empty()) return NotFound(r.name());
  ComputedSummaries summaries = CallersSummaries(c, summaries_, ids[0]);
  return ReadComputedResults(
      c, summaries, ids[0], period[0]["start_fy"].as<int>(),
      period[0]["end_fy"].as<int>(), CurrentFiscalYear(), out);
}

absl::Status Indicators::List(Call& c, const v1::ListIndicatorsRequest& r,
                              v1::ListIndicatorsResponse* out) const {
  Violations v;
  auto parent = ParseResourceName("parent", r.parent(),
                                  {"tenants", "plans", "items"}, true);
  v.Merge(parent.status());
  auto size = EffectivePageSize(r.page_size());
  v.Merge(size.status());
  POLES_RETURN_IF_ERROR(v.Status());
  const auto& ids = *parent;
  POLES_RETURN_IF_ERROR(c.AuthorizeTenant(ids[0]));
  POLES_ASSIGN_OR_RETURN(auto key, DecodePageToken(page_tokens_, r.page_token(),
                                                   r.parent(), "", 2));
  POLES_ASSIGN_OR_RETURN(auto rows,
                         ReadTenant(c, ids[0], kIndicatorList.name,
                                    {ids[0], ids[1], ids[2], key[0], key[1],
                                     std::to_string(*size + 1)}));
  std::optional<storage::Rows> period;
  ComputedSummaries summaries = CallersSummaries(c, summaries_, ids[0]);
  for (int i = 0; i < static_cast<int>(rows.size()) && i < *size; ++i) {
    v1::Indicator* ind = out->add_indicators();
    IndicatorFromRow(ids[0], ids[1], rows[i], ind);
    if (!ind->computed()) continue;
    if (!period) {
      POLES_ASSIGN_OR_RETURN(
          period, ReadTenant(c, ids[0], kPlanPeriod.name, {ids[0], ids[1]}));
    }
    if (period->empty()) continue;
    POLES_RETURN_IF_ERROR(ReadComputedResults(
        c, summaries, ids[0], (*period)[0]["start_fy"].as<int>(),
        (*period)[0]["end_fy"].as<int>(), CurrentFiscalYear(), ind));
  }
  if (static_cast<int>(rows.size()) > *size) {
    const auto& last = rows[*size - 1];
    out->set_next_page_token(page_tokens_.Encode(
        r.parent(), "",
        {last["item_id"].c_str(), last["indicator_id"].c_str()}));
  }
  return absl::OkStatus();
}

absl::Status Indicators::Update(Call& c, const v1::UpdateIndicatorRequest& r,
                                v1::Indicator* out) const {
  POLES_ASSIGN_OR_RETURN(
      auto ids, ParseResourceName("indicator.name", r.indicator().name(),
                                  {"tenants", "plans", "items", "indicators"}));
  POLES_ASSIGN_OR_RETURN(
      auto paths,
      MaskPaths(r.update_mask(),
                {"description", "target", "unit", "baseline",
                 "national_indicator_code", "due_date", "due_note", "computed",
                 "link_filter"},
                {"name", "results", "create_time", "update_time", "etag"}));
  POLES_RETURN_IF_ERROR(c.AuthorizeTenant(ids[0]));
  const std::string& tenant = ids[0];
  return InTenantTransaction(
      c, tenant, [&](storage::TenantTransaction& tx) -> absl::Status {
        pqxx::result cur = tx.work().exec_prepared(kIndicatorLock.name, tenant,
                                                   ids[1], ids[2], ids[3]);
        if (cur.empty()) return NotFound(r.indicator().name());
        POLES_RETURN_IF_ERROR(
            CheckEtag(r.indicator().etag(), cur[0]["version"].as<int64_t>()));
        v1::Indicator m;
        IndicatorFromRow(tenant, ids[1], cur[0], &m);
        const v1::Indicator& in = r.indicator();
        if (HasPath(paths, "description")) m.set_description(in.description());
        if (HasPath(paths, "target")) {
          if (in.has_target())
            m.set_target(in.target());
          else
            m.clear_target();
        }
        if (HasPath(paths, "unit")) m.set_unit(in.unit());
        if (HasPath(paths, "baseline")) {
          if (in.has_baseline())
            m.set_baseline(in.baseline());
          else
            m.clear_baseline();
        }
        if (HasPath(paths, "national_indicator_code")) {
          m.set_national_indicator_code(in.national_indicator_code());
        }
        if (HasPath(paths, "due_date")) m.set_due_date(in.due_date());
        if (HasPath(paths, "due_note")) m.set_due_note(in.due_note());
        if (HasPath(paths, "computed")) m.set_computed(in.computed());
        if (HasPath(paths, "link_filter"))
          *m.mutable_link_filter() = in.link_filter();
        m.clear_results();
        Violations v;
        ValidateIndicator(m, "indicator", v);
        POLES_RETURN_IF_ERROR(v.Status());
        POLES_RETURN_IF_ERROR(CheckLink(tx, m));
        tx.work().exec_prepared(
            kIndicatorUpdate.name, tenant, ids[1], ids[2], ids[3],
            m.description(), m.has_target() ? NumberText(m.target()) : "",
            m.unit(), m.has_baseline() ? NumberText(m.baseline()) : "",
            m.national_indicator_code(), m.due_date(), m.computed(),
            CanonicalFilter(m), m.due_note());
        pqxx::result rows = tx.work().exec_prepared(kIndicatorGet.name, tenant,
                                                    ids[1], ids[2], ids[3]);
        IndicatorFromRow(tenant, ids[1], rows[0], out);
        return WriteAudit(tx, c, out->name());
      });
}

absl::Status Indicators::Delete(Call& c,
                                const v1::DeleteIndicatorRequest& r) const {
  POLES_ASSIGN_OR_RETURN(
      auto ids, ParseResourceName("name", r.name(),
                                  {"tenants", "plans", "items", "indicators"}));
  POLES_RETURN_IF_ERROR(c.AuthorizeTenant(ids[0]));
  const std::string& tenant = ids[0];
  return InTenantTransaction(
      c, tenant, [&](storage::TenantTransaction& tx) -> absl::Status {
        pqxx::result cur = tx.work().exec_prepared(kIndicatorLock.name, tenant,
                                                   ids[1], ids[2], ids[3]);
        if (cur.empty()) return NotFound(r.name());
        POLES_RETURN_IF_ERROR(
            CheckEtag(r.etag(), cur[0]["version"].as<int64_t>()));
        tx.work().exec_prepared(kIndicatorDelete.name, tenant, ids[1], ids[2],
                                ids[3]);
        return WriteAudit(tx, c, r.name());
      });
}

}  // namespace poles::plans
