#include "cli/funding_import.h"

#include <algorithm>
#include <fstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "cli/csv_table.h"
#include "poles/v1/funding.grpc.pb.h"
#include "services/common/errors.h"

namespace poles::cli {

namespace {

void Prepare(grpc::ClientContext& ctx, const std::string& key,
             std::chrono::milliseconds timeout) {
  ctx.set_deadline(std::chrono::system_clock::now() + timeout);
  if (!key.empty()) ctx.AddMetadata("authorization", "Bearer " + key);
}

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
    Prepare(ctx, key, timeout);
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
    Prepare(ctx, key, timeout);
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
  {
    std::ifstream in(path, std::ios::binary);
    if (!in) return absl::NotFoundError(absl::StrCat("cannot open ", path));
    HeaderMappedCsv csv = AwardCsv(in);
    if (auto s = csv.ReadHeader(); !s.ok()) {
      for (const auto& v : FieldViolationsOf(s))
        problems->push_back({1, "", v.description});
      return s;
    }
    summary.ignored_columns = csv.ignored_columns();
    summary.separator = csv.separator();
    v1::AwardRow row;
    Violations v;
    while (NextRow(csv, *ref, &row, v)) funding::CheckAwardRow(row, v);
    if (!v.empty()) AddViolations(v.Status(), csv, problems);
    for (const auto& p : csv.problems())
      problems->push_back({p.line, "", p.description});
  }
  if (!problems->empty()) {
    std::stable_sort(problems->begin(), problems->end(),
                     [](const ImportProblem& a, const ImportProblem& b) {
                       return a.line < b.line;
                     });
    return absl::InvalidArgumentError(
        absl::StrCat(problems->size(),
                     " problème(s) dans le fichier ; rien n'a été importé"));
  }

  // Pass 2: the rows to the server, in batches over one stream.
  std::ifstream in(path, std::ios::binary);
  HeaderMappedCsv csv = AwardCsv(in);
  if (auto s = csv.ReadHeader(); !s.ok()) return s;
  auto stub = v1::FundingService::NewStub(channel);
  grpc::ClientContext ctx;
  Prepare(ctx, key, options.timeout);
  v1::ImportAwardsResponse resp;
  auto writer = stub->ImportAwards(&ctx, &resp);
  v1::ImportAwardsRequest batch;
  batch.set_parent("tenants/" + options.tenant);
  batch.set_validate_only(options.dry_run);
  bool open = true;
  v1::AwardRow row;
  Violations ignored;  // pass 1 found none
  while (open && NextRow(csv, *ref, &row, ignored)) {
    *batch.add_rows() = std::move(row);
    if (batch.rows_size() >= options.batch_size) {
      open = writer->Write(batch);
      batch.clear_rows();
    }
  }
  if (open) writer->Write(batch);
  writer->WritesDone();
  grpc::Status st = writer->Finish();
  if (!st.ok()) {
    absl::Status s = FromGrpcStatus(st);
    if (s.code() == absl::StatusCode::kInvalidArgument)
      AddViolations(s, csv, problems);
    return s;
  }
  summary.rows = resp.rows();
  summary.created = resp.created();
  summary.updated = resp.updated();
  return summary;
}

}  // namespace poles::cli
