#ifndef POLES_SERVICES_COMMON_HEALTH_PORT_H_
#define POLES_SERVICES_COMMON_HEALTH_PORT_H_

#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <grpcpp/grpcpp.h>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace poles::transport {

// A plaintext gRPC port serving grpc.health.v1.Health and nothing else
// (--health-listen): no reflection, no other service, so every other method
// is UNIMPLEMENTED and no API key is ever sent to it. It exists for probes
// that cannot speak TLS, the kubelet's native gRPC probe above all, when
// the real gRPC port serves TLS. Its status mirrors the main server's: the
// owner calls SetServing() wherever it sets its own.
//
// Plaintext beyond loopback is allowed here without --insecure-plaintext:
// nothing on this port carries a credential or tenant data (the health
// answer is SERVING or NOT_SERVING).
class HealthPort {
 public:
  // Listens on `listen` ("host:port", port 0: any free one), NOT_SERVING
  // until SetServing(true). `services` are the fully-qualified names
  // ("poles.v1.PlansService") answered beside "" (the whole server).
  // INVALID_ARGUMENT naming `flag` for a bad address, UNAVAILABLE when it
  // cannot listen.
  static absl::StatusOr<std::unique_ptr<HealthPort>> Start(
      absl::string_view flag, const std::string& listen,
      std::vector<std::string> services);
  ~HealthPort();
  HealthPort(const HealthPort&) = delete;
  HealthPort& operator=(const HealthPort&) = delete;

  int port() const { return port_; }
  // SERVING or NOT_SERVING for "" and every service given to Start.
  void SetServing(bool serving);
  // Stops listening at once (the probes' calls are short); idempotent.
  void Shutdown();

 private:
  HealthPort() = default;
  std::vector<std::string> services_;
  std::unique_ptr<grpc::Server> server_;
  // The builder wants a frequently polled queue when no service of ours has
  // a method (the default health service is added later, by Start): this
  // one, drained by `poller_`, never gets work.
  std::unique_ptr<grpc::ServerCompletionQueue> cq_;
  std::thread poller_;
  int port_ = 0;
  bool shut_down_ = false;
};

}  // namespace poles::transport

#endif  // POLES_SERVICES_COMMON_HEALTH_PORT_H_
