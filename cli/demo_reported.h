#ifndef POLES_CLI_DEMO_REPORTED_H_
#define POLES_CLI_DEMO_REPORTED_H_

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <grpcpp/grpcpp.h>

#include "absl/status/statusor.h"
#include "poles/v1/events.pb.h"

namespace poles::cli {

// How exact a figure of a document is: as written ("6 rencontres"), a
// lower bound ("Plus de 100 personnes": 100), an order of magnitude ("une
// quarantaine": 40), or worked out by the transcription from the
// document's own figures (a total its breakdowns all add up to).
enum class Qualifier { kExact, kMoreThan, kApproximately, kDerived };

// "exact", "more_than", "approximately", "derived".
const char* QualifierName(Qualifier q);

// One figure of a document: a value of a national indicator, for one
// breakdown (empty: the total), with the document's line and how exact it
// is.
struct ReportedFigure {
  std::string indicator;
  std::map<std::string, std::string> dimensions;
  int64_t value = 0;
  int line = 0;
  Qualifier qualifier = Qualifier::kExact;
  std::string note;
};

// A body the Pôle sits on, and, when the document counts them without
// dating them, its meetings of the year by event kind ("committee_meeting",
// "conference_call", ...; empty: none held).
struct ReportedBody {
  std::string id;
  v1::Body body;
  int line = 0;
  bool has_meetings = false;
  std::map<std::string, int64_t> meetings;
  Qualifier qualifier = Qualifier::kExact;
  std::string note;
};

// A reported-figures file (data/seeds/reported/*.json): the figures of one
// document for one Pôle and fiscal year that have no row-level records
// behind them, each with its line in the document.
struct ReportedFile {
  std::string document;
  std::string tenant;
  std::string fiscal_year;
  std::vector<ReportedBody> bodies;
  std::vector<ReportedFigure> values;
};

// Parses the JSON text; INVALID_ARGUMENT naming the entry ("values[3].line")
// and what is wrong otherwise. An indicator must be a directories.* or
// events.* one (the services that take reported values).
absl::StatusOr<ReportedFile> ParseReportedFile(const std::string& json_text);

// The reported values the file stands for: its values in order, then
// events.body_meetings of the bodies with meetings, by body, by event kind
// (summed over the bodies) and in total. Pure.
std::vector<ReportedFigure> ReportedValuesOf(const ReportedFile& file);

struct ReportedLoadSummary {
  size_t bodies_created = 0;
  size_t bodies_present = 0;  // existed already: left alone
  size_t values_reported = 0;
};

// Loads the file into `tenant` (the file's own when empty) with `key`, as a
// Pôle would through the public API: CreateBody for each body (one that
// exists is left alone), then each of ReportedValuesOf through
// ReportDirectoriesIndicator or ReportEventsIndicator. Rerunning replaces
// each reported value by the same one. The server's refusal stops the
// load, naming the entry.
absl::StatusOr<ReportedLoadSummary> LoadReportedFile(
    const std::shared_ptr<grpc::Channel>& channel, const std::string& key,
    const ReportedFile& file, const std::string& tenant,
    std::chrono::milliseconds timeout = std::chrono::seconds(30));

// The demo loader's step: every file of `seeds_dir`/reported, in name
// order, with the editor key of its tenant (`keys_dir`/{tenant}.editor.key),
// a French progress line per file on stdout. Returns the process exit code
// (0, or 1 after a message on stderr).
int LoadDemoReported(const std::shared_ptr<grpc::Channel>& channel,
                     const std::string& seeds_dir, const std::string& keys_dir);

}  // namespace poles::cli

#endif  // POLES_CLI_DEMO_REPORTED_H_
