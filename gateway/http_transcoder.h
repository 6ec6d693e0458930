#ifndef POLES_GATEWAY_HTTP_TRANSCODER_H_
#define POLES_GATEWAY_HTTP_TRANSCODER_H_

// The tenant services' unary RPCs and client streams (sent as a stream of
// the one message the body holds) as HTTP/JSON (docs/http-api.md, "The
// tenant services over HTTP/JSON"), on the gateway's HTTP front door:
// a request is matched to its RPC by the routes derived from the
// descriptors (gateway/http_routes.h), its path, query parameters and JSON
// body (protobuf's JSON mapping, unknown fields refused) become the request
// message, which is forwarded as is to the services with the caller's own
// Authorization header, and the answer is the response message in
// protobuf's JSON mapping, or the error as google.rpc.Status JSON (code,
// message, details: BadRequest, ErrorInfo as the service sent them) with
// the HTTP status of its code (HttpStatusOf). The services authenticate
// and authorise every call themselves; the front door adds no credential.
//
// Thread-safe: one transcoder serves every HTTP thread.

#include <chrono>
#include <map>
#include <memory>
#include <string>

#include <google/protobuf/message.h>
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "gateway/http_routes.h"

namespace httplib {
class Server;
}

namespace poles::gateway {

struct HttpTranscoderOptions {
  // A call's deadline when the request gives none (grpc-timeout header).
  std::chrono::milliseconds default_deadline{10000};
  // The longest deadline a request may ask for; longer ones are capped.
  std::chrono::milliseconds max_deadline{30000};
  // Where TeamService's routes go (the poles-server hosting the admin
  // service, gateway --admin-server); null: the transcoder's channel.
  std::shared_ptr<grpc::ChannelInterface> team_channel;
};

// One HTTP request as the transcoder reads it.
struct HttpCall {
  std::string http_method;  // "GET", "POST", "PATCH", "DELETE"
  std::string path;         // "/v1/tenants/t/plans/p", decoded
  std::multimap<std::string, std::string> query;
  std::string body;
  std::string authorization;  // the Authorization header, as sent
  std::string request_id;     // X-Request-Id, passed on when printable
  std::string timeout;        // the grpc-timeout header ("5S", "500m")
};

struct HttpReply {
  int status = 200;
  std::string body;  // JSON
};

// The request message of `match` from the call's query and body:
// INVALID_ARGUMENT naming the parameter or the body's field (the body's
// fields prefixed with the request field it fills, "plan.startFiscalYear";
// "body" when it is no JSON object) when they do not fit the message.
absl::StatusOr<std::unique_ptr<google::protobuf::Message>> BuildRequest(
    const RouteMatch& match,
    const std::multimap<std::string, std::string>& query,
    absl::string_view body);

// google.rpc.Status JSON of a gRPC status: its code, message and the
// details of grpc-status-details-bin (dropped if they cannot be printed).
std::string StatusJson(const grpc::Status& status);

// The grpc-timeout header's value ("1H", "5M", "30S", "500m", "100u",
// "10n": at most 8 digits then a unit); INVALID_ARGUMENT naming
// "grpc-timeout" otherwise.
absl::StatusOr<std::chrono::milliseconds> ParseGrpcTimeout(
    absl::string_view value);

class HttpTranscoder {
 public:
  // The routes of TenantServices(), forwarded on `channel` (the services'
  // poles-server).
  static absl::StatusOr<std::unique_ptr<HttpTranscoder>> Create(
      std::shared_ptr<grpc::ChannelInterface> channel,
      const HttpTranscoderOptions& options);

  // Answers one call: blocks until the service answers or the deadline.
  HttpReply Handle(const HttpCall& call) const;

  const HttpRouteTable& Routes() const { return routes_; }
  // The OpenAPI 3 description of the routes (gateway/openapi.h).
  const std::string& OpenApiDocument() const { return openapi_; }

 private:
  HttpTranscoder(std::shared_ptr<grpc::ChannelInterface> channel,
                 HttpRouteTable routes, const HttpTranscoderOptions& options);
  HttpReply Error(const absl::Status& status) const;

  // The stub of a route's service: `team_stub_` for TeamService's.
  grpc::GenericStub& StubOf(const HttpRoute& route) const;

  mutable grpc::GenericStub stub_;
  mutable grpc::GenericStub team_stub_;
  HttpRouteTable routes_;
  HttpTranscoderOptions options_;
  std::string openapi_;
};

// Installs GET /v1/openapi.json and the routes' GET, POST, PATCH, DELETE
// /v1/... handlers on `server`; `transcoder` is kept alive by the handlers.
void RegisterTenantHttpApi(httplib::Server& server,
                           std::shared_ptr<const HttpTranscoder> transcoder);

}  // namespace poles::gateway

#endif  // POLES_GATEWAY_HTTP_TRANSCODER_H_
