// The funding service through its public API, against a real database:
// reconciliation of reported totals to the cent, award recipients from the
// tenant's own directory only, amounts, fiscal years of decision dates in
// America/Montreal, standard-method behaviour, and SummarizeFunding.
#include <map>
#include <set>

#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "services/funding/summary.h"
#include "tests/test_env.h"

namespace poles::testing {
namespace {

v1::Money Cad(int64_t cents) {
  v1::Money m;
  m.set_cents(cents);
  m.set_currency_code("CAD");
  return m;
}

class FundingApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    t_ = NewTenant("fund", {"becancour", "drummond"});
    stub_ = Funding();
  }

  long Rows(const std::string& table) {
    pqxx::connection c(SuperuserUrl());
    pqxx::work w(c);
    return w
        .exec_params(
            "SELECT count(*) FROM poles." + table + " WHERE tenant_id = $1",
            t_.slug)[0][0]
        .as<long>();
  }

  v1::Organisation Organisation(const TestTenant& t, const std::string& id,
                                const std::string& name) {
    v1::CreateOrganisationRequest r;
    r.set_parent(t.parent());
    r.set_organisation_id(id);
    auto* o = r.mutable_organisation();
    o->set_display_name(name);
    o->set_kind(v1::Organisation::ENTERPRISE);
    o->set_legal_form(v1::Organisation::OBNL);
    o->set_sector("sectors/loisir-et-sport");
    o->set_mrc(t.slug == t_.slug ? "mrcs/drummond" : "mrcs/becancour");
    o->set_neq("1160000001");
    v1::Organisation out;
    auto s =
        Directories()->CreateOrganisation(Ctx(t.editor_key).get(), r, &out);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return out;
  }

  v1::ReportedTotal ServicesQuebec() {
    v1::ReportedTotal t;
    t.set_funder("funders/services-quebec");
    t.set_fiscal_year("2017-2018");
    t.set_measure(v1::REPORTED_MEASURE_AMOUNT);
    t.set_title(
        "Investissements dans les entreprises d'économie sociale de la région");
    t.set_source_note(
        "Source : Direction régionale Emploi Québec du Centre-du-Québec");
    t.set_total(71728083);
    auto* m = t.add_breakdowns();
    m->set_dimension("measure");
    m->set_label("Mesure/programme");
    const std::pair<const char*, int64_t> measures[] = {
        {"programs/contrat-integration-travail", 16678651},
        {"programs/concertation-pour-l-emploi", 1535050},
        {"programs/mesure-formation-employeurs", 5112469},
        {"programs/programme-aide-accompagnement-social", 6556028},
        {"programs/subvention-salariale", 41845885}};
    for (const auto& [k, v] : measures) {
      auto* i = m->add_items();
      i->set_key(k);
      i->set_value(v);
    }
    auto* o = t.add_breakdowns();
    o->set_dimension("office");
    o->set_label("Répartition par CLE ou bureau de Services Québec");
    const std::pair<const char*, int64_t> offices[] = {
        {"drummondville", 41392180},
        {"becancour", 3420272},
        {"victoriaville", 6125965},
        {"plessisville", 3599034},
        {"direction-regionale", 17190632}};
    for (const auto& [k, v] : offices) {
      auto* i = o->add_items();
      i->set_key(k);
      i->set_label(k);
      i->set_value(v);
    }
    return t;
  }

  absl::Status CreateTotal(const v1::ReportedTotal& t, v1::ReportedTotal* out,
                           const std::string& id = "") {
    v1::CreateReportedTotalRequest r;
    r.set_parent(t_.parent());
    r.set_reported_total_id(id);
    *r.mutable_reported_total() = t;
    return S(stub_->CreateReportedTotal(Ctx(t_.editor_key).get(), r, out));
  }

  v1::Award PromoterAward(const std::string& date, int64_t authorised) {
    v1::Award a;
    a.set_title("Projet collectif");
    a.set_promoter_group("Comité de citoyens");
    a.mutable_recipient_snapshot()->set_mrc("mrcs/becancour");
    a.mutable_recipient_snapshot()->set_sector("sectors/loisir-et-sport");
    a.set_program("programs/fdt-economie-sociale");
    *a.mutable_amount_authorised() = Cad(authorised);
    a.set_decision_date(date);
    a.set_status(v1::Award::AUTHORISED);
    return a;
  }

  absl::Status CreateAward(const v1::Award& a, v1::Award* out,
                           const std::string& id = "",
                           const std::string& request_id = "") {
    v1::CreateAwardRequest r;
    r.set_parent(t_.parent());
    r.set_award_id(id);
    r.set_request_id(request_id);
    *r.mutable_award() = a;
    return S(stub_->CreateAward(Ctx(t_.editor_key).get(), r, out));
  }

  TestTenant t_;
  std::unique_ptr<v1::FundingService::Stub> stub_;
};

TEST_F(FundingApiTest, TheServicesQuebecTotalReconcilesInBothBreakdowns) {
  v1::ReportedTotal out;
  ASSERT_THAT(CreateTotal(ServicesQuebec(), &out, "services-quebec-2017-2018"),
              IsOk());
  EXPECT_EQ(out.total(), 71728083);
  EXPECT_EQ(out.breakdowns_size(), 2);
  EXPECT_EQ(out.findings_size(), 0);
  EXPECT_FALSE(out.etag().empty());
}

TEST_F(FundingApiTest, ABreakdownOffByOneCentIsRefusedAndNothingIsWritten) {
  auto t = ServicesQuebec();
  t.mutable_breakdowns(1)->mutable_items(4)->set_value(17190631);
  long totals = Rows("reported_totals"), audit = Rows("audit_log");
  v1::ReportedTotal out;
  absl::Status s = CreateTotal(t, &out);
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition) << s;
  EXPECT_EQ(ReasonOf(s), "BREAKDOWN_MISMATCH");
  EXPECT_THAT(std::string(s.message()),
              ::testing::HasSubstr("breakdowns[1] (office)"));
  EXPECT_THAT(std::string(s.message()), ::testing::HasSubstr("0,01 $ less"));
  EXPECT_EQ(Rows("reported_totals"), totals);
  EXPECT_EQ(Rows("audit_log"), audit);

  // The same figures recorded as published are kept, with the finding.
  t.set_as_published(true);
  ASSERT_THAT(CreateTotal(t, &out, "as-published"), IsOk());
  ASSERT_EQ(out.findings_size(), 1);
  EXPECT_EQ(out.findings(0).code(), "BREAKDOWN_MISMATCH");
  EXPECT_EQ(out.findings(0).field(), "breakdowns[1]");
  EXPECT_EQ(out.findings(0).difference(), -1);
  v1::GetReportedTotalRequest get;
  get.set_name(out.name());
  v1::ReportedTotal read;
  ASSERT_TRUE(
      stub_->GetReportedTotal(Ctx(t_.viewer_key).get(), get, &read).ok());
  EXPECT_EQ(read.findings_size(), 1);
  v1::ListReportedTotalsRequest list;
  list.set_parent(t_.parent());
  v1::ListReportedTotalsResponse listed;
  ASSERT_TRUE(
      stub_->ListReportedTotals(Ctx(t_.viewer_key).get(), list, &listed).ok());
  ASSERT_EQ(listed.reported_totals_size(), 1);
  EXPECT_EQ(listed.reported_totals(0).findings_size(), 1);

  v1::SummarizeRequest sum;
  sum.set_parent(t_.parent());
  sum.set_fiscal_year("2017-2018");
  v1::IndicatorSummary summary;
  ASSERT_TRUE(
      stub_->SummarizeFunding(Ctx(ServiceKey()).get(), sum, &summary).ok());
  bool found = false;
  for (const auto& v : summary.values()) {
    if (v.indicator() == "funding.reported_amount" && v.dimensions().empty()) {
      found = true;
      EXPECT_EQ(v.value(), 71728083);
      EXPECT_EQ(v.provenance(), v1::PROVENANCE_REPORTED);
      ASSERT_EQ(v.findings_size(), 1);
      EXPECT_THAT(v.findings(0), ::testing::HasSubstr("BREAKDOWN_MISMATCH"));
    }
  }
  EXPECT_TRUE(found);

  // Updating it to reconcile without as_published clears the finding;
  // updating it back to a mismatch without as_published is refused.
  v1::UpdateReportedTotalRequest up;
  *up.mutable_reported_total() = read;
  up.mutable_reported_total()->set_as_published(false);
  up.mutable_update_mask()->add_paths("as_published");
  v1::ReportedTotal updated;
  EXPECT_EQ(
      S(stub_->UpdateReportedTotal(Ctx(t_.editor_key).get(), up, &updated))
          .code(),
      absl::StatusCode::kFailedPrecondition);
  up.mutable_reported_total()
      ->mutable_breakdowns(1)
      ->mutable_items(4)
      ->set_value(17190632);
  up.mutable_update_mask()->add_paths("breakdowns");
  ASSERT_THAT(
      S(stub_->UpdateReportedTotal(Ctx(t_.editor_key).get(), up, &updated)),
      IsOk());
  EXPECT_EQ(updated.findings_size(), 0);
}

// Get, List (by pages), Update (mask, etag) and Delete (etag) of an
// agreement: the skeleton agreements, calls and reported totals share.
TEST_F(FundingApiTest, AnAgreementsLifecycle) {
  const long audit = Rows("audit_log");
  v1::Agreement created[2];
  for (int i = 0; i < 2; ++i) {
    v1::CreateAgreementRequest r;
    r.set_parent(t_.parent());
    r.set_agreement_id(i == 0 ? "mesi-a" : "mesi-b");
    auto* a = r.mutable_agreement();
    a->set_funder("funders/mesi");
    a->set_title(absl::StrCat("Entente ", i));
    a->set_start_fiscal_year(i == 0 ? "2016-2017" : "2017-2018");
    a->set_end_fiscal_year("2018-2019");
    a->set_status(v1::Agreement::ACTIVE);
    auto* y = a->add_years();
    y->set_fiscal_year("2017-2018");
    *y->mutable_amount() = Cad(5000000);
    ASSERT_THAT(
        S(stub_->CreateAgreement(Ctx(t_.editor_key).get(), r, &created[i])),
        IsOk());
  }
  v1::ListAgreementsRequest list;
  list.set_parent(t_.parent());
  list.set_page_size(1);
  std::vector<std::string> names;
  do {
    v1::ListAgreementsResponse page;
    ASSERT_THAT(S(stub_->ListAgreements(Ctx(t_.viewer_key).get(), list, &page)),
                IsOk());
    ASSERT_LE(page.agreements_size(), 1);
    for (const auto& a : page.agreements()) names.push_back(a.name());
    list.set_page_token(page.next_page_token());
  } while (!list.page_token().empty());
  EXPECT_THAT(names,
              ::testing::ElementsAre(created[0].name(), created[1].name()));

  v1::UpdateAgreementRequest up;
  up.mutable_agreement()->set_name(created[0].name());
  up.mutable_agreement()->set_title("Entente renouvelée");
  up.mutable_agreement()->set_etag(created[0].etag());
  up.mutable_update_mask()->add_paths("title");
  v1::Agreement updated;
  ASSERT_THAT(S(stub_->UpdateAgreement(Ctx(t_.editor_key).get(), up, &updated)),
              IsOk());
  EXPECT_EQ(updated.title(), "Entente renouvelée");
  EXPECT_EQ(updated.start_fiscal_year(), "2016-2017");
  ASSERT_EQ(updated.years_size(), 1);
  EXPECT_NE(updated.etag(), created[0].etag());
  // The etag read before the update is stale now.
  EXPECT_EQ(
      S(stub_->UpdateAgreement(Ctx(t_.editor_key).get(), up, &updated)).code(),
      absl::StatusCode::kAborted);
  up.mutable_agreement()->set_name(t_.parent() + "/agreements/absente");
  up.mutable_agreement()->clear_etag();
  EXPECT_EQ(
      S(stub_->UpdateAgreement(Ctx(t_.editor_key).get(), up, &updated)).code(),
      absl::StatusCode::kNotFound);

  v1::DeleteAgreementRequest del;
  del.set_name(created[0].name());
  del.set_etag(created[0].etag());
  google::protobuf::Empty e;
  EXPECT_EQ(S(stub_->DeleteAgreement(Ctx(t_.editor_key).get(), del, &e)).code(),
            absl::StatusCode::kAborted);
  del.set_etag(updated.etag());
  ASSERT_THAT(S(stub_->DeleteAgreement(Ctx(t_.editor_key).get(), del, &e)),
              IsOk());
  v1::GetAgreementRequest get;
  get.set_name(created[0].name());
  v1::Agreement read;
  EXPECT_EQ(S(stub_->GetAgreement(Ctx(t_.viewer_key).get(), get, &read)).code(),
            absl::StatusCode::kNotFound);
  get.set_name(created[1].name());
  ASSERT_THAT(S(stub_->GetAgreement(Ctx(t_.viewer_key).get(), get, &read)),
              IsOk());
  EXPECT_EQ(read.title(), "Entente 1");
  // Two creations, one update and one deletion, each audited.
  EXPECT_EQ(Rows("audit_log") - audit, 4);
}

TEST_F(FundingApiTest, AnotherTenantsOrganisationIsRefused) {
  TestTenant other = NewTenant("fundo");
  v1::Organisation theirs =
      Organisation(other, "cc-st-pierre", "Centre communautaire de B");
  v1::Award a = PromoterAward("2018-01-15", 100);
  a.set_organisation(theirs.name());
  v1::Award out;
  EXPECT_THAT(CreateAward(a, &out), InvalidFieldIs("award.organisation"));
  // Naming B's id under A's own tenant: not in A's directory.
  a.set_organisation(t_.parent() + "/organisations/cc-st-pierre");
  EXPECT_THAT(CreateAward(a, &out), InvalidFieldIs("award.organisation"));
  EXPECT_EQ(Rows("awards"), 0);
}

TEST_F(FundingApiTest, AnOrganisationRecipientCarriesItsDirectorySnapshot) {
  v1::Organisation ours =
      Organisation(t_, "cc-st-pierre", "Centre communautaire St-Pierre");
  v1::CreateCallForProjectsRequest call;
  call.set_parent(t_.parent());
  call.set_call_for_projects_id("automne-2017");
  auto* c = call.mutable_call_for_projects();
  c->set_program("programs/piec");
  c->set_title("Appel de projets automne 2017");
  c->set_fiscal_year("2017-2018");
  c->set_information_requests(8);
  c->set_eligibility_requests(11);
  c->set_applications_filed(4);
  c->set_recommended(3);
  c->set_retained(1);
  v1::CallForProjects created_call;
  ASSERT_TRUE(
      stub_
          ->CreateCallForProjects(Ctx(t_.editor_key).get(), call, &created_call)
          .ok());
  v1::Award a;
  a.set_title(
      "Acquisition de l'église St-Pierre-et-Paul et conversion en lieu "
      "communautaire");
  a.set_organisation(ours.name());
  a.set_program("programs/piec");
  *a.mutable_amount_authorised() = Cad(33790500);
  *a.mutable_total_investment() = Cad(214908300);
  a.set_decision_date("2018-03-20");
  a.set_status(v1::Award::AUTHORISED);
  a.set_call_for_projects(created_call.name());
  v1::Award out;
  ASSERT_THAT(CreateAward(a, &out, "st-pierre"), IsOk());
  EXPECT_EQ(out.recipient_snapshot().display_name(),
            "Centre communautaire St-Pierre");
  EXPECT_EQ(out.recipient_snapshot().mrc(), "mrcs/drummond");
  EXPECT_EQ(out.recipient_snapshot().sector(), "sectors/loisir-et-sport");
  EXPECT_EQ(out.recipient_snapshot().legal_form(), v1::Organisation::OBNL);
  EXPECT_EQ(out.recipient_snapshot().neq(), "1160000001");
  EXPECT_EQ(out.funder(), "funders/mesi");
  EXPECT_EQ(out.funder_kind(), v1::FUNDER_KIND_PROVINCIAL);
  EXPECT_EQ(out.fiscal_year(), "2017-2018");

  v1::SummarizeRequest sum;
  sum.set_parent(t_.parent());
  sum.set_fiscal_year("2017-2018");
  sum.add_dimensions("mrc");
  sum.add_dimensions("legal_form");
  v1::IndicatorSummary summary;
  ASSERT_TRUE(
      stub_->SummarizeFunding(Ctx(t_.viewer_key).get(), sum, &summary).ok());
  std::map<std::string, int64_t> totals;
  for (const auto& v : summary.values()) {
    std::string key = v.indicator();
    for (const auto& [k, val] : std::map<std::string, std::string>(
             v.dimensions().begin(), v.dimensions().end())) {
      key += "|" + k + "=" + val;
    }
    totals[key] = v.value();
  }
  EXPECT_EQ(totals["funding.awards"], 1);
  EXPECT_EQ(totals["funding.amount_authorised"], 33790500);
  EXPECT_EQ(totals["funding.investment_generated"], 214908300);
  EXPECT_EQ(totals["funding.amount_authorised|legal_form=obnl|mrc=drummond"],
            33790500);
  EXPECT_EQ(totals["funding.call_information_requests"], 8);
  EXPECT_EQ(totals["funding.call_eligibility_requests"], 11);
  EXPECT_EQ(totals["funding.call_applications_filed"], 4);
  EXPECT_EQ(totals["funding.call_recommended"], 3);
  EXPECT_EQ(totals["funding.call_retained"], 1);
  EXPECT_EQ(totals.count("funding.amount_disbursed"), 0u);
  EXPECT_EQ(totals.count("funding.jobs_created"), 0u);

  v1::ListAwardsRequest list;
  list.set_parent(t_.parent());
  list.set_call_for_projects(created_call.name());
  v1::ListAwardsResponse listed;
  ASSERT_TRUE(stub_->ListAwards(Ctx(t_.viewer_key).get(), list, &listed).ok());
  ASSERT_EQ(listed.awards_size(), 1);
  EXPECT_EQ(listed.awards(0).name(), out.name());

  v1::DeleteCallForProjectsRequest del;
  del.set_name(created_call.name());
  google::protobuf::Empty e;
  EXPECT_EQ(
      S(stub_->DeleteCallForProjects(Ctx(t_.editor_key).get(), del, &e)).code(),
      absl::StatusCode::kFailedPrecondition);
}

TEST_F(FundingApiTest, AmountsAreCheckedAndNamed) {
  v1::Award out;
  v1::Award a = PromoterAward("2018-01-15", 100);
  a.mutable_amount_authorised()->set_cents(-1);
  EXPECT_THAT(CreateAward(a, &out), InvalidFieldIs("award.amount_authorised"));
  a = PromoterAward("2018-01-15", 100);
  *a.mutable_amount_disbursed() = Cad(101);
  EXPECT_THAT(CreateAward(a, &out), InvalidFieldIs("award.amount_disbursed"));
  a = PromoterAward("2018-01-15", 100);
  a.mutable_amount_authorised()->set_currency_code("EUR");
  EXPECT_THAT(CreateAward(a, &out),
              InvalidFieldIs("award.amount_authorised.currency_code"));
  a = PromoterAward("2018-01-15", 100);
  a.mutable_recipient_snapshot()->set_mrc("mrcs/montreal");
  EXPECT_THAT(CreateAward(a, &out),
              InvalidFieldIs("award.recipient_snapshot.mrc"));
  a = PromoterAward("2018-01-15", 100);
  a.set_program("programs/nope");
  EXPECT_THAT(CreateAward(a, &out), InvalidFieldIs("award.program"));
  EXPECT_EQ(Rows("awards"), 0);
}

TEST_F(FundingApiTest,
       DecisionDatesOf31MarchAnd1AprilFallInDifferentFiscalYears) {
  v1::Award march, april;
  ASSERT_THAT(CreateAward(PromoterAward("2018-03-31", 100), &march), IsOk());
  ASSERT_THAT(CreateAward(PromoterAward("2018-04-01", 200), &april), IsOk());
  EXPECT_EQ(march.fiscal_year(), "2017-2018");
  EXPECT_EQ(april.fiscal_year(), "2018-2019");
  const auto authorised = [&](const std::string& fy) {
    v1::SummarizeRequest sum;
    sum.set_parent(t_.parent());
    sum.set_fiscal_year(fy);
    v1::IndicatorSummary summary;
    EXPECT_TRUE(
        stub_->SummarizeFunding(Ctx(t_.viewer_key).get(), sum, &summary).ok());
    for (const auto& v : summary.values()) {
      if (v.indicator() == "funding.amount_authorised" &&
          v.dimensions().empty()) {
        return v.value();
      }
    }
    return int64_t{-1};
  };
  EXPECT_EQ(authorised("2017-2018"), 100);
  EXPECT_EQ(authorised("2018-2019"), 200);
  v1::ListAwardsRequest list;
  list.set_parent(t_.parent());
  list.set_fiscal_year("2017-2018");
  v1::ListAwardsResponse listed;
  ASSERT_TRUE(stub_->ListAwards(Ctx(t_.viewer_key).get(), list, &listed).ok());
  ASSERT_EQ(listed.awards_size(), 1);
  EXPECT_EQ(listed.awards(0).name(), march.name());
}

TEST_F(FundingApiTest, PaginationMasksEtagsAndRequestIds) {
  for (int i = 0; i < 5; ++i) {
    v1::Award out;
    ASSERT_THAT(
        CreateAward(PromoterAward(absl::StrCat("2018-01-1", i), 100 + i), &out,
                    absl::StrCat("a", i)),
        IsOk());
  }
  std::vector<std::string> seen;
  v1::ListAwardsRequest list;
  list.set_parent(t_.parent());
  list.set_page_size(2);
  for (int page = 0; page < 4; ++page) {
    v1::ListAwardsResponse resp;
    ASSERT_TRUE(stub_->ListAwards(Ctx(t_.viewer_key).get(), list, &resp).ok());
    for (const auto& a : resp.awards()) seen.push_back(a.name());
    if (resp.next_page_token().empty()) break;
    list.set_page_token(resp.next_page_token());
  }
  EXPECT_EQ(seen, (std::vector<std::string>{
                      t_.parent() + "/awards/a4", t_.parent() + "/awards/a3",
                      t_.parent() + "/awards/a2", t_.parent() + "/awards/a1",
                      t_.parent() + "/awards/a0"}));
  list.set_page_size(-1);
  v1::ListAwardsResponse resp;
  EXPECT_THAT(S(stub_->ListAwards(Ctx(t_.viewer_key).get(), list, &resp)),
              InvalidFieldIs("page_size"));
  // A token is bound to its filter.
  list.set_page_size(2);
  list.clear_page_token();
  ASSERT_TRUE(stub_->ListAwards(Ctx(t_.viewer_key).get(), list, &resp).ok());
  list.set_page_token(resp.next_page_token());
  list.set_fiscal_year("2017-2018");
  EXPECT_THAT(S(stub_->ListAwards(Ctx(t_.viewer_key).get(), list, &resp)),
              InvalidFieldIs("page_token"));

  // Update with a mask and an etag; a stale etag changes nothing.
  v1::GetAwardRequest get;
  get.set_name(t_.parent() + "/awards/a0");
  v1::Award a0;
  ASSERT_TRUE(stub_->GetAward(Ctx(t_.viewer_key).get(), get, &a0).ok());
  v1::UpdateAwardRequest up;
  *up.mutable_award() = a0;
  up.mutable_award()->set_title("Titre changé");
  up.mutable_award()->set_jobs_created(3);
  *up.mutable_award()->mutable_amount_disbursed() = Cad(50);
  up.mutable_award()->set_status(v1::Award::DISBURSED);
  up.mutable_update_mask()->add_paths("title");
  up.mutable_update_mask()->add_paths("jobs_created");
  up.mutable_update_mask()->add_paths("amount_disbursed");
  up.mutable_update_mask()->add_paths("status");
  up.mutable_update_mask()->add_paths("fiscal_year");  // output only: ignored
  v1::Award updated;
  ASSERT_THAT(S(stub_->UpdateAward(Ctx(t_.editor_key).get(), up, &updated)),
              IsOk());
  EXPECT_EQ(updated.title(), "Titre changé");
  EXPECT_EQ(updated.jobs_created(), 3);
  EXPECT_FALSE(updated.has_jobs_maintained());
  EXPECT_EQ(updated.amount_disbursed().cents(), 50);
  EXPECT_NE(updated.etag(), a0.etag());
  EXPECT_EQ(
      S(stub_->UpdateAward(Ctx(t_.editor_key).get(), up, &updated)).code(),
      absl::StatusCode::kAborted);
  up.mutable_update_mask()->add_paths("recipient");
  EXPECT_THAT(S(stub_->UpdateAward(Ctx(t_.editor_key).get(), up, &updated)),
              InvalidFieldIs("update_mask"));

  // A replayed request id returns the first award and creates nothing.
  v1::Award first, replay;
  ASSERT_THAT(CreateAward(PromoterAward("2018-02-01", 7), &first, "", "req-1"),
              IsOk());
  long before = Rows("awards");
  ASSERT_THAT(CreateAward(PromoterAward("2018-02-01", 7), &replay, "", "req-1"),
              IsOk());
  EXPECT_EQ(replay.name(), first.name());
  EXPECT_EQ(Rows("awards"), before);
  v1::Award dup;
  EXPECT_EQ(CreateAward(PromoterAward("2018-02-01", 7), &dup, "a0").code(),
            absl::StatusCode::kAlreadyExists);

  // Delete with a stale etag is refused; with the current one it goes.
  v1::DeleteAwardRequest del;
  del.set_name(a0.name());
  del.set_etag(a0.etag());
  google::protobuf::Empty e;
  EXPECT_EQ(S(stub_->DeleteAward(Ctx(t_.editor_key).get(), del, &e)).code(),
            absl::StatusCode::kAborted);
  del.set_etag(updated.etag());
  EXPECT_THAT(S(stub_->DeleteAward(Ctx(t_.editor_key).get(), del, &e)), IsOk());
  EXPECT_EQ(S(stub_->GetAward(Ctx(t_.viewer_key).get(), get, &a0)).code(),
            absl::StatusCode::kNotFound);
}

TEST_F(FundingApiTest, TheMesiAgreementAndItsMatchingContributions) {
  v1::CreateAgreementRequest r;
  r.set_parent(t_.parent());
  r.set_agreement_id("mesi-2015-2020");
  auto* a = r.mutable_agreement();
  a->set_funder("funders/mesi");
  a->set_program("programs/protocole-poles-2015-2020");
  a->set_title("Convention MESI–Pôle 2015-2020");
  a->set_signature_date("2016-01-20");
  a->set_start_fiscal_year("2015-2016");
  a->set_end_fiscal_year("2019-2020");
  a->set_status(v1::Agreement::ACTIVE);
  for (int y = 2015; y < 2020; ++y) {
    auto* year = a->add_years();
    year->set_fiscal_year(absl::StrCat(y, "-", y + 1));
    *year->mutable_amount() = Cad(5000000);
    if (y == 2017) {
      *year->mutable_matching_required() = Cad(1000000);
      *year->mutable_matching_received() = Cad(1250000);
    }
  }
  v1::Agreement out;
  ASSERT_THAT(S(stub_->CreateAgreement(Ctx(t_.editor_key).get(), r, &out)),
              IsOk());
  EXPECT_EQ(out.total_amount().cents(), 25000000);
  EXPECT_EQ(out.years_size(), 5);
  // A program of another funder is refused.
  r.set_agreement_id("wrong");
  r.mutable_agreement()->set_program("programs/fli");
  v1::Agreement bad;
  EXPECT_THAT(S(stub_->CreateAgreement(Ctx(t_.editor_key).get(), r, &bad)),
              InvalidFieldIs("agreement.program"));

  v1::SummarizeRequest sum;
  sum.set_parent(t_.parent());
  sum.set_fiscal_year("2017-2018");
  sum.add_dimensions("funder");
  v1::IndicatorSummary summary;
  ASSERT_TRUE(
      stub_->SummarizeFunding(Ctx(t_.editor_key).get(), sum, &summary).ok());
  std::map<std::string, int64_t> values;
  for (const auto& v : summary.values()) {
    std::string key = v.indicator();
    for (const auto& [k, val] : std::map<std::string, std::string>(
             v.dimensions().begin(), v.dimensions().end())) {
      key += "|" + k + "=" + val;
    }
    values[key] = v.value();
  }
  EXPECT_EQ(values["funding.agreement_amount"], 5000000);
  EXPECT_EQ(values["funding.agreement_amount|funder=mesi"], 5000000);
  EXPECT_EQ(values["funding.matching_required"], 1000000);
  EXPECT_EQ(values["funding.matching_received"], 1250000);
  // Another tenant's users may not summarise this one.
  TestTenant other = NewTenant("fundx");
  EXPECT_EQ(
      S(stub_->SummarizeFunding(Ctx(other.viewer_key).get(), sum, &summary))
          .code(),
      absl::StatusCode::kPermissionDenied);
}

TEST_F(FundingApiTest, CatalogueAndLocalPrograms) {
  v1::ListFundersRequest lf;
  lf.set_page_size(200);
  v1::ListFundersResponse funders;
  ASSERT_TRUE(stub_->ListFunders(Ctx(t_.viewer_key).get(), lf, &funders).ok());
  bool mesi = false;
  for (const auto& f : funders.funders()) {
    if (f.name() == "funders/mesi") {
      mesi = true;
      EXPECT_THAT(f.former_names(), ::testing::ElementsAre("MEIE", "MAMROT"));
    }
  }
  EXPECT_TRUE(mesi);
  v1::ListProgramsRequest lp;
  lp.set_funder("funders/services-quebec");
  v1::ListProgramsResponse programs;
  ASSERT_TRUE(stub_->ListPrograms(Ctx(AdminKey()).get(), lp, &programs).ok());
  EXPECT_EQ(programs.programs_size(), 5);

  v1::CreateLocalProgramRequest r;
  r.set_parent(t_.parent());
  r.set_program_id("fonds-caisse-locale");
  r.mutable_program()->set_funder("funders/caisse-economie-solidaire");
  r.mutable_program()->set_label_fr("Fonds de la caisse locale");
  r.mutable_program()->set_support_kind(v1::SUPPORT_KIND_LOAN);
  v1::Program local;
  ASSERT_THAT(S(stub_->CreateLocalProgram(Ctx(t_.editor_key).get(), r, &local)),
              IsOk());
  EXPECT_EQ(local.funder_kind(), v1::FUNDER_KIND_COOPERATIVE_FINANCE);
  v1::Award a = PromoterAward("2018-01-15", 1000);
  a.set_program(local.name());
  v1::Award out;
  ASSERT_THAT(CreateAward(a, &out), IsOk());
  v1::SummarizeRequest sum;
  sum.set_parent(t_.parent());
  sum.set_fiscal_year("2017-2018");
  sum.add_dimensions("funder_kind");
  v1::IndicatorSummary summary;
  ASSERT_TRUE(
      stub_->SummarizeFunding(Ctx(t_.editor_key).get(), sum, &summary).ok());
  bool rolled_up = false;
  for (const auto& v : summary.values()) {
    if (v.indicator() == "funding.amount_authorised" &&
        v.dimensions_size() == 1 &&
        v.dimensions().at("funder_kind") == "cooperative_finance") {
      rolled_up = v.value() == 1000;
    }
  }
  EXPECT_TRUE(rolled_up);
  v1::DeleteLocalProgramRequest del;
  del.set_name(local.name());
  google::protobuf::Empty e;
  EXPECT_EQ(
      S(stub_->DeleteLocalProgram(Ctx(t_.editor_key).get(), del, &e)).code(),
      absl::StatusCode::kFailedPrecondition);
}

TEST_F(FundingApiTest, ImportAwardsIsAllOrNothing) {
  const auto import = [&](const std::vector<v1::AwardRow>& rows,
                          bool validate_only, v1::ImportAwardsResponse* resp) {
    grpc::ClientContext ctx;
    ctx.AddMetadata("authorization", "Bearer " + t_.editor_key);
    auto writer = stub_->ImportAwards(&ctx, resp);
    v1::ImportAwardsRequest m;
    m.set_parent(t_.parent());
    m.set_validate_only(validate_only);
    for (const auto& r : rows) *m.add_rows() = r;
    writer->Write(m);
    writer->WritesDone();
    return S(writer->Finish());
  };
  std::vector<v1::AwardRow> rows(3);
  for (int i = 0; i < 3; ++i) {
    rows[i].set_line(i + 2);
    rows[i].set_award_id(absl::StrCat("imp", i));
    *rows[i].mutable_award() = PromoterAward("2017-10-01", 1000 * (i + 1));
  }
  rows[2].mutable_award()->mutable_amount_authorised()->set_cents(-5);
  v1::ImportAwardsResponse resp;
  EXPECT_THAT(import(rows, false, &resp),
              InvalidFieldIs("lines[4].amount_authorised"));
  EXPECT_EQ(Rows("awards"), 0);
  rows[2].mutable_award()->mutable_amount_authorised()->set_cents(5);
  ASSERT_THAT(import(rows, true, &resp), IsOk());
  EXPECT_EQ(resp.created(), 3);
  EXPECT_TRUE(resp.validate_only());
  EXPECT_EQ(Rows("awards"), 0);
  ASSERT_THAT(import(rows, false, &resp), IsOk());
  EXPECT_EQ(resp.created(), 3);
  EXPECT_EQ(Rows("awards"), 3);
  ASSERT_THAT(import(rows, false, &resp), IsOk());
  EXPECT_EQ(resp.updated(), 3);
  EXPECT_EQ(Rows("awards"), 3);
}

TEST_F(FundingApiTest, ExportAwardsAnswersWithAFile) {
  v1::Award out;
  ASSERT_THAT(CreateAward(PromoterAward("2018-01-15", 100), &out), IsOk());
  v1::ExportAwardsRequest r;
  r.set_parent(t_.parent());
  r.set_format(v1::ExportAwardsRequest::CSV);
  v1::AwardsExport file;
  ASSERT_THAT(S(stub_->ExportAwards(Ctx(t_.viewer_key).get(), r, &file)),
              IsOk());
  EXPECT_EQ(file.content_type(), "text/csv; charset=utf-8");
  EXPECT_NE(file.data().find("Projet collectif"), std::string::npos);
  r.set_format(v1::ExportAwardsRequest::FORMAT_UNSPECIFIED);
  EXPECT_THAT(S(stub_->ExportAwards(Ctx(t_.viewer_key).get(), r, &file)),
              InvalidFieldIs("format"));
}

TEST_F(FundingApiTest, TheCatalogueMatchesTheService) {
  v1::ListNationalIndicatorsResponse resp;
  ASSERT_TRUE(Admin()
                  ->ListNationalIndicators(Ctx(t_.viewer_key).get(),
                                           v1::ListNationalIndicatorsRequest(),
                                           &resp)
                  .ok());
  std::map<std::string, std::set<std::string>> catalogue;
  for (const auto& i : resp.indicators()) {
    if (i.service() != "funding") continue;
    std::string code = i.name().substr(i.name().find('/') + 1);
    catalogue[code] = {i.dimensions().begin(), i.dimensions().end()};
  }
  EXPECT_EQ(catalogue, funding::FundingIndicators());
}

}  // namespace
}  // namespace poles::testing
