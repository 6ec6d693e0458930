#include "services/common/summary_stub.h"

#include <chrono>
#include <memory>
#include <string>

#include <grpcpp/grpcpp.h>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "poles/v1/events.grpc.pb.h"
#include "services/common/summary_stub_decorators.h"
#include "services/common/summary_stub_grpc.h"
#include "services/common/summary_stub_mock.h"

namespace poles {
namespace {

using ::poles::testing::AnswerSummary;
using ::poles::testing::MockSummaryStub;
using ::testing::_;
using ::testing::Eq;
using ::testing::Field;
using ::testing::Invoke;
using ::testing::IsEmpty;
using ::testing::Pair;
using ::testing::Property;
using ::testing::UnorderedElementsAre;
using Clock = std::chrono::system_clock;

v1::SummarizeRequest Request() {
  v1::SummarizeRequest r;
  r.set_parent("tenants/centre-du-quebec");
  r.set_fiscal_year("2017-2018");
  r.add_dimensions("event_kind");
  return r;
}

v1::IndicatorSummary Held(int64_t n) {
  v1::IndicatorSummary s;
  auto* v = s.add_values();
  v->set_indicator("events.held");
  v->set_value(n);
  return s;
}

TEST(SummaryCallerMetadataTest, SetsTheCallersDeadlineAndCredential) {
  auto mock = std::make_shared<MockSummaryStub>();
  const auto deadline = Clock::now() + std::chrono::seconds(3);
  EXPECT_CALL(
      *mock,
      AsyncSummarize(
          AllOf(Field(&SummaryContext::deadline, Eq(deadline)),
                Field(&SummaryContext::metadata,
                      UnorderedElementsAre(Pair("authorization", "Bearer k")))),
          _, "events",
          Property(&v1::SummarizeRequest::fiscal_year, "2017-2018"), _))
      .WillOnce(Invoke(AnswerSummary(Held(3))));
  SummaryCallerMetadata stub(mock);
  auto s = stub.Summarize({deadline, "Bearer k"}, "events", Request());
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->values(0).value(), 3);
}

TEST(SummaryCallerMetadataTest,
     KeepsAnEarlierDeadlineAndSendsNoEmptyCredential) {
  auto mock = std::make_shared<MockSummaryStub>();
  const auto earlier = Clock::now() + std::chrono::seconds(1);
  EXPECT_CALL(
      *mock, AsyncSummarize(AllOf(Field(&SummaryContext::deadline, Eq(earlier)),
                                  Field(&SummaryContext::metadata, IsEmpty())),
                            _, "directories", _, _))
      .WillOnce(Invoke(AnswerSummary(Held(1))));
  SummaryCallerMetadata stub(mock);
  SummaryContext context;
  context.deadline = earlier;
  stub.AsyncSummarize(
      context, {earlier + std::chrono::seconds(5), ""}, "directories",
      Request(),
      [](absl::StatusOr<v1::IndicatorSummary> s) { EXPECT_TRUE(s.ok()); });
}

TEST(SummaryStubTest, BlockingSummarizeReturnsTheError) {
  MockSummaryStub mock;
  EXPECT_CALL(mock, AsyncSummarize(_, _, "events", _, _))
      .WillOnce(Invoke(AnswerSummary(absl::PermissionDeniedError("no"))));
  auto s = mock.Summarize({}, "events", Request());
  EXPECT_EQ(s.status().code(), absl::StatusCode::kPermissionDenied);
}

// An events service that answers as the real one would refuse or serve,
// and records what reached it.
class FakeEvents final : public v1::EventsService::CallbackService {
 public:
  grpc::ServerUnaryReactor* SummarizeEvents(
      grpc::CallbackServerContext* ctx, const v1::SummarizeRequest* request,
      v1::IndicatorSummary* response) override {
    auto it = ctx->client_metadata().find("authorization");
    authorization = it == ctx->client_metadata().end()
                        ? ""
                        : std::string(it->second.data(), it->second.size());
    deadline = ctx->deadline();
    fiscal_year = request->fiscal_year();
    auto* reactor = ctx->DefaultReactor();
    if (authorization != "Bearer good") {
      reactor->Finish(
          grpc::Status(grpc::StatusCode::PERMISSION_DENIED, "not yours"));
    } else {
      *response = Held(2);
      reactor->Finish(grpc::Status::OK);
    }
    return reactor;
  }

  std::string authorization;
  Clock::time_point deadline;
  std::string fiscal_year;
};

class GrpcSummaryStubTest : public ::testing::Test {
 protected:
  void SetUp() override {
    grpc::ServerBuilder builder;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(),
                             &port_);
    builder.RegisterService(&events_);
    server_ = builder.BuildAndStart();
    ASSERT_NE(port_, 0);
    grpc_ = std::make_shared<GrpcSummaryStub>(
        grpc::CreateChannel("127.0.0.1:" + std::to_string(port_),
                            grpc::InsecureChannelCredentials()));
  }
  void TearDown() override { server_->Shutdown(); }

  int port_ = 0;
  FakeEvents events_;
  std::unique_ptr<grpc::Server> server_;
  std::shared_ptr<GrpcSummaryStub> grpc_;
};

TEST_F(GrpcSummaryStubTest, SendsTheDeadlineAndCredentialOnTheWire) {
  SummaryCallerMetadata stub(grpc_);
  const auto deadline = Clock::now() + std::chrono::seconds(20);
  auto s = stub.Summarize({deadline, "Bearer good"}, "events", Request());
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->values(0).value(), 2);
  EXPECT_EQ(events_.authorization, "Bearer good");
  EXPECT_EQ(events_.fiscal_year, "2017-2018");
  // The wire carries a timeout (grpc-timeout, rounded up), not an instant.
  EXPECT_LE(events_.deadline, deadline + std::chrono::seconds(1));
  EXPECT_GE(events_.deadline, deadline - std::chrono::seconds(1));
}

TEST_F(GrpcSummaryStubTest, MapsTheServicesErrorOnce) {
  SummaryCallerMetadata stub(grpc_);
  auto s =
      stub.Summarize({Clock::now() + std::chrono::seconds(20), "Bearer other"},
                     "events", Request());
  EXPECT_EQ(s.status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(s.status().message(), "reading the events summary: not yours");
}

TEST_F(GrpcSummaryStubTest, DeadlinePassedIsDeadlineExceeded) {
  SummaryCallerMetadata stub(grpc_);
  auto s =
      stub.Summarize({Clock::now() - std::chrono::seconds(1), "Bearer good"},
                     "events", Request());
  EXPECT_EQ(s.status().code(), absl::StatusCode::kDeadlineExceeded);
}

TEST_F(GrpcSummaryStubTest, ServiceNotServedIsUnimplemented) {
  // The channel's server hosts no directories service.
  auto s =
      grpc_->Summarize({Clock::now() + std::chrono::seconds(20), "Bearer good"},
                       "directories", Request());
  EXPECT_EQ(s.status().code(), absl::StatusCode::kUnimplemented);
}

TEST(GrpcSummaryStubNoChannelTest, UnknownServiceAndNoChannel) {
  GrpcSummaryStub stub;
  EXPECT_EQ(stub.Summarize({}, "nosuch", Request()).status().code(),
            absl::StatusCode::kUnimplemented);
  EXPECT_EQ(stub.Summarize({}, "events", Request()).status().code(),
            absl::StatusCode::kUnavailable);
}

}  // namespace
}  // namespace poles
