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
//   anything else                 -> INTERNAL
// The message never contains SQL or server text: `public_message` is used
// for client errors, a generic text otherwise.
absl::StatusCode StatusCodeForSqlState(absl::string_view sqlstate);

// Converts an exception thrown by libpqxx (or anything else) into a status
// with a client-safe message. Details are logged to stderr with `context`
// (a statement or method name), never returned.
absl::Status StatusFromException(const std::exception& e,
                                 absl::string_view context);

// The same for an error known by its code, SQLSTATE (may be empty) and the
// server's message (libpq results that did not go through libpqxx).
absl::Status StatusFromSqlState(absl::StatusCode code, absl::string_view sqlstate,
                                absl::string_view message,
                                absl::string_view context);

}  // namespace poles::storage

#endif  // POLES_STORAGE_SQL_ERROR_H_
