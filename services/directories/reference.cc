#include "services/directories/reference.h"

#include "absl/strings/str_cat.h"
#include "services/common/resource_name.h"
#include "services/common/status_macros.h"
#include "services/directories/directories_logic.h"
#include "storage/sql_error.h"
#include "storage/tenant_transaction.h"

namespace poles::directories {

std::string OrgName(absl::string_view t, absl::string_view o) {
  return FormatResourceName({"tenants", "organisations"}, {t, o});
}
std::string PersonName(absl::string_view t, absl::string_view p) {
  return FormatResourceName({"tenants", "people"}, {t, p});
}
std::string DossierName(absl::string_view t, absl::string_view d) {
  return FormatResourceName({"tenants", "dossiers"}, {t, d});
}
std::string InterventionName(absl::string_view t, absl::string_view d,
                             absl::string_view i) {
  return FormatResourceName({"tenants", "dossiers", "interventions"},
                            {t, d, i});
}
std::string SectorName(absl::string_view id) {
  return id.empty() ? "" : absl::StrCat("sectors/", id);
}
std::string MrcName(absl::string_view id) {
  return id.empty() ? "" : absl::StrCat("mrcs/", id);
}
std::string LastSegment(const std::string& name) {
  return name.substr(name.rfind('/') + 1);
}

std::string OrgIdOf(absl::string_view field, absl::string_view name,
                    const std::string& tenant, Violations& v) {
  if (name.empty()) return "";
  auto ids = ParseResourceName(field, name, {"tenants", "organisations"});
  if (!ids.ok()) {
    v.Merge(ids.status());
    return "";
  }
  if ((*ids)[0] != tenant) {
    v.Add(field, "must be an organisation of the same tenant");
    return "";
  }
  return (*ids)[1];
}

DirectoryReference LoadReference(pqxx::work& w, const std::string& tenant) {
  return ReferenceFromRows(w.exec_prepared(kReference.name, tenant));
}

absl::Status DirectoriesLogic::ListSectors(Call& c,
                                           const v1::ListSectorsRequest&,
                                           v1::ListSectorsResponse* out) {
  POLES_ASSIGN_OR_RETURN(
      auto tx, storage::PlatformTransaction::Begin(*c.session, c.deadline));
  try {
    for (const auto& row : tx->work().exec_prepared(kSectorsList.name)) {
      auto* s = out->add_sectors();
      s->set_name(SectorName(row["sector_id"].c_str()));
      s->set_label_fr(row["label_fr"].c_str());
      s->set_label_en(row["label_en"].c_str());
    }
  } catch (const std::exception& e) {
    return storage::StatusFromException(e, c.method);
  }
  return tx->Commit();
}

}  // namespace poles::directories
