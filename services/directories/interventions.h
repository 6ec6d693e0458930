#ifndef POLES_SERVICES_DIRECTORIES_INTERVENTIONS_H_
#define POLES_SERVICES_DIRECTORIES_INTERVENTIONS_H_

#include <string>
#include <vector>

#include "poles/v1/directories.pb.h"

// Interventions: the pure parts of their writes (the RPCs are
// DirectoriesLogic's, in interventions.cc; the statements in
// interventions_queries.h).
namespace poles::directories {

// Copies into `current` the fields of `in` that `paths` (validated mask
// paths of UpdateIntervention) name; subjects are replaced whole.
void MergeInterventionUpdate(const v1::Intervention& in,
                             const std::vector<std::string>& paths,
                             v1::Intervention* current);

}  // namespace poles::directories

#endif  // POLES_SERVICES_DIRECTORIES_INTERVENTIONS_H_
