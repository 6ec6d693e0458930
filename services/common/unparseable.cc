#include "services/common/unparseable.h"

#include <atomic>
#include <mutex>
#include <string>

#include <google/protobuf/stubs/logging.h>
#include <grpcpp/support/interceptor.h>

#include "base/logging.h"
#include "services/common/errors.h"

namespace poles {

namespace {

using grpc::experimental::InterceptionHookPoints;

class UnparseableRequestInterceptor final
    : public grpc::experimental::Interceptor {
 public:
  void Intercept(
      grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(
            InterceptionHookPoints::POST_RECV_MESSAGE) &&
        methods->GetRecvMessage() == nullptr) {
      unparsed_ = true;
    }
    if (unparsed_ && methods->QueryInterceptionHookPoint(
                         InterceptionHookPoints::PRE_SEND_STATUS)) {
      grpc::Status sent = methods->GetSendStatus();
      if (sent.error_code() == grpc::StatusCode::UNIMPLEMENTED &&
          sent.error_message().empty()) {
        methods->ModifySendStatus(ToGrpcStatus(UnparseableRequestError()));
      }
    }
    methods->Proceed();
  }

 private:
  bool unparsed_ = false;
};

class UnparseableRequestFactory final
    : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override {
    using Type = grpc::experimental::ServerRpcInfo::Type;
    // Only these have their request read (and parsed) by gRPC before the
    // handler; a stream's end also shows as a null message.
    if (info->type() != Type::UNARY && info->type() != Type::SERVER_STREAMING) {
      return nullptr;
    }
    return new UnparseableRequestInterceptor;
  }
};

// The protobuf log handler's state.
struct ProtobufLogState {
  std::mutex mu;
  std::chrono::steady_clock::duration interval{};
  std::chrono::steady_clock::time_point last_written{};
  bool written_once = false;
  long long written = 0;
  long long suppressed = 0;
  long long suppressed_since_last = 0;
};

ProtobufLogState& LogState() {
  static auto* state = new ProtobufLogState;
  return *state;
}

const char* LevelName(google::protobuf::LogLevel level) {
  switch (level) {
    case google::protobuf::LOGLEVEL_INFO:
      return "info";
    case google::protobuf::LOGLEVEL_WARNING:
      return "warning";
    case google::protobuf::LOGLEVEL_ERROR:
      return "error";
    case google::protobuf::LOGLEVEL_FATAL:
      return "fatal";
  }
  return "error";
}

void HandleProtobufLog(google::protobuf::LogLevel level, const char* filename,
                       int line, const std::string& message) {
  ProtobufLogState& state = LogState();
  long long suppressed = 0;
  {
    std::lock_guard<std::mutex> lock(state.mu);
    const auto now = std::chrono::steady_clock::now();
    if (level != google::protobuf::LOGLEVEL_FATAL && state.written_once &&
        now - state.last_written < state.interval) {
      ++state.suppressed;
      ++state.suppressed_since_last;
      return;
    }
    state.written_once = true;
    state.last_written = now;
    ++state.written;
    suppressed = state.suppressed_since_last;
    state.suppressed_since_last = 0;
  }
  nlohmann::ordered_json fields = {
      {"protobuf_level", LevelName(level)},
      {"source", std::string(filename == nullptr ? "" : filename) + ":" +
                     std::to_string(line)},
      {"message", message.substr(0, 200)},
      {"suppressed", suppressed}};
  logging::Log(level == google::protobuf::LOGLEVEL_FATAL
                   ? spdlog::level::critical
                   : spdlog::level::warn,
               "protobuf_log", fields);
}

}  // namespace

std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>
UnparseableRequestInterceptorFactory() {
  return std::make_unique<UnparseableRequestFactory>();
}

absl::Status UnparseableRequestError() {
  return WithReason(
      absl::InvalidArgumentError(
          "the request could not be parsed as a poles.v1 message (malformed "
          "protocol buffer, or a string field that is not valid UTF-8)"),
      "UNPARSEABLE_REQUEST");
}

void InstallProtobufLogHandler(std::chrono::seconds interval) {
  static std::once_flag once;
  std::call_once(once, [interval] {
    {
      std::lock_guard<std::mutex> lock(LogState().mu);
      LogState().interval = interval;
    }
    google::protobuf::SetLogHandler(&HandleProtobufLog);
  });
}

ProtobufLogCounts ProtobufLogCountsForTest() {
  ProtobufLogState& state = LogState();
  std::lock_guard<std::mutex> lock(state.mu);
  return {state.written, state.suppressed};
}

}  // namespace poles
