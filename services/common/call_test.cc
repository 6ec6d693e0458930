#include "services/common/call.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "base/log_capture.h"

namespace poles {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::SizeIs;

constexpr char kKey[] =
    "pk_0123456789abcdef_"
    "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

Call EditorCall() {
  Call call;
  call.method = "DirectoriesService/CreatePerson";
  call.access = Access::kTenantWrite;
  call.principal.key_id = "0123456789abcdef";
  call.principal.role = v1::ROLE_EDITOR;
  call.principal.tenant = "pole-mauricie";
  call.request_id = "req-\"42\"";
  call.authorization = std::string("Bearer ") + kKey;
  return call;
}

TEST(LogFinishedRpc, WritesOneJsonLineWithTheCallsFieldsAndNoCredential) {
  logging::LogCapture capture;
  Call call = EditorCall();
  LogFinishedRpc(call, absl::StatusCode::kAlreadyExists,
                 std::chrono::microseconds(1500));
  auto lines = capture.Lines();
  ASSERT_THAT(lines, SizeIs(1));
  nlohmann::json line = nlohmann::json::parse(lines[0]);
  EXPECT_EQ(line["event"], "rpc");
  EXPECT_EQ(line["level"], "info");
  EXPECT_EQ(line["method"], "DirectoriesService/CreatePerson");
  EXPECT_EQ(line["code"], "ALREADY_EXISTS");
  EXPECT_DOUBLE_EQ(line["latency_ms"].get<double>(), 1.5);
  EXPECT_EQ(line["request_id"], "req-\"42\"");
  EXPECT_EQ(line["tenant"], "pole-mauricie");
  EXPECT_FALSE(line.contains("authorization"));
  EXPECT_THAT(lines[0], Not(HasSubstr(kKey)));
  EXPECT_THAT(lines[0], Not(HasSubstr("Bearer")));
  EXPECT_THAT(lines[0], Not(HasSubstr("00112233445566778899")));
  EXPECT_THAT(lines[0], Not(HasSubstr(call.principal.key_id)));
}

TEST(LogFinishedRpc, NamesTheResourcesTenantOverThePrincipals) {
  logging::LogCapture capture;
  Call call = EditorCall();
  call.principal = Principal{"fedcba9876543210", v1::ROLE_ADMIN, ""};
  (void)call.AuthorizeTenant("pole-estrie");
  call.request_id.clear();
  LogFinishedRpc(call, absl::StatusCode::kInternal,
                 std::chrono::milliseconds(2));
  auto lines = capture.Lines();
  ASSERT_THAT(lines, SizeIs(1));
  nlohmann::json line = nlohmann::json::parse(lines[0]);
  EXPECT_EQ(line["tenant"], "pole-estrie");
  EXPECT_EQ(line["level"], "error");
  EXPECT_FALSE(line.contains("request_id"));
}

TEST(LogFinishedRpc, OmitsTheTenantOfAPlatformCallWithoutResource) {
  logging::LogCapture capture;
  Call call = EditorCall();
  call.principal = Principal{"fedcba9876543210", v1::ROLE_ADMIN, ""};
  LogFinishedRpc(call, absl::StatusCode::kOk, std::chrono::milliseconds(1));
  auto lines = capture.Lines();
  ASSERT_THAT(lines, SizeIs(1));
  EXPECT_FALSE(nlohmann::json::parse(lines[0]).contains("tenant"));
}

}  // namespace
}  // namespace poles
