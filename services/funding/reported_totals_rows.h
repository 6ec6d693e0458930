#ifndef POLES_SERVICES_FUNDING_REPORTED_TOTALS_ROWS_H_
#define POLES_SERVICES_FUNDING_REPORTED_TOTALS_ROWS_H_

#include <string>
#include <vector>

#include <google/protobuf/repeated_field.h>
#include <pqxx/pqxx>

#include "poles/v1/funding.pb.h"

namespace poles::funding {

// A reported-total row of reported_totals_queries.h of `tenant`, by column
// name, with its findings (ReconcileBreakdowns) when recorded as published.
void ReportedTotalFromRow(const std::string& tenant, const pqxx::row& row,
                          v1::ReportedTotal* out);

// Breakdowns as stored (a JSON array of {dimension, label, items: [{key,
// label, value}]}), and back.
std::string BreakdownsToJson(
    const google::protobuf::RepeatedPtrField<v1::Breakdown>& b);
void BreakdownsFromJson(const char* json,
                        google::protobuf::RepeatedPtrField<v1::Breakdown>* out);

// The parameters of kReportedTotalInsert / kReportedTotalUpdate for a
// validated total, with as_published as given.
std::vector<std::string> ReportedTotalParams(const std::string& tenant,
                                             const std::string& id,
                                             const v1::ReportedTotal& t);

}  // namespace poles::funding

#endif  // POLES_SERVICES_FUNDING_REPORTED_TOTALS_ROWS_H_
