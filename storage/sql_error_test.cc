#include "storage/sql_error.h"

#include <gtest/gtest.h>

#include "google/rpc/error_details.pb.h"

namespace poles::storage {
namespace {

struct Case {
  const char* sqlstate;
  absl::StatusCode code;
};

// Every database error a client can provoke maps to one gRPC code.
TEST(SqlErrorTest, MapsEachSqlStateToItsCode) {
  const Case cases[] = {
      {"23505", absl::StatusCode::kAlreadyExists},
      {"23503", absl::StatusCode::kFailedPrecondition},
      {"23502", absl::StatusCode::kInvalidArgument},
      {"23514", absl::StatusCode::kInvalidArgument},
      {"22001", absl::StatusCode::kInvalidArgument},
      {"22P02", absl::StatusCode::kInvalidArgument},
      {"40001", absl::StatusCode::kAborted},
      {"40P01", absl::StatusCode::kAborted},
      {"55P03", absl::StatusCode::kAborted},
      {"57014", absl::StatusCode::kDeadlineExceeded},
      {"08000", absl::StatusCode::kUnavailable},
      {"08006", absl::StatusCode::kUnavailable},
      {"08001", absl::StatusCode::kUnavailable},
      {"57P01", absl::StatusCode::kUnavailable},
      {"53300", absl::StatusCode::kUnavailable},
      {"42501", absl::StatusCode::kPermissionDenied},
      {"PFY01", absl::StatusCode::kFailedPrecondition},
      {"42P01", absl::StatusCode::kInternal},
      {"XX000", absl::StatusCode::kInternal},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(StatusCodeForSqlState(c.sqlstate), c.code) << c.sqlstate;
  }
}

TEST(SqlErrorTest, DescribesAViolationByItsNamesNotItsValues) {
  auto f = DescribeSqlError(
      "23514",
      "ERROR:  new row for relation \"people\" violates check constraint "
      "\"people_check\"\nDETAIL:  Failing row contains (t, p1, Zo\xc3\xa9, "
      "zoe@example.org).\n",
      "directories_person_insert");
  EXPECT_EQ(f.sqlstate, "23514");
  EXPECT_EQ(f.constraint, "people_check");
  EXPECT_EQ(f.table, "people");
  EXPECT_EQ(f.statement, "directories_person_insert");

  f = DescribeSqlError(
      "23503",
      "ERROR:  insert or update on table \"dossiers\" violates foreign key "
      "constraint \"dossiers_sector_id_fkey\"\nDETAIL:  Key (sector_id)=(x) "
      "is not present in table \"sectors\".",
      "INSERT INTO poles.dossiers VALUES ('x')");
  EXPECT_EQ(f.constraint, "dossiers_sector_id_fkey");
  EXPECT_EQ(f.table, "dossiers");
  EXPECT_EQ(f.statement, "") << "SQL text is not a statement name";

  f = DescribeSqlError(
      "22007", "ERROR:  invalid input syntax for type date: \"zoe\"", "q");
  EXPECT_EQ(f.constraint, "");
  EXPECT_EQ(f.table, "");
}

// The fiscal-year lock's refusal names the year, in the message and in an
// ErrorInfo, and nothing else of the server's text.
TEST(SqlErrorTest, ASubmittedYearIsFailedPreconditionNamingTheYear) {
  absl::Status s = FiscalYearSubmittedError(
      "ERROR:  fiscal year 2017-2018 is submitted\nHINT:  the Chantier or "
      "the platform admin can unlock it\nCONTEXT:  PL/pgSQL function "
      "poles.check_fiscal_years_open(text,integer,integer)\n");
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(s.message().find("2017-2018"), absl::string_view::npos);
  EXPECT_EQ(s.message().find("PL/pgSQL"), absl::string_view::npos);
  auto payload = s.GetPayload("type.googleapis.com/google.rpc.ErrorInfo");
  ASSERT_TRUE(payload.has_value());
  google::rpc::ErrorInfo info;
  ASSERT_TRUE(info.ParseFromString(std::string(*payload)));
  EXPECT_EQ(info.reason(), "FISCAL_YEAR_SUBMITTED");
  EXPECT_EQ(info.domain(), "poles.quebec");
  EXPECT_EQ(info.metadata().at("fiscal_year"), "2017-2018");

  // A message that does not name a year well-formed: the reason stays, no
  // text is copied.
  s = FiscalYearSubmittedError("ERROR:  fiscal year 20x7-2018 Zo\xc3\xa9");
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(s.message().find("20x7"), absl::string_view::npos);
  EXPECT_EQ(s.message().find("Zo"), absl::string_view::npos);

  EXPECT_EQ(DescribeSqlError("PFY01", "ERROR:  fiscal year 2017-2018", "q")
                .constraint,
            "fiscal_year_submitted");
  EXPECT_EQ(
      StatusFromSqlState(absl::StatusCode::kFailedPrecondition, "PFY01",
                         "ERROR:  fiscal year 2019-2020 is submitted", "test")
          .message()
          .find("2019-2020"),
      0u + std::string("fiscal year ").size());
}

}  // namespace
}  // namespace poles::storage
