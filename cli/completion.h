#ifndef POLES_CLI_COMPLETION_H_
#define POLES_CLI_COMPLETION_H_

#include <string>

#include <CLI/CLI.hpp>

namespace poles::cli {

// A bash completion script for `app` (named `program`), generated from its
// tree of subcommands and options: after `program`, each word completes to
// the subcommands and --long options of the deepest subcommand typed so far;
// anything else (a file, a value) falls back to bash's default completion.
// Load it with `source <(polesctl completion bash)`.
std::string BashCompletion(const CLI::App& app, const std::string& program);

}  // namespace poles::cli

#endif  // POLES_CLI_COMPLETION_H_
