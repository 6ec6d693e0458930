#include "gateway/bilan_html.h"

#include <cstdlib>
#include <fstream>
#include <string>

#include "gateway/bilan.h"
#include "gateway/bilan_test_fixtures.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace poles::gateway {
namespace {

using testing::AddValues;
using testing::CatalogueForTests;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr v1::Provenance kReported = v1::PROVENANCE_REPORTED;

v1::Bilan Bilan(const std::string& display_name, Audience audience) {
  TenantSummaries ts;
  ts.tenant = {"centre-du-quebec", display_name, "17", "Centre-du-Québec", {}};
  ts.fiscal_year = "2017-2018";
  AddValues(
      &ts, "funding",
      {{"funding.awards", {}, 1},
       {"funding.awards", {{"program", "mesi-appel"}, {"funder", "mesi"}}, 1},
       {"funding.amount_authorised", {}, 33790500},
       {"funding.amount_authorised",
        {{"program", "mesi-appel"}, {"funder", "mesi"}},
        33790500},
       {"funding.reported_amount", {}, 71728083, kReported}});
  AddValues(
      &ts, "directories",
      {{"directories.dossiers_opened", {}, 14},
       {"directories.dossiers_opened",
        {{"mrc", "arthabaska"}, {"gender", "women"}},
        13},
       {"directories.dossiers_opened",
        {{"mrc", "becancour"}, {"gender", "men"}},
        1},
       {"directories.enterprises", {}, 237, kReported},
       {"directories.enterprises", {{"mrc", "arthabaska"}}, 225, kReported}});
  ts.failed["events"] = absl::UnavailableError("connection refused");
  ReferenceLabels labels;
  labels.by_dimension["program"]["mesi-appel"] =
      "Appel de projets <PAGES> & \"MESI\" l'automne";
  labels.by_dimension["mrc"]["arthabaska"] = "Arthabaska";
  return BuildBilan(ts, CatalogueForTests(), labels, audience, 5);
}

TEST(HtmlEscapeTest, EscapesTheFiveCharacters) {
  EXPECT_EQ(HtmlEscape("a < b & \"c\" 'd' > e"),
            "a &lt; b &amp; &quot;c&quot; &#39;d&#39; &gt; e");
  EXPECT_EQ(HtmlEscape("Bécancour"), "Bécancour");
}

TEST(RenderBilanHtmlTest, APrintableFrenchRapportDActivite) {
  const std::string html = RenderBilanHtml(
      Bilan("Pôle d'économie sociale du Centre-du-Québec", Audience::kTenant),
      "fr");
  EXPECT_THAT(html, HasSubstr("<!DOCTYPE html>"));
  EXPECT_THAT(html, HasSubstr("<html lang=\"fr\">"));
  EXPECT_THAT(html, HasSubstr("<meta charset=\"utf-8\">"));
  // The title page.
  EXPECT_THAT(html,
              HasSubstr("<p class=\"surtitre\">Rapport d&#39;activité</p>"));
  EXPECT_THAT(
      html,
      HasSubstr("<h1>Pôle d&#39;économie sociale du Centre-du-Québec</h1>"));
  EXPECT_THAT(html, HasSubstr("<p class=\"exercice\">2017-2018</p>"));
  // Chapters on new pages when printed.
  EXPECT_THAT(html, HasSubstr("@media print"));
  EXPECT_THAT(html, HasSubstr("page-break-before: always"));
  EXPECT_THAT(html, HasSubstr("<h2>7. Financement</h2>"));
  // Money and counts right-aligned, written as French writes them.
  EXPECT_THAT(html, HasSubstr(".num { text-align: right;"));
  EXPECT_THAT(html, HasSubstr("<td class=\"num\">337\u00a0905,00\u00a0$</td>"));
  EXPECT_THAT(
      html, HasSubstr("<td class=\"num\">717\u00a0280,83\u00a0$\u00a0*</td>"));
  EXPECT_THAT(html, HasSubstr("Chiffre déclaré par le Pôle"));
  EXPECT_THAT(html, HasSubstr("<tfoot><tr><th scope=\"row\">Total</th>"
                              "<td class=\"num\">14</td>"));
  EXPECT_THAT(html, HasSubstr("<th scope=\"row\">Femmes</th>"));
  // A failed service shows as unreachable, never as zero.
  EXPECT_THAT(html,
              HasSubstr("<td class=\"num injoignable\">injoignable</td>"));
  EXPECT_THAT(html, HasSubstr("Services injoignables"));
  // The findings: 237 reported, 225 in the breakdown.
  EXPECT_THAT(html, HasSubstr("Constats de validation"));
  EXPECT_THAT(html, HasSubstr("BREAKDOWN_MISMATCH"));
  EXPECT_THAT(html, HasSubstr("totalise 225"));
  // Self-contained.
  EXPECT_THAT(html, Not(HasSubstr("<script")));
  EXPECT_THAT(html, Not(HasSubstr("<link")));
  EXPECT_THAT(html, Not(HasSubstr("src=")));
  EXPECT_THAT(html, Not(HasSubstr("http")));
  EXPECT_THAT(html, Not(HasSubstr("@import")));
  // For people to look at (or print) when the test command keeps artefacts.
  if (const char* dir = std::getenv("POLES_TEST_ARTEFACTS")) {
    std::ofstream(std::string(dir) + "/bilan-centre-du-quebec-2017-2018.html")
        << html;
  }
}

// The heading carries the Pôle's profile: its legal name when it differs
// from the platform's name, and its incorporation date as people write it.
TEST(RenderBilanHtmlTest, HeadingFromThePolesProfile) {
  v1::Bilan b = Bilan("Vallée-du-Haut-Saint-Laurent", Audience::kTenant);
  b.set_legal_name("Pôle d'économie sociale Vallée-du-Haut-Saint-Laurent");
  b.set_incorporation_date("2015-05-19");
  const std::string fr = RenderBilanHtml(b, "fr");
  EXPECT_THAT(fr, HasSubstr("<p class=\"nom-legal\">Pôle d&#39;économie "
                            "sociale Vallée-du-Haut-Saint-Laurent</p>"));
  EXPECT_THAT(fr, HasSubstr("<p class=\"incorporation\">Incorporé le 19 mai "
                            "2015</p>"));
  EXPECT_THAT(RenderBilanHtml(b, "en"),
              HasSubstr("<p class=\"incorporation\">Incorporated on May 19, "
                        "2015</p>"));
  // Without a profile, no heading lines; a legal name equal to the
  // platform's name is not repeated.
  b.set_incorporation_date("");
  b.set_legal_name(b.display_name());
  const std::string plain = RenderBilanHtml(b, "fr");
  EXPECT_THAT(plain, Not(HasSubstr("nom-legal")));
  EXPECT_THAT(plain, Not(HasSubstr("incorporation")));
}

TEST(RenderBilanHtmlTest, EveryStringIsEscaped) {
  const std::string html =
      RenderBilanHtml(Bilan("Pôle <script>alert(1)</script> & \"Fils\" l'Ouest",
                            Audience::kTenant),
                      "fr");
  EXPECT_THAT(html, Not(HasSubstr("<script>")));
  EXPECT_THAT(html, Not(HasSubstr("\"Fils\"")));
  EXPECT_THAT(html, HasSubstr("Pôle &lt;script&gt;alert(1)&lt;/script&gt; "
                              "&amp; &quot;Fils&quot; l&#39;Ouest"));
  EXPECT_THAT(html, HasSubstr("Appel de projets &lt;PAGES&gt; &amp; "
                              "&quot;MESI&quot; l&#39;automne"));
  EXPECT_THAT(html, Not(HasSubstr("<PAGES>")));
}

TEST(RenderBilanHtmlTest, SuppressedCellsForNationalReaders) {
  const std::string html =
      RenderBilanHtml(Bilan("Pôle", Audience::kNational), "fr");
  EXPECT_THAT(html, HasSubstr("<td class=\"num masque\">&lt; 5</td>"));
  EXPECT_THAT(html, HasSubstr("Contrôle de la divulgation"));
}

TEST(RenderBilanHtmlTest, InEnglish) {
  const std::string html =
      RenderBilanHtml(Bilan("Pôle", Audience::kTenant), "en");
  EXPECT_THAT(html, HasSubstr("<html lang=\"en\">"));
  EXPECT_THAT(html, HasSubstr("Annual activity report"));
  EXPECT_THAT(html, HasSubstr("<h2>7. Funding</h2>"));
  EXPECT_THAT(html, HasSubstr("<td class=\"num\">$337,905.00</td>"));
  EXPECT_THAT(html, HasSubstr("<th scope=\"row\">Women</th>"));
  EXPECT_THAT(html, HasSubstr("Validation findings"));
  EXPECT_THAT(html, HasSubstr("unreachable"));
}

}  // namespace
}  // namespace poles::gateway
