#include "gateway/http_params.h"

#include <set>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "services/common/errors.h"
#include "services/common/status_macros.h"
#include "services/common/validation.h"

namespace poles::gateway {

namespace {

const char* const kRollupDimensions[] = {"funder",     "funder_kind", "program",
                                         "region",     "mrc",         "sector",
                                         "legal_form", "fiscal_year"};

bool IsRollupDimension(absl::string_view d) {
  for (const char* known : kRollupDimensions) {
    if (d == known) return true;
  }
  return false;
}

// Unknown and repeated parameters, as violations.
void CheckParameters(const QueryParams& params,
                     std::initializer_list<absl::string_view> ok,
                     bool allow_filters, Violations& v) {
  std::set<std::string> seen;
  for (const auto& [key, value] : params) {
    bool known = allow_filters && absl::StartsWith(key, "filter.");
    for (absl::string_view name : ok) known |= key == name;
    if (!known) {
      v.Add(key, "is not a parameter of this URL");
    } else if (!seen.insert(key).second) {
      v.Add(key, "is given more than once (lists are comma-separated)");
    }
  }
}

const std::string* Get(const QueryParams& params, const std::string& key) {
  auto it = params.find(key);
  return it == params.end() ? nullptr : &it->second;
}

// A comma-separated list (empty items are an error).
std::vector<std::string> List(const QueryParams& params, const std::string& key,
                              Violations& v) {
  std::vector<std::string> out;
  const std::string* value = Get(params, key);
  if (value == nullptr) return out;
  for (absl::string_view item : absl::StrSplit(*value, ',')) {
    if (item.empty()) {
      v.Add(key, "has an empty item");
      return {};
    }
    out.emplace_back(item);
  }
  if (out.size() > kMaxListItems) {
    v.Add(key, absl::StrCat("has more than ", kMaxListItems, " items"));
    return {};
  }
  return out;
}

std::string RequiredFiscalYear(const QueryParams& params,
                               const std::string& key, Violations& v) {
  const std::string* value = Get(params, key);
  if (value == nullptr || value->empty()) {
    v.Add(key, "is required, e.g. 2017-2018");
    return "";
  }
  v.Merge(ParseFiscalYear(key, *value).status());
  return *value;
}

}  // namespace

bool IsSlug(absl::string_view value) {
  if (value.empty() || value.size() > 63) return false;
  for (char c : value) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'))
      return false;
  }
  return true;
}

absl::Status CheckOnlyParameters(const QueryParams& params,
                                 std::initializer_list<absl::string_view> ok) {
  Violations v;
  CheckParameters(params, ok, false, v);
  return v.Status();
}

absl::StatusOr<OutputFormat> ParseOutputFormat(const QueryParams& params) {
  OutputFormat out;
  Violations v;
  if (const std::string* format = Get(params, "format")) {
    if (*format == "csv") {
      out.csv = true;
    } else if (*format != "json") {
      v.Add("format", "must be json or csv");
    }
  }
  if (const std::string* sep = Get(params, "separator")) {
    if (*sep == ";" || *sep == "semicolon") {
      out.separator = ';';
    } else if (*sep != "," && *sep != "comma") {
      v.Add("separator", "must be ',' (comma) or ';' (semicolon)");
    }
    if (!out.csv) v.Add("separator", "applies to format=csv only");
  }
  POLES_RETURN_IF_ERROR(v.Status());
  return out;
}

absl::StatusOr<v1::GetNationalTableRequest> ParseNationalTableQuery(
    const QueryParams& params) {
  Violations v;
  CheckParameters(params,
                  {"fiscal_year", "indicators", "regions", "breakdown",
                   "format", "separator"},
                  false, v);
  v1::GetNationalTableRequest request;
  request.set_fiscal_year(RequiredFiscalYear(params, "fiscal_year", v));
  for (auto& code : List(params, "indicators", v))
    request.add_indicators(std::move(code));
  for (auto& region : List(params, "regions", v)) {
    if (region.size() != 2 || !absl::ascii_isdigit(region[0]) ||
        !absl::ascii_isdigit(region[1])) {
      v.Add("regions",
            absl::StrCat("\"", region, "\" is not a region code (two digits)"));
      continue;
    }
    request.add_region_codes(std::move(region));
  }
  if (const std::string* breakdown = Get(params, "breakdown"))
    request.set_breakdown(*breakdown);
  POLES_RETURN_IF_ERROR(v.Status());
  return request;
}

absl::StatusOr<v1::GetFundingRollupRequest> ParseFundingRollupQuery(
    const QueryParams& params) {
  Violations v;
  CheckParameters(params, {"fiscal_years", "group_by", "format", "separator"},
                  true, v);
  v1::GetFundingRollupRequest request;
  std::vector<std::string> years = List(params, "fiscal_years", v);
  if (years.empty() && Get(params, "fiscal_years") == nullptr)
    v.Add("fiscal_years", "is required, e.g. 2017-2018 or 2016-2017,2017-2018");
  for (auto& year : years) {
    v.Merge(ParseFiscalYear("fiscal_years", year).status());
    request.add_fiscal_years(std::move(year));
  }
  std::vector<std::string> group_by = List(params, "group_by", v);
  if (group_by.size() > 2) v.Add("group_by", "takes one or two dimensions");
  for (auto& dimension : group_by) {
    if (!IsRollupDimension(dimension)) {
      v.Add("group_by", absl::StrCat("\"", dimension,
                                     "\" is not a dimension of the rollup"));
    }
    request.add_group_by(std::move(dimension));
  }
  for (const auto& [key, value] : params) {
    if (!absl::StartsWith(key, "filter.")) continue;
    const std::string dimension = key.substr(7);
    if (!IsRollupDimension(dimension)) {
      v.Add(key, "filters on no dimension of the rollup");
      continue;
    }
    std::vector<std::string> values = List(params, key, v);
    if (values.empty()) continue;
    auto* filter = request.add_filters();
    filter->set_dimension(dimension);
    for (auto& item : values) filter->add_values(std::move(item));
  }
  POLES_RETURN_IF_ERROR(v.Status());
  return request;
}

absl::StatusOr<v1::ListFindingsRequest> ParseFindingsQuery(
    const QueryParams& params) {
  Violations v;
  CheckParameters(params, {"fiscal_year", "tenants", "format", "separator"},
                  false, v);
  v1::ListFindingsRequest request;
  request.set_fiscal_year(RequiredFiscalYear(params, "fiscal_year", v));
  for (const auto& tenant : List(params, "tenants", v)) {
    if (!IsSlug(tenant)) {
      v.Add("tenants", absl::StrCat("\"", tenant, "\" is not a tenant slug"));
      continue;
    }
    request.add_tenants(absl::StrCat("tenants/", tenant));
  }
  POLES_RETURN_IF_ERROR(v.Status());
  return request;
}

absl::StatusOr<std::string> BilanName(absl::string_view tenant,
                                      absl::string_view fiscal_year) {
  Violations v;
  if (!IsSlug(tenant)) v.Add("tenant", "is not a tenant slug");
  v.Merge(ParseFiscalYear("fiscal_year", fiscal_year).status());
  POLES_RETURN_IF_ERROR(v.Status());
  return absl::StrCat("tenants/", tenant, "/bilans/", fiscal_year);
}

absl::StatusOr<std::string> ParseBilanLanguage(const QueryParams& params) {
  POLES_RETURN_IF_ERROR(CheckOnlyParameters(params, {"lang"}));
  const std::string* lang = Get(params, "lang");
  if (lang == nullptr) return std::string("fr");
  if (*lang != "fr" && *lang != "en")
    return InvalidField("lang", "must be fr or en");
  return *lang;
}

std::string ParameterOfField(absl::string_view field) {
  static const std::pair<absl::string_view, absl::string_view> kMap[] = {
      {"region_codes", "regions"},
      {"filters", "filter"},
      {"name", "path"},
  };
  for (const auto& [prefix, parameter] : kMap) {
    if (absl::StartsWith(field, prefix)) {
      absl::string_view rest = field.substr(prefix.size());
      if (rest.empty() || rest[0] == '[' || rest[0] == '.')
        return std::string(parameter);
    }
  }
  // "fiscal_years[1]" -> "fiscal_years", "indicators[0]" -> "indicators".
  return std::string(field.substr(0, field.find('[')));
}

}  // namespace poles::gateway
