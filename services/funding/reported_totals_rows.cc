#include "services/funding/reported_totals_rows.h"

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

}  // namespace

std::string BreakdownsToJson(
    const google::protobuf::RepeatedPtrField<v1::Breakdown>& b) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& breakdown : b) {
    nlohmann::json items = nlohmann::json::array();
    for (const auto& item : breakdown.items()) {
      items.push_back({{"key", item.key()},
                       {"label", item.label()},
                       {"value", item.value()}});
    }
    out.push_back({{"dimension", breakdown.dimension()},
                   {"label", breakdown.label()},
                   {"items", std::move(items)}});
  }
  return out.dump();
}

void BreakdownsFromJson(
    const char* json, google::protobuf::RepeatedPtrField<v1::Breakdown>* out) {
  for (const auto& b : nlohmann::json::parse(json)) {
    auto* breakdown = out->Add();
    breakdown->set_dimension(b["dimension"].get<std::string>());
    breakdown->set_label(b["label"].get<std::string>());
    for (const auto& i : b["items"]) {
      auto* item = breakdown->add_items();
      item->set_key(i["key"].get<std::string>());
      item->set_label(i["label"].get<std::string>());
      item->set_value(i["value"].get<int64_t>());
    }
  }
}

void ReportedTotalFromRow(const std::string& tenant, const pqxx::row& row,
                          v1::ReportedTotal* out) {
  out->set_name(FormatResourceName({"tenants", "reportedTotals"},
                                   {tenant, row["reported_total_id"].c_str()}));
  out->set_funder(absl::StrCat("funders/", row["funder_id"].c_str()));
  out->set_program(ProgramName(tenant, OrEmpty(row["catalogue_program_id"]),
                               OrEmpty(row["local_program_id"])));
  out->set_fiscal_year(FormatFiscalYear(row["fiscal_year"].as<int>()));
  out->set_measure(MeasureFromText(row["measure"].c_str()));
  out->set_title(row["title"].c_str());
  out->set_total(row["total"].as<int64_t>());
  BreakdownsFromJson(row["breakdowns"].c_str(), out->mutable_breakdowns());
  out->set_source_note(row["source_note"].c_str());
  out->set_as_published(row["as_published"].as<bool>());
  for (auto& f : ReconcileBreakdowns(*out)) *out->add_findings() = std::move(f);
  SetTimestamp(row["create_micros"].as<int64_t>(), out->mutable_create_time());
  SetTimestamp(row["update_micros"].as<int64_t>(), out->mutable_update_time());
  out->set_etag(FormatEtag(row["version"].as<int64_t>()));
}

std::vector<std::string> ReportedTotalParams(const std::string& tenant,
                                             const std::string& id,
                                             const v1::ReportedTotal& t) {
  Violations ignored;
  ProgramRef program =
      ParseProgramRef(ignored, "program", t.program(), tenant, false);
  return {tenant,
          id,
          ParseFunderRef(ignored, "funder", t.funder(), true),
          program.catalogue_id,
          program.local_id,
          std::to_string(*ParseFiscalYear("", t.fiscal_year())),
          MeasureText(t.measure()),
          t.title(),
          std::to_string(t.total()),
          BreakdownsToJson(t.breakdowns()),
          t.source_note(),
          t.as_published() ? "true" : "false"};
}

}  // namespace poles::funding
