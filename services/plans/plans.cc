#include "services/plans/plans.h"

#include <optional>
#include <vector>

#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "services/common/mutation.h"
#include "services/common/resource_name.h"
#include "services/common/standard_methods.h"
#include "services/common/status_macros.h"
#include "services/common/validation.h"
#include "services/plans/indicators.h"
#include "services/plans/indicators_queries.h"
#include "services/plans/plans_queries.h"
#include "services/plans/plans_rows.h"
#include "services/plans/plans_validation.h"
#include "services/plans/progress.h"

namespace poles::plans {

absl::Status Plans::Create(Call& c, const v1::CreatePlanRequest& r,
                           v1::Plan* out) const {
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
            *ParseFiscalYear("", p.end_fiscal_year()), StatusText(p.status()),
            p.adoption_date(), ListToJson(p.notes()));
        PlanFromRow(tenant, rows[0], out);
        return absl::OkStatus();
      },
      "a plan with this plan_id already exists", out);
}

absl::Status Plans::Get(Call& c, const v1::GetPlanRequest& r,
                        v1::Plan* out) const {
  return GetTenantResource(c, r.name(), "plans", kPlanGet.name,
                           PlanFromRow<storage::Row>, out);
}

absl::Status Plans::List(Call& c, const v1::ListPlansRequest& r,
                         v1::ListPlansResponse* out) const {
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
  POLES_ASSIGN_OR_RETURN(auto key, DecodePageToken(page_tokens_, r.page_token(),
                                                   r.parent(), filter, 1));
  POLES_ASSIGN_OR_RETURN(auto rows, ReadTenant(c, tenant, kPlanList.name,
                                               {tenant, key[0], filter,
                                                std::to_string(*size + 1)}));
  for (int i = 0; i < static_cast<int>(rows.size()) && i < *size; ++i) {
    PlanFromRow(tenant, rows[i], out->add_plans());
  }
  if (static_cast<int>(rows.size()) > *size) {
    out->set_next_page_token(page_tokens_.Encode(
        r.parent(), filter, {rows[*size - 1]["plan_id"].c_str()}));
  }
  return absl::OkStatus();
}

absl::Status Plans::Update(Call& c, const v1::UpdatePlanRequest& r,
                           v1::Plan* out) const {
  POLES_ASSIGN_OR_RETURN(
      auto ids,
      ParseResourceName("plan.name", r.plan().name(), {"tenants", "plans"}));
  POLES_ASSIGN_OR_RETURN(
      auto paths,
      MaskPaths(r.update_mask(),
                {"title", "description", "start_fiscal_year", "end_fiscal_year",
                 "status", "adoption_date", "notes"},
                {"name", "create_time", "update_time", "etag"}));
  POLES_RETURN_IF_ERROR(c.AuthorizeTenant(ids[0]));
  const std::string& tenant = ids[0];
  return InTenantTransaction(
      c, tenant, [&](storage::TenantTransaction& tx) -> absl::Status {
        pqxx::result cur =
            tx.work().exec_prepared(kPlanGetForUpdate.name, tenant, ids[1]);
        if (cur.empty()) return NotFound(r.plan().name());
        v1::Plan merged;
        PlanFromRow(tenant, cur[0], &merged);
        POLES_RETURN_IF_ERROR(
            CheckEtag(r.plan().etag(), cur[0]["version"].as<int64_t>()));
        const v1::Plan& in = r.plan();
        if (HasPath(paths, "title")) merged.set_title(in.title());
        if (HasPath(paths, "description"))
          merged.set_description(in.description());
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
        if (HasPath(paths, "adoption_date"))
          merged.set_adoption_date(in.adoption_date());
        if (HasPath(paths, "notes")) *merged.mutable_notes() = in.notes();
        Violations v;
        ValidatePlan(merged, "plan", v);
        POLES_RETURN_IF_ERROR(v.Status());
        pqxx::result rows = tx.work().exec_prepared(
            kPlanUpdate.name, tenant, ids[1], merged.title(),
            merged.description(),
            *ParseFiscalYear("", merged.start_fiscal_year()),
            *ParseFiscalYear("", merged.end_fiscal_year()),
            StatusText(merged.status()), merged.adoption_date(),
            ListToJson(merged.notes()));
        PlanFromRow(tenant, rows[0], out);
        return WriteAudit(tx, c, out->name());
      });
}

absl::Status Plans::Delete(Call& c, const v1::DeletePlanRequest& r) const {
  POLES_ASSIGN_OR_RETURN(
      auto ids, ParseResourceName("name", r.name(), {"tenants", "plans"}));
  POLES_RETURN_IF_ERROR(c.AuthorizeTenant(ids[0]));
  const std::string& tenant = ids[0];
  return InTenantTransaction(
      c, tenant, [&](storage::TenantTransaction& tx) -> absl::Status {
        pqxx::result cur =
            tx.work().exec_prepared(kPlanGetForUpdate.name, tenant, ids[1]);
        if (cur.empty()) return NotFound(r.name());
        POLES_RETURN_IF_ERROR(
            CheckEtag(r.etag(), cur[0]["version"].as<int64_t>()));
        if (!r.force()) {
          auto n =
              tx.work().exec_prepared(kPlanCountItems.name, tenant, ids[1]);
          const long items = n[0]["items"].as<long>();
          if (items > 0) {
            return WithReason(absl::FailedPreconditionError(absl::StrCat(
                                  "the plan has ", items,
                                  " items; delete them first or set force")),
                              "HAS_CHILDREN");
          }
        }
        tx.work().exec_prepared(kPlanDelete.name, tenant, ids[1]);
        return WriteAudit(tx, c, r.name());
      });
}

absl::Status Plans::Progress(Call& c, const v1::GetPlanProgressRequest& r,
                             v1::PlanProgress* out) const {
  Violations v;
  auto ids = ParseResourceName("name", r.name(), {"tenants", "plans"});
  v.Merge(ids.status());
  std::optional<int> fy;
  if (!r.fiscal_year().empty()) {
    auto parsed = ParseFiscalYear("fiscal_year", r.fiscal_year());
    v.Merge(parsed.status());
    if (parsed.ok()) fy = *parsed;
  }
  POLES_RETURN_IF_ERROR(v.Status());
  const std::string& tenant = (*ids)[0];
  const std::string& plan = (*ids)[1];
  POLES_RETURN_IF_ERROR(c.AuthorizeTenant(tenant));
  POLES_ASSIGN_OR_RETURN(
      auto rows, ReadTenant(c, tenant, kProgress.name,
                            {tenant, plan, std::to_string(fy ? *fy : -1)}));
  if (rows.empty() || rows[0]["plans"].as<long>() == 0)
    return NotFound(r.name());
  const auto& row = rows[0];
  EnteredProgress entered;
  entered.indicators = row["indicators"].as<int>();
  entered.measurable = row["measurable"].as<int>();
  entered.measured = row["measured"].as<int>();
  entered.achieved = row["achieved"].as<int>();
  entered.entered = row["entered"].as<int>();

  POLES_ASSIGN_OR_RETURN(
      auto computed,
      ReadTenant(c, tenant, kComputedWithTarget.name, {tenant, plan}));
  std::vector<ComputedMeasure> measures;
  const int current_fy = CurrentFiscalYear();
  const std::optional<int> year = ComputedProgressYear(
      fy, row["start_fy"].as<int>(), row["end_fy"].as<int>(), current_fy);
  ComputedSummaries summaries = CallersSummaries(c, summaries_, tenant);
  for (const auto& crow : computed) {
    if (!year) break;
    v1::Indicator ind;
    IndicatorFromRow(tenant, plan, crow, &ind);
    ind.clear_results();
    POLES_RETURN_IF_ERROR(ReadComputedResults(c, summaries, tenant, *year,
                                              *year, current_fy, &ind));
    if (ind.results_size() == 0) continue;
    measures.push_back({ind.results(0).actual_value(), ind.target()});
  }
  out->set_plan(r.name());
  out->set_fiscal_year(r.fiscal_year());
  FillPlanProgress(entered, measures, out);
  return absl::OkStatus();
}

}  // namespace poles::plans
