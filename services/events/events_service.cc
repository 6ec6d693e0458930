#include "services/events/events_service.h"

#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "services/common/mutation.h"
#include "services/common/resource_name.h"
#include "services/common/standard_methods.h"
#include "services/common/status_macros.h"
#include "services/common/validation.h"
#include "services/events/events_queries.h"
#include "services/events/events_validation.h"
#include "services/events/icalendar.h"
#include "services/events/profile_queries.h"
#include "services/events/summary_queries.h"

namespace poles::events {

namespace {

// ---- Names and mapping ---------------------------------------------------

std::string BodyName(absl::string_view t, absl::string_view b) {
  return FormatResourceName({"tenants", "bodies"}, {t, b});
}
std::string EventName(absl::string_view t, absl::string_view e) {
  return FormatResourceName({"tenants", "events"}, {t, e});
}

template <typename DbRow>
void BodyFromRow(const std::string& tenant, const DbRow& r, v1::Body* b) {
  b->set_name(BodyName(tenant, r["body_id"].c_str()));
  b->set_display_name(r["display_name"].c_str());
  b->set_kind(BodyKindFromText(r["kind"].c_str()));
}

template <typename DbRow>
void EventFromRow(const std::string& tenant, const DbRow& r, v1::Event* e) {
  e->set_name(EventName(tenant, r["event_id"].c_str()));
  e->set_title(r["title"].c_str());
  e->set_kind(EventKindFromText(r["kind"].c_str()));
  std::string body = r["body_id"].c_str();
  if (!body.empty()) e->set_body(BodyName(tenant, body));
  e->set_organised(r["organised"].template as<bool>());
  SetTimestamp(r["start_micros"].template as<int64_t>(),
               e->mutable_start_time());
  SetTimestamp(r["end_micros"].template as<int64_t>(), e->mutable_end_time());
  std::string mrc = r["mrc_id"].c_str();
  if (!mrc.empty()) e->set_mrc(absl::StrCat("mrcs/", mrc));
  e->set_online(r["online"].template as<bool>());
  e->set_location(r["location"].c_str());
  auto* p = e->mutable_participants();
  if (int v = r["total"].template as<int>(); v >= 0) p->set_total(v);
  if (int v = r["women"].template as<int>(); v >= 0) p->set_women(v);
  if (int v = r["men"].template as<int>(); v >= 0) p->set_men(v);
  if (int v = r["other"].template as<int>(); v >= 0) p->set_other(v);
  e->set_plan_item(r["plan_item"].c_str());
  if (int cohort = r["cohort_size"].template as<int>(); cohort >= 0) {
    auto* t = e->mutable_training();
    t->set_cohort_size(cohort);
    for (const auto& s : nlohmann::json::parse(
             static_cast<const char*>(r["satisfaction"].c_str()))) {
      auto* out = t->add_satisfaction();
      out->set_question(s["q"].get<std::string>());
      out->set_percent(s["p"].get<double>());
    }
  }
  e->set_public_(r["public"].template as<bool>());
  e->set_description(r["description"].c_str());
  e->set_etag(FormatEtag(r["version"].template as<int64_t>()));
}

int64_t Micros(const google::protobuf::Timestamp& t) {
  return t.seconds() * 1000000 + t.nanos() / 1000;
}

std::string OptionalCount(bool present, int32_t value) {
  return present ? std::to_string(value) : "";
}

// Checks the references that need the database (the body exists, the MRC
// is in the tenant's territory) inside the mutation's transaction.
absl::Status CheckReferences(storage::TenantTransaction& tx,
                             const std::string& tenant, const EventRefs& refs) {
  Violations v;
  if (!refs.body_id.empty() &&
      tx.work().exec_prepared(kBodyExists.name, tenant, refs.body_id).empty()) {
    v.Add("event.body", "is not a body of this tenant");
  }
  if (!refs.mrc_id.empty() &&
      tx.work()
          .exec_prepared(kTenantHasMrc.name, tenant, refs.mrc_id)
          .empty()) {
    v.Add("event.mrc", absl::StrCat("mrcs/", refs.mrc_id,
                                    " is not in the tenant's territory"));
  }
  return v.Status();
}

// Writes `e` (validated) as row `id` with `statement` (insert or update).
pqxx::result WriteEvent(storage::TenantTransaction& tx,
                        const storage::Statement& st, const std::string& tenant,
                        const std::string& id, const v1::Event& e,
                        const EventRefs& refs) {
  nlohmann::json satisfaction = nlohmann::json::array();
  for (const auto& s : e.training().satisfaction()) {
    satisfaction.push_back({{"q", s.question()}, {"p", s.percent()}});
  }
  const auto& p = e.participants();
  return tx.work().exec_prepared(
      st.name, tenant, id, e.title(), EventKindText(e.kind()), refs.body_id,
      e.organised(), std::to_string(Micros(e.start_time())),
      std::to_string(Micros(e.end_time())), refs.mrc_id, e.online(),
      e.location(), OptionalCount(p.has_total(), p.total()),
      OptionalCount(p.has_women(), p.women()),
      OptionalCount(p.has_men(), p.men()),
      OptionalCount(p.has_other(), p.other()), refs.plan_item,
      e.has_training() ? std::to_string(e.training().cohort_size()) : "",
      satisfaction.dump(), e.public_(), e.description());
}

}  // namespace

// ---- Bodies --------------------------------------------------------------

absl::Status EventsLogic::CreateBody(Call& c, const v1::CreateBodyRequest& r,
                                     v1::Body* out) {
  Violations v;
  auto parent = ParseResourceName("parent", r.parent(), {"tenants"});
  v.Merge(parent.status());
  ValidateBody(r.body(), "body", v);
  CheckResourceId(v, "body_id", r.body_id());
  CheckRequestId(v, r.request_id());
  POLES_RETURN_IF_ERROR(v.Status());
  const std::string tenant = (*parent)[0];
  POLES_RETURN_IF_ERROR(c.AuthorizeTenant(tenant));
  const std::string id = r.body_id().empty() ? NewResourceId() : r.body_id();
  return CreateTenantResource(
      c, tenant, r,
      [&](storage::TenantTransaction& tx) -> absl::Status {
        pqxx::result rows = tx.work().exec_prepared(
            kBodyInsert.name, tenant, id, r.body().display_name(),
            BodyKindText(r.body().kind()));
        BodyFromRow(tenant, rows[0], out);
        return absl::OkStatus();
      },
      "a body with this body_id already exists", out);
}

absl::Status EventsLogic::ListBodies(Call& c, const v1::ListBodiesRequest& r,
                                     v1::ListBodiesResponse* out) {
  Violations v;
  auto parent = ParseResourceName("parent", r.parent(), {"tenants"});
  v.Merge(parent.status());
  auto size = EffectivePageSize(r.page_size());
  v.Merge(size.status());
  POLES_RETURN_IF_ERROR(v.Status());
  const std::string tenant = (*parent)[0];
  POLES_RETURN_IF_ERROR(c.AuthorizeTenant(tenant));
  POLES_ASSIGN_OR_RETURN(auto key, DecodePageToken(page_tokens_, r.page_token(),
                                                   r.parent(), "", 1));
  POLES_ASSIGN_OR_RETURN(
      auto rows, ReadTenant(c, tenant, kBodyList.name,
                            {tenant, key[0], std::to_string(*size + 1)}));
  for (int i = 0; i < static_cast<int>(rows.size()) && i < *size; ++i) {
    BodyFromRow(tenant, rows[i], out->add_bodies());
  }
  if (static_cast<int>(rows.size()) > *size) {
    out->set_next_page_token(page_tokens_.Encode(
        r.parent(), "", {rows[*size - 1]["body_id"].c_str()}));
  }
  return absl::OkStatus();
}

absl::Status EventsLogic::DeleteBody(Call& c, const v1::DeleteBodyRequest& r) {
  POLES_ASSIGN_OR_RETURN(
      auto ids, ParseResourceName("name", r.name(), {"tenants", "bodies"}));
  POLES_RETURN_IF_ERROR(c.AuthorizeTenant(ids[0]));
  const std::string& tenant = ids[0];
  return InTenantTransaction(
      c, tenant, [&](storage::TenantTransaction& tx) -> absl::Status {
        if (tx.work().exec_prepared(kBodyExists.name, tenant, ids[1]).empty()) {
          return NotFound(r.name());
        }
        long uses =
            tx.work()
                .exec_prepared(kBodyUses.name, tenant, ids[1])[0]["uses"]
                .as<long>();
        if (uses > 0) {
          return WithReason(
              absl::FailedPreconditionError(absl::StrCat(
                  "the body has ", uses, " events; move or delete them first")),
              "HAS_CHILDREN");
        }
        tx.work().exec_prepared(kBodyDelete.name, tenant, ids[1]);
        return WriteAudit(tx, c, r.name());
      });
}

// ---- Events --------------------------------------------------------------

absl::Status EventsLogic::CreateEvent(Call& c, const v1::CreateEventRequest& r,
                                      v1::Event* out) {
  Violations v;
  auto parent = ParseResourceName("parent", r.parent(), {"tenants"});
  v.Merge(parent.status());
  EventRefs refs;
  ValidateEvent(r.event(), "event", parent.ok() ? (*parent)[0] : "", v, &refs);
  CheckResourceId(v, "event_id", r.event_id());
  CheckRequestId(v, r.request_id());
  POLES_RETURN_IF_ERROR(v.Status());
  const std::string tenant = (*parent)[0];
  POLES_RETURN_IF_ERROR(c.AuthorizeTenant(tenant));
  const std::string id = r.event_id().empty() ? NewResourceId() : r.event_id();
  return CreateTenantResource(
      c, tenant, r,
      [&](storage::TenantTransaction& tx) -> absl::Status {
        POLES_RETURN_IF_ERROR(CheckReferences(tx, tenant, refs));
        pqxx::result rows =
            WriteEvent(tx, kEventInsert, tenant, id, r.event(), refs);
        EventFromRow(tenant, rows[0], out);
        return absl::OkStatus();
      },
      "an event with this event_id already exists", out);
}

absl::Status EventsLogic::GetEvent(Call& c, const v1::GetEventRequest& r,
                                   v1::Event* out) {
  return GetTenantResource(c, r.name(), "events", kEventGet.name,
                           EventFromRow<storage::Row>, out);
}

absl::Status EventsLogic::ListEvents(Call& c, const v1::ListEventsRequest& r,
                                     v1::ListEventsResponse* out) {
  Violations v;
  auto parent = ParseResourceName("parent", r.parent(), {"tenants"});
  v.Merge(parent.status());
  auto size = EffectivePageSize(r.page_size());
  v.Merge(size.status());
  if (!v1::Event::Kind_IsValid(r.kind())) v.Add("kind", "is not a known kind");
  int fiscal_year = -1;
  if (!r.fiscal_year().empty()) {
    auto fy = ParseFiscalYear("fiscal_year", r.fiscal_year());
    v.Merge(fy.status());
    if (fy.ok()) fiscal_year = *fy;
  }
  if (!r.plan_item().empty()) {
    auto item = ParseResourceName("plan_item", r.plan_item(),
                                  {"tenants", "plans", "items"});
    v.Merge(item.status());
    if (item.ok() && parent.ok() && (*item)[0] != (*parent)[0]) {
      v.Add("plan_item", "must be a plan item of the listed tenant");
    }
  }
  POLES_RETURN_IF_ERROR(v.Status());
  const std::string tenant = (*parent)[0];
  POLES_RETURN_IF_ERROR(c.AuthorizeTenant(tenant));
  std::string kind = EventKindText(r.kind());
  std::string filter = absl::StrCat(kind, "|", fiscal_year, "|", r.plan_item());
  POLES_ASSIGN_OR_RETURN(auto key, DecodePageToken(page_tokens_, r.page_token(),
                                                   r.parent(), filter, 2));
  POLES_ASSIGN_OR_RETURN(
      auto rows,
      ReadTenant(c, tenant, kEventList.name,
                 {tenant, key[0], key[1], kind, std::to_string(fiscal_year),
                  r.plan_item(), std::to_string(*size + 1)}));
  for (int i = 0; i < static_cast<int>(rows.size()) && i < *size; ++i) {
    EventFromRow(tenant, rows[i], out->add_events());
  }
  if (static_cast<int>(rows.size()) > *size) {
    const auto& last = rows[*size - 1];
    out->set_next_page_token(page_tokens_.Encode(
        r.parent(), filter,
        {last["start_micros"].c_str(), last["event_id"].c_str()}));
  }
  return absl::OkStatus();
}

absl::Status EventsLogic::UpdateEvent(Call& c, const v1::UpdateEventRequest& r,
                                      v1::Event* out) {
  POLES_ASSIGN_OR_RETURN(
      auto ids,
      ParseResourceName("event.name", r.event().name(), {"tenants", "events"}));
  POLES_ASSIGN_OR_RETURN(
      auto paths,
      MaskPaths(r.update_mask(),
                {"title", "kind", "body", "organised", "start_time", "end_time",
                 "mrc", "online", "location", "participants", "plan_item",
                 "training", "public", "description"},
                {"name", "etag"}));
  POLES_RETURN_IF_ERROR(c.AuthorizeTenant(ids[0]));
  const std::string& tenant = ids[0];
  return InTenantTransaction(
      c, tenant, [&](storage::TenantTransaction& tx) -> absl::Status {
        pqxx::result cur =
            tx.work().exec_prepared(kEventLock.name, tenant, ids[1]);
        if (cur.empty()) return NotFound(r.event().name());
        POLES_RETURN_IF_ERROR(
            CheckEtag(r.event().etag(), cur[0]["version"].as<int64_t>()));
        v1::Event m;
        EventFromRow(tenant, cur[0], &m);
        const v1::Event& in = r.event();
        if (HasPath(paths, "title")) m.set_title(in.title());
        if (HasPath(paths, "kind")) m.set_kind(in.kind());
        if (HasPath(paths, "body")) m.set_body(in.body());
        if (HasPath(paths, "organised")) m.set_organised(in.organised());
        if (HasPath(paths, "start_time")) {
          if (in.has_start_time()) {
            *m.mutable_start_time() = in.start_time();
          } else {
            m.clear_start_time();
          }
        }
        if (HasPath(paths, "end_time")) {
          if (in.has_end_time()) {
            *m.mutable_end_time() = in.end_time();
          } else {
            m.clear_end_time();
          }
        }
        if (HasPath(paths, "mrc")) m.set_mrc(in.mrc());
        if (HasPath(paths, "online")) m.set_online(in.online());
        if (HasPath(paths, "location")) m.set_location(in.location());
        if (HasPath(paths, "participants"))
          *m.mutable_participants() = in.participants();
        if (HasPath(paths, "plan_item")) m.set_plan_item(in.plan_item());
        if (HasPath(paths, "training")) {
          if (in.has_training()) {
            *m.mutable_training() = in.training();
          } else {
            m.clear_training();
          }
        }
        if (HasPath(paths, "public")) m.set_public_(in.public_());
        if (HasPath(paths, "description")) m.set_description(in.description());
        Violations v;
        EventRefs refs;
        ValidateEvent(m, "event", tenant, v, &refs);
        POLES_RETURN_IF_ERROR(v.Status());
        POLES_RETURN_IF_ERROR(CheckReferences(tx, tenant, refs));
        pqxx::result rows =
            WriteEvent(tx, kEventUpdate, tenant, ids[1], m, refs);
        EventFromRow(tenant, rows[0], out);
        return WriteAudit(tx, c, out->name());
      });
}

absl::Status EventsLogic::DeleteEvent(Call& c,
                                      const v1::DeleteEventRequest& r) {
  POLES_ASSIGN_OR_RETURN(
      auto ids, ParseResourceName("name", r.name(), {"tenants", "events"}));
  POLES_RETURN_IF_ERROR(c.AuthorizeTenant(ids[0]));
  const std::string& tenant = ids[0];
  return InTenantTransaction(
      c, tenant, [&](storage::TenantTransaction& tx) -> absl::Status {
        pqxx::result cur =
            tx.work().exec_prepared(kEventLock.name, tenant, ids[1]);
        if (cur.empty()) return NotFound(r.name());
        POLES_RETURN_IF_ERROR(
            CheckEtag(r.etag(), cur[0]["version"].as<int64_t>()));
        tx.work().exec_prepared(kEventDelete.name, tenant, ids[1]);
        return WriteAudit(tx, c, r.name());
      });
}

// ---- Calendar ------------------------------------------------------------

absl::Status EventsLogic::GetPublicCalendar(
    Call& c, const v1::GetPublicCalendarRequest& r, v1::Calendar* out) {
  POLES_ASSIGN_OR_RETURN(auto ids,
                         ParseResourceName("parent", r.parent(), {"tenants"}));
  POLES_RETURN_IF_ERROR(c.AuthorizeTenant(ids[0]));
  POLES_ASSIGN_OR_RETURN(auto rows,
                         ReadTenant(c, ids[0], kCalendar.name, {ids[0]}));
  if (rows.empty()) return NotFound(r.parent());
  std::vector<CalendarEvent> events;
  for (const auto& row : rows) {
    if (row["event_id"].is_null())
      continue;  // the tenant has no upcoming public events
    CalendarEvent e;
    e.uid = absl::StrCat(EventName(ids[0], row["event_id"].c_str()),
                         "@poles.quebec");
    e.summary = row["title"].c_str();
    e.description = row["description"].c_str();
    std::string location = row["location"].c_str();
    std::string mrc_name = row["mrc_name"].c_str();
    if (row["online"].as<bool>()) {
      e.location =
          location.empty() ? "En ligne" : absl::StrCat(location, " (en ligne)");
    } else if (!mrc_name.empty()) {
      e.location =
          location.empty() ? mrc_name : absl::StrCat(location, ", ", mrc_name);
    } else {
      e.location = location;
    }
    e.start_unix_seconds = row["start_micros"].as<int64_t>() / 1000000;
    e.end_unix_seconds = row["end_micros"].as<int64_t>() / 1000000;
    e.updated_unix_seconds = row["update_micros"].as<int64_t>() / 1000000;
    events.push_back(std::move(e));
  }
  out->set_content_type("text/calendar; charset=utf-8");
  out->set_data(RenderICalendar(rows[0]["tenant_name"].c_str(), events));
  return absl::OkStatus();
}

std::vector<storage::Statement> EventsStatements() {
  return {kBodyInsert,  kBodyList,      kBodyExists,        kBodyUses,
          kBodyDelete,  kTenantHasMrc,  kEventInsert,       kEventUpdate,
          kEventGet,    kEventLock,     kEventDelete,       kEventList,
          kCalendar,    kSummaryRows,   kSummaryBodyLabels, kProfileGet,
          kProfileLock, kProfileUpsert, kProfileEventExists};
}

}  // namespace poles::events
