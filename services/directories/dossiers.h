#ifndef POLES_SERVICES_DIRECTORIES_DOSSIERS_H_
#define POLES_SERVICES_DIRECTORIES_DOSSIERS_H_

#include <string>
#include <vector>

#include "poles/v1/directories.pb.h"

// Dossiers: the pure parts of their writes (the RPCs are DirectoriesLogic's,
// in dossiers.cc; the statements in dossiers_queries.h).
namespace poles::directories {

// Unspecified promoter gender as NOT_COLLECTED, unspecified origin as
// DIRECT.
void NormaliseDossier(v1::Dossier* d);

// Copies into `current` the fields of `in` that `paths` (validated mask
// paths of UpdateDossier) name; repeated fields are replaced whole.
void MergeDossierUpdate(const v1::Dossier& in,
                        const std::vector<std::string>& paths,
                        v1::Dossier* current);

// The referrals of `d` as the JSON the referrals column holds.
std::string ReferralsJson(const v1::Dossier& d);

}  // namespace poles::directories

#endif  // POLES_SERVICES_DIRECTORIES_DOSSIERS_H_
