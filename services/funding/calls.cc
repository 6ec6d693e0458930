#include "services/funding/calls.h"

#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "services/common/mutation.h"
#include "services/common/resource_name.h"
#include "services/common/standard_methods.h"
#include "services/common/status_macros.h"
#include "services/common/validation.h"
#include "services/funding/calls_queries.h"
#include "services/funding/calls_rows.h"
#include "services/funding/funding_validation.h"
#include "services/funding/programs.h"
#include "services/funding/tenant_resources.h"

namespace poles::funding {

absl::Status CallsForProjects::CreateCallForProjects(
    Call& c, const v1::CreateCallForProjectsRequest& r,
    v1::CallForProjects* out) {
  POLES_RETURN_IF_ERROR(Validate(r));
  const std::string tenant =
      (*ParseResourceName("parent", r.parent(), {"tenants"}))[0];
  POLES_RETURN_IF_ERROR(c.AuthorizeTenant(tenant));
  const std::string id = r.call_for_projects_id().empty()
                             ? NewResourceId()
                             : r.call_for_projects_id();
  const v1::CallForProjects& in = r.call_for_projects();
  return CreateTenantResource(
      c, tenant, r,
      [&](storage::TenantTransaction& tx) -> absl::Status {
        POLES_RETURN_IF_ERROR(CheckProgram(
            tx, tenant, "call_for_projects.program", in.program(), ""));
        tx.work().exec_prepared(
            kCallInsert.name,
            pqxx::prepare::make_dynamic_params(CallParams(tenant, id, in)));
        CallFromRow(tenant,
                    tx.work().exec_prepared(kCallGet.name, tenant, id)[0], out);
        return absl::OkStatus();
      },
      "a call for projects with this call_for_projects_id already exists", out);
}

absl::Status CallsForProjects::GetCallForProjects(
    Call& c, const v1::GetCallForProjectsRequest& r, v1::CallForProjects* out) {
  return GetResourceInTransaction(c, r.name(), "calls", kCallGet.name,
                                  CallFromRow, out);
}

absl::Status CallsForProjects::ListCallsForProjects(
    Call& c, const v1::ListCallsForProjectsRequest& r,
    v1::ListCallsForProjectsResponse* out) {
  POLES_ASSIGN_OR_RETURN(
      ListScope scope,
      ParseListRequest(c, page_tokens_, r.parent(), r.page_size(),
                       r.page_token(), r.fiscal_year(), nullptr));
  return ListResourcesInTransaction(
      c, scope, page_tokens_, r.parent(), kCallList.name, "fiscal_year",
      "call_id", CallFromRow, [&] { return out->add_calls_for_projects(); },
      out->mutable_next_page_token());
}

absl::Status CallsForProjects::UpdateCallForProjects(
    Call& c, const v1::UpdateCallForProjectsRequest& r,
    v1::CallForProjects* out) {
  POLES_ASSIGN_OR_RETURN(
      auto ids,
      ParseResourceName("call_for_projects.name", r.call_for_projects().name(),
                        {"tenants", "calls"}));
  POLES_ASSIGN_OR_RETURN(
      auto paths,
      MaskPaths(r.update_mask(),
                {"program", "title", "fiscal_year", "information_requests",
                 "eligibility_requests", "applications_filed", "recommended",
                 "retained", "note"},
                {"name", "create_time", "update_time", "etag"}));
  const std::string& tenant = ids[0];
  POLES_RETURN_IF_ERROR(c.AuthorizeTenant(tenant));
  const v1::CallForProjects& in = r.call_for_projects();
  const auto merge = [&](v1::CallForProjects& m) {
    if (HasPath(paths, "program")) m.set_program(in.program());
    if (HasPath(paths, "title")) m.set_title(in.title());
    if (HasPath(paths, "fiscal_year")) m.set_fiscal_year(in.fiscal_year());
    const auto count = [&](const char* path, bool has, int32_t value,
                           void (v1::CallForProjects::*set)(int32_t),
                           void (v1::CallForProjects::*clear)()) {
      if (!HasPath(paths, path)) return;
      if (has) {
        (m.*set)(value);
      } else {
        (m.*clear)();
      }
    };
    count("information_requests", in.has_information_requests(),
          in.information_requests(),
          &v1::CallForProjects::set_information_requests,
          &v1::CallForProjects::clear_information_requests);
    count("eligibility_requests", in.has_eligibility_requests(),
          in.eligibility_requests(),
          &v1::CallForProjects::set_eligibility_requests,
          &v1::CallForProjects::clear_eligibility_requests);
    count("applications_filed", in.has_applications_filed(),
          in.applications_filed(), &v1::CallForProjects::set_applications_filed,
          &v1::CallForProjects::clear_applications_filed);
    count("recommended", in.has_recommended(), in.recommended(),
          &v1::CallForProjects::set_recommended,
          &v1::CallForProjects::clear_recommended);
    count("retained", in.has_retained(), in.retained(),
          &v1::CallForProjects::set_retained,
          &v1::CallForProjects::clear_retained);
    if (HasPath(paths, "note")) m.set_note(in.note());
    Violations v;
    ValidateCallForProjects(m, "call_for_projects", tenant, v);
    return v.Status();
  };
  return UpdateResourceInTransaction(
      c, tenant, ids[1], in, kCallLock.name, CallFromRow, merge,
      [&](storage::TenantTransaction& tx,
          const v1::CallForProjects& m) -> absl::Status {
        POLES_RETURN_IF_ERROR(CheckProgram(
            tx, tenant, "call_for_projects.program", m.program(), ""));
        tx.work().exec_prepared(
            kCallUpdate.name,
            pqxx::prepare::make_dynamic_params(CallParams(tenant, ids[1], m)));
        CallFromRow(tenant,
                    tx.work().exec_prepared(kCallGet.name, tenant, ids[1])[0],
                    out);
        return absl::OkStatus();
      },
      out);
}

absl::Status CallsForProjects::DeleteCallForProjects(
    Call& c, const v1::DeleteCallForProjectsRequest& r) {
  return DeleteResourceInTransaction(
      c, r.name(), "calls", r.etag(), kCallLock.name, kCallDelete.name,
      [](storage::TenantTransaction& tx, const std::string& tenant,
         const std::string& id) -> absl::Status {
        const long uses =
            tx.work()
                .exec_prepared(kCallUses.name, tenant, id)[0]["uses"]
                .as<long>();
        if (uses > 0) {
          return WithReason(
              absl::FailedPreconditionError(absl::StrCat(
                  uses, " awards name this call; change or delete them first")),
              "IN_USE");
        }
        return absl::OkStatus();
      });
}

}  // namespace poles::funding
