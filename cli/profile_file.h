#ifndef POLES_CLI_PROFILE_FILE_H_
#define POLES_CLI_PROFILE_FILE_H_

// A Pôle's profile file (data/seeds/profiles/*.json): what a document says
// the Pôle is, loaded through EventsService.UpdatePoleProfile.
//
//   {"document": "vhsl-faits-saillants-2015-2016.txt",
//    "tenant": "vallee-du-haut-saint-laurent",
//    "profile": {"legal_name": "...", "incorporation_date": "2015-05-19",
//                "founding_event_id": "assemblee-de-fondation-2015",
//                "website_uri": "", "contact_email": "",
//                "notes": ["l. 18 : « 19 mai 2015 : ... s'incorpore »"]}}
//
// The founding event is an id of the tenant's events, named under the
// tenant the file is loaded into. A field absent from "profile" is left
// as it is.

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include <grpcpp/grpcpp.h>

#include "absl/status/statusor.h"
#include "poles/v1/events.pb.h"

namespace poles::cli {

struct ProfileFile {
  std::string document;
  std::string tenant;
  v1::PoleProfile profile;         // founding_event empty: see the id
  std::string founding_event_id;   // "" if none
  std::vector<std::string> paths;  // the fields the file sets, mask paths
};

// Parses the JSON text; INVALID_ARGUMENT naming the key ("profile.notes")
// and what is wrong otherwise (an unknown key is an error).
absl::StatusOr<ProfileFile> ParseProfileFile(const std::string& json_text);

// Updates the profile of `tenant` (the file's own when empty) with the
// fields the file sets, with `key` (an editor's). Rerunning sets the same
// values again. Returns the profile as the server stored it.
absl::StatusOr<v1::PoleProfile> LoadProfileFile(
    const std::shared_ptr<grpc::Channel>& channel, const std::string& key,
    const ProfileFile& file, const std::string& tenant,
    std::chrono::milliseconds timeout = std::chrono::seconds(30));

// The demo loader's step: every file of `seeds_dir`/profiles, in name
// order, with the editor key of its tenant (`keys_dir`/{tenant}.editor.key),
// a French line per file on stdout. Returns the process exit code (0, or 1
// after a message on stderr).
int LoadDemoProfiles(const std::shared_ptr<grpc::Channel>& channel,
                     const std::string& seeds_dir, const std::string& keys_dir);

}  // namespace poles::cli

#endif  // POLES_CLI_PROFILE_FILE_H_
