#ifndef POLES_SERVICES_COMMON_CLIENT_STREAM_H_
#define POLES_SERVICES_COMMON_CLIENT_STREAM_H_

#include <chrono>
#include <condition_variable>
#include <exception>
#include <memory>
#include <mutex>
#include <string>

#include <grpcpp/grpcpp.h>

#include "absl/status/status.h"
#include "services/common/call.h"

namespace poles {

// The client's messages of a client-streaming RPC, as its handler pulls
// them on a database worker.
template <typename Request>
class MessageSource {
 public:
  virtual ~MessageSource() = default;
  // Blocks until the next message; false at the end of the stream, and when
  // the call is cancelled or its deadline passes (then status() says so).
  virtual bool Next(Request* out) = 0;
  // OK after a normal end of stream.
  virtual absl::Status status() const = 0;
};

namespace internal {

// The reactor of ServeClientStream. The read of message n+1 starts only when
// the worker asks for it, so at most one message is buffered whatever the
// stream's length (memory stays flat). Deleted by gRPC in OnDone(), which
// comes after the worker's Finish().
template <typename Request>
class ClientStreamReactor final : public grpc::ServerReadReactor<Request>,
                                  public MessageSource<Request> {
 public:
  explicit ClientStreamReactor(std::chrono::system_clock::time_point deadline)
      : deadline_(deadline) {
    this->StartRead(&buffer_);
  }

  bool Next(Request* out) override {
    std::unique_lock<std::mutex> lock(mu_);
    if (!cv_.wait_until(lock, deadline_,
                        [this] { return ready_ || closed_ || cancelled_; })) {
      status_ = absl::DeadlineExceededError(
          "the deadline passed while the stream was read");
      return false;
    }
    if (cancelled_) {
      status_ = absl::CancelledError("the client cancelled the call");
      return false;
    }
    if (!ready_) return false;  // end of stream
    *out = std::move(item_);
    ready_ = false;
    lock.unlock();
    this->StartRead(&buffer_);
    return true;
  }

  absl::Status status() const override {
    std::lock_guard<std::mutex> lock(mu_);
    return status_;
  }

  void OnReadDone(bool ok) override {
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (ok) {
        item_ = std::move(buffer_);
        ready_ = true;
      } else {
        closed_ = true;
      }
    }
    cv_.notify_all();
  }

  void OnCancel() override {
    {
      std::lock_guard<std::mutex> lock(mu_);
      cancelled_ = true;
    }
    cv_.notify_all();
  }

  void OnDone() override { delete this; }

 private:
  const std::chrono::system_clock::time_point deadline_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  Request buffer_;  // written by gRPC during a read
  Request item_;    // the message handed to the worker next
  bool ready_ = false;
  bool closed_ = false;
  bool cancelled_ = false;
  absl::Status status_;
};

}  // namespace internal

// Serves one client-streaming RPC on a single database worker for its whole
// duration (so a handler may keep one transaction open across the stream):
//   authenticate -> authorise the role for `access` -> `body(call, source)`
//   -> Finish
// as Serve() does for unary calls (same errors for a full queue, a passed
// deadline, an escaping exception). `body` is
// `absl::Status(Call&, MessageSource<Request>&) const` and fills the
// response.
// The worker is held while the client sends: use it for bounded imports.
template <typename Request, typename Body>
grpc::ServerReadReactor<Request>* ServeClientStream(
    const ServiceEnvironment& env, grpc::CallbackServerContext* ctx,
    const char* method, Access access, Body body) {
  std::shared_ptr<Call> call = internal::StartCall(env, ctx, method, access);
  auto* reactor = new internal::ClientStreamReactor<Request>(call->deadline);
  internal::QueueCall(env, std::move(call), reactor,
                      [reactor, body = std::move(body)](Call& c) {
                        return body(
                            c, static_cast<MessageSource<Request>&>(*reactor));
                      });
  return reactor;
}

}  // namespace poles

#endif  // POLES_SERVICES_COMMON_CLIENT_STREAM_H_
