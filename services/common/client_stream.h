#ifndef POLES_SERVICES_COMMON_CLIENT_STREAM_H_
#define POLES_SERVICES_COMMON_CLIENT_STREAM_H_

#include <atomic>
#include <chrono>
#include <cstddef>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>

#include <grpcpp/grpcpp.h>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "services/common/call.h"
#include "services/common/errors.h"
#include "services/common/request_limits.h"

namespace poles {

// The client's messages of a client-streaming RPC, as its handler pulls
// them on a database worker.
template <typename Request>
class MessageSource {
 public:
  virtual ~MessageSource() = default;
  // The next message; false at the end of the stream (then status() says
  // whether it ended normally).
  virtual bool Next(Request* out) = 0;
  // OK after a normal end of stream.
  virtual absl::Status status() const = 0;
};

namespace internal {

// The client streams open at once, per scheduling key (Call::scheduling_key)
// and in all (kMaxOpenStreamsPerTenant, kMaxOpenStreams). Thread-safe.
class OpenStreams {
 public:
  OpenStreams(int max_per_key, int max_total)
      : max_per_key_(max_per_key), max_total_(max_total) {}
  // The process's (ServeClientStream's).
  static OpenStreams& Default();

  // Admits a stream of `key`: false when `key` or the process is at its
  // limit.
  bool Open(const std::string& key);
  void Close(const std::string& key);

 private:
  const int max_per_key_;
  const int max_total_;
  std::mutex mu_;
  std::map<std::string, int> open_;
  int total_ = 0;
};

// RESOURCE_EXHAUSTED (reason TOO_MANY_STREAMS).
absl::Status TooManyStreamsError();

// INVALID_ARGUMENT (reason UNPARSEABLE_REQUEST) naming message `index` (from
// 0) of a client stream, which protobuf could not parse.
absl::Status UnparseableStreamMessageError(int index);

// The reactor of ServeClientStream: reads the whole stream into memory on
// gRPC's threads (no worker is held while the client sends), as raw bytes
// that it parses itself into `Request`s (gRPC's typed reader reports a
// message it cannot parse as the stream's end, so a truncated import would
// look complete), checking each message's bounds, then queues the handler on
// a worker over what it read and serialises its `Response` into the call's
// raw response. Deleted by gRPC in OnDone(), which comes after Finish().
template <typename Request, typename Response>
class ClientStreamReactor final
    : public grpc::ServerReadReactor<grpc::ByteBuffer>,
      public MessageSource<Request> {
 public:
  using Body =
      std::function<absl::Status(Call&, MessageSource<Request>&, Response*)>;

  ClientStreamReactor(const ServiceEnvironment& env,
                      grpc::CallbackServerContext* ctx,
                      grpc::ByteBuffer* response_bytes,
                      std::shared_ptr<Call> call, Body body)
      : env_(env),
        ctx_(ctx),
        response_bytes_(response_bytes),
        call_(std::move(call)),
        body_(std::move(body)) {
    if (!OpenStreams::Default().Open(call_->scheduling_key)) {
      FinishAtOnce(TooManyStreamsError());
      return;
    }
    admitted_.store(true);
    this->StartRead(&buffer_);
  }

  bool Next(Request* out) override {
    if (messages_.empty()) return false;
    *out = std::move(messages_.front());
    messages_.pop_front();
    return true;
  }

  absl::Status status() const override { return absl::OkStatus(); }

  void OnReadDone(bool ok) override {
    if (std::chrono::system_clock::now() >= call_->deadline) {
      FinishAtOnce(absl::DeadlineExceededError(
          "the deadline passed while the stream was read"));
      return;
    }
    if (!ok) {
      if (ctx_->IsCancelled()) {
        FinishAtOnce(absl::CancelledError("the client cancelled the call"));
        return;
      }
      Queue();
      return;
    }
    bytes_ += buffer_.Length();
    if (static_cast<int>(messages_.size()) >= kMaxStreamMessages ||
        bytes_ > kMaxStreamBytes) {
      FinishAtOnce(InvalidField(
          "rows",
          absl::StrCat("a stream carries at most ", kMaxStreamMessages,
                       " messages and ", kMaxStreamBytes >> 20, " MiB")));
      return;
    }
    Request message;
    if (!grpc::SerializationTraits<Request>::Deserialize(&buffer_, &message)
             .ok()) {
      FinishAtOnce(
          UnparseableStreamMessageError(static_cast<int>(messages_.size())));
      return;
    }
    if (absl::Status s = CheckRepeatedLimits(message); !s.ok()) {
      FinishAtOnce(s);
      return;
    }
    messages_.push_back(std::move(message));
    buffer_.Clear();
    this->StartRead(&buffer_);
  }

  void OnDone() override {
    CloseStream();
    delete this;
  }

  // Hides the base's Finish for QueueCall, which ends the call through it
  // on every path after the read (refused by authentication or the role,
  // expired in the queue, the tenant busy, done): the slot goes back
  // before the client can see the end, so a refused stream never holds it
  // until OnDone and its next stream is admitted.
  void Finish(grpc::Status status) {
    CloseStream();
    grpc::ServerReadReactor<grpc::ByteBuffer>::Finish(std::move(status));
  }

 private:
  // Gives the stream's slot back (once), before the client can see the
  // call's end, so that its next stream is admitted.
  void CloseStream() {
    if (admitted_.exchange(false)) {
      OpenStreams::Default().Close(call_->scheduling_key);
    }
  }

  void FinishAtOnce(const absl::Status& status) {
    CloseStream();
    RecordFinishedCall(env_.metrics, *call_, status.code());
    this->Finish(ToGrpcStatus(status));
  }

  void Queue() {
    grpc::CallbackServerContext* ctx = ctx_;
    QueueCall(env_, call_, this, [this, ctx](Call& c) {
      absl::Status s =
          ctx->IsCancelled()
              ? absl::CancelledError("the client cancelled the call")
              : body_(c, static_cast<MessageSource<Request>&>(*this),
                      &response_);
      messages_.clear();
      CloseStream();
      if (s.ok()) {
        bool own_buffer = false;
        grpc::Status serialized =
            grpc::SerializationTraits<Response>::Serialize(
                response_, response_bytes_, &own_buffer);
        if (!serialized.ok()) {
          return absl::InternalError("the response could not be serialised");
        }
      }
      return s;
    });
  }

  const ServiceEnvironment& env_;
  grpc::CallbackServerContext* const ctx_;
  grpc::ByteBuffer* const response_bytes_;
  const std::shared_ptr<Call> call_;
  const Body body_;
  std::atomic<bool> admitted_{false};
  grpc::ByteBuffer buffer_;  // written by gRPC during a read
  std::deque<Request> messages_;
  Response response_;
  size_t bytes_ = 0;
};

}  // namespace internal

// Serves one client-streaming RPC declared raw in its adapter (the
// generated WithRawCallbackMethod_<Method>, whose handler receives the
// response as a grpc::ByteBuffer): the whole stream is received first,
// without a database worker, and parsed message by message (a message
// protobuf cannot parse is INVALID_ARGUMENT, reason UNPARSEABLE_REQUEST,
// never the stream's end), bounded: kMaxStreamMessages messages of
// CheckRepeatedLimits' bounds, kMaxStreamBytes in all, and at most
// kMaxOpenStreamsPerTenant streams of one tenant open at once, else
// RESOURCE_EXHAUSTED; then, on one worker:
//   authenticate -> authorise the role for `access` -> `body(call, source,
//   response)` -> Finish (with `response` serialised into `response_bytes`)
// as Serve() does for unary calls (same errors for a full queue, a tenant
// over its share, a passed deadline, an escaping exception). A stream
// cancelled by the client never reaches `body`. `body` is
// `absl::Status(Call&, MessageSource<Request>&, Response*) const` and fills
// the response; a handler may keep one transaction open across the
// messages. `env` must outlive the call.
template <typename Request, typename Response, typename Body>
grpc::ServerReadReactor<grpc::ByteBuffer>* ServeClientStream(
    const ServiceEnvironment& env, grpc::CallbackServerContext* ctx,
    grpc::ByteBuffer* response_bytes, const char* method, Access access,
    Body body) {
  return new internal::ClientStreamReactor<Request, Response>(
      env, ctx, response_bytes, internal::StartCall(env, ctx, method, access),
      std::move(body));
}

}  // namespace poles

#endif  // POLES_SERVICES_COMMON_CLIENT_STREAM_H_
