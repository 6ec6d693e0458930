#include "services/directories/summary.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "services/common/mutation.h"
#include "services/common/status_macros.h"
#include "services/common/summary.h"
#include "services/directories/directories_logic.h"
#include "services/directories/summary_queries.h"

namespace poles::directories {

namespace {

// The rows of kSummary (columns by name) parsed.
DirectoriesCounts CountsFromRows(const storage::Rows& rows) {
  DirectoriesCounts out;
  for (const auto& row : rows) {
    const std::string indicator = row["indicator"].c_str();
    if (indicator == "dims") {
      for (absl::string_view d :
           absl::StrSplit(row["sector"].c_str(), ',', absl::SkipEmpty())) {
        out.allowed[row["mrc"].c_str()].insert(std::string(d));
      }
    } else if (indicator == "kept") {
      const bool kept = row["count"].as<long>() > 0;
      (std::string(row["mrc"].c_str()) == "organisations"
           ? out.keeps_organisations
           : out.keeps_dossiers) = kept;
    } else {
      out.counts.push_back({indicator,
                            {{"mrc", row["mrc"].c_str()},
                             {"sector", row["sector"].c_str()},
                             {"legal_form", row["legal_form"].c_str()},
                             {"phase", row["phase"].c_str()},
                             {"gender", row["gender"].c_str()}},
                            row["count"].as<int64_t>()});
    }
  }
  return out;
}

}  // namespace

void ShapeDirectoriesSummary(const DirectoriesCounts& counts,
                             const std::set<std::string>& requested,
                             v1::IndicatorSummary* out) {
  SummaryBuilder builder;
  if (counts.keeps_organisations) {
    builder.Add("directories.enterprises", {}, 0);
    builder.Add("directories.member_enterprises", {}, 0);
  }
  if (counts.keeps_dossiers) {
    builder.Add("directories.dossiers_opened", {}, 0);
    builder.Add("directories.interventions", {}, 0);
    builder.Add("directories.dossiers_from_mrc", {}, 0);
    builder.Add("directories.dossiers_referred", {}, 0);
  }
  static const std::set<std::string> kNone;
  for (const IndicatorCount& c : counts.counts) {
    builder.Add(c.indicator, {}, c.count);
    auto allowed = counts.allowed.find(c.indicator);
    const std::set<std::string>& dims_allowed =
        allowed == counts.allowed.end() ? kNone : allowed->second;
    std::map<std::string, std::string> dims;
    for (const auto& d : requested) {
      if (dims_allowed.count(d) > 0) dims[d] = c.values.at(d);
    }
    if (!dims.empty()) builder.Add(c.indicator, dims, c.count);
  }
  builder.Emit(out);
}

absl::Status DirectoriesLogic::SummarizeDirectories(
    Call& c, const v1::SummarizeRequest& r, v1::IndicatorSummary* out) {
  POLES_ASSIGN_OR_RETURN(
      SummaryQuery q,
      ParseSummaryRequest(c, r,
                          {"mrc", "sector", "legal_form", "phase", "gender"}));
  POLES_ASSIGN_OR_RETURN(
      auto rows, ReadTenant(c, q.tenant, kSummary.name,
                            {q.tenant, absl::StrCat(q.fiscal_year, "-04-01"),
                             absl::StrCat(q.fiscal_year + 1, "-03-31")}));
  ShapeDirectoriesSummary(CountsFromRows(rows), q.dimensions, out);
  out->set_tenant(r.parent());
  out->set_fiscal_year(r.fiscal_year());
  return MergeReportedValues(c, q, "directories", out);
}

absl::Status DirectoriesLogic::ReportDirectoriesIndicator(
    Call& c, const v1::ReportIndicatorValueRequest& r,
    v1::IndicatorValue* out) {
  return ReportIndicatorValue(c, r, "directories", out);
}

}  // namespace poles::directories
