#include "services/common/errors.h"

#include <gtest/gtest.h>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "services/common/request_limits.h"

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

// The bytes the status takes in gRPC's trailers: the message, percent-
// encoded (3 bytes for each non-ASCII one), and the details, in base64.
size_t TrailerBytes(const grpc::Status& wire) {
  size_t message = 0;
  for (unsigned char ch : wire.error_message()) message += ch < 0x80 ? 1 : 3;
  return message + absl::Base64Escape(wire.error_details()).size();
}

TEST(ErrorsTest, ManyViolationsAreCutToFitTheTrailersAndCounted) {
  std::vector<FieldViolation> many;
  for (int i = 0; i < 100; ++i) {
    many.push_back({absl::StrCat("dimensions[", i, "]"),
                    "n'est pas une dimension de l'indicateur « événements "
                    "tenus » (connues : event_kind, plan_item, mrc, sector)"});
  }
  absl::Status s = InvalidFields(many);
  const auto listed = FieldViolationsOf(s);
  EXPECT_LE(listed.size(), static_cast<size_t>(kMaxFieldViolations));
  EXPECT_GT(listed.size(), 0u);
  EXPECT_EQ(listed[0].field, "dimensions[0]");
  EXPECT_TRUE(absl::EndsWith(
      s.message(), absl::StrCat("(and ", 100 - listed.size(), " more)")))
      << s.message();
  EXPECT_LT(TrailerBytes(ToGrpcStatus(s)), 7000u);
}

TEST(ErrorsTest, HugeDescriptionsAreCutOnACharacter) {
  std::string accents;
  for (int i = 0; i < 10000; ++i) accents += "é";
  absl::Status s =
      InvalidFields({{"title", accents}, {"notes", std::string(20000, 'x')}});
  const auto listed = FieldViolationsOf(s);
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].description.size() % 2, 0u);  // whole "é"s only
  EXPECT_LT(TrailerBytes(ToGrpcStatus(s)), 7000u);
  EXPECT_LE(s.message().size(), kMaxErrorMessageBytes + 20);
}

}  // namespace
}  // namespace poles
