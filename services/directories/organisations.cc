#include "services/directories/organisations.h"

#include <nlohmann/json.hpp>

#include "absl/strings/str_cat.h"
#include "services/common/mutation.h"
#include "services/common/resource_name.h"
#include "services/common/standard_methods.h"
#include "services/common/status_macros.h"
#include "services/directories/directories_logic.h"
#include "services/directories/directories_validation.h"
#include "services/directories/organisations_queries.h"
#include "services/directories/reference.h"

namespace poles::directories {

namespace {

using Json = nlohmann::json;

// The columns common to the full and the basic rows.
template <typename DbRow>
void OrganisationCoreFromRow(const std::string& tenant, const DbRow& r,
                             v1::Organisation* o) {
  o->set_name(OrgName(tenant, r["organisation_id"].c_str()));
  o->set_display_name(r["display_name"].c_str());
  o->set_kind(KindFromCode(r["kind"].c_str()));
  o->set_legal_form(LegalFormFromCode(r["legal_form"].c_str()));
  o->set_neq(r["neq"].c_str());
  o->set_sector(SectorName(r["sector_id"].c_str()));
  o->set_mrc(MrcName(r["mrc_id"].c_str()));
  o->set_municipality(r["municipality"].c_str());
  if (int e = r["employees"].template as<int>(); e >= 0) o->set_employees(e);
  if (int y = r["year_founded"].template as<int>(); y >= 0)
    o->set_year_founded(y);
  auto* m = o->mutable_membership();
  m->set_status(MembershipFromCode(r["membership_status"].c_str()));
  m->set_since(r["member_since"].c_str());
  m->set_renewal_due(r["renewal_due"].c_str());
  m->set_ended(r["membership_end"].c_str());
  o->set_closure_date(r["closure_date"].c_str());
  o->set_etag(FormatEtag(r["version"].template as<int64_t>()));
}

template <typename DbRow>
void OrganisationFullFromRow(const std::string& tenant, const DbRow& r,
                             v1::Organisation* o) {
  OrganisationCoreFromRow(tenant, r, o);
  o->set_address(r["address"].c_str());
  o->set_phone(r["phone"].c_str());
  o->set_email(r["email"].c_str());
  o->set_website(r["website"].c_str());
  o->set_description(r["description"].c_str());
  SetTimestamp(r["create_micros"].template as<int64_t>(),
               o->mutable_create_time());
  SetTimestamp(r["update_micros"].template as<int64_t>(),
               o->mutable_update_time());
  auto* m = o->mutable_membership();
  for (const auto& j :
       Json::parse(static_cast<const char*>(r["renewals"].c_str()))) {
    auto* rn = m->add_renewals();
    rn->set_renewal_date(j["d"].get<std::string>());
    rn->set_renewed_until(j["u"].get<std::string>());
    rn->set_note(j["n"].get<std::string>());
    SetTimestamp(j["t"].get<int64_t>(), rn->mutable_record_time());
  }
}

}  // namespace

void OrganisationFromRow(const std::string& tenant, const pqxx::row& r,
                         v1::Organisation* o) {
  OrganisationFullFromRow(tenant, r, o);
}

void OrganisationFromRow(const std::string& tenant, const storage::Row& r,
                         v1::Organisation* o) {
  OrganisationFullFromRow(tenant, r, o);
}

void OrganisationBasicFromRow(const std::string& tenant, const storage::Row& r,
                              v1::Organisation* o) {
  OrganisationCoreFromRow(tenant, r, o);
}

OrganisationCells CellsOf(const std::string& id, const v1::Organisation& o) {
  auto number = [](bool has, int value) {
    return has ? std::to_string(value) : "";
  };
  const auto& m = o.membership();
  return {id,
          o.display_name(),
          KindCode(o.kind()),
          LegalFormCode(o.legal_form()),
          o.neq(),
          LastSegment(o.sector()),
          LastSegment(o.mrc()),
          o.municipality(),
          number(o.has_employees(), o.employees()),
          number(o.has_year_founded(), o.year_founded()),
          MembershipCode(m.status()),
          m.since(),
          m.renewal_due(),
          m.ended(),
          o.address(),
          o.phone(),
          o.email(),
          o.website(),
          o.description(),
          o.closure_date()};
}

void NormaliseOrganisation(v1::Organisation* o, absl::string_view prefix,
                           Violations& v) {
  auto neq = NormalizeNeq(o->neq());
  if (!neq.has_value()) {
    v.Add(absl::StrCat(prefix, ".neq"),
          "must be the 10 digits of a numéro d'entreprise du Québec");
  } else {
    o->set_neq(*neq);
  }
  if (o->membership().status() == v1::Membership::STATUS_UNSPECIFIED) {
    o->mutable_membership()->set_status(v1::Membership::NON_MEMBER);
  }
  o->mutable_membership()->clear_renewals();
}

void MergeOrganisationUpdate(const v1::Organisation& in,
                             const std::vector<std::string>& paths,
                             v1::Organisation* current) {
  v1::Organisation& m = *current;
  if (HasPath(paths, "display_name")) m.set_display_name(in.display_name());
  if (HasPath(paths, "kind")) m.set_kind(in.kind());
  if (HasPath(paths, "legal_form")) m.set_legal_form(in.legal_form());
  if (HasPath(paths, "neq")) m.set_neq(in.neq());
  if (HasPath(paths, "sector")) m.set_sector(in.sector());
  if (HasPath(paths, "mrc")) m.set_mrc(in.mrc());
  if (HasPath(paths, "municipality")) m.set_municipality(in.municipality());
  if (HasPath(paths, "employees")) {
    if (in.has_employees()) {
      m.set_employees(in.employees());
    } else {
      m.clear_employees();
    }
  }
  if (HasPath(paths, "year_founded")) {
    if (in.has_year_founded()) {
      m.set_year_founded(in.year_founded());
    } else {
      m.clear_year_founded();
    }
  }
  auto* mm = m.mutable_membership();
  const auto& im = in.membership();
  const bool all = HasPath(paths, "membership");
  if (all || HasPath(paths, "membership.status")) mm->set_status(im.status());
  if (all || HasPath(paths, "membership.since")) mm->set_since(im.since());
  if (all || HasPath(paths, "membership.renewal_due"))
    mm->set_renewal_due(im.renewal_due());
  if (all || HasPath(paths, "membership.ended")) mm->set_ended(im.ended());
  if (HasPath(paths, "address")) m.set_address(in.address());
  if (HasPath(paths, "phone")) m.set_phone(in.phone());
  if (HasPath(paths, "email")) m.set_email(in.email());
  if (HasPath(paths, "website")) m.set_website(in.website());
  if (HasPath(paths, "description")) m.set_description(in.description());
  if (HasPath(paths, "closure_date")) m.set_closure_date(in.closure_date());
}

absl::Status DirectoriesLogic::CreateOrganisation(
    Call& c, const v1::CreateOrganisationRequest& r, v1::Organisation* out) {
  Violations v;
  auto parent = ParseResourceName("parent", r.parent(), {"tenants"});
  v.Merge(parent.status());
  v1::Organisation o = r.organisation();
  NormaliseOrganisation(&o, "organisation", v);
  ValidateOrganisation(o, "organisation", nullptr, v);
  CheckResourceId(v, "organisation_id", r.organisation_id());
  CheckRequestId(v, r.request_id());
  POLES_RETURN_IF_ERROR(AllViolations(
      c, parent, v, [&](const DirectoryReference* ref, Violations& all) {
        ValidateOrganisation(o, "organisation", ref, all);
      }));
  const std::string tenant = (*parent)[0];
  POLES_RETURN_IF_ERROR(c.AuthorizeTenant(tenant));
  const std::string id =
      r.organisation_id().empty() ? NewResourceId() : r.organisation_id();
  return CreateTenantResource(
      c, tenant, r,
      [&](storage::TenantTransaction& tx) -> absl::Status {
        DirectoryReference ref = LoadReference(tx.work(), tenant);
        Violations refs;
        ValidateOrganisation(o, "organisation", &ref, refs);
        POLES_RETURN_IF_ERROR(refs.Status());
        tx.work().exec_prepared(
            kOrgInsert.name, tenant,
            pqxx::prepare::make_dynamic_params(CellsOf(id, o)));
        pqxx::result got = tx.work().exec_prepared(kOrgGet.name, tenant, id);
        OrganisationFromRow(tenant, got[0], out);
        return absl::OkStatus();
      },
      "an organisation with this organisation_id or NEQ already exists", out);
}

absl::Status DirectoriesLogic::GetOrganisation(
    Call& c, const v1::GetOrganisationRequest& r, v1::Organisation* out) {
  return GetTenantResource(
      c, r.name(), "organisations", kOrgGet.name,
      [](const std::string& tenant, const storage::Row& row,
         v1::Organisation* o) { OrganisationFromRow(tenant, row, o); },
      out);
}

absl::Status DirectoriesLogic::ListOrganisations(
    Call& c, const v1::ListOrganisationsRequest& r,
    v1::ListOrganisationsResponse* out) {
  Violations v;
  auto parent = ParseResourceName("parent", r.parent(), {"tenants"});
  v.Merge(parent.status());
  auto size = EffectivePageSize(r.page_size());
  v.Merge(size.status());
  if (!r.query().empty()) ValidateQuery("query", r.query(), v);
  std::string mrc = r.mrc().empty() ? "" : ParseMrcName("mrc", r.mrc(), v);
  std::string sector =
      r.sector().empty() ? "" : ParseSectorName("sector", r.sector(), v);
  if (!v1::Organisation::LegalForm_IsValid(r.legal_form())) {
    v.Add("legal_form", "is not a known legal form");
  }
  if (!v1::Organisation::Kind_IsValid(r.kind()))
    v.Add("kind", "is not a known kind");
  if (!v1::Membership::Status_IsValid(r.membership_status())) {
    v.Add("membership_status", "is not a known status");
  }
  if (!v1::OrganisationView_IsValid(r.view()))
    v.Add("view", "is not a known view");
  POLES_RETURN_IF_ERROR(v.Status());
  const bool full = r.view() == v1::ORGANISATION_VIEW_FULL;
  const std::string tenant = (*parent)[0];
  POLES_RETURN_IF_ERROR(c.AuthorizeTenant(tenant));
  const std::string legal_form = LegalFormCode(r.legal_form());
  const std::string kind = KindCode(r.kind());
  const std::string status =
      r.membership_status() == v1::Membership::STATUS_UNSPECIFIED
          ? ""
          : MembershipCode(r.membership_status());
  const std::string filter =
      Json::array({r.query(), mrc, sector, legal_form, kind, status}).dump();
  POLES_ASSIGN_OR_RETURN(auto key, DecodePageToken(page_tokens_, r.page_token(),
                                                   r.parent(), filter, 2));
  std::vector<storage::Param> params = {
      tenant, key[0], key[1],
      mrc,    sector, legal_form,
      kind,   status, std::to_string(*size + 1)};
  const char* statement = full ? kOrgListFull.name : kOrgList.name;
  if (!r.query().empty()) {
    params.push_back(r.query());
    statement = full ? kOrgSearchFull.name : kOrgSearch.name;
  }
  POLES_ASSIGN_OR_RETURN(auto rows, ReadTenant(c, tenant, statement, params));
  for (int i = 0; i < static_cast<int>(rows.size()) && i < *size; ++i) {
    if (full) {
      OrganisationFromRow(tenant, rows[i], out->add_organisations());
    } else {
      OrganisationBasicFromRow(tenant, rows[i], out->add_organisations());
    }
  }
  if (static_cast<int>(rows.size()) > *size) {
    const auto& last = rows[*size - 1];
    out->set_next_page_token(page_tokens_.Encode(
        r.parent(), filter,
        {last["sort_name"].c_str(), last["organisation_id"].c_str()}));
  }
  return absl::OkStatus();
}

absl::Status DirectoriesLogic::UpdateOrganisation(
    Call& c, const v1::UpdateOrganisationRequest& r, v1::Organisation* out) {
  POLES_ASSIGN_OR_RETURN(
      auto ids, ParseResourceName("organisation.name", r.organisation().name(),
                                  {"tenants", "organisations"}));
  POLES_ASSIGN_OR_RETURN(
      auto paths, MaskPaths(r.update_mask(),
                            {"display_name",
                             "kind",
                             "legal_form",
                             "neq",
                             "sector",
                             "mrc",
                             "municipality",
                             "employees",
                             "year_founded",
                             "membership",
                             "membership.status",
                             "membership.since",
                             "membership.renewal_due",
                             "membership.ended",
                             "address",
                             "phone",
                             "email",
                             "website",
                             "description",
                             "closure_date"},
                            {"name", "create_time", "update_time", "etag",
                             "membership.renewals"}));
  POLES_RETURN_IF_ERROR(c.AuthorizeTenant(ids[0]));
  const std::string& tenant = ids[0];
  return InTenantTransaction(
      c, tenant,
      [&](storage::TenantTransaction& tx) -> absl::Status {
        pqxx::result cur =
            tx.work().exec_prepared(kOrgLock.name, tenant, ids[1]);
        if (cur.empty()) return NotFound(r.organisation().name());
        POLES_RETURN_IF_ERROR(CheckEtag(r.organisation().etag(),
                                        cur[0]["version"].as<int64_t>()));
        v1::Organisation m;
        OrganisationFromRow(tenant, cur[0], &m);
        MergeOrganisationUpdate(r.organisation(), paths, &m);
        Violations v;
        NormaliseOrganisation(&m, "organisation", v);
        DirectoryReference ref = LoadReference(tx.work(), tenant);
        ValidateOrganisation(m, "organisation", &ref, v);
        POLES_RETURN_IF_ERROR(v.Status());
        tx.work().exec_prepared(
            kOrgUpdate.name, tenant,
            pqxx::prepare::make_dynamic_params(CellsOf(ids[1], m)));
        pqxx::result got =
            tx.work().exec_prepared(kOrgGet.name, tenant, ids[1]);
        OrganisationFromRow(tenant, got[0], out);
        return WriteAudit(tx, c, out->name());
      },
      kNeqTaken);
}

absl::Status DirectoriesLogic::DeleteOrganisation(
    Call& c, const v1::DeleteOrganisationRequest& r) {
  POLES_ASSIGN_OR_RETURN(
      auto ids,
      ParseResourceName("name", r.name(), {"tenants", "organisations"}));
  POLES_RETURN_IF_ERROR(c.AuthorizeTenant(ids[0]));
  const std::string& tenant = ids[0];
  return InTenantTransaction(
      c, tenant, [&](storage::TenantTransaction& tx) -> absl::Status {
        pqxx::result cur =
            tx.work().exec_prepared(kOrgLock.name, tenant, ids[1]);
        if (cur.empty()) return NotFound(r.name());
        POLES_RETURN_IF_ERROR(
            CheckEtag(r.etag(), cur[0]["version"].as<int64_t>()));
        pqxx::result refs =
            tx.work().exec_prepared(kOrgReferences.name, tenant, ids[1]);
        long people = refs[0]["people"].as<long>(),
             dossiers = refs[0]["dossiers"].as<long>();
        if ((people > 0 || dossiers > 0) && !r.force()) {
          return WithReason(
              absl::FailedPreconditionError(absl::StrCat(
                  "the organisation is referred to by ", people, " people and ",
                  dossiers,
                  " dossiers; set force to detach them and delete it")),
              "HAS_REFERENCES");
        }
        tx.work().exec_prepared(kOrgDetachDossiers.name, tenant, ids[1],
                                std::string(cur[0]["display_name"].c_str()));
        tx.work().exec_prepared(kOrgDelete.name, tenant, ids[1]);
        return WriteAudit(tx, c, r.name());
      });
}

absl::Status DirectoriesLogic::RenewMembership(
    Call& c, const v1::RenewMembershipRequest& r, v1::Organisation* out) {
  Violations v;
  auto ids = ParseResourceName("organisation", r.organisation(),
                               {"tenants", "organisations"});
  v.Merge(ids.status());
  ValidateRenewal(r.renewal(), "renewal", v);
  POLES_RETURN_IF_ERROR(v.Status());
  const std::string tenant = (*ids)[0];
  const std::string id = (*ids)[1];
  POLES_RETURN_IF_ERROR(c.AuthorizeTenant(tenant));
  return InTenantTransaction(
      c, tenant, [&](storage::TenantTransaction& tx) -> absl::Status {
        pqxx::result cur = tx.work().exec_prepared(kOrgLock.name, tenant, id);
        if (cur.empty()) return NotFound(r.organisation());
        POLES_RETURN_IF_ERROR(
            CheckEtag(r.etag(), cur[0]["version"].as<int64_t>()));
        tx.work().exec_prepared(
            kRenewalInsert.name, tenant, id, r.renewal().renewal_date(),
            r.renewal().renewed_until(), r.renewal().note());
        tx.work().exec_prepared(kRenewalApply.name, tenant, id,
                                r.renewal().renewal_date(),
                                r.renewal().renewed_until());
        pqxx::result got = tx.work().exec_prepared(kOrgGet.name, tenant, id);
        OrganisationFromRow(tenant, got[0], out);
        return WriteAudit(tx, c, out->name());
      });
}

}  // namespace poles::directories
