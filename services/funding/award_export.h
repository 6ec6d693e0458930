#ifndef POLES_SERVICES_FUNDING_AWARD_EXPORT_H_
#define POLES_SERVICES_FUNDING_AWARD_EXPORT_H_

// The award exports as pure functions of the awards (no database): the
// ExportAwards handler (award_export_rpc.cc) reads the rows and calls these.

#include <string>
#include <vector>

#include "poles/v1/funding.pb.h"

namespace poles::funding {

// One exported award with the labels its row carries.
struct ExportedAward {
  v1::Award award;            // as GetAward returns it
  std::string funder_label;   // French label of award.funder
  std::string program_label;  // French label of award.program
  std::string mrc_name;       // « Bécancour », "" when unknown
};

// What the exports say about their source.
struct AwardExportInfo {
  std::string tenant;       // "centre-du-quebec"
  std::string tenant_name;  // « Pôle d'économie sociale du Centre-du-Québec »
  std::string fiscal_year;  // the filter, "" for every year
  std::string generated_date;  // ISO date of the export (Montréal), "2018-06-01"
};

// The awards as CSV: UTF-8 with BOM, CRLF, RFC 4180 quoting, formulas
// defused, ',' or ';' between fields (`semicolon`), as the directory export.
std::string RenderAwardsCsv(const AwardExportInfo& info,
                            const std::vector<ExportedAward>& awards, bool semicolon);

// The authorised and disbursed awards as a 360Giving data package (JSON).
std::string RenderAwards360Giving(const AwardExportInfo& info,
                                  const std::vector<ExportedAward>& awards);

}  // namespace poles::funding

#endif  // POLES_SERVICES_FUNDING_AWARD_EXPORT_H_
