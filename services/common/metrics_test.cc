#include "services/common/metrics.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace poles {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(RpcMetricsTest, CountsByMethodAndCodeAndFillsTheHistogram) {
  RpcMetrics m;
  m.Record("PlansService/GetPlanItem", absl::StatusCode::kOk,
           std::chrono::microseconds(300));
  m.Record("PlansService/GetPlanItem", absl::StatusCode::kOk,
           std::chrono::milliseconds(3));
  m.Record("PlansService/GetPlanItem", absl::StatusCode::kNotFound,
           std::chrono::milliseconds(30));
  m.Record("EventsService/ListEvents", absl::StatusCode::kUnauthenticated,
           std::chrono::microseconds(100));
  const std::string text = m.Render("extra_gauge 1\n");
  const std::string item =
      "grpc_service=\"poles.v1.PlansService\",grpc_method=\"GetPlanItem\"";
  EXPECT_THAT(text, HasSubstr("grpc_server_handled_total{" + item +
                              ",grpc_code=\"OK\"} 2\n"));
  EXPECT_THAT(text, HasSubstr("grpc_server_handled_total{" + item +
                              ",grpc_code=\"NOT_FOUND\"} 1\n"));
  EXPECT_THAT(text, Not(HasSubstr(item + ",grpc_code=\"INTERNAL\"")));
  EXPECT_THAT(text,
              HasSubstr("grpc_server_handled_total{grpc_service=\"poles.v1."
                        "EventsService\",grpc_method=\"ListEvents\",grpc_code="
                        "\"UNAUTHENTICATED\"} 1\n"));
  // Cumulative buckets: 0.3 ms, 3 ms and 30 ms.
  EXPECT_THAT(text, HasSubstr("grpc_server_handling_seconds_bucket{" + item +
                              ",le=\"0.0005\"} 1\n"));
  EXPECT_THAT(text, HasSubstr("grpc_server_handling_seconds_bucket{" + item +
                              ",le=\"0.005\"} 2\n"));
  EXPECT_THAT(text, HasSubstr("grpc_server_handling_seconds_bucket{" + item +
                              ",le=\"0.05\"} 3\n"));
  EXPECT_THAT(
      text, HasSubstr("grpc_server_handling_seconds_count{" + item + "} 3\n"));
  EXPECT_THAT(text, HasSubstr("extra_gauge 1\n"));
}

}  // namespace
}  // namespace poles
