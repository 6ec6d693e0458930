#include "services/funding/agreements_rows.h"

#include <nlohmann/json.hpp>

#include "absl/strings/str_cat.h"
#include "services/common/mutation.h"
#include "services/common/resource_name.h"
#include "services/common/validation.h"
#include "services/funding/funding_enums.h"
#include "services/funding/funding_validation.h"

namespace poles::funding {

namespace {

const char* OrEmpty(const pqxx::field& f) {
  return f.is_null() ? "" : f.c_str();
}

void SetMoney(const nlohmann::json& j, v1::Money* m) {
  m->set_cents(j.get<int64_t>());
  m->set_currency_code("CAD");
}

}  // namespace

void AgreementFromRow(const std::string& tenant, const pqxx::row& row,
                      v1::Agreement* out) {
  out->set_name(FormatResourceName({"tenants", "agreements"},
                                   {tenant, row["agreement_id"].c_str()}));
  out->set_funder(absl::StrCat("funders/", row["funder_id"].c_str()));
  out->set_program(ProgramName(tenant, OrEmpty(row["catalogue_program_id"]),
                               OrEmpty(row["local_program_id"])));
  out->set_title(row["title"].c_str());
  out->set_signature_date(row["signature_date"].c_str());
  out->set_start_fiscal_year(
      FormatFiscalYear(row["start_fiscal_year"].as<int>()));
  out->set_end_fiscal_year(FormatFiscalYear(row["end_fiscal_year"].as<int>()));
  out->set_status(AgreementStatusFromText(row["status"].c_str()));
  out->set_note(row["note"].c_str());
  int64_t total = 0;
  for (const auto& y : nlohmann::json::parse(row["years"].c_str())) {
    auto* year = out->add_years();
    year->set_fiscal_year(FormatFiscalYear(y["fiscal_year"].get<int>()));
    if (!y["amount"].is_null()) {
      SetMoney(y["amount"], year->mutable_amount());
      total += year->amount().cents();
    }
    if (!y["matching_required"].is_null()) {
      SetMoney(y["matching_required"], year->mutable_matching_required());
    }
    if (!y["matching_received"].is_null()) {
      SetMoney(y["matching_received"], year->mutable_matching_received());
    }
  }
  out->mutable_total_amount()->set_cents(total);
  out->mutable_total_amount()->set_currency_code("CAD");
  SetTimestamp(row["create_micros"].as<int64_t>(), out->mutable_create_time());
  SetTimestamp(row["update_micros"].as<int64_t>(), out->mutable_update_time());
  out->set_etag(FormatEtag(row["version"].as<int64_t>()));
}

std::vector<std::string> AgreementParams(const std::string& tenant,
                                         const std::string& id,
                                         const v1::Agreement& a) {
  Violations ignored;
  ProgramRef program =
      ParseProgramRef(ignored, "program", a.program(), tenant, false);
  std::string funder = ParseFunderRef(ignored, "funder", a.funder(), true);
  return {tenant,
          id,
          funder,
          program.catalogue_id,
          program.local_id,
          a.title(),
          a.signature_date(),
          std::to_string(*ParseFiscalYear("", a.start_fiscal_year())),
          std::to_string(*ParseFiscalYear("", a.end_fiscal_year())),
          AgreementStatusText(a.status()),
          a.note()};
}

}  // namespace poles::funding
