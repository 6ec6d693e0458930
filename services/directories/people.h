#ifndef POLES_SERVICES_DIRECTORIES_PEOPLE_H_
#define POLES_SERVICES_DIRECTORIES_PEOPLE_H_

#include <string>
#include <vector>

#include "poles/v1/directories.pb.h"

// People: the pure parts of their writes (the RPCs are DirectoriesLogic's,
// in people.cc; the statements in people_queries.h).
namespace poles::directories {

// Copies into `current` the fields of `in` that `paths` (validated mask
// paths of UpdatePerson) name; "consent" names both consent fields.
void MergePersonUpdate(const v1::Person& in,
                       const std::vector<std::string>& paths,
                       v1::Person* current);

}  // namespace poles::directories

#endif  // POLES_SERVICES_DIRECTORIES_PEOPLE_H_
