#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "services/common/mutation.h"
#include "services/common/resource_name.h"
#include "services/common/status_macros.h"
#include "services/directories/directories_logic.h"
#include "services/directories/directories_validation.h"
#include "services/directories/directory_export.h"
#include "services/directories/export_queries.h"
#include "services/directories/reference.h"
#include "services/directories/reference_queries.h"

namespace poles::directories {

absl::Status DirectoriesLogic::ExportDirectory(
    Call& c, const v1::ExportDirectoryRequest& r, v1::DirectoryExport* out) {
  Violations v;
  auto parent = ParseResourceName("parent", r.parent(), {"tenants"});
  v.Merge(parent.status());
  if (r.format() == v1::ExportDirectoryRequest::FORMAT_UNSPECIFIED) {
    v.Add("format", "is required: CSV or HTML");
  } else if (!v1::ExportDirectoryRequest::Format_IsValid(r.format())) {
    v.Add("format", "is not a known format");
  }
  std::string mrc;
  if (!r.mrc().empty()) {
    mrc = ParseMrcName("mrc", r.mrc(), v);
  } else if (r.format() == v1::ExportDirectoryRequest::HTML) {
    v.Add("mrc", "is required for the HTML directory (one page per MRC)");
  }
  POLES_RETURN_IF_ERROR(v.Status());
  const std::string tenant = (*parent)[0];
  POLES_RETURN_IF_ERROR(c.AuthorizeTenant(tenant));
  const bool html = r.format() == v1::ExportDirectoryRequest::HTML;
  return InTenantTransaction(
      c, tenant, [&](storage::TenantTransaction& tx) -> absl::Status {
        std::string mrc_title;
        if (!mrc.empty()) {
          bool found = false;
          for (const auto& row :
               tx.work().exec_prepared(kReference.name, tenant)) {
            if (row["kind"].c_str()[0] == 'm' && mrc == row["id"].c_str()) {
              found = true;
              mrc_title =
                  MrcTitle(row["label"].c_str(),
                           std::string(row["mrc_kind"].c_str()) == "mrc");
            }
          }
          if (!found)
            return InvalidField("mrc",
                                "is not an MRC of the tenant's territory");
        }
        pqxx::result name = tx.work().exec_prepared(kTenantName.name, tenant);
        const std::string pole =
            name.empty() ? tenant : name[0]["display_name"].c_str();
        std::vector<DirectoryEntry> entries;
        for (const auto& row : tx.work().exec_prepared(
                 html ? kExportRowsBySector.name : kExportRows.name, tenant,
                 mrc)) {
          DirectoryEntry e;
          e.display_name = row["display_name"].c_str();
          e.legal_form =
              LegalFormLabel(LegalFormFromCode(row["legal_form"].c_str()));
          e.sector = row["sector"].c_str();
          e.mrc = row["mrc"].c_str();
          e.municipality = row["municipality"].c_str();
          e.address = row["address"].c_str();
          e.phone = row["phone"].c_str();
          e.email = row["email"].c_str();
          e.website = row["website"].c_str();
          e.neq = row["neq"].c_str();
          entries.push_back(std::move(e));
        }
        const std::string base =
            absl::StrCat("repertoire-", tenant, mrc.empty() ? "" : "-", mrc);
        if (html) {
          out->set_content_type("text/html; charset=utf-8");
          out->set_filename(base + ".html");
          out->set_data(
              RenderDirectoryHtml(pole, mrc_title, entries, TodayInMontreal()));
        } else {
          out->set_content_type("text/csv; charset=utf-8");
          out->set_filename(base + ".csv");
          out->set_data(RenderDirectoryCsv(entries, r.semicolon() ? ';' : ','));
        }
        return absl::OkStatus();
      });
}

}  // namespace poles::directories
