#ifndef POLES_BENCH_LOAD_GENERATOR_H_
#define POLES_BENCH_LOAD_GENERATOR_H_

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <google/protobuf/arena.h>
#include <grpcpp/grpcpp.h>

namespace poles::bench {

// Starts one unary call, the `seq`-th of its slot; `done` must be called
// exactly once with the call's status, on any thread (gRPC's callback API
// calls it on its own threads), after the call's ClientContext is gone: the
// channels are released as soon as the last `done` has run.
using StartCall = std::function<void(
    uint64_t seq, std::function<void(const grpc::Status&)> done)>;

// Makes the call starter of one channel (e.g. a stub over it).
using CallerFactory =
    std::function<StartCall(const std::shared_ptr<grpc::Channel>& channel)>;

struct LoadPoint {
  std::string address;  // host:port
  int in_flight = 1;    // calls kept in flight at every moment
  int channels = 4;     // separate HTTP/2 connections; at most in_flight used
  std::chrono::duration<double> warmup{1.0};
  std::chrono::duration<double> duration{5.0};
  grpc::ChannelArguments channel_args;
};

struct LoadResult {
  int64_t calls = 0;   // completed OK within the measured window
  int64_t issued = 0;  // completed, OK or not, warm-up included
  int64_t errors = 0;  // completed with a non-OK status, warm-up included
  std::string first_error;
  double seconds = 0;  // length of the measured window
  double rps = 0;
  double p50_ms = 0;
  double p99_ms = 0;
};

// A closed-loop load generator on gRPC's callback API: `in_flight` slots
// spread round-robin over `channels` channels, each slot starting its next
// call from the completion of the previous one. Calls completing during
// `warmup` are not counted; the calls completing during the following
// `duration` give the RPS and the latency percentiles. Returns once every
// call has completed.
LoadResult RunLoad(const LoadPoint& point, const CallerFactory& make_caller);

// The `q`-quantile (0..1) of `samples`, by nearest rank; reorders them.
double Quantile(std::vector<double>& samples, double q);

// Deadline of every call the benches make.
inline constexpr std::chrono::seconds kBenchCallTimeout{10};

// A closed-loop caller of one unary method: call `seq` reads
// requests[seq % size] with `bearer` (none if empty) and a 10 s deadline.
// `invoke(ctx, request, response, callback)` starts the call.
template <typename Response, typename Request, typename Invoke>
StartCall UnaryCaller(std::shared_ptr<const std::vector<Request>> requests,
                      std::string bearer, Invoke invoke) {
  return [requests, bearer, invoke](
             uint64_t seq, std::function<void(const grpc::Status&)> done) {
    // The response lives on a per-call arena: a page of 100 organisations is
    // hundreds of strings, and the load generator shares the machine's 2
    // cores with what it measures, so its own allocations count.
    struct Call {
      static google::protobuf::ArenaOptions Options() {
        google::protobuf::ArenaOptions o;
        o.start_block_size = 16 * 1024;
        o.max_block_size = 64 * 1024;
        return o;
      }
      grpc::ClientContext ctx;
      google::protobuf::Arena arena{Options()};
      Response& response =
          *google::protobuf::Arena::CreateMessage<Response>(&arena);
    };
    auto call = std::make_shared<Call>();
    call->ctx.set_deadline(std::chrono::system_clock::now() +
                           kBenchCallTimeout);
    if (!bearer.empty()) call->ctx.AddMetadata("authorization", bearer);
    // The call's state goes before `done` runs: the last call of a point
    // must not release its context (and with it a channel reference) on a
    // gRPC thread after the load generator has returned.
    invoke(&call->ctx, &(*requests)[seq % requests->size()], &call->response,
           [call, done = std::move(done)](grpc::Status s) mutable {
             call.reset();
             done(s);
           });
  };
}

// A CallerFactory for a unary method of the generated `Service`: each
// channel gets its own stub, and `start(stub.async(), ctx, request,
// response, callback)` starts a call (a generic lambda naming the method,
// e.g. `[](auto* s, auto... a) { s->GetPlanItem(a...); }`).
template <typename Service, typename Response, typename Request, typename Start>
CallerFactory StubCaller(std::shared_ptr<const std::vector<Request>> requests,
                         std::string bearer, Start start) {
  return [requests, bearer, start](const std::shared_ptr<grpc::Channel>& ch) {
    std::shared_ptr<typename Service::Stub> stub = Service::NewStub(ch);
    return UnaryCaller<Response>(
        requests, bearer,
        [stub, start](grpc::ClientContext* ctx, const Request* req,
                      Response* resp, std::function<void(grpc::Status)> cb) {
          start(stub->async(), ctx, req, resp, std::move(cb));
        });
  };
}

}  // namespace poles::bench

#endif  // POLES_BENCH_LOAD_GENERATOR_H_
