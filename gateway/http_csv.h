#ifndef POLES_GATEWAY_HTTP_CSV_H_
#define POLES_GATEWAY_HTTP_CSV_H_

// The national reads as CSV files that spreadsheets open as is (the
// directory export's conventions, services/common/csv_writer.h): UTF-8 with
// a byte order mark, CRLF, RFC 4180 quoting, formulas defused, French
// headers. Amounts are dollars with two decimals, written from integer
// cents without floating point; with ';' as the separator (Excel under
// French regional settings) the decimal mark is ',', with ',' it is '.'.
// A suppressed figure is written "< N" (N the disclosure threshold), a
// missing one "manquant", an unreachable one "injoignable": never 0.
// Pure functions, no I/O.

#include <cstdint>
#include <string>

#include "poles/v1/national.pb.h"

namespace poles::gateway {

struct CsvOptions {
  char separator = ',';  // ',' or ';'
};

// `cents` as dollars with exactly two decimals: 33790500 -> "337905.00"
// (or "337905,00" when `decimal_mark` is ','); negative amounts keep their
// sign. No thousands separator (spreadsheets parse the number).
std::string DollarsFromCents(int64_t cents, char decimal_mark = '.');

// The PAGES table. Without a breakdown: one record per Pôle (Pôle, tenant,
// région, code de région, état, then a column per indicator in the table's
// column order, headed by its French label), then "Total national" and
// "Nombre de Pôles". With a breakdown: one record per cell (long form:
// Pôle, tenant, région, indicateur, the breakdown's dimension, valeur,
// source), then the totals.
std::string NationalTableCsv(const v1::NationalTable& table,
                             const CsvOptions& options);

// The funding rollup: one record per group (the group_by dimensions'
// labels, then the award-level figures, then the reported totals beside
// them, never added), then the grand total.
std::string FundingRollupCsv(const v1::FundingRollup& rollup,
                             const CsvOptions& options);

// The findings, one record each.
std::string FindingsCsv(const v1::ListFindingsResponse& findings,
                        const CsvOptions& options);

}  // namespace poles::gateway

#endif  // POLES_GATEWAY_HTTP_CSV_H_
