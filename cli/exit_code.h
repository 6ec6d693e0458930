#ifndef POLES_CLI_EXIT_CODE_H_
#define POLES_CLI_EXIT_CODE_H_

#include <grpcpp/support/status.h>

#include "absl/status/status.h"

namespace poles::cli {

// polesctl's exit codes, documented in README ("polesctl").
enum ExitCode : int {
  kExitOk = 0,
  // The server (or the gateway) answered with an error, or the input was
  // refused before any call (a file that does not validate).
  kExitRefused = 1,
  // Bad usage: an unknown command or option, a missing or invalid argument.
  kExitUsage = 2,
  // No server answered: UNAVAILABLE (nothing listening, connection refused,
  // name not resolved) or DEADLINE_EXCEEDED (no answer within --timeout-ms).
  kExitUnreachable = 3,
};

// kExitUnreachable for UNAVAILABLE and DEADLINE_EXCEEDED, kExitOk for OK,
// else kExitRefused.
int ExitCodeFor(absl::StatusCode code);
int ExitCodeFor(grpc::StatusCode code);

}  // namespace poles::cli

#endif  // POLES_CLI_EXIT_CODE_H_
