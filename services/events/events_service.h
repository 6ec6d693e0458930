#ifndef POLES_SERVICES_EVENTS_EVENTS_SERVICE_H_
#define POLES_SERVICES_EVENTS_EVENTS_SERVICE_H_

#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "poles/v1/events.grpc.pb.h"
#include "services/common/call.h"
#include "services/events/summary.h"
#include "storage/session.h"

namespace poles::events {

// The events service's logic: validate, authorise the tenant, one tenant
// transaction (or one single-round-trip tenant read), fill the response.
class EventsLogic {
 public:
  explicit EventsLogic(const PageTokenCodec& page_tokens)
      : page_tokens_(page_tokens) {}

  absl::Status CreateBody(Call& c, const v1::CreateBodyRequest& r,
                          v1::Body* out);
  absl::Status ListBodies(Call& c, const v1::ListBodiesRequest& r,
                          v1::ListBodiesResponse* out);
  absl::Status DeleteBody(Call& c, const v1::DeleteBodyRequest& r);

  absl::Status CreateEvent(Call& c, const v1::CreateEventRequest& r,
                           v1::Event* out);
  absl::Status GetEvent(Call& c, const v1::GetEventRequest& r, v1::Event* out);
  absl::Status ListEvents(Call& c, const v1::ListEventsRequest& r,
                          v1::ListEventsResponse* out);
  absl::Status UpdateEvent(Call& c, const v1::UpdateEventRequest& r,
                           v1::Event* out);
  absl::Status DeleteEvent(Call& c, const v1::DeleteEventRequest& r);

  absl::Status GetPublicCalendar(Call& c, const v1::GetPublicCalendarRequest& r,
                                 v1::Calendar* out);
  absl::Status SummarizeEvents(Call& c, const v1::SummarizeRequest& r,
                               v1::IndicatorSummary* out);
  absl::Status ReportEventsIndicator(Call& c,
                                     const v1::ReportIndicatorValueRequest& r,
                                     v1::IndicatorValue* out);

  absl::Status GetPoleProfile(Call& c, const v1::GetPoleProfileRequest& r,
                              v1::PoleProfile* out);
  absl::Status UpdatePoleProfile(Call& c, const v1::UpdatePoleProfileRequest& r,
                                 v1::PoleProfile* out);

 private:
  const PageTokenCodec& page_tokens_;
};

// The gRPC adapter: every method goes through Serve() with its access level.
class EventsGrpcService final : public v1::EventsService::CallbackService {
 public:
  explicit EventsGrpcService(const ServiceEnvironment& env)
      : env_(env), logic_(*env.page_tokens) {}

  POLES_SERVE_METHOD(EventsService, CreateBody, v1::CreateBodyRequest, v1::Body,
                     Access::kTenantWrite)
  POLES_SERVE_METHOD(EventsService, ListBodies, v1::ListBodiesRequest,
                     v1::ListBodiesResponse, Access::kTenantRead)
  POLES_SERVE_DELETE(EventsService, DeleteBody, v1::DeleteBodyRequest)
  POLES_SERVE_METHOD(EventsService, CreateEvent, v1::CreateEventRequest,
                     v1::Event, Access::kTenantWrite)
  POLES_SERVE_METHOD(EventsService, GetEvent, v1::GetEventRequest, v1::Event,
                     Access::kTenantRead)
  POLES_SERVE_METHOD(EventsService, ListEvents, v1::ListEventsRequest,
                     v1::ListEventsResponse, Access::kTenantRead)
  POLES_SERVE_METHOD(EventsService, UpdateEvent, v1::UpdateEventRequest,
                     v1::Event, Access::kTenantWrite)
  POLES_SERVE_DELETE(EventsService, DeleteEvent, v1::DeleteEventRequest)
  POLES_SERVE_METHOD(EventsService, GetPublicCalendar,
                     v1::GetPublicCalendarRequest, v1::Calendar,
                     Access::kPublic)
  POLES_SERVE_METHOD(EventsService, SummarizeEvents, v1::SummarizeRequest,
                     v1::IndicatorSummary, Access::kSummary)
  POLES_SERVE_METHOD(EventsService, ReportEventsIndicator,
                     v1::ReportIndicatorValueRequest, v1::IndicatorValue,
                     Access::kTenantWrite)
  POLES_SERVE_METHOD(EventsService, GetPoleProfile, v1::GetPoleProfileRequest,
                     v1::PoleProfile, Access::kTenantReadOrPlatform)
  POLES_SERVE_METHOD(EventsService, UpdatePoleProfile,
                     v1::UpdatePoleProfileRequest, v1::PoleProfile,
                     Access::kTenantWrite)

 private:
  ServiceEnvironment env_;
  EventsLogic logic_;
};

// The prepared statements of the events service. The server registers them
// (storage::RegisterStatements) at start-up, before its first connection.
std::vector<storage::Statement> EventsStatements();

}  // namespace poles::events

#endif  // POLES_SERVICES_EVENTS_EVENTS_SERVICE_H_
