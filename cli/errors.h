#ifndef POLES_CLI_ERRORS_H_
#define POLES_CLI_ERRORS_H_

#include <string>

#include <grpcpp/support/status.h>

#include "absl/status/status.h"

namespace poles::cli {

// Prints `status` on stderr the way people read it, in the messages'
// language (cli/messages.h): what failed, the message and the code, each bad
// field on its own line; when no server answered, which address was tried
// and which option sets it (`address_flag`, e.g. "--server"; nothing printed
// when empty). Returns the exit code (cli/exit_code.h).
int ReportError(const absl::Status& status, const std::string& what_fr,
                const std::string& address = "",
                const std::string& address_flag = "");
int ReportError(const grpc::Status& status, const std::string& what_fr,
                const std::string& address = "",
                const std::string& address_flag = "");

}  // namespace poles::cli

#endif  // POLES_CLI_ERRORS_H_
