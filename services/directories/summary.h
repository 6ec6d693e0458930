#ifndef POLES_SERVICES_DIRECTORIES_SUMMARY_H_
#define POLES_SERVICES_DIRECTORIES_SUMMARY_H_

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "poles/v1/indicators.pb.h"

// SummarizeDirectories' arithmetic, apart from its statement
// (summary_queries.h) so that it is unit-tested without a database.
namespace poles::directories {

// One count of an indicator for one combination of dimension values ("" for
// the dimensions the indicator does not have).
struct IndicatorCount {
  std::string indicator;
  std::map<std::string, std::string>
      values;  // mrc, sector, legal_form, phase, gender
  int64_t count = 0;
};

// What the summary statement returns, parsed.
struct DirectoriesCounts {
  std::vector<IndicatorCount> counts;
  // Indicator -> the dimensions the national catalogue allows for it.
  std::map<std::string, std::set<std::string>> allowed;
  bool keeps_organisations = false;
  bool keeps_dossiers = false;
};

// The computed directories indicators: every indicator of a kind of record
// the tenant keeps (organisations: enterprises and member enterprises;
// dossiers: dossiers opened, interventions, dossiers received from MRCs and
// dossiers referred) has a total, 0 if nothing
// counts; each count adds to its indicator's total and to its breakdown by
// the `requested` dimensions the catalogue allows for it. Emitted into
// `out` (indicator then breakdown order); tenant and fiscal year are the
// caller's.
void ShapeDirectoriesSummary(const DirectoriesCounts& counts,
                             const std::set<std::string>& requested,
                             v1::IndicatorSummary* out);

}  // namespace poles::directories

#endif  // POLES_SERVICES_DIRECTORIES_SUMMARY_H_
