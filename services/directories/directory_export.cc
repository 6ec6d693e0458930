#include "services/directories/directory_export.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace poles::directories {

namespace {

bool StartsWithVowel(absl::string_view name) {
  if (name.empty()) return false;
  char c = absl::ascii_tolower(name[0]);
  if (c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y') {
    return true;
  }
  // Accented capitals: À Â É È Ê Î Ô Û (2-byte UTF-8, C3 xx).
  static const char* const kAccented[] = {"\xC3\x80", "\xC3\x82", "\xC3\x89",
                                          "\xC3\x88", "\xC3\x8A", "\xC3\x8E",
                                          "\xC3\x94", "\xC3\x9B"};
  for (const char* a : kAccented) {
    if (absl::StartsWith(name, a)) return true;
  }
  return false;
}

bool IsSafeHref(absl::string_view url) {
  return absl::StartsWithIgnoreCase(url, "https://") ||
         absl::StartsWithIgnoreCase(url, "http://");
}

}  // namespace

const std::vector<std::string>& DirectoryCsvHeader() {
  static const auto* header = new std::vector<std::string>{
      "MRC",     "Municipalité", "Nom",      "Forme juridique", "Secteur",
      "Adresse", "Téléphone",    "Courriel", "Site Web",        "NEQ"};
  return *header;
}

std::string RenderDirectoryCsv(const std::vector<DirectoryEntry>& entries,
                               char separator) {
  std::string out(kUtf8Bom);
  AppendCsvRecord(out, DirectoryCsvHeader(), separator);
  for (const auto& e : entries) {
    AppendCsvRecord(out,
                    {e.mrc, e.municipality, e.display_name, e.legal_form,
                     e.sector, e.address, e.phone, e.email, e.website, e.neq},
                    separator);
  }
  return out;
}

std::string MrcTitle(absl::string_view name, bool is_mrc) {
  if (!is_mrc) return std::string(name);
  if (absl::StartsWith(name, "Les "))
    return absl::StrCat("MRC des ", name.substr(4));
  if (absl::StartsWith(name, "Le "))
    return absl::StrCat("MRC du ", name.substr(3));
  if (StartsWithVowel(name)) return absl::StrCat("MRC d'", name);
  return absl::StrCat("MRC de ", name);
}

std::string RenderDirectoryHtml(absl::string_view pole_name,
                                absl::string_view mrc_title,
                                const std::vector<DirectoryEntry>& entries,
                                absl::string_view generated_on) {
  const std::string title = absl::StrCat(
      "Répertoire des entreprises d'économie sociale — ", mrc_title);
  std::string out = absl::StrCat(
      "<!DOCTYPE html>\n<html lang=\"fr\" "
      "xmlns=\"http://www.w3.org/1999/xhtml\">\n"
      "<head>\n<meta charset=\"utf-8\" />\n<title>",
      HtmlEscape(title), "</title>\n",
      "<style>\n"
      "body{font-family:\"Helvetica "
      "Neue\",Arial,sans-serif;margin:2em;color:#222}\n"
      "h1{font-size:1.5em;margin-bottom:0}\n"
      "h2{font-size:1.15em;border-bottom:1px solid #999;margin-top:1.5em}\n"
      ".entreprise{margin:0.6em 0;break-inside:avoid;page-break-inside:avoid}\n"
      ".nom{font-weight:bold}\n"
      ".details{margin:0;padding-left:1.2em;list-style:none}\n"
      "footer{margin-top:2em;font-size:0.8em;color:#555}\n"
      "@page{margin:1.5cm}\n"
      "@media print{body{margin:0}a{color:inherit;text-decoration:none}}\n"
      "</style>\n</head>\n<body>\n<header>\n<h1>",
      HtmlEscape(title), "</h1>\n<p>", HtmlEscape(pole_name), " — ",
      entries.size(), entries.size() > 1 ? " entreprises" : " entreprise",
      "</p>\n</header>\n<main>\n");
  std::string current;
  bool open = false;
  for (const auto& e : entries) {
    if (!open || e.sector != current) {
      if (open) out += "</section>\n";
      current = e.sector;
      open = true;
      absl::StrAppend(&out, "<section>\n<h2>", HtmlEscape(current), "</h2>\n");
    }
    absl::StrAppend(&out, "<article class=\"entreprise\">\n<div class=\"nom\">",
                    HtmlEscape(e.display_name),
                    "</div>\n<ul class=\"details\">\n");
    std::string form = e.legal_form;
    if (!e.municipality.empty()) {
      absl::StrAppend(&out, "<li>", HtmlEscape(e.municipality),
                      form.empty() ? "" : " — ", HtmlEscape(form), "</li>\n");
    } else if (!form.empty()) {
      absl::StrAppend(&out, "<li>", HtmlEscape(form), "</li>\n");
    }
    if (!e.address.empty())
      absl::StrAppend(&out, "<li>", HtmlEscape(e.address), "</li>\n");
    if (!e.phone.empty()) {
      absl::StrAppend(&out, "<li>Téléphone : ", HtmlEscape(e.phone), "</li>\n");
    }
    if (!e.email.empty()) {
      absl::StrAppend(&out,
                      "<li>Courriel : <a href=\"mailto:", HtmlEscape(e.email),
                      "\">", HtmlEscape(e.email), "</a></li>\n");
    }
    if (!e.website.empty()) {
      if (IsSafeHref(e.website)) {
        absl::StrAppend(&out, "<li><a href=\"", HtmlEscape(e.website), "\">",
                        HtmlEscape(e.website), "</a></li>\n");
      } else {
        absl::StrAppend(&out, "<li>", HtmlEscape(e.website), "</li>\n");
      }
    }
    out += "</ul>\n</article>\n";
  }
  if (open) out += "</section>\n";
  if (entries.empty()) {
    out +=
        "<p>Aucune entreprise d'économie sociale n'est inscrite au répertoire "
        "pour ce territoire.</p>\n";
  }
  absl::StrAppend(&out, "</main>\n<footer>\n<p>Répertoire produit le ",
                  HtmlEscape(generated_on), " par ", HtmlEscape(pole_name),
                  ".</p>\n</footer>\n</body>\n</html>\n");
  return out;
}

}  // namespace poles::directories
