#ifndef POLES_CLI_ORGANISATION_IMPORT_H_
#define POLES_CLI_ORGANISATION_IMPORT_H_

#include <chrono>
#include <functional>
#include <istream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <grpcpp/grpcpp.h>

#include "absl/status/statusor.h"
#include "cli/csv_reader.h"
#include "cli/csv_table.h"
#include "poles/v1/directories.pb.h"
#include "services/directories/directories_validation.h"

namespace poles::cli {

// Reads an organisations CSV file into import rows: the header names the
// columns (French headers accepted: nom, forme_juridique, neq, secteur, mrc,
// municipalite, employes, annee_fondation, membre, type, adresse,
// telephone, courriel, site_web, description; case, accents and spaces do
// not matter), then each record becomes an OrganisationRow with its line.
class OrganisationCsv {
 public:
  explicit OrganisationCsv(std::istream& in);

  // Reads the header. INVALID_ARGUMENT if the file is empty, has no name
  // column, or names a field twice.
  absl::Status ReadHeader();
  // Header cells that name no field (they are ignored).
  const std::vector<std::string>& ignored_columns() const {
    return table_.ignored_columns();
  }
  // The header as written in the file for a field ("Forme juridique"), or
  // the field itself.
  std::string ColumnOf(const std::string& field) const;

  // The next row; false at the end. Rows whose cells are all empty are
  // skipped; a record with more cells than the header is a problem.
  bool Next(v1::OrganisationRow* row);
  // Lines that could not be read (CSV errors and cell counts).
  std::vector<CsvProblem> problems() const;
  char separator() const { return table_.separator(); }

 private:
  HeaderMappedCsv table_;
};

// A problem of the file, for people: the line, the column as the file
// names it (empty when it is about the whole line), and what is wrong.
struct ImportProblem {
  int line = 0;
  std::string column;
  std::string description;
};

struct OrganisationImportSummary {
  int rows = 0;
  int created = 0;
  int updated = 0;
  int unchanged = 0;
  bool dry_run = false;
  char separator = ',';
  std::vector<std::string> ignored_columns;
};

struct OrganisationImportOptions {
  std::string tenant;  // slug
  bool dry_run = false;
  int batch_size = 500;
  std::chrono::milliseconds timeout{std::chrono::minutes(10)};
  // Told (rows sent, rows in the file) as the batches go, and (n, n) once
  // the server has applied them (cli/progress.h).
  std::function<void(size_t, size_t)> progress;
};

// Imports the organisations of the CSV file at `path` into a tenant through
// DirectoriesService.ImportOrganisations with `key`.
//
// The file is read twice, streaming (memory stays flat): first every line is
// checked locally against the sectors and the tenant's territory, and every
// bad line is reported in `problems` (then nothing is sent); then the rows
// go to the server in batches over one client stream, which applies them in
// one transaction (or, for a dry run, checks and counts them and writes
// nothing). What the server refuses is reported in `problems` too.
// INVALID_ARGUMENT when there are problems; other errors as the server
// returns them.
absl::StatusOr<OrganisationImportSummary> ImportOrganisationsCsv(
    const std::shared_ptr<grpc::Channel>& channel, const std::string& key,
    const std::string& path, const OrganisationImportOptions& options,
    std::vector<ImportProblem>* problems);

// The reference data the local check uses: sectors (ListSectors) and the
// tenant's MRCs with their names (GetTenant, ListMrcs).
absl::StatusOr<directories::DirectoryReference> FetchDirectoryReference(
    const std::shared_ptr<grpc::Channel>& channel, const std::string& key,
    const std::string& tenant, std::chrono::milliseconds timeout);

}  // namespace poles::cli

#endif  // POLES_CLI_ORGANISATION_IMPORT_H_
