#include "services/funding/funding_validation.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"

namespace poles::funding {
namespace {

using ::testing::Contains;
using ::testing::Field;
using ::testing::IsEmpty;

std::vector<std::string> BadFields(const absl::Status& s) {
  std::vector<std::string> out;
  for (const auto& v : FieldViolationsOf(s)) out.push_back(v.field);
  return out;
}

v1::Money Cad(int64_t cents) {
  v1::Money m;
  m.set_cents(cents);
  m.set_currency_code("CAD");
  return m;
}

v1::CreateAwardRequest GoodAward() {
  v1::CreateAwardRequest r;
  r.set_parent("tenants/centre-du-quebec");
  auto* a = r.mutable_award();
  a->set_title("Acquisition et conversion de l'église St-Pierre-et-Paul");
  a->set_organisation(
      "tenants/centre-du-quebec/organisations/centre-communautaire-st-pierre");
  a->set_program("programs/piec");
  *a->mutable_amount_authorised() = Cad(33790500);
  *a->mutable_total_investment() = Cad(214908300);
  a->set_decision_date("2018-03-15");
  a->set_status(v1::Award::AUTHORISED);
  return r;
}

TEST(FundingValidation, AGoodAwardPasses) {
  EXPECT_TRUE(Validate(GoodAward()).ok());
}

TEST(FundingValidation, NegativeAmountNamesTheField) {
  auto r = GoodAward();
  r.mutable_award()->mutable_amount_requested()->set_cents(-1);
  auto s = Validate(r);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(BadFields(s), Contains("award.amount_requested"));
}

TEST(FundingValidation, DisbursedAboveAuthorisedNamesDisbursed) {
  auto r = GoodAward();
  *r.mutable_award()->mutable_amount_disbursed() = Cad(33790501);
  EXPECT_THAT(BadFields(Validate(r)), Contains("award.amount_disbursed"));
  *r.mutable_award()->mutable_amount_disbursed() = Cad(33790500);
  EXPECT_TRUE(Validate(r).ok());
}

TEST(FundingValidation, OnlyCad) {
  auto r = GoodAward();
  r.mutable_award()->mutable_total_investment()->set_currency_code("USD");
  EXPECT_THAT(BadFields(Validate(r)),
              Contains("award.total_investment.currency_code"));
  r.mutable_award()->mutable_total_investment()->set_currency_code("");
  EXPECT_TRUE(Validate(r).ok());
}

TEST(FundingValidation, AnotherTenantsOrganisationOrProgramIsRefused) {
  auto r = GoodAward();
  r.mutable_award()->set_organisation(
      "tenants/capitale-nationale/organisations/x");
  EXPECT_THAT(BadFields(Validate(r)), Contains("award.organisation"));
  r = GoodAward();
  r.mutable_award()->set_program("tenants/capitale-nationale/programs/fonds");
  EXPECT_THAT(BadFields(Validate(r)), Contains("award.program"));
  r.mutable_award()->set_program("tenants/centre-du-quebec/programs/fonds");
  EXPECT_TRUE(Validate(r).ok());
}

TEST(FundingValidation, StatusNeedsItsFigures) {
  auto r = GoodAward();
  r.mutable_award()->clear_amount_authorised();
  EXPECT_THAT(BadFields(Validate(r)), Contains("award.amount_authorised"));
  r = GoodAward();
  r.mutable_award()->set_status(v1::Award::DISBURSED);
  EXPECT_THAT(BadFields(Validate(r)), Contains("award.amount_disbursed"));
  r = GoodAward();
  r.mutable_award()->clear_decision_date();
  EXPECT_THAT(BadFields(Validate(r)), Contains("award.decision_date"));
  r.mutable_award()->set_status(v1::Award::REQUESTED);
  EXPECT_TRUE(Validate(r).ok());
}

TEST(FundingValidation, ARecipientIsRequired) {
  auto r = GoodAward();
  r.mutable_award()->clear_recipient();
  EXPECT_THAT(BadFields(Validate(r)), Contains("award.organisation"));
  r.mutable_award()->set_promoter_group("Groupe de citoyens de Saint-Pierre");
  r.mutable_award()->mutable_recipient_snapshot()->set_mrc("mrcs/becancour");
  EXPECT_TRUE(Validate(r).ok());
  r.mutable_award()->mutable_recipient_snapshot()->set_neq("12345");
  EXPECT_THAT(BadFields(Validate(r)), Contains("award.recipient_snapshot.neq"));
}

TEST(FundingValidation, JobsAreOptionalAndBounded) {
  auto r = GoodAward();
  r.mutable_award()->set_jobs_created_or_maintained(58);
  EXPECT_TRUE(Validate(r).ok());
  r.mutable_award()->set_jobs_created(-1);
  EXPECT_THAT(BadFields(Validate(r)), Contains("award.jobs_created"));
}

TEST(FundingValidation, FiscalYearOfDecisionDate) {
  EXPECT_EQ(FiscalYearOfIsoDate("2018-03-31"), 2017);
  EXPECT_EQ(FiscalYearOfIsoDate("2018-04-01"), 2018);
  EXPECT_EQ(FiscalYearOfIsoDate("2016-01-20"), 2015);
  EXPECT_EQ(FiscalYearOfIsoDate("2018-02-30"), -1);
}

TEST(FundingValidation, FormatCents) {
  EXPECT_EQ(FormatCents(71728083), "717 280,83 $");
  EXPECT_EQ(FormatCents(1), "0,01 $");
  EXPECT_EQ(FormatCents(-100), "-1,00 $");
  EXPECT_EQ(FormatCents(33790500), "337 905,00 $");
}

v1::CreateAgreementRequest MesiAgreement() {
  v1::CreateAgreementRequest r;
  r.set_parent("tenants/vallee-du-haut-saint-laurent");
  auto* a = r.mutable_agreement();
  a->set_funder("funders/mesi");
  a->set_program("programs/protocole-poles-2015-2020");
  a->set_title("Convention MESI–Pôle 2015-2020");
  a->set_signature_date("2016-01-20");
  a->set_start_fiscal_year("2015-2016");
  a->set_end_fiscal_year("2019-2020");
  for (int y = 2015; y < 2020; ++y) {
    auto* year = a->add_years();
    year->set_fiscal_year(absl::StrCat(y, "-", y + 1));
    *year->mutable_amount() = Cad(5000000);
  }
  return r;
}

TEST(FundingValidation, Agreement) {
  EXPECT_TRUE(Validate(MesiAgreement()).ok());
  auto r = MesiAgreement();
  r.mutable_agreement()->mutable_years(4)->set_fiscal_year("2020-2021");
  EXPECT_THAT(BadFields(Validate(r)),
              Contains("agreement.years[4].fiscal_year"));
  r = MesiAgreement();
  r.mutable_agreement()->mutable_years(4)->set_fiscal_year("2015-2016");
  EXPECT_THAT(BadFields(Validate(r)),
              Contains("agreement.years[4].fiscal_year"));
  r = MesiAgreement();
  r.mutable_agreement()->set_end_fiscal_year("2014-2015");
  EXPECT_THAT(BadFields(Validate(r)), Contains("agreement.end_fiscal_year"));
  r = MesiAgreement();
  r.mutable_agreement()
      ->mutable_years(0)
      ->mutable_matching_received()
      ->set_cents(-5);
  EXPECT_THAT(BadFields(Validate(r)),
              Contains("agreement.years[0].matching_received"));
}

v1::ReportedTotal ServicesQuebec() {
  v1::ReportedTotal t;
  t.set_funder("funders/services-quebec");
  t.set_fiscal_year("2017-2018");
  t.set_measure(v1::REPORTED_MEASURE_AMOUNT);
  t.set_title(
      "Investissements dans les entreprises d'économie sociale de la région");
  t.set_total(71728083);
  auto* m = t.add_breakdowns();
  m->set_dimension("measure");
  const std::pair<const char*, int64_t> measures[] = {
      {"contrat-integration-travail", 16678651},
      {"concertation-pour-l-emploi", 1535050},
      {"mesure-formation-employeurs", 5112469},
      {"programme-aide-accompagnement-social", 6556028},
      {"subvention-salariale", 41845885}};
  for (const auto& [k, v] : measures) {
    auto* i = m->add_items();
    i->set_key(k);
    i->set_value(v);
  }
  auto* o = t.add_breakdowns();
  o->set_dimension("office");
  const std::pair<const char*, int64_t> offices[] = {
      {"drummondville", 41392180},
      {"becancour", 3420272},
      {"victoriaville", 6125965},
      {"plessisville", 3599034},
      {"direction-regionale", 17190632}};
  for (const auto& [k, v] : offices) {
    auto* i = o->add_items();
    i->set_key(k);
    i->set_value(v);
  }
  return t;
}

TEST(FundingValidation, TheServicesQuebecTotalReconcilesBothWays) {
  auto t = ServicesQuebec();
  Violations v;
  ValidateReportedTotal(t, "reported_total", "centre-du-quebec", v);
  EXPECT_TRUE(v.empty());
  EXPECT_THAT(ReconcileBreakdowns(t), IsEmpty());
}

TEST(FundingValidation, ABreakdownOffByOneCentIsAFindingWithItsDifference) {
  auto t = ServicesQuebec();
  t.mutable_breakdowns(1)->mutable_items(0)->set_value(41392179);
  auto findings = ReconcileBreakdowns(t);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].field(), "breakdowns[1]");
  EXPECT_EQ(findings[0].difference(), -1);
  EXPECT_EQ(findings[0].message(),
            "breakdowns[1] (office) adds up to 717 280,82 $, 0,01 $ less than "
            "the total of "
            "717 280,83 $");
  auto s = MismatchError(findings);
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(ReasonOf(s), "BREAKDOWN_MISMATCH");
  EXPECT_THAT(std::string(s.message()),
              ::testing::HasSubstr("breakdowns[1] (office)"));
}

TEST(FundingValidation, ReportedTotalShape) {
  auto t = ServicesQuebec();
  t.mutable_breakdowns(1)->set_dimension("measure");
  t.mutable_breakdowns(0)->mutable_items(1)->set_key(
      "contrat-integration-travail");
  t.mutable_breakdowns(0)->mutable_items(2)->set_value(-3);
  Violations v;
  ValidateReportedTotal(t, "reported_total", "centre-du-quebec", v);
  auto fields = BadFields(v.Status());
  EXPECT_THAT(fields, Contains("reported_total.breakdowns[1].dimension"));
  EXPECT_THAT(fields, Contains("reported_total.breakdowns[0].items[1].key"));
  EXPECT_THAT(fields, Contains("reported_total.breakdowns[0].items[2].value"));
}

TEST(FundingValidation, CallForProjectsFunnel) {
  v1::CreateCallForProjectsRequest r;
  r.set_parent("tenants/centre-du-quebec");
  auto* c = r.mutable_call_for_projects();
  c->set_program("programs/piec");
  c->set_title("Appel de projets automne 2017");
  c->set_fiscal_year("2017-2018");
  c->set_information_requests(8);
  c->set_eligibility_requests(11);
  c->set_applications_filed(4);
  c->set_recommended(3);
  c->set_retained(1);
  EXPECT_TRUE(Validate(r).ok());
  c->set_retained(-1);
  EXPECT_THAT(BadFields(Validate(r)), Contains("call_for_projects.retained"));
}

TEST(FundingValidation, ExportNeedsAFormat) {
  v1::ExportAwardsRequest r;
  r.set_parent("tenants/centre-du-quebec");
  EXPECT_THAT(BadFields(Validate(r)), Contains("format"));
  r.set_format(v1::ExportAwardsRequest::GIVING_360_JSON);
  EXPECT_TRUE(Validate(r).ok());
}

}  // namespace
}  // namespace poles::funding
