#include "services/funding/awards.h"

#include <map>
#include <vector>

#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "services/common/mutation.h"
#include "services/common/resource_name.h"
#include "services/common/standard_methods.h"
#include "services/common/status_macros.h"
#include "services/common/validation.h"
#include "services/funding/awards_queries.h"
#include "services/funding/awards_rows.h"
#include "services/funding/calls_queries.h"
#include "services/funding/funding_enums.h"
#include "services/funding/funding_validation.h"
#include "services/funding/programs.h"

namespace poles::funding {

namespace {

constexpr int kMaxImportRows = 100000;
constexpr int kMaxReportedRowErrors = 25;

std::string F(absl::string_view prefix, absl::string_view field) {
  return absl::StrCat(prefix, ".", field);
}

std::string LastId(const std::string& name) {
  auto slash = name.rfind('/');
  return slash == std::string::npos ? name : name.substr(slash + 1);
}

// What only the database can check: the program and the call exist, and a
// promoter group's MRC is of the tenant's territory and its sector known.
absl::Status CheckAwardReferences(storage::TenantTransaction& tx,
                                  const std::string& tenant,
                                  absl::string_view prefix,
                                  const v1::Award& a) {
  POLES_RETURN_IF_ERROR(
      CheckProgram(tx, tenant, F(prefix, "program"), a.program(), ""));
  Violations v;
  if (!a.call_for_projects().empty() &&
      tx.work()
          .exec_prepared(kCallExists.name, tenant,
                         LastId(a.call_for_projects()))
          .empty()) {
    v.Add(F(prefix, "call_for_projects"),
          "is not a call for projects of this tenant");
  }
  if (a.recipient_case() == v1::Award::kPromoterGroup) {
    const auto& s = a.recipient_snapshot();
    if (!s.mrc().empty() &&
        tx.work()
            .exec_prepared(kTenantHasMrc.name, tenant, LastId(s.mrc()))
            .empty()) {
      v.Add(F(prefix, "recipient_snapshot.mrc"),
            absl::StrCat(s.mrc(), " is not in the tenant's territory"));
    }
    if (!s.sector().empty() &&
        tx.work()
            .exec_prepared(kSectorExists.name, LastId(s.sector()))
            .empty()) {
      v.Add(F(prefix, "recipient_snapshot.sector"),
            absl::StrCat(s.sector(), " is not a sector"));
    }
  }
  return v.Status();
}

// INVALID_ARGUMENT with a short message and the first violations only: the
// whole status travels in the trailers, which clients cap at 8 KiB.
absl::Status ImportError(const Violations& v, int bad_rows) {
  absl::Status bad = v.Status();
  absl::Status summary = absl::InvalidArgumentError(absl::StrCat(
      bad_rows, " row(s) are invalid; nothing was imported",
      bad_rows > kMaxReportedRowErrors
          ? absl::StrCat(" (the first ", kMaxReportedRowErrors, " are listed)")
          : ""));
  bad.ForEachPayload([&](absl::string_view url, const absl::Cord& value) {
    summary.SetPayload(url, value);
  });
  return summary;
}

void ClearOutputOnly(v1::Award* a) {
  a->clear_funder();
  a->clear_funder_kind();
  a->clear_fiscal_year();
  a->clear_create_time();
  a->clear_update_time();
  a->clear_etag();
  if (a->recipient_case() == v1::Award::kPromoterGroup) {
    a->mutable_recipient_snapshot()->set_display_name(a->promoter_group());
  }
}

}  // namespace

v1::RecipientSnapshot SnapshotOf(const v1::Organisation& org) {
  v1::RecipientSnapshot s;
  s.set_display_name(org.display_name());
  s.set_mrc(org.mrc());
  s.set_sector(org.sector());
  s.set_legal_form(org.legal_form());
  s.set_neq(org.neq());
  return s;
}

absl::StatusOr<v1::RecipientSnapshot> ReadRecipient(
    DirectoryStub& directory, const std::string& authorization,
    const std::string& field, const std::string& name,
    std::chrono::system_clock::time_point deadline) {
  auto org = directory.GetOrganisation(authorization, name, deadline);
  if (org.ok()) return SnapshotOf(*org);
  if (org.status().code() == absl::StatusCode::kNotFound ||
      org.status().code() == absl::StatusCode::kPermissionDenied) {
    return InvalidField(
        field, absl::StrCat(
                   name, " is not an organisation of the tenant's directory"));
  }
  return org.status();
}

absl::Status Awards::CreateAward(Call& c, const v1::CreateAwardRequest& r,
                                 v1::Award* out) {
  POLES_RETURN_IF_ERROR(Validate(r));
  const std::string tenant =
      (*ParseResourceName("parent", r.parent(), {"tenants"}))[0];
  POLES_RETURN_IF_ERROR(c.AuthorizeTenant(tenant));
  v1::Award a = r.award();
  ClearOutputOnly(&a);
  if (a.recipient_case() == v1::Award::kOrganisation) {
    POLES_ASSIGN_OR_RETURN(
        *a.mutable_recipient_snapshot(),
        ReadRecipient(c, "award.organisation", a.organisation()));
  }
  const std::string id = r.award_id().empty() ? NewResourceId() : r.award_id();
  return CreateTenantResource(
      c, tenant, r,
      [&](storage::TenantTransaction& tx) -> absl::Status {
        POLES_RETURN_IF_ERROR(CheckAwardReferences(tx, tenant, "award", a));
        tx.work().exec_prepared(
            kAwardInsert.name,
            pqxx::prepare::make_dynamic_params(AwardParams(tenant, id, a)));
        AwardFromRow(tenant,
                     tx.work().exec_prepared(kAwardGet.name, tenant, id)[0],
                     out);
        return absl::OkStatus();
      },
      "an award with this award_id already exists", out);
}

absl::Status Awards::GetAward(Call& c, const v1::GetAwardRequest& r,
                              v1::Award* out) {
  POLES_ASSIGN_OR_RETURN(
      auto ids, ParseResourceName("name", r.name(), {"tenants", "awards"}));
  POLES_RETURN_IF_ERROR(c.AuthorizeTenant(ids[0]));
  return InTenantTransaction(
      c, ids[0], [&](storage::TenantTransaction& tx) -> absl::Status {
        pqxx::result rows =
            tx.work().exec_prepared(kAwardGet.name, ids[0], ids[1]);
        if (rows.empty()) return NotFound(r.name());
        AwardFromRow(ids[0], rows[0], out);
        return absl::OkStatus();
      });
}

absl::Status Awards::ListAwards(Call& c, const v1::ListAwardsRequest& r,
                                v1::ListAwardsResponse* out) {
  Violations v;
  auto parent = ParseResourceName("parent", r.parent(), {"tenants"});
  v.Merge(parent.status());
  const std::string tenant = parent.ok() ? (*parent)[0] : "";
  auto size = EffectivePageSize(r.page_size());
  v.Merge(size.status());
  int fiscal_year = -1;
  if (!r.fiscal_year().empty()) {
    auto fy = ParseFiscalYear("fiscal_year", r.fiscal_year());
    v.Merge(fy.status());
    if (fy.ok()) fiscal_year = *fy;
  }
  ProgramRef program =
      ParseProgramRef(v, "program", r.program(), tenant, false);
  if (!v1::Award::Status_IsValid(r.status()))
    v.Add("status", "is not a known status");
  std::string call_id, organisation_id;
  if (!r.call_for_projects().empty()) {
    auto ids = ParseResourceName("call_for_projects", r.call_for_projects(),
                                 {"tenants", "calls"});
    v.Merge(ids.status());
    if (ids.ok()) call_id = (*ids)[1];
  }
  if (!r.organisation().empty()) {
    auto ids = ParseResourceName("organisation", r.organisation(),
                                 {"tenants", "organisations"});
    v.Merge(ids.status());
    if (ids.ok()) organisation_id = (*ids)[1];
  }
  POLES_RETURN_IF_ERROR(v.Status());
  POLES_RETURN_IF_ERROR(c.AuthorizeTenant(tenant));
  const std::string status = r.status() == v1::Award::STATUS_UNSPECIFIED
                                 ? ""
                                 : AwardStatusText(r.status());
  const std::string filter =
      absl::StrCat(fiscal_year, "|", r.program(), "|", status, "|", call_id,
                   "|", organisation_id);
  POLES_ASSIGN_OR_RETURN(auto key, DecodePageToken(page_tokens_, r.page_token(),
                                                   r.parent(), filter, 2));
  return InTenantTransaction(
      c, tenant, [&](storage::TenantTransaction& tx) -> absl::Status {
        pqxx::result rows = tx.work().exec_prepared(
            kAwardList.name, tenant, key[0], key[1], fiscal_year,
            program.catalogue_id, program.local_id, status, call_id,
            organisation_id, *size + 1);
        for (int i = 0; i < static_cast<int>(rows.size()) && i < *size; ++i) {
          AwardFromRow(tenant, rows[i], out->add_awards());
        }
        if (static_cast<int>(rows.size()) > *size) {
          const auto& last = rows[*size - 1];
          out->set_next_page_token(page_tokens_.Encode(
              r.parent(), filter,
              {last["sort_date"].c_str(), last["award_id"].c_str()}));
        }
        return absl::OkStatus();
      });
}

absl::Status Awards::UpdateAward(Call& c, const v1::UpdateAwardRequest& r,
                                 v1::Award* out) {
  POLES_ASSIGN_OR_RETURN(
      auto ids,
      ParseResourceName("award.name", r.award().name(), {"tenants", "awards"}));
  POLES_ASSIGN_OR_RETURN(
      auto paths,
      MaskPaths(r.update_mask(),
                {"title", "description", "organisation", "promoter_group",
                 "recipient_snapshot", "program", "amount_requested",
                 "amount_authorised", "amount_disbursed", "total_investment",
                 "decision_date", "jobs_created", "jobs_maintained",
                 "jobs_created_or_maintained", "status", "plan_item",
                 "call_for_projects"},
                {"name", "funder", "funder_kind", "fiscal_year", "create_time",
                 "update_time", "etag"}));
  if (HasPath(paths, "organisation") && HasPath(paths, "promoter_group")) {
    return InvalidField("update_mask",
                        "may name organisation or promoter_group, not both");
  }
  const std::string& tenant = ids[0];
  POLES_RETURN_IF_ERROR(c.AuthorizeTenant(tenant));
  const v1::Award& in = r.award();
  v1::RecipientSnapshot org_snapshot;
  if (HasPath(paths, "organisation")) {
    Violations v;
    if (in.organisation().empty()) {
      v.Add("award.organisation", "is required");
    } else {
      auto org = ParseResourceName("award.organisation", in.organisation(),
                                   {"tenants", "organisations"});
      v.Merge(org.status());
      if (org.ok() && (*org)[0] != tenant) {
        v.Add("award.organisation",
              "must be an organisation of the award's own tenant");
      }
    }
    POLES_RETURN_IF_ERROR(v.Status());
    POLES_ASSIGN_OR_RETURN(org_snapshot, ReadRecipient(c, "award.organisation",
                                                       in.organisation()));
  }
  return InTenantTransaction(
      c, tenant, [&](storage::TenantTransaction& tx) -> absl::Status {
        pqxx::result cur =
            tx.work().exec_prepared(kAwardLock.name, tenant, ids[1]);
        if (cur.empty()) return NotFound(in.name());
        POLES_RETURN_IF_ERROR(
            CheckEtag(in.etag(), cur[0]["version"].as<int64_t>()));
        v1::Award m;
        AwardFromRow(tenant, cur[0], &m);
        if (HasPath(paths, "title")) m.set_title(in.title());
        if (HasPath(paths, "description")) m.set_description(in.description());
        if (HasPath(paths, "organisation")) {
          m.set_organisation(in.organisation());
          *m.mutable_recipient_snapshot() = org_snapshot;
        }
        if (HasPath(paths, "promoter_group")) {
          m.set_promoter_group(in.promoter_group());
          *m.mutable_recipient_snapshot() = in.recipient_snapshot();
        } else if (HasPath(paths, "recipient_snapshot") &&
                   m.recipient_case() == v1::Award::kPromoterGroup) {
          *m.mutable_recipient_snapshot() = in.recipient_snapshot();
        }
        if (HasPath(paths, "program")) m.set_program(in.program());
        const auto money =
            [&](const char* path, bool has, const v1::Money& value,
                v1::Money* (v1::Award::*mut)(), void (v1::Award::*clear)()) {
              if (!HasPath(paths, path)) return;
              if (has) {
                *(m.*mut)() = value;
              } else {
                (m.*clear)();
              }
            };
        money("amount_requested", in.has_amount_requested(),
              in.amount_requested(), &v1::Award::mutable_amount_requested,
              &v1::Award::clear_amount_requested);
        money("amount_authorised", in.has_amount_authorised(),
              in.amount_authorised(), &v1::Award::mutable_amount_authorised,
              &v1::Award::clear_amount_authorised);
        money("amount_disbursed", in.has_amount_disbursed(),
              in.amount_disbursed(), &v1::Award::mutable_amount_disbursed,
              &v1::Award::clear_amount_disbursed);
        money("total_investment", in.has_total_investment(),
              in.total_investment(), &v1::Award::mutable_total_investment,
              &v1::Award::clear_total_investment);
        if (HasPath(paths, "decision_date"))
          m.set_decision_date(in.decision_date());
        if (HasPath(paths, "jobs_created")) {
          if (in.has_jobs_created())
            m.set_jobs_created(in.jobs_created());
          else
            m.clear_jobs_created();
        }
        if (HasPath(paths, "jobs_maintained")) {
          if (in.has_jobs_maintained()) {
            m.set_jobs_maintained(in.jobs_maintained());
          } else {
            m.clear_jobs_maintained();
          }
        }
        if (HasPath(paths, "jobs_created_or_maintained")) {
          if (in.has_jobs_created_or_maintained()) {
            m.set_jobs_created_or_maintained(in.jobs_created_or_maintained());
          } else {
            m.clear_jobs_created_or_maintained();
          }
        }
        if (HasPath(paths, "status")) m.set_status(in.status());
        if (HasPath(paths, "plan_item")) m.set_plan_item(in.plan_item());
        if (HasPath(paths, "call_for_projects"))
          m.set_call_for_projects(in.call_for_projects());
        ClearOutputOnly(&m);
        Violations v;
        ValidateAward(m, "award", tenant, v);
        POLES_RETURN_IF_ERROR(v.Status());
        POLES_RETURN_IF_ERROR(CheckAwardReferences(tx, tenant, "award", m));
        tx.work().exec_prepared(
            kAwardUpdate.name,
            pqxx::prepare::make_dynamic_params(AwardParams(tenant, ids[1], m)));
        AwardFromRow(tenant,
                     tx.work().exec_prepared(kAwardGet.name, tenant, ids[1])[0],
                     out);
        return WriteAudit(tx, c, out->name());
      });
}

absl::Status Awards::DeleteAward(Call& c, const v1::DeleteAwardRequest& r) {
  POLES_ASSIGN_OR_RETURN(
      auto ids, ParseResourceName("name", r.name(), {"tenants", "awards"}));
  POLES_RETURN_IF_ERROR(c.AuthorizeTenant(ids[0]));
  const std::string& tenant = ids[0];
  return InTenantTransaction(
      c, tenant, [&](storage::TenantTransaction& tx) -> absl::Status {
        pqxx::result cur =
            tx.work().exec_prepared(kAwardLock.name, tenant, ids[1]);
        if (cur.empty()) return NotFound(r.name());
        POLES_RETURN_IF_ERROR(
            CheckEtag(r.etag(), cur[0]["version"].as<int64_t>()));
        tx.work().exec_prepared(kAwardDelete.name, tenant, ids[1]);
        return WriteAudit(tx, c, r.name());
      });
}

absl::Status Awards::ImportAwards(
    Call& c, MessageSource<v1::ImportAwardsRequest>& source,
    v1::ImportAwardsResponse* out) {
  std::string parent;
  bool validate_only = false;
  bool first = true;
  std::vector<v1::AwardRow> rows;
  v1::ImportAwardsRequest message;
  while (source.Next(&message)) {
    if (first) {
      parent = message.parent();
      validate_only = message.validate_only();
      auto ids = ParseResourceName("parent", parent, {"tenants"});
      if (!ids.ok()) return ids.status();
      POLES_RETURN_IF_ERROR(c.AuthorizeTenant((*ids)[0]));
      first = false;
    } else if (!message.parent().empty() && message.parent() != parent) {
      return InvalidField("parent",
                          "must be the same in every message of the stream");
    }
    if (message.rows_size() > 1000)
      return InvalidField("rows", "at most 1 000 rows per message");
    if (static_cast<int>(rows.size()) + message.rows_size() > kMaxImportRows) {
      return InvalidField(
          "rows", absl::StrCat("at most ", kMaxImportRows, " rows per import"));
    }
    for (auto& row : *message.mutable_rows()) rows.push_back(std::move(row));
  }
  POLES_RETURN_IF_ERROR(source.status());
  if (first) return InvalidField("parent", "is required in the first message");
  const std::string tenant =
      (*ParseResourceName("parent", parent, {"tenants"}))[0];

  Violations v;
  int bad_rows = 0;
  std::map<std::string, v1::RecipientSnapshot> snapshots;
  for (auto& row : rows) {
    const std::string prefix = absl::StrCat("lines[", row.line(), "]");
    Violations rv;
    v1::Award* a = row.mutable_award();
    ClearOutputOnly(a);
    ValidateAward(*a, prefix, tenant, rv);
    CheckResourceId(rv, F(prefix, "award_id"), row.award_id());
    if (rv.empty() && a->recipient_case() == v1::Award::kOrganisation &&
        !snapshots.count(a->organisation())) {
      auto s = ReadRecipient(c, F(prefix, "organisation"), a->organisation());
      if (s.ok()) {
        snapshots[a->organisation()] = *s;
      } else if (s.status().code() == absl::StatusCode::kInvalidArgument) {
        rv.Merge(s.status());
      } else {
        return s.status();
      }
    }
    if (!rv.empty()) {
      if (++bad_rows <= kMaxReportedRowErrors) v.Merge(rv.Status());
    }
  }
  if (bad_rows > 0) return ImportError(v, bad_rows);
  for (auto& row : rows) {
    v1::Award* a = row.mutable_award();
    if (a->recipient_case() == v1::Award::kOrganisation) {
      *a->mutable_recipient_snapshot() = snapshots[a->organisation()];
    }
  }
  out->set_rows(static_cast<int>(rows.size()));
  out->set_validate_only(validate_only);
  absl::Status status = InTenantTransaction(
      c, tenant, [&](storage::TenantTransaction& tx) -> absl::Status {
        Violations dv;
        int bad = 0;
        int created = 0, updated = 0;
        for (const auto& row : rows) {
          const std::string prefix = absl::StrCat("lines[", row.line(), "]");
          absl::Status s =
              CheckAwardReferences(tx, tenant, prefix, row.award());
          if (!s.ok()) {
            if (s.code() != absl::StatusCode::kInvalidArgument) return s;
            if (++bad <= kMaxReportedRowErrors) dv.Merge(s);
            continue;
          }
          const std::string id =
              row.award_id().empty() ? NewResourceId() : row.award_id();
          const bool exists =
              !row.award_id().empty() &&
              !tx.work().exec_prepared(kAwardExists.name, tenant, id).empty();
          tx.work().exec_prepared(
              exists ? kAwardUpdate.name : kAwardInsert.name,
              pqxx::prepare::make_dynamic_params(
                  AwardParams(tenant, id, row.award())));
          exists ? ++updated : ++created;
        }
        if (bad > 0) return ImportError(dv, bad);
        out->set_created(created);
        out->set_updated(updated);
        if (validate_only)
          return WithReason(absl::AbortedError("validate_only"),
                            "VALIDATE_ONLY");
        return WriteAudit(tx, c, absl::StrCat(parent, "/awards:import"));
      });
  if (validate_only && ReasonOf(status) == "VALIDATE_ONLY")
    return absl::OkStatus();
  return status;
}

}  // namespace poles::funding
