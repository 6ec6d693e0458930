#include "services/common/metrics_endpoint.h"

#include <httplib.h>

#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "services/common/errors.h"

namespace poles {

absl::Status ValidateMetricsListen(const std::string& flag,
                                   const std::string& listen) {
  if (listen.empty()) return absl::OkStatus();
  const auto colon = listen.rfind(':');
  int port = -1;
  if (colon == std::string::npos || colon == 0 ||
      !absl::SimpleAtoi(listen.substr(colon + 1), &port) || port < 0 ||
      port > 65535) {
    return InvalidField(flag, "must be host:port");
  }
  return absl::OkStatus();
}

absl::StatusOr<std::unique_ptr<MetricsEndpoint>> MetricsEndpoint::Start(
    const std::string& listen, std::function<std::string()> render) {
  const auto colon = listen.rfind(':');
  int port = -1;
  if (colon == std::string::npos ||
      !absl::SimpleAtoi(listen.substr(colon + 1), &port)) {
    return absl::InvalidArgumentError(
        absl::StrCat("cannot serve metrics on ", listen, ": not host:port"));
  }
  const std::string host = listen.substr(0, colon);
  std::unique_ptr<MetricsEndpoint> endpoint(new MetricsEndpoint());
  endpoint->http_ = std::make_unique<httplib::Server>();
  endpoint->http_->Get(
      "/metrics", [render = std::move(render)](const httplib::Request&,
                                               httplib::Response& res) {
        res.set_content(render(), "text/plain; version=0.0.4; charset=utf-8");
      });
  if (port == 0) {
    port = endpoint->http_->bind_to_any_port(host);
  } else if (!endpoint->http_->bind_to_port(host, port)) {
    port = -1;
  }
  if (port <= 0) {
    return absl::UnavailableError(
        absl::StrCat("cannot serve metrics on ", listen));
  }
  endpoint->port_ = port;
  endpoint->thread_ = std::thread(
      [http = endpoint->http_.get()] { http->listen_after_bind(); });
  return endpoint;
}

MetricsEndpoint::~MetricsEndpoint() { Stop(); }

void MetricsEndpoint::Stop() {
  if (http_) http_->stop();
  if (thread_.joinable()) thread_.join();
}

}  // namespace poles
