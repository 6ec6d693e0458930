// Two tenants, every plans and directories RPC: what tenant A created cannot
// be read, listed, updated or deleted from tenant B, whether B names A's
// resources (PERMISSION_DENIED) or looks for A's ids under its own tenant
// (NOT_FOUND).
#include <functional>

#include <google/protobuf/util/message_differencer.h>

#include "absl/strings/match.h"
#include "tests/tenancy_harness.h"
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
  EXPECT_TRUE(
      stub->CreatePlanItem(Ctx(w.a.editor_key).get(), ci, &w.item).ok());
  v1::CreateIndicatorRequest cn;
  cn.set_parent(w.item.name());
  cn.set_indicator_id("1");
  cn.mutable_indicator()->set_description("80 membres");
  cn.mutable_indicator()->set_target(80);
  EXPECT_TRUE(
      stub->CreateIndicator(Ctx(w.a.editor_key).get(), cn, &w.indicator).ok());
  return w;
}

// Replaces A's tenant in a name by B's.
std::string AsB(const World& w, const std::string& name) {
  std::string out = name;
  out.replace(0, w.a.parent().size(), w.b.parent());
  return out;
}

using Rpc = TenancyRpc<v1::PlansService::Stub>;

// Every PlansService method, given a way to map A's names.
std::vector<std::pair<std::string, Rpc>> AllRpcs(const World& w) {
  std::vector<std::pair<std::string, Rpc>> rpcs;
  auto add = [&](const std::string& name, Rpc rpc) {
    rpcs.emplace_back(name, rpc);
  };
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
    if (st.ok() && o.plans_size() > 0)
      return grpc::Status(grpc::StatusCode::INTERNAL, "leak");
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
    if (st.ok() && o.items_size() > 0)
      return grpc::Status(grpc::StatusCode::INTERNAL, "leak");
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
    if (st.ok() && o.indicators_size() > 0)
      return grpc::Status(grpc::StatusCode::INTERNAL, "leak");
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
  add("SummarizePlans", [&](auto& s, auto& k, auto& n) {
    v1::SummarizeRequest r;
    r.set_parent(n(w.a.parent()));
    r.set_fiscal_year("2018-2019");
    r.add_dimensions("plan");
    v1::IndicatorSummary o;
    auto st = s.SummarizePlans(Ctx(k).get(), r, &o);
    // B's own summary is empty (B has no plan): nothing of A in it.
    if (st.ok() && o.values_size() > 0)
      return grpc::Status(grpc::StatusCode::INTERNAL, "leak");
    return st.ok() ? grpc::Status(grpc::StatusCode::NOT_FOUND, "empty") : st;
  });
  add("ReportPlansIndicator", [&](auto& s, auto& k, auto& n) {
    v1::ReportIndicatorValueRequest r;
    r.set_parent(n(w.a.parent()));
    r.set_fiscal_year("2018-2019");
    r.mutable_value()->set_indicator("plans.indicators_achieved");
    r.mutable_value()->set_value(999);
    v1::IndicatorValue o;
    return s.ReportPlansIndicator(Ctx(k).get(), r, &o);
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
  v1::SummarizeRequest sr;
  sr.set_parent(w.a.parent());
  sr.set_fiscal_year("2018-2019");
  sr.add_dimensions("plan");
  v1::IndicatorSummary summary;
  EXPECT_TRUE(
      stub->SummarizePlans(Ctx(w.a.viewer_key).get(), sr, &summary).ok());
  EXPECT_GT(summary.values_size(), 0);
  out += summary.SerializeAsString();
  return out;
}

TEST(TenancyMatrixTest, EveryRpcCoveredByTheMatrix) {
  World w = Build();
  ExpectEveryMethodCovered(v1::PlansService::service_full_name(), AllRpcs(w));
}

TEST(TenancyMatrixTest, TenantBCannotReachTenantAsResourcesByName) {
  World w = Build();
  std::string before = Snapshot(w);
  ExpectDeniedByName(*Plans(), AllRpcs(w), {w.b.editor_key, w.b.viewer_key},
                     "confidentiel");
  EXPECT_EQ(Snapshot(w), before);
}

TEST(TenancyMatrixTest, TenantBFindsNothingOfAUnderItsOwnTenant) {
  World w = Build();
  std::string before = Snapshot(w);
  auto stub = Plans();
  auto as_b = [&](const std::string& n) { return AsB(w, n); };
  for (const auto& [name, rpc] : AllRpcs(w)) {
    // Creating in B and reporting B's own figures are B's right.
    if (name == "CreatePlan") continue;
    grpc::Status s = rpc(*stub, w.b.editor_key, as_b);
    if (name == "ReportPlansIndicator") {
      EXPECT_TRUE(s.ok()) << name << ": " << s.error_message();
      continue;
    }
    EXPECT_EQ(s.error_code(), grpc::StatusCode::NOT_FOUND)
        << name << ": " << s.error_message();
  }
  EXPECT_EQ(Snapshot(w), before);
}

TEST(TenancyMatrixTest, PlatformRolesReachNoTenantData) {
  World w = Build();
  ExpectDeniedByName(*Plans(), AllRpcs(w), {AdminKey()}, "confidentiel");
  // The service role reads summaries (see plans_computed_test) and nothing
  // else.
  ExpectDeniedByName(*Plans(), AllRpcs(w), {ServiceKey()}, "confidentiel",
                     {"SummarizePlans"});
}

// ---- The directories service ------------------------------------------------

namespace dirs {

struct World {
  TestTenant a, b;
  v1::Organisation org;
  v1::Person person;
  v1::Dossier dossier;
  v1::Intervention intervention;
};

World Build() {
  World w;
  w.a = NewTenant("da");
  w.b = NewTenant("db");
  auto stub = Directories();
  v1::CreateOrganisationRequest co;
  co.set_parent(w.a.parent());
  co.set_organisation_id("secret-org");
  auto* o = co.mutable_organisation();
  o->set_display_name("Coopérative confidentielle de A");
  o->set_kind(v1::Organisation::ENTERPRISE);
  o->set_legal_form(v1::Organisation::COOPERATIVE);
  o->set_sector("sectors/sante");
  o->set_mrc("mrcs/becancour");
  o->set_neq("1234567890");
  EXPECT_TRUE(
      stub->CreateOrganisation(Ctx(w.a.editor_key).get(), co, &w.org).ok());
  v1::CreatePersonRequest cp;
  cp.set_parent(w.a.parent());
  cp.mutable_person()->set_display_name("Personne confidentielle");
  cp.mutable_person()->set_role(v1::Person::BOARD_MEMBER);
  cp.mutable_person()->set_organisation(w.org.name());
  cp.mutable_person()->mutable_consent()->set_purpose("CA");
  cp.mutable_person()->mutable_consent()->set_consent_date("2017-09-12");
  EXPECT_TRUE(
      stub->CreatePerson(Ctx(w.a.editor_key).get(), cp, &w.person).ok());
  v1::CreateDossierRequest cd;
  cd.set_parent(w.a.parent());
  cd.set_dossier_id("secret-dossier");
  cd.mutable_dossier()->set_title("Dossier confidentiel");
  cd.mutable_dossier()->set_organisation(w.org.name());
  cd.mutable_dossier()->set_sector("sectors/sante");
  cd.mutable_dossier()->set_mrc("mrcs/becancour");
  cd.mutable_dossier()->set_phase(v1::Dossier::STARTUP);
  cd.mutable_dossier()->set_open_date("2017-10-01");
  EXPECT_TRUE(
      stub->CreateDossier(Ctx(w.a.editor_key).get(), cd, &w.dossier).ok());
  v1::CreateInterventionRequest ci;
  ci.set_parent(w.dossier.name());
  ci.set_intervention_id("secret-intervention");
  ci.mutable_intervention()->set_intervention_date("2017-10-02");
  ci.mutable_intervention()->add_subjects("Sujet confidentiel");
  EXPECT_TRUE(
      stub->CreateIntervention(Ctx(w.a.editor_key).get(), ci, &w.intervention)
          .ok());
  return w;
}

std::string AsB(const World& w, const std::string& name) {
  std::string out = name;
  out.replace(0, w.a.parent().size(), w.b.parent());
  return out;
}

using Rpc = TenancyRpc<v1::DirectoriesService::Stub>;

// A successful answer that shows none of A's data reads as NOT_FOUND; one
// that does is INTERNAL "leak".
grpc::Status NothingOfA(const grpc::Status& s, const std::string& payload) {
  if (!s.ok()) return s;
  if (absl::StrContains(payload, "confidenti") ||
      absl::StrContains(payload, "secret")) {
    return grpc::Status(grpc::StatusCode::INTERNAL, "leak");
  }
  return grpc::Status(grpc::StatusCode::NOT_FOUND, "nothing of A");
}

// Methods that touch no tenant's data (shared reference data).
const std::set<std::string> kReferenceMethods = {"ListSectors"};
// Methods that, under B's own tenant, are B's right (they create in B).
const std::set<std::string> kOwnTenantRights = {
    "CreateOrganisation", "CreatePerson", "CreateDossier",
    "ImportOrganisations", "ReportDirectoriesIndicator"};

std::vector<std::pair<std::string, Rpc>> AllRpcs(const World& w) {
  std::vector<std::pair<std::string, Rpc>> rpcs;
  auto add = [&](const std::string& name, Rpc rpc) {
    rpcs.emplace_back(name, rpc);
  };
  add("CreateOrganisation", [&](auto& s, auto& k, auto& n) {
    v1::CreateOrganisationRequest r;
    r.set_parent(n(w.a.parent()));
    r.mutable_organisation()->set_display_name("intrus");
    r.mutable_organisation()->set_kind(v1::Organisation::PARTNER);
    v1::Organisation o;
    return s.CreateOrganisation(Ctx(k).get(), r, &o);
  });
  add("GetOrganisation", [&](auto& s, auto& k, auto& n) {
    v1::GetOrganisationRequest r;
    r.set_name(n(w.org.name()));
    v1::Organisation o;
    return s.GetOrganisation(Ctx(k).get(), r, &o);
  });
  add("ListOrganisations", [&](auto& s, auto& k, auto& n) {
    v1::ListOrganisationsRequest r;
    r.set_parent(n(w.a.parent()));
    r.set_query("confidentielle");
    v1::ListOrganisationsResponse o;
    auto st = s.ListOrganisations(Ctx(k).get(), r, &o);
    return NothingOfA(st, o.DebugString());
  });
  add("UpdateOrganisation", [&](auto& s, auto& k, auto& n) {
    v1::UpdateOrganisationRequest r;
    r.mutable_organisation()->set_name(n(w.org.name()));
    r.mutable_organisation()->set_display_name("piraté");
    r.mutable_update_mask()->add_paths("display_name");
    v1::Organisation o;
    return s.UpdateOrganisation(Ctx(k).get(), r, &o);
  });
  add("DeleteOrganisation", [&](auto& s, auto& k, auto& n) {
    v1::DeleteOrganisationRequest r;
    r.set_name(n(w.org.name()));
    r.set_force(true);
    google::protobuf::Empty o;
    return s.DeleteOrganisation(Ctx(k).get(), r, &o);
  });
  add("RenewMembership", [&](auto& s, auto& k, auto& n) {
    v1::RenewMembershipRequest r;
    r.set_organisation(n(w.org.name()));
    r.mutable_renewal()->set_renewal_date("2018-04-01");
    r.mutable_renewal()->set_renewed_until("2019-03-31");
    v1::Organisation o;
    return s.RenewMembership(Ctx(k).get(), r, &o);
  });
  add("ImportOrganisations", [&](auto& s, auto& k, auto& n) {
    auto ctx = Ctx(k);
    v1::ImportOrganisationsResponse o;
    auto writer = s.ImportOrganisations(ctx.get(), &o);
    v1::ImportOrganisationsRequest r;
    r.set_parent(n(w.a.parent()));
    auto* row = r.add_rows();
    row->set_line(2);
    row->add_present("display_name");
    row->add_present("neq");
    row->add_present("description");
    row->set_display_name("Coopérative confidentielle de A");
    row->set_neq("1234567890");
    row->set_description("piraté");
    writer->Write(r);
    writer->WritesDone();
    return writer->Finish();
  });
  add("GetDirectoryDistribution", [&](auto& s, auto& k, auto& n) {
    v1::GetDirectoryDistributionRequest r;
    r.set_parent(n(w.a.parent()));
    v1::DirectoryDistribution o;
    auto st = s.GetDirectoryDistribution(Ctx(k).get(), r, &o);
    if (st.ok() && o.total() > 0)
      return grpc::Status(grpc::StatusCode::INTERNAL, "leak");
    return NothingOfA(st, o.DebugString());
  });
  add("ExportDirectory", [&](auto& s, auto& k, auto& n) {
    v1::ExportDirectoryRequest r;
    r.set_parent(n(w.a.parent()));
    r.set_format(v1::ExportDirectoryRequest::CSV);
    v1::DirectoryExport o;
    auto st = s.ExportDirectory(Ctx(k).get(), r, &o);
    return NothingOfA(st, o.data());
  });
  add("CreatePerson", [&](auto& s, auto& k, auto& n) {
    v1::CreatePersonRequest r;
    r.set_parent(n(w.a.parent()));
    r.mutable_person()->set_display_name("intrus");
    r.mutable_person()->set_role(v1::Person::CONTACT);
    r.mutable_person()->mutable_consent()->set_purpose("x");
    r.mutable_person()->mutable_consent()->set_consent_date("2018-01-01");
    v1::Person o;
    return s.CreatePerson(Ctx(k).get(), r, &o);
  });
  add("GetPerson", [&](auto& s, auto& k, auto& n) {
    v1::GetPersonRequest r;
    r.set_name(n(w.person.name()));
    v1::Person o;
    return s.GetPerson(Ctx(k).get(), r, &o);
  });
  add("ListPeople", [&](auto& s, auto& k, auto& n) {
    v1::ListPeopleRequest r;
    r.set_parent(n(w.a.parent()));
    v1::ListPeopleResponse o;
    auto st = s.ListPeople(Ctx(k).get(), r, &o);
    if (st.ok() && o.people_size() > 0)
      return grpc::Status(grpc::StatusCode::INTERNAL, "leak");
    return NothingOfA(st, o.DebugString());
  });
  add("UpdatePerson", [&](auto& s, auto& k, auto& n) {
    v1::UpdatePersonRequest r;
    r.mutable_person()->set_name(n(w.person.name()));
    r.mutable_person()->set_position("piraté");
    r.mutable_update_mask()->add_paths("position");
    v1::Person o;
    return s.UpdatePerson(Ctx(k).get(), r, &o);
  });
  add("DeletePerson", [&](auto& s, auto& k, auto& n) {
    v1::DeletePersonRequest r;
    r.set_name(n(w.person.name()));
    google::protobuf::Empty o;
    return s.DeletePerson(Ctx(k).get(), r, &o);
  });
  add("ErasePerson", [&](auto& s, auto& k, auto& n) {
    v1::ErasePersonRequest r;
    r.set_name(n(w.person.name()));
    v1::Person o;
    return s.ErasePerson(Ctx(k).get(), r, &o);
  });
  add("CreateDossier", [&](auto& s, auto& k, auto& n) {
    v1::CreateDossierRequest r;
    r.set_parent(n(w.a.parent()));
    r.mutable_dossier()->set_title("intrus");
    r.mutable_dossier()->set_promoter_group("intrus");
    r.mutable_dossier()->set_sector("sectors/sante");
    r.mutable_dossier()->set_mrc("mrcs/becancour");
    r.mutable_dossier()->set_phase(v1::Dossier::STARTUP);
    r.mutable_dossier()->set_open_date("2018-01-01");
    v1::Dossier o;
    return s.CreateDossier(Ctx(k).get(), r, &o);
  });
  add("GetDossier", [&](auto& s, auto& k, auto& n) {
    v1::GetDossierRequest r;
    r.set_name(n(w.dossier.name()));
    v1::Dossier o;
    return s.GetDossier(Ctx(k).get(), r, &o);
  });
  add("ListDossiers", [&](auto& s, auto& k, auto& n) {
    v1::ListDossiersRequest r;
    r.set_parent(n(w.a.parent()));
    v1::ListDossiersResponse o;
    auto st = s.ListDossiers(Ctx(k).get(), r, &o);
    if (st.ok() && o.dossiers_size() > 0)
      return grpc::Status(grpc::StatusCode::INTERNAL, "leak");
    return NothingOfA(st, o.DebugString());
  });
  add("UpdateDossier", [&](auto& s, auto& k, auto& n) {
    v1::UpdateDossierRequest r;
    r.mutable_dossier()->set_name(n(w.dossier.name()));
    r.mutable_dossier()->set_outcome("piraté");
    r.mutable_update_mask()->add_paths("outcome");
    v1::Dossier o;
    return s.UpdateDossier(Ctx(k).get(), r, &o);
  });
  add("DeleteDossier", [&](auto& s, auto& k, auto& n) {
    v1::DeleteDossierRequest r;
    r.set_name(n(w.dossier.name()));
    r.set_force(true);
    google::protobuf::Empty o;
    return s.DeleteDossier(Ctx(k).get(), r, &o);
  });
  add("CreateIntervention", [&](auto& s, auto& k, auto& n) {
    v1::CreateInterventionRequest r;
    r.set_parent(n(w.dossier.name()));
    r.mutable_intervention()->set_intervention_date("2018-01-01");
    r.mutable_intervention()->add_subjects("intrus");
    v1::Intervention o;
    return s.CreateIntervention(Ctx(k).get(), r, &o);
  });
  add("GetIntervention", [&](auto& s, auto& k, auto& n) {
    v1::GetInterventionRequest r;
    r.set_name(n(w.intervention.name()));
    v1::Intervention o;
    return s.GetIntervention(Ctx(k).get(), r, &o);
  });
  add("ListInterventions", [&](auto& s, auto& k, auto& n) {
    v1::ListInterventionsRequest r;
    r.set_parent(n(w.dossier.name()));
    v1::ListInterventionsResponse o;
    auto st = s.ListInterventions(Ctx(k).get(), r, &o);
    if (st.ok() && o.interventions_size() > 0) {
      return grpc::Status(grpc::StatusCode::INTERNAL, "leak");
    }
    return NothingOfA(st, o.DebugString());
  });
  add("UpdateIntervention", [&](auto& s, auto& k, auto& n) {
    v1::UpdateInterventionRequest r;
    r.mutable_intervention()->set_name(n(w.intervention.name()));
    r.mutable_intervention()->set_note("piraté");
    r.mutable_update_mask()->add_paths("note");
    v1::Intervention o;
    return s.UpdateIntervention(Ctx(k).get(), r, &o);
  });
  add("DeleteIntervention", [&](auto& s, auto& k, auto& n) {
    v1::DeleteInterventionRequest r;
    r.set_name(n(w.intervention.name()));
    google::protobuf::Empty o;
    return s.DeleteIntervention(Ctx(k).get(), r, &o);
  });
  add("SummarizeDirectories", [&](auto& s, auto& k, auto& n) {
    v1::SummarizeRequest r;
    r.set_parent(n(w.a.parent()));
    r.set_fiscal_year("2017-2018");
    v1::IndicatorSummary o;
    auto st = s.SummarizeDirectories(Ctx(k).get(), r, &o);
    if (st.ok() && o.values_size() > 0)
      return grpc::Status(grpc::StatusCode::INTERNAL, "leak");
    return NothingOfA(st, o.DebugString());
  });
  add("ReportDirectoriesIndicator", [&](auto& s, auto& k, auto& n) {
    v1::ReportIndicatorValueRequest r;
    r.set_parent(n(w.a.parent()));
    r.set_fiscal_year("2017-2018");
    r.mutable_value()->set_indicator("directories.enterprises");
    r.mutable_value()->set_value(999);
    v1::IndicatorValue o;
    return s.ReportDirectoriesIndicator(Ctx(k).get(), r, &o);
  });
  return rpcs;
}

// A's data, read back by A: identical before and after B's attempts.
std::string Snapshot(const World& w) {
  auto stub = Directories();
  std::string out;
  v1::GetOrganisationRequest go;
  go.set_name(w.org.name());
  v1::Organisation org;
  EXPECT_TRUE(stub->GetOrganisation(Ctx(w.a.viewer_key).get(), go, &org).ok());
  out += org.SerializeAsString();
  v1::GetPersonRequest gp;
  gp.set_name(w.person.name());
  v1::Person person;
  EXPECT_TRUE(stub->GetPerson(Ctx(w.a.viewer_key).get(), gp, &person).ok());
  out += person.SerializeAsString();
  v1::GetDossierRequest gd;
  gd.set_name(w.dossier.name());
  v1::Dossier dossier;
  EXPECT_TRUE(stub->GetDossier(Ctx(w.a.viewer_key).get(), gd, &dossier).ok());
  out += dossier.SerializeAsString();
  v1::GetInterventionRequest gi;
  gi.set_name(w.intervention.name());
  v1::Intervention intervention;
  EXPECT_TRUE(
      stub->GetIntervention(Ctx(w.a.viewer_key).get(), gi, &intervention).ok());
  out += intervention.SerializeAsString();
  v1::SummarizeRequest sr;
  sr.set_parent(w.a.parent());
  sr.set_fiscal_year("2017-2018");
  v1::IndicatorSummary summary;
  EXPECT_TRUE(
      stub->SummarizeDirectories(Ctx(w.a.viewer_key).get(), sr, &summary).ok());
  out += summary.SerializeAsString();
  return out;
}

TEST(DirectoriesTenancyMatrixTest, EveryRpcCoveredByTheMatrix) {
  World w = Build();
  ExpectEveryMethodCovered(v1::DirectoriesService::service_full_name(),
                           AllRpcs(w), kReferenceMethods);
  // Reference data is the same for everyone.
  auto stub = Directories();
  v1::ListSectorsResponse ra, rb;
  ASSERT_TRUE(stub->ListSectors(Ctx(w.a.viewer_key).get(), {}, &ra).ok());
  ASSERT_TRUE(stub->ListSectors(Ctx(w.b.viewer_key).get(), {}, &rb).ok());
  EXPECT_EQ(ra.SerializeAsString(), rb.SerializeAsString());
}

TEST(DirectoriesTenancyMatrixTest, TenantBCannotReachTenantAsResourcesByName) {
  World w = Build();
  std::string before = Snapshot(w);
  ExpectDeniedByName(*Directories(), AllRpcs(w),
                     {w.b.editor_key, w.b.viewer_key}, "confidenti");
  EXPECT_EQ(Snapshot(w), before);
}

TEST(DirectoriesTenancyMatrixTest, TenantBFindsNothingOfAUnderItsOwnTenant) {
  World w = Build();
  std::string before = Snapshot(w);
  auto stub = Directories();
  Names as_b = [&](const std::string& n) { return AsB(w, n); };
  for (const auto& [name, rpc] : AllRpcs(w)) {
    if (kOwnTenantRights.count(name)) continue;
    grpc::Status s = rpc(*stub, w.b.editor_key, as_b);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::NOT_FOUND)
        << name << ": " << s.error_message();
  }
  // What B may do in its own tenant (create, import, report): each request
  // of AllRpcs but the import is valid for B (B's territory is Bécancour,
  // like A's, so the dossier's MRC is B's too; directories.enterprises is a
  // reported indicator of the directories service) and succeeds. The
  // import's row is an update of A's organisation (matched by NEQ and name);
  // B has no such organisation, so in B it would create one, and a new
  // enterprise (the default kind) needs a legal form, a sector and an MRC,
  // which the row does not carry: INVALID_ARGUMENT naming the three on the
  // row's line, nothing imported.
  for (const auto& [name, rpc] : AllRpcs(w)) {
    if (!kOwnTenantRights.count(name)) continue;
    absl::Status s = S(rpc(*stub, w.b.editor_key, as_b));
    if (name == "ImportOrganisations") {
      EXPECT_THAT(s, InvalidFieldIs("lines[2].legal_form"));
      EXPECT_THAT(s, InvalidFieldIs("lines[2].sector"));
      EXPECT_THAT(s, InvalidFieldIs("lines[2].mrc"));
    } else {
      EXPECT_THAT(s, IsOk()) << name;
    }
  }
  EXPECT_EQ(Snapshot(w), before);
  // Each write landed in B, and none in A.
  auto organisations = [&](const TestTenant& t, const std::string& query) {
    v1::ListOrganisationsRequest r;
    r.set_parent(t.parent());
    r.set_query(query);
    r.set_view(v1::ORGANISATION_VIEW_FULL);
    v1::ListOrganisationsResponse o;
    EXPECT_TRUE(stub->ListOrganisations(Ctx(t.viewer_key).get(), r, &o).ok());
    return o;
  };
  auto people = [&](const TestTenant& t) {
    v1::ListPeopleRequest r;
    r.set_parent(t.parent());
    v1::ListPeopleResponse o;
    EXPECT_TRUE(stub->ListPeople(Ctx(t.viewer_key).get(), r, &o).ok());
    return o;
  };
  auto dossiers = [&](const TestTenant& t) {
    v1::ListDossiersRequest r;
    r.set_parent(t.parent());
    v1::ListDossiersResponse o;
    EXPECT_TRUE(stub->ListDossiers(Ctx(t.viewer_key).get(), r, &o).ok());
    return o;
  };
  auto reported = [&](const TestTenant& t) {
    v1::SummarizeRequest r;
    r.set_parent(t.parent());
    r.set_fiscal_year("2017-2018");
    v1::IndicatorSummary o;
    EXPECT_TRUE(
        stub->SummarizeDirectories(Ctx(t.viewer_key).get(), r, &o).ok());
    for (const auto& v : o.values()) {
      if (v.indicator() == "directories.enterprises" && v.dimensions().empty())
        return v;
    }
    return v1::IndicatorValue();
  };
  // CreateOrganisation: the partner "intrus".
  auto b_intrus = organisations(w.b, "intrus");
  ASSERT_EQ(b_intrus.organisations_size(), 1);
  EXPECT_EQ(b_intrus.organisations(0).kind(), v1::Organisation::PARTNER);
  EXPECT_TRUE(
      absl::StartsWith(b_intrus.organisations(0).name(), w.b.parent() + "/"));
  EXPECT_EQ(organisations(w.a, "intrus").organisations_size(), 0);
  // ImportOrganisations: refused, so nothing of it in B, and A's
  // organisation of that name and NEQ untouched (Snapshot) and alone.
  EXPECT_EQ(organisations(w.b, "confidentielle").organisations_size(), 0);
  EXPECT_EQ(organisations(w.b, "").organisations_size(), 1);  // "intrus" only
  EXPECT_EQ(organisations(w.a, "confidentielle").organisations_size(), 1);
  // CreatePerson: the contact "intrus".
  auto b_people = people(w.b);
  ASSERT_EQ(b_people.people_size(), 1);
  EXPECT_EQ(b_people.people(0).display_name(), "intrus");
  EXPECT_EQ(people(w.a).people_size(), 1);
  // CreateDossier: the promoter group's dossier "intrus".
  auto b_dossiers = dossiers(w.b);
  ASSERT_EQ(b_dossiers.dossiers_size(), 1);
  EXPECT_EQ(b_dossiers.dossiers(0).title(), "intrus");
  EXPECT_EQ(dossiers(w.a).dossiers_size(), 1);
  // ReportDirectoriesIndicator: 999 enterprises, reported, in B's summary.
  auto b_value = reported(w.b);
  EXPECT_EQ(b_value.value(), 999);
  EXPECT_EQ(b_value.provenance(), v1::PROVENANCE_REPORTED);
  EXPECT_NE(reported(w.a).provenance(), v1::PROVENANCE_REPORTED);
}

TEST(DirectoriesTenancyMatrixTest, PlatformRolesReachNoTenantData) {
  World w = Build();
  ExpectDeniedByName(*Directories(), AllRpcs(w), {AdminKey()}, "confidenti");
}

}  // namespace dirs

}  // namespace
}  // namespace poles::testing
