#ifndef POLES_SERVICES_COMMON_SUMMARY_STUB_GRPC_H_
#define POLES_SERVICES_COMMON_SUMMARY_STUB_GRPC_H_

#include <memory>
#include <mutex>
#include <string>

#include <grpcpp/channel.h>

#include "services/common/summary_stub.h"

namespace poles {

// The default SummaryStub: the generated stubs of each service with
// summaries, over one channel, called with gRPC's callback API. The only
// place a summary call sees grpc::Status, mapped to absl::Status once (the
// message says which service's summary failed). Sends exactly what the
// context holds: put a SummaryCallerMetadata in front of it for the
// caller's deadline and credential. The channel may be set after
// construction (once the server that hosts the services listens); until
// then calls are UNAVAILABLE. Thread-safe.
class GrpcSummaryStub final : public SummaryStub {
 public:
  GrpcSummaryStub();
  explicit GrpcSummaryStub(std::shared_ptr<grpc::Channel> channel);
  ~GrpcSummaryStub() override;

  void SetChannel(std::shared_ptr<grpc::Channel> channel);

  void AsyncSummarize(SummaryContext context, const SummaryCallOptions& options,
                      const std::string& service,
                      const v1::SummarizeRequest& request,
                      SummaryCallback done) override;

  // The generated stubs of one channel, by service (summary_stub_grpc.cc).
  class Routes;

 private:
  mutable std::mutex mu_;
  std::shared_ptr<const Routes> routes_;
};

}  // namespace poles

#endif  // POLES_SERVICES_COMMON_SUMMARY_STUB_GRPC_H_
