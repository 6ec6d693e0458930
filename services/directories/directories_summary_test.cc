#include <map>
#include <set>
#include <string>

#include "gtest/gtest.h"
#include "services/directories/summary.h"

namespace poles::directories {
namespace {

// indicator|dims -> value, dims as "k=v;k=v" (sorted), "" for the total.
std::map<std::string, int64_t> Values(const v1::IndicatorSummary& s) {
  std::map<std::string, int64_t> out;
  for (const auto& v : s.values()) {
    std::string dims;
    for (const auto& [k, val] : std::map<std::string, std::string>(
             v.dimensions().begin(), v.dimensions().end())) {
      dims += (dims.empty() ? "" : ";") + k + "=" + val;
    }
    out[v.indicator() + "|" + dims] = v.value();
  }
  return out;
}

IndicatorCount Count(const std::string& indicator, const std::string& mrc,
                     const std::string& sector, int64_t n) {
  return {indicator,
          {{"mrc", mrc},
           {"sector", sector},
           {"legal_form", "obnl"},
           {"phase", ""},
           {"gender", ""}},
          n};
}

TEST(ShapeDirectoriesSummaryTest, KeptRecordsHaveZeroTotals) {
  DirectoriesCounts counts;
  counts.keeps_organisations = true;
  v1::IndicatorSummary out;
  ShapeDirectoriesSummary(counts, {}, &out);
  EXPECT_EQ(Values(out), (std::map<std::string, int64_t>{
                             {"directories.enterprises|", 0},
                             {"directories.member_enterprises|", 0}}));
}

TEST(ShapeDirectoriesSummaryTest, NothingKeptIsNoIndicator) {
  v1::IndicatorSummary out;
  ShapeDirectoriesSummary(DirectoriesCounts{}, {"mrc"}, &out);
  EXPECT_EQ(out.values_size(), 0);
}

TEST(ShapeDirectoriesSummaryTest, BreaksDownByRequestedAllowedDimensionsOnly) {
  DirectoriesCounts counts;
  counts.keeps_organisations = true;
  counts.allowed["directories.enterprises"] = {"mrc", "legal_form"};
  counts.counts = {
      Count("directories.enterprises", "arthabaska", "agri", 2),
      Count("directories.enterprises", "arthabaska", "culture", 3),
      Count("directories.enterprises", "drummond", "agri", 1),
      Count("directories.member_enterprises", "drummond", "agri", 1)};
  v1::IndicatorSummary out;
  // sector is requested but not allowed; legal_form allowed but not asked.
  ShapeDirectoriesSummary(counts, {"mrc", "sector"}, &out);
  EXPECT_EQ(Values(out), (std::map<std::string, int64_t>{
                             {"directories.enterprises|", 6},
                             {"directories.enterprises|mrc=arthabaska", 5},
                             {"directories.enterprises|mrc=drummond", 1},
                             {"directories.member_enterprises|", 1}}));
}

}  // namespace
}  // namespace poles::directories
