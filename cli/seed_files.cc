#include "cli/seed_files.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include "absl/strings/ascii.h"

namespace poles::cli {

std::string ReadTextFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string EditorKey(const std::string& keys_dir, const std::string& tenant) {
  return std::string(absl::StripAsciiWhitespace(ReadTextFile(
      (std::filesystem::path(keys_dir) / (tenant + ".editor.key")).string())));
}

std::vector<std::string> SeedFiles(const std::string& seeds_dir,
                                   const std::string& folder) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::path(seeds_dir) / folder;
  std::vector<std::string> files;
  if (!fs::exists(dir)) return files;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() == ".json") {
      files.push_back(entry.path().string());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

int ForEachSeedFile(
    const std::string& seeds_dir, const std::string& folder,
    const std::function<absl::Status(const std::string& path,
                                     const std::string& text)>& load) {
  for (const std::string& path : SeedFiles(seeds_dir, folder)) {
    if (absl::Status s = load(path, ReadTextFile(path)); !s.ok()) {
      std::fprintf(stderr, "erreur : %s : %s\n", path.c_str(),
                   std::string(s.message()).c_str());
      return 1;
    }
  }
  return 0;
}

}  // namespace poles::cli
