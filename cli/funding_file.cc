#include "cli/funding_file.h"

#include <filesystem>

#include <google/protobuf/util/json_util.h>
#include <nlohmann/json.hpp>

#include "absl/strings/str_cat.h"
#include "cli/funding_import.h"
#include "poles/v1/funding.grpc.pb.h"
#include "services/common/errors.h"
#include "services/common/status_macros.h"

namespace poles::cli {

namespace {

// The string member `key` of `obj`, "" when absent. Present but not a string
// is a violation naming `field` (json::value would throw type_error, which
// nothing here catches: polesctl would abort on `"tenant": []`).
std::string OptionalString(const nlohmann::json& obj, const char* key,
                           const std::string& field, Violations& v) {
  const auto it = obj.find(key);
  if (it == obj.end()) return "";
  if (!it->is_string()) {
    v.Add(field, "must be a string");
    return "";
  }
  return it->get<std::string>();
}

template <typename Message>
void ParseEntries(const nlohmann::json& doc, const char* list,
                  const char* id_key, const char* message_key,
                  std::vector<FundingEntry<Message>>* out, Violations& v) {
  if (!doc.contains(list)) return;
  if (!doc[list].is_array()) {
    v.Add(list, "must be an array");
    return;
  }
  for (size_t i = 0; i < doc[list].size(); ++i) {
    const auto& entry = doc[list][i];
    std::string where = absl::StrCat(list, "[", i, "]");
    if (!entry.is_object() || !entry.contains(id_key) ||
        !entry[id_key].is_string() || !entry.contains(message_key)) {
      v.Add(where, absl::StrCat("must be an object with \"", id_key,
                                "\" and \"", message_key, "\""));
      continue;
    }
    FundingEntry<Message> e;
    e.id = entry[id_key].get<std::string>();
    e.source = OptionalString(entry, "source", where + ".source", v);
    auto s = google::protobuf::util::JsonStringToMessage(
        entry[message_key].dump(), &e.message);
    if (!s.ok()) {
      v.Add(absl::StrCat(where, ".", message_key), std::string(s.message()));
      continue;
    }
    out->push_back(std::move(e));
  }
}

}  // namespace

absl::StatusOr<FundingFile> ParseFundingFile(const std::string& json_text,
                                             const std::string& path) {
  nlohmann::json doc = nlohmann::json::parse(json_text, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) {
    return InvalidField("file", "is not a JSON object");
  }
  FundingFile f;
  Violations v;
  f.tenant = OptionalString(doc, "tenant", "tenant", v);
  const std::string awards_csv =
      OptionalString(doc, "awards_csv", "awards_csv", v);
  if (!awards_csv.empty()) {
    f.awards_csv =
        (std::filesystem::path(path).parent_path() / awards_csv).string();
  }
  ParseEntries(doc, "callsForProjects", "callForProjectsId", "callForProjects",
               &f.calls, v);
  ParseEntries(doc, "reportedTotals", "reportedTotalId", "reportedTotal",
               &f.reported_totals, v);
  ParseEntries(doc, "agreements", "agreementId", "agreement", &f.agreements, v);
  POLES_RETURN_IF_ERROR(v.Status());
  return f;
}

absl::StatusOr<FundingLoadSummary> LoadFundingFile(
    const std::shared_ptr<grpc::Channel>& channel, const std::string& key,
    const FundingFile& f, const std::string& tenant_override,
    std::chrono::milliseconds timeout,
    const std::function<void(size_t, size_t)>& progress) {
  const std::string tenant =
      tenant_override.empty() ? f.tenant : tenant_override;
  const std::string parent = "tenants/" + tenant;
  auto stub = v1::FundingService::NewStub(channel);
  FundingLoadSummary summary;
  auto ctx = [&]() {
    auto c = std::make_unique<grpc::ClientContext>();
    c->set_deadline(std::chrono::system_clock::now() + timeout);
    c->AddMetadata("authorization", "Bearer " + key);
    return c;
  };
  const size_t entries =
      f.calls.size() + f.reported_totals.size() + f.agreements.size();
  size_t done = 0;
  if (progress) progress(0, entries);
  auto settle = [&](const grpc::Status& s,
                    const std::string& what) -> absl::Status {
    if (progress) progress(++done, entries);
    if (s.ok()) {
      ++summary.created;
    } else if (s.error_code() == grpc::StatusCode::ALREADY_EXISTS) {
      ++summary.already_present;
    } else {
      absl::Status st = FromGrpcStatus(s);
      std::string message = absl::StrCat(what, " : ", st.message());
      for (const auto& v : FieldViolationsOf(st)) {
        absl::StrAppend(&message, "; champ ", v.field, " : ", v.description);
      }
      return absl::Status(st.code(), message);
    }
    return absl::OkStatus();
  };
  for (const auto& e : f.calls) {
    v1::CreateCallForProjectsRequest req;
    req.set_parent(parent);
    req.set_call_for_projects_id(e.id);
    req.set_request_id("seed-call-" + e.id);
    *req.mutable_call_for_projects() = e.message;
    v1::CallForProjects out;
    POLES_RETURN_IF_ERROR(settle(
        stub->CreateCallForProjects(ctx().get(), req, &out), "appel " + e.id));
  }
  for (const auto& e : f.reported_totals) {
    v1::CreateReportedTotalRequest req;
    req.set_parent(parent);
    req.set_reported_total_id(e.id);
    req.set_request_id("seed-reported-total-" + e.id);
    *req.mutable_reported_total() = e.message;
    v1::ReportedTotal out;
    POLES_RETURN_IF_ERROR(
        settle(stub->CreateReportedTotal(ctx().get(), req, &out),
               "total rapporté " + e.id));
  }
  for (const auto& e : f.agreements) {
    v1::CreateAgreementRequest req;
    req.set_parent(parent);
    req.set_agreement_id(e.id);
    req.set_request_id("seed-agreement-" + e.id);
    *req.mutable_agreement() = e.message;
    v1::Agreement out;
    POLES_RETURN_IF_ERROR(settle(stub->CreateAgreement(ctx().get(), req, &out),
                                 "entente " + e.id));
  }
  if (!f.awards_csv.empty()) {
    AwardImportOptions options;
    options.tenant = tenant;
    if (progress) {
      options.progress = [&](size_t rows, size_t total) {
        progress(entries + rows, entries + total);
      };
    }
    std::vector<ImportProblem> problems;
    auto imported =
        ImportAwardsCsv(channel, key, f.awards_csv, options, &problems);
    if (!imported.ok()) {
      std::string detail;
      for (const auto& p : problems) {
        absl::StrAppend(&detail, "; ligne ", p.line,
                        p.column.empty()
                            ? ""
                            : absl::StrCat(", colonne « ", p.column, " »"),
                        " : ", p.description);
      }
      return absl::Status(imported.status().code(),
                          absl::StrCat(f.awards_csv, " : ",
                                       imported.status().message(), detail));
    }
    summary.awards = imported->rows;
  }
  return summary;
}

}  // namespace poles::cli
