#include "gateway/http_csv.h"

#include <map>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "services/common/csv_writer.h"

namespace poles::gateway {

namespace {

char DecimalMark(const CsvOptions& options) {
  return options.separator == ';' ? ',' : '.';
}

std::string Slug(const std::string& tenant) {
  return std::string(absl::StripPrefix(tenant, "tenants/"));
}

std::string IndicatorCode(const v1::NationalIndicator& column) {
  return std::string(absl::StripPrefix(column.name(), "nationalIndicators/"));
}

std::string DimensionHeader(const std::string& dimension) {
  static const auto* kHeaders = new std::map<std::string, std::string>{
      {"funder", "Bailleur de fonds"},
      {"funder_kind", "Type de bailleur"},
      {"program", "Programme"},
      {"region", "Région"},
      {"mrc", "MRC"},
      {"sector", "Secteur"},
      {"legal_form", "Forme juridique"},
      {"fiscal_year", "Exercice"},
      {"gender", "Genre"},
      {"phase", "Phase"},
      {"event_kind", "Type d'événement"},
      {"plan_item", "Élément du plan"},
  };
  auto it = kHeaders->find(dimension);
  return it == kHeaders->end() ? dimension : it->second;
}

std::string StateLabel(v1::NationalTableRow::State state) {
  switch (state) {
    case v1::NationalTableRow::NOTHING:
      return "aucune donnée";
    case v1::NationalTableRow::DRAFT:
      return "brouillon";
    case v1::NationalTableRow::SUBMITTED:
      return "déposé";
    case v1::NationalTableRow::UNREACHABLE:
      return "injoignable";
    default:
      return "";
  }
}

std::string SourceLabel(v1::CellSource source) {
  switch (source) {
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

std::string RuleLabel(v1::Finding::Rule rule) {
  switch (rule) {
    case v1::Finding::REPORTED_VS_COMPUTED:
      return "déclaré ≠ calculé";
    case v1::Finding::BREAKDOWN_MISMATCH:
      return "ventilation incohérente";
    case v1::Finding::GENDER_EXCEEDS_TOTAL:
      return "genres > total";
    case v1::Finding::YEAR_OVER_YEAR:
      return "écart d'une année à l'autre";
    case v1::Finding::MISSING_EXPECTED:
      return "indicateur attendu manquant";
    default:
      return "";
  }
}

std::string Suppressed(int32_t threshold) {
  return absl::StrCat("< ", threshold > 0 ? threshold : 5);
}

std::string Figure(int64_t value, const std::string& unit, char mark) {
  return unit == "cents" ? DollarsFromCents(value, mark) : absl::StrCat(value);
}

std::string CellText(const v1::TableCell& cell, const std::string& unit,
                     int32_t threshold, char mark) {
  if (cell.source() == v1::CELL_SOURCE_MISSING) return "manquant";
  if (cell.source() == v1::CELL_SOURCE_UNREACHABLE) return "injoignable";
  if (cell.suppressed()) return Suppressed(threshold);
  return Figure(cell.value(), unit, mark);
}

std::string ColumnHeader(const v1::NationalIndicator& column) {
  std::string label =
      column.label_fr().empty() ? IndicatorCode(column) : column.label_fr();
  return column.unit() == "cents" ? absl::StrCat(label, " ($)") : label;
}

// The one value of `cells` for the dimension `dimension` ("" = the total).
std::string DimensionValue(
    const google::protobuf::Map<std::string, std::string>& dims,
    const std::string& dimension) {
  auto it = dims.find(dimension);
  return it == dims.end() ? "" : it->second;
}

}  // namespace

std::string DollarsFromCents(int64_t cents, char decimal_mark) {
  const bool negative = cents < 0;
  // Through unsigned arithmetic so that INT64_MIN has a magnitude too.
  const uint64_t magnitude = negative ? 0 - static_cast<uint64_t>(cents)
                                      : static_cast<uint64_t>(cents);
  const uint64_t fraction = magnitude % 100;
  return absl::StrCat(negative ? "-" : "", magnitude / 100,
                      std::string(1, decimal_mark), fraction < 10 ? "0" : "",
                      fraction);
}

std::string NationalTableCsv(const v1::NationalTable& table,
                             const CsvOptions& options) {
  const char sep = options.separator;
  const char mark = DecimalMark(options);
  const int32_t threshold = table.disclosure_threshold();
  std::map<std::string, std::string> unit_of;
  for (const auto& column : table.columns())
    unit_of[IndicatorCode(column)] = column.unit();
  bool partial = false;
  for (const auto& total : table.totals()) partial |= total.partial();
  const std::string total_label =
      partial ? "Total national (partiel)" : "Total national";

  std::string out(kUtf8Bom);
  if (table.breakdown().empty()) {
    std::vector<std::string> header = {"Pôle", "Tenant", "Région",
                                       "Code de région", "État"};
    for (const auto& column : table.columns())
      header.push_back(ColumnHeader(column));
    AppendCsvRecord(out, header, sep);
    for (const auto& row : table.rows()) {
      std::map<std::string, const v1::TableCell*> by_code;
      for (const auto& cell : row.cells()) {
        if (cell.dimensions().empty()) by_code[cell.indicator()] = &cell;
      }
      std::vector<std::string> record = {row.display_name(), Slug(row.tenant()),
                                         row.region_name(), row.region_code(),
                                         StateLabel(row.state())};
      for (const auto& column : table.columns()) {
        const std::string code = IndicatorCode(column);
        auto it = by_code.find(code);
        record.push_back(
            it == by_code.end()
                ? "manquant"
                : CellText(*it->second, column.unit(), threshold, mark));
      }
      AppendCsvRecord(out, record, sep);
    }
    std::map<std::string, const v1::NationalTotal*> totals;
    for (const auto& total : table.totals()) {
      if (total.dimensions().empty()) totals[total.indicator()] = &total;
    }
    std::vector<std::string> sums = {total_label, "", "", "", ""};
    std::vector<std::string> counts = {"Nombre de Pôles", "", "", "", ""};
    for (const auto& column : table.columns()) {
      auto it = totals.find(IndicatorCode(column));
      if (it == totals.end()) {
        sums.push_back("");
        counts.push_back("0");
      } else {
        sums.push_back(Figure(it->second->value(), column.unit(), mark));
        counts.push_back(absl::StrCat(it->second->tenant_count()));
      }
    }
    AppendCsvRecord(out, sums, sep);
    AppendCsvRecord(out, counts, sep);
    return out;
  }

  const std::string& dimension = table.breakdown();
  AppendCsvRecord(
      out,
      {"Pôle", "Tenant", "Région", "Indicateur", DimensionHeader(dimension),
       "Valeur", "Source", "Nombre de Pôles"},
      sep);
  for (const auto& row : table.rows()) {
    for (const auto& cell : row.cells()) {
      const std::string& unit = unit_of[cell.indicator()];
      AppendCsvRecord(
          out,
          {row.display_name(), Slug(row.tenant()), row.region_name(),
           cell.indicator(), DimensionValue(cell.dimensions(), dimension),
           CellText(cell, unit, threshold, mark),
           cell.suppressed() ? "" : SourceLabel(cell.source()), ""},
          sep);
    }
  }
  for (const auto& total : table.totals()) {
    AppendCsvRecord(out,
                    {total_label, "", "", total.indicator(),
                     DimensionValue(total.dimensions(), dimension),
                     Figure(total.value(), unit_of[total.indicator()], mark),
                     total.partial() ? "total partiel" : "total",
                     absl::StrCat(total.tenant_count())},
                    sep);
  }
  return out;
}

std::string FundingRollupCsv(const v1::FundingRollup& rollup,
                             const CsvOptions& options) {
  const char sep = options.separator;
  const char mark = DecimalMark(options);
  const std::string hidden = Suppressed(rollup.disclosure_threshold());
  static const char* const kFigures[] = {"Nombre d'aides",
                                         "Montant autorisé ($)",
                                         "Montant versé ($)",
                                         "Investissement généré ($)",
                                         "Emplois créés",
                                         "Emplois maintenus",
                                         "Emplois créés ou maintenus",
                                         "Nombre de Pôles"};
  std::vector<std::string> header;
  for (const auto& dimension : rollup.group_by())
    header.push_back(DimensionHeader(dimension));
  for (const char* figure : kFigures) header.push_back(figure);
  for (const char* figure : kFigures)
    header.push_back(absl::StrCat("Déclaré : ", figure));
  std::string out(kUtf8Bom);
  AppendCsvRecord(out, header, sep);

  auto append_figures = [&](std::vector<std::string>& record,
                            const v1::RollupFigures& f) {
    if (f.suppressed()) {
      for (int i = 0; i < 7; ++i) record.push_back(hidden);
    } else {
      record.push_back(absl::StrCat(f.awards()));
      record.push_back(DollarsFromCents(f.amount_authorised_cents(), mark));
      record.push_back(DollarsFromCents(f.amount_disbursed_cents(), mark));
      record.push_back(DollarsFromCents(f.investment_generated_cents(), mark));
      record.push_back(absl::StrCat(f.jobs_created()));
      record.push_back(absl::StrCat(f.jobs_maintained()));
      record.push_back(absl::StrCat(f.jobs_created_or_maintained()));
    }
    record.push_back(absl::StrCat(f.tenant_count()));
  };
  auto append_row = [&](const v1::RollupRow& row, bool total) {
    std::vector<std::string> record;
    for (int i = 0; i < rollup.group_by_size(); ++i) {
      const std::string& dimension = rollup.group_by(i);
      if (total) {
        record.push_back(i == 0 ? "Total" : "");
        continue;
      }
      auto label = row.labels().find(dimension);
      record.push_back(label != row.labels().end() && !label->second.empty()
                           ? label->second
                           : DimensionValue(row.group(), dimension));
    }
    append_figures(record, row.awards());
    append_figures(record, row.reported());
    AppendCsvRecord(out, record, sep);
  };
  for (const auto& row : rollup.rows()) append_row(row, false);
  if (rollup.has_total()) append_row(rollup.total(), true);
  return out;
}

std::string FindingsCsv(const v1::ListFindingsResponse& findings,
                        const CsvOptions& options) {
  const char sep = options.separator;
  std::string out(kUtf8Bom);
  AppendCsvRecord(out,
                  {"Tenant", "Exercice", "Indicateur", "Règle", "Dimension",
                   "Valeur", "Valeur comparée", "Exercice comparé", "Message"},
                  sep);
  for (const auto& f : findings.findings()) {
    AppendCsvRecord(out,
                    {Slug(f.tenant()), f.fiscal_year(), f.indicator(),
                     RuleLabel(f.rule()), f.dimension(),
                     absl::StrCat(f.value()), absl::StrCat(f.compared_value()),
                     f.compared_fiscal_year(), f.message_fr()},
                    sep);
  }
  return out;
}

}  // namespace poles::gateway
