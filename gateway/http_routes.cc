#include "gateway/http_routes.h"

#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "poles/v1/directories.pb.h"
#include "poles/v1/events.pb.h"
#include "poles/v1/fiscal_years.pb.h"
#include "poles/v1/funding.pb.h"
#include "poles/v1/plans.pb.h"
#include "poles/v1/team.pb.h"

namespace poles::gateway {

namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::MethodDescriptor;
using google::protobuf::ServiceDescriptor;

// Resources whose list field is not named after their collection id (the
// services' names say `tenants/{tenant}/calls/{call}`).
const std::map<std::string, std::string>& CollectionOverrides() {
  static const auto* overrides = new std::map<std::string, std::string>{
      {"poles.v1.CallForProjects", "calls"},
  };
  return *overrides;
}

const FieldDescriptor* StringField(const Descriptor* d, const char* name) {
  const FieldDescriptor* f = d->FindFieldByName(name);
  return f != nullptr && f->type() == FieldDescriptor::TYPE_STRING &&
                 !f->is_repeated()
             ? f
             : nullptr;
}

bool IsResource(const Descriptor* d) {
  return StringField(d, "name") != nullptr;
}

// The single repeated resource field of a List response, or null.
const FieldDescriptor* ListedField(const Descriptor* response) {
  const FieldDescriptor* found = nullptr;
  for (int i = 0; i < response->field_count(); ++i) {
    const FieldDescriptor* f = response->field(i);
    if (f->is_repeated() && !f->is_map() &&
        f->type() == FieldDescriptor::TYPE_MESSAGE &&
        IsResource(f->message_type())) {
      if (found != nullptr) return nullptr;
      found = f;
    }
  }
  return found;
}

// The request's non-repeated field of message type `type`, or null.
const FieldDescriptor* FieldOfType(const Descriptor* request,
                                   const Descriptor* type) {
  for (int i = 0; i < request->field_count(); ++i) {
    const FieldDescriptor* f = request->field(i);
    if (!f->is_repeated() && f->type() == FieldDescriptor::TYPE_MESSAGE &&
        f->message_type() == type) {
      return f;
    }
  }
  return nullptr;
}

bool HasFieldMask(const Descriptor* request) {
  for (int i = 0; i < request->field_count(); ++i) {
    const FieldDescriptor* f = request->field(i);
    if (!f->is_repeated() && f->type() == FieldDescriptor::TYPE_MESSAGE &&
        f->message_type()->full_name() == "google.protobuf.FieldMask") {
      return true;
    }
  }
  return false;
}

bool IsReadOnlyName(absl::string_view method) {
  for (absl::string_view prefix : {"Get", "List", "Export", "Summarize"}) {
    if (absl::StartsWith(method, prefix)) return true;
  }
  return false;
}

std::string MethodName(const MethodDescriptor* m) {
  return absl::StrCat(m->service()->full_name(), "/", m->name());
}

}  // namespace

std::string LowerCamel(absl::string_view name) {
  std::string out;
  out.reserve(name.size());
  bool upper = false;
  for (char c : name) {
    if (c == '_') {
      upper = true;
      continue;
    }
    out.push_back(upper ? absl::ascii_toupper(c) : c);
    upper = false;
  }
  if (!out.empty()) out[0] = absl::ascii_tolower(out[0]);
  return out;
}

std::string HttpRoute::PathTemplate() const {
  switch (kind) {
    case RouteKind::kGet:
    case RouteKind::kUpdate:
    case RouteKind::kDelete:
      return absl::StrCat("/v1/{parent}/", collection, "/{id}");
    case RouteKind::kList:
    case RouteKind::kCreate:
      return path_field.empty() ? absl::StrCat("/v1/", collection)
                                : absl::StrCat("/v1/{parent}/", collection);
    case RouteKind::kCustom:
      return path_field.empty() ? absl::StrCat("/v1/:", verb)
                                : absl::StrCat("/v1/{", path_field, "}:", verb);
  }
  return "";
}

std::string HttpRoute::GrpcPath() const {
  return absl::StrCat("/", MethodName(method));
}

std::vector<const ServiceDescriptor*> TenantServices() {
  // A message of each file anchors the file in the binary (its descriptor
  // is registered only if its object file is linked).
  const google::protobuf::FileDescriptor* files[] = {
      v1::Plan::descriptor()->file(),
      v1::Organisation::descriptor()->file(),
      v1::Event::descriptor()->file(),
      v1::Award::descriptor()->file(),
      v1::FiscalYear::descriptor()->file(),
      v1::Member::descriptor()->file(),
  };
  std::vector<const ServiceDescriptor*> out;
  for (const auto* file : files) {
    for (int i = 0; i < file->service_count(); ++i)
      out.push_back(file->service(i));
  }
  return out;
}

absl::StatusOr<HttpRouteTable> HttpRouteTable::Derive(
    const std::vector<const ServiceDescriptor*>& services) {
  // The collections, from the List methods' responses.
  std::map<const Descriptor*, std::string> collections;
  for (const auto* service : services) {
    for (int i = 0; i < service->method_count(); ++i) {
      const MethodDescriptor* m = service->method(i);
      if (!absl::StartsWith(m->name(), "List")) continue;
      const FieldDescriptor* listed = ListedField(m->output_type());
      if (listed == nullptr) continue;
      const Descriptor* type = listed->message_type();
      auto o = CollectionOverrides().find(type->full_name());
      collections.emplace(type, o != CollectionOverrides().end()
                                    ? o->second
                                    : std::string(listed->json_name()));
    }
  }
  auto collection_of = [&](const Descriptor* d) -> const std::string* {
    auto it = collections.find(d);
    return it == collections.end() ? nullptr : &it->second;
  };

  HttpRouteTable table;
  std::vector<std::string> collisions;
  for (const auto* service : services) {
    for (int i = 0; i < service->method_count(); ++i) {
      const MethodDescriptor* m = service->method(i);
      // A client stream is a custom method whose body is its one message
      // (HttpTranscoder sends it as a stream of one); a server stream has
      // no HTTP shape here.
      if (m->server_streaming()) {
        table.unreachable_.push_back(m);
        continue;
      }
      const Descriptor* in = m->input_type();
      const Descriptor* out = m->output_type();
      const std::string& name = m->name();
      HttpRoute r;
      r.method = m;
      const FieldDescriptor* body = nullptr;
      const FieldDescriptor* listed = nullptr;
      if (absl::StartsWith(name, "Get") && StringField(in, "name") &&
          collection_of(out)) {
        r.kind = RouteKind::kGet;
        r.http_method = "GET";
        r.path_field = "name";
        r.collection = *collection_of(out);
      } else if (absl::StartsWith(name, "List") &&
                 (listed = ListedField(out)) != nullptr &&
                 collection_of(listed->message_type())) {
        r.kind = RouteKind::kList;
        r.http_method = "GET";
        if (StringField(in, "parent")) r.path_field = "parent";
        r.collection = *collection_of(listed->message_type());
      } else if (absl::StartsWith(name, "Create") &&
                 StringField(in, "parent") && collection_of(out) &&
                 (body = FieldOfType(in, out)) != nullptr) {
        r.kind = RouteKind::kCreate;
        r.http_method = "POST";
        r.path_field = "parent";
        r.collection = *collection_of(out);
        r.body_field = body->name();
      } else if (absl::StartsWith(name, "Update") && collection_of(out) &&
                 (body = FieldOfType(in, out)) != nullptr && HasFieldMask(in)) {
        r.kind = RouteKind::kUpdate;
        r.http_method = "PATCH";
        r.path_field = absl::StrCat(body->name(), ".name");
        r.collection = *collection_of(out);
        r.body_field = body->name();
      } else if (absl::StartsWith(name, "Delete") && StringField(in, "name")) {
        // The resource Get<Noun> returns, else the message <Noun>.
        const std::string noun = name.substr(6);
        const Descriptor* resource = nullptr;
        if (const MethodDescriptor* get =
                service->FindMethodByName(absl::StrCat("Get", noun))) {
          resource = get->output_type();
        } else {
          resource = service->file()->pool()->FindMessageTypeByName(
              absl::StrCat(service->file()->package(), ".", noun));
        }
        if (resource != nullptr && collection_of(resource)) {
          r.kind = RouteKind::kDelete;
          r.http_method = "DELETE";
          r.path_field = "name";
          r.collection = *collection_of(resource);
        }
      }
      if (r.http_method.empty()) {
        r.kind = RouteKind::kCustom;
        r.verb = LowerCamel(name);
        const bool read_only = IsReadOnlyName(name);
        r.http_method = read_only ? "GET" : "POST";
        r.body_field = read_only ? "" : "*";
        if (in->field_count() > 0 &&
            in->field(0)->type() == FieldDescriptor::TYPE_STRING &&
            !in->field(0)->is_repeated()) {
          r.path_field = in->field(0)->name();
        }
      }
      const size_t index = table.routes_.size();
      bool inserted = true;
      switch (r.kind) {
        case RouteKind::kGet:
        case RouteKind::kUpdate:
        case RouteKind::kDelete:
          inserted = table.resource_routes_
                         .emplace(Key{r.http_method, r.collection, true}, index)
                         .second;
          break;
        case RouteKind::kList:
        case RouteKind::kCreate:
          inserted = table.collection_routes_
                         .emplace(Key{r.http_method, r.collection,
                                      !r.path_field.empty()},
                                  index)
                         .second;
          break;
        case RouteKind::kCustom:
          inserted = table.custom_routes_.emplace(r.verb, index).second;
          break;
      }
      if (!inserted) {
        collisions.push_back(absl::StrCat(MethodName(m), " (", r.http_method,
                                          " ", r.PathTemplate(), ")"));
        continue;
      }
      table.routes_.push_back(std::move(r));
    }
  }
  if (!collisions.empty()) {
    return absl::InternalError(
        absl::StrCat("HTTP routes taken by an earlier method: ",
                     absl::StrJoin(collisions, ", ")));
  }
  return table;
}

absl::StatusOr<RouteMatch> HttpRouteTable::Match(absl::string_view http_method,
                                                 absl::string_view path) const {
  auto not_found = [&] {
    return absl::NotFoundError(
        absl::StrCat("no method answers ", http_method, " ", path));
  };
  constexpr absl::string_view kPrefix = "/v1/";
  if (!absl::StartsWith(path, kPrefix)) return not_found();
  absl::string_view rest = path.substr(kPrefix.size());
  const size_t last_slash = rest.rfind('/');
  const size_t colon =
      rest.find(':', last_slash == absl::string_view::npos ? 0 : last_slash);
  if (colon != absl::string_view::npos) {
    const absl::string_view verb = rest.substr(colon + 1);
    const absl::string_view target = rest.substr(0, colon);
    auto it = custom_routes_.find(std::string(verb));
    if (it == custom_routes_.end()) return not_found();
    const HttpRoute& route = routes_[it->second];
    if (route.http_method != http_method) return not_found();
    if (route.path_field.empty() != target.empty()) return not_found();
    for (absl::string_view segment : absl::StrSplit(target, '/')) {
      if (segment.empty() && !target.empty()) return not_found();
    }
    return RouteMatch{&route, std::string(target)};
  }
  std::vector<absl::string_view> segments = absl::StrSplit(rest, '/');
  for (absl::string_view segment : segments) {
    if (segment.empty()) return not_found();
  }
  const size_t n = segments.size();
  if (n % 2 == 0) {
    auto it = resource_routes_.find(
        Key{std::string(http_method), std::string(segments[n - 2]), true});
    if (it == resource_routes_.end()) return not_found();
    return RouteMatch{&routes_[it->second], std::string(rest)};
  }
  auto it = collection_routes_.find(
      Key{std::string(http_method), std::string(segments[n - 1]), n > 1});
  if (it == collection_routes_.end()) return not_found();
  absl::string_view parent =
      n > 1 ? rest.substr(0, rest.size() - segments[n - 1].size() - 1)
            : absl::string_view();
  return RouteMatch{&routes_[it->second], std::string(parent)};
}

}  // namespace poles::gateway
