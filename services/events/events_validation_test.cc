#include "services/events/events_validation.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace poles::events {
namespace {

using ::testing::Contains;
using ::testing::Field;
using ::testing::IsEmpty;

// 2017-09-20 18:00 and 21:00 EDT.
constexpr int64_t kStart = 1505944800;

v1::Event GoodEvent() {
  v1::Event e;
  e.set_title("Assemblée générale annuelle");
  e.set_kind(v1::Event::AGA);
  e.mutable_start_time()->set_seconds(kStart);
  e.mutable_end_time()->set_seconds(kStart + 3 * 3600);
  e.set_mrc("mrcs/drummond");
  e.mutable_participants()->set_total(19);
  return e;
}

std::vector<FieldViolation> Check(const v1::Event& e,
                                  EventRefs* refs = nullptr) {
  Violations v;
  EventRefs ignored;
  ValidateEvent(e, "event", "centre-du-quebec", v, refs ? refs : &ignored);
  return FieldViolationsOf(v.Status());
}

auto Names(const char* field) {
  return Contains(Field(&FieldViolation::field, field));
}

TEST(ValidateEventTest, AcceptsAGoodEventAndExtractsReferences) {
  v1::Event e = GoodEvent();
  e.set_body("tenants/centre-du-quebec/bodies/ca");
  e.set_plan_item("tenants/centre-du-quebec/plans/p/items/a-1");
  EventRefs refs;
  EXPECT_THAT(Check(e, &refs), IsEmpty());
  EXPECT_EQ(refs.body_id, "ca");
  EXPECT_EQ(refs.mrc_id, "drummond");
  EXPECT_EQ(refs.plan_item, "tenants/centre-du-quebec/plans/p/items/a-1");
}

TEST(ValidateEventTest, RequiresTitleKindAndTimes) {
  v1::Event e;
  auto v = Check(e);
  EXPECT_THAT(v, Names("event.title"));
  EXPECT_THAT(v, Names("event.kind"));
  EXPECT_THAT(v, Names("event.start_time"));
  EXPECT_THAT(v, Names("event.end_time"));
}

TEST(ValidateEventTest, EndBeforeStartIsRefused) {
  v1::Event e = GoodEvent();
  e.mutable_end_time()->set_seconds(kStart - 1);
  EXPECT_THAT(Check(e), Names("event.end_time"));
  e.mutable_end_time()->set_seconds(kStart);  // zero length is allowed
  EXPECT_THAT(Check(e), IsEmpty());
}

TEST(ValidateEventTest, TimesOutsideTheSupportedYearsAreRefused) {
  v1::Event e = GoodEvent();
  e.mutable_start_time()->set_seconds(-5);
  EXPECT_THAT(Check(e), Names("event.start_time"));
  e = GoodEvent();
  e.mutable_end_time()->set_seconds(int64_t{1} << 40);
  EXPECT_THAT(Check(e), Names("event.end_time"));
}

TEST(ValidateEventTest, GendersMustNotSumPastTheTotal) {
  v1::Event e = GoodEvent();
  e.mutable_participants()->set_women(12);
  e.mutable_participants()->set_men(8);  // 20 > 19
  EXPECT_THAT(Check(e), Names("event.participants"));
  e.mutable_participants()->set_men(7);  // 19
  EXPECT_THAT(Check(e), IsEmpty());
  // Without a total, any genders are fine; zero is not "not collected".
  e.mutable_participants()->clear_total();
  e.mutable_participants()->set_other(0);
  EXPECT_THAT(Check(e), IsEmpty());
  e.mutable_participants()->set_women(-1);
  EXPECT_THAT(Check(e), Names("event.participants.women"));
}

TEST(ValidateEventTest, ReferencesMustBelongToTheTenant) {
  v1::Event e = GoodEvent();
  e.set_body("tenants/capitale-nationale/bodies/ca");
  e.set_plan_item("tenants/capitale-nationale/plans/p/items/i");
  auto v = Check(e);
  EXPECT_THAT(v, Names("event.body"));
  EXPECT_THAT(v, Names("event.plan_item"));
  e = GoodEvent();
  e.set_mrc("drummond");
  EXPECT_THAT(Check(e), Names("event.mrc"));
  e.set_mrc("mrcs/");
  EXPECT_THAT(Check(e), Names("event.mrc"));
}

TEST(ValidateEventTest, TrainingResultsArePercentagesOfTrainings) {
  v1::Event e = GoodEvent();
  e.set_kind(v1::Event::TRAINING);
  auto* t = e.mutable_training();
  t->set_cohort_size(17);
  auto* s = t->add_satisfaction();
  s->set_question("Le contenu a suscité mon intérêt");
  s->set_percent(100);
  EXPECT_THAT(Check(e), IsEmpty());
  s->set_percent(100.5);
  EXPECT_THAT(Check(e), Names("event.training.satisfaction[0].percent"));
  s->set_percent(std::nan(""));
  EXPECT_THAT(Check(e), Names("event.training.satisfaction[0].percent"));
  s->set_percent(92);
  s->set_question("");
  EXPECT_THAT(Check(e), Names("event.training.satisfaction[0].question"));
  s->set_question("ok");
  e.set_kind(v1::Event::AGA);
  EXPECT_THAT(Check(e), Names("event.training"));
}

TEST(ValidateEventTest, TextLimitsAndUtf8) {
  v1::Event e = GoodEvent();
  e.set_title(std::string(kMaxTitle + 1, 'a'));
  e.set_location(std::string(kMaxLocation + 1, 'a'));
  e.set_description("\xC3\x28");
  auto v = Check(e);
  EXPECT_THAT(v, Names("event.title"));
  EXPECT_THAT(v, Names("event.location"));
  EXPECT_THAT(v, Names("event.description"));
  e = GoodEvent();
  e.set_title(std::string(kMaxTitle, 'e'));  // exactly the limit
  EXPECT_THAT(Check(e), IsEmpty());
}

TEST(KindTextTest, RoundTripsEveryKind) {
  for (int k = 1; k <= v1::Event::Kind_MAX; ++k) {
    auto kind = static_cast<v1::Event::Kind>(k);
    EXPECT_EQ(EventKindFromText(EventKindText(kind)), kind) << k;
  }
  for (int k = 1; k <= v1::Body::Kind_MAX; ++k) {
    auto kind = static_cast<v1::Body::Kind>(k);
    EXPECT_EQ(BodyKindFromText(BodyKindText(kind)), kind) << k;
  }
  EXPECT_EQ(EventKindFromText("nope"), v1::Event::KIND_UNSPECIFIED);
}

TEST(ValidateBodyTest, RequiresNameAndKind) {
  Violations v;
  ValidateBody(v1::Body(), "body", v);
  auto list = FieldViolationsOf(v.Status());
  EXPECT_THAT(list, Names("body.display_name"));
  EXPECT_THAT(list, Names("body.kind"));
}

std::vector<FieldViolation> CheckProfile(const v1::PoleProfile& p,
                                         std::string* event_id) {
  Violations v;
  ValidatePoleProfile(p, "profile", "vallee-du-haut-saint-laurent", v,
                      event_id);
  return FieldViolationsOf(v.Status());
}

TEST(ValidatePoleProfileTest, AcceptsTheSeedProfileAndExtractsTheEvent) {
  v1::PoleProfile p;
  p.set_legal_name("Pôle d'économie sociale Vallée-du-Haut-Saint-Laurent");
  p.set_incorporation_date("2015-05-19");
  p.set_founding_event(
      "tenants/vallee-du-haut-saint-laurent/events/"
      "assemblee-de-fondation-2015");
  p.set_website_uri("https://example.org/pole?x=1");
  p.set_contact_email("info@example.org");
  p.add_notes("l. 18");
  std::string id;
  EXPECT_THAT(CheckProfile(p, &id), IsEmpty());
  EXPECT_EQ(id, "assemblee-de-fondation-2015");
  // Every field may be empty.
  id.clear();
  EXPECT_THAT(CheckProfile(v1::PoleProfile(), &id), IsEmpty());
  EXPECT_EQ(id, "");
}

TEST(ValidatePoleProfileTest, NamesEachBadField) {
  v1::PoleProfile p;
  p.set_legal_name(std::string(301, 'a'));
  p.set_incorporation_date("19 mai 2015");
  p.set_founding_event("tenants/centre-du-quebec/events/aga");
  p.set_website_uri("www.example.org");
  p.set_contact_email("info@localhost");
  for (int i = 0; i < 21; ++i) p.add_notes("note");
  std::string id;
  auto list = CheckProfile(p, &id);
  EXPECT_THAT(list, Names("profile.legal_name"));
  EXPECT_THAT(list, Names("profile.incorporation_date"));
  EXPECT_THAT(list, Names("profile.founding_event"));
  EXPECT_THAT(list, Names("profile.website_uri"));
  EXPECT_THAT(list, Names("profile.contact_email"));
  EXPECT_THAT(list, Names("profile.notes"));
  EXPECT_EQ(id, "");
  for (const char* bad : {"https://", "http:///x", "https://a b.org"}) {
    v1::PoleProfile w;
    w.set_website_uri(bad);
    EXPECT_THAT(CheckProfile(w, &id), Names("profile.website_uri")) << bad;
  }
  for (const char* bad : {"@example.org", "a@@example.org", "a@example.",
                          "a b@example.org", "a@.org"}) {
    v1::PoleProfile w;
    w.set_contact_email(bad);
    EXPECT_THAT(CheckProfile(w, &id), Names("profile.contact_email")) << bad;
  }
  v1::PoleProfile d;
  d.set_incorporation_date("1989-12-31");
  EXPECT_THAT(CheckProfile(d, &id), Names("profile.incorporation_date"));
}

TEST(ParseProfileNameTest, OnlyTheSingletonsName) {
  auto ok = ParseProfileName("name", "tenants/centre-du-quebec/profile");
  ASSERT_TRUE(ok.ok()) << ok.status();
  EXPECT_EQ(*ok, "centre-du-quebec");
  EXPECT_EQ(ProfileName("centre-du-quebec"),
            "tenants/centre-du-quebec/profile");
  for (const char* bad :
       {"", "tenants/centre-du-quebec", "tenants/centre-du-quebec/profile/x",
        "tenants/Centre/profile", "tenants/centre-du-quebec/profiles",
        "tenants//profile", "/profile"}) {
    auto s = ParseProfileName("name", bad);
    EXPECT_FALSE(s.ok()) << bad;
    EXPECT_THAT(FieldViolationsOf(s.status()), Names("name")) << bad;
  }
}

}  // namespace
}  // namespace poles::events
