#ifndef POLES_GATEWAY_DISCLOSURE_H_
#define POLES_GATEWAY_DISCLOSURE_H_

// Statistical disclosure control for national and ministry readers, as
// Quebec's and Canada's statistical agencies apply it to published tables:
// a cell counting people, dossiers or enterprises below a threshold is
// suppressed (primary suppression), and so are as many other cells as it
// takes (complementary suppression) for no suppressed value to be
// recoverable by subtraction from the published cells and the exact
// totals. Also how the national reads show a figure to people, in French.

#include <cstdint>
#include <string>
#include <vector>

#include "poles/v1/indicators.pb.h"

namespace poles::gateway {

// One cell of a row or table under disclosure control. `suppressed` is an
// output; `value` is kept (the caller zeroes what it publishes).
struct DisclosureCell {
  int64_t value = 0;
  bool suppressed = false;
};

// The indicator's code: "directories.enterprises" from the catalogue name
// "nationalIndicators/directories.enterprises" (a bare code is returned as
// is).
std::string IndicatorCode(const v1::NationalIndicator& indicator);

// True when a value of `indicator` counts units that can single out a
// person or an enterprise, and so is subject to disclosure control: people
// (unit "people": participants, trainees; trainees' satisfaction answers),
// enterprises (in the directory, members, helped as third parties report),
// dossiers (opened, received from or referred to MRCs) and the dossiers'
// interventions, funding awards, and calls-for-projects requests and
// applications. Money (unit "cents"), events, jobs and plan indicators are
// not.
bool CountsUnits(const v1::NationalIndicator& indicator);

// Applies disclosure control to one row whose total (the sum of `cells`) is
// published exactly. Cells with 1 <= value < threshold are suppressed; then,
// while the suppressed cells are fewer than two or add up to less than
// `threshold`, the smallest non-zero cell not yet suppressed is suppressed
// too (a zero cell when no non-zero one is left), so that no suppressed
// value follows from the total minus the published cells. Cells already
// marked suppressed stay so. A threshold <= 1 suppresses nothing.
void SuppressRow(int threshold, std::vector<DisclosureCell>* cells);

// Applies disclosure control to a table (cells[row][column], rows of equal
// length) whose row totals and column totals are all published exactly.
// Primary suppression as in SuppressRow; then complementary suppression,
// repeated until stable: every row and every column holding a suppressed
// cell holds at least two, whose sum is at least `threshold` where the line
// allows it, and no suppressed cell is a bridge of the graph of suppressed
// cells (rows and columns as nodes), which would make it recoverable from
// the margins. Complements are the smallest non-zero cells, preferring
// cells whose other line already holds a suppression.
void SuppressTable(int threshold,
                   std::vector<std::vector<DisclosureCell>>* cells);

// A count as French writes it: "1 234" (no-break space U+00A0 between
// thousands).
std::string FormatFrenchCount(int64_t value);

// Cents as Quebec French writes money: "337 905,00 $" (no-break spaces).
std::string FormatFrenchMoney(int64_t cents);

// A value in the catalogue's `unit` ("cents" as money, else a count).
std::string FormatFrenchValue(int64_t value, const std::string& unit);

// The same in Canadian English: "1,234", "$337,905.00".
std::string FormatEnglishCount(int64_t value);
std::string FormatEnglishMoney(int64_t cents);
std::string FormatEnglishValue(int64_t value, const std::string& unit);

// What a suppressed cell shows: "< 5".
std::string SuppressedDisplay(int threshold);

}  // namespace poles::gateway

#endif  // POLES_GATEWAY_DISCLOSURE_H_
