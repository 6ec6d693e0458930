#ifndef POLES_CLI_FUNDING_IMPORT_H_
#define POLES_CLI_FUNDING_IMPORT_H_

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <grpcpp/grpcpp.h>

#include "absl/status/statusor.h"
#include "cli/organisation_import.h"
#include "services/funding/award_import.h"

namespace poles::cli {

struct AwardImportSummary {
  int rows = 0;
  int created = 0;
  int updated = 0;
  bool dry_run = false;
  char separator = ',';
  std::vector<std::string> ignored_columns;
};

struct AwardImportOptions {
  std::string tenant;  // slug
  bool dry_run = false;
  int batch_size = 500;
  std::chrono::milliseconds timeout{std::chrono::minutes(5)};
  // Told (rows sent, rows in the file) as the batches go, and (n, n) once
  // the server has applied them (cli/progress.h).
  std::function<void(size_t, size_t)> progress;
};

// The reference the local check resolves cells against: the catalogue's
// and the tenant's programs, the sectors and the tenant's MRCs.
absl::StatusOr<funding::AwardImportReference> FetchAwardImportReference(
    const std::shared_ptr<grpc::Channel>& channel, const std::string& key,
    const std::string& tenant, std::chrono::milliseconds timeout);

// Imports the awards of the CSV file at `path` (header-mapped, French
// headers: see funding::AwardImportColumns) into a tenant through
// FundingService.ImportAwards, the way ImportOrganisationsCsv does: every
// line is read and checked locally first and every bad line reported in
// `problems` (then nothing is sent); then the rows go to the server in
// batches over one client stream, applied in one transaction (a dry run
// checks and counts, and writes nothing). What the server refuses is
// reported in `problems` too, by line and column. INVALID_ARGUMENT when
// there are problems; other errors as the server returns them.
absl::StatusOr<AwardImportSummary> ImportAwardsCsv(
    const std::shared_ptr<grpc::Channel>& channel, const std::string& key,
    const std::string& path, const AwardImportOptions& options,
    std::vector<ImportProblem>* problems);

}  // namespace poles::cli

#endif  // POLES_CLI_FUNDING_IMPORT_H_
