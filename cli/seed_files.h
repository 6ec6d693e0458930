#ifndef POLES_CLI_SEED_FILES_H_
#define POLES_CLI_SEED_FILES_H_

#include <functional>
#include <string>
#include <vector>

#include "absl/status/status.h"

namespace poles::cli {

// A file's whole text ("" when it cannot be read: its parser then names
// what is missing).
std::string ReadTextFile(const std::string& path);

// The editor key of `tenant` written by `polesctl demo init`:
// `keys_dir`/{tenant}.editor.key, without its trailing newline.
std::string EditorKey(const std::string& keys_dir, const std::string& tenant);

// The `*.json` files of `seeds_dir`/`folder`, in name order (the order the
// demo loads them in, whatever the file system lists); none when the folder
// does not exist.
std::vector<std::string> SeedFiles(const std::string& seeds_dir,
                                   const std::string& folder);

// The demo loader's loop over one folder of seed files: `load` runs on
// every `*.json` of `seeds_dir`/`folder`, in name order, with the file's
// path and text. A folder that does not exist has nothing to load. The
// first file `load` refuses stops the loop after "erreur : {path} :
// {message}" on stderr. Returns the process exit code (0, or 1).
int ForEachSeedFile(
    const std::string& seeds_dir, const std::string& folder,
    const std::function<absl::Status(const std::string& path,
                                     const std::string& text)>& load);

}  // namespace poles::cli

#endif  // POLES_CLI_SEED_FILES_H_
