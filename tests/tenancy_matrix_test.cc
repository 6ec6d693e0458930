// Two tenants, every plans RPC: what tenant A created cannot be read,
// listed, updated or deleted from tenant B, whether B names A's resources
// (PERMISSION_DENIED) or looks for A's ids under its own tenant (NOT_FOUND).
#include <functional>

#include <google/protobuf/util/message_differencer.h>

#include "tests/test_env.h"

namespace poles::testing {
namespace {

struct World {
  TestTenant a, b;
  v1::Plan plan;
  v1::PlanItem item;
  v1::Indicator indicator;
};

World Build() {
  World w;
  w.a = NewTenant("ta");
  w.b = NewTenant("tb");
  auto stub = Plans();
  v1::CreatePlanRequest cp;
  cp.set_parent(w.a.parent());
  cp.set_plan_id("secret-plan");
  cp.mutable_plan()->set_title("Plan confidentiel de A");
  cp.mutable_plan()->set_start_fiscal_year("2018-2019");
  cp.mutable_plan()->set_end_fiscal_year("2018-2019");
  EXPECT_TRUE(stub->CreatePlan(Ctx(w.a.editor_key).get(), cp, &w.plan).ok());
  v1::CreatePlanItemRequest ci;
  ci.set_parent(w.plan.name());
  ci.set_item_id("1-1-1");
  ci.mutable_item()->set_kind(v1::PlanItem::ACTION);
  ci.mutable_item()->set_code("1.1.1");
  ci.mutable_item()->set_title("Action de A");
  EXPECT_TRUE(stub->CreatePlanItem(Ctx(w.a.editor_key).get(), ci, &w.item).ok());
  v1::CreateIndicatorRequest cn;
  cn.set_parent(w.item.name());
  cn.set_indicator_id("1");
  cn.mutable_indicator()->set_description("80 membres");
  cn.mutable_indicator()->set_target(80);
  EXPECT_TRUE(stub->CreateIndicator(Ctx(w.a.editor_key).get(), cn, &w.indicator).ok());
  return w;
}

// Replaces A's tenant in a name by B's.
std::string AsB(const World& w, const std::string& name) {
  std::string out = name;
  out.replace(0, w.a.parent().size(), w.b.parent());
  return out;
}

using Rpc = std::function<grpc::Status(v1::PlansService::Stub&, const std::string& key,
                                       const std::function<std::string(const std::string&)>& n)>;

// Every PlansService method, given a way to map A's names.
std::vector<std::pair<std::string, Rpc>> AllRpcs(const World& w) {
  std::vector<std::pair<std::string, Rpc>> rpcs;
  auto add = [&](const std::string& name, Rpc rpc) { rpcs.emplace_back(name, rpc); };
  add("CreatePlan", [&](auto& s, auto& k, auto& n) {
    v1::CreatePlanRequest r;
    r.set_parent(n(w.a.parent()));
    r.mutable_plan()->set_title("intrus");
    r.mutable_plan()->set_start_fiscal_year("2018-2019");
    r.mutable_plan()->set_end_fiscal_year("2018-2019");
    v1::Plan o;
    return s.CreatePlan(Ctx(k).get(), r, &o);
  });
  add("GetPlan", [&](auto& s, auto& k, auto& n) {
    v1::GetPlanRequest r;
    r.set_name(n(w.plan.name()));
    v1::Plan o;
    return s.GetPlan(Ctx(k).get(), r, &o);
  });
  add("ListPlans", [&](auto& s, auto& k, auto& n) {
    v1::ListPlansRequest r;
    r.set_parent(n(w.a.parent()));
    v1::ListPlansResponse o;
    auto st = s.ListPlans(Ctx(k).get(), r, &o);
    // Listing one's own tenant succeeds but must not show A's plan.
    if (st.ok() && o.plans_size() > 0) return grpc::Status(grpc::StatusCode::INTERNAL, "leak");
    return st.ok() ? grpc::Status(grpc::StatusCode::NOT_FOUND, "empty") : st;
  });
  add("UpdatePlan", [&](auto& s, auto& k, auto& n) {
    v1::UpdatePlanRequest r;
    r.mutable_plan()->set_name(n(w.plan.name()));
    r.mutable_plan()->set_title("piraté");
    r.mutable_update_mask()->add_paths("title");
    v1::Plan o;
    return s.UpdatePlan(Ctx(k).get(), r, &o);
  });
  add("DeletePlan", [&](auto& s, auto& k, auto& n) {
    v1::DeletePlanRequest r;
    r.set_name(n(w.plan.name()));
    r.set_force(true);
    google::protobuf::Empty o;
    return s.DeletePlan(Ctx(k).get(), r, &o);
  });
  add("CreatePlanItem", [&](auto& s, auto& k, auto& n) {
    v1::CreatePlanItemRequest r;
    r.set_parent(n(w.plan.name()));
    r.mutable_item()->set_kind(v1::PlanItem::ACTION);
    r.mutable_item()->set_title("intrus");
    v1::PlanItem o;
    return s.CreatePlanItem(Ctx(k).get(), r, &o);
  });
  add("GetPlanItem", [&](auto& s, auto& k, auto& n) {
    v1::GetPlanItemRequest r;
    r.set_name(n(w.item.name()));
    v1::PlanItem o;
    return s.GetPlanItem(Ctx(k).get(), r, &o);
  });
  add("ListPlanItems", [&](auto& s, auto& k, auto& n) {
    v1::ListPlanItemsRequest r;
    r.set_parent(n(w.plan.name()));
    v1::ListPlanItemsResponse o;
    auto st = s.ListPlanItems(Ctx(k).get(), r, &o);
    if (st.ok() && o.items_size() > 0) return grpc::Status(grpc::StatusCode::INTERNAL, "leak");
    return st.ok() ? grpc::Status(grpc::StatusCode::NOT_FOUND, "empty") : st;
  });
  add("UpdatePlanItem", [&](auto& s, auto& k, auto& n) {
    v1::UpdatePlanItemRequest r;
    r.mutable_item()->set_name(n(w.item.name()));
    r.mutable_item()->set_title("piraté");
    r.mutable_update_mask()->add_paths("title");
    v1::PlanItem o;
    return s.UpdatePlanItem(Ctx(k).get(), r, &o);
  });
  add("DeletePlanItem", [&](auto& s, auto& k, auto& n) {
    v1::DeletePlanItemRequest r;
    r.set_name(n(w.item.name()));
    r.set_force(true);
    google::protobuf::Empty o;
    return s.DeletePlanItem(Ctx(k).get(), r, &o);
  });
  add("CreateIndicator", [&](auto& s, auto& k, auto& n) {
    v1::CreateIndicatorRequest r;
    r.set_parent(n(w.item.name()));
    r.mutable_indicator()->set_description("intrus");
    v1::Indicator o;
    return s.CreateIndicator(Ctx(k).get(), r, &o);
  });
  add("GetIndicator", [&](auto& s, auto& k, auto& n) {
    v1::GetIndicatorRequest r;
    r.set_name(n(w.indicator.name()));
    v1::Indicator o;
    return s.GetIndicator(Ctx(k).get(), r, &o);
  });
  add("ListIndicators", [&](auto& s, auto& k, auto& n) {
    v1::ListIndicatorsRequest r;
    r.set_parent(n(w.plan.name() + "/items/-"));
    v1::ListIndicatorsResponse o;
    auto st = s.ListIndicators(Ctx(k).get(), r, &o);
    if (st.ok() && o.indicators_size() > 0) return grpc::Status(grpc::StatusCode::INTERNAL, "leak");
    return st.ok() ? grpc::Status(grpc::StatusCode::NOT_FOUND, "empty") : st;
  });
  add("UpdateIndicator", [&](auto& s, auto& k, auto& n) {
    v1::UpdateIndicatorRequest r;
    r.mutable_indicator()->set_name(n(w.indicator.name()));
    r.mutable_indicator()->set_target(1);
    r.mutable_update_mask()->add_paths("target");
    v1::Indicator o;
    return s.UpdateIndicator(Ctx(k).get(), r, &o);
  });
  add("DeleteIndicator", [&](auto& s, auto& k, auto& n) {
    v1::DeleteIndicatorRequest r;
    r.set_name(n(w.indicator.name()));
    google::protobuf::Empty o;
    return s.DeleteIndicator(Ctx(k).get(), r, &o);
  });
  add("RecordIndicatorResult", [&](auto& s, auto& k, auto& n) {
    v1::RecordIndicatorResultRequest r;
    r.set_indicator(n(w.indicator.name()));
    r.mutable_result()->set_fiscal_year("2018-2019");
    r.mutable_result()->set_actual_value(99);
    v1::Indicator o;
    return s.RecordIndicatorResult(Ctx(k).get(), r, &o);
  });
  add("GetPlanProgress", [&](auto& s, auto& k, auto& n) {
    v1::GetPlanProgressRequest r;
    r.set_name(n(w.plan.name()));
    v1::PlanProgress o;
    return s.GetPlanProgress(Ctx(k).get(), r, &o);
  });
  return rpcs;
}

// A's data, read back by A: must be identical before and after B's attempts.
std::string Snapshot(const World& w) {
  auto stub = Plans();
  std::string out;
  v1::Plan p;
  v1::GetPlanRequest gp;
  gp.set_name(w.plan.name());
  EXPECT_TRUE(stub->GetPlan(Ctx(w.a.viewer_key).get(), gp, &p).ok());
  out += p.SerializeAsString();
  v1::ListPlanItemsRequest li;
  li.set_parent(w.plan.name());
  v1::ListPlanItemsResponse items;
  EXPECT_TRUE(stub->ListPlanItems(Ctx(w.a.viewer_key).get(), li, &items).ok());
  out += items.SerializeAsString();
  v1::ListIndicatorsRequest ln;
  ln.set_parent(w.plan.name() + "/items/-");
  v1::ListIndicatorsResponse inds;
  EXPECT_TRUE(stub->ListIndicators(Ctx(w.a.viewer_key).get(), ln, &inds).ok());
  out += inds.SerializeAsString();
  return out;
}

TEST(TenancyMatrixTest, EveryRpcCoveredByTheMatrix) {
  World w = Build();
  const auto* service = v1::PlansService::service_full_name();
  const auto* desc =
      google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(service);
  ASSERT_NE(desc, nullptr);
  auto rpcs = AllRpcs(w);
  std::set<std::string> covered;
  for (const auto& [name, rpc] : rpcs) covered.insert(name);
  for (int i = 0; i < desc->method_count(); ++i) {
    EXPECT_TRUE(covered.count(desc->method(i)->name())) << desc->method(i)->name();
  }
}

TEST(TenancyMatrixTest, TenantBCannotReachTenantAsResourcesByName) {
  World w = Build();
  std::string before = Snapshot(w);
  auto stub = Plans();
  auto same = [](const std::string& n) { return n; };
  for (const auto& [name, rpc] : AllRpcs(w)) {
    for (const std::string& key : {w.b.editor_key, w.b.viewer_key}) {
      grpc::Status s = rpc(*stub, key, same);
      EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED)
          << name << ": " << s.error_message();
      // The message never echoes A's data.
      EXPECT_EQ(s.error_message().find("confidentiel"), std::string::npos);
    }
  }
  EXPECT_EQ(Snapshot(w), before);
}

TEST(TenancyMatrixTest, TenantBFindsNothingOfAUnderItsOwnTenant) {
  World w = Build();
  std::string before = Snapshot(w);
  auto stub = Plans();
  auto as_b = [&](const std::string& n) { return AsB(w, n); };
  for (const auto& [name, rpc] : AllRpcs(w)) {
    if (name == "CreatePlan") continue;  // creating in B is B's right
    grpc::Status s = rpc(*stub, w.b.editor_key, as_b);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::NOT_FOUND)
        << name << ": " << s.error_message();
  }
  EXPECT_EQ(Snapshot(w), before);
}

TEST(TenancyMatrixTest, PlatformRolesReachNoTenantData) {
  World w = Build();
  auto stub = Plans();
  auto same = [](const std::string& n) { return n; };
  for (const auto& [name, rpc] : AllRpcs(w)) {
    grpc::Status s = rpc(*stub, AdminKey(), same);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED) << name;
  }
}

}  // namespace
}  // namespace poles::testing
