// The events service against a real PostgreSQL: standard methods, bad input
// that changes nothing, the fiscal-year filter on Montréal's April 1st, the
// iCalendar feed read back by a real parser, and the indicator summaries
// (the Centre-du-Québec 2017-2018 fixture returns the bilan's numbers).
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>

#include <nlohmann/json.hpp>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "cli/events_file.h"
#include "services/events/events_service.h"
#include "tests/test_env.h"

namespace poles::testing {
namespace {

// Seconds since the epoch of a Montréal wall time.
int64_t Montreal(int y, int m, int d, int hh, int mm) {
  absl::TimeZone tz;
  EXPECT_TRUE(absl::LoadTimeZone("America/Montreal", &tz));
  return absl::ToUnixSeconds(
      absl::FromCivil(absl::CivilMinute(y, m, d, hh, mm), tz));
}

v1::Event MakeEvent(const std::string& title, v1::Event::Kind kind,
                    int64_t start, int64_t hours = 2) {
  v1::Event e;
  e.set_title(title);
  e.set_kind(kind);
  e.set_organised(true);
  e.mutable_start_time()->set_seconds(start);
  e.mutable_end_time()->set_seconds(start + hours * 3600);
  return e;
}

grpc::Status Create(const TestTenant& t, const v1::Event& e, v1::Event* out,
                    const std::string& id = "",
                    const std::string& request_id = "") {
  v1::CreateEventRequest r;
  r.set_parent(t.parent());
  *r.mutable_event() = e;
  r.set_event_id(id);
  r.set_request_id(request_id);
  return Events()->CreateEvent(Ctx(t.editor_key).get(), r, out);
}

std::vector<v1::Event> ListAll(const TestTenant& t,
                               const std::string& fiscal_year = "",
                               int page_size = 0) {
  std::vector<v1::Event> all;
  std::string token;
  do {
    v1::ListEventsRequest r;
    r.set_parent(t.parent());
    r.set_fiscal_year(fiscal_year);
    r.set_page_size(page_size);
    r.set_page_token(token);
    v1::ListEventsResponse resp;
    auto s = Events()->ListEvents(Ctx(t.viewer_key).get(), r, &resp);
    EXPECT_TRUE(s.ok()) << s.error_message();
    if (!s.ok()) break;
    all.insert(all.end(), resp.events().begin(), resp.events().end());
    token = resp.next_page_token();
  } while (!token.empty());
  return all;
}

TEST(EventsApiTest, CreateGetUpdateDelete) {
  TestTenant t = NewTenant("ev");
  v1::CreateBodyRequest cb;
  cb.set_parent(t.parent());
  cb.set_body_id("ca");
  cb.mutable_body()->set_display_name("Conseil d'administration");
  cb.mutable_body()->set_kind(v1::Body::BOARD);
  v1::Body body;
  ASSERT_THAT(S(Events()->CreateBody(Ctx(t.editor_key).get(), cb, &body)),
              IsOk());
  EXPECT_EQ(body.name(), t.parent() + "/bodies/ca");

  v1::Event e =
      MakeEvent("Rencontre du CA — « budget »", v1::Event::BOARD_MEETING,
                Montreal(2017, 6, 14, 18, 0));
  e.set_body(body.name());
  e.set_mrc("mrcs/becancour");
  e.mutable_participants()->set_women(7);  // total not collected
  e.mutable_participants()->set_men(0);    // zero, not "not collected"
  v1::Event created;
  ASSERT_THAT(S(Create(t, e, &created, "ca-1")), IsOk());
  EXPECT_EQ(created.name(), t.parent() + "/events/ca-1");
  EXPECT_FALSE(created.participants().has_total());
  EXPECT_TRUE(created.participants().has_men());
  EXPECT_EQ(created.participants().men(), 0);
  EXPECT_FALSE(created.participants().has_other());

  v1::GetEventRequest get;
  get.set_name(created.name());
  v1::Event got;
  ASSERT_THAT(S(Events()->GetEvent(Ctx(t.viewer_key).get(), get, &got)),
              IsOk());
  EXPECT_EQ(got.SerializeAsString(), created.SerializeAsString());

  // A stale etag is ABORTED and changes nothing.
  v1::UpdateEventRequest up;
  *up.mutable_event() = created;
  up.mutable_event()->set_title("Nouveau titre");
  up.mutable_update_mask()->add_paths("title");
  v1::Event updated;
  ASSERT_THAT(S(Events()->UpdateEvent(Ctx(t.editor_key).get(), up, &updated)),
              IsOk());
  EXPECT_EQ(updated.title(), "Nouveau titre");
  EXPECT_NE(updated.etag(), created.etag());
  up.mutable_event()->set_title("Écrasé");
  EXPECT_THAT(S(Events()->UpdateEvent(Ctx(t.editor_key).get(), up, &got)),
              StatusIs(absl::StatusCode::kAborted));
  ASSERT_THAT(S(Events()->GetEvent(Ctx(t.viewer_key).get(), get, &got)),
              IsOk());
  EXPECT_EQ(got.title(), "Nouveau titre");

  // The body cannot go while an event uses it.
  v1::DeleteBodyRequest db;
  db.set_name(body.name());
  google::protobuf::Empty empty;
  EXPECT_THAT(S(Events()->DeleteBody(Ctx(t.editor_key).get(), db, &empty)),
              StatusIs(absl::StatusCode::kFailedPrecondition));

  v1::DeleteEventRequest del;
  del.set_name(created.name());
  del.set_etag(created.etag());
  EXPECT_THAT(S(Events()->DeleteEvent(Ctx(t.editor_key).get(), del, &empty)),
              StatusIs(absl::StatusCode::kAborted));
  del.set_etag(updated.etag());
  ASSERT_THAT(S(Events()->DeleteEvent(Ctx(t.editor_key).get(), del, &empty)),
              IsOk());
  EXPECT_THAT(S(Events()->GetEvent(Ctx(t.viewer_key).get(), get, &got)),
              StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(S(Events()->DeleteBody(Ctx(t.editor_key).get(), db, &empty)),
              IsOk());
}

grpc::Status UpdateProfile(const TestTenant& t, const v1::PoleProfile& p,
                           const std::vector<std::string>& paths,
                           v1::PoleProfile* out) {
  v1::UpdatePoleProfileRequest r;
  *r.mutable_profile() = p;
  r.mutable_profile()->set_name(t.parent() + "/profile");
  for (const auto& path : paths) r.mutable_update_mask()->add_paths(path);
  return Events()->UpdatePoleProfile(Ctx(t.editor_key).get(), r, out);
}

v1::PoleProfile GetProfile(const TestTenant& t) {
  v1::GetPoleProfileRequest r;
  r.set_name(t.parent() + "/profile");
  v1::PoleProfile out;
  EXPECT_THAT(S(Events()->GetPoleProfile(Ctx(t.viewer_key).get(), r, &out)),
              IsOk());
  return out;
}

// The profile is a singleton (AIP-156): empty before any update, changed
// field by field by the mask, guarded by its etag; its founding event is an
// event of the tenant, cleared when that event is deleted.
TEST(EventsApiTest, PoleProfileSingleton) {
  TestTenant t = NewTenant("prof");
  v1::PoleProfile empty = GetProfile(t);
  EXPECT_EQ(empty.name(), t.parent() + "/profile");
  EXPECT_EQ(empty.legal_name(), "");
  EXPECT_FALSE(empty.has_update_time());

  v1::Event founding;
  ASSERT_THAT(S(Create(t,
                       MakeEvent("Assemblée de fondation", v1::Event::AGA,
                                 Montreal(2015, 6, 19, 19, 0)),
                       &founding, "fondation")),
              IsOk());
  v1::PoleProfile in;
  in.set_legal_name("Pôle d'économie sociale d'essai");
  in.set_incorporation_date("2015-05-19");
  in.set_founding_event(founding.name());
  in.set_website_uri("https://example.org/pole");
  in.set_contact_email("info@example.org");
  in.add_notes("l. 18 : « s'incorpore »");
  in.set_etag(empty.etag());  // version 0: the profile does not exist yet
  v1::PoleProfile first;
  ASSERT_THAT(
      S(UpdateProfile(t, in,
                      {"legal_name", "incorporation_date", "founding_event",
                       "website_uri", "contact_email", "notes"},
                      &first)),
      IsOk());
  EXPECT_EQ(first.legal_name(), "Pôle d'économie sociale d'essai");
  EXPECT_EQ(first.incorporation_date(), "2015-05-19");
  EXPECT_EQ(first.founding_event(), t.parent() + "/events/fondation");
  EXPECT_EQ(first.notes_size(), 1);
  EXPECT_TRUE(first.has_update_time());
  EXPECT_EQ(GetProfile(t).SerializeAsString(), first.SerializeAsString());

  // Only the masked field changes; a stale etag is ABORTED.
  v1::PoleProfile site;
  site.set_website_uri("https://example.org/");
  site.set_legal_name("ignoré : hors du masque");
  site.set_etag(first.etag());
  v1::PoleProfile second;
  ASSERT_THAT(S(UpdateProfile(t, site, {"website_uri"}, &second)), IsOk());
  EXPECT_EQ(second.website_uri(), "https://example.org/");
  EXPECT_EQ(second.legal_name(), first.legal_name());
  EXPECT_NE(second.etag(), first.etag());
  EXPECT_THAT(S(UpdateProfile(t, site, {"website_uri"}, &second)),
              StatusIs(absl::StatusCode::kAborted));

  // Bad fields are named and change nothing.
  v1::PoleProfile bad;
  bad.set_incorporation_date("2015-02-30");
  bad.set_website_uri("ftp://example.org");
  bad.set_contact_email("Marie Tremblay");
  bad.set_founding_event("tenants/autre-pole/events/fondation");
  const std::vector<std::string> all = {"incorporation_date", "website_uri",
                                        "contact_email", "founding_event"};
  v1::PoleProfile out;
  auto st = S(UpdateProfile(t, bad, all, &out));
  for (const char* f : {"profile.incorporation_date", "profile.website_uri",
                        "profile.contact_email", "profile.founding_event"}) {
    EXPECT_THAT(st, InvalidFieldIs(f));
  }
  bad.set_founding_event(t.parent() + "/events/inexistant");
  EXPECT_THAT(S(UpdateProfile(t, bad, {"founding_event"}, &out)),
              InvalidFieldIs("profile.founding_event"));
  EXPECT_THAT(S(UpdateProfile(t, bad, {"etag_unknown"}, &out)),
              InvalidFieldIs("update_mask"));
  v1::GetPoleProfileRequest wrong;
  wrong.set_name(t.parent() + "/profiles/x");
  EXPECT_THAT(S(Events()->GetPoleProfile(Ctx(t.viewer_key).get(), wrong, &out)),
              InvalidFieldIs("name"));
  EXPECT_EQ(GetProfile(t).SerializeAsString(), second.SerializeAsString());

  // Deleting the founding event clears the link, nothing else.
  v1::DeleteEventRequest del;
  del.set_name(founding.name());
  google::protobuf::Empty e;
  ASSERT_THAT(S(Events()->DeleteEvent(Ctx(t.editor_key).get(), del, &e)),
              IsOk());
  v1::PoleProfile after = GetProfile(t);
  EXPECT_EQ(after.founding_event(), "");
  EXPECT_EQ(after.incorporation_date(), "2015-05-19");
}

TEST(EventsApiTest, ReplayedRequestIdReturnsTheFirstResponseAndWritesNothing) {
  TestTenant t = NewTenant("evr");
  v1::Event e =
      MakeEvent("Forum", v1::Event::FORUM, Montreal(2017, 10, 12, 13, 30));
  v1::Event first, second;
  ASSERT_THAT(S(Create(t, e, &first, "", "rid-1")), IsOk());
  ASSERT_THAT(S(Create(t, e, &second, "", "rid-1")), IsOk());
  EXPECT_EQ(first.SerializeAsString(), second.SerializeAsString());
  EXPECT_EQ(ListAll(t).size(), 1u);
  // The same request id with another request is refused.
  e.set_title("Autre");
  EXPECT_THAT(S(Create(t, e, &second, "", "rid-1")),
              InvalidFieldIs("request_id"));
}

TEST(EventsApiTest, BadInputIsNamedAndWritesNothing) {
  TestTenant t = NewTenant("evb");  // territory: Bécancour only
  const int64_t start = Montreal(2017, 9, 28, 13, 30);
  struct Case {
    const char* field;
    std::function<void(v1::CreateEventRequest&)> mutate;
  };
  std::vector<Case> cases = {
      {"event.mrc",
       [](auto& r) { r.mutable_event()->set_mrc("mrcs/drummond"); }},
      {"event.mrc",
       [](auto& r) { r.mutable_event()->set_mrc("mrcs/atlantide"); }},
      {"event.participants",
       [](auto& r) {
         auto* p = r.mutable_event()->mutable_participants();
         p->set_total(17);
         p->set_women(12);
         p->set_men(6);
       }},
      {"event.end_time",
       [&](auto& r) {
         r.mutable_event()->mutable_end_time()->set_seconds(start - 60);
       }},
      {"event.body",
       [&](auto& r) {
         r.mutable_event()->set_body(t.parent() + "/bodies/inconnu");
       }},
      {"event.body", [](auto& r) { r.mutable_event()->set_body("bodies/ca"); }},
      {"event.kind",
       [](auto& r) {
         r.mutable_event()->set_kind(v1::Event::KIND_UNSPECIFIED);
       }},
      {"event.title",
       [](auto& r) { r.mutable_event()->set_title(std::string(301, 'x')); }},
      {"event.description",
       [](auto& r) {
         r.mutable_event()->set_description(
             "a\x01"
             "b");
       }},
      {"event.training",
       [](auto& r) {
         r.mutable_event()->mutable_training()->set_cohort_size(3);
       }},
      {"event_id", [](auto& r) { r.set_event_id("Pas Valide"); }},
      {"parent", [](auto& r) { r.set_parent("tenants/"); }},
      {"request_id", [](auto& r) { r.set_request_id(std::string(101, 'r')); }},
  };
  for (const auto& c : cases) {
    v1::CreateEventRequest r;
    r.set_parent(t.parent());
    *r.mutable_event() = MakeEvent("AGA", v1::Event::AGA, start);
    c.mutate(r);
    v1::Event out;
    EXPECT_THAT(S(Events()->CreateEvent(Ctx(t.editor_key).get(), r, &out)),
                InvalidFieldIs(c.field))
        << c.field;
  }
  EXPECT_TRUE(ListAll(t).empty());

  // Lists and updates.
  v1::ListEventsRequest l;
  l.set_parent(t.parent());
  v1::ListEventsResponse lr;
  l.set_page_size(-1);
  EXPECT_THAT(S(Events()->ListEvents(Ctx(t.viewer_key).get(), l, &lr)),
              InvalidFieldIs("page_size"));
  l.set_page_size(0);
  l.set_page_token("not-a-token");
  EXPECT_THAT(S(Events()->ListEvents(Ctx(t.viewer_key).get(), l, &lr)),
              InvalidFieldIs("page_token"));
  l.set_page_token("");
  l.set_fiscal_year("2017");
  EXPECT_THAT(S(Events()->ListEvents(Ctx(t.viewer_key).get(), l, &lr)),
              InvalidFieldIs("fiscal_year"));

  v1::Event created;
  ASSERT_THAT(S(Create(t, MakeEvent("AGA", v1::Event::AGA, start), &created)),
              IsOk());
  v1::UpdateEventRequest up;
  *up.mutable_event() = created;
  up.mutable_update_mask()->add_paths("tenant_id");
  v1::Event out;
  EXPECT_THAT(S(Events()->UpdateEvent(Ctx(t.editor_key).get(), up, &out)),
              InvalidFieldIs("update_mask"));
  up.mutable_update_mask()->Clear();
  up.mutable_update_mask()->add_paths("end_time");
  up.mutable_event()->mutable_end_time()->set_seconds(start - 3600);
  EXPECT_THAT(S(Events()->UpdateEvent(Ctx(t.editor_key).get(), up, &out)),
              InvalidFieldIs("event.end_time"));
  up.mutable_update_mask()->Clear();
  up.mutable_update_mask()->add_paths("mrc");
  up.mutable_event()->set_mrc("mrcs/drummond");
  EXPECT_THAT(S(Events()->UpdateEvent(Ctx(t.editor_key).get(), up, &out)),
              InvalidFieldIs("event.mrc"));
  v1::GetEventRequest get;
  get.set_name(created.name());
  ASSERT_THAT(S(Events()->GetEvent(Ctx(t.viewer_key).get(), get, &out)),
              IsOk());
  EXPECT_EQ(out.SerializeAsString(), created.SerializeAsString());
  get.set_name("tenants/" + t.slug + "/events/");
  EXPECT_THAT(S(Events()->GetEvent(Ctx(t.viewer_key).get(), get, &out)),
              InvalidFieldIs("name"));
}

TEST(EventsApiTest, FiscalYearsTurnOnAprilFirstInMontreal) {
  TestTenant t = NewTenant("evfy");
  v1::Event out;
  // 23:30 on March 31st in Montréal is already April 1st in UTC.
  ASSERT_THAT(S(Create(t,
                       MakeEvent("Dernier soir", v1::Event::OTHER,
                                 Montreal(2018, 3, 31, 23, 30), 1),
                       &out, "late")),
              IsOk());
  ASSERT_THAT(S(Create(t,
                       MakeEvent("Premier matin", v1::Event::OTHER,
                                 Montreal(2018, 4, 1, 0, 30), 1),
                       &out, "early")),
              IsOk());
  ASSERT_THAT(
      S(Create(
          t, MakeEvent("Été", v1::Event::OTHER, Montreal(2017, 7, 1, 10, 0), 1),
          &out, "summer")),
      IsOk());
  auto fy17 = ListAll(t, "2017-2018");
  ASSERT_EQ(fy17.size(), 2u);
  EXPECT_EQ(fy17[0].name(), t.parent() + "/events/summer");
  EXPECT_EQ(fy17[1].name(), t.parent() + "/events/late");
  auto fy18 = ListAll(t, "2018-2019");
  ASSERT_EQ(fy18.size(), 1u);
  EXPECT_EQ(fy18[0].name(), t.parent() + "/events/early");
  // Pages of one walk every event once, by start time.
  auto paged = ListAll(t, "", 1);
  ASSERT_EQ(paged.size(), 3u);
  EXPECT_EQ(paged[2].name(), t.parent() + "/events/early");
}

nlohmann::json ParseCalendar(const std::string& data) {
  char path[] = "/tmp/poles-ical-XXXXXX";
  int fd = mkstemp(path);
  EXPECT_GE(fd, 0);
  EXPECT_EQ(write(fd, data.data(), data.size()),
            static_cast<ssize_t>(data.size()));
  close(fd);
  const char* py = std::getenv("POLES_PYTHON3");
  std::string cmd =
      absl::StrCat(py ? py : "/usr/bin/python3", " ", POLES_SOURCE_DIR,
                   "/tests/tools/parse_ical.py ", path);
  FILE* pipe = popen(cmd.c_str(), "r");
  EXPECT_NE(pipe, nullptr);
  std::string out;
  char buf[4096];
  size_t n;
  while (pipe && (n = fread(buf, 1, sizeof buf, pipe)) > 0) out.append(buf, n);
  int rc = pipe ? pclose(pipe) : -1;
  unlink(path);
  EXPECT_EQ(rc, 0)
      << "the iCalendar parser failed (is python3-icalendar installed?)";
  return nlohmann::json::parse(out, nullptr, false);
}

TEST(EventsApiTest, PublicCalendarParsesBackWithARealParser) {
  TestTenant t = NewTenant("evcal");
  const int64_t now = absl::ToUnixSeconds(absl::Now());
  const std::string tricky = "Forum, « économie sociale » ; suite\\ fin";
  v1::Event pub =
      MakeEvent(tricky, v1::Event::FORUM, (now / 60 + 7 * 24 * 60) * 60, 3);
  pub.set_public_(true);
  pub.set_mrc("mrcs/becancour");
  pub.set_location("Salle municipale");
  pub.set_description("Ligne 1\nLigne 2, avec virgule");
  v1::Event out;
  ASSERT_THAT(S(Create(t, pub, &out, "forum")), IsOk());
  v1::Event priv =
      MakeEvent("Réunion privée", v1::Event::BOARD_MEETING, now + 86400);
  ASSERT_THAT(S(Create(t, priv, &out, "prive")), IsOk());
  v1::Event past = MakeEvent("Passé", v1::Event::FORUM, now - 30 * 86400);
  past.set_public_(true);
  ASSERT_THAT(S(Create(t, past, &out, "passe")), IsOk());

  v1::GetPublicCalendarRequest r;
  r.set_parent(t.parent());
  v1::Calendar cal;
  ASSERT_THAT(S(Events()->GetPublicCalendar(Ctx(t.viewer_key).get(), r, &cal)),
              IsOk());
  EXPECT_EQ(cal.content_type(), "text/calendar; charset=utf-8");
  nlohmann::json parsed = ParseCalendar(cal.data());
  ASSERT_TRUE(parsed.is_object()) << cal.data();
  EXPECT_EQ(parsed["name"], "Pôle d'essai " + t.slug);
  ASSERT_EQ(parsed["events"].size(), 1u) << cal.data();
  const auto& ev = parsed["events"][0];
  EXPECT_EQ(ev["summary"], tricky);
  EXPECT_EQ(ev["location"], "Salle municipale, Bécancour");
  EXPECT_EQ(ev["description"], "Ligne 1\nLigne 2, avec virgule");
  EXPECT_EQ(ev["uid"], t.parent() + "/events/forum@poles.quebec");
  EXPECT_EQ(ev["start"],
            absl::FormatTime("%Y-%m-%dT%H:%M:%SZ",
                             absl::FromUnixSeconds(pub.start_time().seconds()),
                             absl::UTCTimeZone()));
  EXPECT_EQ(ev["end"],
            absl::FormatTime("%Y-%m-%dT%H:%M:%SZ",
                             absl::FromUnixSeconds(pub.end_time().seconds()),
                             absl::UTCTimeZone()));
}

// ---- Summaries -------------------------------------------------------------

using Values = std::map<std::string, int64_t>;

// "indicator" or "indicator|k=v,k=v" -> value; provenance checked by callers.
Values Flatten(const v1::IndicatorSummary& s,
               v1::Provenance* provenance = nullptr,
               const std::string& only = "") {
  Values out;
  for (const auto& v : s.values()) {
    std::map<std::string, std::string> dims(v.dimensions().begin(),
                                            v.dimensions().end());
    std::string key = v.indicator();
    std::string sep = "|";
    for (const auto& [k, val] : dims) {
      key += sep + k + "=" + val;
      sep = ",";
    }
    out[key] = v.value();
    if (provenance && v.indicator() == only) *provenance = v.provenance();
  }
  return out;
}

v1::IndicatorSummary Summarize(const std::string& key, const TestTenant& t,
                               const std::string& fy,
                               std::vector<std::string> dims = {}) {
  v1::SummarizeRequest r;
  r.set_parent(t.parent());
  r.set_fiscal_year(fy);
  for (const auto& d : dims) r.add_dimensions(d);
  v1::IndicatorSummary out;
  auto s = Events()->SummarizeEvents(Ctx(key).get(), r, &out);
  EXPECT_TRUE(s.ok()) << s.error_message();
  return out;
}

TestTenant LoadCentreDuQuebec() {
  TestTenant t = NewTenant("cdq", {"arthabaska", "becancour", "drummond",
                                   "l-erable", "nicolet-yamaska"});
  std::ifstream in(std::string(POLES_SOURCE_DIR) +
                   "/data/seeds/events/centre-du-quebec-2017-2018.json");
  std::stringstream ss;
  ss << in.rdbuf();
  auto file = cli::ParseEventsFile(ss.str());
  EXPECT_TRUE(file.ok()) << file.status();
  auto summary =
      cli::ImportEvents(Channel(), t.editor_key, *file, t.slug, false);
  EXPECT_TRUE(summary.ok()) << summary.status();
  EXPECT_EQ(summary->bodies_created, 2u);
  EXPECT_EQ(summary->events_created, 17u);
  // A rerun creates nothing.
  auto again = cli::ImportEvents(Channel(), t.editor_key, *file, t.slug, false);
  EXPECT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->events_created, 0u);
  EXPECT_EQ(again->already_present, 19u);
  return t;
}

TEST(EventsSummaryTest, CentreDuQuebecFixtureGivesTheBilansNumbers) {
  TestTenant t = LoadCentreDuQuebec();
  // The national gateway's service key reads the summary, not the rows.
  Values total = Flatten(Summarize(ServiceKey(), t, "2017-2018"));
  // 6 CA meetings, 1 executive, the AGA, the forum, the Parc Marie-Victorin
  // visit, the Semaine's 4 activities and the CPE training.
  EXPECT_EQ(total["events.held"], 15);
  EXPECT_EQ(total["events.attended"], 2);  // two webinars
  EXPECT_EQ(total["events.participants"], 19 + 40 + 17);
  EXPECT_EQ(total["events.trainings"], 1);
  EXPECT_EQ(total["events.trainees"], 17);

  Values by_kind =
      Flatten(Summarize(t.viewer_key, t, "2017-2018", {"event_kind"}));
  EXPECT_EQ(by_kind["events.held|event_kind=board_meeting"], 6);
  EXPECT_EQ(by_kind["events.held|event_kind=executive_meeting"], 1);
  EXPECT_EQ(by_kind["events.held|event_kind=aga"], 1);
  EXPECT_EQ(by_kind["events.held|event_kind=forum"], 1);
  EXPECT_EQ(by_kind["events.held|event_kind=networking"], 4);
  EXPECT_EQ(by_kind["events.held|event_kind=training"], 1);
  EXPECT_EQ(by_kind["events.participants|event_kind=aga"], 19);
  EXPECT_EQ(by_kind["events.attended|event_kind=webinar"], 2);

  // The bilan does not break participants down by gender: all of them show
  // as "not collected", and the breakdown adds up to the total.
  Values by_gender =
      Flatten(Summarize(ServiceKey(), t, "2017-2018", {"gender"}));
  EXPECT_EQ(by_gender["events.participants|gender=not_collected"], 76);
  EXPECT_EQ(by_gender.count("events.participants|gender=women"), 0u);

  // Every breakdown reconciles with its total.
  Values by_mrc =
      Flatten(Summarize(ServiceKey(), t, "2017-2018", {"mrc", "event_kind"}));
  std::map<std::string, int64_t> sums;
  for (const auto& [key, value] : by_mrc) {
    auto bar = key.find('|');
    if (bar != std::string::npos) sums[key.substr(0, bar)] += value;
  }
  for (const auto& [indicator, sum] : sums) {
    EXPECT_EQ(sum, by_mrc[indicator]) << indicator;
  }
  EXPECT_EQ(by_mrc["events.held|event_kind=networking,mrc=becancour"], 1);

  // The CPE training keeps its satisfaction results.
  v1::GetEventRequest get;
  get.set_name(t.parent() + "/events/formation-cpe-image-de-marque");
  v1::Event cpe;
  ASSERT_THAT(S(Events()->GetEvent(Ctx(t.viewer_key).get(), get, &cpe)),
              IsOk());
  EXPECT_EQ(cpe.training().cohort_size(), 17);
  ASSERT_EQ(cpe.training().satisfaction_size(), 7);
  EXPECT_EQ(cpe.training().satisfaction(1).percent(), 96);

  // Another fiscal year has nothing.
  EXPECT_EQ(Summarize(ServiceKey(), t, "2018-2019").values_size(), 0);
}

// « Conseil d'administration du Pôle | 6 rencontres régulières | 1 rencontre
// de l'exécutif », and the CPE cohort's satisfaction rates.
TEST(EventsSummaryTest, MeetingsByBodyAndTrainingSatisfaction) {
  TestTenant t = LoadCentreDuQuebec();
  Values total = Flatten(Summarize(ServiceKey(), t, "2017-2018"));
  // The board's 6 meetings and its AGA, the executive's one meeting.
  EXPECT_EQ(total["events.meetings"], 8);
  Values by_body =
      Flatten(Summarize(ServiceKey(), t, "2017-2018", {"body", "event_kind"}));
  EXPECT_EQ(by_body["events.meetings|body=ca,event_kind=board_meeting"], 6);
  EXPECT_EQ(by_body["events.meetings|body=ca,event_kind=aga"], 1);
  EXPECT_EQ(
      by_body["events.meetings|body=executif,event_kind=executive_meeting"], 1);
  Values by_kind =
      Flatten(Summarize(ServiceKey(), t, "2017-2018", {"body_kind"}));
  EXPECT_EQ(by_kind["events.meetings|body_kind=board"], 7);
  EXPECT_EQ(by_kind["events.meetings|body_kind=executive"], 1);
  // 17 trainees x 7 questions; 100, 96, 92, 100, 96, 92, 100 % of 17.
  EXPECT_EQ(total["events.satisfaction_answers"], 119);
  EXPECT_EQ(total["events.satisfaction_satisfied"], 115);
}

TEST(EventsSummaryTest, AttendedMeetingsOfAPartnersCommitteeCount) {
  TestTenant t = NewTenant("evm");
  v1::CreateBodyRequest b;
  b.set_parent(t.parent());
  b.set_body_id("crds");
  b.mutable_body()->set_display_name("Comité régional en développement social");
  b.mutable_body()->set_kind(v1::Body::PARTNER_COMMITTEE);
  v1::Body body;
  ASSERT_THAT(S(Events()->CreateBody(Ctx(t.editor_key).get(), b, &body)),
              IsOk());
  for (int day : {3, 10}) {
    v1::Event e = MakeEvent("Comité stratégique", v1::Event::COMMITTEE_MEETING,
                            Montreal(2017, 10, day, 9, 0));
    e.set_organised(false);
    e.set_body(body.name());
    v1::Event out;
    ASSERT_THAT(S(Create(t, e, &out)), IsOk());
  }
  Values v = Flatten(Summarize(ServiceKey(), t, "2017-2018", {"body_kind"}));
  EXPECT_EQ(v["events.meetings"], 2);
  EXPECT_EQ(v["events.meetings|body_kind=partner_committee"], 2);
  EXPECT_EQ(v["events.attended"], 2);
  EXPECT_EQ(v.count("events.satisfaction_answers"), 0u);
}

TEST(EventsSummaryTest, GenderBreakdownKeepsNotCollectedApartFromZero) {
  TestTenant t = NewTenant("evg");
  v1::Event e =
      MakeEvent("Formation", v1::Event::TRAINING, Montreal(2019, 5, 1, 9, 0));
  e.mutable_participants()->set_total(20);
  e.mutable_participants()->set_women(12);
  e.mutable_participants()->set_men(5);
  v1::Event out;
  ASSERT_THAT(S(Create(t, e, &out)), IsOk());
  v1::Event none = MakeEvent("Réseautage", v1::Event::NETWORKING,
                             Montreal(2019, 6, 1, 9, 0));
  ASSERT_THAT(S(Create(t, none, &out)), IsOk());  // participants not collected
  Values v = Flatten(Summarize(ServiceKey(), t, "2019-2020", {"gender"}));
  EXPECT_EQ(v["events.participants"], 20);
  EXPECT_EQ(v["events.participants|gender=women"], 12);
  EXPECT_EQ(v["events.participants|gender=men"], 5);
  EXPECT_EQ(v["events.participants|gender=not_collected"], 3);
  EXPECT_EQ(v["events.held"], 2);
  EXPECT_EQ(v["events.trainees"], 20);
}

TEST(EventsSummaryTest, ReportedValuesReplaceComputedOnesAndSaySo) {
  TestTenant t = NewTenant("evrep");
  v1::Event out;
  ASSERT_THAT(S(Create(t,
                       MakeEvent("CA", v1::Event::BOARD_MEETING,
                                 Montreal(2016, 6, 1, 18, 0)),
                       &out)),
              IsOk());
  v1::ReportIndicatorValueRequest r;
  r.set_parent(t.parent());
  r.set_fiscal_year("2016-2017");
  r.mutable_value()->set_indicator("events.held");
  r.mutable_value()->set_value(12);
  v1::IndicatorValue stored;
  EXPECT_THAT(
      S(Events()->ReportEventsIndicator(Ctx(t.viewer_key).get(), r, &stored)),
      StatusIs(absl::StatusCode::kPermissionDenied));
  ASSERT_THAT(
      S(Events()->ReportEventsIndicator(Ctx(t.editor_key).get(), r, &stored)),
      IsOk());
  EXPECT_EQ(stored.provenance(), v1::PROVENANCE_REPORTED);

  v1::Provenance held = v1::PROVENANCE_UNSPECIFIED,
                 attended = v1::PROVENANCE_UNSPECIFIED;
  auto summary = Summarize(ServiceKey(), t, "2016-2017");
  Values v = Flatten(summary, &held, "events.held");
  Flatten(summary, &attended, "events.participants");
  EXPECT_EQ(v["events.held"], 12);
  EXPECT_EQ(held, v1::PROVENANCE_REPORTED);

  // Another service's indicator, an unknown one, a dimension it does not
  // have: each named, nothing stored.
  r.mutable_value()->set_indicator("directories.enterprises");
  EXPECT_THAT(
      S(Events()->ReportEventsIndicator(Ctx(t.editor_key).get(), r, &stored)),
      InvalidFieldIs("value.indicator"));
  r.mutable_value()->set_indicator("events.trainees");
  (*r.mutable_value()->mutable_dimensions())["sector"] = "culture";
  EXPECT_THAT(
      S(Events()->ReportEventsIndicator(Ctx(t.editor_key).get(), r, &stored)),
      InvalidFieldIs("value.dimensions"));
  r.mutable_value()->clear_dimensions();
  r.set_fiscal_year("2016");
  EXPECT_THAT(
      S(Events()->ReportEventsIndicator(Ctx(t.editor_key).get(), r, &stored)),
      InvalidFieldIs("fiscal_year"));
  EXPECT_EQ(
      Flatten(Summarize(ServiceKey(), t, "2016-2017")).count("events.trainees"),
      0u);
}

TEST(EventsSummaryTest, OnlyTheServiceRoleAndTheTenantsOwnUsersMaySummarize) {
  TestTenant a = NewTenant("eva"), b = NewTenant("evb");
  v1::SummarizeRequest r;
  r.set_parent(a.parent());
  r.set_fiscal_year("2017-2018");
  v1::IndicatorSummary out;
  EXPECT_THAT(S(Events()->SummarizeEvents(Ctx(b.editor_key).get(), r, &out)),
              StatusIs(absl::StatusCode::kPermissionDenied));
  EXPECT_THAT(S(Events()->SummarizeEvents(Ctx(AdminKey()).get(), r, &out)),
              StatusIs(absl::StatusCode::kPermissionDenied));
  EXPECT_THAT(S(Events()->SummarizeEvents(Ctx(a.viewer_key).get(), r, &out)),
              IsOk());
  // The service key reads summaries, never rows.
  v1::ListEventsRequest l;
  l.set_parent(a.parent());
  v1::ListEventsResponse lr;
  EXPECT_THAT(S(Events()->ListEvents(Ctx(ServiceKey()).get(), l, &lr)),
              StatusIs(absl::StatusCode::kPermissionDenied));
  r.set_fiscal_year("2017-2019");
  EXPECT_THAT(S(Events()->SummarizeEvents(Ctx(ServiceKey()).get(), r, &out)),
              InvalidFieldIs("fiscal_year"));
  r.set_fiscal_year("2017-2018");
  r.add_dimensions("sector");
  EXPECT_THAT(S(Events()->SummarizeEvents(Ctx(ServiceKey()).get(), r, &out)),
              InvalidFieldIs("dimensions[0]"));
}

TEST(EventsSummaryTest, TheServiceMatchesTheCatalogue) {
  v1::ListNationalIndicatorsRequest r;
  v1::ListNationalIndicatorsResponse resp;
  ASSERT_THAT(
      S(Admin()->ListNationalIndicators(Ctx(ServiceKey()).get(), r, &resp)),
      IsOk());
  std::map<std::string, std::set<std::string>> catalogue;
  for (const auto& i : resp.indicators()) {
    if (i.service() != "events") continue;
    std::string code = i.name().substr(i.name().find('/') + 1);
    catalogue[code] = {i.dimensions().begin(), i.dimensions().end()};
  }
  EXPECT_EQ(catalogue, events::EventsIndicators());
}

}  // namespace
}  // namespace poles::testing
