#include "services/funding/award_export_rpc.h"

#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "services/common/mutation.h"
#include "services/common/resource_name.h"
#include "services/common/status_macros.h"
#include "services/common/validation.h"
#include "services/funding/award_export.h"
#include "services/funding/awards_queries.h"
#include "services/funding/awards_rows.h"
#include "services/funding/funding_validation.h"

namespace poles::funding {

namespace {

std::string TodayInMontreal() {
  absl::TimeZone tz;
  if (!absl::LoadTimeZone("America/Montreal", &tz)) tz = absl::UTCTimeZone();
  return absl::FormatTime("%Y-%m-%d", absl::Now(), tz);
}

}  // namespace

absl::Status ExportAwards(Call& c, const v1::ExportAwardsRequest& r, v1::AwardsExport* out) {
  POLES_RETURN_IF_ERROR(Validate(r));
  const std::string tenant = (*ParseResourceName("parent", r.parent(), {"tenants"}))[0];
  POLES_RETURN_IF_ERROR(c.AuthorizeTenant(tenant));
  const int fiscal_year =
      r.fiscal_year().empty() ? -1 : *ParseFiscalYear("fiscal_year", r.fiscal_year());
  AwardExportInfo info;
  info.tenant = tenant;
  info.fiscal_year = r.fiscal_year();
  info.generated_date = TodayInMontreal();
  std::vector<ExportedAward> awards;
  POLES_RETURN_IF_ERROR(InTenantTransaction(c, tenant, [&](storage::TenantTransaction& tx)
                                                           -> absl::Status {
    pqxx::result name = tx.work().exec_prepared(kTenantName.name, tenant);
    if (name.empty()) return NotFound(r.parent());
    info.tenant_name = name[0]["display_name"].c_str();
    for (const auto& row : tx.work().exec_prepared(kAwardExportRows.name, tenant, fiscal_year)) {
      ExportedAward a;
      AwardFromRow(tenant, row, &a.award);
      a.funder_label = row["funder_label"].c_str();
      a.program_label = row["program_label"].c_str();
      a.mrc_name = row["mrc_name"].c_str();
      awards.push_back(std::move(a));
    }
    return absl::OkStatus();
  }));
  const std::string suffix = r.fiscal_year().empty() ? "" : absl::StrCat("-", r.fiscal_year());
  if (r.format() == v1::ExportAwardsRequest::CSV) {
    out->set_content_type("text/csv; charset=utf-8");
    out->set_filename(absl::StrCat("subventions-", tenant, suffix, ".csv"));
    out->set_data(RenderAwardsCsv(info, awards, r.semicolon()));
  } else {
    out->set_content_type("application/json");
    out->set_filename(absl::StrCat("subventions-", tenant, suffix, ".360giving.json"));
    out->set_data(RenderAwards360Giving(info, awards));
  }
  return absl::OkStatus();
}

}  // namespace poles::funding
