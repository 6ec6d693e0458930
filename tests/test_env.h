#ifndef POLES_TESTS_TEST_ENV_H_
#define POLES_TESTS_TEST_ENV_H_

#include <memory>
#include <string>

#include <gmock/gmock.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include "absl/status/status.h"
#include "poles/v1/admin.grpc.pb.h"
#include "poles/v1/directories.grpc.pb.h"
#include "poles/v1/events.grpc.pb.h"
#include "poles/v1/funding.grpc.pb.h"
#include "poles/v1/plans.grpc.pb.h"
#include "server/poles_server.h"
#include "services/common/errors.h"

namespace poles::testing {

// The shared fixture of every database test: a throwaway PostgreSQL 15
// cluster (started once per test binary, as an unprivileged user when run as
// root), migrated, and an in-process poles-server on 127.0.0.1:0 hosting all
// services. Tests create their own tenants, so they never depend on order.
class PlatformEnvironment : public ::testing::Environment {
 public:
  void SetUp() override;
  void TearDown() override;
};

// Connection strings of the running cluster: the owner, the tenant
// services' role (poles_app), the admin service's role (poles_admin).
const std::string& OwnerUrl();
const std::string& AppUrl();
const std::string& AdminUrl();
const std::string& SuperuserUrl();

// The in-process server's channel.
std::shared_ptr<grpc::Channel> Channel();
std::unique_ptr<v1::AdminService::Stub> Admin();
std::unique_ptr<v1::PlansService::Stub> Plans();
std::unique_ptr<v1::EventsService::Stub> Events();
std::unique_ptr<v1::DirectoriesService::Stub> Directories();
std::unique_ptr<v1::FundingService::Stub> Funding();

// The options of the shared in-process server: all services, on the test
// cluster, with the auth cache off (auth_cache_ttl 0: a revocation is seen
// at once). A test may change them and start its own server.
ServerOptions TestServerOptions();

// Another in-process server on the same cluster (like a second replica),
// stopped when this is destroyed.
struct TestServer {
  std::unique_ptr<PolesServer> server;
  std::shared_ptr<grpc::Channel> channel;
};
TestServer StartTestServer(const ServerOptions& options);

// The platform admin key.
const std::string& AdminKey();
// The in-process server's Prometheus endpoint (HTTP, 127.0.0.1).
int MetricsPort();

// A platform key with the service role (the national gateway's credential).
const std::string& ServiceKey();
// A fresh platform key of `role` ("national", "funding", "service", ...).
std::string PlatformKey(const std::string& role);

// A fresh tenant with an editor and a viewer key.
struct TestTenant {
  std::string slug;
  std::string editor_key;
  std::string viewer_key;
  std::string parent() const { return "tenants/" + slug; }
};
// Its territory is `mrcs` (ids without "mrcs/"), Bécancour by default.
TestTenant NewTenant(const std::string& prefix = "t",
                     const std::vector<std::string>& mrcs = {"becancour"});

// A client context with `key` (none if empty) and a 30 s deadline.
std::unique_ptr<grpc::ClientContext> Ctx(const std::string& key);

// grpc::Status -> absl::Status with details, for the matchers below.
inline absl::Status S(const grpc::Status& s) { return FromGrpcStatus(s); }

MATCHER(IsOk, "") {
  if (arg.ok()) return true;
  *result_listener << "status is " << arg.ToString();
  return false;
}

MATCHER_P(StatusIs, code, "") {
  if (arg.code() == code) return true;
  *result_listener << "status is " << arg.ToString();
  return false;
}

// INVALID_ARGUMENT whose BadRequest names `field`.
MATCHER_P(InvalidFieldIs, field, "") {
  if (arg.code() != absl::StatusCode::kInvalidArgument) {
    *result_listener << "status is " << arg.ToString();
    return false;
  }
  for (const auto& v : FieldViolationsOf(arg)) {
    if (v.field == field) return true;
  }
  *result_listener << "violations do not name " << field << ": "
                   << arg.ToString();
  return false;
}

}  // namespace poles::testing

#endif  // POLES_TESTS_TEST_ENV_H_
