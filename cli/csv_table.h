#ifndef POLES_CLI_CSV_TABLE_H_
#define POLES_CLI_CSV_TABLE_H_

#include <functional>
#include <istream>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "cli/csv_reader.h"

namespace poles::cli {

// A CSV file whose header names the fields of its columns, in any order and
// spelling (the directory and award imports): CsvReader underneath, the
// header mapped through `field_of` (a header cell -> its field, "-" for a
// column read and skipped, "" for an unknown one, listed as ignored).
class HeaderMappedCsv {
 public:
  using FieldOf = std::function<std::string(absl::string_view header)>;
  // `required_field` must have a column; `missing_message` says so, in French.
  HeaderMappedCsv(std::istream& in, FieldOf field_of,
                  std::string required_field, std::string missing_message)
      : csv_(in),
        field_of_(std::move(field_of)),
        required_(std::move(required_field)),
        missing_message_(std::move(missing_message)) {}

  // Reads the header. INVALID_ARGUMENT (field "file") if the file is empty,
  // has no column for the required field, or names a field twice.
  absl::Status ReadHeader();
  // Header cells that name no field (they are ignored).
  const std::vector<std::string>& ignored_columns() const { return ignored_; }
  // The header as written in the file for a field, or the field itself.
  std::string ColumnOf(const std::string& field) const;

  // The next record: its line and (field, cell) for each mapped column, in
  // column order; a missing trailing cell is "". Records whose cells are all
  // blank are skipped; a record with more cells than the header is a
  // problem. False at the end.
  bool Next(int* line, std::vector<std::pair<std::string, std::string>>* cells);
  // Lines that could not be read (CSV errors and cell counts).
  std::vector<CsvProblem> problems() const;
  char separator() const { return csv_.separator(); }

 private:
  CsvReader csv_;
  FieldOf field_of_;
  std::string required_;
  std::string missing_message_;
  std::vector<std::string> fields_;  // per column: field name or ""
  std::map<std::string, std::string> header_of_;
  std::vector<std::string> ignored_;
  std::vector<CsvProblem> shape_problems_;
};

// "lines[12].legal_form" -> (12, "legal_form"); false for anything else.
bool SplitLineField(absl::string_view field, int* line, std::string* name);

}  // namespace poles::cli

#endif  // POLES_CLI_CSV_TABLE_H_
