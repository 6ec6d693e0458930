// Real concurrent sessions against the pooled server (4 database workers in
// the test server, so connections are constantly reused across tenants):
// tenant switches never leak, etag races let exactly one writer win, and a
// request_id replayed concurrently creates one resource.
#include <atomic>
#include <thread>

#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "storage/worker_pool.h"
#include "tests/test_env.h"

namespace poles::testing {
namespace {

v1::Event MakeEvent(const std::string& title) {
  v1::Event e;
  e.set_title(title);
  e.set_kind(v1::Event::FORUM);
  e.set_organised(true);
  e.mutable_start_time()->set_seconds(1507800000);
  e.mutable_end_time()->set_seconds(1507810000);
  return e;
}

v1::Event CreateIn(const TestTenant& t, const std::string& title) {
  v1::CreateEventRequest r;
  r.set_parent(t.parent());
  *r.mutable_event() = MakeEvent(title);
  v1::Event out;
  EXPECT_TRUE(Events()->CreateEvent(Ctx(t.editor_key).get(), r, &out).ok());
  return out;
}

// The application role's connections to the test database, as PostgreSQL
// counts them.
int AppConnections() {
  pqxx::connection c(SuperuserUrl());
  pqxx::work w(c);
  return w
      .exec1(
          "SELECT count(*) FROM pg_stat_activity "
          "WHERE usename = 'poles_app' AND backend_type = 'client backend'")[0]
      .as<int>();
}

TEST(ConcurrencyTest, ConnectAllOpensEveryWorkersConnectionBeforeAnyTask) {
  const int before = AppConnections();
  storage::WorkerPool pool(AppUrl(), 3, 10);
  EXPECT_EQ(pool.ConnectAll(std::chrono::seconds(10)), 3);
  EXPECT_EQ(AppConnections(), before + 3);
  // Asked again, nobody connects twice.
  EXPECT_EQ(pool.ConnectAll(std::chrono::seconds(10)), 3);
  EXPECT_EQ(AppConnections(), before + 3);
}

TEST(ConcurrencyTest, TenantSwitchesOnPooledConnectionsNeverLeak) {
  std::vector<TestTenant> tenants;
  std::vector<std::string> titles;
  for (int i = 0; i < 4; ++i) {
    tenants.push_back(NewTenant(absl::StrCat("cc", i)));
    titles.push_back(absl::StrCat("Forum du Pôle ", i));
    CreateIn(tenants[i], titles[i]);
  }
  std::atomic<int> leaks{0}, failures{0}, calls{0};
  std::vector<std::thread> threads;
  threads.reserve(8);
  for (int th = 0; th < 8; ++th) {
    threads.emplace_back([&, th] {
      auto stub = Events();
      for (int n = 0; n < 60; ++n) {
        const int i = (th + n) % 4;
        const TestTenant& t = tenants[i];
        v1::ListEventsRequest r;
        r.set_parent(t.parent());
        v1::ListEventsResponse resp;
        grpc::Status s = stub->ListEvents(Ctx(t.viewer_key).get(), r, &resp);
        ++calls;
        if (!s.ok()) {
          ++failures;
          continue;
        }
        // Exactly the tenant's own event, whatever connection served it.
        if (resp.events_size() != 1 || resp.events(0).title() != titles[i])
          ++leaks;
        if (n % 3 == 0) {
          // A write in between, on whichever connection comes next.
          v1::CreateBodyRequest b;
          b.set_parent(t.parent());
          b.mutable_body()->set_display_name("Comité");
          b.mutable_body()->set_kind(v1::Body::COMMITTEE);
          v1::Body out;
          if (!stub->CreateBody(Ctx(t.editor_key).get(), b, &out).ok())
            ++failures;
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(calls.load(), 480);
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(leaks.load(), 0);
  // Each tenant sees only its own bodies: 8 threads x 60 calls / 4 tenants,
  // a body every third call.
  for (const auto& t : tenants) {
    v1::ListBodiesRequest r;
    r.set_parent(t.parent());
    r.set_page_size(200);
    v1::ListBodiesResponse resp;
    ASSERT_TRUE(Events()->ListBodies(Ctx(t.viewer_key).get(), r, &resp).ok());
    EXPECT_EQ(resp.bodies_size(), 40);
  }
}

TEST(ConcurrencyTest, AnEtagRaceHasExactlyOneWinner) {
  TestTenant t = NewTenant("race");
  v1::Event e = CreateIn(t, "Forum");
  for (int round = 0; round < 5; ++round) {
    v1::GetEventRequest g;
    g.set_name(e.name());
    ASSERT_TRUE(Events()->GetEvent(Ctx(t.viewer_key).get(), g, &e).ok());
    std::atomic<int> won{0}, aborted{0}, other{0};
    std::vector<std::thread> threads;
    threads.reserve(6);
    for (int th = 0; th < 6; ++th) {
      threads.emplace_back([&, th] {
        v1::UpdateEventRequest u;
        *u.mutable_event() = e;  // all hold the same etag
        u.mutable_event()->set_title(absl::StrCat("Titre ", round, "-", th));
        u.mutable_update_mask()->add_paths("title");
        v1::Event out;
        grpc::Status s =
            Events()->UpdateEvent(Ctx(t.editor_key).get(), u, &out);
        if (s.ok()) {
          ++won;
        } else if (s.error_code() == grpc::StatusCode::ABORTED) {
          ++aborted;
        } else {
          ++other;
        }
      });
    }
    for (auto& th : threads) th.join();
    EXPECT_EQ(won.load(), 1) << "round " << round;
    EXPECT_EQ(aborted.load(), 5) << "round " << round;
    EXPECT_EQ(other.load(), 0) << "round " << round;
  }
}

TEST(ConcurrencyTest, AConcurrentlyReplayedRequestIdCreatesOneResource) {
  TestTenant t = NewTenant("replay");
  v1::CreateEventRequest r;
  r.set_parent(t.parent());
  r.set_request_id("import:once");
  *r.mutable_event() = MakeEvent("Une seule fois");
  std::vector<v1::Event> outs(6);
  std::vector<grpc::Status> statuses(6);
  std::vector<std::thread> threads;
  threads.reserve(6);
  for (int th = 0; th < 6; ++th) {
    threads.emplace_back([&, th] {
      statuses[th] =
          Events()->CreateEvent(Ctx(t.editor_key).get(), r, &outs[th]);
    });
  }
  for (auto& th : threads) th.join();
  for (int th = 0; th < 6; ++th) {
    ASSERT_TRUE(statuses[th].ok()) << statuses[th].error_message();
    EXPECT_EQ(outs[th].name(), outs[0].name());
  }
  v1::ListEventsRequest l;
  l.set_parent(t.parent());
  v1::ListEventsResponse resp;
  ASSERT_TRUE(Events()->ListEvents(Ctx(t.viewer_key).get(), l, &resp).ok());
  EXPECT_EQ(resp.events_size(), 1);
}

// Many identical creates at once, on every worker of the pool and on two
// services: every caller gets OK and the same resource (AIP-155), and only
// one resource exists.
TEST(ConcurrencyTest, ManyConcurrentReplaysAllGetTheFirstAnswer) {
  TestTenant t = NewTenant("replays");
  constexpr int kCallers = 24;
  v1::CreateEventRequest e;
  e.set_parent(t.parent());
  e.set_request_id("replay:many-events");
  *e.mutable_event() = MakeEvent("Forum répété");
  v1::CreateOrganisationRequest o;
  o.set_parent(t.parent());
  o.set_request_id("replay:many-organisations");
  o.mutable_organisation()->set_display_name("Coopérative répétée");
  o.mutable_organisation()->set_kind(v1::Organisation::PARTNER);
  std::vector<v1::Event> events(kCallers);
  std::vector<v1::Organisation> orgs(kCallers);
  std::vector<grpc::Status> event_status(kCallers), org_status(kCallers);
  std::vector<std::thread> threads;
  threads.reserve(kCallers);
  for (int i = 0; i < kCallers; ++i) {
    threads.emplace_back([&, i] {
      if (i % 2 == 0) {
        event_status[i] =
            Events()->CreateEvent(Ctx(t.editor_key).get(), e, &events[i]);
        org_status[i] = Directories()->CreateOrganisation(
            Ctx(t.editor_key).get(), o, &orgs[i]);
      } else {
        org_status[i] = Directories()->CreateOrganisation(
            Ctx(t.editor_key).get(), o, &orgs[i]);
        event_status[i] =
            Events()->CreateEvent(Ctx(t.editor_key).get(), e, &events[i]);
      }
    });
  }
  for (auto& th : threads) th.join();
  for (int i = 0; i < kCallers; ++i) {
    ASSERT_TRUE(event_status[i].ok())
        << i << ": " << event_status[i].error_code() << " "
        << event_status[i].error_message();
    ASSERT_TRUE(org_status[i].ok()) << i << ": " << org_status[i].error_code()
                                    << " " << org_status[i].error_message();
    EXPECT_EQ(events[i].name(), events[0].name());
    EXPECT_EQ(events[i].etag(), events[0].etag());
    EXPECT_EQ(orgs[i].name(), orgs[0].name());
  }
  v1::ListEventsRequest l;
  l.set_parent(t.parent());
  v1::ListEventsResponse resp;
  ASSERT_TRUE(Events()->ListEvents(Ctx(t.viewer_key).get(), l, &resp).ok());
  EXPECT_EQ(resp.events_size(), 1);
  v1::ListOrganisationsRequest lo;
  lo.set_parent(t.parent());
  v1::ListOrganisationsResponse orgs_resp;
  ASSERT_TRUE(Directories()
                  ->ListOrganisations(Ctx(t.viewer_key).get(), lo, &orgs_resp)
                  .ok());
  EXPECT_EQ(orgs_resp.organisations_size(), 1);
}

}  // namespace
}  // namespace poles::testing
