#include "storage/sql_error.h"

#include <cstdio>

#include <pqxx/pqxx>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace poles::storage {

absl::StatusCode StatusCodeForSqlState(absl::string_view s) {
  if (s == "23505") return absl::StatusCode::kAlreadyExists;
  if (s == "23503") return absl::StatusCode::kFailedPrecondition;
  if (s == "23502" || s == "23514" || s == "23P01") {
    return absl::StatusCode::kInvalidArgument;
  }
  if (absl::StartsWith(s, "22")) return absl::StatusCode::kInvalidArgument;
  if (s == "40001" || s == "40P01" || s == "55P03") {
    return absl::StatusCode::kAborted;
  }
  if (s == "57014") return absl::StatusCode::kDeadlineExceeded;
  if (absl::StartsWith(s, "08") || s == "57P01" || s == "57P02" ||
      s == "57P03" || s == "53300") {
    return absl::StatusCode::kUnavailable;
  }
  if (s == "42501") return absl::StatusCode::kPermissionDenied;
  return absl::StatusCode::kInternal;
}

namespace {

const char* PublicMessage(absl::StatusCode code) {
  switch (code) {
    case absl::StatusCode::kAlreadyExists:
      return "the resource already exists";
    case absl::StatusCode::kFailedPrecondition:
      return "a referenced resource does not exist or is still referenced";
    case absl::StatusCode::kInvalidArgument:
      return "a value is out of range or malformed";
    case absl::StatusCode::kAborted:
      return "concurrent modification; retry the request";
    case absl::StatusCode::kDeadlineExceeded:
      return "the database did not answer before the deadline";
    case absl::StatusCode::kUnavailable:
      return "the database is unavailable; retry later";
    case absl::StatusCode::kPermissionDenied:
      return "permission denied";
    default:
      return "internal error";
  }
}

}  // namespace

absl::Status StatusFromSqlState(absl::StatusCode code, absl::string_view sqlstate,
                                absl::string_view message,
                                absl::string_view context) {
  std::fprintf(stderr, "poles: database error in %.*s (sqlstate %.*s): %.*s\n",
               static_cast<int>(context.size()), context.data(),
               sqlstate.empty() ? 1 : static_cast<int>(sqlstate.size()),
               sqlstate.empty() ? "-" : sqlstate.data(),
               static_cast<int>(message.size()), message.data());
  return absl::Status(code, PublicMessage(code));
}

absl::Status StatusFromException(const std::exception& e,
                                 absl::string_view context) {
  absl::StatusCode code = absl::StatusCode::kInternal;
  std::string sqlstate;
  if (const auto* sql = dynamic_cast<const pqxx::sql_error*>(&e)) {
    sqlstate = sql->sqlstate();
    code = StatusCodeForSqlState(sqlstate);
  } else if (dynamic_cast<const pqxx::broken_connection*>(&e) != nullptr) {
    code = absl::StatusCode::kUnavailable;
  } else if (dynamic_cast<const pqxx::in_doubt_error*>(&e) != nullptr) {
    code = absl::StatusCode::kUnavailable;
  }
  return StatusFromSqlState(code, sqlstate, e.what(), context);
}

}  // namespace poles::storage
