#include "cli/errors.h"

#include <cstdio>

#include "cli/exit_code.h"
#include "cli/messages.h"
#include "services/common/errors.h"

namespace poles::cli {

int ReportError(const absl::Status& status, const std::string& what_fr,
                const std::string& address, const std::string& address_flag) {
  std::fprintf(stderr, "%s%s%s (%s)\n", ErrorHeading(what_fr).c_str(),
               Tr(" : ", ": "), std::string(status.message()).c_str(),
               absl::StatusCodeToString(status.code()).c_str());
  for (const auto& v : FieldViolationsOf(status)) {
    std::fprintf(stderr, "  %s %s : %s\n", Tr("champ", "field"),
                 v.field.c_str(), v.description.c_str());
  }
  const int code = ExitCodeFor(status.code());
  if (code == kExitUnreachable && !address_flag.empty()) {
    std::fprintf(stderr,
                 Tr("  personne ne répond sur %s (option %s) ?\n",
                    "  is anything answering on %s (option %s)?\n"),
                 address.c_str(), address_flag.c_str());
  }
  return code;
}

int ReportError(const grpc::Status& status, const std::string& what_fr,
                const std::string& address, const std::string& address_flag) {
  return ReportError(FromGrpcStatus(status), what_fr, address, address_flag);
}

}  // namespace poles::cli
