#include "cli/plan_import.h"

#include "absl/strings/str_cat.h"
#include "poles/v1/plans.grpc.pb.h"
#include "services/common/errors.h"
#include "services/common/resource_name.h"
#include "services/common/status_macros.h"
#include "services/plans/plans_validation.h"

namespace poles::cli {

absl::StatusOr<ImportSummary> ImportPlan(
    const std::shared_ptr<grpc::Channel>& channel, const std::string& key,
    const PlanFile& f, const std::string& tenant_override, bool dry_run,
    const std::function<void(size_t, size_t)>& progress,
    std::chrono::milliseconds timeout) {
  const std::string tenant =
      tenant_override.empty() ? f.tenant : tenant_override;
  Violations v;
  if (!IsValidTenantSlug(tenant)) v.Add("tenant", "is not a tenant slug");
  if (!IsValidResourceId(f.plan_id))
    v.Add("plan.plan_id", "is not a resource id");
  plans::ValidatePlan(f.plan, "plan", v);
  ImportSummary summary;
  for (size_t i = 0; i < f.items.size(); ++i) {
    const auto& item = f.items[i];
    std::string where = absl::StrCat("items[", i, "]");
    if (!IsValidResourceId(item.item_id))
      v.Add(where + ".item_id", "is not a resource id");
    plans::ValidatePlanItem(item.item, where, v);
    for (size_t k = 0; k < item.responsible_body_ids.size(); ++k) {
      if (!IsValidResourceId(item.responsible_body_ids[k])) {
        v.Add(absl::StrCat(where, ".responsible_bodies[", k, "]"),
              "is not a body id");
      }
    }
    for (size_t k = 0; k < item.indicators.size(); ++k) {
      plans::ValidateIndicator(item.indicators[k].second,
                               absl::StrCat(where, ".indicators[", k, "]"), v);
      ++summary.indicators;
    }
  }
  POLES_RETURN_IF_ERROR(v.Status());
  summary.items = f.items.size();
  const std::string parent = "tenants/" + tenant;
  summary.plan_name = parent + "/plans/" + f.plan_id;
  summary.dry_run = dry_run;
  if (dry_run) return summary;

  auto stub = v1::PlansService::NewStub(channel);
  auto ctx = [&]() {
    auto c = std::make_unique<grpc::ClientContext>();
    c->set_deadline(std::chrono::system_clock::now() + timeout);
    c->AddMetadata("authorization", "Bearer " + key);
    return c;
  };
  {
    v1::GetPlanRequest get;
    get.set_name(summary.plan_name);
    v1::Plan existing;
    grpc::Status s = stub->GetPlan(ctx().get(), get, &existing);
    if (s.ok()) {
      summary.already_present = true;
      return summary;
    }
    if (s.error_code() != grpc::StatusCode::NOT_FOUND) return FromGrpcStatus(s);
  }
  const std::string rid = absl::StrCat("import:", tenant, ":", f.plan_id);
  auto rollback = [&](const grpc::Status& cause, const std::string& what) {
    v1::DeletePlanRequest del;
    del.set_name(summary.plan_name);
    del.set_force(true);
    google::protobuf::Empty e;
    (void)stub->DeletePlan(ctx().get(), del, &e);
    absl::Status st = FromGrpcStatus(cause);
    return absl::Status(st.code(),
                        absl::StrCat(what, ": ", st.message(),
                                     " (the plan was removed again)"));
  };
  {
    v1::CreatePlanRequest req;
    req.set_parent(parent);
    req.set_plan_id(f.plan_id);
    *req.mutable_plan() = f.plan;
    req.set_request_id(rid);
    v1::Plan out;
    if (auto s = stub->CreatePlan(ctx().get(), req, &out); !s.ok()) {
      return FromGrpcStatus(s);
    }
  }
  size_t done = 0;
  for (const auto& item : f.items) {
    v1::CreatePlanItemRequest req;
    req.set_parent(summary.plan_name);
    req.set_item_id(item.item_id);
    *req.mutable_item() = item.item;
    if (!item.parent_item_id.empty()) {
      req.mutable_item()->set_parent_item(summary.plan_name + "/items/" +
                                          item.parent_item_id);
    }
    for (const std::string& body : item.responsible_body_ids) {
      req.mutable_item()->add_responsible_bodies(parent + "/bodies/" + body);
    }
    req.set_request_id(absl::StrCat(rid, ":", item.item_id));
    v1::PlanItem out;
    if (auto s = stub->CreatePlanItem(ctx().get(), req, &out); !s.ok()) {
      return rollback(s, "item " + item.item_id);
    }
    for (const auto& [id, ind] : item.indicators) {
      v1::CreateIndicatorRequest ireq;
      ireq.set_parent(out.name());
      ireq.set_indicator_id(id);
      *ireq.mutable_indicator() = ind;
      ireq.set_request_id(absl::StrCat(rid, ":", item.item_id, ":", id));
      v1::Indicator iout;
      if (auto s = stub->CreateIndicator(ctx().get(), ireq, &iout); !s.ok()) {
        return rollback(s, absl::StrCat("indicator ", item.item_id, "/", id));
      }
    }
    ++done;
    if (progress) progress(done, f.items.size());
  }
  return summary;
}

}  // namespace poles::cli
