#include "storage/sql_error.h"

#include <algorithm>

#include <pqxx/pqxx>

#include "absl/strings/ascii.h"
#include "absl/strings/cord.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "base/logging.h"
#include "google/rpc/error_details.pb.h"

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
  if (s == kFiscalYearSubmittedSqlState) {
    return absl::StatusCode::kFailedPrecondition;
  }
  return absl::StatusCode::kInternal;
}

absl::Status FiscalYearSubmittedError(absl::string_view message) {
  // "... fiscal year 2017-2018 is submitted": the year only, checked digit
  // by digit, never the rest of the server's text.
  std::string year;
  constexpr absl::string_view kMarker = "fiscal year ";
  size_t at = message.find(kMarker);
  if (at != absl::string_view::npos) {
    absl::string_view rest = message.substr(at + kMarker.size());
    bool well_formed = rest.size() >= 9 && rest[4] == '-';
    for (size_t i = 0; well_formed && i < 9; ++i) {
      if (i != 4 && !absl::ascii_isdigit(static_cast<unsigned char>(rest[i])))
        well_formed = false;
    }
    if (well_formed) year = std::string(rest.substr(0, 9));
  }
  absl::Status status = absl::FailedPreconditionError(absl::StrCat(
      "fiscal year ", year.empty() ? "of this write" : year,
      " is submitted: writes dated in it are refused until the Chantier or "
      "the platform admin unlocks it"));
  google::rpc::ErrorInfo info;
  info.set_reason("FISCAL_YEAR_SUBMITTED");
  info.set_domain("poles.quebec");
  if (!year.empty()) (*info.mutable_metadata())["fiscal_year"] = year;
  status.SetPayload("type.googleapis.com/google.rpc.ErrorInfo",
                    absl::Cord(info.SerializeAsString()));
  return status;
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

// The name quoted after `marker` in `line` (`constraint "people_pkey"`);
// empty if none. PostgreSQL quotes identifiers this way in the primary
// message of integrity violations; NAMEDATALEN bounds them.
std::string QuotedNameAfter(absl::string_view line, absl::string_view marker) {
  size_t at = line.find(marker);
  if (at == absl::string_view::npos) return "";
  absl::string_view rest = line.substr(at + marker.size());
  size_t end = rest.find('"');
  if (end == absl::string_view::npos || end > 63) return "";
  return std::string(rest.substr(0, end));
}

// A statement name as libpqxx reports it for a prepared statement (the SQL
// text of an unnamed one may hold literal values: not reported).
std::string StatementName(absl::string_view query) {
  if (query.empty() || query.size() > 63) return "";
  for (char c : query) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '_')
      return "";
  }
  return std::string(query);
}

}  // namespace

SqlErrorFields DescribeSqlError(absl::string_view sqlstate,
                                absl::string_view message,
                                absl::string_view query) {
  SqlErrorFields f;
  f.sqlstate = std::string(sqlstate);
  f.statement = StatementName(query);
  if (absl::StartsWith(sqlstate, "23")) {
    absl::string_view primary = message.substr(0, message.find('\n'));
    f.constraint = QuotedNameAfter(primary, "constraint \"");
    f.table = QuotedNameAfter(primary, "relation \"");
    if (f.table.empty()) f.table = QuotedNameAfter(primary, "table \"");
  } else if (sqlstate == kFiscalYearSubmittedSqlState) {
    f.constraint = "fiscal_year_submitted";
  }
  return f;
}

namespace {

void LogSqlError(absl::StatusCode code, const SqlErrorFields& f,
                 absl::string_view connection_error,
                 absl::string_view context) {
  const auto level = code == absl::StatusCode::kInternal ? spdlog::level::err
                                                         : spdlog::level::warn;
  if (!logging::Enabled(level)) return;
  nlohmann::ordered_json fields = {
      {"context", std::string(context)},
      {"code", absl::StatusCodeToString(code)},
      {"sqlstate", f.sqlstate.empty() ? "-" : f.sqlstate},
  };
  if (!f.constraint.empty()) fields["constraint"] = f.constraint;
  if (!f.table.empty()) fields["table"] = f.table;
  if (!f.statement.empty()) fields["statement"] = f.statement;
  if (!connection_error.empty()) {
    fields["connection_error"] =
        std::string(absl::StripAsciiWhitespace(connection_error));
  }
  logging::Log(level, "database_error", fields);
}

// The connection-level text is logged only for an error without SQLSTATE
// that is a lost or refused connection: libpq's text then describes the
// connection, not a row.
absl::string_view ConnectionText(absl::StatusCode code,
                                 absl::string_view sqlstate,
                                 absl::string_view message) {
  if (!sqlstate.empty() || code != absl::StatusCode::kUnavailable) return "";
  return message.substr(0, std::min<size_t>(message.size(), 300));
}

}  // namespace

absl::Status StatusFromSqlState(absl::StatusCode code,
                                absl::string_view sqlstate,
                                absl::string_view message,
                                absl::string_view context) {
  LogSqlError(code, DescribeSqlError(sqlstate, message, ""),
              ConnectionText(code, sqlstate, message), context);
  if (sqlstate == kFiscalYearSubmittedSqlState) {
    return FiscalYearSubmittedError(message);
  }
  return absl::Status(code, PublicMessage(code));
}

absl::Status StatusFromException(const std::exception& e,
                                 absl::string_view context) {
  absl::StatusCode code = absl::StatusCode::kInternal;
  if (const auto* sql = dynamic_cast<const pqxx::sql_error*>(&e)) {
    code = StatusCodeForSqlState(sql->sqlstate());
    LogSqlError(code,
                DescribeSqlError(sql->sqlstate(), sql->what(), sql->query()),
                "", context);
    if (sql->sqlstate() == kFiscalYearSubmittedSqlState) {
      return FiscalYearSubmittedError(sql->what());
    }
    return absl::Status(code, PublicMessage(code));
  }
  if (dynamic_cast<const pqxx::broken_connection*>(&e) != nullptr ||
      dynamic_cast<const pqxx::in_doubt_error*>(&e) != nullptr) {
    code = absl::StatusCode::kUnavailable;
  }
  LogException(e, context);
  return absl::Status(code, PublicMessage(code));
}

void LogException(const std::exception& e, absl::string_view context) {
  if (const auto* sql = dynamic_cast<const pqxx::sql_error*>(&e)) {
    LogSqlError(absl::StatusCode::kInternal,
                DescribeSqlError(sql->sqlstate(), sql->what(), sql->query()),
                "", context);
    return;
  }
  nlohmann::ordered_json fields = {{"context", std::string(context)}};
  if (dynamic_cast<const pqxx::conversion_error*>(&e) != nullptr) {
    // Its text quotes the value that failed to convert.
    fields["exception"] = "pqxx::conversion_error";
  } else {
    fields["exception"] = e.what();
  }
  logging::Log(spdlog::level::err, "exception", fields);
}

}  // namespace poles::storage
