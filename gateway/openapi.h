#ifndef POLES_GATEWAY_OPENAPI_H_
#define POLES_GATEWAY_OPENAPI_H_

// The OpenAPI 3.0 description of the tenant services' HTTP/JSON routes
// (GET /v1/openapi.json), from the same descriptors the routes come from:
// a path item per route template, an operation per route (operationId
// "PlansService_GetPlan", tagged with its service), its path parameters
// ({parent} and {id}, or the custom method's field; a name's slashes are
// part of {parent}), its query parameters (the request's other top-level
// fields), its JSON body and response as schemas of the messages in
// protobuf's JSON mapping (lowerCamelCase, 64-bit integers as strings,
// enums by name, Timestamp as date-time), and google.rpc.Status for errors.

#include <string>

#include "gateway/http_routes.h"

namespace poles::gateway {

std::string OpenApiJson(const HttpRouteTable& routes);

}  // namespace poles::gateway

#endif  // POLES_GATEWAY_OPENAPI_H_
