#include "gateway/disclosure_interim.h"

#include <limits>

#include "absl/strings/match.h"

namespace poles::gateway {

namespace {

bool Sensitive(int threshold, int64_t value) {
  return value > 0 && value < threshold;
}

// Indices of `line` (a row or a column of `cells`) by accessor.
template <typename Get>
void ProtectLine(size_t size, Get get) {
  int suppressed = 0;
  for (size_t i = 0; i < size; ++i) suppressed += get(i).suppressed;
  if (suppressed != 1) return;
  // One suppressed cell beside an exact total: suppress the smallest other
  // non-suppressed cell too.
  size_t best = size;
  int64_t best_value = std::numeric_limits<int64_t>::max();
  for (size_t i = 0; i < size; ++i) {
    const DisclosureCell& c = get(i);
    if (!c.suppressed && c.value < best_value) {
      best = i;
      best_value = c.value;
    }
  }
  if (best < size) get(best).suppressed = true;
}

}  // namespace

bool CountsUnits(const v1::NationalIndicator& indicator) {
  if (indicator.unit() == "people") return true;
  if (indicator.unit() != "count") return false;
  const std::string& name = indicator.name();
  return absl::StrContains(name, "enterprises") ||
         absl::StrContains(name, "dossiers") ||
         absl::StrContains(name, "awards") ||
         absl::StrContains(name, "participants") ||
         absl::StrContains(name, "trainees");
}

void SuppressRow(int threshold, std::vector<DisclosureCell>* cells) {
  if (threshold <= 1) return;
  for (auto& c : *cells) c.suppressed = Sensitive(threshold, c.value);
  ProtectLine(cells->size(),
              [&](size_t i) -> DisclosureCell& { return (*cells)[i]; });
}

void SuppressTable(int threshold,
                   std::vector<std::vector<DisclosureCell>>* cells) {
  if (threshold <= 1) return;
  size_t columns = 0;
  for (auto& row : *cells) {
    columns = std::max(columns, row.size());
    for (auto& c : row) c.suppressed = Sensitive(threshold, c.value);
  }
  for (auto& row : *cells) row.resize(columns);
  for (bool changed = true; changed;) {
    changed = false;
    auto count = [&] {
      int n = 0;
      for (auto& row : *cells)
        for (auto& c : row) n += c.suppressed;
      return n;
    };
    const int before = count();
    for (auto& row : *cells) {
      ProtectLine(row.size(),
                  [&](size_t i) -> DisclosureCell& { return row[i]; });
    }
    for (size_t j = 0; j < columns; ++j) {
      ProtectLine(cells->size(),
                  [&](size_t i) -> DisclosureCell& { return (*cells)[i][j]; });
    }
    changed = count() != before;
  }
}

}  // namespace poles::gateway
