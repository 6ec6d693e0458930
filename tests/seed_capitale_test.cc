// Capitale-Nationale's plan triennal 2007-2010
// (../shared/seeds/capitale-nationale-plan-triennal-2007-2010.txt): its four
// standing committees load as bodies of the tenant through polesctl's
// events file import and read back through ListBodies. The plan itself is
// seed_plans_test's.
#include <fstream>
#include <map>
#include <sstream>

#include "cli/events_file.h"
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

}  // namespace
}  // namespace poles::testing
