#include "services/common/time_zone.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/time/civil_time.h"

namespace poles {
namespace {

TEST(TimeZoneTest, LoadsMontrealWithItsOffsets) {
  ASSERT_TRUE(LoadMontrealTimeZone().ok())
      << LoadMontrealTimeZone() << " (the tests need tzdata)";
  const absl::TimeZone& zone = MontrealTimeZone();
  EXPECT_EQ(zone.name(), "America/Montreal");
  const auto offset = [&](int y, int m, int d) {
    return zone
        .At(absl::FromCivil(absl::CivilDay(y, m, d), absl::UTCTimeZone()))
        .offset;
  };
  EXPECT_EQ(offset(2026, 1, 15), -5 * 3600);  // EST
  EXPECT_EQ(offset(2026, 7, 10), -4 * 3600);  // EDT
  EXPECT_EQ(&MontrealTimeZone(), &MontrealTimeZone());
}

TEST(TimeZoneTest, AMissingZoneIsAClearErrorNotAFallback) {
  const auto zone = LoadNamedTimeZone("America/Nowhere_Atlantis");
  ASSERT_FALSE(zone.ok());
  EXPECT_EQ(zone.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(zone.status().message()),
              ::testing::AllOf(::testing::HasSubstr("America/Nowhere_Atlantis"),
                               ::testing::HasSubstr("tzdata")));
}

TEST(TimeZoneDeathTest, MontrealTimeZoneAbortsWithoutTheDatabase) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");  // a fresh process
  EXPECT_DEATH(
      {
        setenv("TZDIR", "/nonexistent-zoneinfo", 1);
        MontrealTimeZone();
      },
      "America/Montreal.*tzdata");
}

}  // namespace
}  // namespace poles
