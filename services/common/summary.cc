#include "services/common/summary.h"

#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "services/common/mutation.h"
#include "services/common/resource_name.h"
#include "services/common/status_macros.h"
#include "services/common/validation.h"

namespace poles {

namespace {

const storage::Statement kReportedForService = {
    "reported_values_for_service", "text, integer, text",
    "SELECT r.indicator_code, r.dims, r.value FROM poles.reported_values r "
    "JOIN poles.national_indicators n ON n.code = r.indicator_code WHERE "
    "r.tenant_id = $1 AND r.fiscal_year = $2 AND n.service = $3 "
    "ORDER BY r.indicator_code, r.dims"};
const storage::Statement kIndicatorDims = {
    "national_indicator_dims", "text",
    "SELECT service, array_to_string(dimensions, ',') FROM "
    "poles.national_indicators WHERE code = $1"};
const storage::Statement kReportUpsert = {
    "reported_values_upsert", "text, text, integer, text, bigint",
    "INSERT INTO poles.reported_values (tenant_id, indicator_code, "
    "fiscal_year, dims, value) VALUES ($1, $2, $3, $4, $5) ON CONFLICT "
    "(tenant_id, indicator_code, fiscal_year, dims) DO UPDATE SET value = "
    "EXCLUDED.value, report_time = now()"};

const bool kRegistered = [] {
  storage::RegisterStatements(
      {kReportedForService, kIndicatorDims, kReportUpsert});
  return true;
}();

std::map<std::string, std::string> ParseDims(absl::string_view canonical) {
  std::map<std::string, std::string> out;
  for (absl::string_view part : absl::StrSplit(canonical, ';', absl::SkipEmpty())) {
    std::pair<std::string, std::string> kv = absl::StrSplit(part, absl::MaxSplits('=', 1));
    out[kv.first] = kv.second;
  }
  return out;
}

}  // namespace

std::string CanonicalDimensions(const std::map<std::string, std::string>& dims) {
  std::string out;
  for (const auto& [k, v] : dims) {
    if (!out.empty()) out += ";";
    absl::StrAppend(&out, k, "=", v);
  }
  return out;
}

void SummaryBuilder::Add(const std::string& indicator,
                         const std::map<std::string, std::string>& dims,
                         int64_t value) {
  auto& slot = values_[{indicator, CanonicalDimensions(dims)}];
  slot.first = dims;
  slot.second += value;
}

void SummaryBuilder::AddRecord(const std::string& indicator,
                               const std::set<std::string>& allowed,
                               const std::set<std::string>& requested,
                               const std::map<std::string, std::string>& dims,
                               int64_t value) {
  Add(indicator, {}, value);
  std::map<std::string, std::string> breakdown;
  for (const auto& [k, v] : dims) {
    if (allowed.count(k) && requested.count(k)) breakdown[k] = v;
  }
  if (!breakdown.empty()) Add(indicator, breakdown, value);
}

void SummaryBuilder::Emit(v1::IndicatorSummary* out) {
  for (auto& [key, entry] : values_) {
    auto* v = out->add_values();
    v->set_indicator(key.first);
    for (const auto& [k, val] : entry.first) (*v->mutable_dimensions())[k] = val;
    v->set_value(entry.second);
    v->set_provenance(v1::PROVENANCE_COMPUTED);
  }
  values_.clear();
}

absl::StatusOr<SummaryQuery> ParseSummaryRequest(
    const Call& call, const v1::SummarizeRequest& r,
    const std::set<std::string>& known) {
  Violations v;
  auto parent = ParseResourceName("parent", r.parent(), {"tenants"});
  v.Merge(parent.status());
  auto fy = ParseFiscalYear("fiscal_year", r.fiscal_year());
  v.Merge(fy.status());
  SummaryQuery q;
  for (int i = 0; i < r.dimensions_size(); ++i) {
    if (!known.count(r.dimensions(i))) {
      v.Add(absl::StrCat("dimensions[", i, "]"),
            absl::StrCat("\"", r.dimensions(i).substr(0, 40),
                         "\" is not a dimension of these indicators"));
    }
    q.dimensions.insert(r.dimensions(i));
  }
  POLES_RETURN_IF_ERROR(v.Status());
  q.tenant = (*parent)[0];
  q.fiscal_year = *fy;
  POLES_RETURN_IF_ERROR(call.AuthorizeTenant(q.tenant));
  return q;
}

absl::Status MergeReportedValues(Call& call, const SummaryQuery& q,
                                 const std::string& service,
                                 v1::IndicatorSummary* summary) {
  POLES_ASSIGN_OR_RETURN(
      auto rows, ReadTenant(call, q.tenant, kReportedForService.name,
                            {q.tenant, std::to_string(q.fiscal_year), service}));
  if (rows.empty()) return absl::OkStatus();
  std::set<std::string> reported;
  for (const auto& row : rows) reported.insert(row[0].c_str());
  v1::IndicatorSummary merged;
  for (const auto& v : summary->values()) {
    if (!reported.count(v.indicator())) *merged.add_values() = v;
  }
  for (const auto& row : rows) {
    auto dims = ParseDims(row[1].c_str());
    bool wanted = true;
    for (const auto& [k, val] : dims) wanted = wanted && q.dimensions.count(k);
    if (!wanted) continue;
    auto* v = merged.add_values();
    v->set_indicator(row[0].c_str());
    for (const auto& [k, val] : dims) (*v->mutable_dimensions())[k] = val;
    v->set_value(row[2].as<int64_t>());
    v->set_provenance(v1::PROVENANCE_REPORTED);
  }
  summary->mutable_values()->Swap(merged.mutable_values());
  return absl::OkStatus();
}

absl::Status ReportIndicatorValue(Call& call,
                                  const v1::ReportIndicatorValueRequest& r,
                                  const std::string& service,
                                  v1::IndicatorValue* out) {
  Violations v;
  auto parent = ParseResourceName("parent", r.parent(), {"tenants"});
  v.Merge(parent.status());
  auto fy = ParseFiscalYear("fiscal_year", r.fiscal_year());
  v.Merge(fy.status());
  if (r.value().value() < 0) v.Add("value.value", "must not be negative");
  if (r.value().indicator().empty()) v.Add("value.indicator", "is required");
  for (const auto& [k, val] : r.value().dimensions()) {
    Violations text;
    CheckText(text, "value.dimensions", val, 100, true);
    v.Merge(text.Status());
    if (k.find_first_of("=;") != std::string::npos ||
        val.find_first_of("=;") != std::string::npos) {
      v.Add("value.dimensions", "keys and values must not contain '=' or ';'");
    }
  }
  POLES_RETURN_IF_ERROR(v.Status());
  const std::string tenant = (*parent)[0];
  POLES_RETURN_IF_ERROR(call.AuthorizeTenant(tenant));
  std::map<std::string, std::string> dims(r.value().dimensions().begin(),
                                          r.value().dimensions().end());
  return InTenantTransaction(call, tenant, [&](storage::TenantTransaction& tx)
                                               -> absl::Status {
    pqxx::result ind =
        tx.work().exec_prepared(kIndicatorDims.name, r.value().indicator());
    if (ind.empty() || service != ind[0][0].c_str()) {
      return InvalidField("value.indicator",
                          absl::StrCat("is not a national indicator of the ",
                                       service, " service"));
    }
    std::set<std::string> allowed;
    for (absl::string_view d : absl::StrSplit(ind[0][1].c_str(), ',', absl::SkipEmpty())) {
      allowed.insert(std::string(d));
    }
    for (const auto& [k, val] : dims) {
      if (!allowed.count(k)) {
        return InvalidField("value.dimensions",
                            absl::StrCat("\"", k.substr(0, 40),
                                         "\" is not a dimension of ",
                                         r.value().indicator()));
      }
    }
    tx.work().exec_prepared(kReportUpsert.name, tenant, r.value().indicator(),
                            *fy, CanonicalDimensions(dims), r.value().value());
    *out = r.value();
    out->set_provenance(v1::PROVENANCE_REPORTED);
    return WriteAudit(tx, call,
                      absl::StrCat(r.parent(), "/indicators/", r.value().indicator()));
  });
}

}  // namespace poles
