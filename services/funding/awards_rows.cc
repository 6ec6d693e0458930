#include "services/funding/awards_rows.h"

#include "absl/strings/str_cat.h"
#include "services/common/mutation.h"
#include "services/common/resource_name.h"
#include "services/common/validation.h"
#include "services/funding/funding_enums.h"
#include "services/funding/funding_validation.h"

namespace poles::funding {

namespace {

void SetMoney(const pqxx::field& f, v1::Money* (v1::Award::*mut)(),
              v1::Award* a) {
  if (f.is_null()) return;
  v1::Money* m = (a->*mut)();
  m->set_cents(f.as<int64_t>());
  m->set_currency_code("CAD");
}

std::string MoneyParam(bool present, const v1::Money& m) {
  return present ? std::to_string(m.cents()) : "";
}

std::string CountParam(bool present, int32_t n) {
  return present ? std::to_string(n) : "";
}

// The id after the last '/' of a resource name.
std::string LastId(const std::string& name) {
  auto slash = name.rfind('/');
  return slash == std::string::npos ? name : name.substr(slash + 1);
}

}  // namespace

void AwardFromRow(const std::string& tenant, const pqxx::row& row,
                  v1::Award* out) {
  out->set_name(FormatResourceName({"tenants", "awards"},
                                   {tenant, row["award_id"].c_str()}));
  out->set_title(row["title"].c_str());
  out->set_description(row["description"].c_str());
  auto* snap = out->mutable_recipient_snapshot();
  if (!row["organisation_id"].is_null()) {
    out->set_organisation(
        FormatResourceName({"tenants", "organisations"},
                           {tenant, row["organisation_id"].c_str()}));
  } else {
    out->set_promoter_group(row["promoter_group"].c_str());
  }
  snap->set_display_name(row["recipient_name"].c_str());
  if (!row["mrc_id"].is_null())
    snap->set_mrc(absl::StrCat("mrcs/", row["mrc_id"].c_str()));
  if (!row["sector_id"].is_null()) {
    snap->set_sector(absl::StrCat("sectors/", row["sector_id"].c_str()));
  }
  snap->set_legal_form(LegalFormFromText(row["legal_form"].c_str()));
  snap->set_neq(row["neq"].c_str());
  out->set_program(ProgramName(tenant,
                               row["catalogue_program_id"].is_null()
                                   ? ""
                                   : row["catalogue_program_id"].c_str(),
                               row["local_program_id"].is_null()
                                   ? ""
                                   : row["local_program_id"].c_str()));
  out->set_funder(absl::StrCat("funders/", row["funder_id"].c_str()));
  out->set_funder_kind(FunderKindFromText(row["funder_kind"].c_str()));
  SetMoney(row["amount_requested_cents"], &v1::Award::mutable_amount_requested,
           out);
  SetMoney(row["amount_authorised_cents"],
           &v1::Award::mutable_amount_authorised, out);
  SetMoney(row["amount_disbursed_cents"], &v1::Award::mutable_amount_disbursed,
           out);
  SetMoney(row["total_investment_cents"], &v1::Award::mutable_total_investment,
           out);
  if (!row["decision_date"].is_null()) {
    out->set_decision_date(row["decision_date"].c_str());
    out->set_fiscal_year(FormatFiscalYear(row["fiscal_year"].as<int>()));
  }
  if (!row["jobs_created"].is_null())
    out->set_jobs_created(row["jobs_created"].as<int>());
  if (!row["jobs_maintained"].is_null()) {
    out->set_jobs_maintained(row["jobs_maintained"].as<int>());
  }
  if (!row["jobs_created_or_maintained"].is_null()) {
    out->set_jobs_created_or_maintained(
        row["jobs_created_or_maintained"].as<int>());
  }
  out->set_status(AwardStatusFromText(row["status"].c_str()));
  out->set_plan_item(row["plan_item"].c_str());
  if (!row["call_id"].is_null()) {
    out->set_call_for_projects(FormatResourceName(
        {"tenants", "calls"}, {tenant, row["call_id"].c_str()}));
  }
  SetTimestamp(row["create_micros"].as<int64_t>(), out->mutable_create_time());
  SetTimestamp(row["update_micros"].as<int64_t>(), out->mutable_update_time());
  out->set_etag(FormatEtag(row["version"].as<int64_t>()));
}

std::vector<std::string> AwardParams(const std::string& tenant,
                                     const std::string& id,
                                     const v1::Award& a) {
  Violations ignored;
  ProgramRef program =
      ParseProgramRef(ignored, "program", a.program(), tenant, true);
  const auto& s = a.recipient_snapshot();
  const bool org = a.recipient_case() == v1::Award::kOrganisation;
  return {
      tenant,
      id,
      a.title(),
      a.description(),
      org ? LastId(a.organisation()) : "",
      org ? "" : a.promoter_group(),
      org ? s.display_name() : a.promoter_group(),
      s.mrc().empty() ? "" : LastId(s.mrc()),
      s.sector().empty() ? "" : LastId(s.sector()),
      LegalFormText(s.legal_form()),
      s.neq(),
      program.catalogue_id,
      program.local_id,
      MoneyParam(a.has_amount_requested(), a.amount_requested()),
      MoneyParam(a.has_amount_authorised(), a.amount_authorised()),
      MoneyParam(a.has_amount_disbursed(), a.amount_disbursed()),
      MoneyParam(a.has_total_investment(), a.total_investment()),
      a.decision_date(),
      CountParam(a.has_jobs_created(), a.jobs_created()),
      CountParam(a.has_jobs_maintained(), a.jobs_maintained()),
      CountParam(a.has_jobs_created_or_maintained(),
                 a.jobs_created_or_maintained()),
      AwardStatusText(a.status()),
      a.plan_item(),
      a.call_for_projects().empty() ? "" : LastId(a.call_for_projects()),
  };
}

}  // namespace poles::funding
