#include "services/funding/award_import.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace poles::funding {
namespace {

AwardImportReference Ref() {
  AwardImportReference r;
  r.tenant = "centre-du-quebec";
  r.programs = {
      {"programs/piec",
       "Programme d'infrastructures en entrepreneuriat collectif (PIEC)"},
      {"tenants/centre-du-quebec/programs/fonds-caisse", "Fonds de la caisse"}};
  r.directory.mrcs = {{"becancour", "Bécancour"}};
  r.directory.sectors = {{"loisir", "Loisir et tourisme"}};
  return r;
}

TEST(AwardImportTest, HeadersInAnySpelling) {
  EXPECT_EQ(AwardFieldForHeader("Montant autorisé"), "amount_authorised");
  EXPECT_EQ(AwardFieldForHeader(" montant_autorise "), "amount_authorised");
  EXPECT_EQ(AwardFieldForHeader("Groupe promoteur"), "promoter_group");
  EXPECT_EQ(AwardFieldForHeader("Emplois créés ou maintenus"),
            "jobs_created_or_maintained");
  EXPECT_EQ(AwardFieldForHeader("Date de décision"), "decision_date");
  EXPECT_EQ(AwardFieldForHeader("Source"), "-");
  EXPECT_EQ(AwardFieldForHeader("Bailleur"), "-");
  EXPECT_EQ(AwardFieldForHeader("Couleur"), "");
}

TEST(AwardImportTest, AmountsAsPeopleWriteThem) {
  int64_t c = -1;
  EXPECT_TRUE(ParseAmountCell("337 905 $", &c));
  EXPECT_EQ(c, 33790500);
  EXPECT_TRUE(
      ParseAmountCell("717\xC2\xA0"
                      "280,83\xC2\xA0$",
                      &c));
  EXPECT_EQ(c, 71728083);
  EXPECT_TRUE(ParseAmountCell("44625.5", &c));
  EXPECT_EQ(c, 4462550);
  EXPECT_TRUE(ParseAmountCell("0,01", &c));
  EXPECT_EQ(c, 1);
  EXPECT_FALSE(ParseAmountCell("-5", &c));
  EXPECT_FALSE(ParseAmountCell("1,234.56", &c));
  EXPECT_FALSE(ParseAmountCell("12,345", &c));
  EXPECT_FALSE(ParseAmountCell("beaucoup", &c));
}

TEST(AwardImportTest, CellsFillTheRow) {
  v1::AwardRow row;
  row.set_line(2);
  Violations v;
  auto set = [&](const char* f, const char* cell) {
    SetAwardCell(f, cell, Ref(), row, v);
  };
  set("title", " Église St-Pierre ");
  set("promoter_group", "Centre communautaire St-Pierre");
  set("program", "piec");
  set("call_for_projects", "mesi-automne-2017");
  set("status", "Autorisé");
  set("amount_authorised", "337 905 $");
  set("decision_date", "2018-03-31");
  set("mrc", "MRC de Bécancour");
  set("jobs_created_or_maintained", "58");
  set("jobs_created", "");
  set("source", "ligne 348");
  ASSERT_TRUE(v.empty()) << v.Status();
  const auto& a = row.award();
  EXPECT_EQ(a.title(), "Église St-Pierre");
  EXPECT_EQ(a.program(), "programs/piec");
  EXPECT_EQ(a.call_for_projects(),
            "tenants/centre-du-quebec/calls/mesi-automne-2017");
  EXPECT_EQ(a.status(), v1::Award::AUTHORISED);
  EXPECT_EQ(a.amount_authorised().cents(), 33790500);
  EXPECT_EQ(a.recipient_snapshot().mrc(), "mrcs/becancour");
  EXPECT_EQ(a.jobs_created_or_maintained(), 58);
  EXPECT_FALSE(a.has_jobs_created()) << "an empty cell is absent, not zero";
  Violations row_problems;
  CheckAwardRow(row, row_problems);
  EXPECT_TRUE(row_problems.empty());
}

TEST(AwardImportTest, BadCellsAreNamedByLineAndField) {
  v1::AwardRow row;
  row.set_line(7);
  Violations v;
  SetAwardCell("amount_disbursed", "dix", Ref(), row, v);
  SetAwardCell("decision_date", "31/03/2018", Ref(), row, v);
  SetAwardCell("program", "inconnu", Ref(), row, v);
  SetAwardCell("program", "Fonds de la caisse", Ref(), row, v);
  SetAwardCell("organisation", "coop-1", Ref(), row, v);
  SetAwardCell("promoter_group", "Groupe", Ref(), row, v);
  SetAwardCell("mrc", "Drummond", Ref(), row, v);
  std::vector<std::string> fields;
  for (const auto& f : FieldViolationsOf(v.Status())) fields.push_back(f.field);
  EXPECT_THAT(fields, ::testing::ElementsAre(
                          "lines[7].amount_disbursed", "lines[7].decision_date",
                          "lines[7].program", "lines[7].promoter_group",
                          "lines[7].mrc"));
  EXPECT_EQ(row.award().program(),
            "tenants/centre-du-quebec/programs/fonds-caisse");
  EXPECT_EQ(row.award().organisation(),
            "tenants/centre-du-quebec/organisations/coop-1");
}

}  // namespace
}  // namespace poles::funding
