#include "services/fiscal_years/fiscal_years.h"

#include "absl/strings/str_cat.h"
#include "services/common/errors.h"
#include "services/common/mutation.h"
#include "services/common/status_macros.h"
#include "services/fiscal_years/fiscal_years_queries.h"
#include "services/fiscal_years/fiscal_years_validation.h"

namespace poles::fiscal_years {

namespace {

// The one mapper of a fiscal_year_submissions row (columns: see
// fiscal_years_queries.h). `DbRow` is a pqxx::row or a storage::Row.
template <typename DbRow>
void FiscalYearFromRow(absl::string_view tenant, const DbRow& row,
                       v1::FiscalYear* out) {
  out->set_name(FiscalYearName(tenant, row["fiscal_year"].template as<int>()));
  const std::string state = row["state"].c_str();
  out->set_state(state == "submitted" ? v1::FiscalYear::SUBMITTED
                                      : v1::FiscalYear::OPEN);
  SetTimestamp(row["submit_micros"].template as<long long>(),
               out->mutable_submit_time());
  out->set_submitted_by(row["submitted_by"].c_str());
  if (const auto unlock = row["unlock_micros"].template as<long long>();
      unlock >= 0) {
    SetTimestamp(unlock, out->mutable_unlock_time());
  }
  out->set_unlocked_by(row["unlocked_by"].c_str());
  out->set_unlock_reason(row["unlock_reason"].c_str());
}

}  // namespace

std::string PrincipalLabel(const Principal& principal) {
  if (principal.tenant.empty()) return RoleName(principal.role);
  return absl::StrCat(principal.tenant, " ", RoleName(principal.role));
}

absl::Status FiscalYearsLogic::SubmitFiscalYear(
    Call& c, const v1::SubmitFiscalYearRequest& r, v1::FiscalYear* out) {
  POLES_ASSIGN_OR_RETURN(YearName year, Validate(r));
  POLES_RETURN_IF_ERROR(c.AuthorizeTenant(year.tenant));
  return InTenantTransaction(
      c, year.tenant, [&](storage::TenantTransaction& tx) -> absl::Status {
        POLES_ASSIGN_OR_RETURN(bool replay,
                               LoadReplay(tx, r.request_id(), c, r, out));
        if (replay) return absl::OkStatus();
        pqxx::result current = tx.work().exec_prepared(
            kFiscalYearLock.name, year.tenant, year.fiscal_year);
        if (!current.empty() &&
            std::string(current[0]["state"].c_str()) == "submitted") {
          return WithReason(absl::FailedPreconditionError(absl::StrCat(
                                r.name(),
                                " is already submitted; the Chantier or the "
                                "platform admin can unlock it")),
                            "FISCAL_YEAR_ALREADY_SUBMITTED");
        }
        pqxx::result rows = tx.work().exec_prepared(
            kFiscalYearSubmit.name, year.tenant, year.fiscal_year,
            c.principal.key_id, PrincipalLabel(c.principal));
        FiscalYearFromRow(year.tenant, rows[0], out);
        POLES_RETURN_IF_ERROR(WriteAudit(tx, c, out->name()));
        return SaveReplay(tx, r.request_id(), c, r, *out);
      });
}

absl::Status FiscalYearsLogic::UnlockFiscalYear(
    Call& c, const v1::UnlockFiscalYearRequest& r, v1::FiscalYear* out) {
  POLES_ASSIGN_OR_RETURN(YearName year, Validate(r));
  POLES_RETURN_IF_ERROR(c.AuthorizeTenant(year.tenant));
  return InTenantTransaction(
      c, year.tenant, [&](storage::TenantTransaction& tx) -> absl::Status {
        POLES_ASSIGN_OR_RETURN(bool replay,
                               LoadReplay(tx, r.request_id(), c, r, out));
        if (replay) return absl::OkStatus();
        pqxx::result rows = tx.work().exec_prepared(
            kFiscalYearUnlock.name, year.tenant, year.fiscal_year,
            c.principal.key_id, PrincipalLabel(c.principal), r.reason());
        if (rows.empty()) {
          return WithReason(absl::FailedPreconditionError(
                                absl::StrCat(r.name(), " is not submitted")),
                            "FISCAL_YEAR_NOT_SUBMITTED");
        }
        FiscalYearFromRow(year.tenant, rows[0], out);
        POLES_RETURN_IF_ERROR(WriteAudit(tx, c, out->name()));
        return SaveReplay(tx, r.request_id(), c, r, *out);
      });
}

absl::Status FiscalYearsLogic::GetFiscalYear(Call& c,
                                             const v1::GetFiscalYearRequest& r,
                                             v1::FiscalYear* out) {
  POLES_ASSIGN_OR_RETURN(YearName year, Validate(r));
  POLES_RETURN_IF_ERROR(c.AuthorizeTenant(year.tenant));
  POLES_ASSIGN_OR_RETURN(
      auto rows, ReadTenant(c, year.tenant, kFiscalYearGet.name,
                            {year.tenant, std::to_string(year.fiscal_year)}));
  if (rows.empty()) {
    out->set_name(FiscalYearName(year.tenant, year.fiscal_year));
    out->set_state(v1::FiscalYear::OPEN);
    return absl::OkStatus();
  }
  FiscalYearFromRow(year.tenant, rows[0], out);
  return absl::OkStatus();
}

absl::Status FiscalYearsLogic::ListFiscalYears(
    Call& c, const v1::ListFiscalYearsRequest& r,
    v1::ListFiscalYearsResponse* out) {
  POLES_ASSIGN_OR_RETURN(std::string tenant, Validate(r));
  POLES_RETURN_IF_ERROR(c.AuthorizeTenant(tenant));
  POLES_ASSIGN_OR_RETURN(auto rows,
                         ReadTenant(c, tenant, kFiscalYearList.name, {tenant}));
  for (const auto& row : rows) {
    FiscalYearFromRow(tenant, row, out->add_fiscal_years());
  }
  return absl::OkStatus();
}

}  // namespace poles::fiscal_years
