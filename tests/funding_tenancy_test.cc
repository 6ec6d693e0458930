// Two tenants, every funding RPC: what tenant A recorded (a local program,
// an agreement, a call for projects, an award to one of its organisations,
// a reported total) cannot be read, listed, summarised, exported, updated
// or deleted from tenant B, whether B names A's resources
// (PERMISSION_DENIED) or looks for A's ids under its own tenant (NOT_FOUND
// or an empty answer); A's data is unchanged afterwards.
#include <functional>

#include "tests/tenancy_harness.h"
#include "tests/test_env.h"

namespace poles::testing {
namespace {

struct World {
  TestTenant a, b;
  v1::Program program;
  v1::Agreement agreement;
  v1::CallForProjects call;
  v1::Award award;
  v1::ReportedTotal total;
};

v1::Money Cad(int64_t cents) {
  v1::Money m;
  m.set_cents(cents);
  m.set_currency_code("CAD");
  return m;
}

World Build() {
  World w;
  w.a = NewTenant("fa");
  w.b = NewTenant("fb");
  auto stub = Funding();
  const auto ctx = [&] { return Ctx(w.a.editor_key); };

  v1::CreateOrganisationRequest org;
  org.set_parent(w.a.parent());
  org.set_organisation_id("coop");
  org.mutable_organisation()->set_display_name("Coop confidentielle de A");
  org.mutable_organisation()->set_kind(v1::Organisation::ENTERPRISE);
  org.mutable_organisation()->set_legal_form(v1::Organisation::COOPERATIVE);
  org.mutable_organisation()->set_sector("sectors/habitation");
  org.mutable_organisation()->set_mrc("mrcs/becancour");
  v1::Organisation o;
  EXPECT_TRUE(Directories()->CreateOrganisation(ctx().get(), org, &o).ok());

  v1::CreateLocalProgramRequest p;
  p.set_parent(w.a.parent());
  p.set_program_id("fonds-local");
  p.mutable_program()->set_funder("funders/caisse-economie-solidaire");
  p.mutable_program()->set_label_fr("Fonds confidentiel de A");
  EXPECT_TRUE(stub->CreateLocalProgram(ctx().get(), p, &w.program).ok());

  v1::CreateAgreementRequest ag;
  ag.set_parent(w.a.parent());
  ag.set_agreement_id("mesi");
  auto* a = ag.mutable_agreement();
  a->set_funder("funders/mesi");
  a->set_title("Entente confidentielle de A");
  a->set_start_fiscal_year("2017-2018");
  a->set_end_fiscal_year("2017-2018");
  a->set_status(v1::Agreement::ACTIVE);
  auto* y = a->add_years();
  y->set_fiscal_year("2017-2018");
  *y->mutable_amount() = Cad(5000000);
  EXPECT_TRUE(stub->CreateAgreement(ctx().get(), ag, &w.agreement).ok());

  v1::CreateCallForProjectsRequest c;
  c.set_parent(w.a.parent());
  c.set_call_for_projects_id("automne");
  c.mutable_call_for_projects()->set_program(w.program.name());
  c.mutable_call_for_projects()->set_title("Appel confidentiel de A");
  c.mutable_call_for_projects()->set_fiscal_year("2017-2018");
  c.mutable_call_for_projects()->set_retained(1);
  EXPECT_TRUE(stub->CreateCallForProjects(ctx().get(), c, &w.call).ok());

  v1::CreateAwardRequest aw;
  aw.set_parent(w.a.parent());
  aw.set_award_id("aide");
  auto* award = aw.mutable_award();
  award->set_title("Aide confidentielle de A");
  award->set_organisation(o.name());
  award->set_program(w.program.name());
  *award->mutable_amount_authorised() = Cad(1000);
  award->set_decision_date("2017-11-01");
  award->set_status(v1::Award::AUTHORISED);
  award->set_call_for_projects(w.call.name());
  auto s = stub->CreateAward(ctx().get(), aw, &w.award);
  EXPECT_TRUE(s.ok()) << s.error_message();

  v1::CreateReportedTotalRequest rt;
  rt.set_parent(w.a.parent());
  rt.set_reported_total_id("sq");
  auto* t = rt.mutable_reported_total();
  t->set_funder("funders/services-quebec");
  t->set_fiscal_year("2017-2018");
  t->set_measure(v1::REPORTED_MEASURE_AMOUNT);
  t->set_title("Total confidentiel de A");
  t->set_total(10);
  EXPECT_TRUE(stub->CreateReportedTotal(ctx().get(), rt, &w.total).ok());
  return w;
}

std::string AsB(const World& w, const std::string& name) {
  std::string out = name;
  if (out.compare(0, w.a.parent().size(), w.a.parent()) == 0) {
    out.replace(0, w.a.parent().size(), w.b.parent());
  }
  return out;
}

using Stub = v1::FundingService::Stub;
using Rpc = TenancyRpc<Stub>;

// An empty answer as NOT_FOUND, so "found nothing" reads the same for Get
// and List; an answer holding A's data as INTERNAL.
grpc::Status Leak(bool leaked, const grpc::Status& st) {
  if (st.ok() && leaked)
    return grpc::Status(grpc::StatusCode::INTERNAL, "leak");
  return st.ok() ? grpc::Status(grpc::StatusCode::NOT_FOUND, "empty") : st;
}

TenancyRpcs<Stub> AllRpcs(const World& w) {
  TenancyRpcs<Stub> rpcs;
  auto add = [&](const std::string& name, Rpc rpc) {
    rpcs.emplace_back(name, rpc);
  };
  add("ListFunders", [](Stub& s, auto& k, auto&) {
    v1::ListFundersResponse o;
    return s.ListFunders(Ctx(k).get(), v1::ListFundersRequest(), &o);
  });
  add("ListPrograms", [](Stub& s, auto& k, auto&) {
    v1::ListProgramsResponse o;
    return s.ListPrograms(Ctx(k).get(), v1::ListProgramsRequest(), &o);
  });
  add("CreateLocalProgram", [&](Stub& s, auto& k, auto& n) {
    v1::CreateLocalProgramRequest r;
    r.set_parent(n(w.a.parent()));
    r.mutable_program()->set_funder("funders/risq");
    r.mutable_program()->set_label_fr("intrus");
    v1::Program o;
    return s.CreateLocalProgram(Ctx(k).get(), r, &o);
  });
  add("GetLocalProgram", [&](Stub& s, auto& k, auto& n) {
    v1::GetLocalProgramRequest r;
    r.set_name(n(w.program.name()));
    v1::Program o;
    return s.GetLocalProgram(Ctx(k).get(), r, &o);
  });
  add("ListLocalPrograms", [&](Stub& s, auto& k, auto& n) {
    v1::ListLocalProgramsRequest r;
    r.set_parent(n(w.a.parent()));
    v1::ListLocalProgramsResponse o;
    auto st = s.ListLocalPrograms(Ctx(k).get(), r, &o);
    return Leak(o.DebugString().find("confidentiel") != std::string::npos, st);
  });
  add("UpdateLocalProgram", [&](Stub& s, auto& k, auto& n) {
    v1::UpdateLocalProgramRequest r;
    *r.mutable_program() = w.program;
    r.mutable_program()->set_name(n(w.program.name()));
    r.mutable_program()->set_label_fr("changé");
    r.mutable_update_mask()->add_paths("label_fr");
    v1::Program o;
    return s.UpdateLocalProgram(Ctx(k).get(), r, &o);
  });
  add("DeleteLocalProgram", [&](Stub& s, auto& k, auto& n) {
    v1::DeleteLocalProgramRequest r;
    r.set_name(n(w.program.name()));
    google::protobuf::Empty o;
    return s.DeleteLocalProgram(Ctx(k).get(), r, &o);
  });
  add("CreateAgreement", [&](Stub& s, auto& k, auto& n) {
    v1::CreateAgreementRequest r;
    r.set_parent(n(w.a.parent()));
    *r.mutable_agreement() = w.agreement;
    r.mutable_agreement()->clear_name();
    r.mutable_agreement()->set_title("intrus");
    v1::Agreement o;
    return s.CreateAgreement(Ctx(k).get(), r, &o);
  });
  add("GetAgreement", [&](Stub& s, auto& k, auto& n) {
    v1::GetAgreementRequest r;
    r.set_name(n(w.agreement.name()));
    v1::Agreement o;
    return s.GetAgreement(Ctx(k).get(), r, &o);
  });
  add("ListAgreements", [&](Stub& s, auto& k, auto& n) {
    v1::ListAgreementsRequest r;
    r.set_parent(n(w.a.parent()));
    v1::ListAgreementsResponse o;
    auto st = s.ListAgreements(Ctx(k).get(), r, &o);
    return Leak(o.DebugString().find("confidentiel") != std::string::npos, st);
  });
  add("UpdateAgreement", [&](Stub& s, auto& k, auto& n) {
    v1::UpdateAgreementRequest r;
    *r.mutable_agreement() = w.agreement;
    r.mutable_agreement()->set_name(n(w.agreement.name()));
    r.mutable_agreement()->set_title("changé");
    r.mutable_update_mask()->add_paths("title");
    v1::Agreement o;
    return s.UpdateAgreement(Ctx(k).get(), r, &o);
  });
  add("DeleteAgreement", [&](Stub& s, auto& k, auto& n) {
    v1::DeleteAgreementRequest r;
    r.set_name(n(w.agreement.name()));
    google::protobuf::Empty o;
    return s.DeleteAgreement(Ctx(k).get(), r, &o);
  });
  add("CreateAward", [&](Stub& s, auto& k, auto& n) {
    v1::CreateAwardRequest r;
    r.set_parent(n(w.a.parent()));
    *r.mutable_award() = w.award;
    r.mutable_award()->clear_name();
    r.mutable_award()->set_title("intrus");
    r.mutable_award()->set_organisation(n(w.award.organisation()));
    r.mutable_award()->set_program(n(w.award.program()));
    r.mutable_award()->set_call_for_projects(n(w.award.call_for_projects()));
    v1::Award o;
    return s.CreateAward(Ctx(k).get(), r, &o);
  });
  add("GetAward", [&](Stub& s, auto& k, auto& n) {
    v1::GetAwardRequest r;
    r.set_name(n(w.award.name()));
    v1::Award o;
    return s.GetAward(Ctx(k).get(), r, &o);
  });
  add("ListAwards", [&](Stub& s, auto& k, auto& n) {
    v1::ListAwardsRequest r;
    r.set_parent(n(w.a.parent()));
    v1::ListAwardsResponse o;
    auto st = s.ListAwards(Ctx(k).get(), r, &o);
    return Leak(o.DebugString().find("confidentiel") != std::string::npos, st);
  });
  add("UpdateAward", [&](Stub& s, auto& k, auto& n) {
    v1::UpdateAwardRequest r;
    r.mutable_award()->set_name(n(w.award.name()));
    r.mutable_award()->set_title("changé");
    r.mutable_update_mask()->add_paths("title");
    v1::Award o;
    return s.UpdateAward(Ctx(k).get(), r, &o);
  });
  add("DeleteAward", [&](Stub& s, auto& k, auto& n) {
    v1::DeleteAwardRequest r;
    r.set_name(n(w.award.name()));
    google::protobuf::Empty o;
    return s.DeleteAward(Ctx(k).get(), r, &o);
  });
  add("CreateCallForProjects", [&](Stub& s, auto& k, auto& n) {
    v1::CreateCallForProjectsRequest r;
    r.set_parent(n(w.a.parent()));
    *r.mutable_call_for_projects() = w.call;
    r.mutable_call_for_projects()->clear_name();
    r.mutable_call_for_projects()->set_title("intrus");
    r.mutable_call_for_projects()->set_program(n(w.call.program()));
    v1::CallForProjects o;
    return s.CreateCallForProjects(Ctx(k).get(), r, &o);
  });
  add("GetCallForProjects", [&](Stub& s, auto& k, auto& n) {
    v1::GetCallForProjectsRequest r;
    r.set_name(n(w.call.name()));
    v1::CallForProjects o;
    return s.GetCallForProjects(Ctx(k).get(), r, &o);
  });
  add("ListCallsForProjects", [&](Stub& s, auto& k, auto& n) {
    v1::ListCallsForProjectsRequest r;
    r.set_parent(n(w.a.parent()));
    v1::ListCallsForProjectsResponse o;
    auto st = s.ListCallsForProjects(Ctx(k).get(), r, &o);
    return Leak(o.DebugString().find("confidentiel") != std::string::npos, st);
  });
  add("UpdateCallForProjects", [&](Stub& s, auto& k, auto& n) {
    v1::UpdateCallForProjectsRequest r;
    r.mutable_call_for_projects()->set_name(n(w.call.name()));
    r.mutable_call_for_projects()->set_title("changé");
    r.mutable_update_mask()->add_paths("title");
    v1::CallForProjects o;
    return s.UpdateCallForProjects(Ctx(k).get(), r, &o);
  });
  add("DeleteCallForProjects", [&](Stub& s, auto& k, auto& n) {
    v1::DeleteCallForProjectsRequest r;
    r.set_name(n(w.call.name()));
    google::protobuf::Empty o;
    return s.DeleteCallForProjects(Ctx(k).get(), r, &o);
  });
  add("CreateReportedTotal", [&](Stub& s, auto& k, auto& n) {
    v1::CreateReportedTotalRequest r;
    r.set_parent(n(w.a.parent()));
    *r.mutable_reported_total() = w.total;
    r.mutable_reported_total()->clear_name();
    r.mutable_reported_total()->set_title("intrus");
    v1::ReportedTotal o;
    return s.CreateReportedTotal(Ctx(k).get(), r, &o);
  });
  add("GetReportedTotal", [&](Stub& s, auto& k, auto& n) {
    v1::GetReportedTotalRequest r;
    r.set_name(n(w.total.name()));
    v1::ReportedTotal o;
    return s.GetReportedTotal(Ctx(k).get(), r, &o);
  });
  add("ListReportedTotals", [&](Stub& s, auto& k, auto& n) {
    v1::ListReportedTotalsRequest r;
    r.set_parent(n(w.a.parent()));
    v1::ListReportedTotalsResponse o;
    auto st = s.ListReportedTotals(Ctx(k).get(), r, &o);
    return Leak(o.DebugString().find("confidentiel") != std::string::npos, st);
  });
  add("UpdateReportedTotal", [&](Stub& s, auto& k, auto& n) {
    v1::UpdateReportedTotalRequest r;
    r.mutable_reported_total()->set_name(n(w.total.name()));
    r.mutable_reported_total()->set_total(20);
    r.mutable_update_mask()->add_paths("total");
    v1::ReportedTotal o;
    return s.UpdateReportedTotal(Ctx(k).get(), r, &o);
  });
  add("DeleteReportedTotal", [&](Stub& s, auto& k, auto& n) {
    v1::DeleteReportedTotalRequest r;
    r.set_name(n(w.total.name()));
    google::protobuf::Empty o;
    return s.DeleteReportedTotal(Ctx(k).get(), r, &o);
  });
  add("ExportAwards", [&](Stub& s, auto& k, auto& n) {
    v1::ExportAwardsRequest r;
    r.set_parent(n(w.a.parent()));
    r.set_format(v1::ExportAwardsRequest::CSV);
    v1::AwardsExport o;
    auto st = s.ExportAwards(Ctx(k).get(), r, &o);
    return Leak(o.data().find("confidentiel") != std::string::npos, st);
  });
  add("ImportAwards", [&](Stub& s, auto& k, auto& n) {
    auto ctx = Ctx(k);
    v1::ImportAwardsResponse o;
    auto writer = s.ImportAwards(ctx.get(), &o);
    v1::ImportAwardsRequest r;
    r.set_parent(n(w.a.parent()));
    auto* row = r.add_rows();
    row->set_line(2);
    row->set_award_id("aide");
    *row->mutable_award() = w.award;
    row->mutable_award()->set_organisation(n(w.award.organisation()));
    row->mutable_award()->set_program(n(w.award.program()));
    row->mutable_award()->set_call_for_projects(n(w.award.call_for_projects()));
    writer->Write(r);
    writer->WritesDone();
    return writer->Finish();
  });
  add("SummarizeFunding", [&](Stub& s, auto& k, auto& n) {
    v1::SummarizeRequest r;
    r.set_parent(n(w.a.parent()));
    r.set_fiscal_year("2017-2018");
    v1::IndicatorSummary o;
    auto st = s.SummarizeFunding(Ctx(k).get(), r, &o);
    // Only A has an award: its amount in B's summary would be a leak.
    bool leaked = false;
    for (const auto& v : o.values())
      leaked |= v.indicator() == "funding.amount_authorised";
    return Leak(leaked, st);
  });
  return rpcs;
}

// A's funding as A's viewer reads it.
std::string Snapshot(const World& w) {
  std::string out;
  for (const auto& [name, rpc] : AllRpcs(w)) {
    if (name.rfind("Get", 0) != 0) continue;
    out +=
        name + ":" +
        std::to_string(rpc(*Funding(), w.a.viewer_key, SameName).error_code());
  }
  auto stub = Funding();
  v1::GetAwardRequest g;
  g.set_name(w.award.name());
  v1::Award award;
  EXPECT_TRUE(stub->GetAward(Ctx(w.a.viewer_key).get(), g, &award).ok());
  out += award.SerializeAsString();
  v1::SummarizeRequest sr;
  sr.set_parent(w.a.parent());
  sr.set_fiscal_year("2017-2018");
  v1::IndicatorSummary summary;
  EXPECT_TRUE(
      stub->SummarizeFunding(Ctx(w.a.viewer_key).get(), sr, &summary).ok());
  out += summary.SerializeAsString();
  return out;
}

const std::set<std::string> kReference = {"ListFunders", "ListPrograms"};

TEST(FundingTenancyTest, EveryRpcCoveredByTheMatrix) {
  World w = Build();
  ExpectEveryMethodCovered(v1::FundingService::service_full_name(), AllRpcs(w));
}

TEST(FundingTenancyTest, TenantBCannotReachTenantAsResourcesByName) {
  World w = Build();
  std::string before = Snapshot(w);
  ExpectDeniedByName(*Funding(), AllRpcs(w), {w.b.editor_key, w.b.viewer_key},
                     "confidentiel", kReference);
  EXPECT_EQ(Snapshot(w), before);
}

TEST(FundingTenancyTest, TenantBFindsNothingOfAUnderItsOwnTenant) {
  World w = Build();
  std::string before = Snapshot(w);
  auto stub = Funding();
  auto as_b = [&](const std::string& n) { return AsB(w, n); };
  for (const auto& [name, rpc] : AllRpcs(w)) {
    if (kReference.count(name)) continue;
    grpc::Status s = rpc(*stub, w.b.editor_key, as_b);
    if (name.rfind("Create", 0) == 0 || name == "ImportAwards") {
      // B's own right, or refused because A's program, call or organisation
      // do not exist in B.
      EXPECT_TRUE(s.ok() ||
                  s.error_code() == grpc::StatusCode::INVALID_ARGUMENT)
          << name << ": " << s.error_message();
      continue;
    }
    EXPECT_EQ(s.error_code(), grpc::StatusCode::NOT_FOUND)
        << name << ": " << s.error_message();
  }
  EXPECT_EQ(Snapshot(w), before);
}

TEST(FundingTenancyTest, PlatformAdminReachesNoTenantData) {
  World w = Build();
  ExpectDeniedByName(*Funding(), AllRpcs(w), {AdminKey()}, "confidentiel",
                     kReference);
  ExpectDeniedByName(*Funding(), AllRpcs(w), {ServiceKey()}, "confidentiel",
                     {"ListFunders", "ListPrograms", "SummarizeFunding"});
}

}  // namespace
}  // namespace poles::testing
