#include "services/common/csv_writer.h"

namespace poles {

std::string CsvField(absl::string_view value, char separator) {
  std::string v(value);
  if (!v.empty() &&
      (v[0] == '=' || v[0] == '+' || v[0] == '-' || v[0] == '@')) {
    v.insert(v.begin(), '\'');
  }
  bool quote =
      v.find_first_of(std::string("\"\r\n") + separator) != std::string::npos ||
      (!v.empty() && (v.front() == ' ' || v.back() == ' ' ||
                      v.front() == '\t' || v.back() == '\t'));
  if (!quote) return v;
  std::string out = "\"";
  for (char c : v) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

void AppendCsvRecord(std::string& out, const std::vector<std::string>& fields,
                     char separator) {
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) out += separator;
    out += CsvField(fields[i], separator);
  }
  out += "\r\n";
}

}  // namespace poles
