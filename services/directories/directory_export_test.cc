#include "services/directories/directory_export.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/match.h"

namespace poles::directories {
namespace {

TEST(CsvFieldTest, QuotesOnlyWhenNeeded) {
  EXPECT_EQ(CsvField("Bécancour"), "Bécancour");
  EXPECT_EQ(CsvField("Coop, solidarité"), "\"Coop, solidarité\"");
  EXPECT_EQ(CsvField("Le \"Café\""), "\"Le \"\"Café\"\"\"");
  EXPECT_EQ(CsvField("ligne 1\nligne 2"), "\"ligne 1\nligne 2\"");
  EXPECT_EQ(CsvField(" espace"), "\" espace\"");
  EXPECT_EQ(CsvField("a;b", ';'), "\"a;b\"");
  EXPECT_EQ(CsvField("a;b", ','), "a;b");
}

TEST(CsvFieldTest, FormulasAreDefused) {
  EXPECT_EQ(CsvField("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
  EXPECT_EQ(CsvField("+1 819 555-0100"), "'+1 819 555-0100");
  EXPECT_EQ(CsvField("@SUM(A1)"), "'@SUM(A1)");
}

TEST(RenderDirectoryCsvTest, BomHeaderAndCrlf) {
  DirectoryEntry e;
  e.display_name = "Café des 4 Ponts";
  e.mrc = "Bécancour";
  e.legal_form = "Coopérative";
  e.sector = "Services aux personnes";
  std::string csv = RenderDirectoryCsv({e});
  EXPECT_TRUE(absl::StartsWith(csv, "\xEF\xBB\xBFMRC,Municipalité,Nom,"));
  EXPECT_TRUE(absl::EndsWith(csv, "\r\n"));
  EXPECT_TRUE(absl::StrContains(csv,
                                "\r\nBécancour,,Café des 4 Ponts,Coopérative,"
                                "Services aux personnes,,,,,\r\n"));
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 2);
}

TEST(HtmlEscapeTest, EscapesTheFiveCharacters) {
  EXPECT_EQ(HtmlEscape("<b>\"R&D\" l'été</b>"),
            "&lt;b&gt;&quot;R&amp;D&quot; l&#39;été&lt;/b&gt;");
}

TEST(MrcTitleTest, FrenchPrepositions) {
  EXPECT_EQ(MrcTitle("Bécancour", true), "MRC de Bécancour");
  EXPECT_EQ(MrcTitle("Arthabaska", true), "MRC d'Arthabaska");
  EXPECT_EQ(MrcTitle("L'Érable", true), "MRC de L'Érable");
  EXPECT_EQ(MrcTitle("Les Maskoutains", true), "MRC des Maskoutains");
  EXPECT_EQ(MrcTitle("Le Haut-Richelieu", true), "MRC du Haut-Richelieu");
  EXPECT_EQ(MrcTitle("Montréal", false), "Montréal");
}

TEST(RenderDirectoryHtmlTest, EscapesEverythingAndGroupsBySector) {
  DirectoryEntry a;
  a.display_name = "<script>alert('x')</script> & fils";
  a.sector = "Arts et culture";
  a.website = "javascript:alert(1)";
  DirectoryEntry b;
  b.display_name = "Café \"des 4 Ponts\"";
  b.sector = "Services aux personnes";
  b.website = "https://cafe.example/?a=1&b=2";
  std::string html = RenderDirectoryHtml("Pôle <CDQ>", "MRC de Bécancour",
                                         {a, b}, "2018-05-01");
  EXPECT_FALSE(absl::StrContains(html, "<script>"));
  EXPECT_TRUE(absl::StrContains(
      html, "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; fils"));
  EXPECT_FALSE(absl::StrContains(html, "href=\"javascript:"));
  EXPECT_TRUE(
      absl::StrContains(html, "href=\"https://cafe.example/?a=1&amp;b=2\""));
  EXPECT_TRUE(absl::StrContains(html, "Pôle &lt;CDQ&gt; — 2 entreprises"));
  EXPECT_LT(html.find("<h2>Arts et culture</h2>"),
            html.find("<h2>Services aux personnes</h2>"));
}

}  // namespace
}  // namespace poles::directories
