#include "services/directories/people.h"

#include "absl/strings/str_cat.h"
#include "services/common/mutation.h"
#include "services/common/resource_name.h"
#include "services/common/standard_methods.h"
#include "services/common/status_macros.h"
#include "services/directories/directories_logic.h"
#include "services/directories/directories_validation.h"
#include "services/directories/organisations_queries.h"
#include "services/directories/people_queries.h"
#include "services/directories/reference.h"

namespace poles::directories {

namespace {

// A person row (kPersonGet's columns, by name) of `tenant` -> `p`.
template <typename DbRow>
void PersonFromRow(const std::string& tenant, const DbRow& r, v1::Person* p) {
  p->set_name(PersonName(tenant, r["person_id"].c_str()));
  p->set_display_name(r["display_name"].c_str());
  p->set_role(RoleFromCode(r["role"].c_str()));
  p->set_position(r["position"].c_str());
  std::string org = r["organisation_id"].c_str();
  p->set_organisation(org.empty() ? "" : OrgName(tenant, org));
  p->set_email(r["email"].c_str());
  p->set_phone(r["phone"].c_str());
  const std::string purpose = r["consent_purpose"].c_str();
  const std::string consent_date = r["consent_date"].c_str();
  if (!purpose.empty() || !consent_date.empty()) {
    p->mutable_consent()->set_purpose(purpose);
    p->mutable_consent()->set_consent_date(consent_date);
  }
  p->set_erased(r["erased"].template as<bool>());
  if (int64_t t = r["erase_micros"].template as<int64_t>(); t >= 0) {
    SetTimestamp(t, p->mutable_erase_time());
  }
  p->set_etag(FormatEtag(r["version"].template as<int64_t>()));
  SetTimestamp(r["create_micros"].template as<int64_t>(),
               p->mutable_create_time());
  SetTimestamp(r["update_micros"].template as<int64_t>(),
               p->mutable_update_time());
}

}  // namespace

void MergePersonUpdate(const v1::Person& in,
                       const std::vector<std::string>& paths,
                       v1::Person* current) {
  v1::Person& m = *current;
  if (HasPath(paths, "display_name")) m.set_display_name(in.display_name());
  if (HasPath(paths, "role")) m.set_role(in.role());
  if (HasPath(paths, "position")) m.set_position(in.position());
  if (HasPath(paths, "organisation")) m.set_organisation(in.organisation());
  if (HasPath(paths, "email")) m.set_email(in.email());
  if (HasPath(paths, "phone")) m.set_phone(in.phone());
  if (HasPath(paths, "consent") || HasPath(paths, "consent.purpose")) {
    m.mutable_consent()->set_purpose(in.consent().purpose());
  }
  if (HasPath(paths, "consent") || HasPath(paths, "consent.consent_date")) {
    m.mutable_consent()->set_consent_date(in.consent().consent_date());
  }
}

absl::Status DirectoriesLogic::CreatePerson(Call& c,
                                            const v1::CreatePersonRequest& r,
                                            v1::Person* out) {
  Violations v;
  auto parent = ParseResourceName("parent", r.parent(), {"tenants"});
  v.Merge(parent.status());
  ValidatePerson(r.person(), "person", v);
  CheckPersonId("person_id", r.person_id(), v);
  CheckRequestId(v, r.request_id());
  std::string org_id;
  if (parent.ok())
    org_id = OrgIdOf("person.organisation", r.person().organisation(),
                     (*parent)[0], v);
  POLES_RETURN_IF_ERROR(v.Status());
  const std::string tenant = (*parent)[0];
  POLES_RETURN_IF_ERROR(c.AuthorizeTenant(tenant));
  const std::string id =
      r.person_id().empty() ? NewResourceId() : r.person_id();
  const v1::Person& p = r.person();
  return CreateTenantResource(
      c, tenant, r,
      [&](storage::TenantTransaction& tx) -> absl::Status {
        if (!org_id.empty() &&
            tx.work().exec_prepared(kOrgExists.name, tenant, org_id).empty()) {
          return InvalidField("person.organisation", "does not exist");
        }
        pqxx::result rows = tx.work().exec_prepared(
            kPersonInsert.name, tenant, id, p.display_name(),
            RoleCode(p.role()), p.position(), org_id, p.email(), p.phone(),
            p.consent().purpose(), p.consent().consent_date());
        PersonFromRow(tenant, rows[0], out);
        return absl::OkStatus();
      },
      "a person with this person_id already exists", out);
}

absl::Status DirectoriesLogic::GetPerson(Call& c, const v1::GetPersonRequest& r,
                                         v1::Person* out) {
  return GetTenantResource(c, r.name(), "people", kPersonGet.name,
                           PersonFromRow<storage::Row>, out);
}

absl::Status DirectoriesLogic::ListPeople(Call& c,
                                          const v1::ListPeopleRequest& r,
                                          v1::ListPeopleResponse* out) {
  Violations v;
  auto parent = ParseResourceName("parent", r.parent(), {"tenants"});
  v.Merge(parent.status());
  auto size = EffectivePageSize(r.page_size());
  v.Merge(size.status());
  if (!v1::Person::Role_IsValid(r.role())) v.Add("role", "is not a known role");
  std::string org_id;
  if (parent.ok())
    org_id = OrgIdOf("organisation", r.organisation(), (*parent)[0], v);
  POLES_RETURN_IF_ERROR(v.Status());
  const std::string tenant = (*parent)[0];
  POLES_RETURN_IF_ERROR(c.AuthorizeTenant(tenant));
  const std::string role = RoleCode(r.role());
  const std::string filter = absl::StrCat(role, "|", org_id);
  POLES_ASSIGN_OR_RETURN(auto key, DecodePageToken(page_tokens_, r.page_token(),
                                                   r.parent(), filter, 1));
  POLES_ASSIGN_OR_RETURN(auto rows, ReadTenant(c, tenant, kPersonList.name,
                                               {tenant, key[0], role, org_id,
                                                std::to_string(*size + 1)}));
  for (int i = 0; i < static_cast<int>(rows.size()) && i < *size; ++i) {
    PersonFromRow(tenant, rows[i], out->add_people());
  }
  if (static_cast<int>(rows.size()) > *size) {
    out->set_next_page_token(page_tokens_.Encode(
        r.parent(), filter, {rows[*size - 1]["person_id"].c_str()}));
  }
  return absl::OkStatus();
}

absl::Status DirectoriesLogic::UpdatePerson(Call& c,
                                            const v1::UpdatePersonRequest& r,
                                            v1::Person* out) {
  POLES_ASSIGN_OR_RETURN(auto ids,
                         ParseResourceName("person.name", r.person().name(),
                                           {"tenants", "people"}));
  POLES_ASSIGN_OR_RETURN(
      auto paths,
      MaskPaths(r.update_mask(),
                {"display_name", "role", "position", "organisation", "email",
                 "phone", "consent", "consent.purpose", "consent.consent_date"},
                {"name", "erased", "erase_time", "create_time", "update_time",
                 "etag"}));
  const std::string& tenant = ids[0];
  Violations pre;
  std::string new_org;
  if (HasPath(paths, "organisation")) {
    new_org =
        OrgIdOf("person.organisation", r.person().organisation(), tenant, pre);
  }
  POLES_RETURN_IF_ERROR(pre.Status());
  POLES_RETURN_IF_ERROR(c.AuthorizeTenant(tenant));
  return InTenantTransaction(
      c, tenant, [&](storage::TenantTransaction& tx) -> absl::Status {
        pqxx::result cur =
            tx.work().exec_prepared(kPersonLock.name, tenant, ids[1]);
        if (cur.empty()) return NotFound(r.person().name());
        POLES_RETURN_IF_ERROR(
            CheckEtag(r.person().etag(), cur[0]["version"].as<int64_t>()));
        v1::Person m;
        PersonFromRow(tenant, cur[0], &m);
        if (m.erased()) {
          return WithReason(
              absl::FailedPreconditionError(
                  "the person's information was erased; it cannot be "
                  "changed"),
              "ERASED");
        }
        MergePersonUpdate(r.person(), paths, &m);
        Violations v;
        ValidatePerson(m, "person", v);
        POLES_RETURN_IF_ERROR(v.Status());
        const std::string org_id = LastSegment(m.organisation());
        if (HasPath(paths, "organisation") && !new_org.empty() &&
            tx.work().exec_prepared(kOrgExists.name, tenant, new_org).empty()) {
          return InvalidField("person.organisation", "does not exist");
        }
        pqxx::result rows = tx.work().exec_prepared(
            kPersonUpdate.name, tenant, ids[1], m.display_name(),
            RoleCode(m.role()), m.position(), org_id, m.email(), m.phone(),
            m.consent().purpose(), m.consent().consent_date());
        PersonFromRow(tenant, rows[0], out);
        return WriteAudit(tx, c, out->name());
      });
}

absl::Status DirectoriesLogic::DeletePerson(Call& c,
                                            const v1::DeletePersonRequest& r) {
  POLES_ASSIGN_OR_RETURN(
      auto ids, ParseResourceName("name", r.name(), {"tenants", "people"}));
  POLES_RETURN_IF_ERROR(c.AuthorizeTenant(ids[0]));
  const std::string& tenant = ids[0];
  return InTenantTransaction(
      c, tenant, [&](storage::TenantTransaction& tx) -> absl::Status {
        pqxx::result cur =
            tx.work().exec_prepared(kPersonLock.name, tenant, ids[1]);
        if (cur.empty()) return NotFound(r.name());
        POLES_RETURN_IF_ERROR(
            CheckEtag(r.etag(), cur[0]["version"].as<int64_t>()));
        tx.work().exec_prepared(kPersonForgetReplies.name, tenant, r.name());
        tx.work().exec_prepared(kPersonDelete.name, tenant, ids[1]);
        return WriteAudit(tx, c, r.name());
      });
}

absl::Status DirectoriesLogic::ErasePerson(Call& c,
                                           const v1::ErasePersonRequest& r,
                                           v1::Person* out) {
  POLES_ASSIGN_OR_RETURN(
      auto ids, ParseResourceName("name", r.name(), {"tenants", "people"}));
  POLES_RETURN_IF_ERROR(c.AuthorizeTenant(ids[0]));
  const std::string& tenant = ids[0];
  return InTenantTransaction(
      c, tenant, [&](storage::TenantTransaction& tx) -> absl::Status {
        pqxx::result cur =
            tx.work().exec_prepared(kPersonLock.name, tenant, ids[1]);
        if (cur.empty()) return NotFound(r.name());
        POLES_RETURN_IF_ERROR(
            CheckEtag(r.etag(), cur[0]["version"].as<int64_t>()));
        if (cur[0]["erased"]
                .as<bool>()) {  // already erased: nothing left to remove
          PersonFromRow(tenant, cur[0], out);
          return absl::OkStatus();
        }
        pqxx::result rows =
            tx.work().exec_prepared(kPersonErase.name, tenant, ids[1]);
        tx.work().exec_prepared(kPersonForgetReplies.name, tenant, r.name());
        PersonFromRow(tenant, rows[0], out);
        return WriteAudit(tx, c, r.name());
      });
}

}  // namespace poles::directories
