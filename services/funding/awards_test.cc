#include "services/funding/awards.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "services/common/errors.h"

namespace poles::funding {
namespace {

using ::testing::_;
using ::testing::Return;

class MockDirectoryStub : public DirectoryStub {
 public:
  MOCK_METHOD(absl::StatusOr<v1::Organisation>, GetOrganisation,
              (const std::string& authorization, const std::string& name,
               std::chrono::system_clock::time_point deadline),
              (override));
};

const auto kDeadline = std::chrono::system_clock::time_point::max();
const char kName[] = "tenants/centre-du-quebec/organisations/cc-st-pierre";

TEST(ReadRecipient, TakesTheSnapshotFromTheDirectoryWithTheCallersCredential) {
  MockDirectoryStub directory;
  v1::Organisation org;
  org.set_name(kName);
  org.set_display_name("Centre communautaire St-Pierre");
  org.set_mrc("mrcs/drummond");
  org.set_sector("sectors/loisir-et-sport");
  org.set_legal_form(v1::Organisation::OBNL);
  org.set_neq("1160000001");
  EXPECT_CALL(directory, GetOrganisation("Bearer k", kName, _))
      .WillOnce(Return(org));
  auto s = ReadRecipient(directory, "Bearer k", "award.organisation", kName,
                         kDeadline);
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->display_name(), "Centre communautaire St-Pierre");
  EXPECT_EQ(s->mrc(), "mrcs/drummond");
  EXPECT_EQ(s->sector(), "sectors/loisir-et-sport");
  EXPECT_EQ(s->legal_form(), v1::Organisation::OBNL);
  EXPECT_EQ(s->neq(), "1160000001");
}

TEST(ReadRecipient, AnOrganisationTheCallerCannotReadIsABadField) {
  MockDirectoryStub directory;
  EXPECT_CALL(directory, GetOrganisation(_, _, _))
      .WillOnce(Return(absl::NotFoundError("no")))
      .WillOnce(Return(absl::PermissionDeniedError("no")));
  for (int i = 0; i < 2; ++i) {
    auto s = ReadRecipient(directory, "Bearer k", "lines[3].organisation",
                           kName, kDeadline);
    EXPECT_EQ(s.status().code(), absl::StatusCode::kInvalidArgument);
    auto violations = FieldViolationsOf(s.status());
    ASSERT_EQ(violations.size(), 1u);
    EXPECT_EQ(violations[0].field, "lines[3].organisation");
  }
}

TEST(ReadRecipient, AnUnreachableDirectoryIsNotTheClientsFault) {
  MockDirectoryStub directory;
  EXPECT_CALL(directory, GetOrganisation(_, _, _))
      .WillOnce(Return(absl::UnavailableError("down")))
      .WillOnce(Return(absl::DeadlineExceededError("late")));
  EXPECT_EQ(ReadRecipient(directory, "", "f", kName, kDeadline).status().code(),
            absl::StatusCode::kUnavailable);
  EXPECT_EQ(ReadRecipient(directory, "", "f", kName, kDeadline).status().code(),
            absl::StatusCode::kDeadlineExceeded);
}

}  // namespace
}  // namespace poles::funding
