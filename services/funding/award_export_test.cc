#include "services/funding/award_export.h"

#include <random>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace poles::funding {
namespace {

v1::Award StPierre() {
  v1::Award a;
  a.set_name("tenants/centre-du-quebec/awards/st-pierre");
  a.set_title("Acquisition de l'église St-Pierre-et-Paul");
  a.set_promoter_group("Centre communautaire St-Pierre");
  a.set_program("programs/piec");
  a.set_funder("funders/mesi");
  a.set_call_for_projects("tenants/centre-du-quebec/calls/mesi-automne-2017");
  a.mutable_amount_authorised()->set_cents(33790500);
  a.mutable_total_investment()->set_cents(214908300);
  a.set_decision_date("2018-03-31");
  a.set_fiscal_year("2017-2018");
  a.set_status(v1::Award::AUTHORISED);
  return a;
}

v1::Award CoopWithNeq() {
  v1::Award a;
  a.set_name("tenants/centre-du-quebec/awards/coop-1");
  a.set_title("=Fonds de roulement, phase \"2\"");
  a.set_organisation("tenants/centre-du-quebec/organisations/coop-1");
  a.mutable_recipient_snapshot()->set_display_name(
      "Coop de solidarité, Bécancour");
  a.mutable_recipient_snapshot()->set_neq("1170000001");
  a.mutable_recipient_snapshot()->set_mrc("mrcs/becancour");
  a.mutable_recipient_snapshot()->set_sector("sectors/loisir");
  a.mutable_recipient_snapshot()->set_legal_form(v1::Organisation::COOPERATIVE);
  a.set_program("programs/fli");
  a.set_funder("funders/mrc");
  a.mutable_amount_requested()->set_cents(5000000);
  a.mutable_amount_authorised()->set_cents(4462501);
  a.mutable_amount_disbursed()->set_cents(1);
  a.set_decision_date("2017-04-01");
  a.set_fiscal_year("2017-2018");
  a.set_jobs_created(0);
  a.set_jobs_created_or_maintained(58);
  a.set_status(v1::Award::DISBURSED);
  return a;
}

AwardExportContext Context() {
  AwardExportContext c;
  c.tenant = "centre-du-quebec";
  c.publisher_name = "Pôle d'économie sociale du Centre-du-Québec";
  c.funder_labels = {{"funders/mesi", "MESI"}, {"funders/mrc", "MRC"}};
  c.program_labels = {{"programs/piec", "PIEC"}, {"programs/fli", "FLI"}};
  c.mrc_labels = {{"mrcs/becancour", "Bécancour"}};
  c.sector_labels = {{"sectors/loisir", "Loisir"}};
  c.issued = "2026-12-01";
  return c;
}

TEST(DecimalAmountTest, IsExact) {
  EXPECT_EQ(DecimalAmount(0), "0.00");
  EXPECT_EQ(DecimalAmount(1), "0.01");
  EXPECT_EQ(DecimalAmount(71728083), "717280.83");
  EXPECT_EQ(DecimalAmount(71728083, ','), "717280,83");
  EXPECT_EQ(DecimalAmount(-5), "-0.05");
  EXPECT_EQ(DecimalAmount(INT64_MIN), "-92233720368547758.08");
}

TEST(AwardCsvTest, OpensInExcel) {
  std::string csv =
      RenderAwardsCsv({StPierre(), CoopWithNeq()}, Context(), ';');
  ASSERT_EQ(csv.substr(0, 3), "\xEF\xBB\xBF");
  std::vector<std::string> lines;
  size_t start = 3;
  for (size_t crlf; (crlf = csv.find("\r\n", start)) != std::string::npos;
       start = crlf + 2) {
    lines.push_back(csv.substr(start, crlf - start));
  }
  EXPECT_EQ(start, csv.size()) << "every record ends with CRLF";
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_THAT(lines[0],
              ::testing::StartsWith(
                  "Identifiant;Titre;Organisation;Groupe promoteur;NEQ;MRC"));
  EXPECT_EQ(lines[1],
            "st-pierre;Acquisition de l'église St-Pierre-et-Paul;;Centre "
            "communautaire "
            "St-Pierre;;;;;MESI;piec;mesi-automne-2017;Autorisé;;337905,00;;"
            "2149083,00;"
            "2018-03-31;2017-2018;;;;;");
  // A formula is defused and quoted; an absent count stays empty, zero is 0.
  EXPECT_EQ(lines[2],
            "coop-1;\"'=Fonds de roulement, phase \"\"2\"\"\";Coop de "
            "solidarité, Bécancour;;"
            "1170000001;Bécancour;Loisir;Coopérative;MRC;fli;;Versé;50000,00;"
            "44625,01;0,01;;"
            "2017-04-01;2017-2018;0;;58;;");
}

TEST(AwardCsvTest, CommaSeparatedUsesDecimalPoint) {
  std::string csv = RenderAwardsCsv({StPierre()}, Context(), ',');
  EXPECT_THAT(csv, ::testing::HasSubstr(",337905.00,,2149083.00,"));
}

TEST(Awards360Test, GrantsCarryTheStandardsRequiredFields) {
  v1::Award refused = StPierre();
  refused.set_name("tenants/centre-du-quebec/awards/refused");
  refused.set_status(v1::Award::REFUSED);
  auto j = nlohmann::json::parse(
      RenderAwards360Giving({StPierre(), CoopWithNeq(), refused}, Context()));
  EXPECT_EQ(j["version"], "1.4");
  EXPECT_EQ(j["issued"], "2026-12-01");
  ASSERT_EQ(j["grants"].size(), 2u) << "a refused award is not a grant";
  const auto& g = j["grants"][0];
  EXPECT_EQ(g["id"], "360G-poles-centre-du-quebec-st-pierre");
  EXPECT_EQ(g["currency"], "CAD");
  EXPECT_EQ(g["awardDate"], "2018-03-31");
  EXPECT_EQ(g["amountAwarded"].dump(), "337905.0");
  EXPECT_EQ(g["recipientOrganization"][0]["id"],
            "360G-poles-centre-du-quebec-promoter-group-st-pierre");
  EXPECT_EQ(g["recipientOrganization"][0]["name"],
            "Centre communautaire St-Pierre");
  EXPECT_EQ(g["fundingOrganization"][0]["id"], "360G-poles-funder-mesi");
  EXPECT_EQ(g["fundingOrganization"][0]["name"], "MESI");
  EXPECT_EQ(g["fromOpenCall"], "Yes");
  EXPECT_FALSE(g.contains("beneficiaryLocation"));
  const auto& c = j["grants"][1];
  EXPECT_EQ(c["recipientOrganization"][0]["id"], "CA_QC-QBC-1170000001");
  EXPECT_EQ(c["amountAwarded"].dump(), "44625.01");
  EXPECT_EQ(c["amountDisbursed"].dump(), "0.01");
  EXPECT_EQ(c["amountAppliedFor"].dump(), "50000.0");
  EXPECT_EQ(c["beneficiaryLocation"][0]["name"], "Bécancour");
  EXPECT_EQ(c["classifications"][1]["code"], "cooperative");
  EXPECT_EQ(c["grantProgramme"][0]["code"], "fli");
}

TEST(Awards360Test, OrganisationWithoutNeqGetsATenantScopedId) {
  v1::Award a = CoopWithNeq();
  a.mutable_recipient_snapshot()->clear_neq();
  EXPECT_EQ(RecipientOrgId("centre-du-quebec", a),
            "360G-poles-centre-du-quebec-organisation-coop-1");
}

// The JSON number of an amount is its exact decimal text (trailing zeros
// aside) over a spread of amounts below 1 000 000 $ and up to 10^15 cents.
TEST(Awards360Test, AmountsAreExactToTheCent) {
  auto exact = [](int64_t cents) {
    std::string s = DecimalAmount(cents);
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s += '0';
    return s;
  };
  v1::Award a = StPierre();
  std::mt19937_64 random(42);
  for (int64_t i = 0; i < 40000; ++i) {
    int64_t cents = i < 20000
                        ? i * 5000 + (i % 1000)
                        : static_cast<int64_t>(random() % 1000000000000000);
    a.mutable_amount_authorised()->set_cents(cents);
    auto j = nlohmann::json::parse(RenderAwards360Giving({a}, Context()));
    ASSERT_EQ(j["grants"][0]["amountAwarded"].dump(), exact(cents)) << cents;
  }
}

}  // namespace
}  // namespace poles::funding
