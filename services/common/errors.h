#ifndef POLES_SERVICES_COMMON_ERRORS_H_
#define POLES_SERVICES_COMMON_ERRORS_H_

#include <string>
#include <vector>

#include <grpcpp/support/status.h>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace poles {

// A bad field of a request: the field path ("plan.title") and what is wrong.
struct FieldViolation {
  std::string field;
  std::string description;
};

// INVALID_ARGUMENT naming the field, with a google.rpc.BadRequest detail.
absl::Status InvalidField(absl::string_view field,
                          absl::string_view description);

// INVALID_ARGUMENT naming the violations, as many as fit in gRPC's trailers
// (kMaxFieldViolations, kMaxViolationBytes); the message ends with
// "(and N more)" when some were left out.
absl::Status InvalidFields(const std::vector<FieldViolation>& violations);

// Collects violations; Status() is OK when there were none.
class Violations {
 public:
  void Add(absl::string_view field, absl::string_view description) {
    list_.push_back({std::string(field), std::string(description)});
  }
  // Adds the violations of a status built by InvalidField(s); a status of any
  // other kind is kept and returned by Status() as is.
  void Merge(const absl::Status& status);
  bool empty() const { return list_.empty() && other_.ok(); }
  absl::Status Status() const;

 private:
  std::vector<FieldViolation> list_;
  absl::Status other_;
};

// The violations attached to `status` (empty if none).
std::vector<FieldViolation> FieldViolationsOf(const absl::Status& status);

// A status with a machine-readable reason (google.rpc.ErrorInfo.reason,
// e.g. "ETAG_MISMATCH"), domain "poles.quebec".
absl::Status WithReason(absl::Status status, absl::string_view reason);

// The reason attached by WithReason, or "".
std::string ReasonOf(const absl::Status& status);

// Converts to the wire: code, message, and a google.rpc.Status in the
// binary details (grpc-status-details-bin) holding BadRequest and ErrorInfo.
grpc::Status ToGrpcStatus(const absl::Status& status);

// The reverse, for clients and tests (keeps violations and reason).
absl::Status FromGrpcStatus(const grpc::Status& status);

}  // namespace poles

#endif  // POLES_SERVICES_COMMON_ERRORS_H_
