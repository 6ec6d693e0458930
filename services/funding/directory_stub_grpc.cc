#include "poles/v1/directories.grpc.pb.h"
#include "services/common/errors.h"
#include "services/funding/directory_stub.h"

namespace poles::funding {

void GrpcDirectoryStub::SetChannel(std::shared_ptr<grpc::Channel> channel) {
  std::lock_guard<std::mutex> lock(mu_);
  channel_ = std::move(channel);
}

absl::StatusOr<v1::Organisation> GrpcDirectoryStub::GetOrganisation(
    const std::string& authorization, const std::string& name,
    std::chrono::system_clock::time_point deadline) {
  std::shared_ptr<grpc::Channel> channel;
  {
    std::lock_guard<std::mutex> lock(mu_);
    channel = channel_;
  }
  if (channel == nullptr) {
    return absl::UnavailableError("no channel to the directories service");
  }
  auto stub = v1::DirectoriesService::NewStub(channel);
  grpc::ClientContext ctx;
  ctx.set_deadline(deadline);
  ctx.AddMetadata("authorization", authorization);
  v1::GetOrganisationRequest request;
  request.set_name(name);
  v1::Organisation out;
  grpc::Status s = stub->GetOrganisation(&ctx, request, &out);
  if (!s.ok()) return FromGrpcStatus(s);
  return out;
}

}  // namespace poles::funding
