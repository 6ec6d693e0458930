#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/directories/dossiers.h"
#include "services/directories/interventions.h"
#include "services/directories/organisations.h"
#include "services/directories/people.h"

namespace poles::directories {
namespace {

using ::testing::ElementsAre;

v1::Organisation StoredOrganisation() {
  v1::Organisation o;
  o.set_display_name("Coop du Lac");
  o.set_municipality("Victoriaville");
  o.set_employees(12);
  o.set_phone("819-555-0100");
  o.mutable_membership()->set_status(v1::Membership::ACTIVE);
  o.mutable_membership()->set_since("2019-04-01");
  o.mutable_membership()->set_renewal_due("2025-04-01");
  return o;
}

TEST(MergeOrganisationUpdateTest, CopiesOnlyTheMaskedFields) {
  v1::Organisation in;
  in.set_display_name("Coopérative du Lac");
  in.set_municipality("ignored");
  v1::Organisation m = StoredOrganisation();
  MergeOrganisationUpdate(in, {"display_name"}, &m);
  EXPECT_EQ(m.display_name(), "Coopérative du Lac");
  EXPECT_EQ(m.municipality(), "Victoriaville");
  EXPECT_EQ(m.employees(), 12);
}

TEST(MergeOrganisationUpdateTest, MaskedAbsentNumberIsCleared) {
  v1::Organisation m = StoredOrganisation();
  MergeOrganisationUpdate(v1::Organisation{}, {"employees", "phone"}, &m);
  EXPECT_FALSE(m.has_employees());
  EXPECT_EQ(m.phone(), "");
}

TEST(MergeOrganisationUpdateTest, MembershipWholeOrByField) {
  v1::Organisation in;
  in.mutable_membership()->set_status(v1::Membership::LAPSED);
  in.mutable_membership()->set_ended("2024-03-31");

  v1::Organisation one = StoredOrganisation();
  MergeOrganisationUpdate(in, {"membership.status"}, &one);
  EXPECT_EQ(one.membership().status(), v1::Membership::LAPSED);
  EXPECT_EQ(one.membership().since(), "2019-04-01");
  EXPECT_EQ(one.membership().ended(), "");

  v1::Organisation all = StoredOrganisation();
  MergeOrganisationUpdate(in, {"membership"}, &all);
  EXPECT_EQ(all.membership().status(), v1::Membership::LAPSED);
  EXPECT_EQ(all.membership().since(), "");
  EXPECT_EQ(all.membership().renewal_due(), "");
  EXPECT_EQ(all.membership().ended(), "2024-03-31");
}

TEST(MergePersonUpdateTest, ConsentWholeOrByField) {
  v1::Person stored;
  stored.set_display_name("Marie Tremblay");
  stored.mutable_consent()->set_purpose("infolettre");
  stored.mutable_consent()->set_consent_date("2024-01-15");
  v1::Person in;
  in.mutable_consent()->set_purpose("événements");

  v1::Person one = stored;
  MergePersonUpdate(in, {"consent.purpose"}, &one);
  EXPECT_EQ(one.consent().purpose(), "événements");
  EXPECT_EQ(one.consent().consent_date(), "2024-01-15");
  EXPECT_EQ(one.display_name(), "Marie Tremblay");

  v1::Person all = stored;
  MergePersonUpdate(in, {"consent"}, &all);
  EXPECT_EQ(all.consent().purpose(), "événements");
  EXPECT_EQ(all.consent().consent_date(), "");
}

TEST(MergeDossierUpdateTest, RepeatedFieldsAreReplacedWhole) {
  v1::Dossier stored;
  stored.set_title("Démarrage");
  stored.add_subjects("financement");
  stored.add_subjects("gouvernance");
  v1::Dossier in;
  in.add_subjects("marketing");
  in.set_title("ignored");
  MergeDossierUpdate(in, {"subjects"}, &stored);
  EXPECT_THAT(stored.subjects(), ElementsAre("marketing"));
  EXPECT_EQ(stored.title(), "Démarrage");
}

TEST(NormaliseDossierTest, UnspecifiedEnumsGetTheirDefaults) {
  v1::Dossier d;
  NormaliseDossier(&d);
  EXPECT_EQ(d.promoter_gender(), v1::Dossier::NOT_COLLECTED);
  EXPECT_EQ(d.origin(), v1::Dossier::DIRECT);
}

TEST(MergeInterventionUpdateTest, CopiesOnlyTheMaskedFields) {
  v1::Intervention stored;
  stored.set_intervention_date("2024-05-01");
  stored.set_note("premier appel");
  v1::Intervention in;
  in.set_note("rencontre");
  in.set_intervention_date("2024-06-01");
  MergeInterventionUpdate(in, {"note"}, &stored);
  EXPECT_EQ(stored.note(), "rencontre");
  EXPECT_EQ(stored.intervention_date(), "2024-05-01");
}

TEST(CellsOfTest, NullsAreEmptyCellsAndReferencesTheirIds) {
  v1::Organisation o = StoredOrganisation();
  o.set_sector("sectors/agri");
  o.set_legal_form(v1::Organisation::COOPERATIVE);
  OrganisationCells cells = CellsOf("o-1", o);
  EXPECT_EQ(cells[0], "o-1");
  EXPECT_EQ(cells[1], "Coop du Lac");
  EXPECT_EQ(cells[3], "cooperative");
  EXPECT_EQ(cells[5], "agri");
  EXPECT_EQ(cells[6], "");    // no MRC
  EXPECT_EQ(cells[8], "12");  // employees
  EXPECT_EQ(cells[9], "");    // no year founded
  EXPECT_EQ(cells[10], "active");
}

}  // namespace
}  // namespace poles::directories
