#include "services/common/summary_client.h"

#include <grpcpp/impl/codegen/client_unary_call.h>
#include <grpcpp/impl/codegen/proto_utils.h>

#include "absl/strings/str_cat.h"
#include "services/common/errors.h"

namespace poles {

namespace {

// The Summarize method of each service that has one.
const char* SummarizeMethod(const std::string& service) {
  if (service == "events") return "/poles.v1.EventsService/SummarizeEvents";
  if (service == "directories") {
    return "/poles.v1.DirectoriesService/SummarizeDirectories";
  }
  return nullptr;
}

}  // namespace

void SummaryClient::SetChannel(std::shared_ptr<grpc::Channel> channel) {
  std::lock_guard<std::mutex> lock(mu_);
  channel_ = std::move(channel);
}

absl::StatusOr<v1::IndicatorSummary> SummaryClient::Summarize(
    const std::string& service, const v1::SummarizeRequest& request,
    const std::string& authorization,
    std::chrono::system_clock::time_point deadline) const {
  const char* method = SummarizeMethod(service);
  if (method == nullptr) {
    return absl::UnimplementedError(
        absl::StrCat("the ", service, " service has no summaries"));
  }
  std::shared_ptr<grpc::Channel> channel;
  {
    std::lock_guard<std::mutex> lock(mu_);
    channel = channel_;
  }
  if (channel == nullptr) {
    return absl::UnavailableError("no channel to the summary services");
  }
  grpc::ClientContext ctx;
  ctx.set_deadline(deadline);
  ctx.AddMetadata("authorization", authorization);
  v1::IndicatorSummary out;
  grpc::Status s =
      grpc::internal::BlockingUnaryCall<v1::SummarizeRequest, v1::IndicatorSummary>(
          channel.get(),
          grpc::internal::RpcMethod(method, grpc::internal::RpcMethod::NORMAL_RPC),
          &ctx, request, &out);
  if (!s.ok()) {
    absl::Status st = FromGrpcStatus(s);
    return absl::Status(st.code(), absl::StrCat("reading the ", service,
                                                " summary: ", st.message()));
  }
  return out;
}

}  // namespace poles
