#ifndef POLES_GATEWAY_NATIONAL_SERVICE_H_
#define POLES_GATEWAY_NATIONAL_SERVICE_H_

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>

#include "gateway/national_reads.h"
#include "poles/v1/national.grpc.pb.h"
#include "services/common/metrics.h"

namespace poles::gateway {

// poles.v1.NationalService over NationalReads (callback API). A call's
// `authorization` metadata and deadline are handed to the read, which runs
// on a thread of its own (a read waits for the fan-out), at most
// `max_concurrent_reads` at once (RESOURCE_EXHAUSTED beyond). Every finished
// call is counted in `metrics` (when not null; it outlives the service) as
// "NationalService/<Method>". The destructor waits for the reads still
// running.
class NationalService final : public v1::NationalService::CallbackService {
 public:
  NationalService(NationalReads& reads, int max_concurrent_reads,
                  RpcMetrics* metrics = nullptr);
  ~NationalService() override;

  grpc::ServerUnaryReactor* GetNationalTable(
      grpc::CallbackServerContext* context,
      const v1::GetNationalTableRequest* request,
      v1::NationalTable* response) override;
  grpc::ServerUnaryReactor* GetFundingRollup(
      grpc::CallbackServerContext* context,
      const v1::GetFundingRollupRequest* request,
      v1::FundingRollup* response) override;
  grpc::ServerUnaryReactor* GetBilan(grpc::CallbackServerContext* context,
                                     const v1::GetBilanRequest* request,
                                     v1::Bilan* response) override;
  grpc::ServerUnaryReactor* RenderBilan(grpc::CallbackServerContext* context,
                                        const v1::RenderBilanRequest* request,
                                        v1::BilanDocument* response) override;
  grpc::ServerUnaryReactor* ListFindings(
      grpc::CallbackServerContext* context,
      const v1::ListFindingsRequest* request,
      v1::ListFindingsResponse* response) override;

 private:
  // Runs `read` (which fills the response and returns its status) on a
  // thread and finishes the call with its status; `method` names it in the
  // metrics ("NationalService/GetBilan").
  grpc::ServerUnaryReactor* Serve(
      grpc::CallbackServerContext* context, const char* method,
      std::function<absl::Status(const std::string& authorization,
                                 NationalReads::Deadline deadline)>
          read);

  void Record(const char* method, absl::StatusCode code,
              std::chrono::steady_clock::time_point start);

  NationalReads& reads_;
  const int max_concurrent_reads_;
  RpcMetrics* const metrics_;
  std::mutex mu_;
  std::condition_variable idle_;
  int running_ = 0;
};

}  // namespace poles::gateway

#endif  // POLES_GATEWAY_NATIONAL_SERVICE_H_
