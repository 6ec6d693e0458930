// Two tenants, every events RPC: what tenant A created cannot be read,
// listed, summarised, updated or deleted from tenant B, whether B names A's
// resources (PERMISSION_DENIED) or looks for A's ids under its own tenant
// (NOT_FOUND or an empty answer); A's data is unchanged afterwards.
#include <functional>

#include "absl/time/time.h"
#include "tests/tenancy_harness.h"
#include "tests/test_env.h"

namespace poles::testing {
namespace {

struct World {
  TestTenant a, b;
  v1::Body body;
  v1::Event event;
  v1::PoleProfile profile;
};

World Build() {
  World w;
  w.a = NewTenant("ea");
  w.b = NewTenant("eb");
  auto stub = Events();
  v1::CreateBodyRequest cb;
  cb.set_parent(w.a.parent());
  cb.set_body_id("ca");
  cb.mutable_body()->set_display_name("CA confidentiel de A");
  cb.mutable_body()->set_kind(v1::Body::BOARD);
  EXPECT_TRUE(stub->CreateBody(Ctx(w.a.editor_key).get(), cb, &w.body).ok());
  v1::CreateEventRequest ce;
  ce.set_parent(w.a.parent());
  ce.set_event_id("aga");
  auto* e = ce.mutable_event();
  e->set_title("AGA confidentielle de A");
  e->set_kind(v1::Event::AGA);
  e->set_organised(true);
  e->set_public_(true);
  e->set_body(w.body.name());
  e->mutable_participants()->set_total(19);
  int64_t start = absl::ToUnixSeconds(absl::Now()) + 86400;
  e->mutable_start_time()->set_seconds(start);
  e->mutable_end_time()->set_seconds(start + 3600);
  EXPECT_TRUE(stub->CreateEvent(Ctx(w.a.editor_key).get(), ce, &w.event).ok());
  v1::UpdatePoleProfileRequest up;
  up.mutable_profile()->set_name(w.a.parent() + "/profile");
  up.mutable_profile()->set_legal_name("Pôle confidentiel de A");
  up.mutable_profile()->set_incorporation_date("2015-05-19");
  up.mutable_profile()->set_founding_event(w.event.name());
  for (const char* p : {"legal_name", "incorporation_date", "founding_event"})
    up.mutable_update_mask()->add_paths(p);
  EXPECT_TRUE(
      stub->UpdatePoleProfile(Ctx(w.a.editor_key).get(), up, &w.profile).ok());
  return w;
}

// "2026-2027" for an instant in that fiscal year (Montréal time).
std::string FiscalYearOf(int64_t seconds) {
  absl::TimeZone tz;
  EXPECT_TRUE(absl::LoadTimeZone("America/Montreal", &tz));
  absl::CivilDay day = absl::ToCivilDay(absl::FromUnixSeconds(seconds), tz);
  int64_t y = day.month() >= 4 ? day.year() : day.year() - 1;
  return std::to_string(y) + "-" + std::to_string(y + 1);
}

std::string AsB(const World& w, const std::string& name) {
  std::string out = name;
  out.replace(0, w.a.parent().size(), w.b.parent());
  return out;
}

using Rpc = TenancyRpc<v1::EventsService::Stub>;

grpc::Status Leak(bool leaked, const grpc::Status& st) {
  if (st.ok() && leaked)
    return grpc::Status(grpc::StatusCode::INTERNAL, "leak");
  return st.ok() ? grpc::Status(grpc::StatusCode::NOT_FOUND, "empty") : st;
}

std::vector<std::pair<std::string, Rpc>> AllRpcs(const World& w) {
  std::vector<std::pair<std::string, Rpc>> rpcs;
  auto add = [&](const std::string& name, Rpc rpc) {
    rpcs.emplace_back(name, rpc);
  };
  add("CreateBody", [&](auto& s, auto& k, auto& n) {
    v1::CreateBodyRequest r;
    r.set_parent(n(w.a.parent()));
    r.mutable_body()->set_display_name("intrus");
    r.mutable_body()->set_kind(v1::Body::COMMITTEE);
    v1::Body o;
    return s.CreateBody(Ctx(k).get(), r, &o);
  });
  add("ListBodies", [&](auto& s, auto& k, auto& n) {
    v1::ListBodiesRequest r;
    r.set_parent(n(w.a.parent()));
    v1::ListBodiesResponse o;
    auto st = s.ListBodies(Ctx(k).get(), r, &o);
    bool leaked = false;
    for (const auto& b : o.bodies())
      leaked |= b.display_name() == w.body.display_name();
    return Leak(leaked, st);
  });
  add("DeleteBody", [&](auto& s, auto& k, auto& n) {
    v1::DeleteBodyRequest r;
    r.set_name(n(w.body.name()));
    google::protobuf::Empty o;
    return s.DeleteBody(Ctx(k).get(), r, &o);
  });
  add("CreateEvent", [&](auto& s, auto& k, auto& n) {
    v1::CreateEventRequest r;
    r.set_parent(n(w.a.parent()));
    *r.mutable_event() = w.event;
    r.mutable_event()->clear_name();
    r.mutable_event()->set_body(n(w.body.name()));  // A's body, seen from B
    v1::Event o;
    return s.CreateEvent(Ctx(k).get(), r, &o);
  });
  add("GetEvent", [&](auto& s, auto& k, auto& n) {
    v1::GetEventRequest r;
    r.set_name(n(w.event.name()));
    v1::Event o;
    return s.GetEvent(Ctx(k).get(), r, &o);
  });
  add("ListEvents", [&](auto& s, auto& k, auto& n) {
    v1::ListEventsRequest r;
    r.set_parent(n(w.a.parent()));
    v1::ListEventsResponse o;
    auto st = s.ListEvents(Ctx(k).get(), r, &o);
    bool leaked = false;
    for (const auto& e : o.events()) leaked |= e.title() == w.event.title();
    return Leak(leaked, st);
  });
  add("UpdateEvent", [&](auto& s, auto& k, auto& n) {
    v1::UpdateEventRequest r;
    *r.mutable_event() = w.event;
    r.mutable_event()->set_name(n(w.event.name()));
    r.mutable_event()->set_body("");
    r.mutable_event()->set_title("écrasé");
    r.mutable_update_mask()->add_paths("title");
    v1::Event o;
    return s.UpdateEvent(Ctx(k).get(), r, &o);
  });
  add("DeleteEvent", [&](auto& s, auto& k, auto& n) {
    v1::DeleteEventRequest r;
    r.set_name(n(w.event.name()));
    google::protobuf::Empty o;
    return s.DeleteEvent(Ctx(k).get(), r, &o);
  });
  add("GetPublicCalendar", [&](auto& s, auto& k, auto& n) {
    v1::GetPublicCalendarRequest r;
    r.set_parent(n(w.a.parent()));
    v1::Calendar o;
    auto st = s.GetPublicCalendar(Ctx(k).get(), r, &o);
    return Leak(o.data().find("BEGIN:VEVENT") != std::string::npos, st);
  });
  add("SummarizeEvents", [&](auto& s, auto& k, auto& n) {
    v1::SummarizeRequest r;
    r.set_parent(n(w.a.parent()));
    r.set_fiscal_year(FiscalYearOf(w.event.start_time().seconds()));
    v1::IndicatorSummary o;
    auto st = s.SummarizeEvents(Ctx(k).get(), r, &o);
    return Leak(o.values_size() > 0, st);
  });
  add("ReportEventsIndicator", [&](auto& s, auto& k, auto& n) {
    v1::ReportIndicatorValueRequest r;
    r.set_parent(n(w.a.parent()));
    r.set_fiscal_year("2017-2018");
    r.mutable_value()->set_indicator("events.held");
    r.mutable_value()->set_value(999);
    v1::IndicatorValue o;
    return s.ReportEventsIndicator(Ctx(k).get(), r, &o);
  });
  add("GetPoleProfile", [&](auto& s, auto& k, auto& n) {
    v1::GetPoleProfileRequest r;
    r.set_name(n(w.profile.name()));
    v1::PoleProfile o;
    auto st = s.GetPoleProfile(Ctx(k).get(), r, &o);
    return Leak(
        o.legal_name() == w.profile.legal_name() || !o.founding_event().empty(),
        st);
  });
  add("UpdatePoleProfile", [&](auto& s, auto& k, auto& n) {
    v1::UpdatePoleProfileRequest r;
    r.mutable_profile()->set_name(n(w.profile.name()));
    r.mutable_profile()->set_legal_name("écrasé");
    r.mutable_update_mask()->add_paths("legal_name");
    v1::PoleProfile o;
    return s.UpdatePoleProfile(Ctx(k).get(), r, &o);
  });
  return rpcs;
}

// A's data as A sees it.
std::string Snapshot(const World& w) {
  auto stub = Events();
  std::string out;
  v1::ListBodiesRequest lb;
  lb.set_parent(w.a.parent());
  v1::ListBodiesResponse bodies;
  EXPECT_TRUE(stub->ListBodies(Ctx(w.a.viewer_key).get(), lb, &bodies).ok());
  out += bodies.SerializeAsString();
  v1::ListEventsRequest le;
  le.set_parent(w.a.parent());
  v1::ListEventsResponse events;
  EXPECT_TRUE(stub->ListEvents(Ctx(w.a.viewer_key).get(), le, &events).ok());
  out += events.SerializeAsString();
  v1::SummarizeRequest sr;
  sr.set_parent(w.a.parent());
  sr.set_fiscal_year(FiscalYearOf(w.event.start_time().seconds()));
  v1::IndicatorSummary summary;
  EXPECT_TRUE(
      stub->SummarizeEvents(Ctx(w.a.viewer_key).get(), sr, &summary).ok());
  out += summary.SerializeAsString();
  v1::GetPoleProfileRequest gp;
  gp.set_name(w.a.parent() + "/profile");
  v1::PoleProfile profile;
  EXPECT_TRUE(
      stub->GetPoleProfile(Ctx(w.a.viewer_key).get(), gp, &profile).ok());
  out += profile.SerializeAsString();
  return out;
}

TEST(EventsTenancyTest, EveryRpcCoveredByTheMatrix) {
  World w = Build();
  ExpectEveryMethodCovered(v1::EventsService::service_full_name(), AllRpcs(w));
}

TEST(EventsTenancyTest, TenantBCannotReachTenantAsResourcesByName) {
  World w = Build();
  std::string before = Snapshot(w);
  ExpectDeniedByName(*Events(), AllRpcs(w), {w.b.editor_key, w.b.viewer_key},
                     "confidentiel");
  EXPECT_EQ(Snapshot(w), before);
}

TEST(EventsTenancyTest, TenantBFindsNothingOfAUnderItsOwnTenant) {
  World w = Build();
  std::string before = Snapshot(w);
  auto stub = Events();
  auto as_b = [&](const std::string& n) { return AsB(w, n); };
  for (const auto& [name, rpc] : AllRpcs(w)) {
    grpc::Status s = rpc(*stub, w.b.editor_key, as_b);
    if (name == "CreateBody" || name == "ReportEventsIndicator" ||
        name == "UpdatePoleProfile") {
      EXPECT_TRUE(s.ok()) << name << ": "
                          << s.error_message();  // B's own right
      continue;
    }
    if (name == "CreateEvent") {
      // A's body id does not exist in B.
      EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT)
          << s.error_message();
      continue;
    }
    if (name == "GetPublicCalendar" || name == "GetPoleProfile") {
      // B's own (empty) calendar; B's own profile, without A's fields.
      EXPECT_EQ(s.error_code(), grpc::StatusCode::NOT_FOUND)
          << s.error_message();
      continue;
    }
    EXPECT_EQ(s.error_code(), grpc::StatusCode::NOT_FOUND)
        << name << ": " << s.error_message();
  }
  EXPECT_EQ(Snapshot(w), before);
}

TEST(EventsTenancyTest, PlatformAdminReachesNoTenantData) {
  World w = Build();
  ExpectDeniedByName(*Events(), AllRpcs(w), {AdminKey()}, "confidentiel");
  // The service role reads summaries (see events_api_test), what the
  // tenant publishes (Access::kPublic: the public calendar, for the
  // gateway's /p/{tenant}/calendrier.ics) and the Pôle's profile (the
  // bilan's heading), and nothing else.
  ExpectDeniedByName(
      *Events(), AllRpcs(w), {ServiceKey()}, "confidentiel",
      {"SummarizeEvents", "GetPublicCalendar", "GetPoleProfile"});
}

}  // namespace
}  // namespace poles::testing
