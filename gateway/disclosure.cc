#include "gateway/disclosure.h"

#include <algorithm>
#include <cstdio>
#include <functional>
#include <limits>
#include <set>
#include <tuple>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace poles::gateway {

namespace {

// Indicators counting people or organisations, by code (migrations 0004
// and 0009); any indicator whose unit is "people" counts too.
const std::set<std::string>& UnitCounts() {
  static const auto* kCodes = new std::set<std::string>{
      "directories.enterprises",
      "directories.member_enterprises",
      "directories.dossiers_opened",
      "directories.interventions",
      "directories.dossiers_from_mrc",
      "directories.dossiers_referred",
      "events.participants",
      "events.satisfaction_answers",
      "events.satisfaction_satisfied",
      "events.trainees",
      "funding.awards",
      "funding.reported_enterprises",
      "funding.call_information_requests",
      "funding.call_eligibility_requests",
      "funding.call_applications_filed",
      "funding.call_recommended",
      "funding.call_retained",
  };
  return *kCodes;
}

bool IsPrimary(int threshold, const DisclosureCell& cell) {
  return cell.value >= 1 && cell.value < threshold;
}

// Suppresses cells of one line (given as pointers into the table) until it
// holds at least two suppressed cells adding up to `threshold` or more, or
// nothing is left to suppress. `prefer(i)` ranks candidates among equals of
// zero-ness (lower first) before their value. Returns whether it changed
// anything.
bool CompleteLine(int threshold, const std::vector<DisclosureCell*>& line,
                  const std::function<int(size_t)>& prefer) {
  int count = 0;
  int64_t sum = 0;
  for (const DisclosureCell* c : line) {
    if (c->suppressed) {
      ++count;
      sum += c->value;
    }
  }
  if (count == 0) return false;
  bool changed = false;
  while (count < 2 || sum < threshold) {
    const bool need_count = count < 2;
    size_t best = line.size();
    std::tuple<int, int, int64_t> best_key;
    for (size_t i = 0; i < line.size(); ++i) {
      const DisclosureCell* c = line[i];
      if (c->suppressed) continue;
      // A zero cell adds nothing to the sum: a last resort for the count.
      if (c->value == 0 && !need_count) continue;
      std::tuple<int, int, int64_t> key{c->value == 0 ? 1 : 0, prefer(i),
                                        c->value};
      if (best == line.size() || key < best_key) {
        best = i;
        best_key = key;
      }
    }
    if (best == line.size()) break;
    line[best]->suppressed = true;
    ++count;
    sum += line[best]->value;
    changed = true;
  }
  return changed;
}

// The suppressed cells (r, c) of `cells` that are bridges of the bipartite
// graph whose nodes are the rows and columns and whose edges are the
// suppressed cells.
std::vector<std::pair<size_t, size_t>> Bridges(
    const std::vector<std::vector<DisclosureCell>>& cells, size_t columns) {
  const size_t rows = cells.size();
  const size_t nodes = rows + columns;
  std::vector<std::vector<size_t>> adjacent(nodes);
  for (size_t r = 0; r < rows; ++r) {
    for (size_t c = 0; c < columns; ++c) {
      if (!cells[r][c].suppressed) continue;
      adjacent[r].push_back(rows + c);
      adjacent[rows + c].push_back(r);
    }
  }
  constexpr size_t kUnseen = std::numeric_limits<size_t>::max();
  std::vector<size_t> order(nodes, kUnseen), low(nodes, 0);
  std::vector<std::pair<size_t, size_t>> bridges;
  size_t time = 0;
  // Iterative depth-first search (Tarjan): frames of (node, parent, next
  // neighbour index).
  for (size_t start = 0; start < nodes; ++start) {
    if (order[start] != kUnseen || adjacent[start].empty()) continue;
    std::vector<std::tuple<size_t, size_t, size_t>> stack;
    stack.emplace_back(start, kUnseen, 0);
    order[start] = low[start] = time++;
    while (!stack.empty()) {
      auto& [node, parent, next] = stack.back();
      if (next < adjacent[node].size()) {
        const size_t to = adjacent[node][next++];
        if (to == parent) continue;
        if (order[to] == kUnseen) {
          order[to] = low[to] = time++;
          stack.emplace_back(to, node, 0);
        } else {
          low[node] = std::min(low[node], order[to]);
        }
        continue;
      }
      const size_t done = node, up = parent;
      stack.pop_back();
      if (up == kUnseen) continue;
      low[up] = std::min(low[up], low[done]);
      if (low[done] > order[up]) {
        const size_t a = std::min(up, done), b = std::max(up, done);
        bridges.emplace_back(a, b - rows);
      }
    }
  }
  std::sort(bridges.begin(), bridges.end());
  return bridges;
}

// The nodes reachable from `from` over suppressed cells without crossing
// the cell (r, c).
std::vector<bool> ReachableWithout(
    const std::vector<std::vector<DisclosureCell>>& cells, size_t columns,
    size_t from, size_t r, size_t c) {
  const size_t rows = cells.size();
  std::vector<bool> seen(rows + columns, false);
  std::vector<size_t> todo = {from};
  seen[from] = true;
  while (!todo.empty()) {
    const size_t node = todo.back();
    todo.pop_back();
    const auto visit = [&](size_t row, size_t column, size_t to) {
      if (!cells[row][column].suppressed || (row == r && column == c)) return;
      if (!seen[to]) {
        seen[to] = true;
        todo.push_back(to);
      }
    };
    if (node < rows) {
      for (size_t k = 0; k < columns; ++k) visit(node, k, rows + k);
    } else {
      for (size_t k = 0; k < rows; ++k) visit(k, node - rows, k);
    }
  }
  return seen;
}

std::string Grouped(uint64_t v, absl::string_view separator = "\u00a0") {
  const std::string digits = std::to_string(v);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) absl::StrAppend(&out, separator);
    out += digits[i];
  }
  return out;
}

uint64_t Magnitude(int64_t v) {
  return v < 0 ? 0 - static_cast<uint64_t>(v) : static_cast<uint64_t>(v);
}

}  // namespace

std::string IndicatorCode(const v1::NationalIndicator& indicator) {
  absl::string_view name = indicator.name();
  const size_t slash = name.rfind('/');
  return std::string(slash == absl::string_view::npos ? name
                                                      : name.substr(slash + 1));
}

bool CountsUnits(const v1::NationalIndicator& indicator) {
  if (indicator.unit() == "people") return true;
  if (indicator.unit() == "cents") return false;
  return UnitCounts().count(IndicatorCode(indicator)) > 0;
}

void SuppressRow(int threshold, std::vector<DisclosureCell>* cells) {
  if (threshold <= 1) return;
  std::vector<DisclosureCell*> line;
  for (DisclosureCell& c : *cells) {
    if (IsPrimary(threshold, c)) c.suppressed = true;
    line.push_back(&c);
  }
  CompleteLine(threshold, line, [](size_t) { return 0; });
}

void SuppressTable(int threshold,
                   std::vector<std::vector<DisclosureCell>>* cells) {
  if (threshold <= 1 || cells->empty()) return;
  auto& t = *cells;
  const size_t rows = t.size();
  const size_t columns = t[0].size();
  for (auto& row : t) {
    for (auto& c : row) {
      if (IsPrimary(threshold, c)) c.suppressed = true;
    }
  }
  std::vector<int> in_row(rows), in_column(columns);
  const auto count = [&] {
    std::fill(in_row.begin(), in_row.end(), 0);
    std::fill(in_column.begin(), in_column.end(), 0);
    for (size_t r = 0; r < rows; ++r) {
      for (size_t c = 0; c < columns; ++c) {
        if (t[r][c].suppressed) {
          ++in_row[r];
          ++in_column[c];
        }
      }
    }
  };
  for (;;) {
    bool changed = false;
    for (size_t r = 0; r < rows; ++r) {
      count();
      std::vector<DisclosureCell*> line;
      for (size_t c = 0; c < columns; ++c) line.push_back(&t[r][c]);
      changed |= CompleteLine(
          threshold, line, [&](size_t c) { return in_column[c] > 0 ? 0 : 1; });
    }
    for (size_t c = 0; c < columns; ++c) {
      count();
      std::vector<DisclosureCell*> line;
      for (size_t r = 0; r < rows; ++r) line.push_back(&t[r][c]);
      changed |= CompleteLine(threshold, line,
                              [&](size_t r) { return in_row[r] > 0 ? 0 : 1; });
    }
    if (changed) continue;
    const auto bridges = Bridges(t, columns);
    if (bridges.empty()) return;
    // Close a cycle through the first bridge (r, c): a cell joining a row
    // on c's side to a column on r's side.
    const auto [r, c] = bridges.front();
    const std::vector<bool> r_side = ReachableWithout(t, columns, r, r, c);
    const std::vector<bool> c_side =
        ReachableWithout(t, columns, rows + c, r, c);
    DisclosureCell* best = nullptr;
    std::pair<int, int64_t> best_key;
    for (size_t i = 0; i < rows; ++i) {
      if (!c_side[i]) continue;
      for (size_t k = 0; k < columns; ++k) {
        if (!r_side[rows + k] || t[i][k].suppressed) continue;
        std::pair<int, int64_t> key{t[i][k].value == 0 ? 1 : 0, t[i][k].value};
        if (best == nullptr || key < best_key) {
          best = &t[i][k];
          best_key = key;
        }
      }
    }
    if (best == nullptr) return;  // cannot happen once every line holds two
    best->suppressed = true;
  }
}

std::string FormatFrenchCount(int64_t value) {
  return absl::StrCat(value < 0 ? "-" : "", Grouped(Magnitude(value)));
}

std::string FormatFrenchMoney(int64_t cents) {
  const uint64_t v = Magnitude(cents);
  char rest[8];
  std::snprintf(rest, sizeof rest, ",%02u", static_cast<unsigned>(v % 100));
  return absl::StrCat(cents < 0 ? "-" : "", Grouped(v / 100), rest, "\u00a0$");
}

std::string FormatFrenchValue(int64_t value, const std::string& unit) {
  return unit == "cents" ? FormatFrenchMoney(value) : FormatFrenchCount(value);
}

std::string FormatEnglishCount(int64_t value) {
  return absl::StrCat(value < 0 ? "-" : "", Grouped(Magnitude(value), ","));
}

std::string FormatEnglishMoney(int64_t cents) {
  const uint64_t v = Magnitude(cents);
  char rest[8];
  std::snprintf(rest, sizeof rest, ".%02u", static_cast<unsigned>(v % 100));
  return absl::StrCat(cents < 0 ? "-" : "", "$", Grouped(v / 100, ","), rest);
}

std::string FormatEnglishValue(int64_t value, const std::string& unit) {
  return unit == "cents" ? FormatEnglishMoney(value)
                         : FormatEnglishCount(value);
}

std::string SuppressedDisplay(int threshold) {
  return absl::StrCat("< ", threshold);
}

}  // namespace poles::gateway
