#include "gateway/served_dir.h"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

namespace poles::gateway {

std::string FindServedDir(const std::string& argv0, const std::string& beside,
                          const std::string& in_source) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::path binary = fs::weakly_canonical(fs::path(argv0), ec);
  if (!ec) {
    const fs::path near = binary.parent_path() / beside;
    if (fs::exists(near / "index.html", ec)) return near.string();
  }
#ifdef POLES_SOURCE_DIR
  const fs::path source = fs::path(POLES_SOURCE_DIR) / in_source;
  if (fs::exists(source / "index.html", ec)) return source.string();
#else
  (void)in_source;
#endif
  return "";
}

bool ReadServedFile(const std::string& path, std::string& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream buffer;
  buffer << in.rdbuf();
  out = buffer.str();
  return true;
}

}  // namespace poles::gateway
