#include "services/common/request_limits.h"

#include <gtest/gtest.h>

#include "poles/v1/indicators.pb.h"
#include "poles/v1/plans.pb.h"
#include "services/common/errors.h"

namespace poles {
namespace {

TEST(RequestLimitsTest, DimensionsOfASummaryAreAtMostEight) {
  v1::SummarizeRequest r;
  for (int i = 0; i < 8; ++i) r.add_dimensions("mrc");
  EXPECT_TRUE(CheckRepeatedLimits(r).ok());
  r.add_dimensions("sector");
  absl::Status s = CheckRepeatedLimits(r);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  ASSERT_EQ(FieldViolationsOf(s).size(), 1u);
  EXPECT_EQ(FieldViolationsOf(s)[0].field, "dimensions");
}

TEST(RequestLimitsTest, NestedMapsAreCheckedAndNamedByPath) {
  v1::CreateIndicatorRequest r;
  for (int i = 0; i < 9; ++i) {
    (*r.mutable_indicator()->mutable_link_filter())[std::to_string(i)] = "x";
  }
  absl::Status s = CheckRepeatedLimits(r);
  ASSERT_EQ(FieldViolationsOf(s).size(), 1u);
  EXPECT_EQ(FieldViolationsOf(s)[0].field, "indicator.link_filter");
}

TEST(RequestLimitsTest, AnyOtherRepeatedFieldHasTheDefaultMaximum) {
  v1::CreatePlanItemRequest r;
  for (int i = 0; i < kDefaultMaxRepeated; ++i) r.mutable_item()->add_moyens();
  EXPECT_TRUE(CheckRepeatedLimits(r).ok());
  r.mutable_item()->add_moyens();
  EXPECT_EQ(FieldViolationsOf(CheckRepeatedLimits(r))[0].field, "item.moyens");
}

TEST(RequestLimitsTest, EveryNamedLimitNamesAField) {
  for (const RepeatedFieldLimit& limit : kRepeatedFieldLimits) {
    EXPECT_NE(
        google::protobuf::DescriptorPool::generated_pool()->FindFieldByName(
            limit.field),
        nullptr)
        << limit.field;
  }
}

}  // namespace
}  // namespace poles
