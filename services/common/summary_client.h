#ifndef POLES_SERVICES_COMMON_SUMMARY_CLIENT_H_
#define POLES_SERVICES_COMMON_SUMMARY_CLIENT_H_

#include <chrono>
#include <memory>
#include <mutex>
#include <string>

#include <grpcpp/grpcpp.h>

#include "absl/status/statusor.h"
#include "poles/v1/indicators.pb.h"

namespace poles {

// Reads another service's indicator summary over gRPC, the only way one
// service learns about another's records. The channel is set once the
// server listens (it is the server itself when it hosts the service, or
// another poles-server). Thread-safe.
class SummaryClient {
 public:
  void SetChannel(std::shared_ptr<grpc::Channel> channel);

  // Calls the Summarize RPC of `service` ("events", "directories") with the
  // caller's own credential (`authorization`, "Bearer ..."), so the caller
  // reads nothing it could not read itself. UNAVAILABLE if no channel is
  // set or the service does not answer; UNIMPLEMENTED for a service without
  // summaries.
  absl::StatusOr<v1::IndicatorSummary> Summarize(
      const std::string& service, const v1::SummarizeRequest& request,
      const std::string& authorization,
      std::chrono::system_clock::time_point deadline) const;

 private:
  mutable std::mutex mu_;
  std::shared_ptr<grpc::Channel> channel_;
};

}  // namespace poles

#endif  // POLES_SERVICES_COMMON_SUMMARY_CLIENT_H_
