#include "cli/funding_import.h"

#include <fstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "cli/csv_table.h"
#include "cli/streaming_import.h"
#include "poles/v1/funding.grpc.pb.h"
#include "services/common/errors.h"
#include "services/common/status_macros.h"

namespace poles::cli {

namespace {

HeaderMappedCsv AwardCsv(std::istream& in) {
  return HeaderMappedCsv(in, funding::AwardFieldForHeader, "title",
                         "il manque la colonne du titre (« titre »)");
}

// Reads the next row of `csv` into `row`, its cells' problems into `v`.
bool NextRow(HeaderMappedCsv& csv, const funding::AwardImportReference& ref,
             v1::AwardRow* row, Violations& v) {
  int line = 0;
  std::vector<std::pair<std::string, std::string>> cells;
  if (!csv.Next(&line, &cells)) return false;
  row->Clear();
  row->set_line(line);
  row->mutable_award();
  for (const auto& [field, cell] : cells)
    funding::SetAwardCell(field, cell, ref, *row, v);
  return true;
}

// Server and local violations "lines[12].award.amount_authorised" or
// "lines[12].amount_authorised" -> line 12, the column of that field.
void AddViolations(const absl::Status& status, const HeaderMappedCsv& csv,
                   std::vector<ImportProblem>* problems) {
  for (const auto& v : FieldViolationsOf(status)) {
    ImportProblem p;
    std::string field;
    if (SplitLineField(v.field, &p.line, &field)) {
      absl::string_view f = field;
      absl::ConsumePrefix(&f, "award.");
      absl::ConsumePrefix(&f, "recipient_snapshot.");
      std::string top(f.substr(0, f.find('.')));
      p.column = csv.ColumnOf(top);
    } else {
      p.column = v.field;
    }
    p.description = v.description;
    problems->push_back(std::move(p));
  }
}

}  // namespace

absl::StatusOr<funding::AwardImportReference> FetchAwardImportReference(
    const std::shared_ptr<grpc::Channel>& channel, const std::string& key,
    const std::string& tenant, std::chrono::milliseconds timeout) {
  funding::AwardImportReference ref;
  ref.tenant = tenant;
  auto dir = FetchDirectoryReference(channel, key, tenant, timeout);
  if (!dir.ok()) return dir.status();
  ref.directory = *std::move(dir);
  auto stub = v1::FundingService::NewStub(channel);
  std::string token;
  do {
    grpc::ClientContext ctx;
    PrepareContext(ctx, key, timeout);
    v1::ListProgramsRequest req;
    req.set_page_size(200);
    req.set_page_token(token);
    v1::ListProgramsResponse resp;
    if (auto s = stub->ListPrograms(&ctx, req, &resp); !s.ok())
      return FromGrpcStatus(s);
    for (const auto& p : resp.programs()) ref.programs[p.name()] = p.label_fr();
    token = resp.next_page_token();
  } while (!token.empty());
  do {
    grpc::ClientContext ctx;
    PrepareContext(ctx, key, timeout);
    v1::ListLocalProgramsRequest req;
    req.set_parent("tenants/" + tenant);
    req.set_page_size(200);
    req.set_page_token(token);
    v1::ListLocalProgramsResponse resp;
    if (auto s = stub->ListLocalPrograms(&ctx, req, &resp); !s.ok())
      return FromGrpcStatus(s);
    for (const auto& p : resp.programs()) ref.programs[p.name()] = p.label_fr();
    token = resp.next_page_token();
  } while (!token.empty());
  return ref;
}

absl::StatusOr<AwardImportSummary> ImportAwardsCsv(
    const std::shared_ptr<grpc::Channel>& channel, const std::string& key,
    const std::string& path, const AwardImportOptions& options,
    std::vector<ImportProblem>* problems) {
  AwardImportSummary summary;
  summary.dry_run = options.dry_run;
  auto ref = FetchAwardImportReference(channel, key, options.tenant,
                                       std::chrono::milliseconds(30000));
  if (!ref.ok()) return ref.status();

  // Pass 1: every line, locally.
  size_t total = 0;
  POLES_RETURN_IF_ERROR(CheckCsvLocally(
      path, AwardCsv,
      [&](HeaderMappedCsv& csv) {
        v1::AwardRow row;
        Violations v;
        while (NextRow(csv, *ref, &row, v)) {
          ++total;
          funding::CheckAwardRow(row, v);
        }
        if (!v.empty()) AddViolations(v.Status(), csv, problems);
      },
      &summary, problems));

  // Pass 2: the rows to the server, in batches over one stream.
  std::ifstream in(path, std::ios::binary);
  HeaderMappedCsv csv = AwardCsv(in);
  POLES_RETURN_IF_ERROR(csv.ReadHeader());
  auto stub = v1::FundingService::NewStub(channel);
  grpc::ClientContext ctx;
  PrepareContext(ctx, key, options.timeout);
  v1::ImportAwardsResponse resp;
  auto writer = stub->ImportAwards(&ctx, &resp);
  Violations ignored;  // pass 1 found none
  std::function<void(size_t)> sent;
  if (options.progress) {
    options.progress(0, total);
    sent = [&](size_t rows) { options.progress(rows, total); };
  }
  grpc::Status st = StreamRowBatches(
      *writer, "tenants/" + options.tenant, options.dry_run, options.batch_size,
      [&](v1::AwardRow* row) { return NextRow(csv, *ref, row, ignored); },
      sent);
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
  if (options.progress) options.progress(total, total);
  return summary;
}

}  // namespace poles::cli
