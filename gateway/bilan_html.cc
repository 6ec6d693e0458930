#include "gateway/bilan_html.h"

#include <map>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "gateway/bilan.h"
#include "gateway/disclosure.h"
#include "services/common/time_zone.h"

namespace poles::gateway {

namespace {

// The document's fixed words, by language.
struct Words {
  const char* lang;
  const char* report;
  const char* contents;
  const char* total;
  const char* indicator;
  const char* value;
  const char* count;
  const char* people;
  const char* amount;
  const char* reported_legend;
  const char* no_data_section;
  const char* findings;
  const char* no_findings;
  const char* unreachable;
  const char* unreachable_word;
  const char* state_submitted;
  const char* state_draft;
  const char* state_nothing;
  const char* state_unreachable;
  const char* disclosure;
  const char* disclosure_after;
  const char* exact;
  const char* compiled;
};

constexpr Words kFrench = {
    "fr",
    "Rapport d'activité",
    "Sommaire",
    "Total",
    "Indicateur",
    "Valeur",
    "Nombre",
    "Personnes",
    "Montant",
    "* Chiffre déclaré par le Pôle (sans fiches détaillées).",
    "Aucune donnée pour cette section.",
    "Constats de validation",
    "Aucun constat pour cet exercice.",
    "Services injoignables",
    "injoignable",
    "Exercice soumis",
    "Exercice en cours : chiffres provisoires",
    "Aucune donnée enregistrée pour cet exercice",
    "Certains services n'ont pas répondu : chiffres incomplets",
    "Contrôle de la divulgation : les valeurs inférieures à ",
    " qui dénombrent des personnes, des dossiers ou des entreprises sont "
    "masquées (« < ",
    " »), ainsi que les valeurs qui permettraient de les retrouver ; les "
    "totaux sont exacts.",
    "Compilé à partir des dossiers et des chiffres déclarés du Pôle sur la "
    "plateforme des Pôles d'économie sociale."};

constexpr Words kEnglish = {
    "en",
    "Annual activity report",
    "Contents",
    "Total",
    "Indicator",
    "Value",
    "Number",
    "People",
    "Amount",
    "* Figure reported by the Pôle (no detailed records).",
    "No data for this section.",
    "Validation findings",
    "No finding for this fiscal year.",
    "Services that did not answer",
    "unreachable",
    "Fiscal year submitted",
    "Fiscal year open: provisional figures",
    "Nothing recorded for this fiscal year",
    "Some services did not answer: incomplete figures",
    "Disclosure control: values below ",
    " counting people, dossiers or enterprises are hidden (\"< ",
    "\"), as are the values that would reveal them; totals are exact.",
    "Compiled from the Pôle's records and reported figures on the Pôles "
    "d'économie sociale platform."};

constexpr char kStyle[] = R"css(
@page { size: letter; margin: 2cm 1.8cm; }
* { box-sizing: border-box; }
body { font-family: "Helvetica Neue", Arial, "Liberation Sans", sans-serif;
       font-size: 10.5pt; line-height: 1.4; color: #1d1d1b; margin: 0 auto;
       max-width: 52em; padding: 1.5em; }
.page-titre { min-height: 28em; display: flex; flex-direction: column;
              justify-content: center; text-align: center;
              border-bottom: 4px solid #00704a; }
.page-titre .surtitre { font-size: 14pt; letter-spacing: .08em;
                        text-transform: uppercase; color: #00704a; margin: 0; }
.page-titre h1 { font-size: 24pt; margin: .4em 0; }
.page-titre .exercice { font-size: 30pt; font-weight: bold; margin: .2em 0; }
.page-titre .region { font-size: 13pt; margin: .2em 0; }
.page-titre .etat { margin-top: 2em; font-style: italic; }
.page-titre .controle { margin: 2em auto 0; max-width: 34em; font-size: 9pt;
                        color: #555; }
nav.sommaire ol { padding-left: 1.5em; }
nav.sommaire a { color: inherit; text-decoration: none; }
h2 { font-size: 16pt; color: #00704a; border-bottom: 2px solid #00704a;
     padding-bottom: .2em; margin-top: 1.5em; text-transform: uppercase;
     letter-spacing: .03em; }
h3 { font-size: 11.5pt; margin: 1.4em 0 .4em; }
table { border-collapse: collapse; width: 100%; margin: .3em 0 .8em; }
caption { text-align: left; font-weight: bold; padding-bottom: .3em; }
th, td { border-bottom: 1px solid #d0d0d0; padding: .25em .5em;
         text-align: left; vertical-align: top; }
thead th { border-bottom: 2px solid #1d1d1b; font-size: 9.5pt; }
tfoot th, tfoot td { border-top: 2px solid #1d1d1b; border-bottom: none;
                     font-weight: bold; }
.num { text-align: right; white-space: nowrap;
       font-variant-numeric: tabular-nums; }
td.masque { color: #777; font-style: italic; }
td.manquant { color: #999; }
td.injoignable { color: #b00020; font-style: italic; }
.legende { font-size: 8.5pt; color: #555; margin: -.5em 0 1em; }
ul.notes { font-size: 9.5pt; color: #333; border-left: 3px solid #00704a;
           padding: .3em .3em .3em 1.6em; background: #f4f8f6; }
p.vide { font-style: italic; color: #777; }
ul.constats li { margin-bottom: .4em; }
.regle { font-size: 8.5pt; color: #555; text-transform: uppercase; }
footer { margin-top: 3em; font-size: 8.5pt; color: #777;
         border-top: 1px solid #d0d0d0; padding-top: .5em; }
@media print {
  body { max-width: none; padding: 0; }
  .page-titre { min-height: 22cm; border-bottom: none; }
  nav.sommaire, section.chapitre { page-break-before: always;
                                   break-before: page; }
  table, figure { page-break-inside: avoid; break-inside: avoid; }
  h2, h3 { page-break-after: avoid; break-after: avoid; }
}
)css";

std::string Money(int64_t v, const std::string& unit, bool english) {
  return english ? FormatEnglishValue(v, unit) : FormatFrenchValue(v, unit);
}

// A cell as this document shows it, and its CSS class.
std::pair<std::string, std::string> Show(const v1::TableCell& cell,
                                         const std::string& unit, int threshold,
                                         const Words& w, bool english) {
  if (cell.suppressed()) {
    return {threshold > 1 ? SuppressedDisplay(threshold) : cell.display(),
            "num masque"};
  }
  switch (cell.source()) {
    case v1::CELL_SOURCE_MISSING:
      return {"—", "num manquant"};
    case v1::CELL_SOURCE_UNREACHABLE:
      return {w.unreachable_word, "num injoignable"};
    default:
      break;
  }
  std::string text = Money(cell.value(), unit, english);
  if (cell.source() == v1::CELL_SOURCE_REPORTED) text += "\u00a0*";
  return {text, "num"};
}

std::string UnitHeader(const std::string& unit, const Words& w) {
  if (unit == "cents") return w.amount;
  if (unit == "people") return w.people;
  return w.count;
}

std::string RowLabel(const v1::BilanTable& t, const std::string& value,
                     bool english) {
  if (english) {
    std::string own = DimensionValueLabel(t.dimension(), value, "en");
    if (!own.empty()) return own;
  }
  auto it = t.row_labels().find(value);
  if (it != t.row_labels().end()) return it->second;
  std::string own = DimensionValueLabel(t.dimension(), value, "fr");
  return own.empty() ? value : own;
}

std::string DayText(int year, int month, int day, bool english) {
  static const char* kFr[] = {"janvier",   "février", "mars",     "avril",
                              "mai",       "juin",    "juillet",  "août",
                              "septembre", "octobre", "novembre", "décembre"};
  static const char* kEn[] = {"January",   "February", "March",    "April",
                              "May",       "June",     "July",     "August",
                              "September", "October",  "November", "December"};
  if (english) return absl::StrCat(kEn[month - 1], " ", day, ", ", year);
  return absl::StrCat(day == 1 ? "1er" : absl::StrCat(day), " ", kFr[month - 1],
                      " ", year);
}

std::string Date(const google::protobuf::Timestamp& ts, bool english) {
  const absl::TimeZone::CivilInfo c =
      MontrealTimeZone().At(absl::FromUnixSeconds(ts.seconds()));
  return DayText(static_cast<int>(c.cs.year()), c.cs.month(), c.cs.day(),
                 english);
}

// An ISO date ("2015-05-19") as people write it; "" if it is not one.
std::string IsoDateText(const std::string& iso, bool english) {
  absl::CivilDay day;
  if (!absl::ParseCivilTime(iso, &day)) return "";
  return DayText(static_cast<int>(day.year()), day.month(), day.day(), english);
}

class Document {
 public:
  Document(const v1::Bilan& bilan, bool english)
      : b_(bilan), english_(english), w_(english ? kEnglish : kFrench) {}

  std::string Render() {
    const std::string title = absl::StrCat(w_.report, " ", b_.fiscal_year(),
                                           " — ", b_.display_name());
    Add("<!DOCTYPE html>\n<html lang=\"", w_.lang, "\">\n<head>\n",
        "<meta charset=\"utf-8\">\n",
        "<meta name=\"viewport\" content=\"width=device-width, "
        "initial-scale=1\">\n",
        "<title>", HtmlEscape(title), "</title>\n<style>", kStyle,
        "</style>\n</head>\n<body>\n");
    TitlePage();
    Contents();
    int n = 0;
    for (const auto& s : b_.sections()) Section(s, ++n);
    Findings();
    Unreachable();
    Add("<footer>", HtmlEscape(w_.compiled));
    if (b_.has_compute_time()) {
      Add(" ", english_ ? "Computed on " : "Calculé le ",
          HtmlEscape(Date(b_.compute_time(), english_)), ".");
    }
    Add("</footer>\n</body>\n</html>\n");
    return std::move(out_);
  }

 private:
  template <typename... T>
  void Add(const T&... parts) {
    absl::StrAppend(&out_, parts...);
  }

  void TitlePage() {
    Add("<section class=\"page-titre\">\n<p class=\"surtitre\">",
        HtmlEscape(w_.report), "</p>\n<h1>", HtmlEscape(b_.display_name()),
        "</h1>\n<p class=\"exercice\">", HtmlEscape(b_.fiscal_year()),
        "</p>\n");
    if (!b_.region_name().empty()) {
      Add("<p class=\"region\">", HtmlEscape(b_.region_name()), "</p>\n");
    }
    if (!b_.legal_name().empty() && b_.legal_name() != b_.display_name()) {
      Add("<p class=\"nom-legal\">", HtmlEscape(b_.legal_name()), "</p>\n");
    }
    if (const std::string d = IsoDateText(b_.incorporation_date(), english_);
        !d.empty()) {
      Add("<p class=\"incorporation\">",
          english_ ? "Incorporated on " : "Incorporé le ", HtmlEscape(d),
          "</p>\n");
    }
    std::string state;
    switch (b_.state()) {
      case v1::NationalTableRow::SUBMITTED:
        state = w_.state_submitted;
        if (b_.has_submit_time()) {
          absl::StrAppend(&state, english_ ? " on " : " le ",
                          Date(b_.submit_time(), english_));
        }
        break;
      case v1::NationalTableRow::NOTHING:
        state = w_.state_nothing;
        break;
      case v1::NationalTableRow::UNREACHABLE:
        state = w_.state_unreachable;
        break;
      default:
        state = w_.state_draft;
    }
    Add("<p class=\"etat\">", HtmlEscape(state), "</p>\n");
    if (b_.disclosure_threshold() > 1) {
      const std::string t = absl::StrCat(b_.disclosure_threshold());
      Add("<p class=\"controle\">",
          HtmlEscape(
              absl::StrCat(w_.disclosure, t, w_.disclosure_after, t, w_.exact)),
          "</p>\n");
    }
    Add("</section>\n");
  }

  void Contents() {
    Add("<nav class=\"sommaire\">\n<h2>", HtmlEscape(w_.contents),
        "</h2>\n<ol>\n");
    for (const auto& s : b_.sections()) {
      Add("<li><a href=\"#", HtmlEscape(s.key()), "\">",
          HtmlEscape(english_ ? s.title_en() : s.title_fr()), "</a></li>\n");
    }
    Add("<li><a href=\"#constats\">", HtmlEscape(w_.findings), "</a></li>\n");
    Add("</ol>\n</nav>\n");
  }

  void Section(const v1::BilanSection& s, int n) {
    Add("<section class=\"chapitre\" id=\"", HtmlEscape(s.key()), "\">\n<h2>",
        n, ". ", HtmlEscape(english_ ? s.title_en() : s.title_fr()), "</h2>\n");
    // Totals without a breakdown, gathered into one table of figures.
    std::vector<const v1::BilanTable*> figures;
    const auto flush = [&] {
      if (figures.empty()) return;
      bool reported = false;
      Add("<table class=\"chiffres\">\n<thead><tr><th scope=\"col\">",
          HtmlEscape(w_.indicator), "</th><th scope=\"col\" class=\"num\">",
          HtmlEscape(w_.value), "</th></tr></thead>\n<tbody>\n");
      for (const v1::BilanTable* t : figures) {
        const auto [text, css] = Show(t->total(), t->unit(),
                                      b_.disclosure_threshold(), w_, english_);
        reported = reported || t->total().source() == v1::CELL_SOURCE_REPORTED;
        Add("<tr><th scope=\"row\">",
            HtmlEscape(english_ ? t->title_en() : t->title_fr()),
            "</th><td class=\"", css, "\">", HtmlEscape(text), "</td></tr>\n");
      }
      Add("</tbody>\n</table>\n");
      if (reported) Legend();
      figures.clear();
    };
    for (const auto& t : s.tables()) {
      if (t.dimension().empty()) {
        figures.push_back(&t);
        continue;
      }
      flush();
      Table(t);
    }
    flush();
    if (s.tables().empty() && s.notes().empty()) {
      Add("<p class=\"vide\">", HtmlEscape(w_.no_data_section), "</p>\n");
    }
    if (!s.notes().empty()) {
      Add("<ul class=\"notes\">\n");
      for (const auto& note : s.notes()) {
        Add("<li>", HtmlEscape(note), "</li>\n");
      }
      Add("</ul>\n");
    }
    Add("</section>\n");
  }

  void Table(const v1::BilanTable& t) {
    Add("<figure class=\"tableau\">\n<table>\n<caption>",
        HtmlEscape(english_ ? t.title_en() : t.title_fr()),
        "</caption>\n<thead><tr><th scope=\"col\">",
        HtmlEscape(DimensionName(t.dimension(), w_.lang)),
        "</th><th scope=\"col\" class=\"num\">",
        HtmlEscape(UnitHeader(t.unit(), w_)), "</th></tr></thead>\n<tbody>\n");
    bool reported = t.total().source() == v1::CELL_SOURCE_REPORTED;
    for (const auto& r : t.rows()) {
      auto value = r.dimensions().find(t.dimension());
      const std::string label = value == r.dimensions().end()
                                    ? ""
                                    : RowLabel(t, value->second, english_);
      const auto [text, css] =
          Show(r, t.unit(), b_.disclosure_threshold(), w_, english_);
      reported = reported || r.source() == v1::CELL_SOURCE_REPORTED;
      Add("<tr><th scope=\"row\">", HtmlEscape(label), "</th><td class=\"", css,
          "\">", HtmlEscape(text), "</td></tr>\n");
    }
    const auto [text, css] =
        Show(t.total(), t.unit(), b_.disclosure_threshold(), w_, english_);
    Add("</tbody>\n<tfoot><tr><th scope=\"row\">", HtmlEscape(w_.total),
        "</th><td class=\"", css, "\">", HtmlEscape(text),
        "</td></tr></tfoot>\n</table>\n</figure>\n");
    if (reported) Legend();
  }

  void Legend() {
    Add("<p class=\"legende\">", HtmlEscape(w_.reported_legend), "</p>\n");
  }

  void Findings() {
    Add("<section class=\"chapitre\" id=\"constats\">\n<h2>",
        HtmlEscape(w_.findings), "</h2>\n");
    if (b_.findings().empty()) {
      Add("<p class=\"vide\">", HtmlEscape(w_.no_findings), "</p>\n");
    } else {
      Add("<ul class=\"constats\">\n");
      for (const auto& f : b_.findings()) {
        Add("<li><span class=\"regle\">",
            HtmlEscape(v1::Finding::Rule_Name(f.rule())), "</span> ",
            HtmlEscape(english_ ? f.message_en() : f.message_fr()), "</li>\n");
      }
      Add("</ul>\n");
    }
    Add("</section>\n");
  }

  void Unreachable() {
    if (b_.unreachable().empty()) return;
    Add("<section class=\"injoignables\">\n<h3>", HtmlEscape(w_.unreachable),
        "</h3>\n<ul>\n");
    for (const auto& u : b_.unreachable()) {
      Add("<li>", HtmlEscape(u.service()), " (", HtmlEscape(u.code()), ")",
          english_ ? ": " : " : ", HtmlEscape(u.reason()), "</li>\n");
    }
    Add("</ul>\n</section>\n");
  }

  const v1::Bilan& b_;
  const bool english_;
  const Words& w_;
  std::string out_;
};

}  // namespace

std::string RenderBilanHtml(const v1::Bilan& bilan,
                            const std::string& language) {
  return Document(bilan, language == "en").Render();
}

}  // namespace poles::gateway
