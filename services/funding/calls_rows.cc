#include "services/funding/calls_rows.h"

#include "services/common/mutation.h"
#include "services/common/resource_name.h"
#include "services/common/validation.h"
#include "services/funding/funding_validation.h"

namespace poles::funding {

namespace {

const char* OrEmpty(const pqxx::field& f) {
  return f.is_null() ? "" : f.c_str();
}

std::string CountParam(bool present, int32_t n) {
  return present ? std::to_string(n) : "";
}

}  // namespace

void CallFromRow(const std::string& tenant, const pqxx::row& row,
                 v1::CallForProjects* out) {
  out->set_name(FormatResourceName({"tenants", "calls"},
                                   {tenant, row["call_id"].c_str()}));
  out->set_program(ProgramName(tenant, OrEmpty(row["catalogue_program_id"]),
                               OrEmpty(row["local_program_id"])));
  out->set_title(row["title"].c_str());
  out->set_fiscal_year(FormatFiscalYear(row["fiscal_year"].as<int>()));
  if (!row["information_requests"].is_null()) {
    out->set_information_requests(row["information_requests"].as<int>());
  }
  if (!row["eligibility_requests"].is_null()) {
    out->set_eligibility_requests(row["eligibility_requests"].as<int>());
  }
  if (!row["applications_filed"].is_null()) {
    out->set_applications_filed(row["applications_filed"].as<int>());
  }
  if (!row["recommended"].is_null())
    out->set_recommended(row["recommended"].as<int>());
  if (!row["retained"].is_null()) out->set_retained(row["retained"].as<int>());
  out->set_note(row["note"].c_str());
  SetTimestamp(row["create_micros"].as<int64_t>(), out->mutable_create_time());
  SetTimestamp(row["update_micros"].as<int64_t>(), out->mutable_update_time());
  out->set_etag(FormatEtag(row["version"].as<int64_t>()));
}

std::vector<std::string> CallParams(const std::string& tenant,
                                    const std::string& id,
                                    const v1::CallForProjects& c) {
  Violations ignored;
  ProgramRef program =
      ParseProgramRef(ignored, "program", c.program(), tenant, true);
  return {tenant,
          id,
          program.catalogue_id,
          program.local_id,
          c.title(),
          std::to_string(*ParseFiscalYear("", c.fiscal_year())),
          CountParam(c.has_information_requests(), c.information_requests()),
          CountParam(c.has_eligibility_requests(), c.eligibility_requests()),
          CountParam(c.has_applications_filed(), c.applications_filed()),
          CountParam(c.has_recommended(), c.recommended()),
          CountParam(c.has_retained(), c.retained()),
          c.note()};
}

}  // namespace poles::funding
