#include "gateway/national_service.h"

#include <thread>
#include <utility>

#include "services/common/errors.h"

namespace poles::gateway {

namespace {

std::string AuthorizationOf(const grpc::CallbackServerContext& context) {
  auto it = context.client_metadata().find("authorization");
  if (it == context.client_metadata().end()) return "";
  return std::string(it->second.data(), it->second.size());
}

template <typename Response>
absl::Status Fill(absl::StatusOr<Response> answer, Response* response) {
  if (!answer.ok()) return answer.status();
  *response = std::move(*answer);
  return absl::OkStatus();
}

}  // namespace

NationalService::NationalService(NationalReads& reads, int max_concurrent_reads,
                                 RpcMetrics* metrics)
    : reads_(reads),
      max_concurrent_reads_(max_concurrent_reads),
      metrics_(metrics) {}

void NationalService::Record(const char* method, absl::StatusCode code,
                             std::chrono::steady_clock::time_point start) {
  if (metrics_ == nullptr) return;
  metrics_->Record(method, code, std::chrono::steady_clock::now() - start);
}

NationalService::~NationalService() {
  std::unique_lock<std::mutex> lock(mu_);
  idle_.wait(lock, [this] { return running_ == 0; });
}

grpc::ServerUnaryReactor* NationalService::Serve(
    grpc::CallbackServerContext* context, const char* method,
    std::function<absl::Status(const std::string&, NationalReads::Deadline)>
        read) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  const auto start = std::chrono::steady_clock::now();
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (running_ >= max_concurrent_reads_) {
      Record(method, absl::StatusCode::kResourceExhausted, start);
      reactor->Finish(ToGrpcStatus(absl::ResourceExhaustedError(
          "too many national reads at once; retry shortly")));
      return reactor;
    }
    ++running_;
  }
  std::string authorization = AuthorizationOf(*context);
  const NationalReads::Deadline deadline = context->deadline();
  std::thread([this, reactor, method, start, read = std::move(read),
               authorization = std::move(authorization), deadline] {
    const absl::Status status = read(authorization, deadline);
    Record(method, status.code(), start);
    reactor->Finish(ToGrpcStatus(status));
    std::lock_guard<std::mutex> lock(mu_);
    if (--running_ == 0) idle_.notify_all();
  }).detach();
  return reactor;
}

grpc::ServerUnaryReactor* NationalService::GetNationalTable(
    grpc::CallbackServerContext* context,
    const v1::GetNationalTableRequest* request, v1::NationalTable* response) {
  return Serve(context, "NationalService/GetNationalTable",
               [this, request, response](const std::string& a,
                                         NationalReads::Deadline d) {
                 return Fill(reads_.GetNationalTable(a, *request, d), response);
               });
}

grpc::ServerUnaryReactor* NationalService::GetFundingRollup(
    grpc::CallbackServerContext* context,
    const v1::GetFundingRollupRequest* request, v1::FundingRollup* response) {
  return Serve(context, "NationalService/GetFundingRollup",
               [this, request, response](const std::string& a,
                                         NationalReads::Deadline d) {
                 return Fill(reads_.GetFundingRollup(a, *request, d), response);
               });
}

grpc::ServerUnaryReactor* NationalService::GetBilan(
    grpc::CallbackServerContext* context, const v1::GetBilanRequest* request,
    v1::Bilan* response) {
  return Serve(context, "NationalService/GetBilan",
               [this, request, response](const std::string& a,
                                         NationalReads::Deadline d) {
                 return Fill(reads_.GetBilan(a, *request, d), response);
               });
}

grpc::ServerUnaryReactor* NationalService::RenderBilan(
    grpc::CallbackServerContext* context, const v1::RenderBilanRequest* request,
    v1::BilanDocument* response) {
  return Serve(context, "NationalService/RenderBilan",
               [this, request, response](const std::string& a,
                                         NationalReads::Deadline d) {
                 return Fill(reads_.RenderBilan(a, *request, d), response);
               });
}

grpc::ServerUnaryReactor* NationalService::ListFindings(
    grpc::CallbackServerContext* context,
    const v1::ListFindingsRequest* request,
    v1::ListFindingsResponse* response) {
  return Serve(context, "NationalService/ListFindings",
               [this, request, response](const std::string& a,
                                         NationalReads::Deadline d) {
                 return Fill(reads_.ListFindings(a, *request, d), response);
               });
}

}  // namespace poles::gateway
