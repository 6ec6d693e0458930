#ifndef POLES_CLI_STREAMING_IMPORT_H_
#define POLES_CLI_STREAMING_IMPORT_H_

#include <chrono>
#include <fstream>
#include <functional>
#include <string>
#include <type_traits>
#include <vector>

#include <grpcpp/grpcpp.h>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "cli/organisation_import.h"
#include "services/common/errors.h"

// The client side every streamed CSV import of polesctl shares
// (`directories import`, `funding import`): every line checked locally
// first, then the rows sent in batches over one client stream.
namespace poles::cli {

// Sets a call's deadline (now + `timeout`) and its bearer `key` (none when
// empty).
void PrepareContext(grpc::ClientContext& ctx, const std::string& key,
                    std::chrono::milliseconds timeout);

// OK without problems; otherwise sorts them by line (stably) and returns
// INVALID_ARGUMENT "N problème(s) dans le fichier ; rien n'a été importé".
absl::Status ProblemsError(std::vector<ImportProblem>* problems);

// Pass 1: opens `path` (NOT_FOUND if it cannot), reads the header of
// `make_csv(stream)` (its problems reported at line 1 and returned), records
// the file's separator and ignored columns in `summary`, then
// `check_rows(csv)` adds the rows' problems, and the reader's own follow.
// Returns ProblemsError(problems).
template <typename MakeCsv, typename CheckRows, typename Summary>
absl::Status CheckCsvLocally(const std::string& path, MakeCsv make_csv,
                             CheckRows check_rows, Summary* summary,
                             std::vector<ImportProblem>* problems) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot open ", path));
  auto csv = make_csv(in);
  if (auto s = csv.ReadHeader(); !s.ok()) {
    for (const auto& v : FieldViolationsOf(s)) {
      problems->push_back({1, "", v.description});
    }
    return s;
  }
  summary->ignored_columns = csv.ignored_columns();
  summary->separator = csv.separator();
  check_rows(csv);
  for (const auto& p : csv.problems()) {
    problems->push_back({p.line, "", p.description});
  }
  return ProblemsError(problems);
}

// Pass 2: writes the rows `next_row(&row)` yields to `writer` in requests of
// at most `batch_size` rows, each naming `parent` and `validate_only`; the
// last request is sent even when empty (an empty file still names its
// parent). Stops early if the server closes the stream. `sent`, when set,
// is told the number of rows written so far after each request. Closes the
// stream and returns its status.
template <typename Request, typename NextRow>
grpc::Status StreamRowBatches(
    grpc::ClientWriter<Request>& writer, const std::string& parent,
    bool validate_only, int batch_size, NextRow next_row,
    const std::function<void(size_t)>& sent = nullptr) {
  Request batch;
  batch.set_parent(parent);
  batch.set_validate_only(validate_only);
  bool open = true;
  size_t rows = 0;
  std::decay_t<decltype(batch.rows(0))> row;
  while (open && next_row(&row)) {
    *batch.add_rows() = std::move(row);
    if (batch.rows_size() >= batch_size) {
      rows += batch.rows_size();
      open = writer.Write(batch);
      batch.clear_rows();
      if (open && sent) sent(rows);
    }
  }
  if (open) {
    rows += batch.rows_size();
    if (writer.Write(batch) && sent) sent(rows);
  }
  writer.WritesDone();
  return writer.Finish();
}

}  // namespace poles::cli

#endif  // POLES_CLI_STREAMING_IMPORT_H_
