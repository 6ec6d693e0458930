#ifndef POLES_CLI_VERSION_H_
#define POLES_CLI_VERSION_H_

#include <string>

namespace poles::cli {

// polesctl's own version.
inline constexpr char kPolesctlVersion[] = "0.1.0";

// The API polesctl was built against: the protobuf package of the contract
// compiled in (proto/poles/v1: "poles.v1").
std::string ApiVersion();

// What `polesctl --version` prints, e.g. "polesctl 0.1.0 (API poles.v1)".
std::string VersionText();

}  // namespace poles::cli

#endif  // POLES_CLI_VERSION_H_
