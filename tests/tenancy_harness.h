#ifndef POLES_TESTS_TENANCY_HARNESS_H_
#define POLES_TESTS_TENANCY_HARNESS_H_

// The checks every service's two-tenant matrix makes, over a table of its
// RPCs: each entry calls one method with a key, mapping tenant A's resource
// names through `names` (identity: B names A's resources; AsB: B looks for
// A's ids under its own tenant).

#include <functional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <google/protobuf/descriptor.h>

#include "tests/test_env.h"

namespace poles::testing {

using Names = std::function<std::string(const std::string&)>;

template <typename Stub>
using TenancyRpc = std::function<grpc::Status(Stub&, const std::string& key,
                                              const Names& names)>;

template <typename Stub>
using TenancyRpcs = std::vector<std::pair<std::string, TenancyRpc<Stub>>>;

inline std::string SameName(const std::string& name) { return name; }

// Every method of `service` is in `rpcs` or in `exempt`.
template <typename Stub>
void ExpectEveryMethodCovered(const std::string& service,
                              const TenancyRpcs<Stub>& rpcs,
                              std::set<std::string> exempt = {}) {
  const auto* desc =
      google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(
          service);
  ASSERT_NE(desc, nullptr) << service;
  for (const auto& [name, rpc] : rpcs) exempt.insert(name);
  for (int i = 0; i < desc->method_count(); ++i) {
    EXPECT_TRUE(exempt.count(desc->method(i)->name()))
        << desc->method(i)->name();
  }
}

// Every rpc, called with each of `keys` on A's own names, is
// PERMISSION_DENIED, and its message never echoes `secret` (A's text).
template <typename Stub>
void ExpectDeniedByName(Stub& stub, const TenancyRpcs<Stub>& rpcs,
                        const std::vector<std::string>& keys,
                        const std::string& secret,
                        const std::set<std::string>& skip = {}) {
  for (const auto& [name, rpc] : rpcs) {
    if (skip.count(name)) continue;
    for (const std::string& key : keys) {
      grpc::Status s = rpc(stub, key, SameName);
      EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED)
          << name << ": " << s.error_message();
      EXPECT_EQ(s.error_message().find(secret), std::string::npos) << name;
    }
  }
}

}  // namespace poles::testing

#endif  // POLES_TESTS_TENANCY_HARNESS_H_
