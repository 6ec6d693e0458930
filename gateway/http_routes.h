#ifndef POLES_GATEWAY_HTTP_ROUTES_H_
#define POLES_GATEWAY_HTTP_ROUTES_H_

// The HTTP routes of the tenant services' RPCs, derived from their service
// descriptors by the AIP standard-method naming (AIP-131..136), so that a
// new RPC is reachable over HTTP/JSON without new code
// (docs/http-api.md, "The tenant services over HTTP/JSON"):
//
//   Get<R>(name)                  GET    /v1/{name}
//   List<Rs>(parent, ...)         GET    /v1/{parent}/<collection>?...
//   Create<R>(parent, <r>, ...)   POST   /v1/{parent}/<collection>?<r>_id=..
//                                        body: the resource
//   Update<R>(<r>, update_mask)   PATCH  /v1/{<r>.name}?update_mask=a,b
//                                        body: the resource
//   Delete<R>(name, ...)          DELETE /v1/{name}?etag=..
//   any other unary method        POST   /v1/{<first field>}:<verb>  body: *
//                                 (GET for Get*, List*, Export*,
//                                 Summarize*: query parameters)
//   a client stream               POST   /v1/{<first field>}:<verb>  body: *
//                                 (one request message: a stream of one)
//
// A resource is the message of a List method's repeated field that has a
// string `name`; its collection id is that field's JSON name
// ("reportedTotals"), except where the services' names say otherwise
// (kCollectionOverrides). The verb of a custom method is its name in
// lowerCamelCase (":submitFiscalYear"). Server-streaming methods get no
// route (HttpRouteTable::Unreachable()).

#include <map>
#include <string>
#include <tuple>
#include <vector>

#include <google/protobuf/descriptor.h>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace poles::gateway {

enum class RouteKind { kGet, kList, kCreate, kUpdate, kDelete, kCustom };

struct HttpRoute {
  const google::protobuf::MethodDescriptor* method = nullptr;
  RouteKind kind = RouteKind::kCustom;
  // "GET", "POST", "PATCH" or "DELETE".
  std::string http_method;
  // The request field the path's resource name goes into ("name",
  // "parent", "plan.name", "organisation"); empty for a collection read at
  // the root (/v1/sectors) or a custom method without a string first field.
  std::string path_field;
  // kGet/kUpdate/kDelete: the collection id of the resource; kList and
  // kCreate: the collection listed or created in.
  std::string collection;
  // The request field the JSON body fills: "" (none: GET, DELETE), "*"
  // (the whole request: custom POST) or a field name ("plan").
  std::string body_field;
  // kCustom: the verb after ':' ("submitFiscalYear").
  std::string verb;

  // The path template for people and the OpenAPI description, e.g.
  // "/v1/{parent}/plans", "/v1/{parent}/plans/{plan}",
  // "/v1/{name}:submitFiscalYear".
  std::string PathTemplate() const;
  // "poles.v1.PlansService/GetPlan" as gRPC names it on the wire, with a
  // leading '/'.
  std::string GrpcPath() const;
};

// A request path matched to its route.
struct RouteMatch {
  const HttpRoute* route = nullptr;
  // What goes into route->path_field (the path without "/v1/" and verb).
  std::string resource;
};

class HttpRouteTable {
 public:
  // The routes of every method of `services`; INTERNAL naming the methods
  // if two routes would answer the same requests.
  static absl::StatusOr<HttpRouteTable> Derive(
      const std::vector<const google::protobuf::ServiceDescriptor*>& services);

  // The route of `http_method` ("GET", ...) on `path`
  // ("/v1/tenants/t/plans/p", "/v1/tenants/t/fiscalYears/2017-2018:verb"),
  // and the resource name the path carries. NOT_FOUND when no route has
  // this shape (an empty segment included). Only the shape is checked: the
  // service validates the name itself.
  absl::StatusOr<RouteMatch> Match(absl::string_view http_method,
                                   absl::string_view path) const;

  const std::vector<HttpRoute>& Routes() const { return routes_; }
  // Methods with no route: server and bidirectional streams.
  const std::vector<const google::protobuf::MethodDescriptor*>& Unreachable()
      const {
    return unreachable_;
  }

 private:
  // (http method, collection, parent given) for the collection routes,
  // (http method, collection, true) for the resource routes.
  using Key = std::tuple<std::string, std::string, bool>;
  std::vector<HttpRoute> routes_;
  std::vector<const google::protobuf::MethodDescriptor*> unreachable_;
  std::map<Key, size_t> collection_routes_;
  std::map<Key, size_t> resource_routes_;
  std::map<std::string, size_t> custom_routes_;  // by verb
};

// The tenant services: plans, directories, events, funding, fiscal years
// (every service of their proto files), from the linked descriptors.
std::vector<const google::protobuf::ServiceDescriptor*> TenantServices();

// "SubmitFiscalYear" -> "submitFiscalYear"; "reported_totals" ->
// "reportedTotals".
std::string LowerCamel(absl::string_view name);

}  // namespace poles::gateway

#endif  // POLES_GATEWAY_HTTP_ROUTES_H_
