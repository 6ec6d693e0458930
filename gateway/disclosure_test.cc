#include "gateway/disclosure.h"

#include <random>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace poles::gateway {
namespace {

using Table = std::vector<std::vector<DisclosureCell>>;

Table MakeTable(const std::vector<std::vector<int64_t>>& values) {
  Table t;
  for (const auto& row : values) {
    t.emplace_back();
    for (int64_t v : row) t.back().push_back({v, false});
  }
  return t;
}

// True when some other non-negative integer table with the same published
// cells, row totals and column totals gives cell (r0, c0) another value:
// an alternating cycle of suppressed cells through it along which it can
// move by one (cells that decrease must hold at least 1). Reachability in
// the directed graph whose column -> row edges are the cells that decrease
// and row -> column edges the cells that increase, without (r0, c0).
bool CanChange(const Table& t, size_t r0, size_t c0) {
  const size_t rows = t.size(), columns = t[0].size();
  for (int direction : {+1, -1}) {
    if (direction < 0 && t[r0][c0].value < 1) continue;
    std::vector<bool> seen(rows + columns, false);
    std::vector<size_t> todo = {rows + c0};
    seen[rows + c0] = true;
    while (!todo.empty()) {
      const size_t node = todo.back();
      todo.pop_back();
      for (size_t k = 0; k < (node < rows ? columns : rows); ++k) {
        const size_t r = node < rows ? node : k;
        const size_t c = node < rows ? k : node - rows;
        if ((r == r0 && c == c0) || !t[r][c].suppressed) continue;
        // From a column: the cell moves against (r0, c0); from a row: with it.
        const bool decreases = (node >= rows) == (direction > 0);
        if (decreases && t[r][c].value < 1) continue;
        const size_t to = node < rows ? rows + c : r;
        if (!seen[to]) {
          seen[to] = true;
          todo.push_back(to);
        }
      }
    }
    if (seen[r0]) return true;
  }
  return false;
}

// Every suppressed cell is unrecoverable; every primary cell suppressed;
// every row and column with a suppression holds at least two.
void ExpectProtected(const Table& t, int threshold) {
  for (size_t r = 0; r < t.size(); ++r) {
    int in_row = 0;
    for (size_t c = 0; c < t[r].size(); ++c) {
      const auto& cell = t[r][c];
      if (cell.value >= 1 && cell.value < threshold) {
        EXPECT_TRUE(cell.suppressed) << "primary (" << r << "," << c << ")";
      }
      if (!cell.suppressed) continue;
      ++in_row;
      EXPECT_TRUE(CanChange(t, r, c))
          << "cell (" << r << "," << c << ") = " << cell.value
          << " is recoverable from the margins";
    }
    EXPECT_NE(in_row, 1) << "row " << r;
  }
  for (size_t c = 0; c < t[0].size(); ++c) {
    int in_column = 0;
    for (const auto& row : t) in_column += row[c].suppressed;
    EXPECT_NE(in_column, 1) << "column " << c;
  }
}

std::vector<DisclosureCell> MakeRow(const std::vector<int64_t>& values) {
  std::vector<DisclosureCell> row;
  row.reserve(values.size());
  for (int64_t v : values) row.push_back({v, false});
  return row;
}

std::vector<bool> Suppressed(const std::vector<DisclosureCell>& row) {
  std::vector<bool> out;
  out.reserve(row.size());
  for (const auto& c : row) out.push_back(c.suppressed);
  return out;
}

v1::NationalIndicator Indicator(const std::string& code,
                                const std::string& unit) {
  v1::NationalIndicator i;
  i.set_name("nationalIndicators/" + code);
  i.set_unit(unit);
  return i;
}

TEST(CountsUnitsTest, PeopleDossiersEnterprisesAndAwardsButNotMoneyOrEvents) {
  EXPECT_TRUE(CountsUnits(Indicator("directories.enterprises", "count")));
  EXPECT_TRUE(
      CountsUnits(Indicator("directories.member_enterprises", "count")));
  EXPECT_TRUE(CountsUnits(Indicator("directories.dossiers_opened", "count")));
  EXPECT_TRUE(CountsUnits(Indicator("directories.interventions", "count")));
  EXPECT_TRUE(CountsUnits(Indicator("events.participants", "people")));
  EXPECT_TRUE(CountsUnits(Indicator("events.trainees", "people")));
  EXPECT_TRUE(CountsUnits(Indicator("funding.awards", "count")));
  EXPECT_TRUE(CountsUnits(Indicator("funding.reported_enterprises", "count")));
  EXPECT_TRUE(CountsUnits(Indicator("some.future_people", "people")));
  EXPECT_FALSE(CountsUnits(Indicator("events.held", "count")));
  EXPECT_FALSE(CountsUnits(Indicator("events.trainings", "count")));
  EXPECT_FALSE(CountsUnits(Indicator("funding.amount_authorised", "cents")));
  EXPECT_FALSE(CountsUnits(Indicator("funding.jobs_created", "count")));
  EXPECT_FALSE(CountsUnits(Indicator("plans.indicators_achieved", "count")));
}

TEST(IndicatorCodeTest, FromNameOrBare) {
  EXPECT_EQ(IndicatorCode(Indicator("events.held", "count")), "events.held");
  v1::NationalIndicator bare;
  bare.set_name("events.held");
  EXPECT_EQ(IndicatorCode(bare), "events.held");
}

TEST(SuppressRowTest, ASmallCellAndTheNextSmallestNonZero) {
  // Dossiers by MRC: the 1 would follow from the total (28) minus the rest.
  auto row = MakeRow({7, 1, 0, 20});
  SuppressRow(5, &row);
  EXPECT_THAT(Suppressed(row),
              ::testing::ElementsAre(true, true, false, false));
}

TEST(SuppressRowTest, NothingBelowTheThresholdNothingSuppressed) {
  auto row = MakeRow({7, 0, 5, 20});
  SuppressRow(5, &row);
  EXPECT_THAT(Suppressed(row),
              ::testing::ElementsAre(false, false, false, false));
}

TEST(SuppressRowTest, TwoSmallCellsAddingUpBelowTheThresholdTakeAThird) {
  // 1 + 2 = 3 would still say both are tiny.
  auto row = MakeRow({1, 2, 9, 30});
  SuppressRow(5, &row);
  EXPECT_THAT(Suppressed(row), ::testing::ElementsAre(true, true, true, false));
}

TEST(SuppressRowTest, ALoneSmallCellTakesAZeroAsItsComplement) {
  auto row = MakeRow({0, 3, 0});
  SuppressRow(5, &row);
  int suppressed = 0;
  for (const auto& c : row) suppressed += c.suppressed;
  EXPECT_EQ(suppressed, 2);
  EXPECT_TRUE(row[1].suppressed);
}

TEST(SuppressRowTest, ThresholdOneOrLessSuppressesNothing) {
  auto row = MakeRow({1, 2});
  SuppressRow(1, &row);
  SuppressRow(0, &row);
  EXPECT_THAT(Suppressed(row), ::testing::ElementsAre(false, false));
}

TEST(SuppressRowTest, NoSuppressedValueFollowsFromTheTotal) {
  std::mt19937 random(12);
  const int64_t choices[] = {0, 0, 1, 2, 3, 4, 5, 6, 9, 14, 40};
  for (int n = 0; n < 500; ++n) {
    std::vector<int64_t> values(1 + random() % 7);
    for (auto& v : values) v = choices[random() % 11];
    auto row = MakeRow(values);
    SuppressRow(5, &row);
    int count = 0;
    int64_t sum = 0, non_zero_left = 0;
    for (const auto& c : row) {
      if (c.value >= 1 && c.value < 5) {
        EXPECT_TRUE(c.suppressed);
      }
      if (c.suppressed) {
        ++count;
        sum += c.value;
      } else if (c.value > 0) {
        ++non_zero_left;
      }
    }
    if (count > 0 && row.size() > 1) {
      EXPECT_GE(count, 2);
      // The suppressed cells are not a disclosive aggregate either, unless
      // the whole row went.
      EXPECT_TRUE(sum >= 5 || non_zero_left == 0);
    }
  }
}

// The issue's fixture: Vallée-du-Haut-Saint-Laurent's dossiers by MRC
// (rows) × sector, phase and gender (columns), with one confidential
// dossier (a cell of 1). With primary suppression alone the 1 follows from
// its row total minus the row's other cells.
TEST(SuppressTableTest, TheIssuesCellOfOneIsNotRecoverableBySubtraction) {
  Table t = MakeTable({
      // services/démarrage/women, services/démarrage/men,
      // commerce/consolidation/women, commerce/consolidation/mixed
      {6, 8, 5, 7},   // Beauharnois-Salaberry
      {9, 1, 6, 5},   // Haut-Saint-Laurent: the one dossier
      {5, 7, 12, 6},  // Vaudreuil-Soulanges
  });
  Table primary_only = t;
  primary_only[1][1].suppressed = true;
  EXPECT_FALSE(CanChange(primary_only, 1, 1));  // the fixture is recoverable

  SuppressTable(5, &t);
  EXPECT_TRUE(t[1][1].suppressed);
  ExpectProtected(t, 5);
}

TEST(SuppressTableTest, NothingSmallNothingSuppressed) {
  Table t = MakeTable({{6, 8}, {9, 10}});
  SuppressTable(5, &t);
  for (const auto& row : t)
    for (const auto& c : row) EXPECT_FALSE(c.suppressed);
}

TEST(SuppressTableTest, RandomTablesAreAllProtected) {
  std::mt19937 random(2026);
  const int64_t choices[] = {0, 0, 1, 2, 3, 5, 6, 8, 11, 20, 35};
  for (int n = 0; n < 400; ++n) {
    const size_t rows = 2 + random() % 5, columns = 2 + random() % 6;
    std::vector<std::vector<int64_t>> values(rows,
                                             std::vector<int64_t>(columns));
    for (auto& row : values)
      for (auto& v : row) v = choices[random() % 11];
    Table t = MakeTable(values);
    SuppressTable(5, &t);
    SCOPED_TRACE(n);
    ExpectProtected(t, 5);
    if (HasFailure()) return;
  }
}

TEST(FormatTest, FrenchCountsAndMoney) {
  EXPECT_EQ(FormatFrenchCount(0), "0");
  EXPECT_EQ(FormatFrenchCount(237), "237");
  EXPECT_EQ(FormatFrenchCount(1234567), "1\u00a0234\u00a0567");
  EXPECT_EQ(FormatFrenchCount(-1234), "-1\u00a0234");
  EXPECT_EQ(FormatFrenchMoney(33790500), "337\u00a0905,00\u00a0$");
  EXPECT_EQ(FormatFrenchMoney(71728083), "717\u00a0280,83\u00a0$");
  EXPECT_EQ(FormatFrenchMoney(5), "0,05\u00a0$");
  EXPECT_EQ(FormatFrenchMoney(-150), "-1,50\u00a0$");
  EXPECT_EQ(FormatFrenchValue(150, "cents"), "1,50\u00a0$");
  EXPECT_EQ(FormatFrenchValue(1500, "count"), "1\u00a0500");
  EXPECT_EQ(SuppressedDisplay(5), "< 5");
  EXPECT_EQ(FormatEnglishCount(1234567), "1,234,567");
  EXPECT_EQ(FormatEnglishMoney(33790500), "$337,905.00");
  EXPECT_EQ(FormatEnglishMoney(-5), "-$0.05");
  EXPECT_EQ(FormatEnglishValue(1500, "count"), "1,500");
}

}  // namespace
}  // namespace poles::gateway
