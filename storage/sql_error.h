#ifndef POLES_STORAGE_SQL_ERROR_H_
#define POLES_STORAGE_SQL_ERROR_H_

#include <exception>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace poles::storage {

// Maps a PostgreSQL SQLSTATE to the status a client sees. The mapping is the
// one place database errors become API errors:
//   23505 unique violation        -> ALREADY_EXISTS
//   23503 foreign key violation   -> FAILED_PRECONDITION
//   23502/23514/22xxx data errors -> INVALID_ARGUMENT
//   40001/40P01 serialization     -> ABORTED
//   57014 statement timeout       -> DEADLINE_EXCEEDED
//   55P03 lock not available      -> ABORTED
//   08xxx, 57P01-57P03            -> UNAVAILABLE
//   42501 insufficient privilege  -> PERMISSION_DENIED
//   PFY01 fiscal year submitted   -> FAILED_PRECONDITION, ErrorInfo reason
//                                    FISCAL_YEAR_SUBMITTED (see below)
//   anything else                 -> INTERNAL
// The message never contains SQL or server text: `public_message` is used
// for client errors, a generic text otherwise.
absl::StatusCode StatusCodeForSqlState(absl::string_view sqlstate);

// The SQLSTATE the fiscal-year lock raises (migration 0010: a write of a row
// dated in a submitted year), with the primary message
// "fiscal year YYYY-YYYY is submitted".
inline constexpr char kFiscalYearSubmittedSqlState[] = "PFY01";

// The status of a write refused by the lock: FAILED_PRECONDITION naming the
// year, with a google.rpc.ErrorInfo (domain "poles.quebec", reason
// FISCAL_YEAR_SUBMITTED, metadata fiscal_year "2017-2018") as
// services/common/errors.h's WithReason attaches it. `message` is the
// server's message; only the year is taken from it ("" if it names none).
absl::Status FiscalYearSubmittedError(absl::string_view message);

// What is logged of a database error. The server's message is never logged:
// its DETAIL ("Key (email)=(...)", "Failing row contains (...)") and even its
// primary text ("invalid input syntax for type date: \"...\"") can carry a
// person's name or e-mail.
struct SqlErrorFields {
  std::string sqlstate;
  std::string constraint;  // integrity violations (SQLSTATE class 23) only
  std::string table;       // the same
  std::string statement;   // the prepared statement's name, when known
};

// Takes the constraint and table names out of the primary message (the
// first line) of an integrity violation, where PostgreSQL quotes them, and
// `query` as the statement when it is a statement name (libpqxx reports the
// name of a prepared statement, the SQL text of others: not kept).
SqlErrorFields DescribeSqlError(absl::string_view sqlstate,
                                absl::string_view message,
                                absl::string_view query);

// Converts an exception thrown by libpqxx (or anything else) into a status
// with a client-safe message. The error is logged (event "database_error":
// `context`, a statement or method name, and the SqlErrorFields), never
// returned.
absl::Status StatusFromException(const std::exception& e,
                                 absl::string_view context);

// The same for an error known by its code, SQLSTATE (may be empty) and the
// server's message (libpq results that did not go through libpqxx). Only
// the SqlErrorFields of `message` are logged, and its text only when it is
// a connection failure (UNAVAILABLE without SQLSTATE).
absl::Status StatusFromSqlState(absl::StatusCode code,
                                absl::string_view sqlstate,
                                absl::string_view message,
                                absl::string_view context);

// Logs an exception that escaped a handler (event "database_error" for a
// pqxx::sql_error, as above; otherwise "exception" with its text, except
// for pqxx::conversion_error, whose text quotes the value: its type only).
void LogException(const std::exception& e, absl::string_view context);

}  // namespace poles::storage

#endif  // POLES_STORAGE_SQL_ERROR_H_
