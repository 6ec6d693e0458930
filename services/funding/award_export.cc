// A placeholder so the service builds and ExportAwards answers: funding-io
// (branch h/funding-io) replaces this file with the real CSV and 360Giving
// renderers and their tests.
#include "services/funding/award_export.h"

#include "absl/strings/str_cat.h"

namespace poles::funding {

std::string RenderAwardsCsv(const AwardExportInfo&, const std::vector<ExportedAward>& awards,
                            bool semicolon) {
  const char sep = semicolon ? ';' : ',';
  std::string out = absl::StrCat("\xEF\xBB\xBFname", std::string(1, sep), "title\r\n");
  for (const auto& a : awards) {
    absl::StrAppend(&out, a.award.name(), std::string(1, sep), "\"", a.award.title(), "\"\r\n");
  }
  return out;
}

std::string RenderAwards360Giving(const AwardExportInfo&, const std::vector<ExportedAward>&) {
  return "{\"grants\":[]}";
}

}  // namespace poles::funding
