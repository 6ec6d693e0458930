#ifndef POLES_GATEWAY_PUBLIC_PAGES_H_
#define POLES_GATEWAY_PUBLIC_PAGES_H_

// What the gateway's public pages (no key: /p/{tenant}/...) read from the
// tenants' services, with the gateway's own service credential. Only what
// the services publish themselves: the public events calendar
// (EventsService.GetPublicCalendar) and the public directory of one MRC
// (DirectoriesService.ExportDirectory, HTML: the export's public fields).
// Errors are the services' absl::Status (NOT_FOUND for an unknown tenant,
// INVALID_ARGUMENT naming the field ...).

#include <chrono>
#include <memory>
#include <string>

#include <grpcpp/channel.h>

#include "absl/status/statusor.h"

namespace poles::gateway {

// A document to send as is.
struct PublicDocument {
  std::string content_type;
  std::string data;
};

class PublicPages {
 public:
  using Deadline = std::chrono::system_clock::time_point;
  virtual ~PublicPages() = default;

  // `tenant` is a slug ("centre-du-quebec"): its upcoming public events as
  // iCalendar.
  virtual absl::StatusOr<PublicDocument> Calendar(const std::string& tenant,
                                                  Deadline deadline) = 0;
  // The printable public directory of the tenant's MRC `mrc` (a slug).
  virtual absl::StatusOr<PublicDocument> Directory(const std::string& tenant,
                                                   const std::string& mrc,
                                                   Deadline deadline) = 0;
};

// The gRPC implementation: the events and directories services behind
// `channel`, called with `service_authorization` ("Bearer pk_...", a
// ROLE_SERVICE key) and the deadline. Thread-safe.
std::unique_ptr<PublicPages> NewGrpcPublicPages(
    std::shared_ptr<grpc::Channel> channel, std::string service_authorization);

}  // namespace poles::gateway

#endif  // POLES_GATEWAY_PUBLIC_PAGES_H_
