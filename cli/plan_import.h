#ifndef POLES_CLI_PLAN_IMPORT_H_
#define POLES_CLI_PLAN_IMPORT_H_

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include <grpcpp/grpcpp.h>

#include "absl/status/statusor.h"
#include "cli/plan_file.h"

namespace poles::cli {

struct ImportSummary {
  std::string plan_name;
  size_t items = 0;
  size_t indicators = 0;
  bool already_present = false;  // the plan existed: nothing was written
  bool dry_run = false;
};

// Loads a parsed plan file into `tenant` (the file's own when empty) through
// the plans API with `key`.
//
// Everything is validated locally first: INVALID_ARGUMENT lists every bad
// field of the file. A dry run stops there. Requests carry request_ids
// derived from the file's ids, so a rerun is idempotent; a plan that already
// exists is left alone. If a step fails, the plan this import created is
// deleted again (force), so no half-loaded plan remains. `progress` is told
// (items done, items total).
absl::StatusOr<ImportSummary> ImportPlan(
    const std::shared_ptr<grpc::Channel>& channel, const std::string& key,
    const PlanFile& file, const std::string& tenant, bool dry_run,
    const std::function<void(size_t, size_t)>& progress = nullptr,
    std::chrono::milliseconds timeout = std::chrono::seconds(30));

}  // namespace poles::cli

#endif  // POLES_CLI_PLAN_IMPORT_H_
