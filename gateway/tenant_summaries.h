#ifndef POLES_GATEWAY_TENANT_SUMMARIES_H_
#define POLES_GATEWAY_TENANT_SUMMARIES_H_

// The data every national read is computed from: for each tenant, the
// summaries its services answered (or why they did not) for one fiscal
// year, as the fan-out (gateway/fan_out.h) collects them. The pure parts of
// the gateway (table, disclosure control, findings, rollups, bilan) are
// functions of these values, so unit tests build them by hand.

#include <map>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "poles/v1/indicators.pb.h"

namespace poles::gateway {

// A tenant as the national reads show it (platform data, not tenant rows).
struct TenantInfo {
  std::string slug;          // "centre-du-quebec"
  std::string display_name;  // "Pôle d'économie sociale du Centre-du-Québec"
  std::string region_code;   // "17"
  std::string region_name;   // "Centre-du-Québec"
  std::vector<std::string> mrcs;  // MRC slugs of the territory
};

// One tenant's summaries for one fiscal year. A service is named as the
// catalogue names it ("directories", "events", "funding", "plans"). Every
// service asked is in exactly one of `by_service` and `failed`.
struct TenantSummaries {
  TenantInfo tenant;
  std::string fiscal_year;  // "2017-2018"
  std::map<std::string, v1::IndicatorSummary> by_service;
  std::map<std::string, absl::Status> failed;
};

// Labels for people of the values a summary's dimensions take, French:
// by_dimension["mrc"]["becancour"] == "Bécancour"; also "sector",
// "legal_form", "gender", "phase", "event_kind", "funder", "funder_kind",
// "program", "region". A value without a label is shown as is.
struct ReferenceLabels {
  std::map<std::string, std::map<std::string, std::string>> by_dimension;
};

// Who is reading, as far as the national reads care.
enum class Audience {
  kNational,  // ROLE_NATIONAL: everything, disclosure control applied
  kFunding,   // ROLE_FUNDING: funding only, disclosure control applied
  kTenant,    // the tenant's own editor or viewer: its own figures, exact
};

}  // namespace poles::gateway

#endif  // POLES_GATEWAY_TENANT_SUMMARIES_H_
