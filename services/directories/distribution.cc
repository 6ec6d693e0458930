#include "services/directories/distribution.h"

#include <algorithm>
#include <cmath>

#include "services/common/mutation.h"
#include "services/common/resource_name.h"
#include "services/common/status_macros.h"
#include "services/directories/directories_logic.h"
#include "services/directories/directories_validation.h"
#include "services/directories/distribution_queries.h"
#include "services/directories/reference.h"

namespace poles::directories {

double Percent(int count, int total) {
  return total == 0 ? 0.0 : std::round(1000.0 * count / total) / 10.0;
}

v1::DirectoryDistribution ShapeDistribution(
    absl::string_view parent, const std::vector<DistributionCount>& counts) {
  std::vector<v1::DistributionBucket> mrcs, sectors, forms;
  int total = 0;
  for (const DistributionCount& row : counts) {
    v1::DistributionBucket b;
    b.set_count(row.count);
    if (row.dimension == "mrc") {
      b.set_key(MrcName(row.key));
      b.set_label(row.label);
      mrcs.push_back(b);
    } else if (row.dimension == "sector") {
      b.set_key(SectorName(row.key));
      b.set_label(row.label);
      sectors.push_back(b);
    } else {
      b.set_key(row.key);
      b.set_label(LegalFormLabel(LegalFormFromCode(row.key)));
      forms.push_back(b);
      total += b.count();
    }
  }
  v1::DirectoryDistribution out;
  out.set_parent(std::string(parent));
  out.set_total(total);
  auto emit =
      [&](std::vector<v1::DistributionBucket>& list,
          google::protobuf::RepeatedPtrField<v1::DistributionBucket>* dst) {
        std::sort(list.begin(), list.end(), [](const auto& a, const auto& b) {
          if (a.count() != b.count()) return a.count() > b.count();
          return FoldFrench(a.label()) < FoldFrench(b.label());
        });
        for (auto& b : list) {
          b.set_percent(Percent(b.count(), total));
          *dst->Add() = std::move(b);
        }
      };
  emit(mrcs, out.mutable_by_mrc());
  emit(sectors, out.mutable_by_sector());
  emit(forms, out.mutable_by_legal_form());
  return out;
}

absl::Status DirectoriesLogic::GetDirectoryDistribution(
    Call& c, const v1::GetDirectoryDistributionRequest& r,
    v1::DirectoryDistribution* out) {
  POLES_ASSIGN_OR_RETURN(auto parent,
                         ParseResourceName("parent", r.parent(), {"tenants"}));
  const std::string tenant = parent[0];
  POLES_RETURN_IF_ERROR(c.AuthorizeTenant(tenant));
  POLES_ASSIGN_OR_RETURN(
      auto rows, ReadTenant(c, tenant, kDistribution.name,
                            {tenant, r.members_only() ? "true" : "false"}));
  std::vector<DistributionCount> counts;
  counts.reserve(rows.size());
  for (const auto& row : rows) {
    counts.push_back({row["dimension"].c_str(), row["key"].c_str(),
                      row["label"].c_str(), row["count"].as<int>()});
  }
  *out = ShapeDistribution(r.parent(), counts);
  return absl::OkStatus();
}

}  // namespace poles::directories
