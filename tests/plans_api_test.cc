// The plans API end to end: standard methods, pagination, update masks,
// etags, idempotency, progress, and bad input that changes nothing.
#include <thread>

#include <google/protobuf/util/message_differencer.h>
#include <pqxx/pqxx>

#include "tests/test_env.h"

namespace poles::testing {
namespace {

using ::google::protobuf::util::MessageDifferencer;
using ::testing::ElementsAre;

class PlansApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    t_ = NewTenant("plans");
    stub_ = Plans();
  }

  v1::Plan CreatePlan(const std::string& id,
                      const std::string& title = "Plan d'action 2018-2019") {
    v1::CreatePlanRequest req;
    req.set_parent(t_.parent());
    req.set_plan_id(id);
    req.mutable_plan()->set_title(title);
    req.mutable_plan()->set_start_fiscal_year("2018-2019");
    req.mutable_plan()->set_end_fiscal_year("2018-2019");
    v1::Plan out;
    auto s = stub_->CreatePlan(Ctx(t_.editor_key).get(), req, &out);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return out;
  }

  v1::PlanItem CreateItem(const std::string& plan, const std::string& id,
                          const std::string& code, v1::PlanItem::Kind kind,
                          const std::string& parent = "") {
    v1::CreatePlanItemRequest req;
    req.set_parent(plan);
    req.set_item_id(id);
    req.mutable_item()->set_kind(kind);
    req.mutable_item()->set_code(code);
    req.mutable_item()->set_title("Élément " + code);
    req.mutable_item()->set_parent_item(parent);
    v1::PlanItem out;
    auto s = stub_->CreatePlanItem(Ctx(t_.editor_key).get(), req, &out);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return out;
  }

  int AuditRows() {
    pqxx::connection c(SuperuserUrl());
    pqxx::work w(c);
    return w
        .exec_params(
            "SELECT count(*) FROM poles.audit_log WHERE tenant_id = $1",
            t_.slug)[0][0]
        .as<int>();
  }

  int PlanRows() {
    pqxx::connection c(SuperuserUrl());
    pqxx::work w(c);
    return w
        .exec_params(
            "SELECT (SELECT count(*) FROM poles.plans WHERE tenant_id = $1) + "
            "(SELECT count(*) FROM poles.plan_items WHERE tenant_id = $1) + "
            "(SELECT count(*) FROM poles.plan_indicators WHERE tenant_id = $1)",
            t_.slug)[0][0]
        .as<int>();
  }

  TestTenant t_;
  std::unique_ptr<v1::PlansService::Stub> stub_;
};

TEST_F(PlansApiTest, CreateGetUpdateDeleteAPlan) {
  v1::Plan p =
      CreatePlan("pa-2018", "Plan d'action — Économie sociale 2018-2019");
  EXPECT_EQ(p.name(), t_.parent() + "/plans/pa-2018");
  EXPECT_EQ(p.status(), v1::Plan::DRAFT);
  EXPECT_FALSE(p.etag().empty());

  v1::GetPlanRequest get;
  get.set_name(p.name());
  v1::Plan got;
  ASSERT_TRUE(stub_->GetPlan(Ctx(t_.viewer_key).get(), get, &got).ok());
  EXPECT_TRUE(MessageDifferencer::Equals(p, got));

  v1::UpdatePlanRequest up;
  up.mutable_plan()->set_name(p.name());
  up.mutable_plan()->set_status(v1::Plan::ADOPTED);
  up.mutable_plan()->set_adoption_date("2018-06-14");
  up.mutable_plan()->set_title("ignored: not in the mask");
  up.mutable_plan()->set_etag(p.etag());
  up.mutable_update_mask()->add_paths("status");
  up.mutable_update_mask()->add_paths("adoption_date");
  up.mutable_update_mask()->add_paths("create_time");  // output only: ignored
  v1::Plan updated;
  ASSERT_TRUE(stub_->UpdatePlan(Ctx(t_.editor_key).get(), up, &updated).ok());
  EXPECT_EQ(updated.status(), v1::Plan::ADOPTED);
  EXPECT_EQ(updated.adoption_date(), "2018-06-14");
  EXPECT_EQ(updated.title(), p.title());
  EXPECT_NE(updated.etag(), p.etag());

  // The old etag is stale now: ABORTED, nothing changes.
  up.mutable_update_mask()->Clear();
  up.mutable_update_mask()->add_paths("title");
  v1::Plan ignored;
  EXPECT_THAT(S(stub_->UpdatePlan(Ctx(t_.editor_key).get(), up, &ignored)),
              StatusIs(absl::StatusCode::kAborted));
  ASSERT_TRUE(stub_->GetPlan(Ctx(t_.viewer_key).get(), get, &got).ok());
  EXPECT_EQ(got.title(), p.title());

  v1::DeletePlanRequest del;
  del.set_name(p.name());
  google::protobuf::Empty e;
  ASSERT_TRUE(stub_->DeletePlan(Ctx(t_.editor_key).get(), del, &e).ok());
  EXPECT_THAT(S(stub_->GetPlan(Ctx(t_.viewer_key).get(), get, &got)),
              StatusIs(absl::StatusCode::kNotFound));
}

TEST_F(PlansApiTest, EveryMutationWritesOneAuditRow) {
  int before = AuditRows();
  v1::Plan p = CreatePlan("audited");
  CreateItem(p.name(), "1", "1", v1::PlanItem::OBJECTIVE);
  EXPECT_EQ(AuditRows(), before + 2);
  pqxx::connection c(SuperuserUrl());
  pqxx::work w(c);
  auto r = w.exec_params(
      "SELECT action, resource FROM poles.audit_log WHERE tenant_id = $1 "
      "ORDER BY audit_id DESC LIMIT 1",
      t_.slug);
  EXPECT_STREQ(r[0][0].c_str(), "PlansService/CreatePlanItem");
  EXPECT_EQ(std::string(r[0][1].c_str()), p.name() + "/items/1");
}

TEST_F(PlansApiTest, ItemsFormATreeListedInCodeOrder) {
  v1::Plan p = CreatePlan("tree");
  auto o1 = CreateItem(p.name(), "1", "1", v1::PlanItem::OBJECTIVE);
  auto s12 = CreateItem(p.name(), "1-10", "1.10", v1::PlanItem::SUB_OBJECTIVE,
                        o1.name());
  auto s11 = CreateItem(p.name(), "1-9", "1.9", v1::PlanItem::SUB_OBJECTIVE,
                        o1.name());
  CreateItem(p.name(), "1-9-1", "1.9.1", v1::PlanItem::ACTION, s11.name());

  v1::ListPlanItemsRequest list;
  list.set_parent(p.name());
  v1::ListPlanItemsResponse resp;
  ASSERT_TRUE(stub_->ListPlanItems(Ctx(t_.viewer_key).get(), list, &resp).ok());
  std::vector<std::string> codes;
  for (const auto& it : resp.items()) codes.push_back(it.code());
  EXPECT_THAT(codes, ElementsAre("1", "1.9", "1.9.1", "1.10"));

  list.set_parent_item(o1.name());
  resp.Clear();
  ASSERT_TRUE(stub_->ListPlanItems(Ctx(t_.viewer_key).get(), list, &resp).ok());
  EXPECT_EQ(resp.items_size(), 2);

  // A parent with children is not deleted without force.
  v1::DeletePlanItemRequest del;
  del.set_name(o1.name());
  google::protobuf::Empty e;
  EXPECT_THAT(S(stub_->DeletePlanItem(Ctx(t_.editor_key).get(), del, &e)),
              StatusIs(absl::StatusCode::kFailedPrecondition));
  del.set_force(true);
  ASSERT_TRUE(stub_->DeletePlanItem(Ctx(t_.editor_key).get(), del, &e).ok());
  list.clear_parent_item();
  resp.Clear();
  ASSERT_TRUE(stub_->ListPlanItems(Ctx(t_.viewer_key).get(), list, &resp).ok());
  EXPECT_EQ(resp.items_size(), 0);
  (void)s12;
}

// An item's responsible bodies are the tenant's bodies by name: checked for
// shape, tenant and repetition, changed by the mask, listed by the filter.
TEST_F(PlansApiTest, ResponsibleBodiesAreBodiesOfTheTenant) {
  v1::Plan plan = CreatePlan("resp");
  v1::PlanItem item = CreateItem(plan.name(), "a", "1", v1::PlanItem::ACTION);
  CreateItem(plan.name(), "b", "2", v1::PlanItem::ACTION);
  const std::string comm = t_.parent() + "/bodies/comite-communications";
  v1::UpdatePlanItemRequest up;
  up.mutable_item()->set_name(item.name());
  up.mutable_item()->add_responsables("Comité des communications");
  up.mutable_item()->add_responsible_bodies(comm);
  up.mutable_update_mask()->add_paths("responsables");
  up.mutable_update_mask()->add_paths("responsible_bodies");
  v1::PlanItem out;
  ASSERT_THAT(S(stub_->UpdatePlanItem(Ctx(t_.editor_key).get(), up, &out)),
              IsOk());
  EXPECT_THAT(out.responsible_bodies(), ElementsAre(comm));

  v1::ListPlanItemsRequest list;
  list.set_parent(plan.name());
  list.set_responsible_body(comm);
  v1::ListPlanItemsResponse items;
  ASSERT_THAT(S(stub_->ListPlanItems(Ctx(t_.viewer_key).get(), list, &items)),
              IsOk());
  ASSERT_EQ(items.items_size(), 1);
  EXPECT_EQ(items.items(0).name(), item.name());
  list.set_responsible_body("tenants/autre-pole/bodies/comite-communications");
  EXPECT_THAT(S(stub_->ListPlanItems(Ctx(t_.viewer_key).get(), list, &items)),
              InvalidFieldIs("responsible_body"));

  for (const std::string& bad :
       {std::string("tenants/autre-pole/bodies/comite-communications"),
        t_.parent() + "/events/comite-communications", comm}) {
    v1::UpdatePlanItemRequest r = up;
    r.mutable_item()->clear_responsible_bodies();
    r.mutable_item()->add_responsible_bodies(comm);
    if (bad != comm) r.mutable_item()->clear_responsible_bodies();
    r.mutable_item()->add_responsible_bodies(bad);
    const std::string field = bad == comm ? "item.responsible_bodies[1]"
                                          : "item.responsible_bodies[0]";
    EXPECT_THAT(S(stub_->UpdatePlanItem(Ctx(t_.editor_key).get(), r, &out)),
                InvalidFieldIs(field))
        << bad;
  }
  v1::CreatePlanItemRequest create;
  create.set_parent(plan.name());
  create.mutable_item()->set_kind(v1::PlanItem::ACTION);
  create.mutable_item()->set_title("Intrus");
  create.mutable_item()->add_responsible_bodies(
      "tenants/autre-pole/bodies/comite-communications");
  EXPECT_THAT(S(stub_->CreatePlanItem(Ctx(t_.editor_key).get(), create, &out)),
              InvalidFieldIs("item.responsible_bodies[0]"));
  v1::GetPlanItemRequest get;
  get.set_name(item.name());
  ASSERT_THAT(S(stub_->GetPlanItem(Ctx(t_.viewer_key).get(), get, &out)),
              IsOk());
  EXPECT_THAT(out.responsible_bodies(), ElementsAre(comm));
}

TEST_F(PlansApiTest, PaginationWalksEveryRowOnceWithOpaqueBoundTokens) {
  for (int i = 0; i < 7; ++i) CreatePlan("page-" + std::to_string(i));
  std::vector<std::string> seen;
  std::string token;
  int pages = 0;
  do {
    v1::ListPlansRequest req;
    req.set_parent(t_.parent());
    req.set_page_size(3);
    req.set_page_token(token);
    v1::ListPlansResponse resp;
    ASSERT_TRUE(stub_->ListPlans(Ctx(t_.viewer_key).get(), req, &resp).ok());
    for (const auto& p : resp.plans()) seen.push_back(p.name());
    token = resp.next_page_token();
    ++pages;
    if (!token.empty()) {
      // The token belongs to this listing: another filter is refused.
      req.set_page_token(token);
      req.set_status(v1::Plan::ADOPTED);
      EXPECT_THAT(S(stub_->ListPlans(Ctx(t_.viewer_key).get(), req, &resp)),
                  InvalidFieldIs("page_token"));
    }
  } while (!token.empty());
  EXPECT_EQ(pages, 3);
  ASSERT_EQ(seen.size(), 7u);
  EXPECT_TRUE(std::is_sorted(seen.begin(), seen.end()));
  EXPECT_EQ(std::set<std::string>(seen.begin(), seen.end()).size(), 7u);
}

TEST_F(PlansApiTest,
       ReplayedRequestIdReturnsTheFirstResponseAndCreatesNothing) {
  v1::CreatePlanRequest req;
  req.set_parent(t_.parent());
  req.mutable_plan()->set_title("Idempotent");
  req.mutable_plan()->set_start_fiscal_year("2019-2020");
  req.mutable_plan()->set_end_fiscal_year("2021-2022");
  req.set_request_id("6f1c1a52-1b7e-4c1e-9a55-0d1f0c6b9a01");
  v1::Plan first, second;
  ASSERT_TRUE(stub_->CreatePlan(Ctx(t_.editor_key).get(), req, &first).ok());
  int rows = PlanRows();
  ASSERT_TRUE(stub_->CreatePlan(Ctx(t_.editor_key).get(), req, &second).ok());
  EXPECT_TRUE(MessageDifferencer::Equals(first, second));
  EXPECT_EQ(PlanRows(), rows);
  // The same id with another request is a client error.
  req.mutable_plan()->set_title("Autre chose");
  EXPECT_THAT(S(stub_->CreatePlan(Ctx(t_.editor_key).get(), req, &second)),
              InvalidFieldIs("request_id"));
  EXPECT_EQ(PlanRows(), rows);
}

TEST_F(PlansApiTest, BadInputIsAClearErrorAndWritesNothing) {
  v1::Plan p = CreatePlan("bad-input");
  int rows = PlanRows();
  int audits = AuditRows();
  auto editor = [&] { return Ctx(t_.editor_key); };
  v1::Plan plan_out;
  v1::PlanItem item_out;
  v1::Indicator ind_out;

  {  // malformed names
    v1::GetPlanRequest r;
    for (const char* bad : {"", "tenants", "plans/x", "tenants/Bad/plans/x",
                            "tenants/ab/plans/x/y"}) {
      r.set_name(bad);
      EXPECT_THAT(S(stub_->GetPlan(Ctx(t_.viewer_key).get(), r, &plan_out)),
                  InvalidFieldIs("name"))
          << bad;
    }
  }
  {  // negative page size, forged token
    v1::ListPlansRequest r;
    r.set_parent(t_.parent());
    r.set_page_size(-1);
    v1::ListPlansResponse resp;
    EXPECT_THAT(S(stub_->ListPlans(Ctx(t_.viewer_key).get(), r, &resp)),
                InvalidFieldIs("page_size"));
    r.set_page_size(0);
    r.set_page_token("eyJsYXN0IjoienoifQ");
    EXPECT_THAT(S(stub_->ListPlans(Ctx(t_.viewer_key).get(), r, &resp)),
                InvalidFieldIs("page_token"));
  }
  {  // invalid plan: every field named
    v1::CreatePlanRequest r;
    r.set_parent(t_.parent());
    r.mutable_plan()->set_title(std::string(301, 'x'));
    r.mutable_plan()->set_start_fiscal_year("2018");
    r.mutable_plan()->set_end_fiscal_year("2018-2019");
    r.set_plan_id("Not_An_Id");
    absl::Status s = S(stub_->CreatePlan(editor().get(), r, &plan_out));
    EXPECT_THAT(s, InvalidFieldIs("plan.title"));
    EXPECT_THAT(s, InvalidFieldIs("plan.start_fiscal_year"));
    EXPECT_THAT(s, InvalidFieldIs("plan_id"));
  }
  {  // invalid UTF-8 never reaches a handler: proto3 refuses to parse it.
     // gRPC 1.51's callback API then answers UNIMPLEMENTED with no message
     // (see README, "Known limits"); it is never OK and never INTERNAL.
    v1::CreatePlanRequest r;
    r.set_parent(t_.parent());
    r.mutable_plan()->set_title("caf\xE9");
    r.mutable_plan()->set_start_fiscal_year("2018-2019");
    r.mutable_plan()->set_end_fiscal_year("2018-2019");
    absl::Status s = S(stub_->CreatePlan(editor().get(), r, &plan_out));
    EXPECT_FALSE(s.ok());
    EXPECT_NE(s.code(), absl::StatusCode::kInternal);
  }
  {  // unknown update_mask path; empty mask
    v1::UpdatePlanRequest r;
    r.mutable_plan()->set_name(p.name());
    r.mutable_update_mask()->add_paths("budget");
    EXPECT_THAT(S(stub_->UpdatePlan(editor().get(), r, &plan_out)),
                InvalidFieldIs("update_mask"));
    r.mutable_update_mask()->Clear();
    EXPECT_THAT(S(stub_->UpdatePlan(editor().get(), r, &plan_out)),
                InvalidFieldIs("update_mask"));
    // An update whose merged result is invalid changes nothing.
    r.mutable_update_mask()->add_paths("end_fiscal_year");
    r.mutable_plan()->set_end_fiscal_year("2010-2011");
    EXPECT_THAT(S(stub_->UpdatePlan(editor().get(), r, &plan_out)),
                InvalidFieldIs("plan.end_fiscal_year"));
  }
  {  // items: bad kind/code/budget, parent in another plan, missing parent
    v1::CreatePlanItemRequest r;
    r.set_parent(p.name());
    r.mutable_item()->set_code("1.a");
    r.mutable_item()->set_title("x");
    r.mutable_item()->mutable_budget()->set_cents(-5);
    absl::Status s = S(stub_->CreatePlanItem(editor().get(), r, &item_out));
    EXPECT_THAT(s, InvalidFieldIs("item.kind"));
    EXPECT_THAT(s, InvalidFieldIs("item.code"));
    EXPECT_THAT(s, InvalidFieldIs("item.budget.cents"));
    r.mutable_item()->set_kind(v1::PlanItem::ACTION);
    r.mutable_item()->set_code("1.1");
    r.mutable_item()->clear_budget();
    r.mutable_item()->set_parent_item(t_.parent() + "/plans/other/items/x");
    EXPECT_THAT(S(stub_->CreatePlanItem(editor().get(), r, &item_out)),
                InvalidFieldIs("item.parent_item"));
    r.mutable_item()->set_parent_item(p.name() + "/items/missing");
    EXPECT_THAT(S(stub_->CreatePlanItem(editor().get(), r, &item_out)),
                StatusIs(absl::StatusCode::kNotFound));
  }
  {  // indicator with a NaN target; result from the future "computed" source
    v1::CreateIndicatorRequest r;
    r.set_parent(p.name() + "/items/nope");
    r.mutable_indicator()->set_description("x");
    r.mutable_indicator()->set_target(-1);
    EXPECT_THAT(S(stub_->CreateIndicator(editor().get(), r, &ind_out)),
                InvalidFieldIs("indicator.target"));
    v1::RecordIndicatorResultRequest rr;
    rr.set_indicator(p.name() + "/items/nope/indicators/1");
    rr.mutable_result()->set_fiscal_year("2018-2020");
    rr.mutable_result()->set_source(v1::COMPUTED);
    absl::Status s =
        S(stub_->RecordIndicatorResult(editor().get(), rr, &ind_out));
    EXPECT_THAT(s, InvalidFieldIs("result.fiscal_year"));
    EXPECT_THAT(s, InvalidFieldIs("result.source"));
  }
  {  // a duplicate code is ALREADY_EXISTS and the plan stays as it was
    CreateItem(p.name(), "a", "1", v1::PlanItem::OBJECTIVE);
    rows = PlanRows();
    audits = AuditRows();
    v1::CreatePlanItemRequest r;
    r.set_parent(p.name());
    r.mutable_item()->set_kind(v1::PlanItem::OBJECTIVE);
    r.mutable_item()->set_code("1");
    r.mutable_item()->set_title("Doublon");
    EXPECT_THAT(S(stub_->CreatePlanItem(editor().get(), r, &item_out)),
                StatusIs(absl::StatusCode::kAlreadyExists));
  }
  EXPECT_EQ(PlanRows(), rows);
  EXPECT_EQ(AuditRows(), audits);
}

TEST_F(PlansApiTest, ProgressCountsIndicatorsThatReachedTheirTarget) {
  v1::Plan p = CreatePlan("progress");
  auto item = CreateItem(p.name(), "1-2-1", "1.2.1", v1::PlanItem::ACTION);
  auto add = [&](const std::string& id, std::optional<double> target) {
    v1::CreateIndicatorRequest r;
    r.set_parent(item.name());
    r.set_indicator_id(id);
    r.mutable_indicator()->set_description("indicateur " + id);
    if (target) r.mutable_indicator()->set_target(*target);
    v1::Indicator out;
    EXPECT_TRUE(stub_->CreateIndicator(Ctx(t_.editor_key).get(), r, &out).ok());
    return out;
  };
  auto bulletins = add("1", 12);
  auto inscriptions = add("2", 100);
  add("3", std::nullopt);  // qualitative
  auto record = [&](const v1::Indicator& ind, double value) {
    v1::RecordIndicatorResultRequest r;
    r.set_indicator(ind.name());
    r.mutable_result()->set_fiscal_year("2018-2019");
    r.mutable_result()->set_actual_value(value);
    r.mutable_result()->set_note("bilan annuel");
    v1::Indicator out;
    EXPECT_TRUE(
        stub_->RecordIndicatorResult(Ctx(t_.editor_key).get(), r, &out).ok());
    return out;
  };
  auto after = record(bulletins, 12);
  ASSERT_EQ(after.results_size(), 1);
  EXPECT_EQ(after.results(0).source(), v1::ENTERED);
  record(inscriptions, 87);
  v1::GetPlanProgressRequest req;
  req.set_name(p.name());
  req.set_fiscal_year("2018-2019");
  v1::PlanProgress prog;
  ASSERT_TRUE(
      stub_->GetPlanProgress(Ctx(t_.viewer_key).get(), req, &prog).ok());
  EXPECT_EQ(prog.indicator_count(), 3);
  EXPECT_EQ(prog.measurable_count(), 2);
  EXPECT_EQ(prog.measured_count(), 2);
  EXPECT_EQ(prog.achieved_count(), 1);
  EXPECT_DOUBLE_EQ(prog.achieved_share(), 0.5);
  EXPECT_EQ(prog.entered_count(), 2);
  req.set_fiscal_year("2019-2020");
  ASSERT_TRUE(
      stub_->GetPlanProgress(Ctx(t_.viewer_key).get(), req, &prog).ok());
  EXPECT_EQ(prog.measured_count(), 0);
}

// Two editors race to update the same plan with the same etag: exactly one
// wins, the other gets ABORTED (real concurrent sessions).
TEST_F(PlansApiTest, ConcurrentUpdatesWithOneEtagHaveOneWinner) {
  for (int round = 0; round < 5; ++round) {
    v1::Plan p = CreatePlan("race-" + std::to_string(round));
    std::atomic<int> ok{0}, aborted{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < 4; ++i) {
      threads.emplace_back([&, i] {
        auto stub = Plans();
        v1::UpdatePlanRequest r;
        r.mutable_plan()->set_name(p.name());
        r.mutable_plan()->set_title("Titre " + std::to_string(i));
        r.mutable_plan()->set_etag(p.etag());
        r.mutable_update_mask()->add_paths("title");
        v1::Plan out;
        auto s = stub->UpdatePlan(Ctx(t_.editor_key).get(), r, &out);
        if (s.ok()) ++ok;
        if (s.error_code() == grpc::StatusCode::ABORTED) ++aborted;
      });
    }
    for (auto& t : threads) t.join();
    EXPECT_EQ(ok.load(), 1);
    EXPECT_EQ(aborted.load(), 3);
  }
}

TEST_F(PlansApiTest, ListIndicatorsAcrossAllItemsOfAPlan) {
  v1::Plan p = CreatePlan("all-ind");
  for (const char* id : {"a", "b"}) {
    auto item = CreateItem(p.name(), id, "", v1::PlanItem::ACTION);
    for (int k = 0; k < 3; ++k) {
      v1::CreateIndicatorRequest r;
      r.set_parent(item.name());
      r.mutable_indicator()->set_description("x");
      v1::Indicator out;
      ASSERT_TRUE(
          stub_->CreateIndicator(Ctx(t_.editor_key).get(), r, &out).ok());
    }
  }
  v1::ListIndicatorsRequest r;
  r.set_parent(p.name() + "/items/-");
  r.set_page_size(4);
  v1::ListIndicatorsResponse resp;
  ASSERT_TRUE(stub_->ListIndicators(Ctx(t_.viewer_key).get(), r, &resp).ok());
  EXPECT_EQ(resp.indicators_size(), 4);
  ASSERT_FALSE(resp.next_page_token().empty());
  r.set_page_token(resp.next_page_token());
  resp.Clear();
  ASSERT_TRUE(stub_->ListIndicators(Ctx(t_.viewer_key).get(), r, &resp).ok());
  EXPECT_EQ(resp.indicators_size(), 2);
  EXPECT_TRUE(resp.next_page_token().empty());
}

}  // namespace
}  // namespace poles::testing
