#include "cli/organisation_import.h"

#include <fstream>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "cli/streaming_import.h"
#include "poles/v1/admin.grpc.pb.h"
#include "poles/v1/directories.grpc.pb.h"
#include "services/common/errors.h"
#include "services/common/status_macros.h"
#include "services/directories/organisation_import.h"

namespace poles::cli {

namespace {

using directories::DirectoryReference;

void AddViolations(const absl::Status& status, const OrganisationCsv& csv,
                   std::vector<ImportProblem>* problems) {
  for (const auto& v : FieldViolationsOf(status)) {
    ImportProblem p;
    std::string field;
    if (SplitLineField(v.field, &p.line, &field)) {
      // "membership.since" comes from the member column.
      std::string top = field.substr(0, field.find('.'));
      p.column = csv.ColumnOf(top == "membership" ? "member" : top);
    } else {
      p.column = v.field;
    }
    p.description = v.description;
    problems->push_back(std::move(p));
  }
}

}  // namespace

OrganisationCsv::OrganisationCsv(std::istream& in)
    : table_(in, directories::ImportFieldForHeader, "display_name",
             "il manque la colonne du nom (« nom »)") {}

absl::Status OrganisationCsv::ReadHeader() { return table_.ReadHeader(); }

std::string OrganisationCsv::ColumnOf(const std::string& field) const {
  return table_.ColumnOf(field);
}

bool OrganisationCsv::Next(v1::OrganisationRow* row) {
  int line = 0;
  std::vector<std::pair<std::string, std::string>> cells;
  if (!table_.Next(&line, &cells)) return false;
  row->Clear();
  row->set_line(line);
  for (auto& [field, cell] : cells)
    directories::SetRowField(*row, field, std::move(cell));
  return true;
}

std::vector<CsvProblem> OrganisationCsv::problems() const {
  return table_.problems();
}

absl::StatusOr<DirectoryReference> FetchDirectoryReference(
    const std::shared_ptr<grpc::Channel>& channel, const std::string& key,
    const std::string& tenant, std::chrono::milliseconds timeout) {
  DirectoryReference ref;
  auto dirs = v1::DirectoriesService::NewStub(channel);
  auto admin = v1::AdminService::NewStub(channel);
  {
    grpc::ClientContext ctx;
    PrepareContext(ctx, key, timeout);
    v1::ListSectorsResponse resp;
    if (auto s = dirs->ListSectors(&ctx, v1::ListSectorsRequest(), &resp);
        !s.ok()) {
      return FromGrpcStatus(s);
    }
    for (const auto& s : resp.sectors()) {
      ref.sectors[s.name().substr(s.name().rfind('/') + 1)] = s.label_fr();
    }
  }
  v1::Tenant t;
  {
    grpc::ClientContext ctx;
    PrepareContext(ctx, key, timeout);
    v1::GetTenantRequest req;
    req.set_name("tenants/" + tenant);
    if (auto s = admin->GetTenant(&ctx, req, &t); !s.ok())
      return FromGrpcStatus(s);
  }
  std::map<std::string, std::string> names;
  {
    grpc::ClientContext ctx;
    PrepareContext(ctx, key, timeout);
    v1::ListMrcsResponse resp;
    if (auto s = admin->ListMrcs(&ctx, v1::ListMrcsRequest(), &resp); !s.ok()) {
      return FromGrpcStatus(s);
    }
    for (const auto& m : resp.mrcs()) names[m.name()] = m.display_name();
  }
  for (const auto& m : t.mrcs())
    ref.mrcs[m.substr(m.rfind('/') + 1)] = names[m];
  return ref;
}

absl::StatusOr<OrganisationImportSummary> ImportOrganisationsCsv(
    const std::shared_ptr<grpc::Channel>& channel, const std::string& key,
    const std::string& path, const OrganisationImportOptions& options,
    std::vector<ImportProblem>* problems) {
  OrganisationImportSummary summary;
  summary.dry_run = options.dry_run;
  auto ref = FetchDirectoryReference(channel, key, options.tenant,
                                     std::chrono::milliseconds(30000));
  if (!ref.ok()) return ref.status();

  // Pass 1: every line, locally.
  size_t total = 0;
  POLES_RETURN_IF_ERROR(CheckCsvLocally(
      path, [](std::istream& in) { return OrganisationCsv(in); },
      [&](OrganisationCsv& csv) {
        v1::OrganisationRow row;
        while (csv.Next(&row)) {
          ++total;
          Violations v;
          directories::CheckImportRowCells(row, *ref, v);
          if (!v.empty()) AddViolations(v.Status(), csv, problems);
        }
      },
      &summary, problems));

  // Pass 2: the rows to the server, in batches over one stream.
  std::ifstream in(path, std::ios::binary);
  OrganisationCsv csv(in);
  POLES_RETURN_IF_ERROR(csv.ReadHeader());
  auto stub = v1::DirectoriesService::NewStub(channel);
  grpc::ClientContext ctx;
  PrepareContext(ctx, key, options.timeout);
  v1::ImportOrganisationsResponse resp;
  auto writer = stub->ImportOrganisations(&ctx, &resp);
  std::function<void(size_t)> sent;
  if (options.progress) {
    options.progress(0, total);
    sent = [&](size_t rows) { options.progress(rows, total); };
  }
  grpc::Status st = StreamRowBatches(
      *writer, "tenants/" + options.tenant, options.dry_run, options.batch_size,
      [&](v1::OrganisationRow* row) { return csv.Next(row); }, sent);
  if (!st.ok()) {
    absl::Status s = FromGrpcStatus(st);
    if (s.code() == absl::StatusCode::kInvalidArgument) {
      AddViolations(s, csv, problems);
    }
    return s;
  }
  summary.rows = resp.rows();
  summary.created = resp.created();
  summary.updated = resp.updated();
  summary.unchanged = resp.unchanged();
  if (options.progress) options.progress(total, total);
  return summary;
}

}  // namespace poles::cli
