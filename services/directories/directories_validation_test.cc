#include "services/directories/directories_validation.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace poles::directories {
namespace {

using ::testing::Contains;

std::vector<std::string> Fields(const Violations& v) {
  std::vector<std::string> out;
  for (const auto& f : FieldViolationsOf(v.Status())) out.push_back(f.field);
  return out;
}

DirectoryReference Ref() {
  DirectoryReference ref;
  ref.sectors = {{"aide-a-domicile", "Aide à domicile"},
                 {"arts-et-culture", "Arts et culture"}};
  ref.mrcs = {{"becancour", "Bécancour"}, {"l-erable", "L'Érable"}};
  return ref;
}

v1::Organisation GoodEnterprise() {
  v1::Organisation o;
  o.set_display_name("Coopérative de solidarité en aide à domicile");
  o.set_kind(v1::Organisation::ENTERPRISE);
  o.set_legal_form(v1::Organisation::COOPERATIVE);
  o.set_sector("sectors/aide-a-domicile");
  o.set_mrc("mrcs/becancour");
  o.set_neq("1164001234");
  o.mutable_membership()->set_status(v1::Membership::NON_MEMBER);
  return o;
}

TEST(CheckPersonIdTest, OnlyEmptyOrTheGeneratedForm) {
  for (const char* ok : {"", "0123456789ab", "deadbeef0042"}) {
    Violations v;
    CheckPersonId("person_id", ok, v);
    EXPECT_TRUE(v.empty()) << ok;
  }
  for (const char* bad : {"zoe-tremblay", "zoe", "0123456789AB",
                          "0123456789abc", "people-0001"}) {
    Violations v;
    CheckPersonId("person_id", bad, v);
    EXPECT_EQ(FieldViolationsOf(v.Status()).at(0).field, "person_id") << bad;
  }
}

TEST(FoldFrenchTest, StripsAccentsAndCase) {
  EXPECT_EQ(FoldFrench("Économie sociale à Bécancour"),
            "economie sociale a becancour");
  EXPECT_EQ(FoldFrench("L’Érable — Œuvre"), "l'erable - oeuvre");
  EXPECT_EQ(FoldFrench("ÇÀÎÔÛËÏÜŸ"),
            "caiouei"
            "uy");
}

TEST(SlugifyTest, MatchesMrcIds) {
  EXPECT_EQ(Slugify("L'Érable"), "l-erable");
  EXPECT_EQ(Slugify("  MRC de Nicolet-Yamaska "), "mrc-de-nicolet-yamaska");
  EXPECT_EQ(Slugify("Les Pays-d'en-Haut"), "les-pays-d-en-haut");
}

TEST(NeqTest, TenDigitsWithSpacesAllowed) {
  EXPECT_EQ(NormalizeNeq("1164001234"), "1164001234");
  EXPECT_EQ(NormalizeNeq("1164 001 234"), "1164001234");
  EXPECT_EQ(NormalizeNeq("116-400-1234"), "1164001234");
  EXPECT_EQ(NormalizeNeq(""), "");
  EXPECT_FALSE(NormalizeNeq("116400123").has_value());
  EXPECT_FALSE(NormalizeNeq("11640012345").has_value());
  EXPECT_FALSE(NormalizeNeq("116400123A").has_value());
  EXPECT_FALSE(NormalizeNeq("   ").has_value());
}

TEST(ContactTest, EmailsAndUrls) {
  EXPECT_TRUE(IsPlausibleEmail("info@pes-cdq.org"));
  EXPECT_FALSE(IsPlausibleEmail("info@localhost"));
  EXPECT_FALSE(IsPlausibleEmail("a b@x.ca"));
  EXPECT_FALSE(IsPlausibleEmail("@x.ca"));
  EXPECT_TRUE(IsWebUrl("https://economiesocialecdq.org/repertoire"));
  EXPECT_FALSE(IsWebUrl("javascript:alert(1)"));
  EXPECT_FALSE(IsWebUrl("https://a b.ca"));
  EXPECT_FALSE(IsWebUrl("www.x.ca"));
}

TEST(ValidateOrganisationTest, AGoodEnterprisePasses) {
  Violations v;
  auto ref = Ref();
  ValidateOrganisation(GoodEnterprise(), "organisation", &ref, v);
  EXPECT_TRUE(v.empty()) << v.Status();
}

TEST(ValidateOrganisationTest, EveryBadFieldIsNamed) {
  v1::Organisation o = GoodEnterprise();
  o.set_display_name(std::string(301, 'x'));
  o.set_legal_form(v1::Organisation::LEGAL_FORM_UNSPECIFIED);
  o.set_neq("12345");
  o.set_sector("sectors/peche");
  o.set_mrc("mrcs/drummond");
  o.set_employees(-1);
  o.set_year_founded(1700);
  o.set_email("pas une adresse");
  o.set_website("ftp://x.ca");
  o.set_closure_date("2019-02-30");
  o.mutable_membership()->set_status(v1::Membership::LAPSED);
  Violations v;
  auto ref = Ref();
  ValidateOrganisation(o, "organisation", &ref, v);
  auto fields = Fields(v);
  for (const char* f :
       {"organisation.display_name", "organisation.legal_form",
        "organisation.neq", "organisation.sector", "organisation.mrc",
        "organisation.employees", "organisation.year_founded",
        "organisation.email", "organisation.website",
        "organisation.closure_date", "organisation.membership.since",
        "organisation.membership.ended"}) {
    EXPECT_THAT(fields, Contains(f));
  }
}

TEST(ValidateOrganisationTest, APartnerNeedsNoSectorOrMrc) {
  v1::Organisation o;
  o.set_display_name("MRC de Bécancour");
  o.set_kind(v1::Organisation::PARTNER);
  Violations v;
  ValidateOrganisation(o, "organisation", nullptr, v);
  EXPECT_TRUE(v.empty()) << v.Status();
  o.set_kind(v1::Organisation::KIND_UNSPECIFIED);
  Violations w;
  ValidateOrganisation(o, "organisation", nullptr, w);
  EXPECT_THAT(Fields(w), Contains("organisation.kind"));
}

TEST(ValidateOrganisationTest, MembershipDatesHangTogether) {
  v1::Organisation o = GoodEnterprise();
  auto* m = o.mutable_membership();
  m->set_status(v1::Membership::ACTIVE);
  m->set_since("2016-09-20");
  m->set_renewal_due("2019-03-31");
  Violations ok;
  ValidateOrganisation(o, "o", nullptr, ok);
  EXPECT_TRUE(ok.empty()) << ok.Status();
  m->set_ended("2018-01-01");        // only for LAPSED
  m->set_renewal_due("2015-01-01");  // before since
  Violations v;
  ValidateOrganisation(o, "o", nullptr, v);
  EXPECT_THAT(Fields(v), Contains("o.membership.ended"));
  EXPECT_THAT(Fields(v), Contains("o.membership.renewal_due"));
  m->set_status(v1::Membership::NON_MEMBER);
  Violations w;
  ValidateOrganisation(o, "o", nullptr, w);
  EXPECT_THAT(Fields(w), Contains("o.membership.since"));
}

TEST(ValidatePersonTest, ConsentIsRequired) {
  v1::Person p;
  p.set_display_name("André Nadeau");
  p.set_role(v1::Person::BOARD_MEMBER);
  p.set_position("Président");
  Violations v;
  ValidatePerson(p, "person", v);
  EXPECT_THAT(Fields(v), Contains("person.consent.purpose"));
  EXPECT_THAT(Fields(v), Contains("person.consent.consent_date"));
  p.mutable_consent()->set_purpose("Conseil d'administration : convocations");
  p.mutable_consent()->set_consent_date("2017-09-12");
  Violations ok;
  ValidatePerson(p, "person", ok);
  EXPECT_TRUE(ok.empty()) << ok.Status();
  p.set_role(v1::Person::ROLE_UNSPECIFIED);
  p.set_email("andre@");
  Violations w;
  ValidatePerson(p, "person", w);
  EXPECT_THAT(Fields(w), Contains("person.role"));
  EXPECT_THAT(Fields(w), Contains("person.email"));
}

v1::Dossier GoodDossier() {
  v1::Dossier d;
  d.set_title("Projet d'infrastructure — loisir");
  d.set_promoter_group("Gestionnaires, secteur du loisir");
  d.set_sector("sectors/arts-et-culture");
  d.set_mrc("mrcs/becancour");
  d.set_phase(v1::Dossier::DEVELOPMENT);
  d.add_subjects("Information sur les programmes");
  d.set_promoter_gender(v1::Dossier::MEN);
  d.set_open_date("2017-10-02");
  auto* r = d.add_referrals();
  r->set_target(v1::Referral::MRC_CLD);
  r->set_organisation("MRC de Bécancour");
  return d;
}

TEST(ValidateDossierTest, AGoodDossierPasses) {
  Violations v;
  auto ref = Ref();
  ValidateDossier(GoodDossier(), "dossier", &ref, v);
  EXPECT_TRUE(v.empty()) << v.Status();
}

TEST(ValidateDossierTest, EveryBadFieldIsNamed) {
  v1::Dossier d = GoodDossier();
  d.clear_promoter_group();
  d.set_sector("");
  d.set_mrc("mrcs/montreal");
  d.set_phase(v1::Dossier::PHASE_UNSPECIFIED);
  d.set_close_date("2017-01-01");
  d.add_subjects("");
  d.mutable_referrals(0)->set_target(v1::Referral::TARGET_UNSPECIFIED);
  d.mutable_referrals(0)->set_referral_date("2017-13-01");
  Violations v;
  auto ref = Ref();
  ValidateDossier(d, "dossier", &ref, v);
  for (const char* f :
       {"dossier.promoter_group", "dossier.sector", "dossier.mrc",
        "dossier.phase", "dossier.close_date", "dossier.subjects[1]",
        "dossier.referrals[0].target", "dossier.referrals[0].referral_date"}) {
    EXPECT_THAT(Fields(v), Contains(f));
  }
}

TEST(ValidateInterventionTest, DateAndSubjects) {
  v1::Intervention i;
  Violations v;
  ValidateIntervention(i, "intervention", v);
  EXPECT_THAT(Fields(v), Contains("intervention.intervention_date"));
  EXPECT_THAT(Fields(v), Contains("intervention.subjects"));
  i.set_intervention_date("2018-02-14");
  i.add_subjects("Aide à la gouvernance (statut associatif)");
  Violations ok;
  ValidateIntervention(i, "intervention", ok);
  EXPECT_TRUE(ok.empty());
}

TEST(ValidateQueryTest, NeedsALetterOrDigit) {
  Violations v;
  ValidateQuery("query", "--", v);
  EXPECT_THAT(Fields(v), Contains("query"));
  Violations ok;
  ValidateQuery("query", "économie", ok);
  EXPECT_TRUE(ok.empty());
  Violations big;
  ValidateQuery("query", std::string(201, 'a'), big);
  EXPECT_THAT(Fields(big), Contains("query"));
}

TEST(CodesTest, RoundTrip) {
  for (auto f : {v1::Organisation::OBNL, v1::Organisation::COOPERATIVE,
                 v1::Organisation::MUTUAL, v1::Organisation::OTHER}) {
    EXPECT_EQ(LegalFormFromCode(LegalFormCode(f)), f);
  }
  for (auto p : {v1::Dossier::PRE_STARTUP, v1::Dossier::STARTUP,
                 v1::Dossier::CONSOLIDATION, v1::Dossier::DEVELOPMENT,
                 v1::Dossier::SUCCESSION}) {
    EXPECT_EQ(PhaseFromCode(PhaseCode(p)), p);
  }
  for (auto g : {v1::Dossier::WOMEN, v1::Dossier::MEN, v1::Dossier::MIXED,
                 v1::Dossier::NOT_COLLECTED}) {
    EXPECT_EQ(GenderFromCode(GenderCode(g)), g);
  }
}

}  // namespace
}  // namespace poles::directories
