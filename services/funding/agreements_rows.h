#ifndef POLES_SERVICES_FUNDING_AGREEMENTS_ROWS_H_
#define POLES_SERVICES_FUNDING_AGREEMENTS_ROWS_H_

#include <string>
#include <vector>

#include <pqxx/pqxx>

#include "poles/v1/funding.pb.h"

namespace poles::funding {

// An agreement row of agreements_queries.h (with its `years` as JSON) of
// `tenant`, read by column name; total_amount is the sum of the years'
// amounts.
void AgreementFromRow(const std::string& tenant, const pqxx::row& row,
                      v1::Agreement* out);

// The parameters of kAgreementInsert / kAgreementUpdate for a validated
// agreement (fiscal years as starting calendar years).
std::vector<std::string> AgreementParams(const std::string& tenant,
                                         const std::string& id,
                                         const v1::Agreement& a);

}  // namespace poles::funding

#endif  // POLES_SERVICES_FUNDING_AGREEMENTS_ROWS_H_
