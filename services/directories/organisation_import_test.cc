#include "services/directories/organisation_import.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace poles::directories {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;

DirectoryReference Ref() {
  DirectoryReference ref;
  ref.sectors = {{"aide-a-domicile", "Aide à domicile"},
                 {"services-aux-personnes", "Services aux personnes"},
                 {"arts-et-culture", "Arts et culture"}};
  ref.mrcs = {{"becancour", "Bécancour"},
              {"l-erable", "L'Érable"},
              {"arthabaska", "Arthabaska"},
              {"les-maskoutains", "Les Maskoutains"}};
  return ref;
}

std::vector<std::string> Fields(const Violations& v) {
  std::vector<std::string> out;
  for (const auto& f : FieldViolationsOf(v.Status())) out.push_back(f.field);
  return out;
}

TEST(ImportHeadersTest, FrenchHeadersMapToFields) {
  EXPECT_EQ(ImportFieldForHeader("nom"), "display_name");
  EXPECT_EQ(ImportFieldForHeader("Forme juridique"), "legal_form");
  EXPECT_EQ(ImportFieldForHeader("forme_juridique"), "legal_form");
  EXPECT_EQ(ImportFieldForHeader("NEQ"), "neq");
  EXPECT_EQ(ImportFieldForHeader("Secteur"), "sector");
  EXPECT_EQ(ImportFieldForHeader("MRC"), "mrc");
  EXPECT_EQ(ImportFieldForHeader("Municipalité"), "municipality");
  EXPECT_EQ(ImportFieldForHeader("employés"), "employees");
  EXPECT_EQ(ImportFieldForHeader("Année de fondation"), "year_founded");
  EXPECT_EQ(ImportFieldForHeader("annee_fondation"), "year_founded");
  EXPECT_EQ(ImportFieldForHeader("Membre"), "member");
  EXPECT_EQ(ImportFieldForHeader("Site Web"), "website");
  EXPECT_EQ(ImportFieldForHeader("Téléphone"), "phone");
  EXPECT_EQ(ImportFieldForHeader("Courriel"), "email");
  EXPECT_EQ(ImportFieldForHeader("Notes internes"), "");
}

TEST(ImportCellsTest, LegalForms) {
  v1::Organisation::LegalForm f;
  ASSERT_TRUE(ParseLegalFormCell("OBNL", &f));
  EXPECT_EQ(f, v1::Organisation::OBNL);
  ASSERT_TRUE(ParseLegalFormCell("OSBL", &f));
  EXPECT_EQ(f, v1::Organisation::OBNL);
  ASSERT_TRUE(ParseLegalFormCell("Coopérative de solidarité", &f));
  EXPECT_EQ(f, v1::Organisation::COOPERATIVE);
  ASSERT_TRUE(ParseLegalFormCell(" mutuelle ", &f));
  EXPECT_EQ(f, v1::Organisation::MUTUAL);
  ASSERT_TRUE(ParseLegalFormCell("Autre", &f));
  EXPECT_EQ(f, v1::Organisation::OTHER);
  EXPECT_FALSE(ParseLegalFormCell("SENC", &f));
}

TEST(ImportCellsTest, SectorsAndMrcsByCodeOrName) {
  auto ref = Ref();
  std::string id;
  ASSERT_TRUE(ParseSectorCell("Aide à domicile", ref, &id));
  EXPECT_EQ(id, "aide-a-domicile");
  ASSERT_TRUE(ParseSectorCell("SERVICES AUX PERSONNES", ref, &id));
  EXPECT_EQ(id, "services-aux-personnes");
  ASSERT_TRUE(ParseSectorCell("sectors/arts-et-culture", ref, &id));
  EXPECT_FALSE(ParseSectorCell("Pêche", ref, &id));
  ASSERT_TRUE(ParseMrcCell("Bécancour", ref, &id));
  EXPECT_EQ(id, "becancour");
  ASSERT_TRUE(ParseMrcCell("MRC de L'Érable", ref, &id));
  EXPECT_EQ(id, "l-erable");
  ASSERT_TRUE(ParseMrcCell("MRC d’Arthabaska", ref, &id));
  EXPECT_EQ(id, "arthabaska");
  ASSERT_TRUE(ParseMrcCell("MRC des Maskoutains", ref, &id));
  EXPECT_EQ(id, "les-maskoutains");
  ASSERT_TRUE(ParseMrcCell("mrcs/becancour", ref, &id));
  EXPECT_FALSE(ParseMrcCell("Drummond", ref, &id));  // not of the territory
}

v1::OrganisationRow Row(int line) {
  v1::OrganisationRow row;
  row.set_line(line);
  SetRowField(row, "display_name", "Café des 4 Ponts");
  SetRowField(row, "legal_form", "coop");
  SetRowField(row, "neq", "1 164 001 234");
  SetRowField(row, "sector", "Aide à domicile");
  SetRowField(row, "mrc", "Bécancour");
  SetRowField(row, "employees", "1 200");
  SetRowField(row, "year_founded", "2004");
  SetRowField(row, "member", "oui");
  SetRowField(row, "website", "www.cafe4ponts.ca");
  return row;
}

TEST(ApplyImportRowTest, AGoodRowMakesAnEnterprise) {
  v1::Organisation org;
  Violations v;
  ApplyImportRow(Row(2), Ref(), "2018-05-01", &org, v);
  EXPECT_TRUE(v.empty()) << v.Status();
  EXPECT_EQ(org.kind(), v1::Organisation::ENTERPRISE);
  EXPECT_EQ(org.legal_form(), v1::Organisation::COOPERATIVE);
  EXPECT_EQ(org.neq(), "1164001234");
  EXPECT_EQ(org.sector(), "sectors/aide-a-domicile");
  EXPECT_EQ(org.mrc(), "mrcs/becancour");
  EXPECT_EQ(org.employees(), 1200);
  EXPECT_EQ(org.year_founded(), 2004);
  EXPECT_EQ(org.membership().status(), v1::Membership::ACTIVE);
  EXPECT_EQ(org.membership().since(), "2018-05-01");
  EXPECT_EQ(org.website(), "https://www.cafe4ponts.ca");
}

TEST(ApplyImportRowTest, EveryBadCellIsNamedWithItsLine) {
  v1::OrganisationRow row = Row(17);
  SetRowField(row, "legal_form", "SENC");
  SetRowField(row, "neq", "12345");
  SetRowField(row, "sector", "Pêche");
  SetRowField(row, "mrc", "Drummond");
  SetRowField(row, "employees", "beaucoup");
  SetRowField(row, "year_founded", "04");
  SetRowField(row, "member", "peut-être");
  SetRowField(row, "email", "pas@");
  v1::Organisation org;
  Violations v;
  ApplyImportRow(row, Ref(), "2018-05-01", &org, v);
  auto fields = Fields(v);
  for (const char* f :
       {"lines[17].legal_form", "lines[17].neq", "lines[17].sector",
        "lines[17].mrc", "lines[17].employees", "lines[17].year_founded",
        "lines[17].member", "lines[17].email"}) {
    EXPECT_THAT(fields, Contains(f));
  }
  // Each bad field once, not again by the whole-organisation check.
  EXPECT_EQ(std::count(fields.begin(), fields.end(), "lines[17].legal_form"),
            1);
}

TEST(ApplyImportRowTest, AbsentColumnsKeepStoredValuesEmptyCellsClear) {
  v1::Organisation stored;
  Violations first;
  ApplyImportRow(Row(2), Ref(), "2018-05-01", &stored, first);
  ASSERT_TRUE(first.empty());
  v1::OrganisationRow update;
  update.set_line(9);
  SetRowField(update, "display_name", "Café des 4 Ponts");
  SetRowField(update, "employees", "");
  SetRowField(update, "member", "non");
  Violations v;
  ApplyImportRow(update, Ref(), "2019-06-01", &stored, v);
  EXPECT_TRUE(v.empty()) << v.Status();
  EXPECT_FALSE(stored.has_employees());
  EXPECT_EQ(stored.year_founded(), 2004);  // column absent: kept
  EXPECT_EQ(stored.membership().status(), v1::Membership::LAPSED);
  EXPECT_EQ(stored.membership().ended(), "2019-06-01");
}

TEST(ApplyImportRowTest, FormulaGuardIsRemoved) {
  v1::OrganisationRow row = Row(3);
  SetRowField(row, "phone", "'+1 819 555-0100");
  v1::Organisation org;
  Violations v;
  ApplyImportRow(row, Ref(), "2018-05-01", &org, v);
  EXPECT_EQ(org.phone(), "+1 819 555-0100");
}

TEST(ApplyImportRowTest, MissingNameIsReported) {
  v1::OrganisationRow row;
  row.set_line(4);
  SetRowField(row, "display_name", "  ");
  SetRowField(row, "legal_form", "OBNL");
  SetRowField(row, "sector", "Aide à domicile");
  SetRowField(row, "mrc", "Bécancour");
  v1::Organisation org;
  Violations v;
  ApplyImportRow(row, Ref(), "2018-05-01", &org, v);
  EXPECT_THAT(Fields(v), ElementsAre("lines[4].display_name"));
}

}  // namespace
}  // namespace poles::directories
