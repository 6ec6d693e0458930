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

}  // namespace
}  // namespace poles::storage
