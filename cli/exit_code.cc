#include "cli/exit_code.h"

namespace poles::cli {

int ExitCodeFor(absl::StatusCode code) {
  switch (code) {
    case absl::StatusCode::kOk:
      return kExitOk;
    case absl::StatusCode::kUnavailable:
    case absl::StatusCode::kDeadlineExceeded:
      return kExitUnreachable;
    default:
      return kExitRefused;
  }
}

int ExitCodeFor(grpc::StatusCode code) {
  return ExitCodeFor(static_cast<absl::StatusCode>(code));
}

}  // namespace poles::cli
