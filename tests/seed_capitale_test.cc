// Capitale-Nationale's plan triennal 2007-2010
// (../shared/seeds/capitale-nationale-plan-triennal-2007-2010.txt): its four
// standing committees load as bodies of the tenant through polesctl's
// events file import and read back through ListBodies; the plan items each
// is responsible for (the RESPONSABLES column) are linked to it and read
// back through ListPlanItems' responsible_body filter; the Pôle's legal
// name reads back through GetPoleProfile. The rest of the plan is
// seed_plans_test's.
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "cli/events_file.h"
#include "cli/plan_file.h"
#include "cli/plan_import.h"
#include "cli/profile_file.h"
#include "tests/test_env.h"

namespace poles::testing {
namespace {

TEST(SeedCapitaleTest, FourStandingCommittees) {
  TestTenant t =
      NewTenant("seedcn", {"charlevoix", "charlevoix-est", "la-cote-de-beaupre",
                           "la-jacques-cartier", "l-ile-d-orleans", "portneuf",
                           "quebec"});
  std::ifstream in(std::string(POLES_SOURCE_DIR) +
                   "/data/seeds/events/capitale-nationale-2007-2010.json");
  std::stringstream ss;
  ss << in.rdbuf();
  auto file = cli::ParseEventsFile(ss.str());
  ASSERT_TRUE(file.ok()) << file.status();
  for (int run = 0; run < 2; ++run) {
    auto imported =
        cli::ImportEvents(Channel(), t.editor_key, *file, t.slug, false);
    ASSERT_TRUE(imported.ok()) << imported.status();
    EXPECT_EQ(imported->bodies_created, run == 0 ? 4u : 0u);
  }
  v1::ListBodiesRequest r;
  r.set_parent(t.parent());
  v1::ListBodiesResponse resp;
  ASSERT_THAT(S(Events()->ListBodies(Ctx(t.viewer_key).get(), r, &resp)),
              IsOk());
  std::map<std::string, v1::Body::Kind> bodies;
  for (const auto& b : resp.bodies()) bodies[b.display_name()] = b.kind();
  // l. 47 « quatre (4) comités de travail permanents », l. 49-52.
  const std::map<std::string, v1::Body::Kind> want = {
      {"Comité des communications", v1::Body::COMMITTEE},  // l. 49
      {"Comité d'analyse", v1::Body::COMMITTEE},           // l. 50
      {"Comité de formation", v1::Body::COMMITTEE},        // l. 51
      {"Comité des événements", v1::Body::COMMITTEE},      // l. 52
  };
  EXPECT_EQ(bodies, want);
}

std::string ReadSeed(const std::string& rel) {
  std::ifstream in(std::string(POLES_SOURCE_DIR) + rel);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The codes of the plan items `body` is responsible for.
std::set<std::string> ItemsOf(const TestTenant& t, const std::string& plan,
                              const std::string& body) {
  std::set<std::string> codes;
  std::string token;
  do {
    v1::ListPlanItemsRequest r;
    r.set_parent(plan);
    r.set_responsible_body(t.parent() + "/bodies/" + body);
    r.set_page_token(token);
    r.set_page_size(7);  // several pages: the filter is bound to the token
    v1::ListPlanItemsResponse resp;
    EXPECT_THAT(S(Plans()->ListPlanItems(Ctx(t.viewer_key).get(), r, &resp)),
                IsOk());
    for (const auto& it : resp.items()) {
      codes.insert(it.code());
      bool linked = false;
      for (const auto& b : it.responsible_bodies()) {
        linked |= b == t.parent() + "/bodies/" + body;
      }
      EXPECT_TRUE(linked) << it.code();
    }
    token = resp.next_page_token();
  } while (!token.empty());
  return codes;
}

TEST(SeedCapitaleTest, CommitteesLinkedToThePlanItemsTheyAreResponsibleFor) {
  TestTenant t =
      NewTenant("seedcnp", {"charlevoix", "charlevoix-est",
                            "la-cote-de-beaupre", "la-jacques-cartier",
                            "l-ile-d-orleans", "portneuf", "quebec"});
  auto events = cli::ParseEventsFile(
      ReadSeed("/data/seeds/events/capitale-nationale-2007-2010.json"));
  ASSERT_TRUE(events.ok()) << events.status();
  ASSERT_TRUE(
      cli::ImportEvents(Channel(), t.editor_key, *events, t.slug, false).ok());
  auto plan = cli::ParsePlanFile(
      ReadSeed("/data/seeds/plans/capitale-nationale-2007-2010.json"));
  ASSERT_TRUE(plan.ok()) << plan.status();
  auto imported =
      cli::ImportPlan(Channel(), t.editor_key, *plan, t.slug, false);
  ASSERT_TRUE(imported.ok()) << imported.status();
  const std::string p = imported->plan_name;

  // Comité des communications: l. 63-65 (1.1.1-1.1.3), l. 68 (1.3.2, with
  // Stéphane Lépine), l. 69 (1.3.3), l. 92 (3.1.2, with the Comité de
  // formation), l. 93 (3.2.1), l. 101 (3.4.2).
  EXPECT_EQ(ItemsOf(t, p, "comite-communications"),
            (std::set<std::string>{"1.1.1", "1.1.2", "1.1.3", "1.3.2", "1.3.3",
                                   "3.1.2", "3.2.1", "3.4.2"}));
  // Comité d'analyse: l. 67 (1.3.1), l. 70 (1.3.4), l. 94-95 (3.2.2,
  // 3.2.3), l. 98 (3.3.3, with the Comité de formation), l. 100 (3.4.1),
  // l. 115-117 (5.1.3-5.1.5).
  EXPECT_EQ(ItemsOf(t, p, "comite-analyse"),
            (std::set<std::string>{"1.3.1", "1.3.4", "3.2.2", "3.2.3", "3.3.3",
                                   "3.4.1", "5.1.3", "5.1.4", "5.1.5"}));
  // Comité de formation: l. 91 (3.1.1), l. 92 (3.1.2), l. 96-99
  // (3.3.1-3.3.4).
  EXPECT_EQ(ItemsOf(t, p, "comite-formation"),
            (std::set<std::string>{"3.1.1", "3.1.2", "3.3.1", "3.3.2", "3.3.3",
                                   "3.3.4"}));
  // Comité des événements: l. 66 (1.2.1), l. 106-108 (4.1.1-4.1.3).
  EXPECT_EQ(ItemsOf(t, p, "comite-evenements"),
            (std::set<std::string>{"1.2.1", "4.1.1", "4.1.2", "4.1.3"}));

  // The source's words stay: l. 68 « Comité des communications Stéphane
  // Lépine »; l. 81's « Comité ad hoc » is none of the four and links to no
  // body.
  v1::GetPlanItemRequest g;
  g.set_name(p + "/items/1-3-2");
  v1::PlanItem item;
  ASSERT_THAT(S(Plans()->GetPlanItem(Ctx(t.viewer_key).get(), g, &item)),
              IsOk());
  EXPECT_EQ(std::vector<std::string>(item.responsables().begin(),
                                     item.responsables().end()),
            (std::vector<std::string>{"Comité des communications",
                                      "Stéphane Lépine"}));
  EXPECT_EQ(
      std::vector<std::string>(item.responsible_bodies().begin(),
                               item.responsible_bodies().end()),
      (std::vector<std::string>{t.parent() + "/bodies/comite-communications"}));
  g.set_name(p + "/items/2-2-2");
  ASSERT_THAT(S(Plans()->GetPlanItem(Ctx(t.viewer_key).get(), g, &item)),
              IsOk());
  EXPECT_EQ(item.responsables(0), "Comité ad hoc");
  EXPECT_EQ(item.responsible_bodies_size(), 0);
}

TEST(SeedCapitaleTest, LegalName) {
  TestTenant t = NewTenant("seedcnl", {"quebec"});
  auto file = cli::ParseProfileFile(
      ReadSeed("/data/seeds/profiles/capitale-nationale.json"));
  ASSERT_TRUE(file.ok()) << file.status();
  ASSERT_TRUE(
      cli::LoadProfileFile(Channel(), t.editor_key, *file, t.slug).ok());
  v1::GetPoleProfileRequest r;
  r.set_name(t.parent() + "/profile");
  v1::PoleProfile p;
  ASSERT_THAT(S(Events()->GetPoleProfile(Ctx(t.viewer_key).get(), r, &p)),
              IsOk());
  // l. 29 « PRÉSCN	Pôle régional d'économie sociale de la
  // Capitale-Nationale »
  EXPECT_EQ(p.legal_name(),
            "Pôle régional d'économie sociale de la Capitale-Nationale");
  // The plan gives no incorporation date.
  EXPECT_EQ(p.incorporation_date(), "");
}

}  // namespace
}  // namespace poles::testing
