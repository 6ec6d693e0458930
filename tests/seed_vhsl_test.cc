// Vallée-du-Haut-Saint-Laurent's faits saillants 2015-2016
// (../shared/seeds/vhsl-faits-saillants-2015-2016.txt) load through
// polesctl's code paths (the events file import and cli/demo_reported) and
// read back through the public API with the document's figures, each
// written here beside its line. The MESI agreement of l. 61-64 is
// seed_funding_test's; the 2018-2019 plan is seed_plans_test's.
#include <fstream>
#include <map>
#include <sstream>

#include "cli/demo_reported.h"
#include "cli/events_file.h"
#include "cli/profile_file.h"
#include "tests/test_env.h"

namespace poles::testing {
namespace {

using Dims = std::map<std::string, std::string>;
using Values = std::map<std::pair<std::string, Dims>, v1::IndicatorValue>;

std::string ReadSeed(const std::string& rel) {
  std::ifstream in(std::string(POLES_SOURCE_DIR) + rel);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TestTenant Load() {
  TestTenant t =
      NewTenant("seedvhsl", {"beauharnois-salaberry", "le-haut-saint-laurent",
                             "les-jardins-de-napierville", "roussillon",
                             "vaudreuil-soulanges"});
  auto events = cli::ParseEventsFile(ReadSeed(
      "/data/seeds/events/vallee-du-haut-saint-laurent-2015-2016.json"));
  EXPECT_TRUE(events.ok()) << events.status();
  auto imported =
      cli::ImportEvents(Channel(), t.editor_key, *events, t.slug, false);
  EXPECT_TRUE(imported.ok()) << imported.status();
  auto reported = cli::ParseReportedFile(ReadSeed(
      "/data/seeds/reported/vallee-du-haut-saint-laurent-2015-2016.json"));
  EXPECT_TRUE(reported.ok()) << reported.status();
  for (int run = 0; run < 2; ++run) {
    auto loaded =
        cli::LoadReportedFile(Channel(), t.editor_key, *reported, t.slug);
    EXPECT_TRUE(loaded.ok()) << loaded.status();
  }
  auto profile = cli::ParseProfileFile(
      ReadSeed("/data/seeds/profiles/vallee-du-haut-saint-laurent.json"));
  EXPECT_TRUE(profile.ok()) << profile.status();
  for (int run = 0; run < 2; ++run) {
    auto loaded =
        cli::LoadProfileFile(Channel(), t.editor_key, *profile, t.slug);
    EXPECT_TRUE(loaded.ok()) << loaded.status();
  }
  return t;
}

const TestTenant& Vhsl() {
  static const TestTenant* t = new TestTenant(Load());
  return *t;
}

Values ToValues(const v1::IndicatorSummary& s) {
  Values out;
  for (const auto& v : s.values()) {
    out[{v.indicator(), {v.dimensions().begin(), v.dimensions().end()}}] = v;
  }
  return out;
}

v1::SummarizeRequest Request(const std::vector<std::string>& dims = {}) {
  v1::SummarizeRequest r;
  r.set_parent(Vhsl().parent());
  r.set_fiscal_year("2015-2016");
  for (const auto& d : dims) r.add_dimensions(d);
  return r;
}

int64_t ValueOf(const Values& v, const std::string& code,
                v1::Provenance provenance, const Dims& dims = {}) {
  auto it = v.find({code, dims});
  EXPECT_NE(it, v.end()) << code;
  if (it == v.end()) return -1;
  EXPECT_EQ(it->second.provenance(), provenance) << code;
  return it->second.value();
}

TEST(SeedVhslTest, BoardAtIncorporation) {
  v1::IndicatorSummary s;
  ASSERT_THAT(S(Directories()->SummarizeDirectories(
                  Ctx(Vhsl().viewer_key).get(), Request(), &s)),
              IsOk());
  Values v = ToValues(s);
  const auto r = v1::PROVENANCE_REPORTED;
  // l. 19 « composé de 7 membres et 1 membre observateur »
  EXPECT_EQ(ValueOf(v, "directories.board_seats", r), 7);
  EXPECT_EQ(ValueOf(v, "directories.board_observers", r), 1);
  // l. 20 « Chacun des territoires des 5 MRC sont représentés »
  EXPECT_EQ(ValueOf(v, "directories.board_mrcs_represented", r), 5);
  // l. 20 « 5 administrateurs sur 7 qui proviennent d'entreprise
  // d'économie sociale »
  EXPECT_EQ(ValueOf(v, "directories.board_seats_from_enterprises", r), 5);
}

TEST(SeedVhslTest, FoundingAssemblyAndForum) {
  v1::IndicatorSummary s;
  ASSERT_THAT(S(Events()->SummarizeEvents(Ctx(Vhsl().viewer_key).get(),
                                          Request({"event_kind"}), &s)),
              IsOk());
  Values v = ToValues(s);
  const auto c = v1::PROVENANCE_COMPUTED;
  // l. 23 the founding assembly, l. 28 La Grande séduction.
  EXPECT_EQ(ValueOf(v, "events.held", c), 2);
  EXPECT_EQ(ValueOf(v, "events.held", c, {{"event_kind", "aga"}}), 1);
  EXPECT_EQ(ValueOf(v, "events.held", c, {{"event_kind", "forum"}}), 1);
  // l. 24 « Trente sept (37) personnes étaient présentes »; the forum's
  // attendance is not given (not collected, not zero).
  EXPECT_EQ(ValueOf(v, "events.participants", c), 37);

  v1::GetEventRequest g;
  g.set_name(Vhsl().parent() + "/events/assemblee-de-fondation-2015");
  v1::Event e;
  ASSERT_THAT(S(Events()->GetEvent(Ctx(Vhsl().viewer_key).get(), g, &e)),
              IsOk());
  // l. 23 « 19 juin 2015 : S'est tenu à Salaberry-de-Valleyfield »
  EXPECT_EQ(e.start_time().seconds(), 1434686400);  // 2015-06-19 00:00 EDT
  EXPECT_EQ(e.mrc(), "mrcs/beauharnois-salaberry");
  EXPECT_EQ(e.location(), "Salaberry-de-Valleyfield");
  EXPECT_EQ(e.participants().total(), 37);
  EXPECT_FALSE(e.participants().has_women());
}

TEST(SeedVhslTest, ProfileIncorporationAndFoundingAssembly) {
  v1::GetPoleProfileRequest r;
  r.set_name(Vhsl().parent() + "/profile");
  v1::PoleProfile p;
  ASSERT_THAT(S(Events()->GetPoleProfile(Ctx(Vhsl().viewer_key).get(), r, &p)),
              IsOk());
  // l. 18 « 19 mai 2015 : Le Pôle de la Vallée-du-Haut St-Laurent
  // s'incorpore. »
  EXPECT_EQ(p.incorporation_date(), "2015-05-19");
  // l. 28-29 « Pôle d'économie sociale Vallée-du-Haut-Saint-Laurent » (the
  // document writes the name four ways; the profile's note says which).
  EXPECT_EQ(p.legal_name(),
            "Pôle d'économie sociale Vallée-du-Haut-Saint-Laurent");
  // l. 23-24: the founding assembly is the event, with its 37 people
  // (FoundingAssemblyAndForum), linked, not copied.
  EXPECT_EQ(p.founding_event(),
            Vhsl().parent() + "/events/assemblee-de-fondation-2015");
  bool noted = false;
  for (const auto& n : p.notes()) noted |= n.find("l. 18") != std::string::npos;
  EXPECT_TRUE(noted);
  // The national gateway's credential reads it too (the bilan's heading).
  v1::PoleProfile as_service;
  ASSERT_THAT(
      S(Events()->GetPoleProfile(Ctx(ServiceKey()).get(), r, &as_service)),
      IsOk());
  EXPECT_EQ(as_service.incorporation_date(), "2015-05-19");
}

}  // namespace
}  // namespace poles::testing
