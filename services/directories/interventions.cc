#include "services/directories/interventions.h"

#include "services/common/mutation.h"
#include "services/common/resource_name.h"
#include "services/common/sql_values.h"
#include "services/common/standard_methods.h"
#include "services/common/status_macros.h"
#include "services/directories/directories_logic.h"
#include "services/directories/directories_validation.h"
#include "services/directories/dossiers_queries.h"
#include "services/directories/interventions_queries.h"
#include "services/directories/reference.h"

namespace poles::directories {

namespace {

// An intervention row (kInterventionGet's columns, by name) of `dossier` ->
// `i`.
template <typename DbRow>
void InterventionFromRow(const std::string& tenant, const std::string& dossier,
                         const DbRow& r, v1::Intervention* i) {
  i->set_name(InterventionName(tenant, dossier, r["intervention_id"].c_str()));
  i->set_intervention_date(r["intervention_date"].c_str());
  AppendTextArray(r["subjects"].c_str(), i->mutable_subjects());
  i->set_note(r["note"].c_str());
  i->set_etag(FormatEtag(r["version"].template as<int64_t>()));
  SetTimestamp(r["create_micros"].template as<int64_t>(),
               i->mutable_create_time());
  SetTimestamp(r["update_micros"].template as<int64_t>(),
               i->mutable_update_time());
}

}  // namespace

void MergeInterventionUpdate(const v1::Intervention& in,
                             const std::vector<std::string>& paths,
                             v1::Intervention* current) {
  if (HasPath(paths, "intervention_date")) {
    current->set_intervention_date(in.intervention_date());
  }
  if (HasPath(paths, "subjects")) *current->mutable_subjects() = in.subjects();
  if (HasPath(paths, "note")) current->set_note(in.note());
}

absl::Status DirectoriesLogic::CreateIntervention(
    Call& c, const v1::CreateInterventionRequest& r, v1::Intervention* out) {
  Violations v;
  auto parent =
      ParseResourceName("parent", r.parent(), {"tenants", "dossiers"});
  v.Merge(parent.status());
  ValidateIntervention(r.intervention(), "intervention", v);
  CheckResourceId(v, "intervention_id", r.intervention_id());
  CheckRequestId(v, r.request_id());
  POLES_RETURN_IF_ERROR(v.Status());
  const std::string tenant = (*parent)[0];
  const std::string dossier = (*parent)[1];
  POLES_RETURN_IF_ERROR(c.AuthorizeTenant(tenant));
  const std::string id =
      r.intervention_id().empty() ? NewResourceId() : r.intervention_id();
  const v1::Intervention& in = r.intervention();
  return CreateTenantResource(
      c, tenant, r,
      [&](storage::TenantTransaction& tx) -> absl::Status {
        if (tx.work()
                .exec_prepared(kDossierExists.name, tenant, dossier)
                .empty()) {
          return NotFound(r.parent());
        }
        pqxx::result rows = tx.work().exec_prepared(
            kInterventionInsert.name, tenant, dossier, id,
            in.intervention_date(), ListToJson(in.subjects()), in.note());
        InterventionFromRow(tenant, dossier, rows[0], out);
        return absl::OkStatus();
      },
      "an intervention with this intervention_id already exists in the dossier",
      out);
}

absl::Status DirectoriesLogic::GetIntervention(
    Call& c, const v1::GetInterventionRequest& r, v1::Intervention* out) {
  POLES_ASSIGN_OR_RETURN(
      auto ids, ParseResourceName("name", r.name(),
                                  {"tenants", "dossiers", "interventions"}));
  POLES_RETURN_IF_ERROR(c.AuthorizeTenant(ids[0]));
  POLES_ASSIGN_OR_RETURN(auto rows, ReadTenant(c, ids[0], kInterventionGet.name,
                                               {ids[0], ids[1], ids[2]}));
  if (rows.empty()) return NotFound(r.name());
  InterventionFromRow(ids[0], ids[1], rows[0], out);
  return absl::OkStatus();
}

absl::Status DirectoriesLogic::ListInterventions(
    Call& c, const v1::ListInterventionsRequest& r,
    v1::ListInterventionsResponse* out) {
  Violations v;
  auto parent =
      ParseResourceName("parent", r.parent(), {"tenants", "dossiers"});
  v.Merge(parent.status());
  auto size = EffectivePageSize(r.page_size());
  v.Merge(size.status());
  POLES_RETURN_IF_ERROR(v.Status());
  const std::string tenant = (*parent)[0];
  const std::string dossier = (*parent)[1];
  POLES_RETURN_IF_ERROR(c.AuthorizeTenant(tenant));
  POLES_ASSIGN_OR_RETURN(auto key, DecodePageToken(page_tokens_, r.page_token(),
                                                   r.parent(), "", 2));
  POLES_ASSIGN_OR_RETURN(
      auto rows,
      ReadTenant(c, tenant, kInterventionList.name,
                 {tenant, dossier, key[0], key[1], std::to_string(*size + 1)}));
  for (int i = 0; i < static_cast<int>(rows.size()) && i < *size; ++i) {
    InterventionFromRow(tenant, dossier, rows[i], out->add_interventions());
  }
  if (static_cast<int>(rows.size()) > *size) {
    const auto& last = rows[*size - 1];
    out->set_next_page_token(page_tokens_.Encode(
        r.parent(), "",
        {last["intervention_date"].c_str(), last["intervention_id"].c_str()}));
  }
  return absl::OkStatus();
}

absl::Status DirectoriesLogic::UpdateIntervention(
    Call& c, const v1::UpdateInterventionRequest& r, v1::Intervention* out) {
  POLES_ASSIGN_OR_RETURN(
      auto ids, ParseResourceName("intervention.name", r.intervention().name(),
                                  {"tenants", "dossiers", "interventions"}));
  POLES_ASSIGN_OR_RETURN(
      auto paths,
      MaskPaths(r.update_mask(), {"intervention_date", "subjects", "note"},
                {"name", "create_time", "update_time", "etag"}));
  POLES_RETURN_IF_ERROR(c.AuthorizeTenant(ids[0]));
  const std::string& tenant = ids[0];
  return InTenantTransaction(
      c, tenant, [&](storage::TenantTransaction& tx) -> absl::Status {
        pqxx::result cur = tx.work().exec_prepared(kInterventionLock.name,
                                                   tenant, ids[1], ids[2]);
        if (cur.empty()) return NotFound(r.intervention().name());
        POLES_RETURN_IF_ERROR(CheckEtag(r.intervention().etag(),
                                        cur[0]["version"].as<int64_t>()));
        v1::Intervention m;
        InterventionFromRow(tenant, ids[1], cur[0], &m);
        MergeInterventionUpdate(r.intervention(), paths, &m);
        Violations v;
        ValidateIntervention(m, "intervention", v);
        POLES_RETURN_IF_ERROR(v.Status());
        pqxx::result rows = tx.work().exec_prepared(
            kInterventionUpdate.name, tenant, ids[1], ids[2],
            m.intervention_date(), ListToJson(m.subjects()), m.note());
        InterventionFromRow(tenant, ids[1], rows[0], out);
        return WriteAudit(tx, c, out->name());
      });
}

absl::Status DirectoriesLogic::DeleteIntervention(
    Call& c, const v1::DeleteInterventionRequest& r) {
  POLES_ASSIGN_OR_RETURN(
      auto ids, ParseResourceName("name", r.name(),
                                  {"tenants", "dossiers", "interventions"}));
  POLES_RETURN_IF_ERROR(c.AuthorizeTenant(ids[0]));
  const std::string& tenant = ids[0];
  return InTenantTransaction(
      c, tenant, [&](storage::TenantTransaction& tx) -> absl::Status {
        pqxx::result cur = tx.work().exec_prepared(kInterventionLock.name,
                                                   tenant, ids[1], ids[2]);
        if (cur.empty()) return NotFound(r.name());
        POLES_RETURN_IF_ERROR(
            CheckEtag(r.etag(), cur[0]["version"].as<int64_t>()));
        tx.work().exec_prepared(kInterventionDelete.name, tenant, ids[1],
                                ids[2]);
        return WriteAudit(tx, c, r.name());
      });
}

}  // namespace poles::directories
