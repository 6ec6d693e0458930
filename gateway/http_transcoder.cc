#include "gateway/http_transcoder.h"

#include <httplib.h>

#include <algorithm>
#include <future>
#include <utility>
#include <vector>

#include <google/protobuf/util/json_util.h>
#include <nlohmann/json.hpp>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "gateway/http_api.h"
#include "gateway/openapi.h"
#include "gateway/session_routes.h"
#include "google/rpc/status.pb.h"
#include "services/common/errors.h"

namespace poles::gateway {

namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;

constexpr char kJson[] = "application/json; charset=utf-8";

// The field of `d` called `name` in proto or JSON spelling.
const FieldDescriptor* FindField(const Descriptor* d, absl::string_view name) {
  if (const FieldDescriptor* f = d->FindFieldByName(std::string(name)))
    return f;
  for (int i = 0; i < d->field_count(); ++i) {
    if (d->field(i)->json_name() == name) return d->field(i);
  }
  return nullptr;
}

bool IsWellKnownString(const Descriptor* d) {
  const std::string& n = d->full_name();
  return n == "google.protobuf.Timestamp" || n == "google.protobuf.Duration";
}

// One query value as the JSON value protobuf's parser takes for `f`.
absl::StatusOr<nlohmann::json> QueryValue(const FieldDescriptor* f,
                                          const std::string& key,
                                          const std::string& value) {
  switch (f->cpp_type()) {
    case FieldDescriptor::CPPTYPE_BOOL:
      if (value == "true" || value == "1") return nlohmann::json(true);
      if (value == "false" || value == "0") return nlohmann::json(false);
      return InvalidField(key, "must be true or false");
    case FieldDescriptor::CPPTYPE_MESSAGE: {
      const Descriptor* d = f->message_type();
      if (d->full_name() == "google.protobuf.FieldMask") {
        // Paths as the services name them (snake_case) or in JSON spelling.
        std::vector<std::string> paths;
        for (absl::string_view path :
             absl::StrSplit(value, ',', absl::SkipWhitespace())) {
          std::vector<std::string> parts;
          for (absl::string_view part : absl::StrSplit(path, '.'))
            parts.push_back(LowerCamel(absl::StripAsciiWhitespace(part)));
          paths.push_back(absl::StrJoin(parts, "."));
        }
        return nlohmann::json(absl::StrJoin(paths, ","));
      }
      if (IsWellKnownString(d)) return nlohmann::json(value);
      return InvalidField(key, "cannot be given as a query parameter");
    }
    default:
      // Numbers as strings: the JSON mapping accepts them so for every
      // numeric type, and checks their range itself.
      return nlohmann::json(value);
  }
}

// The top-level request field a (dotted) field path starts with.
std::string TopField(absl::string_view path) {
  return std::string(path.substr(0, path.find('.')));
}

// protobuf's parse error as a field violation: "(plan.title): invalid value
// 5 for type TYPE_STRING", "(participants) foo: Cannot find field.",
// "titel: Cannot find field.", or a syntax error naming no field (then
// the violation names `prefix`, or "body").
absl::Status JsonError(absl::string_view prefix, absl::string_view message) {
  absl::string_view rest = message.substr(0, message.find('\n'));
  std::string location;
  if (absl::StartsWith(rest, "(")) {
    const size_t close = rest.find(')');
    if (close != absl::string_view::npos) {
      location = std::string(rest.substr(1, close - 1));
      rest = absl::StripLeadingAsciiWhitespace(rest.substr(close + 1));
      if (absl::ConsumePrefix(&rest, ":"))
        rest = absl::StripLeadingAsciiWhitespace(rest);
    }
  }
  if (const size_t colon = rest.find(": ");
      colon != absl::string_view::npos && colon > 0 &&
      absl::StartsWith(rest.substr(colon + 2), "Cannot find field")) {
    const absl::string_view name = rest.substr(0, colon);
    location = location.empty() ? std::string(name)
                                : absl::StrCat(location, ".", name);
    rest = "is not a field of this message";
  }
  std::vector<std::string> parts;
  if (!prefix.empty()) parts.emplace_back(prefix);
  if (!location.empty()) parts.push_back(location);
  if (parts.empty()) parts.emplace_back("body");
  return InvalidField(absl::StrJoin(parts, "."),
                      location.empty()
                          ? absl::StrCat("is not valid JSON: ", rest)
                          : std::string(rest));
}

google::protobuf::util::JsonParseOptions ParseOptions() {
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = false;
  return options;
}

// Parses `body` into a fresh message of `type`'s kind.
absl::StatusOr<std::unique_ptr<Message>> ParseBody(const Message& prototype,
                                                   absl::string_view body,
                                                   absl::string_view prefix) {
  std::unique_ptr<Message> message(prototype.New());
  const absl::string_view text = absl::StripAsciiWhitespace(body);
  if (text.empty()) return message;
  if (text.front() != '{') {
    return InvalidField(prefix.empty() ? "body" : prefix,
                        "must be a JSON object");
  }
  auto status = google::protobuf::util::JsonStringToMessage(
      google::protobuf::StringPiece(text.data(), text.size()), message.get(),
      ParseOptions());
  if (!status.ok()) return JsonError(prefix, status.message().ToString());
  return message;
}

// Sets the string field at dotted `path`; INVALID_ARGUMENT naming it when
// the body already gave it another value.
absl::Status SetPathField(Message& request, const std::string& path,
                          const std::string& value) {
  Message* m = &request;
  std::vector<std::string> parts = absl::StrSplit(path, '.');
  for (size_t i = 0; i + 1 < parts.size(); ++i) {
    const FieldDescriptor* f = m->GetDescriptor()->FindFieldByName(parts[i]);
    m = m->GetReflection()->MutableMessage(m, f);
  }
  const FieldDescriptor* f = m->GetDescriptor()->FindFieldByName(parts.back());
  const std::string given = m->GetReflection()->GetString(*m, f);
  if (!given.empty() && given != value) {
    return InvalidField(path, "differs from the resource named by the URL");
  }
  m->GetReflection()->SetString(m, f, value);
  return absl::OkStatus();
}

// The query parameters as one JSON object of the request (dotted keys are
// nested fields).
absl::StatusOr<nlohmann::json> QueryJson(
    const HttpRoute& route, const Descriptor* request,
    const std::multimap<std::string, std::string>& query) {
  nlohmann::json out = nlohmann::json::object();
  const std::string path_top = TopField(route.path_field);
  for (auto it = query.begin(); it != query.end();
       it = query.upper_bound(it->first)) {
    const std::string& key = it->first;
    std::vector<std::string> values;
    for (auto [v, end] = query.equal_range(key); v != end; ++v)
      values.push_back(v->second);
    if (route.body_field == "*") {
      return InvalidField(key, "this method takes its fields in the body");
    }
    const Descriptor* d = request;
    nlohmann::json* target = &out;
    const FieldDescriptor* f = nullptr;
    std::vector<std::string> parts = absl::StrSplit(key, '.');
    for (size_t i = 0; i < parts.size(); ++i) {
      f = FindField(d, parts[i]);
      if (f == nullptr)
        return InvalidField(key, "is not a field of the request");
      if (i == 0 && (f->name() == path_top || f->name() == route.body_field)) {
        return InvalidField(key,
                            f->name() == route.body_field
                                ? "is given by the body, not the query"
                                : "is given by the URL's path, not the query");
      }
      if (i + 1 < parts.size()) {
        if (f->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE ||
            f->is_repeated() || IsWellKnownString(f->message_type())) {
          return InvalidField(key, "is not a field of the request");
        }
        d = f->message_type();
        target = &(*target)[f->json_name()];
      }
    }
    if (f->is_map()) {
      return InvalidField(key, "cannot be given as a query parameter");
    }
    if (f->is_repeated()) {
      nlohmann::json list = nlohmann::json::array();
      for (const auto& value : values) {
        auto v = QueryValue(f, key, value);
        if (!v.ok()) return v.status();
        list.push_back(std::move(*v));
      }
      (*target)[f->json_name()] = std::move(list);
    } else {
      if (values.size() > 1)
        return InvalidField(key, "is given more than once");
      auto v = QueryValue(f, key, values.front());
      if (!v.ok()) return v.status();
      (*target)[f->json_name()] = std::move(*v);
    }
  }
  return out;
}

std::string MessageJson(const Message& message) {
  google::protobuf::util::JsonPrintOptions options;
  options.always_print_primitive_fields = true;
  std::string out;
  if (!google::protobuf::util::MessageToJsonString(message, &out, options)
           .ok()) {
    return "";
  }
  return out;
}

bool IsPrintable(absl::string_view value) {
  return std::all_of(value.begin(), value.end(),
                     [](char c) { return c >= 0x20 && c < 0x7f; });
}

std::string Concat(const grpc::ByteBuffer& buffer) {
  std::vector<grpc::Slice> slices;
  std::string out;
  if (!buffer.Dump(&slices).ok()) return out;
  out.reserve(buffer.Length());
  for (const auto& s : slices)
    out.append(reinterpret_cast<const char*>(s.begin()), s.size());
  return out;
}

// A client stream of one message: writes `request` as the last message,
// reads the one response into `response`; Wait() returns the call's status
// once gRPC is done with the reactor.
class OneMessageStream final
    : public grpc::ClientBidiReactor<grpc::ByteBuffer, grpc::ByteBuffer> {
 public:
  OneMessageStream(const grpc::ByteBuffer* request, grpc::ByteBuffer* response)
      : request_(request), response_(response) {}

  void Start() {
    StartRead(response_);
    StartWriteLast(request_, grpc::WriteOptions());
    StartCall();
  }
  void OnDone(const grpc::Status& status) override { done_.set_value(status); }
  grpc::Status Wait() { return done_.get_future().get(); }

 private:
  const grpc::ByteBuffer* request_;
  grpc::ByteBuffer* response_;
  std::promise<grpc::Status> done_;
};

// A unary call completed on the calling thread: the call's own completion
// queue, polled here, rather than the callback API (whose completion runs
// on one of gRPC's threads, which then wakes this one: two thread switches
// per request on a front door that blocks a thread per connection anyway).
grpc::Status UnaryOnThisThread(grpc::GenericStub& stub,
                               grpc::ClientContext* context,
                               const std::string& method,
                               const grpc::ByteBuffer& request,
                               grpc::ByteBuffer* response) {
  grpc::CompletionQueue cq;
  auto call = stub.PrepareUnaryCall(context, method, request, &cq);
  call->StartCall();
  grpc::Status status;
  int finished = 0;
  call->Finish(response, &status, &finished);
  void* tag = nullptr;
  bool ok = false;
  // The one event is the Finish (a deadline or a cancel finishes it too).
  if (!cq.Next(&tag, &ok) || tag != &finished) {
    status = grpc::Status(grpc::StatusCode::INTERNAL,
                          "the call's completion queue ended early");
  }
  cq.Shutdown();
  while (cq.Next(&tag, &ok)) {
  }
  return status;
}

}  // namespace

absl::StatusOr<std::unique_ptr<Message>> BuildRequest(
    const RouteMatch& match,
    const std::multimap<std::string, std::string>& query,
    absl::string_view body) {
  const HttpRoute& route = *match.route;
  const Descriptor* type = route.method->input_type();
  const Message* prototype =
      google::protobuf::MessageFactory::generated_factory()->GetPrototype(type);
  if (prototype == nullptr) {
    return absl::InternalError(
        absl::StrCat("no message for ", type->full_name()));
  }
  std::unique_ptr<Message> request(prototype->New());
  // The query first: parsing JSON into a message replaces its contents.
  auto query_json = QueryJson(route, type, query);
  if (!query_json.ok()) return query_json.status();
  if (!query_json->empty()) {
    const std::string text = query_json->dump();
    auto status = google::protobuf::util::JsonStringToMessage(
        text, request.get(), ParseOptions());
    if (!status.ok()) {
      // The parameter is the JSON path protobuf names.
      absl::Status error = JsonError("", status.message().ToString());
      std::vector<FieldViolation> violations = FieldViolationsOf(error);
      if (!violations.empty()) {
        for (auto& v : violations) {
          std::vector<std::string> parts = absl::StrSplit(v.field, '.');
          const Descriptor* d = type;
          for (auto& part : parts) {
            const FieldDescriptor* f =
                d == nullptr ? nullptr : FindField(d, part);
            if (f == nullptr) break;
            part = f->name();
            d = f->message_type();
          }
          v.field = v.field == "body" ? "query" : absl::StrJoin(parts, ".");
        }
        return InvalidFields(violations);
      }
      return error;
    }
  }
  if (route.body_field.empty()) {
    if (!absl::StripAsciiWhitespace(body).empty()) {
      return InvalidField("body", "this method takes no body");
    }
  } else if (route.body_field == "*") {
    auto parsed = ParseBody(*prototype, body, "");
    if (!parsed.ok()) return parsed.status();
    request->MergeFrom(**parsed);
  } else {
    const FieldDescriptor* f = type->FindFieldByName(route.body_field);
    Message* target =
        request->GetReflection()->MutableMessage(request.get(), f);
    auto parsed = ParseBody(*target, body, f->name());
    if (!parsed.ok()) return parsed.status();
    target->MergeFrom(**parsed);
  }
  if (!route.path_field.empty()) {
    if (auto s = SetPathField(*request, route.path_field, match.resource);
        !s.ok()) {
      return s;
    }
  }
  return request;
}

std::string StatusJson(const grpc::Status& status) {
  google::rpc::Status out;
  if (!status.error_details().empty() &&
      !out.ParseFromString(status.error_details())) {
    out.Clear();
  }
  out.set_code(static_cast<int>(status.error_code()));
  out.set_message(status.error_message());
  std::string json = MessageJson(out);
  if (json.empty()) {
    out.clear_details();
    json = MessageJson(out);
  }
  return json;
}

absl::StatusOr<std::chrono::milliseconds> ParseGrpcTimeout(
    absl::string_view value) {
  auto bad = [] {
    return InvalidField("grpc-timeout",
                        "must be 1 to 8 digits and a unit: H, M, S, m, u, n");
  };
  if (value.size() < 2 || value.size() > 9) return bad();
  int64_t amount = 0;
  if (!absl::SimpleAtoi(value.substr(0, value.size() - 1), &amount) ||
      amount < 0 ||
      !std::all_of(value.begin(), value.end() - 1, absl::ascii_isdigit)) {
    return bad();
  }
  using std::chrono::duration_cast;
  using std::chrono::milliseconds;
  switch (value.back()) {
    case 'H':
      return duration_cast<milliseconds>(std::chrono::hours(amount));
    case 'M':
      return duration_cast<milliseconds>(std::chrono::minutes(amount));
    case 'S':
      return duration_cast<milliseconds>(std::chrono::seconds(amount));
    case 'm':
      return milliseconds(amount);
    case 'u':
      return duration_cast<milliseconds>(std::chrono::microseconds(amount));
    case 'n':
      return duration_cast<milliseconds>(std::chrono::nanoseconds(amount));
    default:
      return bad();
  }
}

absl::StatusOr<std::unique_ptr<HttpTranscoder>> HttpTranscoder::Create(
    std::shared_ptr<grpc::ChannelInterface> channel,
    const HttpTranscoderOptions& options) {
  if (channel == nullptr) return absl::InvalidArgumentError("no channel");
  if (options.default_deadline.count() < 1 ||
      options.max_deadline < options.default_deadline) {
    return InvalidField("deadline",
                        "the default must be positive and at most the cap");
  }
  auto routes = HttpRouteTable::Derive(TenantServices());
  if (!routes.ok()) return routes.status();
  return std::unique_ptr<HttpTranscoder>(
      new HttpTranscoder(std::move(channel), std::move(*routes), options));
}

grpc::GenericStub& HttpTranscoder::StubOf(const HttpRoute& route) const {
  return route.method->service()->full_name() == "poles.v1.TeamService"
             ? team_stub_
             : stub_;
}

HttpTranscoder::HttpTranscoder(std::shared_ptr<grpc::ChannelInterface> channel,
                               HttpRouteTable routes,
                               const HttpTranscoderOptions& options)
    : stub_(channel),
      team_stub_(options.team_channel != nullptr ? options.team_channel
                                                 : channel),
      routes_(std::move(routes)),
      options_(options),
      openapi_(OpenApiJson(routes_)) {}

HttpReply HttpTranscoder::Error(const absl::Status& status) const {
  return {HttpStatusOf(status.code()), StatusJson(ToGrpcStatus(status))};
}

HttpReply HttpTranscoder::Handle(const HttpCall& call) const {
  auto match = routes_.Match(call.http_method, call.path);
  if (!match.ok()) return Error(match.status());
  std::chrono::milliseconds timeout = options_.default_deadline;
  if (!call.timeout.empty()) {
    auto asked = ParseGrpcTimeout(call.timeout);
    if (!asked.ok()) return Error(asked.status());
    timeout = std::min(*asked, options_.max_deadline);
  }
  if (!IsPrintable(call.authorization)) {
    return Error(absl::UnauthenticatedError(
        "the authorization header must be 'Bearer <API key>'"));
  }
  auto request = BuildRequest(*match, call.query, call.body);
  if (!request.ok()) return Error(request.status());

  const HttpRoute& route = *match->route;
  const Message* response_prototype =
      google::protobuf::MessageFactory::generated_factory()->GetPrototype(
          route.method->output_type());
  std::string wire;
  if (response_prototype == nullptr || !(*request)->SerializeToString(&wire)) {
    return Error(absl::InternalError("the request could not be written"));
  }
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + timeout);
  if (!call.authorization.empty())
    context.AddMetadata("authorization", call.authorization);
  if (!call.request_id.empty() && call.request_id.size() <= 100 &&
      IsPrintable(call.request_id)) {
    context.AddMetadata("x-request-id", call.request_id);
  }
  grpc::Slice slice(wire);
  grpc::ByteBuffer request_buffer(&slice, 1);
  grpc::ByteBuffer response_buffer;
  grpc::Status status;
  if (route.method->client_streaming()) {
    OneMessageStream stream(&request_buffer, &response_buffer);
    StubOf(route).PrepareBidiStreamingCall(&context, route.GrpcPath(),
                                           grpc::StubOptions(), &stream);
    stream.Start();
    status = stream.Wait();
  } else {
    status = UnaryOnThisThread(StubOf(route), &context, route.GrpcPath(),
                               request_buffer, &response_buffer);
  }
  if (!status.ok()) {
    return {HttpStatusOf(static_cast<absl::StatusCode>(status.error_code())),
            StatusJson(status)};
  }
  std::unique_ptr<Message> response(response_prototype->New());
  if (!response->ParseFromString(Concat(response_buffer))) {
    return Error(absl::InternalError("the service's answer could not be read"));
  }
  std::string json = MessageJson(*response);
  if (json.empty()) {
    return Error(absl::InternalError("the answer could not be written"));
  }
  return {200, std::move(json)};
}

void RegisterTenantHttpApi(httplib::Server& server,
                           std::shared_ptr<const HttpTranscoder> transcoder) {
  server.Get("/v1/openapi.json",
             [transcoder](const httplib::Request&, httplib::Response& res) {
               res.set_content(transcoder->OpenApiDocument(), kJson);
             });
  auto handler = [transcoder](const httplib::Request& req,
                              httplib::Response& res) {
    HttpCall call;
    call.http_method = req.method;
    call.path = req.path;
    // From the target, not req.params: httplib adds the fields of a form
    // body (curl -d's default type) to those.
    if (const size_t q = req.target.find('?'); q != std::string::npos)
      httplib::detail::parse_query_text(req.target.substr(q + 1), call.query);
    call.body = req.body;
    call.authorization = CredentialOf(req);  // the header, or the cookie
    call.request_id = req.get_header_value("X-Request-Id");
    call.timeout = req.get_header_value("grpc-timeout");
    HttpReply reply = transcoder->Handle(call);
    res.status = reply.status;
    if (reply.status == 401) res.set_header("WWW-Authenticate", "Bearer");
    res.set_content(reply.body, kJson);
  };
  const std::string pattern = R"(/v1/.+)";
  server.Get(pattern, handler);
  server.Post(pattern, handler);
  server.Patch(pattern, handler);
  server.Delete(pattern, handler);
}

}  // namespace poles::gateway
