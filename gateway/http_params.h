#ifndef POLES_GATEWAY_HTTP_PARAMS_H_
#define POLES_GATEWAY_HTTP_PARAMS_H_

// The HTTP API's query strings turned into the national reads' requests.
// Every URL accepts only its documented parameters (docs/http-api.md), each
// at most once; lists are comma-separated. INVALID_ARGUMENT names the query
// parameter ("fiscal_year", "regions", "filter.program", ...), never the
// proto field behind it. Pure functions.

#include <cstddef>
#include <initializer_list>
#include <map>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "poles/v1/national.pb.h"

namespace poles::gateway {

using QueryParams = std::multimap<std::string, std::string>;

// Most values a comma-separated list parameter may hold.
inline constexpr size_t kMaxListItems = 100;

// How a read is written back: JSON (the default) or CSV with a separator.
struct OutputFormat {
  bool csv = false;
  char separator = ',';
};

// `format` ("json" or "csv") and `separator` ("," / "comma" or ";" /
// "semicolon", CSV only).
absl::StatusOr<OutputFormat> ParseOutputFormat(const QueryParams& params);

// GET /api/v1/national/table: fiscal_year (required), indicators, regions,
// breakdown, format, separator.
absl::StatusOr<v1::GetNationalTableRequest> ParseNationalTableQuery(
    const QueryParams& params);

// GET /api/v1/national/funding: fiscal_years (required), group_by (one or
// two dimensions), filter.<dimension>=v1,v2 for each of funder,
// funder_kind, program, region, mrc, sector, legal_form, fiscal_year;
// format, separator.
absl::StatusOr<v1::GetFundingRollupRequest> ParseFundingRollupQuery(
    const QueryParams& params);

// GET /api/v1/national/findings: fiscal_year (required), tenants (slugs),
// format, separator.
absl::StatusOr<v1::ListFindingsRequest> ParseFindingsQuery(
    const QueryParams& params);

// GET /api/v1/tenants/{tenant}/bilans/{fiscal_year}[.html]: the path's
// tenant and fiscal year checked (INVALID_ARGUMENT "tenant" /
// "fiscal_year"); `lang` ("fr" or "en") for the HTML only.
absl::StatusOr<std::string> BilanName(absl::string_view tenant,
                                      absl::string_view fiscal_year);
absl::StatusOr<std::string> ParseBilanLanguage(const QueryParams& params);

// Only `mrc` is accepted by /p/{tenant}/repertoire; nothing by the
// calendar.
absl::Status CheckOnlyParameters(const QueryParams& params,
                                 std::initializer_list<absl::string_view> ok);

// A tenant or MRC slug: [a-z0-9-], 1 to 63 characters.
bool IsSlug(absl::string_view value);

// The query parameter a national read's INVALID_ARGUMENT field stands for
// ("region_codes[0]" -> "regions", "filters[1].values" -> "filter", "name"
// -> "path"); other fields are returned as they are.
std::string ParameterOfField(absl::string_view field);

}  // namespace poles::gateway

#endif  // POLES_GATEWAY_HTTP_PARAMS_H_
