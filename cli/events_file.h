#ifndef POLES_CLI_EVENTS_FILE_H_
#define POLES_CLI_EVENTS_FILE_H_

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <grpcpp/grpcpp.h>

#include "absl/status/statusor.h"
#include "poles/v1/events.pb.h"

namespace poles::cli {

// An events file (data/seeds/events/*.json): the bodies and events of one
// Pôle, each as the proto3 JSON of a Body or an Event, with short
// references ("body": "ca") that the import expands under the tenant.
struct EventsFile {
  std::string tenant;
  std::vector<std::pair<std::string, v1::Body>> bodies;   // (body_id, body)
  std::vector<std::pair<std::string, v1::Event>> events;  // (event_id, event)
};

// Parses the JSON text; INVALID_ARGUMENT naming the entry ("events[3].event")
// and what is wrong otherwise.
absl::StatusOr<EventsFile> ParseEventsFile(const std::string& json_text);

struct EventsImportSummary {
  size_t bodies_created = 0;
  size_t events_created = 0;
  size_t already_present = 0;  // entries that existed: left alone
};

// Loads the file into `tenant` (the file's own when empty) through the
// events API with `key`. Every entry is validated locally first (all the
// violations of the file at once); a dry run stops there. Entries keep the
// file's ids and carry request ids derived from them, so a rerun creates
// nothing twice. `progress` is told (entries done, entries total).
absl::StatusOr<EventsImportSummary> ImportEvents(
    const std::shared_ptr<grpc::Channel>& channel, const std::string& key,
    EventsFile file, const std::string& tenant, bool dry_run,
    const std::function<void(size_t, size_t)>& progress = nullptr,
    std::chrono::milliseconds timeout = std::chrono::seconds(30));

}  // namespace poles::cli

#endif  // POLES_CLI_EVENTS_FILE_H_
