#include "services/directories/dossiers.h"

#include <nlohmann/json.hpp>

#include "absl/strings/str_cat.h"
#include "services/common/mutation.h"
#include "services/common/resource_name.h"
#include "services/common/sql_values.h"
#include "services/common/standard_methods.h"
#include "services/common/status_macros.h"
#include "services/directories/directories_logic.h"
#include "services/directories/directories_validation.h"
#include "services/directories/dossiers_queries.h"
#include "services/directories/organisations_queries.h"
#include "services/directories/reference.h"

namespace poles::directories {

namespace {

using Json = nlohmann::json;

// A dossier row (kDossierGet's columns, by name) of `tenant` -> `d`.
template <typename DbRow>
void DossierFromRow(const std::string& tenant, const DbRow& r, v1::Dossier* d) {
  d->set_name(DossierName(tenant, r["dossier_id"].c_str()));
  d->set_title(r["title"].c_str());
  std::string org = r["organisation_id"].c_str();
  d->set_organisation(org.empty() ? "" : OrgName(tenant, org));
  d->set_promoter_group(r["promoter_group"].c_str());
  d->set_sector(SectorName(r["sector_id"].c_str()));
  d->set_mrc(MrcName(r["mrc_id"].c_str()));
  d->set_phase(PhaseFromCode(r["phase"].c_str()));
  AppendTextArray(r["subjects"].c_str(), d->mutable_subjects());
  d->set_promoter_gender(GenderFromCode(r["promoter_gender"].c_str()));
  d->set_origin(OriginFromCode(r["origin"].c_str()));
  for (const auto& j :
       Json::parse(static_cast<const char*>(r["referrals"].c_str()))) {
    auto* ref = d->add_referrals();
    ref->set_target(ReferralTargetFromCode(j.value("target", "")));
    ref->set_organisation(j.value("organisation", ""));
    ref->set_referral_date(j.value("date", ""));
  }
  d->set_open_date(r["open_date"].c_str());
  d->set_close_date(r["close_date"].c_str());
  d->set_outcome(r["outcome"].c_str());
  d->set_etag(FormatEtag(r["version"].template as<int64_t>()));
  SetTimestamp(r["create_micros"].template as<int64_t>(),
               d->mutable_create_time());
  SetTimestamp(r["update_micros"].template as<int64_t>(),
               d->mutable_update_time());
  d->set_intervention_count(r["intervention_count"].template as<int>());
}

// Runs kDossierInsert or kDossierUpdate (`st`) for `d`.
void WriteDossier(pqxx::work& w, const storage::Statement& st,
                  const std::string& tenant, const std::string& id,
                  const std::string& org_id, const v1::Dossier& d) {
  w.exec_prepared(st.name, tenant, id, d.title(), org_id, d.promoter_group(),
                  LastSegment(d.sector()), LastSegment(d.mrc()),
                  PhaseCode(d.phase()), ListToJson(d.subjects()),
                  GenderCode(d.promoter_gender()), OriginCode(d.origin()),
                  ReferralsJson(d), d.open_date(), d.close_date(), d.outcome());
}

}  // namespace

std::string ReferralsJson(const v1::Dossier& d) {
  Json j = Json::array();
  for (const auto& r : d.referrals()) {
    j.push_back({{"target", ReferralTargetCode(r.target())},
                 {"organisation", r.organisation()},
                 {"date", r.referral_date()}});
  }
  return j.dump();
}

void NormaliseDossier(v1::Dossier* d) {
  if (d->promoter_gender() == v1::Dossier::PROMOTER_GENDER_UNSPECIFIED) {
    d->set_promoter_gender(v1::Dossier::NOT_COLLECTED);
  }
  if (d->origin() == v1::Dossier::ORIGIN_UNSPECIFIED) {
    d->set_origin(v1::Dossier::DIRECT);
  }
}

void MergeDossierUpdate(const v1::Dossier& in,
                        const std::vector<std::string>& paths,
                        v1::Dossier* current) {
  v1::Dossier& m = *current;
  if (HasPath(paths, "title")) m.set_title(in.title());
  if (HasPath(paths, "organisation")) m.set_organisation(in.organisation());
  if (HasPath(paths, "promoter_group"))
    m.set_promoter_group(in.promoter_group());
  if (HasPath(paths, "sector")) m.set_sector(in.sector());
  if (HasPath(paths, "mrc")) m.set_mrc(in.mrc());
  if (HasPath(paths, "phase")) m.set_phase(in.phase());
  if (HasPath(paths, "subjects")) *m.mutable_subjects() = in.subjects();
  if (HasPath(paths, "promoter_gender"))
    m.set_promoter_gender(in.promoter_gender());
  if (HasPath(paths, "origin")) m.set_origin(in.origin());
  if (HasPath(paths, "referrals")) *m.mutable_referrals() = in.referrals();
  if (HasPath(paths, "open_date")) m.set_open_date(in.open_date());
  if (HasPath(paths, "close_date")) m.set_close_date(in.close_date());
  if (HasPath(paths, "outcome")) m.set_outcome(in.outcome());
}

absl::Status DirectoriesLogic::CreateDossier(Call& c,
                                             const v1::CreateDossierRequest& r,
                                             v1::Dossier* out) {
  Violations v;
  auto parent = ParseResourceName("parent", r.parent(), {"tenants"});
  v.Merge(parent.status());
  v1::Dossier d = r.dossier();
  NormaliseDossier(&d);
  ValidateDossier(d, "dossier", nullptr, v);
  CheckResourceId(v, "dossier_id", r.dossier_id());
  CheckRequestId(v, r.request_id());
  std::string org_id;
  if (parent.ok())
    org_id = OrgIdOf("dossier.organisation", d.organisation(), (*parent)[0], v);
  POLES_RETURN_IF_ERROR(AllViolations(
      c, parent, v, [&](const DirectoryReference* ref, Violations& all) {
        ValidateDossier(d, "dossier", ref, all);
      }));
  const std::string tenant = (*parent)[0];
  POLES_RETURN_IF_ERROR(c.AuthorizeTenant(tenant));
  const std::string id =
      r.dossier_id().empty() ? NewResourceId() : r.dossier_id();
  return CreateTenantResource(
      c, tenant, r,
      [&](storage::TenantTransaction& tx) -> absl::Status {
        DirectoryReference ref = LoadReference(tx.work(), tenant);
        Violations refs;
        ValidateDossier(d, "dossier", &ref, refs);
        if (!org_id.empty() &&
            tx.work().exec_prepared(kOrgExists.name, tenant, org_id).empty()) {
          refs.Add("dossier.organisation", "does not exist");
        }
        POLES_RETURN_IF_ERROR(refs.Status());
        WriteDossier(tx.work(), kDossierInsert, tenant, id, org_id, d);
        pqxx::result got =
            tx.work().exec_prepared(kDossierGet.name, tenant, id);
        DossierFromRow(tenant, got[0], out);
        return absl::OkStatus();
      },
      "a dossier with this dossier_id already exists", out);
}

absl::Status DirectoriesLogic::GetDossier(Call& c,
                                          const v1::GetDossierRequest& r,
                                          v1::Dossier* out) {
  return GetTenantResource(c, r.name(), "dossiers", kDossierGet.name,
                           DossierFromRow<storage::Row>, out);
}

absl::Status DirectoriesLogic::ListDossiers(Call& c,
                                            const v1::ListDossiersRequest& r,
                                            v1::ListDossiersResponse* out) {
  Violations v;
  auto parent = ParseResourceName("parent", r.parent(), {"tenants"});
  v.Merge(parent.status());
  auto size = EffectivePageSize(r.page_size());
  v.Merge(size.status());
  std::string fy_start, fy_end;
  if (!r.fiscal_year().empty()) {
    auto fy = ParseFiscalYear("fiscal_year", r.fiscal_year());
    v.Merge(fy.status());
    if (fy.ok()) {
      fy_start = absl::StrCat(*fy, "-04-01");
      fy_end = absl::StrCat(*fy + 1, "-03-31");
    }
  }
  std::string mrc = r.mrc().empty() ? "" : ParseMrcName("mrc", r.mrc(), v);
  std::string sector =
      r.sector().empty() ? "" : ParseSectorName("sector", r.sector(), v);
  if (!v1::Dossier::Phase_IsValid(r.phase()))
    v.Add("phase", "is not a known phase");
  std::string org_id;
  if (parent.ok())
    org_id = OrgIdOf("organisation", r.organisation(), (*parent)[0], v);
  POLES_RETURN_IF_ERROR(v.Status());
  const std::string tenant = (*parent)[0];
  POLES_RETURN_IF_ERROR(c.AuthorizeTenant(tenant));
  const std::string phase = PhaseCode(r.phase());
  const std::string filter =
      Json::array({fy_start, mrc, sector, phase, org_id}).dump();
  POLES_ASSIGN_OR_RETURN(auto key, DecodePageToken(page_tokens_, r.page_token(),
                                                   r.parent(), filter, 2));
  POLES_ASSIGN_OR_RETURN(
      auto rows,
      ReadTenant(c, tenant, kDossierList.name,
                 {tenant, key[0], key[1], fy_start, fy_end, mrc, sector, phase,
                  org_id, std::to_string(*size + 1)}));
  for (int i = 0; i < static_cast<int>(rows.size()) && i < *size; ++i) {
    DossierFromRow(tenant, rows[i], out->add_dossiers());
  }
  if (static_cast<int>(rows.size()) > *size) {
    const auto& last = rows[*size - 1];
    out->set_next_page_token(page_tokens_.Encode(
        r.parent(), filter,
        {last["open_date"].c_str(), last["dossier_id"].c_str()}));
  }
  return absl::OkStatus();
}

absl::Status DirectoriesLogic::UpdateDossier(Call& c,
                                             const v1::UpdateDossierRequest& r,
                                             v1::Dossier* out) {
  POLES_ASSIGN_OR_RETURN(auto ids,
                         ParseResourceName("dossier.name", r.dossier().name(),
                                           {"tenants", "dossiers"}));
  POLES_ASSIGN_OR_RETURN(
      auto paths,
      MaskPaths(r.update_mask(),
                {"title", "organisation", "promoter_group", "sector", "mrc",
                 "phase", "subjects", "promoter_gender", "origin", "referrals",
                 "open_date", "close_date", "outcome"},
                {"name", "intervention_count", "create_time", "update_time",
                 "etag"}));
  const std::string& tenant = ids[0];
  Violations pre;
  std::string new_org;
  if (HasPath(paths, "organisation")) {
    new_org = OrgIdOf("dossier.organisation", r.dossier().organisation(),
                      tenant, pre);
  }
  POLES_RETURN_IF_ERROR(pre.Status());
  POLES_RETURN_IF_ERROR(c.AuthorizeTenant(tenant));
  return InTenantTransaction(
      c, tenant, [&](storage::TenantTransaction& tx) -> absl::Status {
        pqxx::result cur =
            tx.work().exec_prepared(kDossierLock.name, tenant, ids[1]);
        if (cur.empty()) return NotFound(r.dossier().name());
        POLES_RETURN_IF_ERROR(
            CheckEtag(r.dossier().etag(), cur[0]["version"].as<int64_t>()));
        v1::Dossier m;
        DossierFromRow(tenant, cur[0], &m);
        MergeDossierUpdate(r.dossier(), paths, &m);
        NormaliseDossier(&m);
        Violations v;
        DirectoryReference ref = LoadReference(tx.work(), tenant);
        ValidateDossier(m, "dossier", &ref, v);
        if (!new_org.empty() &&
            tx.work().exec_prepared(kOrgExists.name, tenant, new_org).empty()) {
          v.Add("dossier.organisation", "does not exist");
        }
        POLES_RETURN_IF_ERROR(v.Status());
        WriteDossier(tx.work(), kDossierUpdate, tenant, ids[1],
                     LastSegment(m.organisation()), m);
        pqxx::result got =
            tx.work().exec_prepared(kDossierGet.name, tenant, ids[1]);
        DossierFromRow(tenant, got[0], out);
        return WriteAudit(tx, c, out->name());
      });
}

absl::Status DirectoriesLogic::DeleteDossier(
    Call& c, const v1::DeleteDossierRequest& r) {
  POLES_ASSIGN_OR_RETURN(
      auto ids, ParseResourceName("name", r.name(), {"tenants", "dossiers"}));
  POLES_RETURN_IF_ERROR(c.AuthorizeTenant(ids[0]));
  const std::string& tenant = ids[0];
  return InTenantTransaction(
      c, tenant, [&](storage::TenantTransaction& tx) -> absl::Status {
        pqxx::result cur =
            tx.work().exec_prepared(kDossierLock.name, tenant, ids[1]);
        if (cur.empty()) return NotFound(r.name());
        POLES_RETURN_IF_ERROR(
            CheckEtag(r.etag(), cur[0]["version"].as<int64_t>()));
        int interventions = cur[0]["intervention_count"].as<int>();
        if (interventions > 0 && !r.force()) {
          return WithReason(
              absl::FailedPreconditionError(absl::StrCat(
                  "the dossier has ", interventions,
                  " interventions; delete them first or set force")),
              "HAS_CHILDREN");
        }
        tx.work().exec_prepared(kDossierDelete.name, tenant, ids[1]);
        return WriteAudit(tx, c, r.name());
      });
}

}  // namespace poles::directories
