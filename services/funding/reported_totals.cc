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
  POLES_ASSIGN_OR_RETURN(
      auto ids,
      ParseResourceName("name", r.name(), {"tenants", "reportedTotals"}));
  POLES_RETURN_IF_ERROR(c.AuthorizeTenant(ids[0]));
  return InTenantTransaction(
      c, ids[0], [&](storage::TenantTransaction& tx) -> absl::Status {
        pqxx::result rows =
            tx.work().exec_prepared(kReportedTotalGet.name, ids[0], ids[1]);
        if (rows.empty()) return NotFound(r.name());
        ReportedTotalFromRow(ids[0], rows[0], out);
        return absl::OkStatus();
      });
}

absl::Status ReportedTotals::ListReportedTotals(
    Call& c, const v1::ListReportedTotalsRequest& r,
    v1::ListReportedTotalsResponse* out) {
  Violations v;
  auto parent = ParseResourceName("parent", r.parent(), {"tenants"});
  v.Merge(parent.status());
  auto size = EffectivePageSize(r.page_size());
  v.Merge(size.status());
  int fiscal_year = -1;
  if (!r.fiscal_year().empty()) {
    auto fy = ParseFiscalYear("fiscal_year", r.fiscal_year());
    v.Merge(fy.status());
    if (fy.ok()) fiscal_year = *fy;
  }
  const std::string funder = ParseFunderRef(v, "funder", r.funder(), false);
  POLES_RETURN_IF_ERROR(v.Status());
  const std::string tenant = (*parent)[0];
  POLES_RETURN_IF_ERROR(c.AuthorizeTenant(tenant));
  const std::string filter = absl::StrCat(fiscal_year, "|", funder);
  POLES_ASSIGN_OR_RETURN(auto key, DecodePageToken(page_tokens_, r.page_token(),
                                                   r.parent(), filter, 2));
  return InTenantTransaction(
      c, tenant, [&](storage::TenantTransaction& tx) -> absl::Status {
        pqxx::result rows =
            tx.work().exec_prepared(kReportedTotalList.name, tenant, key[0],
                                    key[1], fiscal_year, funder, *size + 1);
        for (int i = 0; i < static_cast<int>(rows.size()) && i < *size; ++i) {
          ReportedTotalFromRow(tenant, rows[i], out->add_reported_totals());
        }
        if (static_cast<int>(rows.size()) > *size) {
          const auto& last = rows[*size - 1];
          out->set_next_page_token(
              page_tokens_.Encode(r.parent(), filter,
                                  {last["fiscal_year"].c_str(),
                                   last["reported_total_id"].c_str()}));
        }
        return absl::OkStatus();
      });
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
  return InTenantTransaction(
      c, tenant, [&](storage::TenantTransaction& tx) -> absl::Status {
        pqxx::result cur =
            tx.work().exec_prepared(kReportedTotalLock.name, tenant, ids[1]);
        if (cur.empty()) return NotFound(in.name());
        POLES_RETURN_IF_ERROR(
            CheckEtag(in.etag(), cur[0]["version"].as<int64_t>()));
        v1::ReportedTotal m;
        ReportedTotalFromRow(tenant, cur[0], &m);
        if (HasPath(paths, "funder")) m.set_funder(in.funder());
        if (HasPath(paths, "program")) m.set_program(in.program());
        if (HasPath(paths, "fiscal_year")) m.set_fiscal_year(in.fiscal_year());
        if (HasPath(paths, "measure")) m.set_measure(in.measure());
        if (HasPath(paths, "title")) m.set_title(in.title());
        if (HasPath(paths, "total")) m.set_total(in.total());
        if (HasPath(paths, "breakdowns"))
          *m.mutable_breakdowns() = in.breakdowns();
        if (HasPath(paths, "source_note")) m.set_source_note(in.source_note());
        if (HasPath(paths, "as_published"))
          m.set_as_published(in.as_published());
        m.clear_findings();
        Violations v;
        ValidateReportedTotal(m, "reported_total", tenant, v);
        POLES_RETURN_IF_ERROR(v.Status());
        POLES_RETURN_IF_ERROR(WriteReportedTotal(tx, kReportedTotalUpdate.name,
                                                 tenant, ids[1], m, out));
        return WriteAudit(tx, c, out->name());
      });
}

absl::Status ReportedTotals::DeleteReportedTotal(
    Call& c, const v1::DeleteReportedTotalRequest& r) {
  POLES_ASSIGN_OR_RETURN(
      auto ids,
      ParseResourceName("name", r.name(), {"tenants", "reportedTotals"}));
  POLES_RETURN_IF_ERROR(c.AuthorizeTenant(ids[0]));
  const std::string& tenant = ids[0];
  return InTenantTransaction(
      c, tenant, [&](storage::TenantTransaction& tx) -> absl::Status {
        pqxx::result cur =
            tx.work().exec_prepared(kReportedTotalLock.name, tenant, ids[1]);
        if (cur.empty()) return NotFound(r.name());
        POLES_RETURN_IF_ERROR(
            CheckEtag(r.etag(), cur[0]["version"].as<int64_t>()));
        tx.work().exec_prepared(kReportedTotalDelete.name, tenant, ids[1]);
        return WriteAudit(tx, c, r.name());
      });
}

}  // namespace poles::funding
