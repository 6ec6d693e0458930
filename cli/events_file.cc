#include "cli/events_file.h"

#include <google/protobuf/util/json_util.h>
#include <nlohmann/json.hpp>

#include "absl/strings/str_cat.h"
#include "poles/v1/events.grpc.pb.h"
#include "services/common/errors.h"
#include "services/common/resource_name.h"
#include "services/common/status_macros.h"
#include "services/events/events_validation.h"

namespace poles::cli {

namespace {

template <typename Message>
absl::Status ParseEntries(const nlohmann::json& doc, const char* list,
                          const char* id_key, const char* message_key,
                          std::vector<std::pair<std::string, Message>>* out,
                          Violations& v) {
  if (!doc.contains(list)) return absl::OkStatus();
  if (!doc[list].is_array()) {
    v.Add(list, "must be an array");
    return absl::OkStatus();
  }
  for (size_t i = 0; i < doc[list].size(); ++i) {
    const auto& entry = doc[list][i];
    std::string where = absl::StrCat(list, "[", i, "]");
    if (!entry.is_object() || !entry.contains(id_key) ||
        !entry[id_key].is_string() || !entry.contains(message_key)) {
      v.Add(where, absl::StrCat("must be an object with \"", id_key,
                                "\" and \"", message_key, "\""));
      continue;
    }
    Message m;
    auto s = google::protobuf::util::JsonStringToMessage(
        entry[message_key].dump(), &m);
    if (!s.ok()) {
      v.Add(absl::StrCat(where, ".", message_key), std::string(s.message()));
      continue;
    }
    out->emplace_back(entry[id_key].get<std::string>(), std::move(m));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<EventsFile> ParseEventsFile(const std::string& json_text) {
  nlohmann::json doc = nlohmann::json::parse(json_text, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) {
    return InvalidField("file", "is not a JSON object");
  }
  EventsFile f;
  Violations v;
  if (doc.contains("tenant") && doc["tenant"].is_string()) {
    f.tenant = doc["tenant"].get<std::string>();
  }
  POLES_RETURN_IF_ERROR(
      ParseEntries(doc, "bodies", "bodyId", "body", &f.bodies, v));
  POLES_RETURN_IF_ERROR(
      ParseEntries(doc, "events", "eventId", "event", &f.events, v));
  POLES_RETURN_IF_ERROR(v.Status());
  return f;
}

absl::StatusOr<EventsImportSummary> ImportEvents(
    const std::shared_ptr<grpc::Channel>& channel, const std::string& key,
    EventsFile f, const std::string& tenant_override, bool dry_run,
    const std::function<void(size_t, size_t)>& progress,
    std::chrono::milliseconds timeout) {
  const std::string tenant =
      tenant_override.empty() ? f.tenant : tenant_override;
  const std::string parent = "tenants/" + tenant;
  Violations v;
  if (!IsValidTenantSlug(tenant)) v.Add("tenant", "is not a tenant slug");
  for (size_t i = 0; i < f.bodies.size(); ++i) {
    std::string where = absl::StrCat("bodies[", i, "]");
    if (!IsValidResourceId(f.bodies[i].first))
      v.Add(where + ".bodyId", "is not a resource id");
    events::ValidateBody(f.bodies[i].second, where + ".body", v);
  }
  for (size_t i = 0; i < f.events.size(); ++i) {
    std::string where = absl::StrCat("events[", i, "]");
    auto& e = f.events[i].second;
    if (!IsValidResourceId(f.events[i].first))
      v.Add(where + ".eventId", "is not a resource id");
    if (!e.body().empty() && e.body().find('/') == std::string::npos) {
      e.set_body(absl::StrCat(parent, "/bodies/", e.body()));
    }
    events::EventRefs refs;
    events::ValidateEvent(e, where + ".event", tenant, v, &refs);
  }
  POLES_RETURN_IF_ERROR(v.Status());
  EventsImportSummary summary;
  if (dry_run) return summary;

  auto stub = v1::EventsService::NewStub(channel);
  auto ctx = [&]() {
    auto c = std::make_unique<grpc::ClientContext>();
    c->set_deadline(std::chrono::system_clock::now() + timeout);
    c->AddMetadata("authorization", "Bearer " + key);
    return c;
  };
  const size_t total = f.bodies.size() + f.events.size();
  size_t done = 0;
  // An entry that exists already (ALREADY_EXISTS) is left alone.
  auto settle = [&](const grpc::Status& s, size_t* created,
                    const std::string& what) -> absl::Status {
    if (s.ok()) {
      ++*created;
    } else if (s.error_code() == grpc::StatusCode::ALREADY_EXISTS) {
      ++summary.already_present;
    } else {
      absl::Status st = FromGrpcStatus(s);
      return absl::Status(st.code(), absl::StrCat(what, ": ", st.message()));
    }
    if (progress) progress(++done, total);
    return absl::OkStatus();
  };
  for (const auto& [id, body] : f.bodies) {
    v1::CreateBodyRequest req;
    req.set_parent(parent);
    req.set_body_id(id);
    *req.mutable_body() = body;
    v1::Body out;
    POLES_RETURN_IF_ERROR(settle(stub->CreateBody(ctx().get(), req, &out),
                                 &summary.bodies_created, "body " + id));
  }
  for (const auto& [id, event] : f.events) {
    v1::CreateEventRequest req;
    req.set_parent(parent);
    req.set_event_id(id);
    *req.mutable_event() = event;
    v1::Event out;
    POLES_RETURN_IF_ERROR(settle(stub->CreateEvent(ctx().get(), req, &out),
                                 &summary.events_created, "event " + id));
  }
  return summary;
}

}  // namespace poles::cli
