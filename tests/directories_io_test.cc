// The directory's files: the public export (CSV read back with libcsv; HTML
// checked by xmllint as well-formed XML and by Python's html.parser), the
// CSV reader, and polesctl's import (dry run, all-or-nothing, every bad
// line named, re-import updating instead of duplicating), up to the
// 11,000 organisations a Pôle may have, searched fast.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <pqxx/pqxx>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "cli/csv_reader.h"
#include "cli/organisation_import.h"
#include "storage/session.h"
#include "tests/test_env.h"

namespace poles::testing {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;

void SetTerritory(const TestTenant& t) {
  v1::UpdateTenantRequest req;
  req.mutable_tenant()->set_name(t.parent());
  for (const char* m :
       {"arthabaska", "becancour", "drummond", "l-erable", "nicolet-yamaska"}) {
    req.mutable_tenant()->add_mrcs(std::string("mrcs/") + m);
  }
  req.mutable_update_mask()->add_paths("mrcs");
  v1::Tenant out;
  auto s = Admin()->UpdateTenant(Ctx(AdminKey()).get(), req, &out);
  ASSERT_TRUE(s.ok()) << s.error_message();
}

std::vector<cli::CsvRecord> ParseCsv(
    const std::string& data, char sep = 0,
    std::vector<cli::CsvProblem>* problems = nullptr) {
  std::istringstream in(data);
  cli::CsvReader reader(in, sep);
  std::vector<cli::CsvRecord> out;
  cli::CsvRecord rec;
  while (reader.Next(&rec)) out.push_back(rec);
  if (problems != nullptr) *problems = reader.problems();
  return out;
}

// Runs a shell command; returns its exit code and output.
int RunCommand(const std::string& command, std::string* output) {
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) return -1;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof(buf), pipe)) > 0) output->append(buf, n);
  int rc = pclose(pipe);
  return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

// Debian's Python (the stdlib is enough here; a pyenv shim first on PATH
// may not be usable).
std::string Python() {
  if (const char* p = std::getenv("POLES_PYTHON3")) return p;
  if (access("/usr/bin/python3", X_OK) == 0) return "/usr/bin/python3";
  return "python3";
}

class DirectoriesIoTest : public ::testing::Test {
 protected:
  void SetUp() override {
    t_ = NewTenant("io");
    SetTerritory(t_);
    stub_ = Directories();
    char tmpl[] = "/tmp/poles-io-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  v1::Organisation Create(
      const std::string& name, const std::string& mrc,
      const std::string& sector = "services-aux-personnes") {
    v1::CreateOrganisationRequest req;
    req.set_parent(t_.parent());
    auto* o = req.mutable_organisation();
    o->set_display_name(name);
    o->set_kind(v1::Organisation::ENTERPRISE);
    o->set_legal_form(v1::Organisation::OBNL);
    o->set_sector("sectors/" + sector);
    o->set_mrc("mrcs/" + mrc);
    v1::Organisation out;
    auto s = stub_->CreateOrganisation(Ctx(t_.editor_key).get(), req, &out);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return out;
  }

  v1::DirectoryExport Export(v1::ExportDirectoryRequest::Format format,
                             const std::string& mrc = "",
                             bool semicolon = false) {
    v1::ExportDirectoryRequest req;
    req.set_parent(t_.parent());
    req.set_format(format);
    req.set_mrc(mrc);
    req.set_semicolon(semicolon);
    v1::DirectoryExport out;
    auto s = stub_->ExportDirectory(Ctx(t_.viewer_key).get(), req, &out);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return out;
  }

  std::string Write(const std::string& name, const std::string& content) {
    std::string path = dir_ + "/" + name;
    std::ofstream(path, std::ios::binary) << content;
    return path;
  }

  absl::StatusOr<cli::OrganisationImportSummary> Import(
      const std::string& path, bool dry_run,
      std::vector<cli::ImportProblem>* problems,
      const TestTenant* tenant = nullptr, int batch_size = 500) {
    const TestTenant& t = tenant == nullptr ? t_ : *tenant;
    cli::OrganisationImportOptions o;
    o.tenant = t.slug;
    o.dry_run = dry_run;
    o.batch_size = batch_size;
    return cli::ImportOrganisationsCsv(Channel(), t.editor_key, path, o,
                                       problems);
  }

  long Organisations() {
    pqxx::connection c(SuperuserUrl());
    pqxx::work w(c);
    return w
        .exec_params(
            "SELECT count(*) FROM poles.organisations WHERE tenant_id = $1",
            t_.slug)[0][0]
        .as<long>();
  }

  std::map<std::string, v1::Organisation> ByName() {
    std::map<std::string, v1::Organisation> out;
    v1::ListOrganisationsRequest req;
    req.set_parent(t_.parent());
    req.set_page_size(200);
    do {
      v1::ListOrganisationsResponse resp;
      auto s = stub_->ListOrganisations(Ctx(t_.viewer_key).get(), req, &resp);
      EXPECT_TRUE(s.ok()) << s.error_message();
      for (const auto& o : resp.organisations()) out[o.display_name()] = o;
      req.set_page_token(resp.next_page_token());
    } while (!req.page_token().empty());
    return out;
  }

  TestTenant t_;
  std::unique_ptr<v1::DirectoriesService::Stub> stub_;
  std::string dir_;
};

// ---- The CSV reader on its own ----------------------------------------------

TEST(CsvReaderTest, ReadsRfc4180WithLineNumbers) {
  std::string data =
      "\xEF\xBB\xBFnom,ville\r\n"
      "\"Coop, solidarité\",Bécancour\r\n"
      "\r\n"
      "\"Le \"\"Café\"\"\",\"deux\r\nlignes\"\r\n"
      "Fin,Nicolet";
  auto recs = ParseCsv(data);
  ASSERT_EQ(recs.size(), 4u);
  EXPECT_THAT(recs[0].fields, ElementsAre("nom", "ville"));
  EXPECT_EQ(recs[1].line, 2);
  EXPECT_THAT(recs[1].fields, ElementsAre("Coop, solidarité", "Bécancour"));
  EXPECT_EQ(recs[2].line, 4);
  EXPECT_THAT(recs[2].fields, ElementsAre("Le \"Café\"", "deux\r\nlignes"));
  EXPECT_EQ(recs[3].line, 6);
  EXPECT_THAT(recs[3].fields, ElementsAre("Fin", "Nicolet"));
}

TEST(CsvReaderTest, DetectsSemicolonsAsFrenchExcelWritesThem) {
  auto recs = ParseCsv("nom;employés\nA;\"1,5\"\n");
  ASSERT_EQ(recs.size(), 2u);
  EXPECT_THAT(recs[1].fields, ElementsAre("A", "1,5"));
}

TEST(CsvReaderTest, MalformedLinesAreReportedAndSkipped) {
  std::string data =
      "nom,ville\n"
      "Bon,Drummondville\n"
      "Mau\"vais,Victoriaville\n"  // a quote inside an unquoted field
      "\"Ferme\"x,Nicolet\n"       // text after the closing quote
      "Valide \xC3\xA9t\xC3\xA9,Plessisville\n"
      "Latin-1 \xE9t\xE9,Plessisville\n"  // not UTF-8
      "Encore bon,Bécancour\n";
  std::vector<cli::CsvProblem> problems;
  auto recs = ParseCsv(data, 0, &problems);
  std::vector<std::string> names;
  for (size_t i = 1; i < recs.size(); ++i) names.push_back(recs[i].fields[0]);
  EXPECT_THAT(names, ElementsAre("Bon", "Valide été", "Encore bon"));
  ASSERT_EQ(problems.size(), 3u);
  EXPECT_EQ(problems[0].line, 3);
  EXPECT_EQ(problems[1].line, 4);
  EXPECT_EQ(problems[2].line, 6);
  EXPECT_TRUE(absl::StrContains(problems[2].description, "UTF-8"));
}

TEST(CsvReaderTest, AnUnclosedQuoteIsReportedAtItsLine) {
  std::vector<cli::CsvProblem> problems;
  auto recs = ParseCsv("nom\nA\n\"jamais fermé\nB\nC\n", 0, &problems);
  EXPECT_EQ(recs.size(), 2u);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].line, 3);
}

// ---- Export -----------------------------------------------------------------

TEST_F(DirectoriesIoTest, CsvExportIsExcelReadyAndReadsBack) {
  Create("Coop, solidarité \"Les 4 Ponts\"", "becancour");
  Create("=HYPERLINK(\"http://mal.example\")", "drummond");
  Create("Économie en deux\nlignes", "arthabaska", "aide-a-domicile");
  v1::CreateOrganisationRequest closed;
  closed.set_parent(t_.parent());
  closed.mutable_organisation()->set_display_name("Fermée");
  closed.mutable_organisation()->set_kind(v1::Organisation::ENTERPRISE);
  closed.mutable_organisation()->set_legal_form(v1::Organisation::OBNL);
  closed.mutable_organisation()->set_sector("sectors/sante");
  closed.mutable_organisation()->set_mrc("mrcs/drummond");
  closed.mutable_organisation()->set_closure_date("2015-01-01");
  v1::Organisation ignored;
  ASSERT_TRUE(
      stub_->CreateOrganisation(Ctx(t_.editor_key).get(), closed, &ignored)
          .ok());

  v1::DirectoryExport csv = Export(v1::ExportDirectoryRequest::CSV);
  EXPECT_EQ(csv.content_type(), "text/csv; charset=utf-8");
  EXPECT_EQ(csv.filename(), "repertoire-" + t_.slug + ".csv");
  const std::string& data = csv.data();
  ASSERT_TRUE(absl::StartsWith(data, "\xEF\xBB\xBF"));
  EXPECT_TRUE(absl::EndsWith(data, "\r\n"));
  // Every line break outside quotes is CRLF: after removing quoted
  // fields, no bare LF remains.
  std::string outside;
  bool quoted = false;
  for (char c : data) {
    if (c == '"') quoted = !quoted;
    if (!quoted) outside += c;
  }
  EXPECT_EQ(absl::StrReplaceAll(outside, {{"\r\n", ""}}).find('\n'),
            std::string::npos);

  auto recs = ParseCsv(data, ',');
  ASSERT_EQ(recs.size(), 4u);  // header + 3 (the closed one is not listed)
  EXPECT_THAT(
      recs[0].fields,
      ElementsAre("MRC", "Municipalité", "Nom", "Forme juridique", "Secteur",
                  "Adresse", "Téléphone", "Courriel", "Site Web", "NEQ"));
  // By MRC name, then name.
  EXPECT_EQ(recs[1].fields[0], "Arthabaska");
  EXPECT_EQ(recs[1].fields[2], "Économie en deux\nlignes");
  EXPECT_EQ(recs[1].fields[4], "Aide à domicile");
  EXPECT_EQ(recs[2].fields[0], "Bécancour");
  EXPECT_EQ(recs[2].fields[2], "Coop, solidarité \"Les 4 Ponts\"");
  EXPECT_EQ(recs[2].fields[3], "OBNL");
  // A formula is defused with an apostrophe.
  EXPECT_EQ(recs[3].fields[2], "'=HYPERLINK(\"http://mal.example\")");

  // One MRC, and the semicolon variant.
  auto one = ParseCsv(
      Export(v1::ExportDirectoryRequest::CSV, "mrcs/becancour", true).data(),
      ';');
  ASSERT_EQ(one.size(), 2u);
  EXPECT_EQ(one[1].fields[2], "Coop, solidarité \"Les 4 Ponts\"");

  // The export imports back as is, into another Pôle.
  TestTenant other = NewTenant("io");
  SetTerritory(other);
  std::string path = Write("export.csv", data);
  std::vector<cli::ImportProblem> problems;
  auto summary = Import(path, false, &problems, &other);
  ASSERT_TRUE(summary.ok())
      << summary.status() << (problems.empty() ? "" : problems[0].description);
  EXPECT_EQ(summary->created, 3);
}

TEST_F(DirectoriesIoTest, HtmlExportIsAWellFormedPrintablePagePerMrc) {
  Create("<script>alert('x')</script> & Cie", "becancour", "arts-et-culture");
  Create("Café des 4 Ponts", "becancour");
  Create("CPE Chez-Moi Chez-Toi", "becancour", "petite-enfance");
  Create("Ailleurs", "drummond");

  v1::ExportDirectoryRequest bad;
  bad.set_parent(t_.parent());
  bad.set_format(v1::ExportDirectoryRequest::HTML);
  v1::DirectoryExport out;
  EXPECT_THAT(S(stub_->ExportDirectory(Ctx(t_.viewer_key).get(), bad, &out)),
              InvalidFieldIs("mrc"));
  bad.set_mrc("mrcs/montreal");
  EXPECT_THAT(S(stub_->ExportDirectory(Ctx(t_.viewer_key).get(), bad, &out)),
              InvalidFieldIs("mrc"));
  bad.clear_format();
  EXPECT_THAT(S(stub_->ExportDirectory(Ctx(t_.viewer_key).get(), bad, &out)),
              InvalidFieldIs("format"));

  v1::DirectoryExport html =
      Export(v1::ExportDirectoryRequest::HTML, "mrcs/becancour");
  EXPECT_EQ(html.content_type(), "text/html; charset=utf-8");
  EXPECT_EQ(html.filename(), "repertoire-" + t_.slug + "-becancour.html");
  EXPECT_FALSE(absl::StrContains(html.data(), "<script>"));
  EXPECT_FALSE(absl::StrContains(html.data(), "Ailleurs"));
  std::string path = Write("becancour.html", html.data());

  // Strictly well-formed (the page is polyglot markup).
  std::string xmllint;
  EXPECT_EQ(RunCommand("xmllint --noout '" + path + "'", &xmllint), 0)
      << xmllint;

  // What a browser's parser reads: balanced tags, the names as written.
  const char* kScript = R"PY(
import html.parser, sys
VOID = {"meta", "br", "hr", "img", "link", "input"}
class P(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.names, self.grab, self.title, self.intitle = [], [], False, "", False
    def handle_starttag(self, tag, attrs):
        if tag not in VOID:
            self.stack.append(tag)
        self.grab = ("class", "nom") in attrs
        self.intitle = tag == "title"
    def handle_startendtag(self, tag, attrs):
        pass
    def handle_endtag(self, tag):
        if not self.stack or self.stack.pop() != tag:
            sys.exit("unbalanced </%s>" % tag)
        self.grab = False
        self.intitle = False
    def handle_data(self, data):
        if self.grab:
            self.names.append(data)
        if self.intitle:
            self.title += data
p = P()
p.feed(open(sys.argv[1], encoding="utf-8").read())
p.close()
if p.stack:
    sys.exit("unclosed: %r" % p.stack)
print(p.title)
for n in p.names:
    print(n)
)PY";
  std::string script = Write("check.py", kScript);
  std::string parsed;
  ASSERT_EQ(RunCommand(Python() + " '" + script + "' '" + path + "'", &parsed),
            0)
      << parsed;
  std::vector<std::string> lines =
      absl::StrSplit(parsed, '\n', absl::SkipEmpty());
  ASSERT_EQ(lines.size(), 4u) << parsed;
  EXPECT_EQ(lines[0],
            "Répertoire des entreprises d'économie sociale — MRC de Bécancour");
  // By sector: Arts et culture, Petite enfance, Services aux personnes.
  EXPECT_EQ(lines[1], "<script>alert('x')</script> & Cie");
  EXPECT_EQ(lines[2], "CPE Chez-Moi Chez-Toi");
  EXPECT_EQ(lines[3], "Café des 4 Ponts");
}

// ---- Import -----------------------------------------------------------------

const char kGoodFile[] =
    "\xEF\xBB\xBFnom;forme_juridique;NEQ;Secteur;MRC;Municipalité;Employés;"
    "Année de fondation;Membre;Notes internes\r\n"
    "Café des 4 Ponts;Coopérative;1164001234;Services aux personnes;MRC de "
    "Bécancour;Bécancour;12;2004;oui;à rappeler\r\n"
    "\"Logisoutien; aide à domicile\";OBNL;;Aide à domicile;Drummond;"
    "Drummondville;\"1 200\";1997;non;\r\n"
    "Théâtre Belcourt;OBNL;;Arts et culture;Nicolet-Yamaska;Baie-du-Febvre;;;"
    ";\"deux\r\nlignes\"\r\n";

TEST_F(DirectoriesIoTest, ImportDryRunThenImportThenReimportUpdates) {
  std::string path = Write("entreprises.csv", kGoodFile);
  std::vector<cli::ImportProblem> problems;
  auto dry = Import(path, true, &problems);
  ASSERT_TRUE(dry.ok()) << dry.status();
  EXPECT_EQ(dry->rows, 3);
  EXPECT_EQ(dry->created, 3);
  EXPECT_TRUE(dry->dry_run);
  EXPECT_EQ(dry->separator, ';');
  EXPECT_THAT(dry->ignored_columns, ElementsAre("Notes internes"));
  EXPECT_EQ(Organisations(), 0);

  auto real = Import(path, false, &problems);
  ASSERT_TRUE(real.ok()) << real.status();
  EXPECT_EQ(real->created, 3);
  auto orgs = ByName();
  ASSERT_EQ(orgs.size(), 3u);
  const auto& cafe = orgs["Café des 4 Ponts"];
  EXPECT_EQ(cafe.neq(), "1164001234");
  EXPECT_EQ(cafe.legal_form(), v1::Organisation::COOPERATIVE);
  EXPECT_EQ(cafe.mrc(), "mrcs/becancour");
  EXPECT_EQ(cafe.membership().status(), v1::Membership::ACTIVE);
  EXPECT_EQ(orgs["Logisoutien; aide à domicile"].employees(), 1200);
  EXPECT_FALSE(orgs["Théâtre Belcourt"].has_employees());

  // The same file again: nothing new, nothing changed.
  auto again = Import(path, false, &problems);
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->created, 0);
  EXPECT_EQ(again->updated, 0);
  EXPECT_EQ(again->unchanged, 3);

  // Matched by NEQ (renamed) and by name (other case and accents): updated.
  std::string changed = Write("modifie.csv",
                              "nom,neq,employes\n"
                              "Café des Quatre Ponts,1164001234,14\n"
                              "THEATRE BELCOURT,,3\n");
  auto upd = Import(changed, false, &problems);
  ASSERT_TRUE(upd.ok()) << upd.status();
  EXPECT_EQ(upd->created, 0);
  EXPECT_EQ(upd->updated, 2);
  EXPECT_EQ(Organisations(), 3);
  orgs = ByName();
  EXPECT_EQ(orgs["Café des Quatre Ponts"].employees(), 14);
  EXPECT_EQ(orgs["Café des Quatre Ponts"].sector(),
            "sectors/services-aux-personnes");  // kept
  EXPECT_EQ(orgs["THEATRE BELCOURT"].employees(), 3);
}

// The import copies its rows into PostgreSQL with COPY: text that means
// something to COPY's format (a backslash, "\N" for NULL) must arrive as
// written, on create and on update.
TEST_F(DirectoriesIoTest, TextThatLooksLikeCopyEscapesArrivesAsWritten) {
  std::string path =
      Write("echappements.csv",
            "nom,forme_juridique,secteur,mrc,municipalite,employes\n"
            "\\N,OBNL,Arts et culture,Drummond,\\N,1\n"
            "Barre \\ oblique \\\\ double,OBNL,Arts et "
            "culture,Drummond,Saint-Cyrille,2\n"
            "\"Guillemets \"\"doubles\"\" et virgule, oui\",OBNL,Arts et "
            "culture,Drummond,,3\n"
            "Fin\\,OBNL,Arts et culture,Drummond,Wickham\\t,4\n");
  std::vector<cli::ImportProblem> problems;
  auto created = Import(path, false, &problems);
  ASSERT_TRUE(created.ok()) << created.status();
  EXPECT_EQ(created->created, 4);
  auto orgs = ByName();
  ASSERT_EQ(orgs.size(), 4u);
  EXPECT_EQ(orgs["\\N"].municipality(), "\\N");
  EXPECT_EQ(orgs["\\N"].employees(), 1);
  EXPECT_EQ(orgs.count("Barre \\ oblique \\\\ double"), 1u);
  EXPECT_EQ(orgs.count("Guillemets \"doubles\" et virgule, oui"), 1u);
  EXPECT_EQ(orgs["Fin\\"].municipality(), "Wickham\\t");

  // Again with other figures: matched by name, updated through the same path.
  std::string again = Write("echappements-2.csv",
                            "nom,employes,municipalite\n"
                            "\\N,10,\\\\N\n"
                            "Fin\\,40,Wickham\n");
  auto updated = Import(again, false, &problems);
  ASSERT_TRUE(updated.ok()) << updated.status();
  EXPECT_EQ(updated->updated, 2);
  EXPECT_EQ(updated->created, 0);
  orgs = ByName();
  EXPECT_EQ(orgs["\\N"].employees(), 10);
  EXPECT_EQ(orgs["\\N"].municipality(), "\\\\N");
  EXPECT_EQ(orgs["Fin\\"].employees(), 40);
  EXPECT_EQ(orgs["Fin\\"].municipality(), "Wickham");
  EXPECT_EQ(Organisations(), 4);
}

TEST_F(DirectoriesIoTest,
       EveryBadLineIsReportedWithItsLineAndColumnAndNothingIsWritten) {
  std::string path = Write(
      "mauvais.csv",
      "nom,forme_juridique,neq,secteur,mrc,employes,annee_fondation,membre\n"
      "Bonne,OBNL,,Santé,Drummond,3,1999,non\n"             // 2: fine
      "Mauvais NEQ,OBNL,12345,Santé,Drummond,,,\n"          // 3
      "Secteur inconnu,OBNL,,Pêche,Drummond,,,\n"           // 4
      "Hors territoire,OBNL,,Santé,Montréal,,,\n"           // 5
      "Mau\"vais guillemet,OBNL,,Santé,Drummond,,,\n"       // 6
      "Trop,de,champs,,,,,,,\n"                             // 7
      "Forme,SENC,,Santé,Drummond,beaucoup,04,peut-être\n"  // 8
      ",OBNL,,Santé,Drummond,,,\n");                        // 9
  std::vector<cli::ImportProblem> problems;
  auto s = Import(path, false, &problems);
  EXPECT_EQ(s.status().code(), absl::StatusCode::kInvalidArgument);
  std::vector<std::string> got;
  for (const auto& p : problems)
    got.push_back(absl::StrCat(p.line, ":", p.column));
  EXPECT_THAT(got, ElementsAre("3:neq", "4:secteur", "5:mrc",
                               "6:", "7:", "8:forme_juridique", "8:employes",
                               "8:annee_fondation", "8:membre", "9:nom"));
  EXPECT_EQ(Organisations(), 0);
  // A dry run says the same.
  problems.clear();
  EXPECT_FALSE(Import(path, true, &problems).ok());
  EXPECT_EQ(problems.size(), got.size());
}

TEST_F(DirectoriesIoTest, TheServerRefusesTheWholeFileForOneDuplicateLine) {
  Create("Homonyme", "becancour");
  Create("Homonyme", "drummond");
  std::string path = Write(
      "doublons.csv",
      "nom,neq,forme_juridique,secteur,mrc\n"
      "Première,1111111111,OBNL,Santé,Drummond\n"
      "Première bis,1111111111,OBNL,Santé,Drummond\n"  // same NEQ as line 2
      "Nouvelle,,OBNL,Santé,Drummond\n"
      "nouvelle,,OBNL,Santé,Drummond\n"    // same name as line 4
      "Homonyme,,OBNL,Santé,Drummond\n");  // which one?
  std::vector<cli::ImportProblem> problems;
  auto s = Import(path, false, &problems);
  EXPECT_EQ(s.status().code(), absl::StatusCode::kInvalidArgument)
      << s.status();
  std::map<int, std::string> by_line;
  for (const auto& p : problems) by_line[p.line] = p.description;
  EXPECT_TRUE(absl::StrContains(by_line[3], "line 2")) << by_line[3];
  EXPECT_TRUE(absl::StrContains(by_line[5], "line 4")) << by_line[5];
  EXPECT_TRUE(absl::StrContains(by_line[6], "NEQ")) << by_line[6];
  EXPECT_EQ(problems.size(), 3u);
  EXPECT_EQ(Organisations(), 2);  // all or nothing
  // The same when every line travels in its own message.
  problems.clear();
  s = Import(path, false, &problems, nullptr, 1);
  EXPECT_EQ(s.status().code(), absl::StatusCode::kInvalidArgument)
      << s.status();
  EXPECT_EQ(problems.size(), 3u);
  EXPECT_EQ(Organisations(), 2);
}

// 11 000 organisations through the import, then searched: the right
// answers, and — as the application role, under row-level security — a plan
// that reads the word index rather than the tenant's rows (its comparison
// operators are leakproof). How fast it is, is bench/directories_bench's
// business, not a unit test's.
TEST_F(DirectoriesIoTest,
       ElevenThousandOrganisationsImportAndSearchThroughTheWordIndex) {
  // POLES_IMPORT_ROWS raises the count (e.g. 100000 to watch memory).
  const int kRows = std::getenv("POLES_IMPORT_ROWS")
                        ? std::atoi(std::getenv("POLES_IMPORT_ROWS"))
                        : 11000;
  std::string path = dir_ + "/onze-mille.csv";
  {
    std::ofstream out(path, std::ios::binary);
    out << "nom,neq,forme_juridique,secteur,mrc,municipalite\r\n";
    const char* mrcs[] = {"Arthabaska", "Bécancour", "Drummond", "L'Érable",
                          "Nicolet-Yamaska"};
    const char* words[] = {"Coopérative", "Centre", "Ressourcerie", "Café",
                           "Corporation"};
    for (int i = 0; i < kRows; ++i) {
      out << words[i % 5] << " numéro " << i
          << (i == 7777 ? " Économie rare" : "") << "," << (1000000000 + i)
          << ",OBNL,Services aux personnes," << mrcs[i % 5] << ",Ville "
          << i % 97 << "\r\n";
    }
  }
  std::vector<cli::ImportProblem> problems;
  auto s = Import(path, false, &problems);
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->created, kRows);
  {
    pqxx::connection c(SuperuserUrl());
    pqxx::nontransaction n(c);
    n.exec(
        "VACUUM (ANALYZE) poles.organisations, "
        "poles.organisation_search_terms");
  }

  // A selective search: every word must begin a word of the name.
  v1::ListOrganisationsRequest req;
  req.set_parent(t_.parent());
  req.set_query("economie rare");
  v1::ListOrganisationsResponse resp;
  ASSERT_TRUE(
      stub_->ListOrganisations(Ctx(t_.viewer_key).get(), req, &resp).ok());
  ASSERT_EQ(resp.organisations_size(), 1);
  EXPECT_EQ(resp.organisations(0).display_name(),
            "Ressourcerie numéro 7777 Économie rare");
  // A broad one: the first page, in name order, then the next.
  req.set_query("cooperative");
  req.set_page_size(50);
  ASSERT_TRUE(
      stub_->ListOrganisations(Ctx(t_.viewer_key).get(), req, &resp).ok());
  ASSERT_EQ(resp.organisations_size(), 50);
  EXPECT_EQ(resp.organisations(0).display_name(), "Coopérative numéro 0");
  EXPECT_EQ(resp.organisations(1).display_name(), "Coopérative numéro 10");
  ASSERT_FALSE(resp.next_page_token().empty());
  std::string last = resp.organisations(49).display_name();
  req.set_page_token(resp.next_page_token());
  ASSERT_TRUE(
      stub_->ListOrganisations(Ctx(t_.viewer_key).get(), req, &resp).ok());
  ASSERT_EQ(resp.organisations_size(), 50);
  EXPECT_LT(last, resp.organisations(0).display_name());

  // The plan, as the application role under row-level security.
  std::string sql, params;
  for (const auto& st : storage::RegisteredStatements()) {
    if (std::string(st.name) == "directories_org_search") {
      sql = st.sql;
      params = st.params;
    }
  }
  ASSERT_FALSE(sql.empty());
  pqxx::connection app(AppUrl());
  pqxx::work w(app);
  w.exec_params("SELECT set_config('poles.tenant_id', $1, true)", t_.slug);
  w.exec("PREPARE search_plan(" + params + ") AS " + sql);
  std::string plan;
  for (const auto& row :
       w.exec("EXPLAIN EXECUTE search_plan(" + w.quote(t_.slug) +
              ", '', '', '', '', '', '', '', 51, 'economie rare')")) {
    plan += std::string(row[0].c_str()) + "\n";
  }
  EXPECT_TRUE(absl::StrContains(
      plan, "Index Only Scan using organisation_search_terms_pkey"))
      << plan;
  EXPECT_TRUE(absl::StrContains(plan, "Index Scan using organisations_pkey"))
      << plan;
}

}  // namespace
}  // namespace poles::testing
