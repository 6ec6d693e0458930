#ifndef POLES_SERVICES_DIRECTORIES_ORGANISATIONS_H_
#define POLES_SERVICES_DIRECTORIES_ORGANISATIONS_H_

#include <array>
#include <string>
#include <vector>

#include <pqxx/pqxx>

#include "absl/strings/string_view.h"
#include "poles/v1/directories.pb.h"
#include "services/common/validation.h"
#include "storage/rows.h"

// Organisations: their rows <-> messages and the pure parts of their writes
// (the RPCs are DirectoriesLogic's, in organisations.cc; the statements in
// organisations_queries.h).
namespace poles::directories {

// A full organisation row (kOrgGet's columns, by name) of `tenant` -> `o`.
void OrganisationFromRow(const std::string& tenant, const pqxx::row& r,
                         v1::Organisation* o);
void OrganisationFromRow(const std::string& tenant, const storage::Row& r,
                         v1::Organisation* o);
// A basic row (kOrgList's columns) -> `o`: no contact details, description,
// renewals or times.
void OrganisationBasicFromRow(const std::string& tenant, const storage::Row& r,
                              v1::Organisation* o);

// The 20 text cells of an organisation for the writes: its id, then the
// columns display_name .. closure_date in the table's order, "" for NULL.
using OrganisationCells = std::array<std::string, 20>;
OrganisationCells CellsOf(const std::string& id, const v1::Organisation& o);

// Normalises what a client sends: the NEQ without spaces, unspecified
// membership as NON_MEMBER, no renewals (the server keeps them). Adds a
// violation naming `prefix`.neq for a NEQ of the wrong shape.
void NormaliseOrganisation(v1::Organisation* o, absl::string_view prefix,
                           Violations& v);

// Copies into `current` the fields of `in` that `paths` (validated mask
// paths of UpdateOrganisation) name; "membership" names all four
// membership fields. Clearing an optional number copies its absence.
void MergeOrganisationUpdate(const v1::Organisation& in,
                             const std::vector<std::string>& paths,
                             v1::Organisation* current);

// The ALREADY_EXISTS message of a write that breaks the NEQ's uniqueness.
inline constexpr char kNeqTaken[] =
    "another organisation of the tenant already has this NEQ";

}  // namespace poles::directories

#endif  // POLES_SERVICES_DIRECTORIES_ORGANISATIONS_H_
