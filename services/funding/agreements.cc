#include "services/funding/agreements.h"

#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "services/common/mutation.h"
#include "services/common/resource_name.h"
#include "services/common/standard_methods.h"
#include "services/common/status_macros.h"
#include "services/common/validation.h"
#include "services/funding/agreements_queries.h"
#include "services/funding/agreements_rows.h"
#include "services/funding/funding_validation.h"
#include "services/funding/programs.h"
#include "services/funding/tenant_resources.h"

namespace poles::funding {

namespace {

std::string MoneyParam(bool present, const v1::Money& m) {
  return present ? std::to_string(m.cents()) : "";
}

// Checks the references and writes the agreement `id` (validated) with
// `statement` (insert or update) and its years, then reads it back.
absl::Status WriteAgreement(storage::TenantTransaction& tx,
                            const char* statement, const std::string& tenant,
                            const std::string& id, const v1::Agreement& a,
                            v1::Agreement* out) {
  Violations ignored;
  const std::string funder =
      ParseFunderRef(ignored, "agreement.funder", a.funder(), true);
  POLES_RETURN_IF_ERROR(CheckFunder(tx, "agreement.funder", funder));
  POLES_RETURN_IF_ERROR(
      CheckProgram(tx, tenant, "agreement.program", a.program(), funder));
  tx.work().exec_prepared(statement, pqxx::prepare::make_dynamic_params(
                                         AgreementParams(tenant, id, a)));
  tx.work().exec_prepared(kAgreementYearsDelete.name, tenant, id);
  for (const auto& y : a.years()) {
    tx.work().exec_prepared(
        kAgreementYearInsert.name, tenant, id,
        *ParseFiscalYear("", y.fiscal_year()),
        MoneyParam(y.has_amount(), y.amount()),
        MoneyParam(y.has_matching_required(), y.matching_required()),
        MoneyParam(y.has_matching_received(), y.matching_received()));
  }
  AgreementFromRow(
      tenant, tx.work().exec_prepared(kAgreementGet.name, tenant, id)[0], out);
  return absl::OkStatus();
}

}  // namespace

absl::Status Agreements::CreateAgreement(Call& c,
                                         const v1::CreateAgreementRequest& r,
                                         v1::Agreement* out) {
  POLES_RETURN_IF_ERROR(Validate(r));
  const std::string tenant =
      (*ParseResourceName("parent", r.parent(), {"tenants"}))[0];
  POLES_RETURN_IF_ERROR(c.AuthorizeTenant(tenant));
  const std::string id =
      r.agreement_id().empty() ? NewResourceId() : r.agreement_id();
  return CreateTenantResource(
      c, tenant, r,
      [&](storage::TenantTransaction& tx) -> absl::Status {
        return WriteAgreement(tx, kAgreementInsert.name, tenant, id,
                              r.agreement(), out);
      },
      "an agreement with this agreement_id already exists", out);
}

absl::Status Agreements::GetAgreement(Call& c, const v1::GetAgreementRequest& r,
                                      v1::Agreement* out) {
  return GetResourceInTransaction(c, r.name(), "agreements", kAgreementGet.name,
                                  AgreementFromRow, out);
}

absl::Status Agreements::ListAgreements(Call& c,
                                        const v1::ListAgreementsRequest& r,
                                        v1::ListAgreementsResponse* out) {
  POLES_ASSIGN_OR_RETURN(
      ListScope scope,
      ParseListRequest(c, page_tokens_, r.parent(), r.page_size(),
                       r.page_token(), r.fiscal_year(), &r.funder()));
  return ListResourcesInTransaction(
      c, scope, page_tokens_, r.parent(), kAgreementList.name,
      "start_fiscal_year", "agreement_id", AgreementFromRow,
      [&] { return out->add_agreements(); }, out->mutable_next_page_token());
}

absl::Status Agreements::UpdateAgreement(Call& c,
                                         const v1::UpdateAgreementRequest& r,
                                         v1::Agreement* out) {
  POLES_ASSIGN_OR_RETURN(
      auto ids, ParseResourceName("agreement.name", r.agreement().name(),
                                  {"tenants", "agreements"}));
  POLES_ASSIGN_OR_RETURN(
      auto paths,
      MaskPaths(
          r.update_mask(),
          {"funder", "program", "title", "signature_date", "start_fiscal_year",
           "end_fiscal_year", "years", "status", "note"},
          {"name", "total_amount", "create_time", "update_time", "etag"}));
  const std::string& tenant = ids[0];
  POLES_RETURN_IF_ERROR(c.AuthorizeTenant(tenant));
  const v1::Agreement& in = r.agreement();
  const auto merge = [&](v1::Agreement& m) {
    if (HasPath(paths, "funder")) m.set_funder(in.funder());
    if (HasPath(paths, "program")) m.set_program(in.program());
    if (HasPath(paths, "title")) m.set_title(in.title());
    if (HasPath(paths, "signature_date"))
      m.set_signature_date(in.signature_date());
    if (HasPath(paths, "start_fiscal_year"))
      m.set_start_fiscal_year(in.start_fiscal_year());
    if (HasPath(paths, "end_fiscal_year"))
      m.set_end_fiscal_year(in.end_fiscal_year());
    if (HasPath(paths, "years")) *m.mutable_years() = in.years();
    if (HasPath(paths, "status")) m.set_status(in.status());
    if (HasPath(paths, "note")) m.set_note(in.note());
    Violations v;
    ValidateAgreement(m, "agreement", tenant, v);
    return v.Status();
  };
  return UpdateResourceInTransaction(
      c, tenant, ids[1], in, kAgreementLock.name, AgreementFromRow, merge,
      [&](storage::TenantTransaction& tx, const v1::Agreement& m) {
        return WriteAgreement(tx, kAgreementUpdate.name, tenant, ids[1], m,
                              out);
      },
      out);
}

absl::Status Agreements::DeleteAgreement(Call& c,
                                         const v1::DeleteAgreementRequest& r) {
  return DeleteResourceInTransaction(c, r.name(), "agreements", r.etag(),
                                     kAgreementLock.name,
                                     kAgreementDelete.name);
}

}  // namespace poles::funding
