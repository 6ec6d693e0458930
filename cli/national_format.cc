#include "cli/national_format.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "cli/messages.h"
#include "services/common/csv_writer.h"

namespace poles::cli {
namespace {

constexpr char kNoBreakSpace[] = "\u00a0";

std::string Code(const std::string& indicator_name) {
  const size_t slash = indicator_name.rfind('/');
  return slash == std::string::npos ? indicator_name
                                    : indicator_name.substr(slash + 1);
}

std::string Slug(const std::string& tenant) {
  const size_t slash = tenant.rfind('/');
  return slash == std::string::npos ? tenant : tenant.substr(slash + 1);
}

// "gender=women,mrc=becancour": a map's entries in key order.
template <typename Map>
std::string DimensionsKey(const Map& dimensions) {
  const std::map<std::string, std::string> sorted(dimensions.begin(),
                                                  dimensions.end());
  return absl::StrJoin(sorted, ",", absl::PairFormatter("="));
}

std::string ValueText(long long value, const std::string& unit) {
  return unit == "cents" ? FrenchMoney(value) : FrenchInteger(value);
}

// Lays out `rows` (the first one the header) in columns two spaces apart,
// aligned left except the columns `right_aligned` marks (figures).
std::string Columns(const std::vector<std::vector<std::string>>& rows,
                    const std::vector<bool>& right_aligned) {
  std::vector<size_t> widths;
  for (const auto& row : rows) {
    if (widths.size() < row.size()) widths.resize(row.size(), 0);
    for (size_t i = 0; i < row.size(); ++i)
      widths[i] = std::max(widths[i], DisplayWidth(row[i]));
  }
  std::string out;
  for (const auto& row : rows) {
    std::string line;
    for (size_t i = 0; i < row.size(); ++i) {
      if (i > 0) line += "  ";
      const bool right = i < right_aligned.size() && right_aligned[i];
      line += right ? PadLeft(row[i], widths[i]) : PadRight(row[i], widths[i]);
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line + "\n";
  }
  return out;
}

// Left-aligned `left` columns, then right-aligned ones up to `total`.
std::vector<bool> FiguresAfter(size_t left, size_t total) {
  std::vector<bool> right(total, true);
  for (size_t i = 0; i < left && i < total; ++i) right[i] = false;
  return right;
}

const char* CellSourceName(v1::CellSource s) {
  switch (s) {
    case v1::CELL_SOURCE_COMPUTED:
      return "calculé";
    case v1::CELL_SOURCE_REPORTED:
      return "déclaré";
    case v1::CELL_SOURCE_MISSING:
      return "manquant";
    case v1::CELL_SOURCE_UNREACHABLE:
      return "injoignable";
    default:
      return "";
  }
}

bool HasFigure(const v1::TableCell& c) {
  return !c.suppressed() && c.source() != v1::CELL_SOURCE_MISSING &&
         c.source() != v1::CELL_SOURCE_UNREACHABLE;
}

struct Column {
  std::string indicator;   // code
  std::string dimensions;  // DimensionsKey, "" for the total
  std::string title;
  std::string unit;
};

std::vector<Column> TableColumns(const v1::NationalTable& table) {
  std::map<std::string, std::string> units;
  std::vector<std::string> codes;
  for (const auto& c : table.columns()) {
    codes.push_back(Code(c.name()));
    units[codes.back()] = c.unit();
  }
  std::map<std::string, std::set<std::string>> breakdowns;
  auto note = [&](const std::string& code, const std::string& dims) {
    if (std::find(codes.begin(), codes.end(), code) == codes.end())
      codes.push_back(code);
    if (!dims.empty()) breakdowns[code].insert(dims);
  };
  for (const auto& row : table.rows()) {
    for (const auto& cell : row.cells())
      note(cell.indicator(), DimensionsKey(cell.dimensions()));
  }
  for (const auto& t : table.totals())
    note(t.indicator(), DimensionsKey(t.dimensions()));
  std::vector<Column> out;
  for (const auto& code : codes) {
    out.push_back({code, "", code, units[code]});
    for (const auto& dims : breakdowns[code]) {
      std::string value = dims.substr(dims.find('=') + 1);
      out.push_back(
          {code, dims, absl::StrCat(code, "[", value, "]"), units[code]});
    }
  }
  return out;
}

}  // namespace

size_t DisplayWidth(const std::string& text) {
  size_t chars = 0;
  for (unsigned char ch : text) chars += (ch & 0xC0) != 0x80;
  return chars;
}

std::string PadRight(const std::string& text, size_t width) {
  const size_t chars = DisplayWidth(text);
  return chars >= width ? text : text + std::string(width - chars, ' ');
}

std::string PadLeft(const std::string& text, size_t width) {
  const size_t chars = DisplayWidth(text);
  return chars >= width ? text : std::string(width - chars, ' ') + text;
}

std::string FrenchInteger(long long n) {
  const bool negative = n < 0;
  const unsigned long long v = negative ? -static_cast<unsigned long long>(n)
                                        : static_cast<unsigned long long>(n);
  const std::string digits = std::to_string(v);
  std::string grouped;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) grouped += kNoBreakSpace;
    grouped += digits[i];
  }
  return (negative ? "-" : "") + grouped;
}

std::string FrenchMoney(long long cents) {
  const bool negative = cents < 0;
  const unsigned long long v = negative
                                   ? -static_cast<unsigned long long>(cents)
                                   : static_cast<unsigned long long>(cents);
  char rest[8];
  std::snprintf(rest, sizeof rest, ",%02llu", v % 100);
  return (negative ? "-" : "") +
         FrenchInteger(static_cast<long long>(v / 100)) + rest + kNoBreakSpace +
         "$";
}

std::string CellText(const v1::TableCell& cell, const std::string& unit,
                     int disclosure_threshold) {
  if (cell.source() == v1::CELL_SOURCE_UNREACHABLE)
    return Tr("injoignable", "unreachable");
  if (cell.source() == v1::CELL_SOURCE_MISSING) return "—";
  std::string text;
  if (cell.suppressed()) {
    text = disclosure_threshold > 0
               ? absl::StrCat("<", kNoBreakSpace, disclosure_threshold)
               : std::string(Tr("masqué", "suppressed"));
  } else {
    text =
        cell.display().empty() ? ValueText(cell.value(), unit) : cell.display();
  }
  if (cell.source() == v1::CELL_SOURCE_REPORTED) text += "*";
  return text;
}

std::string TotalText(const v1::NationalTotal& total, const std::string& unit) {
  std::string text = total.display().empty() ? ValueText(total.value(), unit)
                                             : total.display();
  if (total.tenant_count() == 0) text = "—";
  if (total.partial()) text += Tr(" (partiel)", " (partial)");
  return text;
}

std::string RowStateFr(v1::NationalTableRow::State state) {
  switch (state) {
    case v1::NationalTableRow::NOTHING:
      return "rien";
    case v1::NationalTableRow::DRAFT:
      return "brouillon";
    case v1::NationalTableRow::SUBMITTED:
      return "soumis";
    case v1::NationalTableRow::UNREACHABLE:
      return "injoignable";
    default:
      return "?";
  }
}

std::string RowStateText(v1::NationalTableRow::State state) {
  switch (state) {
    case v1::NationalTableRow::NOTHING:
      return Tr("rien", "nothing");
    case v1::NationalTableRow::DRAFT:
      return Tr("brouillon", "draft");
    case v1::NationalTableRow::SUBMITTED:
      return Tr("soumis", "submitted");
    case v1::NationalTableRow::UNREACHABLE:
      return Tr("injoignable", "unreachable");
    default:
      return "?";
  }
}

std::string FindingRuleFr(v1::Finding::Rule rule) {
  switch (rule) {
    case v1::Finding::REPORTED_VS_COMPUTED:
      return Tr("déclaré ≠ calculé", "reported ≠ computed");
    case v1::Finding::BREAKDOWN_MISMATCH:
      return Tr("ventilation ≠ total", "breakdown ≠ total");
    case v1::Finding::GENDER_EXCEEDS_TOTAL:
      return Tr("genres > total", "genders > total");
    case v1::Finding::YEAR_OVER_YEAR:
      return Tr("écart annuel", "year over year");
    case v1::Finding::MISSING_EXPECTED:
      return Tr("attendu manquant", "expected, missing");
    default:
      return "?";
  }
}

std::string FormatUnreachable(
    const std::vector<v1::UnreachableTenant>& unreachable) {
  if (unreachable.empty()) return "";
  std::string out = absl::StrCat(
      Tr("Pôles injoignables (", "Pôles unreachable ("), unreachable.size(),
      Tr(", exclus des totaux) :\n", ", left out of the totals):\n"));
  for (const auto& u : unreachable) {
    absl::StrAppend(&out, "  ", Slug(u.tenant()), " (", u.service(),
                    ") : ", u.code(), u.reason().empty() ? "" : " — ",
                    u.reason(), "\n");
  }
  return out;
}

std::string FormatNationalTable(const v1::NationalTable& table) {
  const std::vector<Column> columns = TableColumns(table);
  const int threshold = table.disclosure_threshold();
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> header = {Tr("Pôle", "Pôle"), Tr("Région", "Region"),
                                     Tr("État", "State")};
  for (const auto& c : columns) header.push_back(c.title);
  rows.push_back(header);
  int findings = 0;
  for (const auto& row : table.rows()) {
    std::map<std::pair<std::string, std::string>, const v1::TableCell*> cells;
    for (const auto& cell : row.cells())
      cells[{cell.indicator(), DimensionsKey(cell.dimensions())}] = &cell;
    std::vector<std::string> line = {Slug(row.tenant()), row.region_code(),
                                     RowStateText(row.state())};
    for (const auto& c : columns) {
      auto it = cells.find({c.indicator, c.dimensions});
      line.push_back(
          it == cells.end() ? "—" : CellText(*it->second, c.unit, threshold));
    }
    rows.push_back(line);
    findings += row.findings_size();
  }
  std::map<std::pair<std::string, std::string>, const v1::NationalTotal*>
      totals;
  for (const auto& t : table.totals())
    totals[{t.indicator(), DimensionsKey(t.dimensions())}] = &t;
  std::vector<std::string> total_line = {Tr("Total national", "National total"),
                                         "", ""};
  std::vector<std::string> count_line = {Tr("Pôles comptés", "Pôles counted"),
                                         "", ""};
  for (const auto& c : columns) {
    auto it = totals.find({c.indicator, c.dimensions});
    total_line.push_back(it == totals.end() ? "—"
                                            : TotalText(*it->second, c.unit));
    count_line.push_back(
        it == totals.end() ? "0" : std::to_string(it->second->tenant_count()));
  }
  rows.push_back(total_line);
  rows.push_back(count_line);

  std::string out =
      absl::StrCat(Tr("Tableau national PAGES — exercice ",
                      "National PAGES table — fiscal year "),
                   table.fiscal_year(), " — ", table.rows_size(), " Pôle(s)");
  if (!table.breakdown().empty()) {
    absl::StrAppend(&out, Tr(" — ventilation : ", " — breakdown: "),
                    table.breakdown());
  }
  out += "\n\n" + Columns(rows, FiguresAfter(3, rows[0].size())) + "\n";
  out +=
      Tr("— : rien d'enregistré ni de déclaré (jamais compté comme 0) ; "
         "* : déclaré par le Pôle ; injoignable : service sans réponse",
         "— : nothing recorded or reported (never counted as 0); "
         "* : reported by the Pôle; unreachable: a service did not answer");
  if (threshold > 0) {
    absl::StrAppend(&out, Tr(" ; <", "; <"), kNoBreakSpace, threshold,
                    Tr(" : petit nombre masqué (contrôle de divulgation)",
                       ": small count suppressed (disclosure control)"));
  }
  out += "\n";
  if (!table.columns().empty()) {
    out += Tr("Colonnes :\n", "Columns:\n");
    const bool english = MessageLanguage() == Language::kEnglish;
    std::vector<std::vector<std::string>> legend;
    for (const auto& c : table.columns()) {
      const std::string& label =
          english && !c.label_en().empty() ? c.label_en() : c.label_fr();
      legend.push_back({absl::StrCat("  ", Code(c.name())),
                        absl::StrCat(label, " (", c.unit(), ")")});
    }
    out += Columns(legend, {});
  }
  out += FormatUnreachable(
      {table.unreachable().begin(), table.unreachable().end()});
  absl::StrAppend(&out,
                  Tr("Constats de validation : ", "Validation findings: "),
                  findings, "\n");
  return out;
}

std::string NationalTableCsv(const v1::NationalTable& table, char separator) {
  std::map<std::string, std::string> units;
  for (const auto& c : table.columns()) units[Code(c.name())] = c.unit();
  const int threshold = table.disclosure_threshold();
  std::string out(kUtf8Bom);
  AppendCsvRecord(out,
                  {"pole", "nom", "region", "etat", "indicateur", "dimensions",
                   "valeur", "unite", "source", "masque", "affichage"},
                  separator);
  for (const auto& row : table.rows()) {
    for (const auto& cell : row.cells()) {
      const std::string& unit = units[cell.indicator()];
      AppendCsvRecord(
          out,
          {Slug(row.tenant()), row.display_name(), row.region_code(),
           RowStateFr(row.state()), cell.indicator(),
           DimensionsKey(cell.dimensions()),
           HasFigure(cell) ? std::to_string(cell.value()) : "", unit,
           CellSourceName(cell.source()), cell.suppressed() ? "oui" : "non",
           CellText(cell, unit, threshold)},
          separator);
    }
  }
  for (const auto& t : table.totals()) {
    const std::string& unit = units[t.indicator()];
    AppendCsvRecord(
        out,
        {"total", absl::StrCat("Total national (", t.tenant_count(), " Pôles)"),
         "", t.partial() ? "partiel" : "complet", t.indicator(),
         DimensionsKey(t.dimensions()),
         t.tenant_count() > 0 ? std::to_string(t.value()) : "", unit, "", "non",
         TotalText(t, unit)},
        separator);
  }
  return out;
}

namespace {

std::vector<std::string> FigureCells(const v1::RollupFigures& f,
                                     int threshold) {
  if (f.suppressed()) {
    const std::string hidden = threshold > 0
                                   ? absl::StrCat("<", kNoBreakSpace, threshold)
                                   : std::string(Tr("masqué", "suppressed"));
    return {hidden, hidden, hidden, hidden,
            hidden, hidden, hidden, std::to_string(f.tenant_count())};
  }
  return {FrenchInteger(f.awards()),
          FrenchMoney(f.amount_authorised_cents()),
          FrenchMoney(f.amount_disbursed_cents()),
          FrenchMoney(f.investment_generated_cents()),
          FrenchInteger(f.jobs_created()),
          FrenchInteger(f.jobs_maintained()),
          FrenchInteger(f.jobs_created_or_maintained()),
          std::to_string(f.tenant_count())};
}

bool IsEmpty(const v1::RollupFigures& f) {
  return f.awards() == 0 && f.amount_authorised_cents() == 0 &&
         f.amount_disbursed_cents() == 0 &&
         f.investment_generated_cents() == 0 && f.jobs_created() == 0 &&
         f.jobs_maintained() == 0 && f.jobs_created_or_maintained() == 0 &&
         !f.suppressed();
}

}  // namespace

std::string FormatFundingRollup(const v1::FundingRollup& rollup) {
  const int threshold = rollup.disclosure_threshold();
  std::vector<std::string> dims(rollup.group_by().begin(),
                                rollup.group_by().end());
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> header = dims;
  for (const char* h :
       {"Source", Tr("Aides", "Awards"), Tr("Autorisé", "Authorised"),
        Tr("Versé", "Disbursed"), Tr("Investissement", "Investment"),
        Tr("Emplois créés", "Jobs created"), Tr("maintenus", "maintained"),
        Tr("créés ou maintenus", "created or maintained"), "Pôles"})
    header.emplace_back(h);
  rows.push_back(header);
  auto add = [&](const v1::RollupRow& r, bool total) {
    std::vector<std::string> group;
    for (size_t i = 0; i < dims.size(); ++i) {
      if (total) {
        group.emplace_back(i == 0 ? "Total" : "");
        continue;
      }
      auto label = r.labels().find(dims[i]);
      auto value = r.group().find(dims[i]);
      group.emplace_back(label != r.labels().end() && !label->second.empty()
                             ? label->second
                         : value != r.group().end() ? value->second
                                                    : "—");
    }
    if (dims.empty()) group.emplace_back("Total");
    std::vector<std::string> line = group;
    line.emplace_back(Tr("aides", "awards"));
    for (auto& cell : FigureCells(r.awards(), threshold)) line.push_back(cell);
    rows.push_back(line);
    if (r.has_reported() && !IsEmpty(r.reported())) {
      std::vector<std::string> reported(group.size(), "");
      reported.emplace_back(Tr("déclaré", "reported"));
      for (auto& cell : FigureCells(r.reported(), threshold))
        reported.push_back(cell);
      rows.push_back(reported);
    }
  };
  for (const auto& r : rollup.rows()) add(r, false);
  add(rollup.total(), true);
  if (dims.empty()) rows[0].insert(rows[0].begin(), "");

  std::string out = absl::StrCat(
      Tr("Financement — exercice(s) ", "Funding — fiscal year(s) "),
      absl::StrJoin(rollup.fiscal_years(), ", "),
      dims.empty() ? "" : Tr(" — par ", " — by "), absl::StrJoin(dims, " × "),
      "\n\n");
  out += Columns(rows, FiguresAfter(std::max<size_t>(dims.size(), 1) + 1,
                                    rows[0].size())) +
         "\n";
  out +=
      Tr("aides : sommes des aides enregistrées par les Pôles ; déclaré : "
         "totaux rapportés par des tiers, montrés à côté, jamais additionnés",
         "awards: sums of the awards the Pôles recorded; reported: totals "
         "reported by third parties, shown beside them, never added");
  if (threshold > 0) {
    absl::StrAppend(
        &out, Tr(" ; <", "; <"), kNoBreakSpace, threshold,
        Tr(" : groupe trop petit, masqué", ": group too small, suppressed"));
  }
  out += "\n";
  out += FormatUnreachable(
      {rollup.unreachable().begin(), rollup.unreachable().end()});
  return out;
}

std::string FormatFindings(
    const std::vector<v1::Finding>& findings,
    const std::vector<v1::UnreachableTenant>& unreachable) {
  std::vector<std::vector<std::string>> rows = {
      {"Pôle", Tr("Exercice", "Fiscal year"), Tr("Indicateur", "Indicator"),
       Tr("Règle", "Rule"), Tr("Valeur", "Value"),
       Tr("Comparée à", "Compared with"), Tr("Constat", "Finding")}};
  for (const auto& f : findings) {
    std::string compared = FrenchInteger(f.compared_value());
    if (!f.compared_fiscal_year().empty())
      absl::StrAppend(&compared, " (", f.compared_fiscal_year(), ")");
    std::string indicator = f.indicator();
    if (!f.dimension().empty())
      absl::StrAppend(&indicator, " / ", f.dimension());
    rows.push_back(
        {Slug(f.tenant()), f.fiscal_year(), indicator, FindingRuleFr(f.rule()),
         FrenchInteger(f.value()), compared,
         MessageLanguage() == Language::kEnglish && !f.message_en().empty()
             ? f.message_en()
             : f.message_fr()});
  }
  std::string out =
      Columns(rows, {false, false, false, false, true, true, false});
  absl::StrAppend(&out, findings.size(), Tr(" constat(s)\n", " finding(s)\n"));
  out += FormatUnreachable(unreachable);
  return out;
}

}  // namespace poles::cli
