#include "services/funding/programs_rows.h"

#include "absl/strings/str_cat.h"
#include "services/common/mutation.h"
#include "services/common/resource_name.h"
#include "services/common/sql_values.h"
#include "services/funding/funding_enums.h"

namespace poles::funding {

void FunderFromRow(const pqxx::row& row, v1::Funder* out) {
  out->set_name(absl::StrCat("funders/", row["funder_id"].c_str()));
  out->set_label_fr(row["label_fr"].c_str());
  out->set_label_en(row["label_en"].c_str());
  out->set_kind(FunderKindFromText(row["kind"].c_str()));
  AppendTextArray(row["former_names"].c_str(), out->mutable_former_names());
}

void CatalogueProgramFromRow(const pqxx::row& row, v1::Program* out) {
  out->set_name(absl::StrCat("programs/", row["program_id"].c_str()));
  out->set_funder(absl::StrCat("funders/", row["funder_id"].c_str()));
  out->set_label_fr(row["label_fr"].c_str());
  out->set_label_en(row["label_en"].c_str());
  out->set_support_kind(SupportKindFromText(row["support_kind"].c_str()));
  out->set_funder_kind(FunderKindFromText(row["funder_kind"].c_str()));
  out->set_description(row["description"].c_str());
}

void LocalProgramFromRow(const std::string& tenant, const pqxx::row& row,
                         v1::Program* out) {
  out->set_name(FormatResourceName({"tenants", "programs"},
                                   {tenant, row["program_id"].c_str()}));
  out->set_funder(absl::StrCat("funders/", row["funder_id"].c_str()));
  out->set_label_fr(row["label_fr"].c_str());
  out->set_label_en(row["label_en"].c_str());
  out->set_support_kind(SupportKindFromText(row["support_kind"].c_str()));
  out->set_funder_kind(FunderKindFromText(row["funder_kind"].c_str()));
  out->set_description(row["description"].c_str());
  SetTimestamp(row["create_micros"].as<int64_t>(), out->mutable_create_time());
  SetTimestamp(row["update_micros"].as<int64_t>(), out->mutable_update_time());
  out->set_etag(FormatEtag(row["version"].as<int64_t>()));
}

}  // namespace poles::funding
