#include "services/common/errors.h"

#include <gtest/gtest.h>

#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"

namespace poles {
namespace {

TEST(ErrorsTest, FieldViolationsTravelAsStandardDetails) {
  absl::Status s = InvalidFields(
      {{"plan.title", "is required"}, {"page_size", "must not be negative"}});
  grpc::Status wire = ToGrpcStatus(s);
  EXPECT_EQ(wire.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  google::rpc::Status rpc;
  ASSERT_TRUE(rpc.ParseFromString(wire.error_details()));
  bool found = false;
  for (const auto& any : rpc.details()) {
    google::rpc::BadRequest bad;
    if (any.UnpackTo(&bad)) {
      found = true;
      ASSERT_EQ(bad.field_violations_size(), 2);
      EXPECT_EQ(bad.field_violations(0).field(), "plan.title");
    }
  }
  EXPECT_TRUE(found);
  absl::Status back = FromGrpcStatus(wire);
  EXPECT_EQ(FieldViolationsOf(back).size(), 2u);
  EXPECT_EQ(ReasonOf(back), "INVALID_FIELD");
}

TEST(ErrorsTest, ViolationsCollectAndKeepOtherErrors) {
  Violations v;
  EXPECT_TRUE(v.Status().ok());
  v.Merge(InvalidField("a", "bad"));
  v.Add("b", "bad too");
  EXPECT_EQ(FieldViolationsOf(v.Status()).size(), 2u);
  Violations w;
  w.Merge(absl::NotFoundError("x"));
  EXPECT_EQ(w.Status().code(), absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace poles
