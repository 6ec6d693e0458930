#include "cli/version.h"

#include "absl/strings/str_cat.h"
#include "poles/v1/admin.pb.h"

namespace poles::cli {

std::string ApiVersion() { return v1::Tenant::descriptor()->file()->package(); }

std::string VersionText() {
  return absl::StrCat("polesctl ", kPolesctlVersion, " (API ", ApiVersion(),
                      ")");
}

}  // namespace poles::cli
