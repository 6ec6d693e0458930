#ifndef POLES_CLI_PLAN_FILE_H_
#define POLES_CLI_PLAN_FILE_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "poles/v1/plans.pb.h"

namespace poles::cli {

// A plan as data files in data/seeds/plans/ write it (see README).
struct PlanFile {
  std::string tenant;
  std::string plan_id;
  v1::Plan plan;
  struct Item {
    std::string item_id;
    std::string parent_item_id;
    v1::PlanItem item;
    // "responsible_bodies": ids of the tenant's bodies among the
    // responsables ("comite-communications"), named under the tenant the
    // plan is imported into.
    std::vector<std::string> responsible_body_ids;
    std::vector<std::pair<std::string, v1::Indicator>> indicators;
  };
  std::vector<Item> items;  // parents before children
};

// Parses a plan file. INVALID_ARGUMENT naming the JSON path of the first
// problem ("items[12].indicators[0].target").
absl::StatusOr<PlanFile> ParsePlanFile(const std::string& json_text);

}  // namespace poles::cli

#endif  // POLES_CLI_PLAN_FILE_H_
