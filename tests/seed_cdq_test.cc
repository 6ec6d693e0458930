// Centre-du-Québec's rapport d'activité 2017-2018
// (../shared/seeds/centre-du-quebec-rapport-activite-2017-2018.txt) loads
// through polesctl's code path (cli/demo_reported: CreateBody and the
// Report*Indicator RPCs) and reads back through the public API (the
// services' summaries and the gateway's PAGES table) with the document's
// figures. Every expected value is written here beside the line
// of the document it comes from, never from the program's output.
#include <fstream>
#include <map>
#include <sstream>

#include "cli/demo_reported.h"
#include "cli/events_file.h"
#include "cli/profile_file.h"
#include "gateway/gateway_server.h"
#include "poles/v1/national.grpc.pb.h"
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

cli::ReportedFile Parse() {
  auto parsed = cli::ParseReportedFile(
      ReadSeed("/data/seeds/reported/centre-du-quebec-2017-2018.json"));
  EXPECT_TRUE(parsed.ok()) << parsed.status();
  return parsed.ok() ? *parsed : cli::ReportedFile();
}

// A fresh tenant with Centre-du-Québec's territory, holding the events
// file (its board and executive) and the reported figures, loaded twice.
TestTenant Load() {
  TestTenant t = NewTenant("seedcdq", {"arthabaska", "becancour", "drummond",
                                       "l-erable", "nicolet-yamaska"});
  auto events = cli::ParseEventsFile(
      ReadSeed("/data/seeds/events/centre-du-quebec-2017-2018.json"));
  EXPECT_TRUE(events.ok()) << events.status();
  auto imported =
      cli::ImportEvents(Channel(), t.editor_key, *events, t.slug, false);
  EXPECT_TRUE(imported.ok()) << imported.status();
  const cli::ReportedFile f = Parse();
  auto first = cli::LoadReportedFile(Channel(), t.editor_key, f, t.slug);
  EXPECT_TRUE(first.ok()) << first.status();
  // The rerun creates no body and replaces each value by the same one.
  auto again = cli::LoadReportedFile(Channel(), t.editor_key, f, t.slug);
  EXPECT_TRUE(again.ok()) << again.status();
  if (first.ok() && again.ok()) {
    EXPECT_EQ(again->bodies_created, 0u);
    EXPECT_EQ(again->bodies_present, first->bodies_created);
    EXPECT_EQ(again->values_reported, first->values_reported);
  }
  auto profile = cli::ParseProfileFile(
      ReadSeed("/data/seeds/profiles/centre-du-quebec.json"));
  EXPECT_TRUE(profile.ok()) << profile.status();
  if (profile.ok()) {
    auto loaded =
        cli::LoadProfileFile(Channel(), t.editor_key, *profile, t.slug);
    EXPECT_TRUE(loaded.ok()) << loaded.status();
  }
  return t;
}

const TestTenant& Cdq() {
  static const TestTenant* t = new TestTenant(Load());
  return *t;
}

template <typename Stub, typename Method>
Values Summarize(Stub& stub, Method method,
                 const std::vector<std::string>& dims) {
  v1::SummarizeRequest r;
  r.set_parent(Cdq().parent());
  r.set_fiscal_year("2017-2018");
  for (const auto& d : dims) r.add_dimensions(d);
  v1::IndicatorSummary s;
  EXPECT_THAT(S(((*stub).*method)(Ctx(Cdq().viewer_key).get(), r, &s)), IsOk());
  Values out;
  for (const auto& v : s.values()) {
    out[{v.indicator(), {v.dimensions().begin(), v.dimensions().end()}}] = v;
  }
  return out;
}

Values Directories(const std::vector<std::string>& dims = {}) {
  auto stub = ::poles::testing::Directories();
  return Summarize(stub, &v1::DirectoriesService::Stub::SummarizeDirectories,
                   dims);
}

Values Events(const std::vector<std::string>& dims = {}) {
  auto stub = ::poles::testing::Events();
  return Summarize(stub, &v1::EventsService::Stub::SummarizeEvents, dims);
}

// The value, which must be reported (an aggregate of the document).
int64_t Reported(const Values& values, const std::string& code,
                 const Dims& dims = {}) {
  auto it = values.find({code, dims});
  EXPECT_NE(it, values.end()) << code;
  if (it == values.end()) return -1;
  EXPECT_EQ(it->second.provenance(), v1::PROVENANCE_REPORTED) << code;
  return it->second.value();
}

int64_t Sum(const Values& values, const std::string& code,
            const std::string& dim) {
  int64_t n = 0;
  for (const auto& [key, v] : values) {
    if (key.first == code && key.second.count(dim)) n += v.value();
  }
  return n;
}

TEST(SeedCdqTest, DirectoryReportedAndItsChartsBaseDisagree) {
  Values v = Directories();
  // l. 95 « La dernière actualisation fait état de 237 entreprises »
  EXPECT_EQ(Reported(v, "directories.enterprises"), 237);
  // l. 95 « la répartition (pourcentages) par MRC et par secteurs d'activité
  // des 225 entreprises »: loaded as is, beside the 237.
  EXPECT_EQ(Reported(v, "directories.enterprises_in_distribution"), 225);
}

TEST(SeedCdqTest, DossiersAndInterventions) {
  Values v = Directories();
  // l. 261 « Nombre de dossiers différents : 14 »
  EXPECT_EQ(Reported(v, "directories.dossiers_opened"), 14);
  // l. 263 « dossiers reçus par les MRC ou organismes mandataires : 7 »
  EXPECT_EQ(Reported(v, "directories.dossiers_from_mrc"), 7);
  // l. 264 « dossiers référés aux MRC ... et autres partenaires : 10 »
  EXPECT_EQ(Reported(v, "directories.dossiers_referred"), 10);
  // l. 276: each breakdown « par intervention » adds up to 20.
  EXPECT_EQ(Reported(v, "directories.interventions"), 20);
  // l. 281, 285, 289, 292, 295: the Nicolet-Yamaska protocol's dossiers.
  EXPECT_EQ(Reported(v, "directories.protocol_dossiers"), 6 + 2 + 3 + 2 + 1);
}

TEST(SeedCdqTest, InterventionsBySectorTerritoryAndGender) {
  Values s = Directories({"sector"});
  // l. 276 « Secteurs d'intervention »
  const std::string i = "directories.interventions";
  EXPECT_EQ(Reported(s, i, {{"sector", "services-aux-personnes"}}), 6);
  EXPECT_EQ(Reported(s, i, {{"sector", "commerce-de-detail"}}), 5);
  EXPECT_EQ(Reported(s, i, {{"sector", "emploi-et-insertion"}}), 2);
  EXPECT_EQ(Reported(s, i, {{"sector", "services-de-proximite"}}), 2);
  EXPECT_EQ(Reported(s, i, {{"sector", "services-aux-entreprises"}}), 2);
  EXPECT_EQ(Reported(s, i, {{"sector", "assurances-et-finance"}}), 1);
  EXPECT_EQ(Reported(s, i, {{"sector", "arts-et-culture"}}), 1);
  EXPECT_EQ(Reported(s, i, {{"sector", "sante"}}), 1);
  EXPECT_EQ(Sum(s, i, "sector"), 20);
  // l. 276 « Territoires »
  Values m = Directories({"mrc"});
  EXPECT_EQ(Reported(m, i, {{"mrc", "arthabaska"}}), 7);
  EXPECT_EQ(Reported(m, i, {{"mrc", "becancour"}}), 6);
  EXPECT_EQ(Reported(m, i, {{"mrc", "drummond"}}), 5);
  EXPECT_EQ(Reported(m, i, {{"mrc", "l-erable"}}), 2);
  EXPECT_EQ(Sum(m, i, "mrc"), 20);
  // l. 281: the protocol is Nicolet-Yamaska's (excluded above, l. 257).
  EXPECT_EQ(Reported(m, "directories.protocol_dossiers",
                     {{"mrc", "nicolet-yamaska"}}),
            14);
  // l. 276 « Groupe promoteur représenté par : une femme 14, un homme 6,
  // le deux 0 »
  Values g = Directories({"gender"});
  EXPECT_EQ(Reported(g, i, {{"gender", "women"}}), 14);
  EXPECT_EQ(Reported(g, i, {{"gender", "men"}}), 6);
  EXPECT_EQ(Reported(g, i, {{"gender", "mixed"}}), 0);
}

TEST(SeedCdqTest, BodiesTheReportNamesAreTheTenants) {
  v1::ListBodiesRequest r;
  r.set_parent(Cdq().parent());
  r.set_page_size(200);
  v1::ListBodiesResponse resp;
  ASSERT_THAT(S(::poles::testing::Events()->ListBodies(
                  Ctx(Cdq().viewer_key).get(), r, &resp)),
              IsOk());
  std::map<std::string, std::string> names;
  for (const auto& b : resp.bodies()) {
    names[b.name().substr(b.name().rfind('/') + 1)] = b.display_name();
  }
  // The events file's board and executive (l. 39), and the 35 bodies with
  // a meeting count of l. 57 to 500.
  EXPECT_EQ(names.size(), 2u + 35u);
  EXPECT_EQ(names["crds-comite-strategique"],
            "Comité régional en développement social — comité stratégique");
  EXPECT_EQ(names["table-partenaires-pages"],
            "Table des partenaires pour le plan d'action gouvernemental en "
            "économie sociale");
}

TEST(SeedCdqTest, MeetingsByBodyAsReported) {
  Values v = Events({"body"});
  const std::string m = "events.body_meetings";
  auto body = [&](const char* id) { return Reported(v, m, {{"body", id}}); };
  EXPECT_EQ(body("protocole-mesi-pole"), 12);  // l. 57 « 12 rencontres »
  EXPECT_EQ(body("eesad-concertation-regionale"),
            5);                                // l. 71 « (5 rencontres) »
  EXPECT_EQ(body("eesad-contrat-ciusss"), 3);  // l. 71 « trois (3) rencontres »
  EXPECT_EQ(body("tiess-comite-veille"), 1);        // l. 80 « une rencontre »
  EXPECT_EQ(body("table-mrc-chantier-1"), 3);       // l. 119
  EXPECT_EQ(body("table-mrc-pole-innovation"), 2);  // l. 120
  EXPECT_EQ(body("table-mrc-chantier-2"), 1);       // l. 121
  EXPECT_EQ(body("table-mrc-chantier-5"), 1);       // l. 122
  EXPECT_EQ(body("table-mrc-sous-comite-chantier"), 2);         // l. 123
  EXPECT_EQ(body("regroupements-regionaux"), 2);                // l. 124
  EXPECT_EQ(body("mrc-arthabaska-planification"), 2);           // l. 126
  EXPECT_EQ(body("developpement-economique-becancour-ca"), 2);  // l. 130
  EXPECT_EQ(body("communaute-entrepreneuriale-becancour-nicolet-yamaska"),
            2);                                              // l. 132
  EXPECT_EQ(body("concours-osentreprendre"), 4);             // l. 154
  EXPECT_EQ(body("uqtr"), 3);                                // l. 158
  EXPECT_EQ(body("cegep-trois-rivieres"), 3);                // l. 162
  EXPECT_EQ(body("communaute-pratique-releve-feminin"), 3);  // l. 222
  EXPECT_EQ(body("table-action-entrepreneuriat"), 1);        // l. 243
  EXPECT_EQ(body("colloque-mur-des-5-ans"), 4);              // l. 247
  EXPECT_EQ(body("microcredit"), 5);                         // l. 251
  EXPECT_EQ(body("tiess-executif"),
            11);                   // l. 383 « 11 rencontres de l'exécutif »
  EXPECT_EQ(body("tiess-ca"), 4);  // l. 383 « 4 rencontres du conseil »
  EXPECT_EQ(body("tiess-assemblee"), 1);          // l. 383 « — AGA »
  EXPECT_EQ(body("antenne-regionale-tiess"), 1);  // l. 389
  EXPECT_EQ(body("releve-agricole-comite-coordination"), 16);  // l. 432
  EXPECT_EQ(body("releve-agricole-comite-experts"), 2);        // l. 436
  EXPECT_EQ(body("antenne-projet-aines"), 2);                  // l. 438
  // l. 446 « 1 rencontre et 4 conférences téléphoniques »
  EXPECT_EQ(body("projet-jeunesse"), 1 + 4);
  EXPECT_EQ(body("projet-developpement-durable"), 4);  // l. 472
  // l. 486 « Comité régional en développement social | 9 rencontres »,
  // l. 488 « grand » comité (3), stratégique (5), directeur (1).
  EXPECT_EQ(body("crds-grand-comite"), 3);
  EXPECT_EQ(body("crds-comite-strategique"), 5);
  EXPECT_EQ(body("crds-comite-directeur"), 1);
  EXPECT_EQ(body("crds-grand-comite") + body("crds-comite-strategique") +
                body("crds-comite-directeur"),
            9);
  EXPECT_EQ(body("table-regionale-developpement-durable"), 0);  // l. 492
  // l. 498: 3 régulières + 1 spécifique, 2 + 3 + 1 conférences, 1 webinaire.
  EXPECT_EQ(body("reseau-des-poles"), 3 + 1 + 2 + 3 + 1 + 1);
  EXPECT_EQ(body("table-partenaires-pages"), 1);  // l. 500

  // By kind: the conference calls of l. 446, 472 and 498, the webinar of
  // l. 498, the AGA of l. 383.
  Values k = Events({"event_kind"});
  EXPECT_EQ(Reported(k, m, {{"event_kind", "conference_call"}}), 4 + 4 + 6);
  EXPECT_EQ(Reported(k, m, {{"event_kind", "webinar"}}), 1);
  EXPECT_EQ(Reported(k, m, {{"event_kind", "aga"}}), 1);
  EXPECT_EQ(Reported(k, m, {{"event_kind", "executive_meeting"}}), 11);
  EXPECT_EQ(Reported(k, m, {{"event_kind", "board_meeting"}}), 2 + 4);
  const int64_t all = 12 + 5 + 3 + 1 + 3 + 2 + 1 + 1 + 2 + 2 + 2 + 2 + 2 + 4 +
                      3 + 3 + 3 + 1 + 4 + 5 + 11 + 4 + 1 + 1 + 16 + 2 + 2 + 5 +
                      4 + 9 + 0 + 11 + 1;
  EXPECT_EQ(Reported(Events(), m), all);
  EXPECT_EQ(Sum(k, m, "event_kind"), all);
}

TEST(SeedCdqTest, EventsOfTheFileStayComputed) {
  Values v = Events();
  // The events file holds the 6 board meetings, the executive's, the AGA,
  // the visit, the forum, the Semaine's 4 activities, the training and the
  // 2 webinars (l. 39, 53, 55, 148, 192, 63, 180): the reported counts do
  // not replace them.
  auto it = v.find({"events.held", {}});
  ASSERT_NE(it, v.end());
  EXPECT_EQ(it->second.provenance(), v1::PROVENANCE_COMPUTED);
  // l. 148 « Plus de 100 personnes ont participé » : the bound.
  EXPECT_EQ(Reported(v, "events.week_participants"), 100);
}

TEST(SeedCdqTest, AudienceAndYouthProject) {
  Values v = Events();
  // l. 84 « notre page Facebook est passée de 167 à 318 abonnés »
  EXPECT_EQ(Reported(v, "events.followers_start"), 167);
  EXPECT_EQ(Reported(v, "events.followers_end"), 318);
  // l. 461 « Plus de 160 jeunes rejoints » : the bound.
  EXPECT_EQ(Reported(v, "events.youth_reached"), 160);
  // l. 462 « 4 collaborations développées »
  EXPECT_EQ(Reported(v, "events.youth_collaborations"), 4);
  // l. 467 « 2 plans d'affaires créés »
  EXPECT_EQ(Reported(v, "events.youth_business_plans"), 2);
  // l. 468 « 6 activités d'idéation et de prédémarrage »
  EXPECT_EQ(Reported(v, "events.youth_ideation_activities"), 6);
  // l. 469 « 10 activités de sensibilisation »
  EXPECT_EQ(Reported(v, "events.youth_awareness_activities"), 10);
}

TEST(SeedCdqTest, ApproximationsAreQualifiedInTheFile) {
  const cli::ReportedFile f = Parse();
  std::map<std::string, cli::Qualifier> q;
  for (const auto& r : f.values) {
    if (r.dimensions.empty()) q[r.indicator] = r.qualifier;
  }
  // l. 148 « Plus de 100 », l. 461 « Plus de 160 »
  EXPECT_EQ(q["events.week_participants"], cli::Qualifier::kMoreThan);
  EXPECT_EQ(q["events.youth_reached"], cli::Qualifier::kMoreThan);
  // l. 276 gives no total of interventions.
  EXPECT_EQ(q["directories.interventions"], cli::Qualifier::kDerived);
  EXPECT_EQ(q["directories.enterprises"], cli::Qualifier::kExact);
  for (const auto& r : f.values) EXPECT_GT(r.line, 0) << r.indicator;
  for (const auto& b : f.bodies) EXPECT_GT(b.line, 0) << b.id;
}

using Cells = std::map<std::pair<std::string, Dims>, v1::TableCell>;

// The cell of `code` for `dims` (a default one, MISSING, if absent).
v1::TableCell Cell(const Cells& row, const std::string& code,
                   const Dims& dims) {
  auto it = row.find({code, dims});
  EXPECT_NE(it, row.end()) << code;
  return it == row.end() ? v1::TableCell() : it->second;
}

// The row of the PAGES table the gateway computes for 2017-2018.
class SeedCdqPagesTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    Cdq();
    backend_ = new TestServer(StartTestServer(TestServerOptions()));
    gateway::GatewayOptions o;
    o.listen = "127.0.0.1:0";
    o.server = "127.0.0.1:" + std::to_string(backend_->server->port());
    o.service_key = ServiceKey();
    o.auth_cache_ttl = std::chrono::milliseconds(0);
    auto g = gateway::GatewayServer::Start(o);
    ASSERT_TRUE(g.ok()) << g.status();
    gateway_ = g->release();
  }
  static void TearDownTestSuite() {
    delete gateway_;
    delete backend_;
  }

  // The tenant's cells, by (indicator, dimensions), as `key` sees them.
  static Cells Row(const std::string& key, const std::string& breakdown = "") {
    auto stub = v1::NationalService::NewStub(
        grpc::CreateChannel("127.0.0.1:" + std::to_string(gateway_->port()),
                            grpc::InsecureChannelCredentials()));
    v1::GetNationalTableRequest r;
    r.set_fiscal_year("2017-2018");
    r.set_breakdown(breakdown);
    v1::NationalTable t;
    EXPECT_THAT(S(stub->GetNationalTable(Ctx(key).get(), r, &t)), IsOk());
    Cells out;
    for (const auto& row : t.rows()) {
      if (row.tenant() != Cdq().parent()) continue;
      EXPECT_EQ(row.state(), v1::NationalTableRow::DRAFT);
      for (const auto& c : row.cells()) {
        out[{c.indicator(), {c.dimensions().begin(), c.dimensions().end()}}] =
            c;
      }
    }
    return out;
  }

  static TestServer* backend_;
  static gateway::GatewayServer* gateway_;
};

TestServer* SeedCdqPagesTest::backend_ = nullptr;
gateway::GatewayServer* SeedCdqPagesTest::gateway_ = nullptr;

TEST_F(SeedCdqPagesTest, TheNationalRowShowsTheReportsFigures) {
  auto row = Row(PlatformKey("national"));
  ASSERT_FALSE(row.empty());
  auto reported = [&](const std::string& code) {
    const v1::TableCell c = Cell(row, code, {});
    EXPECT_EQ(c.source(), v1::CELL_SOURCE_REPORTED) << code;
    return c.value();
  };
  EXPECT_EQ(reported("directories.enterprises"), 237);  // l. 95
  EXPECT_EQ(Cell(row, "directories.enterprises", {}).display(), "237");
  EXPECT_EQ(reported("directories.enterprises_in_distribution"), 225);  // l. 95
  EXPECT_EQ(reported("directories.dossiers_opened"), 14);  // l. 261
  EXPECT_EQ(reported("directories.interventions"), 20);    // l. 276
  EXPECT_EQ(reported("events.followers_end"), 318);        // l. 84
  EXPECT_EQ(reported("events.youth_reached"), 160);        // l. 461
  // l. 39, 53, 55, 148, 63, 180, 192: the events file's records.
  EXPECT_EQ(Cell(row, "events.held", {}).source(), v1::CELL_SOURCE_COMPUTED);
}

TEST_F(SeedCdqPagesTest, InterventionsByMrcForThePole) {
  // l. 276 « Territoires » : the Pôle's own viewer sees them exactly.
  auto own = Row(Cdq().viewer_key, "mrc");
  auto mrc = [&](const char* id) {
    return Cell(own, "directories.interventions", {{"mrc", id}}).value();
  };
  EXPECT_EQ(mrc("arthabaska"), 7);
  EXPECT_EQ(mrc("becancour"), 6);
  EXPECT_EQ(mrc("drummond"), 5);
  EXPECT_EQ(mrc("l-erable"), 2);
  // The total stays exact for the Chantier.
  auto national = Row(PlatformKey("national"), "mrc");
  EXPECT_EQ(Cell(national, "directories.interventions", {}).value(), 20);
}

// The bilan the gateway compiles heads with the Pôle's profile.
TEST_F(SeedCdqPagesTest, TheBilanHeadsWithThePolesLegalName) {
  auto stub = v1::NationalService::NewStub(
      grpc::CreateChannel("127.0.0.1:" + std::to_string(gateway_->port()),
                          grpc::InsecureChannelCredentials()));
  v1::GetBilanRequest r;
  r.set_name(Cdq().parent() + "/bilans/2017-2018");
  v1::Bilan b;
  ASSERT_THAT(S(stub->GetBilan(Ctx(Cdq().viewer_key).get(), r, &b)), IsOk());
  // l. 12 « Au nom du conseil d'administration du Pôle d'économie sociale
  // du Centre-du-Québec »
  EXPECT_EQ(b.legal_name(), "Pôle d'économie sociale du Centre-du-Québec");
  // The report gives no incorporation date.
  EXPECT_EQ(b.incorporation_date(), "");
}

}  // namespace
}  // namespace poles::testing
