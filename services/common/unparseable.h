#ifndef POLES_SERVICES_COMMON_UNPARSEABLE_H_
#define POLES_SERVICES_COMMON_UNPARSEABLE_H_

#include <chrono>
#include <memory>

#include <grpcpp/support/server_interceptor.h>

#include "absl/status/status.h"

namespace poles {

// Requests protobuf cannot parse (garbage bytes, invalid UTF-8 in a proto3
// `string`, a truncated message, no message at all).
//
// gRPC 1.51's callback API deserialises a unary (or server-streaming)
// request before any handler runs; when that fails it never calls the
// service and finishes the call itself with UNIMPLEMENTED and an empty
// message (UnimplementedUnaryReactor in grpcpp/impl/server_callback_handlers.h,
// CallbackUnaryHandler::RunHandler: "if deserialization or reactor creator
// failed, we need to fail the call"). Neither the code nor the message can be
// set by the service. A server interceptor sees both ends of that call: at
// POST_RECV_MESSAGE the request is null (the server passes the failed
// Deserialize's nullptr), and at PRE_SEND_STATUS it may replace the status
// (InterceptorBatchMethods::ModifySendStatus). This factory's interceptor
// does that, for unary and server-streaming methods only, and only when the
// status is that UNIMPLEMENTED "": the call then answers
// UnparseableRequestError(). Client streams are not covered: gRPC's typed
// reader reports a message it cannot parse as the stream's end
// (CallOpRecvMessage::FinishOp), which an interceptor cannot tell from a
// half-close (known limit, README).
//
// The answer comes before any key check, like the other bounds checked
// before work (request_limits.h): it depends only on the bytes sent, never
// on a stored resource.
std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>
UnparseableRequestInterceptorFactory();

// INVALID_ARGUMENT "the request could not be parsed as a poles.v1 message
// (...)", reason UNPARSEABLE_REQUEST.
absl::Status UnparseableRequestError();

// Protobuf logs an ERROR line for every string field holding invalid UTF-8
// it is asked to parse ("String field 'poles.v1.Plan.title' contains invalid
// UTF-8 data when parsing a protocol buffer..."), so any client could fill
// the log. Installs (once per process; later calls do nothing) a
// google::protobuf::SetLogHandler handler that writes protobuf's lines to the
// process log (event "protobuf_log": level, source file and line, and the
// message's first 200 bytes, field names only: protobuf's messages carry no
// field values) at most once per `interval`; the lines dropped in between are
// counted in the next one's "suppressed" field. FATAL lines are always
// written (protobuf aborts after them).
void InstallProtobufLogHandler(
    std::chrono::seconds interval = std::chrono::seconds(60));

// For tests: protobuf lines received by the handler so far, written and
// suppressed.
struct ProtobufLogCounts {
  long long written = 0;
  long long suppressed = 0;
};
ProtobufLogCounts ProtobufLogCountsForTest();

}  // namespace poles

#endif  // POLES_SERVICES_COMMON_UNPARSEABLE_H_
