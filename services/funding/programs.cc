#include "services/funding/programs.h"

#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "services/common/mutation.h"
#include "services/common/resource_name.h"
#include "services/common/standard_methods.h"
#include "services/common/status_macros.h"
#include "services/common/validation.h"
#include "services/funding/funding_enums.h"
#include "services/funding/funding_validation.h"
#include "services/funding/programs_queries.h"
#include "services/funding/programs_rows.h"

namespace poles::funding {

absl::Status CheckProgram(storage::TenantTransaction& tx,
                          const std::string& tenant, absl::string_view field,
                          const std::string& program,
                          const std::string& funder_id,
                          std::string* program_funder) {
  if (program.empty()) return absl::OkStatus();
  Violations ignored;
  ProgramRef ref = ParseProgramRef(ignored, field, program, tenant, false);
  pqxx::result rows = tx.work().exec_prepared(kProgramFunder.name, tenant,
                                              ref.catalogue_id, ref.local_id);
  if (rows.empty())
    return InvalidField(field, absl::StrCat(program, " does not exist"));
  std::string funder = rows[0]["funder_id"].c_str();
  if (!funder_id.empty() && funder != funder_id) {
    return InvalidField(
        field, absl::StrCat(program, " is a program of funders/", funder,
                            ", not of funders/", funder_id));
  }
  if (program_funder != nullptr) *program_funder = funder;
  return absl::OkStatus();
}

absl::Status CheckFunder(storage::TenantTransaction& tx,
                         absl::string_view field,
                         const std::string& funder_id) {
  if (tx.work().exec_prepared(kFunderExists.name, funder_id).empty()) {
    return InvalidField(
        field, absl::StrCat("funders/", funder_id, " is not in the catalogue"));
  }
  return absl::OkStatus();
}

absl::Status Programs::ListFunders(Call& c, const v1::ListFundersRequest& r,
                                   v1::ListFundersResponse* out) {
  Violations v;
  auto size = EffectivePageSize(r.page_size());
  v.Merge(size.status());
  if (!v1::FunderKind_IsValid(r.kind())) v.Add("kind", "is not a known kind");
  POLES_RETURN_IF_ERROR(v.Status());
  const std::string kind = FunderKindText(r.kind());
  POLES_ASSIGN_OR_RETURN(auto key, DecodePageToken(page_tokens_, r.page_token(),
                                                   "funders", kind, 1));
  POLES_ASSIGN_OR_RETURN(
      auto tx, storage::PlatformTransaction::Begin(*c.session, c.deadline));
  try {
    pqxx::result rows =
        tx->work().exec_prepared(kFundersList.name, key[0], kind, *size + 1);
    for (int i = 0; i < static_cast<int>(rows.size()) && i < *size; ++i) {
      FunderFromRow(rows[i], out->add_funders());
    }
    if (static_cast<int>(rows.size()) > *size) {
      out->set_next_page_token(page_tokens_.Encode(
          "funders", kind, {rows[*size - 1]["funder_id"].c_str()}));
    }
  } catch (const std::exception& e) {
    return storage::StatusFromException(e, c.method);
  }
  return tx->Commit();
}

absl::Status Programs::ListPrograms(Call& c, const v1::ListProgramsRequest& r,
                                    v1::ListProgramsResponse* out) {
  Violations v;
  auto size = EffectivePageSize(r.page_size());
  v.Merge(size.status());
  std::string funder = ParseFunderRef(v, "funder", r.funder(), false);
  POLES_RETURN_IF_ERROR(v.Status());
  POLES_ASSIGN_OR_RETURN(auto key, DecodePageToken(page_tokens_, r.page_token(),
                                                   "programs", funder, 1));
  POLES_ASSIGN_OR_RETURN(
      auto tx, storage::PlatformTransaction::Begin(*c.session, c.deadline));
  try {
    pqxx::result rows =
        tx->work().exec_prepared(kProgramsList.name, key[0], funder, *size + 1);
    for (int i = 0; i < static_cast<int>(rows.size()) && i < *size; ++i) {
      CatalogueProgramFromRow(rows[i], out->add_programs());
    }
    if (static_cast<int>(rows.size()) > *size) {
      out->set_next_page_token(page_tokens_.Encode(
          "programs", funder, {rows[*size - 1]["program_id"].c_str()}));
    }
  } catch (const std::exception& e) {
    return storage::StatusFromException(e, c.method);
  }
  return tx->Commit();
}

absl::Status Programs::CreateLocalProgram(
    Call& c, const v1::CreateLocalProgramRequest& r, v1::Program* out) {
  POLES_RETURN_IF_ERROR(Validate(r));
  const std::string tenant =
      (*ParseResourceName("parent", r.parent(), {"tenants"}))[0];
  POLES_RETURN_IF_ERROR(c.AuthorizeTenant(tenant));
  const std::string id =
      r.program_id().empty() ? NewResourceId() : r.program_id();
  const v1::Program& p = r.program();
  Violations ignored;
  const std::string funder =
      ParseFunderRef(ignored, "program.funder", p.funder(), true);
  return CreateTenantResource(
      c, tenant, r,
      [&](storage::TenantTransaction& tx) -> absl::Status {
        POLES_RETURN_IF_ERROR(CheckFunder(tx, "program.funder", funder));
        tx.work().exec_prepared(
            kLocalProgramInsert.name, tenant, id, funder, p.label_fr(),
            p.label_en(), SupportKindText(p.support_kind()), p.description());
        LocalProgramFromRow(
            tenant,
            tx.work().exec_prepared(kLocalProgramGet.name, tenant, id)[0], out);
        return absl::OkStatus();
      },
      "a program with this program_id already exists", out);
}

absl::Status Programs::GetLocalProgram(Call& c,
                                       const v1::GetLocalProgramRequest& r,
                                       v1::Program* out) {
  POLES_ASSIGN_OR_RETURN(
      auto ids, ParseResourceName("name", r.name(), {"tenants", "programs"}));
  POLES_RETURN_IF_ERROR(c.AuthorizeTenant(ids[0]));
  return InTenantTransaction(
      c, ids[0], [&](storage::TenantTransaction& tx) -> absl::Status {
        pqxx::result rows =
            tx.work().exec_prepared(kLocalProgramGet.name, ids[0], ids[1]);
        if (rows.empty()) return NotFound(r.name());
        LocalProgramFromRow(ids[0], rows[0], out);
        return absl::OkStatus();
      });
}

absl::Status Programs::ListLocalPrograms(Call& c,
                                         const v1::ListLocalProgramsRequest& r,
                                         v1::ListLocalProgramsResponse* out) {
  Violations v;
  auto parent = ParseResourceName("parent", r.parent(), {"tenants"});
  v.Merge(parent.status());
  auto size = EffectivePageSize(r.page_size());
  v.Merge(size.status());
  POLES_RETURN_IF_ERROR(v.Status());
  const std::string tenant = (*parent)[0];
  POLES_RETURN_IF_ERROR(c.AuthorizeTenant(tenant));
  POLES_ASSIGN_OR_RETURN(auto key, DecodePageToken(page_tokens_, r.page_token(),
                                                   r.parent(), "", 1));
  return InTenantTransaction(
      c, tenant, [&](storage::TenantTransaction& tx) -> absl::Status {
        pqxx::result rows = tx.work().exec_prepared(kLocalProgramList.name,
                                                    tenant, key[0], *size + 1);
        for (int i = 0; i < static_cast<int>(rows.size()) && i < *size; ++i) {
          LocalProgramFromRow(tenant, rows[i], out->add_programs());
        }
        if (static_cast<int>(rows.size()) > *size) {
          out->set_next_page_token(page_tokens_.Encode(
              r.parent(), "", {rows[*size - 1]["program_id"].c_str()}));
        }
        return absl::OkStatus();
      });
}

absl::Status Programs::UpdateLocalProgram(
    Call& c, const v1::UpdateLocalProgramRequest& r, v1::Program* out) {
  POLES_ASSIGN_OR_RETURN(auto ids,
                         ParseResourceName("program.name", r.program().name(),
                                           {"tenants", "programs"}));
  POLES_ASSIGN_OR_RETURN(
      auto paths,
      MaskPaths(
          r.update_mask(),
          {"funder", "label_fr", "label_en", "support_kind", "description"},
          {"name", "funder_kind", "create_time", "update_time", "etag"}));
  POLES_RETURN_IF_ERROR(c.AuthorizeTenant(ids[0]));
  const std::string& tenant = ids[0];
  return InTenantTransaction(
      c, tenant, [&](storage::TenantTransaction& tx) -> absl::Status {
        pqxx::result cur =
            tx.work().exec_prepared(kLocalProgramLock.name, tenant, ids[1]);
        if (cur.empty()) return NotFound(r.program().name());
        POLES_RETURN_IF_ERROR(
            CheckEtag(r.program().etag(), cur[0]["version"].as<int64_t>()));
        v1::Program m;
        LocalProgramFromRow(tenant, cur[0], &m);
        const v1::Program& in = r.program();
        if (HasPath(paths, "funder")) m.set_funder(in.funder());
        if (HasPath(paths, "label_fr")) m.set_label_fr(in.label_fr());
        if (HasPath(paths, "label_en")) m.set_label_en(in.label_en());
        if (HasPath(paths, "support_kind"))
          m.set_support_kind(in.support_kind());
        if (HasPath(paths, "description")) m.set_description(in.description());
        Violations v;
        ValidateLocalProgram(m, "program", v);
        POLES_RETURN_IF_ERROR(v.Status());
        const std::string funder =
            ParseFunderRef(v, "program.funder", m.funder(), true);
        POLES_RETURN_IF_ERROR(CheckFunder(tx, "program.funder", funder));
        tx.work().exec_prepared(
            kLocalProgramUpdate.name, tenant, ids[1], funder, m.label_fr(),
            m.label_en(), SupportKindText(m.support_kind()), m.description());
        LocalProgramFromRow(
            tenant,
            tx.work().exec_prepared(kLocalProgramGet.name, tenant, ids[1])[0],
            out);
        return WriteAudit(tx, c, out->name());
      });
}

absl::Status Programs::DeleteLocalProgram(
    Call& c, const v1::DeleteLocalProgramRequest& r) {
  POLES_ASSIGN_OR_RETURN(
      auto ids, ParseResourceName("name", r.name(), {"tenants", "programs"}));
  POLES_RETURN_IF_ERROR(c.AuthorizeTenant(ids[0]));
  const std::string& tenant = ids[0];
  return InTenantTransaction(
      c, tenant, [&](storage::TenantTransaction& tx) -> absl::Status {
        pqxx::result cur =
            tx.work().exec_prepared(kLocalProgramLock.name, tenant, ids[1]);
        if (cur.empty()) return NotFound(r.name());
        POLES_RETURN_IF_ERROR(
            CheckEtag(r.etag(), cur[0]["version"].as<int64_t>()));
        long uses = tx.work()
                        .exec_prepared(kLocalProgramUses.name, tenant,
                                       ids[1])[0]["uses"]
                        .as<long>();
        if (uses > 0) {
          return WithReason(
              absl::FailedPreconditionError(absl::StrCat(
                  "the program is referred to by ", uses,
                  " awards, agreements, calls or reported totals")),
              "IN_USE");
        }
        tx.work().exec_prepared(kLocalProgramDelete.name, tenant, ids[1]);
        return WriteAudit(tx, c, r.name());
      });
}

}  // namespace poles::funding
