#ifndef POLES_SERVICES_FUNDING_AWARDS_ROWS_H_
#define POLES_SERVICES_FUNDING_AWARDS_ROWS_H_

#include <string>
#include <vector>

#include <pqxx/pqxx>

#include "poles/v1/funding.pb.h"

namespace poles::funding {

// An award row of awards_queries.h (kAwardGet, kAwardLock, kAwardList,
// kAwardExportRows) of `tenant`, read by column name.
void AwardFromRow(const std::string& tenant, const pqxx::row& row,
                  v1::Award* out);

// The parameters of kAwardInsert / kAwardUpdate for award `id` of `tenant`:
// `a` is validated, its recipient_snapshot final (read from the directory
// for an organisation), its references of `tenant`.
std::vector<std::string> AwardParams(const std::string& tenant,
                                     const std::string& id, const v1::Award& a);

}  // namespace poles::funding

#endif  // POLES_SERVICES_FUNDING_AWARDS_ROWS_H_
