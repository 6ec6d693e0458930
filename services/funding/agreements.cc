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
  POLES_ASSIGN_OR_RETURN(
      auto ids, ParseResourceName("name", r.name(), {"tenants", "agreements"}));
  POLES_RETURN_IF_ERROR(c.AuthorizeTenant(ids[0]));
  return InTenantTransaction(
      c, ids[0], [&](storage::TenantTransaction& tx) -> absl::Status {
        pqxx::result rows =
            tx.work().exec_prepared(kAgreementGet.name, ids[0], ids[1]);
        if (rows.empty()) return NotFound(r.name());
        AgreementFromRow(ids[0], rows[0], out);
        return absl::OkStatus();
      });
}

absl::Status Agreements::ListAgreements(Call& c,
                                        const v1::ListAgreementsRequest& r,
                                        v1::ListAgreementsResponse* out) {
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
            tx.work().exec_prepared(kAgreementList.name, tenant, key[0], key[1],
                                    fiscal_year, funder, *size + 1);
        for (int i = 0; i < static_cast<int>(rows.size()) && i < *size; ++i) {
          AgreementFromRow(tenant, rows[i], out->add_agreements());
        }
        if (static_cast<int>(rows.size()) > *size) {
          const auto& last = rows[*size - 1];
          out->set_next_page_token(
              page_tokens_.Encode(r.parent(), filter,
                                  {last["start_fiscal_year"].c_str(),
                                   last["agreement_id"].c_str()}));
        }
        return absl::OkStatus();
      });
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
  return InTenantTransaction(
      c, tenant, [&](storage::TenantTransaction& tx) -> absl::Status {
        pqxx::result cur =
            tx.work().exec_prepared(kAgreementLock.name, tenant, ids[1]);
        if (cur.empty()) return NotFound(in.name());
        POLES_RETURN_IF_ERROR(
            CheckEtag(in.etag(), cur[0]["version"].as<int64_t>()));
        v1::Agreement m;
        AgreementFromRow(tenant, cur[0], &m);
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
        POLES_RETURN_IF_ERROR(v.Status());
        POLES_RETURN_IF_ERROR(
            WriteAgreement(tx, kAgreementUpdate.name, tenant, ids[1], m, out));
        return WriteAudit(tx, c, out->name());
      });
}

absl::Status Agreements::DeleteAgreement(Call& c,
                                         const v1::DeleteAgreementRequest& r) {
  POLES_ASSIGN_OR_RETURN(
      auto ids, ParseResourceName("name", r.name(), {"tenants", "agreements"}));
  POLES_RETURN_IF_ERROR(c.AuthorizeTenant(ids[0]));
  const std::string& tenant = ids[0];
  return InTenantTransaction(
      c, tenant, [&](storage::TenantTransaction& tx) -> absl::Status {
        pqxx::result cur =
            tx.work().exec_prepared(kAgreementLock.name, tenant, ids[1]);
        if (cur.empty()) return NotFound(r.name());
        POLES_RETURN_IF_ERROR(
            CheckEtag(r.etag(), cur[0]["version"].as<int64_t>()));
        tx.work().exec_prepared(kAgreementDelete.name, tenant, ids[1]);
        return WriteAudit(tx, c, r.name());
      });
}

}  // namespace poles::funding
