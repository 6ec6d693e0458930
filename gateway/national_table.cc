#include "gateway/national_table.h"

#include <algorithm>
#include <set>
#include <utility>

#include "absl/strings/str_cat.h"

namespace poles::gateway {

namespace {

constexpr char kMissingDisplay[] = "\u2014";
constexpr char kUnreachableDisplay[] = "injoignable";

std::string FrenchReason(const absl::Status& status) {
  switch (status.code()) {
    case absl::StatusCode::kUnavailable:
      return "le service ne répond pas";
    case absl::StatusCode::kDeadlineExceeded:
      return "pas de réponse avant l'échéance";
    case absl::StatusCode::kPermissionDenied:
    case absl::StatusCode::kUnauthenticated:
      return "accès refusé par le service";
    default:
      return absl::StrCat("erreur du service : ", status.message());
  }
}

bool Allows(const v1::NationalIndicator& indicator,
            const std::string& dimension) {
  return std::find(indicator.dimensions().begin(), indicator.dimensions().end(),
                   dimension) != indicator.dimensions().end();
}

// One column of one row, before disclosure control.
struct Column {
  enum class Kind { kValue, kMissing, kUnreachable } kind = Kind::kMissing;
  int64_t value = 0;
  v1::CellSource source = v1::CELL_SOURCE_MISSING;
  // The breakdown's values (empty: none given).
  std::map<std::string, int64_t> breakdown;
  v1::CellSource breakdown_source = v1::CELL_SOURCE_COMPUTED;
};

Column ReadColumn(const TenantSummaries& tenant,
                  const v1::NationalIndicator& indicator,
                  const std::string& breakdown) {
  Column c;
  const std::string code = IndicatorCode(indicator);
  auto failed = tenant.failed.find(indicator.service());
  if (failed != tenant.failed.end()) {
    if (!IsNoSummary(failed->second)) {
      c.kind = Column::Kind::kUnreachable;
      c.source = v1::CELL_SOURCE_UNREACHABLE;
    }
    return c;
  }
  auto summary = tenant.by_service.find(indicator.service());
  if (summary == tenant.by_service.end()) return c;
  for (const v1::IndicatorValue& v : summary->second.values()) {
    if (v.indicator() != code) continue;
    const v1::CellSource source = v.provenance() == v1::PROVENANCE_REPORTED
                                      ? v1::CELL_SOURCE_REPORTED
                                      : v1::CELL_SOURCE_COMPUTED;
    if (v.dimensions().empty()) {
      c.kind = Column::Kind::kValue;
      c.value = v.value();
      c.source = source;
    } else if (!breakdown.empty() && v.dimensions().size() == 1 &&
               v.dimensions().count(breakdown) == 1) {
      c.breakdown[v.dimensions().at(breakdown)] += v.value();
      c.breakdown_source = source;
    }
  }
  if (c.kind != Column::Kind::kValue) c.breakdown.clear();
  return c;
}

void SetDisplay(const v1::NationalIndicator& indicator, int threshold,
                v1::TableCell* cell) {
  if (cell->suppressed()) {
    cell->set_value(0);
    cell->set_display(SuppressedDisplay(threshold));
  } else if (cell->source() == v1::CELL_SOURCE_MISSING) {
    cell->set_display(kMissingDisplay);
  } else if (cell->source() == v1::CELL_SOURCE_UNREACHABLE) {
    cell->set_display(kUnreachableDisplay);
  } else {
    cell->set_display(FormatFrenchValue(cell->value(), indicator.unit()));
  }
}

}  // namespace

bool IsNoSummary(const absl::Status& status) {
  return status.code() == absl::StatusCode::kUnimplemented;
}

std::vector<v1::NationalIndicator> TableColumns(
    const std::vector<v1::NationalIndicator>& catalogue,
    const std::vector<std::string>& indicators, Audience audience) {
  std::vector<v1::NationalIndicator> columns;
  const std::set<std::string> wanted(indicators.begin(), indicators.end());
  for (const auto& indicator : catalogue) {
    if (audience == Audience::kFunding && indicator.service() != "funding") {
      continue;
    }
    if (!wanted.empty() && wanted.count(IndicatorCode(indicator)) == 0) {
      continue;
    }
    columns.push_back(indicator);
  }
  return columns;
}

std::vector<v1::UnreachableTenant> UnreachableOf(
    const std::vector<TenantSummaries>& tenants) {
  std::vector<v1::UnreachableTenant> out;
  for (const TenantSummaries& t : tenants) {
    for (const auto& [service, status] : t.failed) {
      if (IsNoSummary(status)) continue;
      v1::UnreachableTenant& u = out.emplace_back();
      u.set_tenant(absl::StrCat("tenants/", t.tenant.slug));
      u.set_service(service);
      u.set_code(absl::StatusCodeToString(status.code()));
      u.set_reason(FrenchReason(status));
    }
  }
  return out;
}

v1::NationalTable BuildNationalTable(
    const std::vector<v1::NationalIndicator>& catalogue,
    const std::vector<TenantSummaries>& tenants,
    const std::map<std::string, v1::FiscalYear>& fiscal_years,
    const v1::GetNationalTableRequest& request, Audience audience,
    int threshold) {
  const std::vector<v1::NationalIndicator> columns =
      TableColumns(catalogue,
                   std::vector<std::string>(request.indicators().begin(),
                                            request.indicators().end()),
                   audience);
  const bool controlled = audience != Audience::kTenant && threshold > 1;
  const std::string& breakdown = request.breakdown();
  const std::set<std::string> regions(request.region_codes().begin(),
                                      request.region_codes().end());

  std::vector<const TenantSummaries*> rows;
  for (const TenantSummaries& t : tenants) {
    if (regions.empty() || regions.count(t.tenant.region_code) == 1) {
      rows.push_back(&t);
    }
  }

  // read[row][column]
  std::vector<std::vector<Column>> read(rows.size());
  for (size_t r = 0; r < rows.size(); ++r) {
    for (const auto& indicator : columns) {
      read[r].push_back(ReadColumn(
          *rows[r], indicator, Allows(indicator, breakdown) ? breakdown : ""));
    }
  }

  // Per column: the breakdown's values over every row, and the cells after
  // disclosure control (suppressed[row][value index]).
  std::vector<std::vector<std::string>> values(columns.size());
  std::vector<std::vector<std::vector<DisclosureCell>>> grid(columns.size());
  for (size_t c = 0; c < columns.size(); ++c) {
    std::set<std::string> seen;
    for (size_t r = 0; r < rows.size(); ++r) {
      for (const auto& [value, n] : read[r][c].breakdown) seen.insert(value);
    }
    values[c].assign(seen.begin(), seen.end());
    grid[c].resize(rows.size());
    std::vector<std::vector<DisclosureCell>> present;
    std::vector<size_t> present_rows;
    for (size_t r = 0; r < rows.size(); ++r) {
      if (read[r][c].breakdown.empty()) continue;
      std::vector<DisclosureCell> cells;
      for (const std::string& value : values[c]) {
        auto it = read[r][c].breakdown.find(value);
        cells.push_back(
            {it == read[r][c].breakdown.end() ? 0 : it->second, false});
      }
      present.push_back(std::move(cells));
      present_rows.push_back(r);
    }
    if (controlled && CountsUnits(columns[c]) && !present.empty()) {
      SuppressTable(threshold, &present);
    }
    for (size_t i = 0; i < present_rows.size(); ++i) {
      grid[c][present_rows[i]] = std::move(present[i]);
    }
  }

  v1::NationalTable table;
  table.set_fiscal_year(request.fiscal_year());
  table.set_breakdown(breakdown);
  table.set_disclosure_threshold(controlled ? threshold : 0);
  for (const auto& indicator : columns) *table.add_columns() = indicator;

  for (size_t r = 0; r < rows.size(); ++r) {
    const TenantSummaries& t = *rows[r];
    v1::NationalTableRow* row = table.add_rows();
    row->set_tenant(absl::StrCat("tenants/", t.tenant.slug));
    row->set_display_name(t.tenant.display_name);
    row->set_region_code(t.tenant.region_code);
    row->set_region_name(t.tenant.region_name);
    bool unreachable = false;
    for (const auto& [service, status] : t.failed) {
      unreachable |= !IsNoSummary(status);
    }
    bool anything = false;
    for (const auto& [service, summary] : t.by_service) {
      for (const auto& v : summary.values()) {
        anything |= v.value() != 0 || v.provenance() == v1::PROVENANCE_REPORTED;
      }
    }
    auto year = fiscal_years.find(t.tenant.slug);
    const bool submitted = year != fiscal_years.end() &&
                           year->second.state() == v1::FiscalYear::SUBMITTED;
    if (unreachable) {
      row->set_state(v1::NationalTableRow::UNREACHABLE);
    } else if (submitted) {
      row->set_state(v1::NationalTableRow::SUBMITTED);
    } else if (anything) {
      row->set_state(v1::NationalTableRow::DRAFT);
    } else {
      row->set_state(v1::NationalTableRow::NOTHING);
    }
    if (submitted) {
      *row->mutable_submit_time() = year->second.submit_time();
      row->set_submitted_by(year->second.submitted_by());
    }
    for (size_t c = 0; c < columns.size(); ++c) {
      const Column& col = read[r][c];
      const std::string code = IndicatorCode(columns[c]);
      v1::TableCell* cell = row->add_cells();
      cell->set_indicator(code);
      cell->set_source(col.source);
      if (col.kind == Column::Kind::kValue) cell->set_value(col.value);
      SetDisplay(columns[c], threshold, cell);
      for (size_t i = 0; i < grid[c][r].size(); ++i) {
        v1::TableCell* part = row->add_cells();
        part->set_indicator(code);
        (*part->mutable_dimensions())[breakdown] = values[c][i];
        part->set_source(col.breakdown_source);
        part->set_value(grid[c][r][i].value);
        part->set_suppressed(grid[c][r][i].suppressed);
        SetDisplay(columns[c], threshold, part);
      }
    }
  }

  for (size_t c = 0; c < columns.size(); ++c) {
    const std::string code = IndicatorCode(columns[c]);
    v1::NationalTotal* total = table.add_totals();
    total->set_indicator(code);
    int64_t sum = 0;
    int count = 0;
    bool partial = false;
    std::vector<int64_t> parts(values[c].size(), 0);
    std::vector<int> part_counts(values[c].size(), 0);
    for (size_t r = 0; r < rows.size(); ++r) {
      const Column& col = read[r][c];
      partial |= col.kind == Column::Kind::kUnreachable;
      if (col.kind != Column::Kind::kValue) continue;
      sum += col.value;
      ++count;
      for (size_t i = 0; i < values[c].size(); ++i) {
        auto it = col.breakdown.find(values[c][i]);
        if (it == col.breakdown.end()) continue;
        parts[i] += it->second;
        ++part_counts[i];
      }
    }
    total->set_value(sum);
    total->set_tenant_count(count);
    total->set_partial(partial);
    total->set_display(FormatFrenchValue(sum, columns[c].unit()));
    for (size_t i = 0; i < values[c].size(); ++i) {
      v1::NationalTotal* part = table.add_totals();
      part->set_indicator(code);
      (*part->mutable_dimensions())[breakdown] = values[c][i];
      part->set_value(parts[i]);
      part->set_tenant_count(part_counts[i]);
      part->set_partial(partial);
      part->set_display(FormatFrenchValue(parts[i], columns[c].unit()));
    }
  }

  std::vector<TenantSummaries> shown;
  shown.reserve(rows.size());
  for (const TenantSummaries* t : rows) shown.push_back(*t);
  for (auto& u : UnreachableOf(shown)) *table.add_unreachable() = std::move(u);
  return table;
}

}  // namespace poles::gateway
