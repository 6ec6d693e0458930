#ifndef POLES_CLI_FUNDING_FILE_H_
#define POLES_CLI_FUNDING_FILE_H_

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <grpcpp/grpcpp.h>

#include "absl/status/statusor.h"
#include "poles/v1/funding.pb.h"

namespace poles::cli {

// One entry of a funding file: the id the resource is created with, where
// it comes from (« ligne 313 » of the source document), and the resource.
template <typename Message>
struct FundingEntry {
  std::string id;
  std::string source;
  Message message;
};

// A funding file (data/seeds/funding/*.json): one Pôle's calls for projects
// ("callsForProjects": [{callForProjectsId, source, callForProjects}]),
// reported totals ("reportedTotals": [{reportedTotalId, source,
// reportedTotal}]) and agreements ("agreements": [{agreementId, source,
// agreement}]), each as the proto3 JSON of the resource, and optionally an
// awards CSV file ("awards_csv", relative to the JSON file) in the
// `polesctl funding import` format.
struct FundingFile {
  std::string tenant;
  std::string awards_csv;  // a path, resolved against the file's folder
  std::vector<FundingEntry<v1::CallForProjects>> calls;
  std::vector<FundingEntry<v1::ReportedTotal>> reported_totals;
  std::vector<FundingEntry<v1::Agreement>> agreements;
};

// Parses the JSON text of the file at `path`; INVALID_ARGUMENT naming the
// entry ("reportedTotals[1].reportedTotal") and what is wrong otherwise.
absl::StatusOr<FundingFile> ParseFundingFile(const std::string& json_text,
                                             const std::string& path);

struct FundingLoadSummary {
  // Entries the server accepted: created, or replayed (a rerun's requests
  // carry the same request ids and get the first answer, creating nothing).
  size_t created = 0;
  // Entries that existed under their id without a replay record: left alone.
  size_t already_present = 0;
  int awards = 0;  // rows of the awards CSV applied
};

// Creates the file's entries in `tenant` (the file's own when empty)
// through FundingService with `key`: calls first (awards refer to them),
// then reported totals and agreements, each with the file's id and a
// request id derived from it, so that a rerun creates nothing twice; then
// imports the awards CSV (rows with an id replace the award of that id).
// The server's refusal of an entry stops the load, naming the entry.
// `progress`, when set, is told (done, total) after each entry, then over
// the awards' rows (total grows by their number once they are counted).
absl::StatusOr<FundingLoadSummary> LoadFundingFile(
    const std::shared_ptr<grpc::Channel>& channel, const std::string& key,
    const FundingFile& file, const std::string& tenant,
    std::chrono::milliseconds timeout = std::chrono::seconds(30),
    const std::function<void(size_t, size_t)>& progress = nullptr);

}  // namespace poles::cli

#endif  // POLES_CLI_FUNDING_FILE_H_
