#include "services/plans/items.h"

#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "services/common/mutation.h"
#include "services/common/resource_name.h"
#include "services/common/sql_values.h"
#include "services/common/standard_methods.h"
#include "services/common/status_macros.h"
#include "services/common/validation.h"
#include "services/plans/items_queries.h"
#include "services/plans/plans_queries.h"
#include "services/plans/plans_rows.h"
#include "services/plans/plans_validation.h"

namespace poles::plans {

absl::Status PlanItems::Create(Call& c, const v1::CreatePlanItemRequest& r,
                               v1::PlanItem* out) const {
  Violations v;
  auto parent = ParseResourceName("parent", r.parent(), {"tenants", "plans"});
  v.Merge(parent.status());
  ValidatePlanItem(r.item(), "item", v);
  std::vector<std::string> body_ids;
  if (parent.ok()) {
    CheckResponsibleBodies(r.item(), "item", (*parent)[0], v, &body_ids);
  }
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
            slots.dump(), it.budget_note(), ListToJson(body_ids));
        ItemFromRow(tenant, plan, rows[0], out);
        return absl::OkStatus();
      },
      "an item with this item_id or code already exists in the plan", out);
}

absl::Status PlanItems::Get(Call& c, const v1::GetPlanItemRequest& r,
                            v1::PlanItem* out) const {
  POLES_ASSIGN_OR_RETURN(
      auto ids,
      ParseResourceName("name", r.name(), {"tenants", "plans", "items"}));
  POLES_RETURN_IF_ERROR(c.AuthorizeTenant(ids[0]));
  POLES_ASSIGN_OR_RETURN(auto rows, ReadTenant(c, ids[0], kItemGet.name,
                                               {ids[0], ids[1], ids[2]}));
  if (rows.empty()) return NotFound(r.name());
  ItemFromRow(ids[0], ids[1], rows[0], out);
  return absl::OkStatus();
}

absl::Status PlanItems::List(Call& c, const v1::ListPlanItemsRequest& r,
                             v1::ListPlanItemsResponse* out) const {
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
  std::string body_id;
  if (parent.ok() && !r.responsible_body().empty()) {
    auto b = ParseResourceName("responsible_body", r.responsible_body(),
                               {"tenants", "bodies"});
    if (!b.ok()) {
      v.Merge(b.status());
    } else if ((*b)[0] != (*parent)[0]) {
      v.Add("responsible_body", "must be a body of the listed plan's tenant");
    } else {
      body_id = (*b)[1];
    }
  }
  POLES_RETURN_IF_ERROR(v.Status());
  const std::string tenant = (*parent)[0];
  const std::string plan = (*parent)[1];
  POLES_RETURN_IF_ERROR(c.AuthorizeTenant(tenant));
  std::string kind = KindText(r.kind());
  std::string filter = absl::StrCat(kind, "|", parent_item_id, "|", body_id);
  POLES_ASSIGN_OR_RETURN(auto key, DecodePageToken(page_tokens_, r.page_token(),
                                                   r.parent(), filter, 1));
  POLES_ASSIGN_OR_RETURN(auto rows,
                         ReadTenant(c, tenant, kItemList.name,
                                    {tenant, plan, key[0], kind, parent_item_id,
                                     std::to_string(*size + 1), body_id}));
  for (int i = 0; i < static_cast<int>(rows.size()) && i < *size; ++i) {
    ItemFromRow(tenant, plan, rows[i], out->add_items());
  }
  if (static_cast<int>(rows.size()) > *size) {
    out->set_next_page_token(page_tokens_.Encode(
        r.parent(), filter, {rows[*size - 1]["sort_key"].c_str()}));
  }
  return absl::OkStatus();
}

absl::Status PlanItems::Update(Call& c, const v1::UpdatePlanItemRequest& r,
                               v1::PlanItem* out) const {
  POLES_ASSIGN_OR_RETURN(auto ids,
                         ParseResourceName("item.name", r.item().name(),
                                           {"tenants", "plans", "items"}));
  POLES_ASSIGN_OR_RETURN(
      auto paths,
      MaskPaths(r.update_mask(),
                {"kind", "code", "title", "moyens", "responsables", "partners",
                 "schedule", "budget", "budget_note", "responsible_bodies"},
                {"name", "parent_item", "create_time", "update_time", "etag"}));
  POLES_RETURN_IF_ERROR(c.AuthorizeTenant(ids[0]));
  const std::string& tenant = ids[0];
  return InTenantTransaction(
      c, tenant,
      [&](storage::TenantTransaction& tx) -> absl::Status {
        pqxx::result cur = tx.work().exec_prepared(kItemGetForUpdate.name,
                                                   tenant, ids[1], ids[2]);
        if (cur.empty()) return NotFound(r.item().name());
        POLES_RETURN_IF_ERROR(
            CheckEtag(r.item().etag(), cur[0]["version"].as<int64_t>()));
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
        if (HasPath(paths, "responsible_bodies")) {
          *m.mutable_responsible_bodies() = in.responsible_bodies();
        }
        Violations v;
        ValidatePlanItem(m, "item", v);
        std::vector<std::string> body_ids;
        CheckResponsibleBodies(m, "item", tenant, v, &body_ids);
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
            m.budget_note(), slots.dump(), ListToJson(body_ids));
        ItemFromRow(tenant, ids[1], rows[0], out);
        return WriteAudit(tx, c, out->name());
      },
      "another item of the plan already has this code");
}

absl::Status PlanItems::Delete(Call& c,
                               const v1::DeletePlanItemRequest& r) const {
  POLES_ASSIGN_OR_RETURN(
      auto ids,
      ParseResourceName("name", r.name(), {"tenants", "plans", "items"}));
  POLES_RETURN_IF_ERROR(c.AuthorizeTenant(ids[0]));
  const std::string& tenant = ids[0];
  return InTenantTransaction(
      c, tenant, [&](storage::TenantTransaction& tx) -> absl::Status {
        pqxx::result cur = tx.work().exec_prepared(kItemGetForUpdate.name,
                                                   tenant, ids[1], ids[2]);
        if (cur.empty()) return NotFound(r.name());
        POLES_RETURN_IF_ERROR(
            CheckEtag(r.etag(), cur[0]["version"].as<int64_t>()));
        if (!r.force()) {
          auto n = tx.work().exec_prepared(kItemDependents.name, tenant, ids[1],
                                           ids[2]);
          if (n[0]["dependents"].as<long>() > 0) {
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

}  // namespace poles::plans
