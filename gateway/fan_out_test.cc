#include "gateway/fan_out.h"

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/common/metrics.h"
#include "services/common/summary_stub_mock.h"

namespace poles::gateway {
namespace {

using ::poles::testing::AnswerSummary;
using ::poles::testing::MockSummaryStub;
using ::testing::_;
using ::testing::AllOf;
using ::testing::Field;
using ::testing::HasSubstr;
using ::testing::Invoke;
using ::testing::Property;
using Clock = std::chrono::system_clock;

v1::IndicatorSummary Held(int64_t n) {
  v1::IndicatorSummary s;
  auto* v = s.add_values();
  v->set_indicator("events.held");
  v->set_value(n);
  v->set_provenance(v1::PROVENANCE_COMPUTED);
  return s;
}

std::vector<TenantInfo> Tenants(int n) {
  std::vector<TenantInfo> out;
  for (int i = 0; i < n; ++i) {
    out.push_back({"t" + std::to_string(i),
                   "Pôle " + std::to_string(i),
                   "17",
                   "Centre-du-Québec",
                   {}});
  }
  return out;
}

TEST(FanOutTest, OneCallPerTenantAndServiceWithTheGatewaysCredential) {
  MockSummaryStub stub;
  const auto deadline = Clock::now() + std::chrono::seconds(5);
  EXPECT_CALL(
      stub, AsyncSummarize(
                Field(&SummaryContext::deadline, deadline),
                AllOf(Field(&SummaryCallOptions::authorization, "Bearer svc"),
                      Field(&SummaryCallOptions::deadline, deadline)),
                "events",
                AllOf(Property(&v1::SummarizeRequest::fiscal_year, "2017-2018"),
                      Property(&v1::SummarizeRequest::dimensions_size, 1)),
                _))
      .Times(2)
      .WillRepeatedly(Invoke(AnswerSummary(Held(4))));
  EXPECT_CALL(stub, AsyncSummarize(
                        _, _, "directories",
                        Property(&v1::SummarizeRequest::dimensions_size, 0), _))
      .Times(2)
      .WillRepeatedly(Invoke(AnswerSummary(Held(1))));
  FanOutRequest request{Tenants(2),
                        {"events", "directories"},
                        "2017-2018",
                        {{"events", {"gender"}}}};
  auto got = FanOut(stub, request, {8, deadline, "Bearer svc"});
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].tenant.slug, "t0");
  EXPECT_EQ(got[1].tenant.slug, "t1");
  EXPECT_EQ(got[1].fiscal_year, "2017-2018");
  EXPECT_EQ(got[0].by_service.at("events").values(0).value(), 4);
  EXPECT_EQ(got[0].by_service.at("directories").values(0).value(), 1);
  EXPECT_TRUE(got[0].failed.empty());
}

TEST(FanOutTest, AFailingStubIsAFailureNotAZero) {
  MockSummaryStub stub;
  EXPECT_CALL(
      stub,
      AsyncSummarize(_, _, _,
                     Property(&v1::SummarizeRequest::parent, "tenants/t1"), _))
      .WillOnce(Invoke(AnswerSummary(absl::UnavailableError("down"))));
  EXPECT_CALL(
      stub,
      AsyncSummarize(_, _, _,
                     Property(&v1::SummarizeRequest::parent, "tenants/t0"), _))
      .WillOnce(Invoke(AnswerSummary(Held(2))));
  auto got = FanOut(stub, {Tenants(2), {"events"}, "2017-2018", {}},
                    {4, Clock::now() + std::chrono::seconds(5), "Bearer s"});
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].by_service.count("events"), 1u);
  EXPECT_EQ(got[1].by_service.count("events"), 0u);
  EXPECT_EQ(got[1].failed.at("events").code(), absl::StatusCode::kUnavailable);
}

TEST(FanOutTest, ASlowStubPastTheDeadlineIsDeadlineExceededByTheDeadline) {
  MockSummaryStub stub;
  std::vector<std::thread> late;
  std::mutex mu;
  EXPECT_CALL(
      stub,
      AsyncSummarize(_, _, _,
                     Property(&v1::SummarizeRequest::parent, "tenants/t1"), _))
      .WillOnce(Invoke([&](SummaryContext, const SummaryCallOptions&,
                           const std::string&, const v1::SummarizeRequest&,
                           SummaryCallback done) {
        std::lock_guard<std::mutex> lock(mu);
        late.emplace_back([done = std::move(done)] {
          std::this_thread::sleep_for(std::chrono::milliseconds(1500));
          done(Held(99));
        });
      }));
  EXPECT_CALL(
      stub,
      AsyncSummarize(_, _, _,
                     Property(&v1::SummarizeRequest::parent, "tenants/t0"), _))
      .WillOnce(Invoke(AnswerSummary(Held(2))));
  const auto start = Clock::now();
  auto got = FanOut(stub, {Tenants(2), {"events"}, "2017-2018", {}},
                    {4, start + std::chrono::milliseconds(300), "Bearer s"});
  const auto took = Clock::now() - start;
  EXPECT_LT(took, std::chrono::milliseconds(1000));
  EXPECT_GE(took, std::chrono::milliseconds(290));
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].by_service.at("events").values(0).value(), 2);
  EXPECT_EQ(got[1].failed.at("events").code(),
            absl::StatusCode::kDeadlineExceeded);
  EXPECT_EQ(got[1].by_service.count("events"), 0u);
  for (auto& t : late) t.join();  // the late answer is dropped safely
}

TEST(FanOutTest, NeverMoreThanMaxInFlightAtOnce) {
  MockSummaryStub stub;
  std::atomic<int> in_flight{0};
  std::atomic<int> most{0};
  std::atomic<int> calls{0};
  std::mutex mu;
  std::vector<std::thread> workers;
  EXPECT_CALL(stub, AsyncSummarize(_, _, _, _, _))
      .WillRepeatedly(Invoke(
          [&](SummaryContext, const SummaryCallOptions&, const std::string&,
              const v1::SummarizeRequest&, SummaryCallback done) {
            const int now = ++in_flight;
            ++calls;
            int seen = most.load();
            while (now > seen && !most.compare_exchange_weak(seen, now)) {
            }
            std::lock_guard<std::mutex> lock(mu);
            workers.emplace_back([&in_flight, done = std::move(done)] {
              std::this_thread::sleep_for(std::chrono::milliseconds(5));
              --in_flight;
              done(Held(1));
            });
          }));
  auto got =
      FanOut(stub, {Tenants(40), {"events", "directories"}, "2017-2018", {}},
             {3, Clock::now() + std::chrono::seconds(20), "Bearer s"});
  {
    std::lock_guard<std::mutex> lock(mu);
    for (auto& t : workers) t.join();
  }
  EXPECT_EQ(calls.load(), 80);
  EXPECT_EQ(most.load(), 3);
  ASSERT_EQ(got.size(), 40u);
  for (const auto& t : got) {
    EXPECT_EQ(t.by_service.size(), 2u);
    EXPECT_TRUE(t.failed.empty());
  }
}

TEST(FanOutTest, SynchronousAnswersDoNotRecurse) {
  MockSummaryStub stub;
  EXPECT_CALL(stub, AsyncSummarize(_, _, _, _, _))
      .WillRepeatedly(Invoke(AnswerSummary(Held(1))));
  auto got = FanOut(stub, {Tenants(5000), {"events"}, "2017-2018", {}},
                    {1, Clock::now() + std::chrono::seconds(20), "Bearer s"});
  ASSERT_EQ(got.size(), 5000u);
  EXPECT_EQ(got.back().by_service.count("events"), 1u);
}

TEST(FanOutTest, MetricsCountCallsInFlightAndUnreachableTenants) {
  prometheus::Registry registry;
  FanOutMetrics metrics(registry);
  MockSummaryStub stub;
  std::vector<std::thread> late;
  std::mutex mu;
  std::atomic<int> seen_in_flight{-1};
  // t0 answers; t1 fails twice (one tenant); t2 has no summaries for
  // "directories" (UNIMPLEMENTED, not unreachable); t3 answers events past
  // the deadline.
  EXPECT_CALL(stub, AsyncSummarize(_, _, _, _, _))
      .WillRepeatedly(
          Invoke([&](SummaryContext, const SummaryCallOptions&,
                     const std::string& service, const v1::SummarizeRequest& r,
                     SummaryCallback done) {
            if (r.parent() == "tenants/t1") {
              done(absl::UnavailableError("down"));
            } else if (r.parent() == "tenants/t2" && service == "directories") {
              done(absl::UnimplementedError("no summaries"));
            } else if (r.parent() == "tenants/t3" && service == "events") {
              // Started and not answered: in flight.
              seen_in_flight = static_cast<int>(
                  RenderMetrics(registry).find(
                      "poles_gateway_fan_out_calls_in_flight 1\n") !=
                  std::string::npos);
              std::lock_guard<std::mutex> lock(mu);
              late.emplace_back([done = std::move(done)] {
                std::this_thread::sleep_for(std::chrono::milliseconds(800));
                done(Held(1));
              });
            } else {
              done(Held(1));
            }
          }));
  auto got = FanOut(
      stub, {Tenants(4), {"events", "directories"}, "2017-2018", {}},
      {1, Clock::now() + std::chrono::milliseconds(300), "Bearer s", &metrics});
  ASSERT_EQ(got.size(), 4u);
  EXPECT_EQ(got[3].failed.at("events").code(),
            absl::StatusCode::kDeadlineExceeded);
  const std::string text = RenderMetrics(registry);
  EXPECT_EQ(seen_in_flight.load(), 1);
  // The late call no longer counts once FanOut gave up on it.
  EXPECT_THAT(text, HasSubstr("poles_gateway_fan_out_calls_in_flight 0\n"));
  EXPECT_THAT(text, HasSubstr("poles_gateway_fan_out_calls_count 1\n"));
  EXPECT_THAT(text, HasSubstr("poles_gateway_fan_out_calls_sum 8\n"));
  // t1 and t3 (t3's directories call was never started by the deadline).
  EXPECT_THAT(text,
              HasSubstr("poles_gateway_fan_out_unreachable_tenants_sum 2\n"));
  EXPECT_THAT(text, HasSubstr("poles_gateway_fan_out_unreachable_tenants_"
                              "bucket{le=\"1\"} 0\n"));
  EXPECT_THAT(text, HasSubstr("poles_gateway_fan_out_unreachable_tenants_"
                              "bucket{le=\"2\"} 1\n"));
  for (auto& t : late) t.join();
  // Its late answer leaves the gauge alone.
  EXPECT_THAT(RenderMetrics(registry),
              HasSubstr("poles_gateway_fan_out_calls_in_flight 0\n"));
}

}  // namespace
}  // namespace poles::gateway
