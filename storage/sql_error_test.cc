#include "storage/sql_error.h"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace poles::storage
