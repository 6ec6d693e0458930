#ifndef POLES_SERVICES_COMMON_CSV_WRITER_H_
#define POLES_SERVICES_COMMON_CSV_WRITER_H_

// Writing CSV that spreadsheets open as is: UTF-8 with a byte order mark
// (so Excel reads UTF-8), CRLF after every record, RFC 4180 quoting, and
// formulas defused. Shared by the directory and award exports. Pure
// functions, no I/O.

#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace poles {

// The UTF-8 byte order mark a CSV file starts with.
inline constexpr absl::string_view kUtf8Bom = "\xEF\xBB\xBF";

// One CSV field: quoted (RFC 4180, quotes doubled) when it holds the
// separator, a quote, CR, LF or surrounding spaces; a field beginning with
// = + - or @ is prefixed with an apostrophe so that spreadsheets do not
// evaluate it as a formula (CSV injection).
std::string CsvField(absl::string_view value, char separator = ',');

// Appends one record to `out`: the fields (each per CsvField) joined by
// `separator`, then CRLF. `separator` is ',' (RFC 4180) or ';' (what Excel
// expects under French regional settings).
void AppendCsvRecord(std::string& out, const std::vector<std::string>& fields,
                     char separator = ',');

}  // namespace poles

#endif  // POLES_SERVICES_COMMON_CSV_WRITER_H_
