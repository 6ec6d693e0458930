#ifndef POLES_SERVICES_FUNDING_DIRECTORY_STUB_H_
#define POLES_SERVICES_FUNDING_DIRECTORY_STUB_H_

#include <chrono>
#include <memory>
#include <mutex>
#include <string>

#include <grpcpp/grpcpp.h>

#include "absl/status/statusor.h"
#include "poles/v1/directories.pb.h"

namespace poles::funding {

// What the funding service reads from the directories service: an award's
// recipient organisation, through its public RPC and never its tables
// (google-cloud-cpp's Stub shape: an interface, a gRPC implementation, a
// gMock fake in tests).
class DirectoryStub {
 public:
  virtual ~DirectoryStub() = default;

  // DirectoriesService.GetOrganisation with the caller's own credential
  // (`authorization`, "Bearer ..."), so the funding service reads nothing
  // the caller could not read itself. The directories service's status
  // (NOT_FOUND, PERMISSION_DENIED...) is returned as is; UNAVAILABLE if it
  // cannot be reached.
  virtual absl::StatusOr<v1::Organisation> GetOrganisation(
      const std::string& authorization, const std::string& name,
      std::chrono::system_clock::time_point deadline) = 0;
};

// The default implementation, over a channel set once the server listens
// (the server's own port when it hosts the directories service). The only
// place of the funding service that sees grpc::Status. Thread-safe.
class GrpcDirectoryStub final : public DirectoryStub {
 public:
  void SetChannel(std::shared_ptr<grpc::Channel> channel);

  absl::StatusOr<v1::Organisation> GetOrganisation(
      const std::string& authorization, const std::string& name,
      std::chrono::system_clock::time_point deadline) override;

 private:
  std::mutex mu_;
  std::shared_ptr<grpc::Channel> channel_;
};

}  // namespace poles::funding

#endif  // POLES_SERVICES_FUNDING_DIRECTORY_STUB_H_
