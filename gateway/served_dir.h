#ifndef POLES_GATEWAY_SERVED_DIR_H_
#define POLES_GATEWAY_SERVED_DIR_H_

// Where the front door finds the files it serves (the dashboard, the
// workspace) when no flag names them.

#include <string>

namespace poles::gateway {

// <dir of argv0's binary>/<beside> when it holds index.html (the build
// copies the files there), else <POLES_SOURCE_DIR>/<in_source> when it
// does (POLES_SOURCE_DIR is the compile-time source tree), else "".
std::string FindServedDir(const std::string& argv0, const std::string& beside,
                          const std::string& in_source);

// The whole of the file at `path` into `out`; false if it cannot be read.
bool ReadServedFile(const std::string& path, std::string& out);

}  // namespace poles::gateway

#endif  // POLES_GATEWAY_SERVED_DIR_H_
