#include "services/common/metrics.h"

#include <httplib.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "services/common/metrics_endpoint.h"

namespace poles {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// prometheus-cpp writes the labels of a series in name order.
const char kItem[] =
    "grpc_method=\"GetPlanItem\",grpc_service=\"poles.v1.PlansService\"";

TEST(RpcMetricsTest, CountsByMethodAndCodeAndFillsTheHistogram) {
  prometheus::Registry registry;
  RpcMetrics m(registry);
  m.Record("PlansService/GetPlanItem", absl::StatusCode::kOk,
           std::chrono::microseconds(300));
  m.Record("PlansService/GetPlanItem", absl::StatusCode::kOk,
           std::chrono::milliseconds(3));
  m.Record("PlansService/GetPlanItem", absl::StatusCode::kNotFound,
           std::chrono::milliseconds(30));
  m.Record("EventsService/ListEvents", absl::StatusCode::kUnauthenticated,
           std::chrono::microseconds(100));
  const std::string text = RenderMetrics(registry);
  const std::string item = kItem;
  EXPECT_THAT(text, HasSubstr("# TYPE grpc_server_handled_total counter\n"));
  EXPECT_THAT(text,
              HasSubstr("# TYPE grpc_server_handling_seconds histogram\n"));
  EXPECT_THAT(text, HasSubstr("grpc_server_handled_total{grpc_code=\"OK\"," +
                              item + "} 2\n"));
  EXPECT_THAT(text,
              HasSubstr("grpc_server_handled_total{grpc_code=\"NOT_FOUND\"," +
                        item + "} 1\n"));
  EXPECT_THAT(text, Not(HasSubstr("grpc_code=\"INTERNAL\"")));
  EXPECT_THAT(text, HasSubstr("grpc_server_handled_total{grpc_code="
                              "\"UNAUTHENTICATED\",grpc_method=\"ListEvents\","
                              "grpc_service=\"poles.v1.EventsService\"} 1\n"));
  // Cumulative buckets: 0.3 ms, 3 ms and 30 ms.
  EXPECT_THAT(text, HasSubstr("grpc_server_handling_seconds_bucket{" + item +
                              ",le=\"0.0005\"} 1\n"));
  EXPECT_THAT(text, HasSubstr("grpc_server_handling_seconds_bucket{" + item +
                              ",le=\"0.005\"} 2\n"));
  EXPECT_THAT(text, HasSubstr("grpc_server_handling_seconds_bucket{" + item +
                              ",le=\"0.05\"} 3\n"));
  EXPECT_THAT(text, HasSubstr("grpc_server_handling_seconds_bucket{" + item +
                              ",le=\"+Inf\"} 3\n"));
  EXPECT_THAT(
      text, HasSubstr("grpc_server_handling_seconds_count{" + item + "} 3\n"));
  EXPECT_THAT(
      text, HasSubstr("grpc_server_handling_seconds_sum{" + item + "} 0.0333"));
}

TEST(RpcMetricsTest, AnUnknownCodeCountsAsUnknown) {
  prometheus::Registry registry;
  RpcMetrics m(registry);
  m.Record("PlansService/GetPlanItem", static_cast<absl::StatusCode>(42),
           std::chrono::milliseconds(1));
  EXPECT_THAT(RenderMetrics(registry),
              HasSubstr("grpc_server_handled_total{grpc_code=\"UNKNOWN\"," +
                        std::string(kItem) + "} 1\n"));
}

TEST(PoolMetricsTest, WaitsAndRefusalsWithoutLabels) {
  prometheus::Registry registry;
  PoolMetrics m(registry);
  storage::WorkerPoolObserver& observer = m;
  observer.Taken(std::chrono::microseconds(200));
  observer.Taken(std::chrono::milliseconds(20));
  observer.Throttled();
  const std::string text = RenderMetrics(registry);
  EXPECT_THAT(text, HasSubstr("# TYPE poles_db_pool_wait_seconds histogram\n"));
  EXPECT_THAT(
      text, HasSubstr("poles_db_pool_wait_seconds_bucket{le=\"0.0005\"} 1\n"));
  EXPECT_THAT(text,
              HasSubstr("poles_db_pool_wait_seconds_bucket{le=\"0.025\"} 2\n"));
  EXPECT_THAT(text, HasSubstr("poles_db_pool_wait_seconds_count 2\n"));
  EXPECT_THAT(text, HasSubstr("poles_db_pool_tenant_busy_total 1\n"));
  // The gauges exist before the first Sample.
  EXPECT_THAT(text, HasSubstr("poles_db_pool_size 0\n"));
  EXPECT_THAT(text, HasSubstr("poles_db_pool_busy 0\n"));
  EXPECT_THAT(text, HasSubstr("poles_db_queue_length 0\n"));
}

TEST(HttpMetricsTest, CountsByRouteAndStatus) {
  prometheus::Registry registry;
  HttpMetrics m(registry);
  const std::string bilan = "/api/v1/tenants/{tenant}/bilans/{fiscal_year}";
  m.Record(bilan, 200, std::chrono::milliseconds(2));
  m.Record(bilan, 200, std::chrono::milliseconds(4));
  m.Record(bilan, 404, std::chrono::milliseconds(1));
  const std::string text = RenderMetrics(registry);
  EXPECT_THAT(text,
              HasSubstr("http_server_requests_total{code=\"200\",route=\"" +
                        bilan + "\"} 2\n"));
  EXPECT_THAT(text,
              HasSubstr("http_server_requests_total{code=\"404\",route=\"" +
                        bilan + "\"} 1\n"));
  EXPECT_THAT(text, HasSubstr("http_server_handling_seconds_bucket{route=\"" +
                              bilan + "\",le=\"0.0025\"} 2\n"));
  EXPECT_THAT(text, HasSubstr("http_server_handling_seconds_count{route=\"" +
                              bilan + "\"} 3\n"));
}

TEST(MetricsEndpointTest, ServesTheRenderedTextOnGetMetricsOnly) {
  prometheus::Registry registry;
  RpcMetrics m(registry);
  m.Record("AdminService/GetTenant", absl::StatusCode::kOk,
           std::chrono::milliseconds(1));
  auto endpoint = MetricsEndpoint::Start(
      "127.0.0.1:0", [&registry] { return RenderMetrics(registry); });
  ASSERT_TRUE(endpoint.ok()) << endpoint.status();
  ASSERT_GT((*endpoint)->port(), 0);
  httplib::Client http("127.0.0.1", (*endpoint)->port());
  auto res = http.Get("/metrics");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->get_header_value("Content-Type"),
            "text/plain; version=0.0.4; charset=utf-8");
  EXPECT_THAT(res->body,
              HasSubstr("grpc_server_handled_total{grpc_code=\"OK\","
                        "grpc_method=\"GetTenant\",grpc_service=\"poles.v1."
                        "AdminService\"} 1\n"));
  EXPECT_EQ(http.Get("/")->status, 404);
  (*endpoint)->Stop();
  (*endpoint)->Stop();  // idempotent
  EXPECT_FALSE(http.Get("/metrics"));
}

TEST(MetricsEndpointTest, ValidatesTheListenFlag) {
  EXPECT_TRUE(ValidateMetricsListen("--metrics-listen", "").ok());
  EXPECT_TRUE(ValidateMetricsListen("--metrics-listen", "0.0.0.0:9464").ok());
  for (const char* bad : {"9464", ":9464", "host:", "host:x", "host:70000"}) {
    absl::Status s = ValidateMetricsListen("--metrics-listen", bad);
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << bad;
    EXPECT_THAT(std::string(s.message()), HasSubstr("--metrics-listen")) << bad;
  }
}

}  // namespace
}  // namespace poles
