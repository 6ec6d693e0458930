#ifndef POLES_GATEWAY_BILAN_H_
#define POLES_GATEWAY_BILAN_H_

// A Pôle's bilan (rapport d'activité) of one fiscal year, compiled from the
// summaries its services answered (NationalService GetBilan).

#include <string>
#include <vector>

#include "gateway/tenant_summaries.h"
#include "poles/v1/indicators.pb.h"
#include "poles/v1/national.pb.h"

namespace poles::gateway {

// The dimensions to ask `service`'s Summarize for so that one call per
// service gives every table of the bilan: the dimensions the bilan's tables
// of that service's indicators use, among those the catalogue allows each
// indicator, sorted. Empty for a service with no broken-down table.
std::vector<std::string> BilanDimensions(
    const std::string& service,
    const std::vector<v1::NationalIndicator>& catalogue);

// The bilan of `summaries` (each service asked with BilanDimensions), in
// the sections of a rapport d'activité: vie_associative (meetings of the
// bodies), concertation (events attended), evenements (events organised,
// participants by gender), formations (trainings, trainees, satisfaction),
// accompagnement (dossiers and interventions by phase, sector, MRC,
// gender), repertoire (enterprises by MRC, sector, legal form; members),
// financement (agreements, awards, calls for projects, totals reported by
// third parties, never added to the awards) and plan (action plan
// progress). Each table is one catalogue indicator, either its total or by
// one dimension: a computed breakdown by several dimensions is summed down
// to that one, a reported single-dimension breakdown is used as is; rows
// are labelled from `labels` (then the platform's own names of enumerated
// values, then the value itself), the total is the indicator's total. A
// table of an indicator absent from the catalogue is left out; a figure
// missing for the year (or whose service has no summary RPC, IsNoSummary)
// is CELL_SOURCE_MISSING ("—") with a note, one whose service failed
// CELL_SOURCE_UNREACHABLE ("injoignable"), listed in `unreachable`. Notes say
// where figures were reported rather than computed and carry the year's
// findings (ComputeFindings without a previous year, also in `findings`).
//
// For kNational and kFunding readers, the rows of tables of indicators
// that CountsUnits go through SuppressRow(threshold) (totals exact;
// suppressed rows show "< threshold" and value 0); kTenant readers get
// exact figures and disclosure_threshold 0. `state` is NOTHING (no value
// at all), DRAFT or UNREACHABLE (a service failed); the caller sets
// SUBMITTED, submit_time and compute_time.
v1::Bilan BuildBilan(const TenantSummaries& summaries,
                     const std::vector<v1::NationalIndicator>& catalogue,
                     const ReferenceLabels& labels, Audience audience,
                     int threshold);

// The platform's own name, for people, of an enumerated dimension value
// (gender "women", phase "startup", event_kind "aga", legal_form "obnl",
// body_kind "board", and "", "unknown", "online", "none",
// "not_collected" in any dimension), in `language` ("fr" or "en"); "" when
// it has none.
std::string DimensionValueLabel(const std::string& dimension,
                                const std::string& value,
                                const std::string& language);

// A dimension's name for a table header: "MRC", "Secteur d'activité",
// "Genre" ("en": "MRC", "Sector", "Gender"); the dimension itself when
// unknown.
std::string DimensionName(const std::string& dimension,
                          const std::string& language);

}  // namespace poles::gateway

#endif  // POLES_GATEWAY_BILAN_H_
