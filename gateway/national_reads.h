#ifndef POLES_GATEWAY_NATIONAL_READS_H_
#define POLES_GATEWAY_NATIONAL_READS_H_

// The national reads behind both front doors of poles-gateway: the gRPC
// NationalService and the HTTP API / dashboard (gateway/http_*). Each call
// authenticates `authorization` ("Bearer pk_..."), authorises the caller's
// role for the read, fans out to the tenants' services with `deadline`, and
// computes the answer. Errors are absl::Status with the codes the gRPC
// service returns (UNAUTHENTICATED, PERMISSION_DENIED, INVALID_ARGUMENT
// naming the field, DEADLINE_EXCEEDED ...); an unreachable tenant is not an
// error but a line of the answer's `unreachable`.

#include <chrono>
#include <string>

#include "absl/status/statusor.h"
#include "poles/v1/national.pb.h"

namespace poles::gateway {

class NationalReads {
 public:
  using Deadline = std::chrono::system_clock::time_point;
  virtual ~NationalReads() = default;

  virtual absl::StatusOr<v1::NationalTable> GetNationalTable(
      const std::string& authorization,
      const v1::GetNationalTableRequest& request, Deadline deadline) = 0;
  virtual absl::StatusOr<v1::FundingRollup> GetFundingRollup(
      const std::string& authorization,
      const v1::GetFundingRollupRequest& request, Deadline deadline) = 0;
  virtual absl::StatusOr<v1::Bilan> GetBilan(const std::string& authorization,
                                             const v1::GetBilanRequest& request,
                                             Deadline deadline) = 0;
  virtual absl::StatusOr<v1::BilanDocument> RenderBilan(
      const std::string& authorization, const v1::RenderBilanRequest& request,
      Deadline deadline) = 0;
  virtual absl::StatusOr<v1::ListFindingsResponse> ListFindings(
      const std::string& authorization, const v1::ListFindingsRequest& request,
      Deadline deadline) = 0;
};

}  // namespace poles::gateway

#endif  // POLES_GATEWAY_NATIONAL_READS_H_
