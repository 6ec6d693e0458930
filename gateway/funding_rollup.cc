#include "gateway/funding_rollup.h"

#include <algorithm>
#include <map>
#include <set>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "gateway/disclosure.h"
#include "gateway/national_table.h"
#include "services/common/errors.h"
#include "services/common/validation.h"

namespace poles::gateway {

namespace {

constexpr int kMaxFiscalYears = 20;
constexpr int kMaxFilterValues = 100;

const std::set<std::string>& RollupDimensions() {
  static const auto* kDims = new std::set<std::string>{
      "funder", "funder_kind", "program",    "region",
      "mrc",    "sector",      "legal_form", "fiscal_year"};
  return *kDims;
}

// The dimensions funding.reported_* are broken down by (migration 0009),
// and those every value has whatever its breakdown.
bool ReportedHas(const std::string& dim) {
  return dim == "funder" || dim == "funder_kind" || dim == "program" ||
         dim == "region" || dim == "fiscal_year";
}

bool FromTheCall(const std::string& dim) {
  return dim == "region" || dim == "fiscal_year";
}

enum class Field {
  kAwards,
  kAuthorised,
  kDisbursed,
  kInvestment,
  kJobsCreated,
  kJobsMaintained,
  kJobsEither
};

struct Measure {
  bool reported = false;
  Field field = Field::kAwards;
};

const std::map<std::string, Measure>& Measures() {
  static const auto* kMeasures = new std::map<std::string, Measure>{
      {"funding.awards", {false, Field::kAwards}},
      {"funding.amount_authorised", {false, Field::kAuthorised}},
      {"funding.amount_disbursed", {false, Field::kDisbursed}},
      {"funding.investment_generated", {false, Field::kInvestment}},
      {"funding.jobs_created", {false, Field::kJobsCreated}},
      {"funding.jobs_maintained", {false, Field::kJobsMaintained}},
      {"funding.jobs_created_or_maintained", {false, Field::kJobsEither}},
      {"funding.reported_enterprises", {true, Field::kAwards}},
      {"funding.reported_amount", {true, Field::kAuthorised}},
      {"funding.reported_investment", {true, Field::kInvestment}},
      {"funding.reported_jobs_created", {true, Field::kJobsCreated}},
      {"funding.reported_jobs_maintained", {true, Field::kJobsMaintained}},
      {"funding.reported_jobs_created_or_maintained",
       {true, Field::kJobsEither}},
  };
  return *kMeasures;
}

void Add(Field field, int64_t value, v1::RollupFigures* f) {
  switch (field) {
    case Field::kAwards:
      f->set_awards(f->awards() + value);
      break;
    case Field::kAuthorised:
      f->set_amount_authorised_cents(f->amount_authorised_cents() + value);
      break;
    case Field::kDisbursed:
      f->set_amount_disbursed_cents(f->amount_disbursed_cents() + value);
      break;
    case Field::kInvestment:
      f->set_investment_generated_cents(f->investment_generated_cents() +
                                        value);
      break;
    case Field::kJobsCreated:
      f->set_jobs_created(f->jobs_created() + value);
      break;
    case Field::kJobsMaintained:
      f->set_jobs_maintained(f->jobs_maintained() + value);
      break;
    case Field::kJobsEither:
      f->set_jobs_created_or_maintained(f->jobs_created_or_maintained() +
                                        value);
      break;
  }
}

void Suppress(v1::RollupFigures* f) {
  const int32_t tenants = f->tenant_count();
  f->Clear();
  f->set_tenant_count(tenants);
  f->set_suppressed(true);
}

// Figures of one group and the tenants behind them.
struct Group {
  v1::RollupFigures figures;
  std::set<std::string> tenants;
};

using GroupKey = std::vector<std::string>;

// Disclosure control over the groups of `groups` (by their awards count).
void SuppressGroups(int threshold, size_t dimensions,
                    std::map<GroupKey, Group>* groups) {
  if (groups->empty() || dimensions == 0) return;
  if (dimensions == 1) {
    std::vector<DisclosureCell> row;
    for (const auto& [key, g] : *groups) row.push_back({g.figures.awards()});
    SuppressRow(threshold, &row);
    size_t i = 0;
    for (auto& [key, g] : *groups) {
      if (row[i++].suppressed) Suppress(&g.figures);
    }
    return;
  }
  std::map<std::string, size_t> rows, columns;
  for (const auto& [key, g] : *groups) {
    rows.emplace(key[0], 0);
    columns.emplace(key[1], 0);
  }
  size_t n = 0;
  for (auto& [v, i] : rows) i = n++;
  n = 0;
  for (auto& [v, i] : columns) i = n++;
  std::vector<std::vector<DisclosureCell>> table(
      rows.size(), std::vector<DisclosureCell>(columns.size()));
  for (const auto& [key, g] : *groups) {
    table[rows[key[0]]][columns[key[1]]].value = g.figures.awards();
  }
  SuppressTable(threshold, &table);
  for (auto& [key, g] : *groups) {
    if (table[rows[key[0]]][columns[key[1]]].suppressed) Suppress(&g.figures);
  }
}

std::string Label(const ReferenceLabels& labels,
                  const std::map<std::string, std::string>& region_names,
                  const std::string& dim, const std::string& value) {
  auto d = labels.by_dimension.find(dim);
  if (d != labels.by_dimension.end()) {
    auto v = d->second.find(value);
    if (v != d->second.end()) return v->second;
  }
  if (dim == "region") {
    auto r = region_names.find(value);
    if (r != region_names.end() && !r->second.empty()) return r->second;
  }
  return value;
}

}  // namespace

absl::Status ValidateFundingRollupRequest(
    const v1::GetFundingRollupRequest& r) {
  Violations v;
  if (r.fiscal_years_size() == 0) {
    v.Add("fiscal_years", "is required: one or more, as \"2017-2018\"");
  } else if (r.fiscal_years_size() > kMaxFiscalYears) {
    v.Add("fiscal_years", absl::StrCat("at most ", kMaxFiscalYears));
  }
  std::set<std::string> years;
  for (int i = 0; i < r.fiscal_years_size() && i < kMaxFiscalYears; ++i) {
    const std::string field = absl::StrCat("fiscal_years[", i, "]");
    v.Merge(ParseFiscalYear(field, r.fiscal_years(i)).status());
    if (!years.insert(r.fiscal_years(i)).second) {
      v.Add(field, "appears twice");
    }
  }
  const std::string known =
      absl::StrJoin({"funder", "funder_kind", "program", "region", "mrc",
                     "sector", "legal_form", "fiscal_year"},
                    ", ");
  if (r.group_by_size() > 2) v.Add("group_by", "at most 2 dimensions");
  std::set<std::string> grouped;
  for (int i = 0; i < r.group_by_size() && i < 2; ++i) {
    const std::string field = absl::StrCat("group_by[", i, "]");
    if (!RollupDimensions().count(r.group_by(i))) {
      v.Add(field, absl::StrCat("must be one of ", known));
    } else if (!grouped.insert(r.group_by(i)).second) {
      v.Add(field, "appears twice");
    }
  }
  std::set<std::string> filtered;
  for (int i = 0; i < r.filters_size(); ++i) {
    const auto& f = r.filters(i);
    const std::string field = absl::StrCat("filters[", i, "]");
    if (!RollupDimensions().count(f.dimension())) {
      v.Add(field + ".dimension", absl::StrCat("must be one of ", known));
    } else if (!filtered.insert(f.dimension()).second) {
      v.Add(field + ".dimension", "appears twice");
    }
    if (f.values_size() == 0) {
      v.Add(field + ".values", "is required: one or more values");
    } else if (f.values_size() > kMaxFilterValues) {
      v.Add(field + ".values", absl::StrCat("at most ", kMaxFilterValues));
    }
    for (int j = 0; j < f.values_size() && j < kMaxFilterValues; ++j) {
      const std::string value_field = absl::StrCat(field, ".values[", j, "]");
      if (f.dimension() == "fiscal_year") {
        v.Merge(ParseFiscalYear(value_field, f.values(j)).status());
      } else {
        CheckText(v, value_field, f.values(j), 100, true);
      }
    }
  }
  return v.Status();
}

std::vector<std::string> RollupSummaryDimensions(
    const v1::GetFundingRollupRequest& r) {
  std::vector<std::string> out;
  const auto add = [&](const std::string& dim) {
    if (FromTheCall(dim)) return;
    if (std::find(out.begin(), out.end(), dim) == out.end()) out.push_back(dim);
  };
  for (const auto& g : r.group_by()) add(g);
  for (const auto& f : r.filters()) add(f.dimension());
  return out;
}

absl::StatusOr<v1::FundingRollup> BuildFundingRollup(
    const v1::GetFundingRollupRequest& request,
    const std::vector<TenantSummaries>& per_tenant_per_year,
    const ReferenceLabels& labels, Audience audience, int threshold) {
  if (absl::Status s = ValidateFundingRollupRequest(request); !s.ok()) {
    return s;
  }
  const std::set<std::string> years(request.fiscal_years().begin(),
                                    request.fiscal_years().end());
  const std::vector<std::string> asked = RollupSummaryDimensions(request);
  const std::set<std::string> award_keys(asked.begin(), asked.end());
  std::set<std::string> reported_keys;
  for (const auto& d : asked) {
    if (ReportedHas(d)) reported_keys.insert(d);
  }
  bool reported_filterable = true, reported_groupable = true;
  for (const auto& f : request.filters())
    reported_filterable = reported_filterable && ReportedHas(f.dimension());
  for (const auto& g : request.group_by())
    reported_groupable = reported_groupable && ReportedHas(g);
  std::map<std::string, std::set<std::string>> filters;
  for (const auto& f : request.filters())
    filters[f.dimension()].insert(f.values().begin(), f.values().end());

  std::map<GroupKey, Group> award_rows, reported_rows;
  Group award_total, reported_total;
  std::set<std::string> answered;
  std::map<std::string, std::string> region_names;
  struct Failure {
    std::vector<std::string> years;
    absl::Status status;
  };
  std::map<std::string, Failure> failures;

  for (const TenantSummaries& ts : per_tenant_per_year) {
    if (!years.count(ts.fiscal_year)) continue;
    const std::string& tenant = ts.tenant.slug;
    region_names[ts.tenant.region_code] = ts.tenant.region_name;
    if (auto f = ts.failed.find("funding"); f != ts.failed.end()) {
      if (IsNoSummary(f->second)) continue;
      Failure& failure = failures[tenant];
      failure.years.push_back(ts.fiscal_year);
      if (failure.status.ok()) failure.status = f->second;
      continue;
    }
    auto s = ts.by_service.find("funding");
    if (s == ts.by_service.end()) continue;
    answered.insert(tenant);
    for (const v1::IndicatorValue& v : s->second.values()) {
      auto m = Measures().find(v.indicator());
      if (m == Measures().end()) continue;
      const Measure& measure = m->second;
      if (measure.reported && !reported_filterable) continue;
      std::set<std::string> keys;
      for (const auto& [k, val] : v.dimensions()) keys.insert(k);
      if (keys != (measure.reported ? reported_keys : award_keys)) continue;
      const auto value_of = [&](const std::string& dim) -> std::string {
        if (dim == "region") return ts.tenant.region_code;
        if (dim == "fiscal_year") return ts.fiscal_year;
        auto it = v.dimensions().find(dim);
        return it == v.dimensions().end() ? "" : it->second;
      };
      bool matches = true;
      for (const auto& [dim, allowed] : filters)
        matches = matches && allowed.count(value_of(dim));
      if (!matches) continue;
      Group& total = measure.reported ? reported_total : award_total;
      Add(measure.field, v.value(), &total.figures);
      total.tenants.insert(tenant);
      if (measure.reported && !reported_groupable) continue;
      GroupKey key;
      for (const auto& g : request.group_by()) key.push_back(value_of(g));
      Group& group = (measure.reported ? reported_rows : award_rows)[key];
      Add(measure.field, v.value(), &group.figures);
      group.tenants.insert(tenant);
    }
  }

  for (auto* groups : {&award_rows, &reported_rows}) {
    for (auto& [key, g] : *groups)
      g.figures.set_tenant_count(static_cast<int32_t>(g.tenants.size()));
  }
  const bool controlled = audience != Audience::kTenant && threshold > 1;
  if (controlled) {
    SuppressGroups(threshold, request.group_by_size(), &award_rows);
    SuppressGroups(threshold, request.group_by_size(), &reported_rows);
  }

  v1::FundingRollup out;
  *out.mutable_fiscal_years() = request.fiscal_years();
  *out.mutable_group_by() = request.group_by();
  out.set_disclosure_threshold(controlled ? threshold : 0);
  std::set<GroupKey> keys;
  if (request.group_by_size() > 0) {
    for (const auto& [key, g] : award_rows) keys.insert(key);
    for (const auto& [key, g] : reported_rows) keys.insert(key);
  }
  for (const GroupKey& key : keys) {
    v1::RollupRow* row = out.add_rows();
    for (int i = 0; i < request.group_by_size(); ++i) {
      const std::string& dim = request.group_by(i);
      (*row->mutable_group())[dim] = key[i];
      (*row->mutable_labels())[dim] = Label(labels, region_names, dim, key[i]);
    }
    if (auto a = award_rows.find(key); a != award_rows.end()) {
      *row->mutable_awards() = a->second.figures;
    } else {
      row->mutable_awards();
    }
    if (auto r = reported_rows.find(key); r != reported_rows.end()) {
      *row->mutable_reported() = r->second.figures;
    }
  }
  v1::RollupRow* total = out.mutable_total();
  *total->mutable_awards() = award_total.figures;
  total->mutable_awards()->set_tenant_count(
      static_cast<int32_t>(answered.size()));
  if (reported_filterable) {
    *total->mutable_reported() = reported_total.figures;
    total->mutable_reported()->set_tenant_count(
        static_cast<int32_t>(answered.size()));
  }
  for (const auto& [tenant, failure] : failures) {
    v1::UnreachableTenant* u = out.add_unreachable();
    u->set_tenant(absl::StrCat("tenants/", tenant));
    u->set_service("funding");
    u->set_code(absl::StatusCodeToString(failure.status.code()));
    u->set_reason(absl::StrCat(
        "Le service de financement n'a pas répondu pour ",
        failure.years.size() > 1 ? "les exercices " : "l'exercice ",
        absl::StrJoin(failure.years, ", "), " : ", failure.status.message(),
        ". Ses chiffres ne sont pas dans les totaux."));
  }
  return out;
}

}  // namespace poles::gateway
