#include "services/funding/award_export_rpc.h"

#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "services/common/mutation.h"
#include "services/common/resource_name.h"
#include "services/common/status_macros.h"
#include "services/common/time_zone.h"
#include "services/common/validation.h"
#include "services/funding/award_export.h"
#include "services/funding/awards_queries.h"
#include "services/funding/awards_rows.h"
#include "services/funding/funding_validation.h"

namespace poles::funding {

namespace {

std::string TodayInMontreal() {
  return absl::FormatTime("%Y-%m-%d", absl::Now(), MontrealTimeZone());
}

}  // namespace

absl::Status ExportAwards(Call& c, const v1::ExportAwardsRequest& r,
                          v1::AwardsExport* out) {
  POLES_RETURN_IF_ERROR(Validate(r));
  const std::string tenant =
      (*ParseResourceName("parent", r.parent(), {"tenants"}))[0];
  POLES_RETURN_IF_ERROR(c.AuthorizeTenant(tenant));
  const int fiscal_year =
      r.fiscal_year().empty()
          ? -1
          : *ParseFiscalYear("fiscal_year", r.fiscal_year());
  AwardExportContext context;
  context.tenant = tenant;
  context.issued = TodayInMontreal();
  std::vector<v1::Award> awards;
  POLES_RETURN_IF_ERROR(InTenantTransaction(
      c, tenant, [&](storage::TenantTransaction& tx) -> absl::Status {
        pqxx::result name = tx.work().exec_prepared(kTenantName.name, tenant);
        if (name.empty()) return NotFound(r.parent());
        context.publisher_name = name[0]["display_name"].c_str();
        for (const auto& row : tx.work().exec_prepared(kAwardExportRows.name,
                                                       tenant, fiscal_year)) {
          v1::Award a;
          AwardFromRow(tenant, row, &a);
          context.funder_labels[a.funder()] = row["funder_label"].c_str();
          context.program_labels[a.program()] = row["program_label"].c_str();
          if (!a.recipient_snapshot().mrc().empty()) {
            context.mrc_labels[a.recipient_snapshot().mrc()] =
                row["mrc_name"].c_str();
          }
          awards.push_back(std::move(a));
        }
        return absl::OkStatus();
      }));
  const std::string suffix =
      r.fiscal_year().empty() ? "" : absl::StrCat("-", r.fiscal_year());
  if (r.format() == v1::ExportAwardsRequest::CSV) {
    out->set_content_type("text/csv; charset=utf-8");
    out->set_filename(absl::StrCat("subventions-", tenant, suffix, ".csv"));
    out->set_data(RenderAwardsCsv(awards, context, r.semicolon() ? ';' : ','));
  } else {
    out->set_content_type("application/json");
    out->set_filename(
        absl::StrCat("subventions-", tenant, suffix, ".360giving.json"));
    out->set_data(RenderAwards360Giving(awards, context));
  }
  return absl::OkStatus();
}

}  // namespace poles::funding
