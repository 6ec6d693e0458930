#include "cli/national_format.h"

#include <cstdlib>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "cli/bilan.h"
#include "cli/messages.h"
#include "cli/national.h"

namespace poles::cli {
namespace {

// The expectations below are French (the default) whatever LANG the tests
// run under; the English tests set English and put French back.
class FrenchFirst : public ::testing::Environment {
 public:
  void SetUp() override { SetMessageLanguage(Language::kFrench); }
};
::testing::Environment* const kFrenchFirst =
    ::testing::AddGlobalTestEnvironment(new FrenchFirst);

// English for the lifetime of the object.
struct InEnglish {
  InEnglish() { SetMessageLanguage(Language::kEnglish); }
  ~InEnglish() { SetMessageLanguage(Language::kFrench); }
};

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kNbsp[] = "\u00a0";

v1::TableCell Cell(const std::string& indicator, int64_t value,
                   v1::CellSource source, bool suppressed = false) {
  v1::TableCell c;
  c.set_indicator(indicator);
  c.set_value(value);
  c.set_source(source);
  c.set_suppressed(suppressed);
  return c;
}

void AddColumn(v1::NationalTable& t, const std::string& code,
               const std::string& label, const std::string& unit) {
  auto* c = t.add_columns();
  c->set_name("nationalIndicators/" + code);
  c->set_label_fr(label);
  c->set_unit(unit);
}

// Three Pôles: one filled (a reported and a computed value), one partly
// (a missing and a suppressed cell), one whose services did not answer.
v1::NationalTable SampleTable() {
  v1::NationalTable t;
  t.set_fiscal_year("2017-2018");
  t.set_disclosure_threshold(5);
  AddColumn(t, "directories.enterprises", "Entreprises d'économie sociale",
            "count");
  AddColumn(t, "funding.amount_authorised", "Montants autorisés", "cents");
  auto* cdq = t.add_rows();
  cdq->set_tenant("tenants/centre-du-quebec");
  cdq->set_display_name("Pôle d'économie sociale du Centre-du-Québec");
  cdq->set_region_code("17");
  cdq->set_state(v1::NationalTableRow::DRAFT);
  *cdq->add_cells() =
      Cell("directories.enterprises", 237, v1::CELL_SOURCE_REPORTED);
  *cdq->add_cells() =
      Cell("funding.amount_authorised", 33790500, v1::CELL_SOURCE_COMPUTED);
  cdq->add_findings()->set_indicator("directories.enterprises");
  auto* vhsl = t.add_rows();
  vhsl->set_tenant("tenants/vallee-du-haut-saint-laurent");
  vhsl->set_region_code("16");
  vhsl->set_state(v1::NationalTableRow::DRAFT);
  *vhsl->add_cells() =
      Cell("directories.enterprises", 0, v1::CELL_SOURCE_MISSING);
  *vhsl->add_cells() = Cell("funding.amount_authorised", 0,
                            v1::CELL_SOURCE_COMPUTED, /*suppressed=*/true);
  auto* cn = t.add_rows();
  cn->set_tenant("tenants/capitale-nationale");
  cn->set_region_code("03");
  cn->set_state(v1::NationalTableRow::UNREACHABLE);
  *cn->add_cells() =
      Cell("directories.enterprises", 0, v1::CELL_SOURCE_UNREACHABLE);
  auto* total = t.add_totals();
  total->set_indicator("directories.enterprises");
  total->set_value(237);
  total->set_tenant_count(1);
  total->set_partial(true);
  auto* money = t.add_totals();
  money->set_indicator("funding.amount_authorised");
  money->set_value(33790500);
  money->set_tenant_count(2);
  money->set_partial(true);
  auto* u = t.add_unreachable();
  u->set_tenant("tenants/capitale-nationale");
  u->set_service("directories");
  u->set_code("UNAVAILABLE");
  u->set_reason("service injoignable");
  return t;
}

std::vector<std::string> Lines(const std::string& text) {
  return absl::StrSplit(text, '\n');
}

TEST(FrenchNumbers, MoneyGroupsThousandsWithANoBreakSpace) {
  EXPECT_EQ(FrenchMoney(33790500),
            std::string("337") + kNbsp + "905,00" + kNbsp + "$");
  EXPECT_EQ(FrenchMoney(0), std::string("0,00") + kNbsp + "$");
  EXPECT_EQ(FrenchMoney(-5), std::string("-0,05") + kNbsp + "$");
  EXPECT_EQ(FrenchMoney(100000000),
            std::string("1") + kNbsp + "000" + kNbsp + "000,00" + kNbsp + "$");
  EXPECT_EQ(FrenchInteger(1234567),
            std::string("1") + kNbsp + "234" + kNbsp + "567");
  EXPECT_EQ(FrenchInteger(999), "999");
  EXPECT_EQ(FrenchInteger(-1000), std::string("-1") + kNbsp + "000");
}

TEST(Padding, CountsCodePointsNotBytes) {
  EXPECT_EQ(DisplayWidth("Pôle"), 4u);
  EXPECT_EQ(PadRight("Pôle", 6), "Pôle  ");
  EXPECT_EQ(PadLeft("é", 3), "  é");
  EXPECT_EQ(PadLeft("trop long", 3), "trop long");
}

TEST(CellText, MarksMissingReportedSuppressedAndUnreachable) {
  EXPECT_EQ(CellText(Cell("x", 0, v1::CELL_SOURCE_MISSING), "count", 5), "—");
  EXPECT_EQ(CellText(Cell("x", 0, v1::CELL_SOURCE_UNREACHABLE), "count", 5),
            "injoignable");
  EXPECT_EQ(CellText(Cell("x", 237, v1::CELL_SOURCE_REPORTED), "count", 5),
            "237*");
  EXPECT_EQ(CellText(Cell("x", 2, v1::CELL_SOURCE_COMPUTED, true), "count", 5),
            std::string("<") + kNbsp + "5");
  EXPECT_EQ(CellText(Cell("x", 33790500, v1::CELL_SOURCE_COMPUTED), "cents", 5),
            FrenchMoney(33790500));
  v1::TableCell shown = Cell("x", 7, v1::CELL_SOURCE_COMPUTED);
  shown.set_display("sept");
  EXPECT_EQ(CellText(shown, "count", 0), "sept");
}

TEST(NationalTable, AlignsEveryRowOfTheTable) {
  const std::string text = FormatNationalTable(SampleTable());
  std::vector<std::string> lines = Lines(text);
  ASSERT_GE(lines.size(), 7u);
  // Header, three Pôles, total and count: the last column is figures,
  // right-aligned, so every line of the table ends at the same column.
  const size_t width = DisplayWidth(lines[2]);
  for (size_t i = 2; i < 8; ++i) {
    EXPECT_EQ(DisplayWidth(lines[i]), width)
        << "line " << i << ": " << lines[i];
  }
  EXPECT_TRUE(absl::StartsWith(lines[0],
                               "Tableau national PAGES — exercice 2017-2018"));
  EXPECT_THAT(lines[2], HasSubstr("directories.enterprises"));
  EXPECT_THAT(lines[3], HasSubstr("centre-du-quebec"));
  EXPECT_THAT(lines[3], HasSubstr("237*"));
  EXPECT_THAT(lines[3], HasSubstr(FrenchMoney(33790500)));
  EXPECT_THAT(lines[4], HasSubstr("—"));
  EXPECT_THAT(lines[4], HasSubstr(std::string("<") + kNbsp + "5"));
  EXPECT_THAT(lines[5], HasSubstr("injoignable"));
  EXPECT_THAT(lines[6], HasSubstr("Total national"));
  EXPECT_THAT(lines[6], HasSubstr("237 (partiel)"));
  EXPECT_THAT(lines[7], HasSubstr("Pôles comptés"));
  EXPECT_THAT(text, HasSubstr("Pôles injoignables (1, exclus des totaux)"));
  EXPECT_THAT(text,
              HasSubstr("capitale-nationale (directories) : UNAVAILABLE"));
  EXPECT_THAT(text, HasSubstr("Constats de validation : 1"));
  EXPECT_THAT(text, HasSubstr("Entreprises d'économie sociale (count)"));
}

TEST(NationalTable, EnglishWithLangEn) {
  InEnglish english;
  const std::string text = FormatNationalTable(SampleTable());
  std::vector<std::string> lines = Lines(text);
  ASSERT_GE(lines.size(), 8u);
  EXPECT_TRUE(absl::StartsWith(lines[0],
                               "National PAGES table — fiscal year 2017-2018"));
  EXPECT_THAT(lines[2], HasSubstr("Region"));
  EXPECT_THAT(lines[2], HasSubstr("State"));
  EXPECT_THAT(lines[5], HasSubstr("unreachable"));
  EXPECT_THAT(lines[6], HasSubstr("National total"));
  EXPECT_THAT(lines[6], HasSubstr("237 (partial)"));
  EXPECT_THAT(lines[7], HasSubstr("Pôles counted"));
  EXPECT_THAT(text,
              HasSubstr("Pôles unreachable (1, left out of the totals):"));
  EXPECT_THAT(text, HasSubstr("Validation findings: 1"));
  EXPECT_THAT(text, HasSubstr("Columns:"));
  for (const char* french : {"exercice", "Région", "partiel", "Constats",
                             "Colonnes", "comptés", "déclaré par"}) {
    EXPECT_THAT(text, Not(HasSubstr(french))) << french;
  }
}

TEST(NationalTable, BreakdownValuesGetTheirOwnColumns) {
  v1::NationalTable t;
  t.set_fiscal_year("2017-2018");
  t.set_breakdown("gender");
  AddColumn(t, "events.participants", "Participants", "people");
  auto* row = t.add_rows();
  row->set_tenant("tenants/centre-du-quebec");
  *row->add_cells() =
      Cell("events.participants", 100, v1::CELL_SOURCE_COMPUTED);
  auto women = Cell("events.participants", 60, v1::CELL_SOURCE_COMPUTED);
  (*women.mutable_dimensions())["gender"] = "women";
  *row->add_cells() = women;
  const std::vector<std::string> lines = Lines(FormatNationalTable(t));
  EXPECT_THAT(lines[0], HasSubstr("ventilation : gender"));
  EXPECT_THAT(lines[2], HasSubstr("events.participants[women]"));
  EXPECT_THAT(lines[3], HasSubstr("100"));
  EXPECT_THAT(lines[3], HasSubstr("60"));
}

TEST(NationalTable, CsvLeavesMissingValuesEmptyNeverZero) {
  const std::string csv = NationalTableCsv(SampleTable());
  EXPECT_TRUE(absl::StartsWith(csv, "\xEF\xBB\xBFpole,nom,region,etat,"));
  EXPECT_TRUE(absl::EndsWith(csv, "\r\n"));
  EXPECT_THAT(csv, HasSubstr("centre-du-quebec,Pôle d'économie sociale du "
                             "Centre-du-Québec,17,brouillon,"
                             "directories.enterprises,,237,count,déclaré,non,"
                             "237*\r\n"));
  EXPECT_THAT(csv, HasSubstr("vallee-du-haut-saint-laurent,,16,brouillon,"
                             "directories.enterprises,,,count,manquant,non,"
                             "—\r\n"));
  EXPECT_THAT(csv, HasSubstr("funding.amount_authorised,,,cents,calculé,oui"));
  EXPECT_THAT(csv, HasSubstr("total,Total national (2 Pôles),,partiel,"
                             "funding.amount_authorised,,33790500,cents"));
  const std::string semicolons = NationalTableCsv(SampleTable(), ';');
  EXPECT_THAT(semicolons, HasSubstr("pole;nom;region"));
}

TEST(FundingRollup, ShowsAwardsAndReportedSideBySideAndHidesSmallGroups) {
  v1::FundingRollup r;
  r.add_fiscal_years("2017-2018");
  r.add_group_by("program");
  r.set_disclosure_threshold(5);
  auto* mesi = r.add_rows();
  (*mesi->mutable_group())["program"] = "mesi";
  (*mesi->mutable_labels())["program"] = "Appel de projets MESI";
  mesi->mutable_awards()->set_awards(12);
  mesi->mutable_awards()->set_amount_authorised_cents(33790500);
  mesi->mutable_awards()->set_tenant_count(1);
  mesi->mutable_reported()->set_amount_authorised_cents(50000000);
  mesi->mutable_reported()->set_tenant_count(1);
  auto* fli = r.add_rows();
  (*fli->mutable_group())["program"] = "fli";
  fli->mutable_awards()->set_suppressed(true);
  fli->mutable_awards()->set_tenant_count(1);
  r.mutable_total()->mutable_awards()->set_awards(14);
  r.mutable_total()->mutable_awards()->set_amount_authorised_cents(40000000);
  const std::string text = FormatFundingRollup(r);
  const std::vector<std::string> lines = Lines(text);
  EXPECT_EQ(lines[0], "Financement — exercice(s) 2017-2018 — par program");
  EXPECT_THAT(lines[2], HasSubstr("Autorisé"));
  EXPECT_THAT(lines[3], HasSubstr("Appel de projets MESI"));
  EXPECT_THAT(lines[3], HasSubstr("aides"));
  EXPECT_THAT(lines[3], HasSubstr(FrenchMoney(33790500)));
  EXPECT_THAT(lines[4], HasSubstr("déclaré"));
  EXPECT_THAT(lines[4], HasSubstr(FrenchMoney(50000000)));
  EXPECT_THAT(lines[5], HasSubstr("fli"));
  EXPECT_THAT(lines[5], HasSubstr(std::string("<") + kNbsp + "5"));
  EXPECT_THAT(lines[5], Not(HasSubstr("0,00")));
  EXPECT_THAT(lines[6], HasSubstr("Total"));
  EXPECT_THAT(lines[6], HasSubstr(FrenchMoney(40000000)));
  for (int i = 3; i <= 6; ++i)
    EXPECT_EQ(DisplayWidth(lines[i]), DisplayWidth(lines[2])) << lines[i];
  InEnglish english;
  const std::string en_text = FormatFundingRollup(r);
  const std::vector<std::string> en = Lines(en_text);
  EXPECT_EQ(en[0], "Funding — fiscal year(s) 2017-2018 — by program");
  EXPECT_THAT(en[2], HasSubstr("Authorised"));
  EXPECT_THAT(en[3], HasSubstr("awards"));
  EXPECT_THAT(en[4], HasSubstr("reported"));
  EXPECT_THAT(en_text, HasSubstr("never added"));
  EXPECT_THAT(en_text, Not(HasSubstr("exercice")));
}

TEST(Findings, NameTheIndicatorTheRuleAndTheFigures) {
  v1::Finding f;
  f.set_tenant("tenants/centre-du-quebec");
  f.set_fiscal_year("2017-2018");
  f.set_indicator("directories.enterprises");
  f.set_rule(v1::Finding::REPORTED_VS_COMPUTED);
  f.set_value(237);
  f.set_compared_value(225);
  f.set_message_fr("237 déclarées, 225 au répertoire");
  const std::string text = FormatFindings({f}, {});
  EXPECT_THAT(text, HasSubstr("centre-du-quebec"));
  EXPECT_THAT(text, HasSubstr("déclaré ≠ calculé"));
  EXPECT_THAT(text, HasSubstr("237 déclarées, 225 au répertoire"));
  EXPECT_THAT(text, HasSubstr("1 constat(s)"));
  InEnglish english;
  f.set_message_en("237 reported, 225 in the directory");
  const std::string en = FormatFindings({f}, {});
  EXPECT_THAT(en, HasSubstr("reported ≠ computed"));
  EXPECT_THAT(en, HasSubstr("237 reported, 225 in the directory"));
  EXPECT_THAT(en, HasSubstr("1 finding(s)"));
  EXPECT_THAT(en, HasSubstr("Compared with"));
  EXPECT_THAT(en, Not(HasSubstr("constat")));
}

TEST(RollupFilter, ParsesDimensionAndValues) {
  auto f = ParseRollupFilter("program=mesi, fli");
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(f->dimension(), "program");
  EXPECT_THAT(f->values(), ElementsAre("mesi", "fli"));
  EXPECT_FALSE(ParseRollupFilter("program").ok());
  EXPECT_FALSE(ParseRollupFilter("=mesi").ok());
  EXPECT_FALSE(ParseRollupFilter("program=").ok());
  FundingRollupOptions o;
  o.fiscal_years = {"2017-2018", "2018-2019"};
  o.group_by = {"program", "mrc"};
  o.filters = {"program=mesi"};
  auto req = RollupRequest(o);
  ASSERT_TRUE(req.ok());
  EXPECT_EQ(req->fiscal_years_size(), 2);
  EXPECT_EQ(req->filters(0).dimension(), "program");
}

TEST(Requests, CarryTheOptions) {
  NationalTableOptions t;
  t.fiscal_year = "2017-2018";
  t.indicators = {"events.held"};
  t.regions = {"17"};
  t.breakdown = "gender";
  auto req = TableRequest(t);
  EXPECT_EQ(req.fiscal_year(), "2017-2018");
  EXPECT_THAT(req.indicators(), ElementsAre("events.held"));
  EXPECT_THAT(req.region_codes(), ElementsAre("17"));
  EXPECT_EQ(req.breakdown(), "gender");
  FindingsOptions f;
  f.fiscal_year = "2017-2018";
  f.tenants = {"centre-du-quebec", "tenants/estrie"};
  EXPECT_THAT(FindingsRequest(f).tenants(),
              ElementsAre("tenants/centre-du-quebec", "tenants/estrie"));
}

TEST(Bilan, TextShowsSectionsTablesAndMarks) {
  v1::Bilan b;
  b.set_display_name("Pôle d'économie sociale du Centre-du-Québec");
  b.set_fiscal_year("2017-2018");
  b.set_state(v1::NationalTableRow::DRAFT);
  auto* s = b.add_sections();
  s->set_title_fr("Événements");
  auto* table = s->add_tables();
  table->set_title_fr("Participants par genre");
  table->set_unit("people");
  table->set_dimension("gender");
  (*table->mutable_row_labels())["women"] = "Femmes";
  auto women = Cell("events.participants", 60, v1::CELL_SOURCE_COMPUTED);
  (*women.mutable_dimensions())["gender"] = "women";
  *table->add_rows() = women;
  *table->mutable_total() =
      Cell("events.participants", 100, v1::CELL_SOURCE_REPORTED);
  s->add_notes("Source : registre des événements");
  const std::string text = FormatBilan(b);
  EXPECT_THAT(text, HasSubstr("Bilan 2017-2018 — Pôle d'économie sociale du "
                              "Centre-du-Québec"));
  EXPECT_THAT(text, HasSubstr("Événements\n=========="));
  EXPECT_THAT(text, HasSubstr("    Femmes    60\n"));
  EXPECT_THAT(text, HasSubstr("    Total   100*\n"));
  EXPECT_THAT(text, HasSubstr("Note : Source : registre des événements"));
  EXPECT_THAT(text, Not(HasSubstr("incorporé")));
  // The profile's heading: a legal name other than the platform's name, and
  // the incorporation date.
  b.set_legal_name("Pôle d'économie sociale (nom légal)");
  b.set_incorporation_date("2015-05-19");
  EXPECT_THAT(FormatBilan(b),
              HasSubstr("Centre-du-Québec\nPôle d'économie sociale (nom "
                        "légal)\nincorporé le 2015-05-19\n"));
}

TEST(Pdf, PrintsWithHeadlessChromiumOnAnAbsoluteFileUrl) {
  const auto argv =
      ChromiumPrintCommand("/usr/bin/chromium", "/tmp/b.html", "/tmp/b.pdf");
  EXPECT_THAT(argv,
              ElementsAre("/usr/bin/chromium", "--headless", "--no-sandbox",
                          "--disable-gpu", "--no-pdf-header-footer",
                          "--print-to-pdf=/tmp/b.pdf", "file:///tmp/b.html"));
  const auto relative = ChromiumPrintCommand("chromium", "b.html", "b.pdf");
  EXPECT_TRUE(absl::StartsWith(relative[6], "file:///"));
}

TEST(Pdf, MissingChromiumIsAClearFrenchError) {
  setenv("POLES_CHROMIUM", "/nonexistent/chromium", 1);
  auto found = FindChromium();
  unsetenv("POLES_CHROMIUM");
  ASSERT_FALSE(found.ok());
  EXPECT_EQ(found.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(std::string(found.status().message()),
              HasSubstr("n'est pas un programme exécutable"));
  const char* path = std::getenv("PATH");
  const std::string saved = path ? path : "";
  setenv("PATH", "/nonexistent", 1);
  found = FindChromium();
  setenv("PATH", saved.c_str(), 1);
  ASSERT_FALSE(found.ok());
  EXPECT_THAT(std::string(found.status().message()),
              HasSubstr("apt-get install -y chromium"));
}

}  // namespace
}  // namespace poles::cli
