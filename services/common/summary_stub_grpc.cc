#include "services/common/summary_stub_grpc.h"

#include <map>

#include <grpcpp/grpcpp.h>

#include "absl/strings/str_cat.h"
#include "poles/v1/directories.grpc.pb.h"
#include "poles/v1/events.grpc.pb.h"
#include "poles/v1/funding.grpc.pb.h"
#include "poles/v1/plans.grpc.pb.h"
#include "services/common/errors.h"

namespace poles {

namespace {

// One service's generated Summarize method, started with the callback API.
class Route {
 public:
  virtual ~Route() = default;
  virtual void Start(grpc::ClientContext* context,
                     const v1::SummarizeRequest* request,
                     v1::IndicatorSummary* response,
                     std::function<void(grpc::Status)> done) const = 0;
};

template <typename Service>
class GeneratedRoute final : public Route {
 public:
  using Method = void (Service::StubInterface::async_interface::*)(
      grpc::ClientContext*, const v1::SummarizeRequest*, v1::IndicatorSummary*,
      std::function<void(grpc::Status)>);

  GeneratedRoute(const std::shared_ptr<grpc::Channel>& channel, Method method)
      : stub_(Service::NewStub(channel)), method_(method) {}

  void Start(grpc::ClientContext* context, const v1::SummarizeRequest* request,
             v1::IndicatorSummary* response,
             std::function<void(grpc::Status)> done) const override {
    (stub_->async()->*method_)(context, request, response, std::move(done));
  }

 private:
  std::unique_ptr<typename Service::Stub> stub_;
  Method method_;
};

template <typename Service>
std::unique_ptr<Route> MakeRoute(
    const std::shared_ptr<grpc::Channel>& channel,
    typename GeneratedRoute<Service>::Method method) {
  return std::make_unique<GeneratedRoute<Service>>(channel, method);
}

// One call in flight: what gRPC reads and writes until it calls back.
struct InFlight {
  std::shared_ptr<const GrpcSummaryStub::Routes> routes;
  std::string service;
  grpc::ClientContext context;
  v1::SummarizeRequest request;
  v1::IndicatorSummary response;
  SummaryCallback done;
};

using RouteFactory =
    std::unique_ptr<Route> (*)(const std::shared_ptr<grpc::Channel>&);

// Each service with summaries: its name in the indicator catalogue and its
// generated method. A new service with summaries is one line here.
const std::pair<const char*, RouteFactory> kSummaryRoutes[] = {
    {"events",
     [](const std::shared_ptr<grpc::Channel>& channel) {
       return MakeRoute<v1::EventsService>(
           channel,
           &v1::EventsService::StubInterface::async_interface::SummarizeEvents);
     }},
    {"directories",
     [](const std::shared_ptr<grpc::Channel>& channel) {
       return MakeRoute<v1::DirectoriesService>(
           channel, &v1::DirectoriesService::StubInterface::async_interface::
                        SummarizeDirectories);
     }},
    {"funding",
     [](const std::shared_ptr<grpc::Channel>& channel) {
       return MakeRoute<v1::FundingService>(
           channel, &v1::FundingService::StubInterface::async_interface::
                        SummarizeFunding);
     }},
    {"plans",
     [](const std::shared_ptr<grpc::Channel>& channel) {
       return MakeRoute<v1::PlansService>(
           channel,
           &v1::PlansService::StubInterface::async_interface::SummarizePlans);
     }},
};

bool HasSummaries(const std::string& service) {
  for (const auto& route : kSummaryRoutes) {
    if (service == route.first) return true;
  }
  return false;
}

}  // namespace

class GrpcSummaryStub::Routes {
 public:
  explicit Routes(const std::shared_ptr<grpc::Channel>& channel) {
    for (const auto& [service, make] : kSummaryRoutes)
      routes_[service] = make(channel);
  }

  const Route& Get(const std::string& service) const {
    return *routes_.at(service);
  }

 private:
  std::map<std::string, std::unique_ptr<Route>> routes_;
};

GrpcSummaryStub::GrpcSummaryStub() = default;

GrpcSummaryStub::GrpcSummaryStub(std::shared_ptr<grpc::Channel> channel) {
  SetChannel(std::move(channel));
}

GrpcSummaryStub::~GrpcSummaryStub() = default;

void GrpcSummaryStub::SetChannel(std::shared_ptr<grpc::Channel> channel) {
  auto routes = channel ? std::make_shared<const Routes>(channel) : nullptr;
  std::lock_guard<std::mutex> lock(mu_);
  routes_ = std::move(routes);
}

void GrpcSummaryStub::AsyncSummarize(SummaryContext context,
                                     const SummaryCallOptions& /*options*/,
                                     const std::string& service,
                                     const v1::SummarizeRequest& request,
                                     SummaryCallback done) {
  std::shared_ptr<const Routes> routes;
  {
    std::lock_guard<std::mutex> lock(mu_);
    routes = routes_;
  }
  if (!HasSummaries(service)) {
    done(absl::UnimplementedError(
        absl::StrCat("the ", service, " service has no summaries")));
    return;
  }
  if (routes == nullptr) {
    done(absl::UnavailableError("no channel to the summary services"));
    return;
  }
  const Route& route = routes->Get(service);
  auto call = std::make_unique<InFlight>();
  call->routes = std::move(routes);
  call->service = service;
  call->request = request;
  call->done = std::move(done);
  if (context.deadline != std::chrono::system_clock::time_point::max()) {
    call->context.set_deadline(context.deadline);
  }
  for (const auto& [key, value] : context.metadata) {
    call->context.AddMetadata(key, value);
  }
  InFlight* raw = call.release();
  route.Start(
      &raw->context, &raw->request, &raw->response, [raw](grpc::Status status) {
        std::unique_ptr<InFlight> finished(raw);
        if (status.ok()) {
          finished->done(std::move(finished->response));
          return;
        }
        absl::Status mapped = FromGrpcStatus(status);
        finished->done(absl::Status(
            mapped.code(), absl::StrCat("reading the ", finished->service,
                                        " summary: ", mapped.message())));
      });
}

}  // namespace poles
