#include <algorithm>
#include <array>
#include <optional>
#include <string>
#include <tuple>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "services/common/mutation.h"
#include "services/common/resource_name.h"
#include "services/common/standard_methods.h"
#include "services/common/status_macros.h"
#include "services/directories/directories_logic.h"
#include "services/directories/directories_validation.h"
#include "services/directories/import_index.h"
#include "services/directories/import_queries.h"
#include "services/directories/organisation_import.h"
#include "services/directories/organisations.h"
#include "services/directories/reference.h"

namespace poles::directories {

namespace {

using Json = nlohmann::json;

// The state of one import stream, across its batches.
struct ImportState {
  std::string tenant;
  DirectoryReference ref;
  std::string today;
  ImportIndex index;
  // Organisation id -> the line that wrote it, to refuse two lines of the
  // file naming the same organisation (a few MB for 100 000 rows).
  std::unordered_map<std::string, int> touched;
  Violations errors;
  int error_count = 0;
  int rows = 0, created = 0, updated = 0, unchanged = 0;
};

constexpr int kMaxImportRowsPerMessage = 1000;
constexpr int kMaxReportedImportErrors = 25;

void AddImportError(ImportState& s, const FieldViolation& v) {
  if (++s.error_count <= kMaxReportedImportErrors)
    s.errors.Add(v.field, v.description);
}

void LoadImportIndex(pqxx::work& w, ImportState& s) {
  w.exec_prepared(kImportLock.name, s.tenant);
  for (const auto& row : w.exec_prepared(kImportExisting.name, s.tenant)) {
    s.index.Add(row["organisation_id"].c_str(), row["neq"].c_str(),
                row["sort_name"].c_str());
  }
}

// Applies one batch of rows (in the import's transaction).
void ImportBatch(
    pqxx::work& w, ImportState& s,
    const google::protobuf::RepeatedPtrField<v1::OrganisationRow>& rows) {
  s.rows += rows.size();
  // 1. The folded names of the rows.
  Json names = Json::array();
  for (const auto& row : rows) {
    names.push_back({{"line", row.line()},
                     {"name", std::string(absl::StripAsciiWhitespace(
                                  row.display_name()))}});
  }
  std::unordered_map<int, std::string> folded_of;
  for (const auto& f : w.exec_prepared(kImportFold.name, names.dump())) {
    folded_of[f["line"].as<int>()] =
        f["folded"].is_null() ? "" : f["folded"].c_str();
  }
  // 2. Which organisation each row is about: by NEQ, then by name; "" to
  // create one. Checked again row by row below, against the index as the
  // earlier rows of the batch leave it.
  struct Keys {
    std::string neq, folded;
  };
  std::vector<Keys> keys;
  keys.reserve(rows.size());
  for (const auto& row : rows) {
    auto neq_value = NormalizeNeq(absl::StripAsciiWhitespace(row.neq()));
    const bool has_neq = std::find(row.present().begin(), row.present().end(),
                                   "neq") != row.present().end();
    keys.push_back({has_neq && neq_value.has_value() ? *neq_value : "",
                    folded_of[row.line()]});
  }
  auto match = [&](const Keys& k,
                   std::string* target) -> std::optional<std::string> {
    *target = s.index.ByNeq(k.neq);
    if (!target->empty()) return std::nullopt;
    std::vector<std::string> same_name =
        s.index.ByName(k.folded, !k.neq.empty());
    if (same_name.size() > 1) {
      return "several organisations have this name; give the NEQ to say which "
             "one";
    }
    if (same_name.size() == 1) *target = same_name[0];
    return std::nullopt;
  };
  // 3. The stored organisations the rows update.
  Json wanted = Json::array();
  for (const auto& k : keys) {
    std::string target;
    if (!match(k, &target).has_value() && !target.empty())
      wanted.push_back(target);
  }
  std::unordered_map<std::string, v1::Organisation> stored;
  std::unordered_map<std::string, std::string> stored_folded;
  if (!wanted.empty()) {
    for (const auto& row :
         w.exec_prepared(kOrgGetMany.name, s.tenant, wanted.dump())) {
      const std::string id = row["organisation_id"].c_str();
      OrganisationFromRow(s.tenant, row, &stored[id]);
      stored_folded[id] = row["sort_name"].c_str();
    }
  }
  // 4. Each row in turn: match, apply, check; the index follows what the
  // batch writes, so a later line finds an organisation an earlier line
  // created, renamed or gave a NEQ (and is refused as the same one).
  // The valid rows go to the staging table as they are checked, and are
  // written even after an error (the transaction will be rolled back), as
  // later batches are matched against them.
  int creates = 0, updates = 0;
  pqxx::stream_to stage(w, kImportStage);
  auto to_stage = [&](const char* op, const std::string& id,
                      const v1::Organisation& org) {
    OrganisationCells cells = CellsOf(id, org);
    std::array<std::string, 1 + std::tuple_size<OrganisationCells>::value> line;
    line[0] = op;
    std::move(cells.begin(), cells.end(), line.begin() + 1);
    stage << line;
  };
  for (int i = 0; i < rows.size(); ++i) {
    const v1::OrganisationRow& row = rows[i];
    const int line = row.line();
    std::string target;
    if (auto problem = match(keys[i], &target)) {
      AddImportError(s, {LineField(line, "display_name"), *problem});
      continue;
    }
    if (!target.empty()) {
      auto [it, fresh] = s.touched.emplace(target, line);
      if (!fresh) {
        AddImportError(
            s, {LineField(line, "display_name"),
                absl::StrCat("is the same organisation as line ", it->second)});
        continue;
      }
      if (stored.count(target) == 0) {  // deleted by someone else meanwhile
        AddImportError(
            s,
            {LineField(line, "display_name"),
             "names an organisation deleted during the import; import again"});
        continue;
      }
    }
    v1::Organisation org;
    if (!target.empty()) org = stored[target];
    const std::string old_neq = org.neq();
    Violations v;
    ApplyImportRow(row, s.ref, s.today, &org, v);
    if (!v.empty()) {
      for (const auto& fv : FieldViolationsOf(v.Status()))
        AddImportError(s, fv);
      continue;
    }
    if (target.empty()) {
      std::string id = NewResourceId();
      s.touched.emplace(id, line);
      s.index.Add(id, org.neq(), keys[i].folded);
      to_stage("create", id, org);
      ++creates;
    } else {
      const std::string& old_folded = stored_folded[target];
      const bool renamed = std::find(row.present().begin(), row.present().end(),
                                     "display_name") != row.present().end();
      const std::string& new_folded = renamed ? keys[i].folded : old_folded;
      if (old_neq != org.neq() || old_folded != new_folded) {
        s.index.Remove(target, old_neq, old_folded);
        s.index.Add(target, org.neq(), new_folded);
      }
      to_stage("update", target, org);
      ++updates;
    }
  }
  stage.complete();
  if (creates > 0) {
    s.created += static_cast<int>(
        w.exec_params(kImportStageInsert.sql, s.tenant).affected_rows());
  }
  if (updates > 0) {
    const int changed = static_cast<int>(
        w.exec_params(kImportStageUpdate.sql, s.tenant).size());
    s.updated += changed;
    s.unchanged += updates - changed;
  }
  w.exec(kImportStageClear.sql);
}

}  // namespace

absl::Status DirectoriesLogic::ImportOrganisations(
    Call& c, MessageSource<v1::ImportOrganisationsRequest>& source,
    v1::ImportOrganisationsResponse* out) {
  v1::ImportOrganisationsRequest first;
  if (!source.Next(&first)) {
    POLES_RETURN_IF_ERROR(source.status());
    return InvalidField("parent", "is required in the first message");
  }
  POLES_ASSIGN_OR_RETURN(
      auto parent, ParseResourceName("parent", first.parent(), {"tenants"}));
  const std::string tenant = parent[0];
  POLES_RETURN_IF_ERROR(c.AuthorizeTenant(tenant));
  const bool validate_only = first.validate_only();
  const std::string parent_name = first.parent();
  ImportState s;
  s.tenant = tenant;
  s.today = TodayInMontreal();
  absl::Status status = InTenantTransaction(
      c, tenant,
      [&](storage::TenantTransaction& tx) -> absl::Status {
        s.ref = LoadReference(tx.work(), tenant);
        LoadImportIndex(tx.work(), s);
        tx.work().exec(kImportStageCreate.sql);
        v1::ImportOrganisationsRequest msg = std::move(first);
        for (;;) {
          if (!msg.parent().empty() && msg.parent() != parent_name) {
            return InvalidField("parent", "must be the same in every message");
          }
          if (msg.rows_size() > kMaxImportRowsPerMessage) {
            return InvalidField("rows", absl::StrCat("must have at most ",
                                                     kMaxImportRowsPerMessage,
                                                     " rows per message"));
          }
          for (const auto& row : msg.rows()) {
            if (row.line() < 1)
              return InvalidField(
                  "rows.line", "must be a line number of the file (1 or more)");
          }
          ImportBatch(tx.work(), s, msg.rows());
          msg.Clear();
          if (!source.Next(&msg)) break;
        }
        POLES_RETURN_IF_ERROR(source.status());
        if (s.error_count > 0) {
          // A short message and the first violations only: the whole status
          // travels in the trailers, which clients cap at 8 KiB.
          absl::Status bad = s.errors.Status();
          absl::Status summary = absl::InvalidArgumentError(absl::StrCat(
              s.error_count, " problem(s) in the rows; nothing was imported",
              s.error_count > kMaxReportedImportErrors
                  ? absl::StrCat(" (the first ", kMaxReportedImportErrors,
                                 " are listed)")
                  : ""));
          bad.ForEachPayload([&](absl::string_view url, const absl::Cord& v) {
            summary.SetPayload(url, v);
          });
          return summary;
        }
        // A dry run is rolled back: nothing was written, so nothing to audit.
        if (validate_only) return absl::OkStatus();
        return WriteAudit(
            tx, c, absl::StrCat("tenants/", tenant, "/organisations:import"));
      },
      kNeqTaken,
      validate_only ? TransactionEnd::kRollBack : TransactionEnd::kCommit);
  POLES_RETURN_IF_ERROR(status);
  out->set_rows(s.rows);
  out->set_created(s.created);
  out->set_updated(s.updated);
  out->set_unchanged(s.unchanged);
  out->set_validate_only(validate_only);
  return absl::OkStatus();
}

}  // namespace poles::directories
