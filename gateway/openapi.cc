#include "gateway/openapi.h"

#include <set>
#include <utility>

#include <nlohmann/json.hpp>

#include "absl/strings/str_cat.h"
#include "google/rpc/status.pb.h"

namespace poles::gateway {

namespace {

using google::protobuf::Descriptor;
using google::protobuf::EnumDescriptor;
using google::protobuf::FieldDescriptor;
using nlohmann::json;

std::string Ref(const std::string& full_name) {
  return absl::StrCat("#/components/schemas/", full_name);
}

class Schemas {
 public:
  // The schema of one value of `f` (not repeated), adding the messages and
  // enums it names.
  json Value(const FieldDescriptor* f) {
    switch (f->type()) {
      case FieldDescriptor::TYPE_DOUBLE:
      case FieldDescriptor::TYPE_FLOAT:
        return {{"type", "number"}};
      case FieldDescriptor::TYPE_INT64:
      case FieldDescriptor::TYPE_SINT64:
      case FieldDescriptor::TYPE_SFIXED64:
        return {{"type", "string"}, {"format", "int64"}};
      case FieldDescriptor::TYPE_UINT64:
      case FieldDescriptor::TYPE_FIXED64:
        return {{"type", "string"}, {"format", "uint64"}};
      case FieldDescriptor::TYPE_INT32:
      case FieldDescriptor::TYPE_SINT32:
      case FieldDescriptor::TYPE_SFIXED32:
        return {{"type", "integer"}, {"format", "int32"}};
      case FieldDescriptor::TYPE_UINT32:
      case FieldDescriptor::TYPE_FIXED32:
        return {{"type", "integer"}, {"format", "int64"}, {"minimum", 0}};
      case FieldDescriptor::TYPE_BOOL:
        return {{"type", "boolean"}};
      case FieldDescriptor::TYPE_STRING:
        return {{"type", "string"}};
      case FieldDescriptor::TYPE_BYTES:
        return {{"type", "string"}, {"format", "byte"}};
      case FieldDescriptor::TYPE_ENUM:
        Enum(f->enum_type());
        return {{"$ref", Ref(f->enum_type()->full_name())}};
      case FieldDescriptor::TYPE_MESSAGE:
      case FieldDescriptor::TYPE_GROUP:
        return MessageRef(f->message_type());
    }
    return json::object();
  }

  json Field(const FieldDescriptor* f) {
    if (f->is_map()) {
      return {{"type", "object"},
              {"additionalProperties", Value(f->message_type()->map_value())}};
    }
    if (f->is_repeated()) return {{"type", "array"}, {"items", Value(f)}};
    return Value(f);
  }

  json MessageRef(const Descriptor* d) {
    const std::string& n = d->full_name();
    if (n == "google.protobuf.Timestamp")
      return {{"type", "string"}, {"format", "date-time"}};
    if (n == "google.protobuf.Duration")
      return {{"type", "string"}, {"pattern", "^-?[0-9]+(\\.[0-9]+)?s$"}};
    if (n == "google.protobuf.FieldMask")
      return {{"type", "string"},
              {"description", "comma-separated field paths"}};
    if (n == "google.protobuf.Empty") return {{"type", "object"}};
    if (n == "google.protobuf.Any") {
      return {{"type", "object"},
              {"properties", {{"@type", {{"type", "string"}}}}},
              {"additionalProperties", true}};
    }
    if (n == "google.protobuf.Struct") return {{"type", "object"}};
    Message(d);
    return {{"$ref", Ref(n)}};
  }

  void Message(const Descriptor* d) {
    if (!seen_.insert(d->full_name()).second) return;
    json properties = json::object();
    for (int i = 0; i < d->field_count(); ++i) {
      const FieldDescriptor* f = d->field(i);
      properties[f->json_name()] = Field(f);
    }
    all_[d->full_name()] = {{"type", "object"},
                            {"properties", std::move(properties)}};
  }

  void Enum(const EnumDescriptor* e) {
    if (!seen_.insert(e->full_name()).second) return;
    json values = json::array();
    for (int i = 0; i < e->value_count(); ++i)
      values.push_back(e->value(i)->name());
    all_[e->full_name()] = {{"type", "string"}, {"enum", std::move(values)}};
  }

  json Take() { return std::move(all_); }

 private:
  std::set<std::string> seen_;
  json all_ = json::object();
};

json PathParameter(const std::string& name, const std::string& description) {
  return {{"name", name},
          {"in", "path"},
          {"required", true},
          {"description", description},
          {"schema", {{"type", "string"}}}};
}

json Operation(const HttpRoute& route, Schemas& schemas) {
  const Descriptor* in = route.method->input_type();
  json parameters = json::array();
  std::string path_top = route.path_field.substr(0, route.path_field.find('.'));
  switch (route.kind) {
    case RouteKind::kGet:
    case RouteKind::kUpdate:
    case RouteKind::kDelete:
      parameters.push_back(PathParameter(
          "parent",
          "the resource's parent, slashes included (tenants/{tenant}, "
          "tenants/{tenant}/plans/{plan}, ...)"));
      parameters.push_back(PathParameter(
          "id", absl::StrCat("the resource's id in ", route.collection)));
      break;
    case RouteKind::kList:
    case RouteKind::kCreate:
      if (!route.path_field.empty()) {
        parameters.push_back(
            PathParameter("parent",
                          "the collection's parent, slashes included "
                          "(tenants/{tenant}, ...)"));
      }
      break;
    case RouteKind::kCustom:
      if (!route.path_field.empty()) {
        parameters.push_back(PathParameter(
            route.path_field, absl::StrCat("the request's ", route.path_field,
                                           ", slashes included")));
      }
      break;
  }
  if (route.body_field != "*") {
    for (int i = 0; i < in->field_count(); ++i) {
      const FieldDescriptor* f = in->field(i);
      if (f->name() == path_top || f->name() == route.body_field) continue;
      if (f->is_map()) continue;
      if (f->type() == FieldDescriptor::TYPE_MESSAGE) {
        const std::string& n = f->message_type()->full_name();
        if (n != "google.protobuf.FieldMask" &&
            n != "google.protobuf.Timestamp" &&
            n != "google.protobuf.Duration") {
          continue;
        }
      }
      json p = {
          {"name", f->name()}, {"in", "query"}, {"schema", schemas.Field(f)}};
      if (f->is_repeated()) {
        p["style"] = "form";
        p["explode"] = true;
      }
      parameters.push_back(std::move(p));
    }
  }
  const std::string service = route.method->service()->name();
  json op = {
      {"operationId", absl::StrCat(service, "_", route.method->name())},
      {"tags", json::array({service})},
      {"summary", absl::StrCat("gRPC ", route.method->full_name())},
      {"parameters", std::move(parameters)},
      {"responses",
       {{"200",
         {{"description", "OK"},
          {"content",
           {{"application/json",
             {{"schema", schemas.MessageRef(route.method->output_type())}}}}}}},
        {"default",
         {{"description", "google.rpc.Status"},
          {"content",
           {{"application/json",
             {{"schema",
               schemas.MessageRef(google::rpc::Status::descriptor())}}}}}}}}},
      {"security", json::array({{{"bearer", json::array()}}})},
  };
  if (!route.body_field.empty()) {
    const Descriptor* body =
        route.body_field == "*"
            ? in
            : in->FindFieldByName(route.body_field)->message_type();
    op["requestBody"] = {
        {"required", route.body_field != "*"},
        {"content",
         {{"application/json", {{"schema", schemas.MessageRef(body)}}}}}};
  }
  return op;
}

std::string LowerMethod(const std::string& m) {
  if (m == "GET") return "get";
  if (m == "POST") return "post";
  if (m == "PATCH") return "patch";
  return "delete";
}

}  // namespace

std::string OpenApiJson(const HttpRouteTable& routes) {
  Schemas schemas;
  json paths = json::object();
  for (const HttpRoute& route : routes.Routes()) {
    paths[route.PathTemplate()][LowerMethod(route.http_method)] =
        Operation(route, schemas);
  }
  json doc = {
      {"openapi", "3.0.3"},
      {"info",
       {{"title", "Pôles platform: tenant services over HTTP/JSON"},
        {"version", "v1"},
        {"description",
         "Every unary RPC of the plans, directories, events, funding and "
         "fiscal-years services, derived from their descriptors "
         "(docs/http-api.md). Path parameters named parent, name or a "
         "resource field hold a resource name with its slashes."}}},
      {"paths", std::move(paths)},
      {"components",
       {{"schemas", schemas.Take()},
        {"securitySchemes",
         {{"bearer",
           {{"type", "http"},
            {"scheme", "bearer"},
            {"description", "an API key, pk_..."}}}}}}},
  };
  return doc.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace poles::gateway
