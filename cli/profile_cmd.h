#ifndef POLES_CLI_PROFILE_CMD_H_
#define POLES_CLI_PROFILE_CMD_H_

// polesctl profile: read and change a Pôle's own profile
// (EventsService.GetPoleProfile / UpdatePoleProfile), in French or as JSON.
//
//   polesctl profile get --tenant vallee-du-haut-saint-laurent
//   polesctl profile set --tenant vallee-du-haut-saint-laurent
//       --incorporation-date 2015-05-19 --website https://example.org
//   polesctl profile set --file
//   data/seeds/profiles/vallee-du-haut-saint-laurent.json

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <grpcpp/grpcpp.h>

#include "poles/v1/events.pb.h"

namespace poles::cli {

class ProfileCommands {
 public:
  // Adds `profile` and its subcommands to `app`.
  void Add(CLI::App& app);
  // True when one of them was given on the command line.
  bool parsed() const;
  // Runs the parsed one; the exit code (errors printed on stderr).
  int Run(const std::shared_ptr<grpc::Channel>& channel, const std::string& key,
          std::chrono::milliseconds timeout);

 private:
  CLI::App* get_ = nullptr;
  CLI::App* set_ = nullptr;
  std::string tenant_;
  std::string file_;
  std::string legal_name_;
  std::string incorporation_date_;
  std::string founding_event_;
  std::string website_uri_;
  std::string contact_email_;
  std::vector<std::string> notes_;
  bool json_ = false;
};

// A profile as people read it, in French:
//   tenants/t/profile
//     nom légal : Pôle d'économie sociale ...
//     incorporé le : 2015-05-19
//     assemblée de fondation : tenants/t/events/assemblee-de-fondation-2015
//     note : ...
// A field never set reads « non renseigné ».
std::string ProfileText(const v1::PoleProfile& profile);

}  // namespace poles::cli

#endif  // POLES_CLI_PROFILE_CMD_H_
