#ifndef POLES_CLI_NATIONAL_FORMAT_H_
#define POLES_CLI_NATIONAL_FORMAT_H_

// How polesctl shows the national reads to people: the PAGES table, the
// funding rollups and the findings as aligned French columns, and the table
// as CSV. Pure functions of the gateway's answers, no I/O.

#include <string>
#include <vector>

#include "poles/v1/national.pb.h"

namespace poles::cli {

// `text` padded with spaces to `width` code points (not bytes), on the
// right or on the left. Text already that wide is returned unchanged.
std::string PadRight(const std::string& text, size_t width);
std::string PadLeft(const std::string& text, size_t width);

// The number of code points of UTF-8 `text`.
size_t DisplayWidth(const std::string& text);

// `cents` as Quebec French writes money: "337 905,00 $" (a no-break space
// groups the thousands, a comma before the cents).
std::string FrenchMoney(long long cents);

// `n` with its thousands grouped by a no-break space: "12 345".
std::string FrenchInteger(long long n);

// What a people-facing cell shows (in the messages' language, French
// first, cli/messages.h): "—" when nothing was recorded,
// "injoignable" when the Pôle's service did not answer, "< N" when
// suppressed under the disclosure threshold N, else the value (money for
// the unit "cents"). The gateway's own `display` is used when it sent one.
// A reported value (declared by the Pôle, not computed from its records)
// is marked with a trailing "*".
std::string CellText(const v1::TableCell& cell, const std::string& unit,
                     int disclosure_threshold);

// The same for a national total: its value, marked "(partiel)" when some
// Pôle was unreachable.
std::string TotalText(const v1::NationalTotal& total, const std::string& unit);

// French name of a row's state: "soumis", "brouillon", "rien", "injoignable"
// (the CSV's `etat` column, the same in every language).
std::string RowStateFr(v1::NationalTableRow::State state);

// The same in the messages' language (cli/messages.h), for people.
std::string RowStateText(v1::NationalTableRow::State state);

// Name of a finding's rule, in the messages' language (French first).
std::string FindingRuleFr(v1::Finding::Rule rule);

// The table as aligned columns: a header (Pôle, Région, État, then one
// column per indicator, or per indicator and breakdown value), a row per
// Pôle, the national total line with the number of Pôles behind it, then
// the legend of the marks, the columns' French labels, the unreachable
// Pôles with their reasons and the number of findings.
std::string FormatNationalTable(const v1::NationalTable& table);

// The table as CSV (UTF-8 with a byte order mark, CRLF, `separator` ','
// or ';'), one record per cell: tenant, name, region, state, indicator,
// dimensions ("gender=women"), value, unit, source, suppressed, display.
// National totals are records of tenant "total"; missing, unreachable and
// suppressed cells have an empty value, never 0.
std::string NationalTableCsv(const v1::NationalTable& table,
                             char separator = ',');

// A funding rollup as aligned columns: the group's labels, then awards,
// amounts authorised and disbursed, investment generated and jobs, award
// sums and third-party reported totals on separate lines, the grand total
// and the unreachable Pôles.
std::string FormatFundingRollup(const v1::FundingRollup& rollup);

// The findings as aligned columns (Pôle, indicator, rule, figures,
// message), then the unreachable Pôles.
std::string FormatFindings(
    const std::vector<v1::Finding>& findings,
    const std::vector<v1::UnreachableTenant>& unreachable);

// The unreachable Pôles, one line each ("  tenants/x (events) :
// UNAVAILABLE — reason"), after a French heading; empty when none.
std::string FormatUnreachable(
    const std::vector<v1::UnreachableTenant>& unreachable);

}  // namespace poles::cli

#endif  // POLES_CLI_NATIONAL_FORMAT_H_
