#include "services/funding/reported_totals.h"

#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "services/common/mutation.h"
#include "services/common/resource_name.h"
#include "services/common/standard_methods.h"
#include "services/common/status_macros.h"
#include "services/common/validation.h"
#include "services/funding/funding_validation.h"
#include "services/funding/programs.h"
#include "services/funding/reported_totals_queries.h"
#include "services/funding/reported_totals_rows.h"
#include "services/funding/tenant_resources.h"

namespace poles::funding {

namespace {

// Reconciles, checks the references and writes total `id` (validated) with
// `statement` (insert or update), then reads it back.
absl::Status WriteReportedTotal(storage::TenantTransaction& tx,
                                const char* statement,
                                const std::string& tenant,
                                const std::string& id,
                                const v1::ReportedTotal& t,
                                v1::ReportedTotal* out) {
  if (!t.as_published())
    POLES_RETURN_IF_ERROR(MismatchError(ReconcileBreakdowns(t)));
  Violations ignored;
  const std::string funder =
      ParseFunderRef(ignored, "funder", t.funder(), true);
  POLES_RETURN_IF_ERROR(CheckFunder(tx, "reported_total.funder", funder));
  POLES_RETURN_IF_ERROR(
      CheckProgram(tx, tenant, "reported_total.program", t.program(), funder));
  tx.work().exec_prepared(statement, pqxx::prepare::make_dynamic_params(
                                         ReportedTotalParams(tenant, id, t)));
  ReportedTotalFromRow(
      tenant, tx.work().exec_prepared(kReportedTotalGet.name, tenant, id)[0],
      out);
  return absl::OkStatus();
}

}  // namespace

absl::Status ReportedTotals::CreateReportedTotal(
    Call& c, const v1::CreateReportedTotalRequest& r, v1::ReportedTotal* out) {
  POLES_RETURN_IF_ERROR(Validate(r));
  const std::string tenant =
      (*ParseResourceName("parent", r.parent(), {"tenants"}))[0];
  POLES_RETURN_IF_ERROR(c.AuthorizeTenant(tenant));
  const std::string id =
      r.reported_total_id().empty() ? NewResourceId() : r.reported_total_id();
  return CreateTenantResource(
      c, tenant, r,
      [&](storage::TenantTransaction& tx) -> absl::Status {
        return WriteReportedTotal(tx, kReportedTotalInsert.name, tenant, id,
                                  r.reported_total(), out);
      },
      "a reported total with this reported_total_id already exists", out);
}

absl::Status ReportedTotals::GetReportedTotal(
    Call& c, const v1::GetReportedTotalRequest& r, v1::ReportedTotal* out) {
  return GetResourceInTransaction(c, r.name(), "reportedTotals",
                                  kReportedTotalGet.name, ReportedTotalFromRow,
                                  out);
}

absl::Status ReportedTotals::ListReportedTotals(
    Call& c, const v1::ListReportedTotalsRequest& r,
    v1::ListReportedTotalsResponse* out) {
  POLES_ASSIGN_OR_RETURN(
      ListScope scope,
      ParseListRequest(c, page_tokens_, r.parent(), r.page_size(),
                       r.page_token(), r.fiscal_year(), &r.funder()));
  return ListResourcesInTransaction(
      c, scope, page_tokens_, r.parent(), kReportedTotalList.name,
      "fiscal_year", "reported_total_id", ReportedTotalFromRow,
      [&] { return out->add_reported_totals(); },
      out->mutable_next_page_token());
}

absl::Status ReportedTotals::UpdateReportedTotal(
    Call& c, const v1::UpdateReportedTotalRequest& r, v1::ReportedTotal* out) {
  POLES_ASSIGN_OR_RETURN(
      auto ids,
      ParseResourceName("reported_total.name", r.reported_total().name(),
                        {"tenants", "reportedTotals"}));
  POLES_ASSIGN_OR_RETURN(
      auto paths,
      MaskPaths(r.update_mask(),
                {"funder", "program", "fiscal_year", "measure", "title",
                 "total", "breakdowns", "source_note", "as_published"},
                {"name", "findings", "create_time", "update_time", "etag"}));
  const std::string& tenant = ids[0];
  POLES_RETURN_IF_ERROR(c.AuthorizeTenant(tenant));
  const v1::ReportedTotal& in = r.reported_total();
  const auto merge = [&](v1::ReportedTotal& m) {
    if (HasPath(paths, "funder")) m.set_funder(in.funder());
    if (HasPath(paths, "program")) m.set_program(in.program());
    if (HasPath(paths, "fiscal_year")) m.set_fiscal_year(in.fiscal_year());
    if (HasPath(paths, "measure")) m.set_measure(in.measure());
    if (HasPath(paths, "title")) m.set_title(in.title());
    if (HasPath(paths, "total")) m.set_total(in.total());
    if (HasPath(paths, "breakdowns")) *m.mutable_breakdowns() = in.breakdowns();
    if (HasPath(paths, "source_note")) m.set_source_note(in.source_note());
    if (HasPath(paths, "as_published")) m.set_as_published(in.as_published());
    m.clear_findings();
    Violations v;
    ValidateReportedTotal(m, "reported_total", tenant, v);
    return v.Status();
  };
  return UpdateResourceInTransaction(
      c, tenant, ids[1], in, kReportedTotalLock.name, ReportedTotalFromRow,
      merge,
      [&](storage::TenantTransaction& tx, const v1::ReportedTotal& m) {
        return WriteReportedTotal(tx, kReportedTotalUpdate.name, tenant, ids[1],
                                  m, out);
      },
      out);
}

absl::Status ReportedTotals::DeleteReportedTotal(
    Call& c, const v1::DeleteReportedTotalRequest& r) {
  return DeleteResourceInTransaction(c, r.name(), "reportedTotals", r.etag(),
                                     kReportedTotalLock.name,
                                     kReportedTotalDelete.name);
}

}  // namespace poles::funding
