// The Pôle's profile (AIP-156 singleton `tenants/{tenant}/profile`): read
// as empty until first updated; an update creates or replaces it.
#include <pqxx/pqxx>

#include "services/common/mutation.h"
#include "services/common/sql_values.h"
#include "services/common/standard_methods.h"
#include "services/common/status_macros.h"
#include "services/events/events_service.h"
#include "services/events/events_validation.h"
#include "services/events/profile_queries.h"

namespace poles::events {

namespace {

// The one mapper of a pole_profiles row (columns: see profile_queries.h).
template <typename DbRow>
void ProfileFromRow(absl::string_view tenant, const DbRow& r,
                    v1::PoleProfile* out) {
  out->set_name(ProfileName(tenant));
  out->set_legal_name(r["legal_name"].c_str());
  out->set_incorporation_date(r["incorporation_date"].c_str());
  const std::string event = r["founding_event_id"].c_str();
  if (!event.empty()) {
    out->set_founding_event(
        FormatResourceName({"tenants", "events"}, {tenant, event}));
  }
  out->set_website_uri(r["website_uri"].c_str());
  out->set_contact_email(r["contact_email"].c_str());
  AppendTextArray(r["notes"].c_str(), out->mutable_notes());
  SetTimestamp(r["update_micros"].template as<int64_t>(),
               out->mutable_update_time());
  out->set_etag(FormatEtag(r["version"].template as<int64_t>()));
}

// The profile of a tenant that has none yet: its name and the etag of
// version 0, which an update may send back.
void EmptyProfile(absl::string_view tenant, v1::PoleProfile* out) {
  out->set_name(ProfileName(tenant));
  out->set_etag(FormatEtag(0));
}

}  // namespace

absl::Status EventsLogic::GetPoleProfile(Call& c,
                                         const v1::GetPoleProfileRequest& r,
                                         v1::PoleProfile* out) {
  POLES_ASSIGN_OR_RETURN(std::string tenant,
                         ParseProfileName("name", r.name()));
  POLES_RETURN_IF_ERROR(c.AuthorizeTenant(tenant));
  POLES_ASSIGN_OR_RETURN(auto rows,
                         ReadTenant(c, tenant, kProfileGet.name, {tenant}));
  if (rows.empty()) {
    EmptyProfile(tenant, out);
  } else {
    ProfileFromRow(tenant, rows[0], out);
  }
  return absl::OkStatus();
}

absl::Status EventsLogic::UpdatePoleProfile(
    Call& c, const v1::UpdatePoleProfileRequest& r, v1::PoleProfile* out) {
  POLES_ASSIGN_OR_RETURN(std::string tenant,
                         ParseProfileName("profile.name", r.profile().name()));
  POLES_ASSIGN_OR_RETURN(
      auto paths,
      MaskPaths(r.update_mask(),
                {"legal_name", "incorporation_date", "founding_event",
                 "website_uri", "contact_email", "notes"},
                {"name", "update_time", "etag"}));
  POLES_RETURN_IF_ERROR(c.AuthorizeTenant(tenant));
  return InTenantTransaction(
      c, tenant, [&](storage::TenantTransaction& tx) -> absl::Status {
        pqxx::result cur = tx.work().exec_prepared(kProfileLock.name, tenant);
        v1::PoleProfile m;
        if (cur.empty()) {
          EmptyProfile(tenant, &m);
        } else {
          ProfileFromRow(tenant, cur[0], &m);
        }
        POLES_RETURN_IF_ERROR(
            CheckEtag(r.profile().etag(),
                      cur.empty() ? 0 : cur[0]["version"].as<int64_t>()));
        const v1::PoleProfile& in = r.profile();
        if (HasPath(paths, "legal_name")) m.set_legal_name(in.legal_name());
        if (HasPath(paths, "incorporation_date")) {
          m.set_incorporation_date(in.incorporation_date());
        }
        if (HasPath(paths, "founding_event")) {
          m.set_founding_event(in.founding_event());
        }
        if (HasPath(paths, "website_uri")) m.set_website_uri(in.website_uri());
        if (HasPath(paths, "contact_email")) {
          m.set_contact_email(in.contact_email());
        }
        if (HasPath(paths, "notes")) *m.mutable_notes() = in.notes();
        Violations v;
        std::string founding_event_id;
        ValidatePoleProfile(m, "profile", tenant, v, &founding_event_id);
        POLES_RETURN_IF_ERROR(v.Status());
        if (!founding_event_id.empty() &&
            tx.work()
                .exec_prepared(kProfileEventExists.name, tenant,
                               founding_event_id)
                .empty()) {
          return InvalidField("profile.founding_event",
                              "is not an event of this tenant");
        }
        pqxx::result rows = tx.work().exec_prepared(
            kProfileUpsert.name, tenant, m.legal_name(), m.incorporation_date(),
            founding_event_id, m.website_uri(), m.contact_email(),
            ListToJson(m.notes()));
        ProfileFromRow(tenant, rows[0], out);
        return WriteAudit(tx, c, out->name());
      });
}

}  // namespace poles::events
