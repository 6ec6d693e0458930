#ifndef POLES_SERVICES_FUNDING_PROGRAMS_ROWS_H_
#define POLES_SERVICES_FUNDING_PROGRAMS_ROWS_H_

#include <string>

#include <pqxx/pqxx>

#include "poles/v1/funding.pb.h"

namespace poles::funding {

// Rows of programs_queries.h, read by column name.

// A kFundersList row.
void FunderFromRow(const pqxx::row& row, v1::Funder* out);
// A kProgramsList row.
void CatalogueProgramFromRow(const pqxx::row& row, v1::Program* out);
// A kLocalProgramGet / Lock / List row of `tenant`.
void LocalProgramFromRow(const std::string& tenant, const pqxx::row& row,
                         v1::Program* out);

}  // namespace poles::funding

#endif  // POLES_SERVICES_FUNDING_PROGRAMS_ROWS_H_
