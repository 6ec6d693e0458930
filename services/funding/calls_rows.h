#ifndef POLES_SERVICES_FUNDING_CALLS_ROWS_H_
#define POLES_SERVICES_FUNDING_CALLS_ROWS_H_

#include <string>
#include <vector>

#include <pqxx/pqxx>

#include "poles/v1/funding.pb.h"

namespace poles::funding {

// A call-for-projects row of calls_queries.h of `tenant`, by column name.
void CallFromRow(const std::string& tenant, const pqxx::row& row,
                 v1::CallForProjects* out);

// The parameters of kCallInsert / kCallUpdate for a validated call.
std::vector<std::string> CallParams(const std::string& tenant,
                                    const std::string& id,
                                    const v1::CallForProjects& c);

}  // namespace poles::funding

#endif  // POLES_SERVICES_FUNDING_CALLS_ROWS_H_
