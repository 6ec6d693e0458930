#ifndef POLES_SERVICES_DIRECTORIES_REFERENCE_H_
#define POLES_SERVICES_DIRECTORIES_REFERENCE_H_

#include <algorithm>
#include <string>
#include <vector>

#include <pqxx/pqxx>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "services/common/call.h"
#include "services/common/mutation.h"
#include "services/common/validation.h"
#include "services/directories/directories_validation.h"
#include "services/directories/reference_queries.h"

// What every resource of the directories shares: resource names and the
// reference data (sectors, the tenant's MRCs) requests are checked against.
namespace poles::directories {

std::string OrgName(absl::string_view tenant, absl::string_view organisation);
std::string PersonName(absl::string_view tenant, absl::string_view person);
std::string DossierName(absl::string_view tenant, absl::string_view dossier);
std::string InterventionName(absl::string_view tenant,
                             absl::string_view dossier,
                             absl::string_view intervention);
// "sectors/{id}" / "mrcs/{id}"; "" for "".
std::string SectorName(absl::string_view id);
std::string MrcName(absl::string_view id);
// The last segment of a resource name ("" stays "").
std::string LastSegment(const std::string& name);

// The id of `name` (a `tenants/{t}/organisations/{o}` of `tenant`), or ""
// with a violation naming `field`; "" for an empty name.
std::string OrgIdOf(absl::string_view field, absl::string_view name,
                    const std::string& tenant, Violations& v);

// The reference data of kReference's rows (columns kind 's'|'m', id, label).
template <typename DbRows>
DirectoryReference ReferenceFromRows(const DbRows& rows) {
  DirectoryReference ref;
  for (const auto& row : rows) {
    (row["kind"].c_str()[0] == 's' ? ref.sectors
                                   : ref.mrcs)[row["id"].c_str()] =
        row["label"].c_str();
  }
  return ref;
}

// Loads the sectors and the tenant's territory in the transaction `w`.
DirectoryReference LoadReference(pqxx::work& w, const std::string& tenant);

// When a request has bad fields (`shape`), also checks its references
// (sector, MRC) so that one answer names every bad field. `validate(ref,
// all)` adds the violations of the request given the reference data.
// Returns shape's status, with those violations added.
template <typename Validate>
absl::Status AllViolations(
    Call& c, const absl::StatusOr<std::vector<std::string>>& parent,
    Violations& shape, Validate validate) {
  if (shape.empty() || !parent.ok() || !c.AuthorizeTenant((*parent)[0]).ok()) {
    return shape.Status();
  }
  auto rows = ReadTenant(c, (*parent)[0], kReference.name, {(*parent)[0]});
  if (!rows.ok()) return shape.Status();
  DirectoryReference ref = ReferenceFromRows(*rows);
  Violations all;
  validate(&ref, all);
  std::vector<FieldViolation> seen = FieldViolationsOf(shape.Status());
  for (const auto& v : FieldViolationsOf(all.Status())) {
    bool dup =
        std::any_of(seen.begin(), seen.end(), [&](const FieldViolation& s) {
          return s.field == v.field && s.description == v.description;
        });
    if (!dup) shape.Add(v.field, v.description);
  }
  return shape.Status();
}

}  // namespace poles::directories

#endif  // POLES_SERVICES_DIRECTORIES_REFERENCE_H_
