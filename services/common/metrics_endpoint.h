#ifndef POLES_SERVICES_COMMON_METRICS_ENDPOINT_H_
#define POLES_SERVICES_COMMON_METRICS_ENDPOINT_H_

#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace httplib {
class Server;
}

namespace poles {

// Checks a --metrics-listen value: empty (off) or host:port, port 0-65535;
// otherwise INVALID_ARGUMENT naming `flag` (InvalidField).
absl::Status ValidateMetricsListen(const std::string& flag,
                                   const std::string& listen);

// GET /metrics on a cpp-httplib server of its own, on its own thread:
// the Prometheus text `render` returns (text/plain; version=0.0.4). Other
// paths are 404. Plain HTTP: the metrics carry no tenant data.
class MetricsEndpoint {
 public:
  // `listen` is host:port (port 0: any free port). UNAVAILABLE when it
  // cannot bind.
  static absl::StatusOr<std::unique_ptr<MetricsEndpoint>> Start(
      const std::string& listen, std::function<std::string()> render);
  ~MetricsEndpoint();
  MetricsEndpoint(const MetricsEndpoint&) = delete;
  MetricsEndpoint& operator=(const MetricsEndpoint&) = delete;

  // The bound port.
  int port() const { return port_; }
  // Stops listening and joins the thread; idempotent.
  void Stop();

 private:
  MetricsEndpoint() = default;
  std::unique_ptr<httplib::Server> http_;
  std::thread thread_;
  int port_ = 0;
};

}  // namespace poles

#endif  // POLES_SERVICES_COMMON_METRICS_ENDPOINT_H_
