#include "services/common/health_port.h"

#include <chrono>
#include <utility>

#include <grpcpp/health_check_service_interface.h>
#include <grpcpp/impl/server_builder_option.h>
#include <grpcpp/impl/server_builder_plugin.h>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "services/common/errors.h"

namespace poles::transport {
namespace {

// Drops the process-wide server builder plugins (server reflection, which
// InitProtoReflectionServerBuilderPlugin adds to every builder), so the
// health port serves the health service alone.
class NoPlugins : public grpc::ServerBuilderOption {
 public:
  void UpdateArguments(grpc::ChannelArguments*) override {}
  void UpdatePlugins(std::vector<std::unique_ptr<grpc::ServerBuilderPlugin>>*
                         plugins) override {
    plugins->clear();
  }
};

bool IsHostPort(absl::string_view listen) {
  const auto colon = listen.rfind(':');
  int port = -1;
  return colon != absl::string_view::npos && colon > 0 &&
         absl::SimpleAtoi(listen.substr(colon + 1), &port) && port >= 0 &&
         port <= 65535;
}

}  // namespace

absl::StatusOr<std::unique_ptr<HealthPort>> HealthPort::Start(
    absl::string_view flag, const std::string& listen,
    std::vector<std::string> services) {
  if (!IsHostPort(listen)) return InvalidField(flag, "must be host:port");
  // The default health service is what the builder adds on its own; it is
  // process-wide and every poles server turns it on anyway.
  grpc::EnableDefaultHealthCheckService(true);
  std::unique_ptr<HealthPort> health(new HealthPort());
  health->services_ = std::move(services);
  grpc::ServerBuilder builder;
  builder.SetOption(std::make_unique<NoPlugins>());
  builder.AddListeningPort(listen, grpc::InsecureServerCredentials(),
                           &health->port_);
  // Probes send tiny requests: keep the port from accepting large ones.
  builder.SetMaxReceiveMessageSize(4096);
  health->cq_ = builder.AddCompletionQueue(/*is_frequently_polled=*/true);
  health->server_ = builder.BuildAndStart();
  health->poller_ = std::thread([cq = health->cq_.get()] {
    void* tag = nullptr;
    bool ok = false;
    while (cq->Next(&tag, &ok)) {
    }
  });
  if (!health->server_ || health->port_ == 0) {
    return absl::UnavailableError(
        absl::StrCat("cannot listen on ", listen, " (", flag, ")"));
  }
  health->SetServing(false);
  return health;
}

void HealthPort::SetServing(bool serving) {
  if (!server_ || shut_down_) return;
  auto* health = server_->GetHealthCheckService();
  if (health == nullptr) return;
  health->SetServingStatus(serving);  // "" and every name set so far
  for (const auto& name : services_) {
    health->SetServingStatus(name, serving);
  }
}

void HealthPort::Shutdown() {
  if (server_ && !shut_down_) {
    SetServing(false);
    shut_down_ = true;
    server_->Shutdown(std::chrono::system_clock::now());
  }
  if (cq_ && poller_.joinable()) {
    cq_->Shutdown();
    poller_.join();
  }
}

HealthPort::~HealthPort() { Shutdown(); }

}  // namespace poles::transport
