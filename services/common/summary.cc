#include "services/common/summary.h"

#include <optional>

#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "services/common/mutation.h"
#include "services/common/resource_name.h"
#include "services/common/status_macros.h"
#include "services/common/summary_queries.h"
#include "services/common/validation.h"

namespace poles {

std::string CanonicalDimensions(
    const std::map<std::string, std::string>& dims) {
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
    for (const auto& [k, val] : entry.first)
      (*v->mutable_dimensions())[k] = val;
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

std::map<std::string, std::string> ParseCanonicalDimensions(
    absl::string_view canonical) {
  std::map<std::string, std::string> out;
  for (absl::string_view part :
       absl::StrSplit(canonical, ';', absl::SkipEmpty())) {
    std::pair<std::string, std::string> kv =
        absl::StrSplit(part, absl::MaxSplits('=', 1));
    out[kv.first] = kv.second;
  }
  return out;
}

std::vector<std::string> BreakdownFindings(
    const std::vector<ReportedValue>& reported, const std::string& indicator) {
  std::optional<int64_t> total;
  std::map<std::string, int64_t> sums;  // dimension -> sum of its values
  for (const ReportedValue& r : reported) {
    if (r.indicator != indicator) continue;
    if (r.dimensions.empty()) {
      total = r.value;
    } else if (r.dimensions.find(';') == std::string::npos) {
      sums[r.dimensions.substr(0, r.dimensions.find('='))] += r.value;
    }
  }
  std::vector<std::string> findings;
  if (!total) return findings;
  for (const auto& [dimension, sum] : sums) {
    if (sum != *total) {
      findings.push_back(absl::StrCat("BREAKDOWN_MISMATCH: ", dimension,
                                      " sum=", sum, " total=", *total));
    }
  }
  return findings;
}

void MergeReported(const std::vector<ReportedValue>& reported,
                   const std::set<std::string>& requested,
                   v1::IndicatorSummary* summary) {
  if (reported.empty()) return;
  std::set<std::string> indicators;
  for (const ReportedValue& r : reported) indicators.insert(r.indicator);
  v1::IndicatorSummary merged;
  // (indicator, canonical breakdown) -> the computed value it replaces.
  std::map<std::pair<std::string, std::string>, int64_t> computed;
  for (const auto& v : summary->values()) {
    if (!indicators.count(v.indicator())) {
      *merged.add_values() = v;
      continue;
    }
    std::map<std::string, std::string> dims(v.dimensions().begin(),
                                            v.dimensions().end());
    computed[{v.indicator(), CanonicalDimensions(dims)}] = v.value();
  }
  for (const ReportedValue& r : reported) {
    auto dims = ParseCanonicalDimensions(r.dimensions);
    bool wanted = true;
    for (const auto& [k, val] : dims) wanted = wanted && requested.count(k);
    if (!wanted) continue;
    auto* v = merged.add_values();
    v->set_indicator(r.indicator);
    for (const auto& [k, val] : dims) (*v->mutable_dimensions())[k] = val;
    v->set_value(r.value);
    v->set_provenance(v1::PROVENANCE_REPORTED);
    auto it = computed.find({r.indicator, r.dimensions});
    if (it != computed.end() && it->second != r.value) {
      v->add_findings(
          absl::StrCat("REPORTED_VS_COMPUTED: computed=", it->second));
    }
    if (r.dimensions.empty()) {
      for (std::string& f : BreakdownFindings(reported, r.indicator))
        v->add_findings(std::move(f));
    }
  }
  summary->mutable_values()->Swap(merged.mutable_values());
}

ParticipantCount CountParticipants(int total, int women, int men, int other) {
  const std::pair<const char*, int> genders[] = {
      {"women", women}, {"men", men}, {"other", other}};
  int64_t by_gender = 0;
  bool any_gender = false;
  for (const auto& [g, n] : genders) {
    if (n >= 0) {
      by_gender += n;
      any_gender = true;
    }
  }
  ParticipantCount count;
  count.total = total >= 0 ? total : any_gender ? by_gender : -1;
  if (count.total < 0) return count;
  for (const auto& [g, n] : genders) {
    if (n > 0) count.by_gender.emplace_back(g, n);
  }
  if (count.total - by_gender > 0) {
    count.by_gender.emplace_back("not_collected", count.total - by_gender);
  }
  return count;
}

absl::Status MergeReportedValues(Call& call, const SummaryQuery& q,
                                 const std::string& service,
                                 v1::IndicatorSummary* summary) {
  POLES_ASSIGN_OR_RETURN(
      auto rows,
      ReadTenant(call, q.tenant, kReportedForService.name,
                 {q.tenant, std::to_string(q.fiscal_year), service}));
  std::vector<ReportedValue> reported;
  reported.reserve(rows.size());
  for (const auto& row : rows) {
    reported.push_back({row["indicator_code"].c_str(), row["dims"].c_str(),
                        row["value"].as<int64_t>()});
  }
  MergeReported(reported, q.dimensions, summary);
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
  return InTenantTransaction(
      call, tenant, [&](storage::TenantTransaction& tx) -> absl::Status {
        pqxx::result ind =
            tx.work().exec_prepared(kIndicatorDims.name, r.value().indicator());
        if (ind.empty() || service != ind[0]["service"].c_str()) {
          return InvalidField(
              "value.indicator",
              absl::StrCat("is not a national indicator of the ", service,
                           " service"));
        }
        std::set<std::string> allowed;
        for (absl::string_view d : absl::StrSplit(ind[0]["dimensions"].c_str(),
                                                  ',', absl::SkipEmpty())) {
          allowed.insert(std::string(d));
        }
        for (const auto& [k, val] : dims) {
          if (!allowed.count(k)) {
            return InvalidField(
                "value.dimensions",
                absl::StrCat("\"", k.substr(0, 40), "\" is not a dimension of ",
                             r.value().indicator()));
          }
        }
        tx.work().exec_prepared(kReportUpsert.name, tenant,
                                r.value().indicator(), *fy,
                                CanonicalDimensions(dims), r.value().value());
        *out = r.value();
        out->set_provenance(v1::PROVENANCE_REPORTED);
        return WriteAudit(
            tx, call,
            absl::StrCat(r.parent(), "/indicators/", r.value().indicator()));
      });
}

std::vector<storage::Statement> SummaryStatements() {
  return {kReportedForService, kIndicatorDims, kReportUpsert};
}

}  // namespace poles
