#ifndef POLES_CLI_FISCAL_YEARS_CMD_H_
#define POLES_CLI_FISCAL_YEARS_CMD_H_

// polesctl fiscal-years: submit, unlock, show and list a Pôle's fiscal
// years (poles.v1.FiscalYearsService), in French or as JSON.
//
//   polesctl fiscal-years submit --tenant centre-du-quebec --fiscal-year
//   2017-2018 polesctl fiscal-years unlock --tenant centre-du-quebec
//   --fiscal-year
//       2017-2018 --reason "Correction des entreprises au répertoire"
//   polesctl fiscal-years show --tenant centre-du-quebec --fiscal-year
//   2017-2018 polesctl fiscal-years list --tenant centre-du-quebec --json

#include <chrono>
#include <memory>
#include <string>

#include <CLI/CLI.hpp>
#include <grpcpp/grpcpp.h>

#include "poles/v1/fiscal_years.pb.h"

namespace poles::cli {

class FiscalYearsCommands {
 public:
  // Adds `fiscal-years` and its subcommands to `app`.
  void Add(CLI::App& app);
  // True when one of them was given on the command line.
  bool parsed() const;
  // Runs the parsed one; the exit code (errors printed on stderr).
  int Run(const std::shared_ptr<grpc::Channel>& channel, const std::string& key,
          std::chrono::milliseconds timeout);

 private:
  CLI::App* submit_ = nullptr;
  CLI::App* unlock_ = nullptr;
  CLI::App* show_ = nullptr;
  CLI::App* list_ = nullptr;
  std::string tenant_;
  std::string fiscal_year_;
  std::string reason_;
  bool json_ = false;
};

// A year as people read it, in French, times in Montréal:
//   tenants/t/fiscalYears/2017-2018 : soumis
//     soumis le 2018-06-12 14:03 par centre-du-quebec editor
//     déverrouillé le ... par national : <raison>
std::string FiscalYearText(const v1::FiscalYear& year);

}  // namespace poles::cli

#endif  // POLES_CLI_FISCAL_YEARS_CMD_H_
