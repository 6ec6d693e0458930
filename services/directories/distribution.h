#ifndef POLES_SERVICES_DIRECTORIES_DISTRIBUTION_H_
#define POLES_SERVICES_DIRECTORIES_DISTRIBUTION_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "poles/v1/directories.pb.h"

// GetDirectoryDistribution's arithmetic, apart from its statement
// (distribution_queries.h) so that it is unit-tested without a database.
namespace poles::directories {

// One count of the tenant's active enterprises along one dimension.
struct DistributionCount {
  std::string dimension;  // "mrc", "sector" or "legal_form"
  std::string key;    // the MRC's or the sector's id, or the legal form's code
  std::string label;  // the MRC's name or the sector's French label
  int count = 0;
};

// `count` as a percentage of `total`, rounded to one decimal; 0 when
// `total` is 0.
double Percent(int count, int total);

// The distribution of `parent` (a tenant's name) given its counts: the
// total is the sum of the legal-form counts (every enterprise has exactly
// one legal form, while an enterprise may lack a sector or an MRC of the
// territory); buckets are named mrcs/{id}, sectors/{id} and by the legal
// form's code (labelled with LegalFormLabel), each list sorted by count
// (descending) then by folded label, each bucket's percent of the total.
v1::DirectoryDistribution ShapeDistribution(
    absl::string_view parent, const std::vector<DistributionCount>& counts);

}  // namespace poles::directories

#endif  // POLES_SERVICES_DIRECTORIES_DISTRIBUTION_H_
