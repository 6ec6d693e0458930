#ifndef POLES_CLI_CSV_READER_H_
#define POLES_CLI_CSV_READER_H_

#include <csv.h>

#include <deque>
#include <istream>
#include <string>
#include <vector>

namespace poles::cli {

// One record of a CSV file and the line it starts on (1-based, the header
// is usually line 1).
struct CsvRecord {
  int line = 0;
  std::vector<std::string> fields;
};

// A line that could not be read as CSV.
struct CsvProblem {
  int line = 0;
  std::string description;  // French, for people
};

// Reads CSV (RFC 4180, as Excel and LibreOffice write it) one record at a
// time with libcsv in strict mode, so memory stays flat whatever the file's
// length. A UTF-8 byte order mark is skipped; the separator (',' ';' or
// TAB) is taken from the first line unless given. Blank lines are skipped.
//
// A malformed record (a quote inside an unquoted field, text after a
// closing quote, invalid UTF-8, a line over 1 MiB) is reported in
// problems() with its line number and skipped; reading goes on with the
// next line. A quote left open is reported at its starting line and ends
// the reading. Not thread-safe.
class CsvReader {
 public:
  explicit CsvReader(std::istream& in, char separator = 0);
  ~CsvReader();
  CsvReader(const CsvReader&) = delete;
  CsvReader& operator=(const CsvReader&) = delete;

  // The next record; false at the end of the input.
  bool Next(CsvRecord* out);

  const std::vector<CsvProblem>& problems() const { return problems_; }
  char separator() const { return separator_; }

 private:
  static void OnField(void* data, size_t len, void* self);
  static void OnRecord(int terminator, void* self);
  void Reset();
  void Fail(int line, std::string description);

  std::istream& in_;
  char separator_;
  csv_parser parser_;
  int line_ = 0;          // the last line fed to the parser
  int record_start_ = 0;  // the line the open record started on, 0 if none
  bool first_line_ = true;
  bool bad_record_ = false;
  bool done_ = false;
  std::vector<std::string> fields_;
  std::deque<CsvRecord> ready_;
  std::vector<CsvProblem> problems_;
};

}  // namespace poles::cli

#endif  // POLES_CLI_CSV_READER_H_
