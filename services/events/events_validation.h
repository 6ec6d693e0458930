#ifndef POLES_SERVICES_EVENTS_EVENTS_VALIDATION_H_
#define POLES_SERVICES_EVENTS_EVENTS_VALIDATION_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "poles/v1/events.pb.h"
#include "services/common/errors.h"

namespace poles::events {

// Field limits (documented in events.proto).
inline constexpr size_t kMaxTitle = 300;
inline constexpr size_t kMaxBodyName = 200;
inline constexpr size_t kMaxLocation = 300;
inline constexpr size_t kMaxDescription = 5000;
inline constexpr size_t kMaxQuestion = 300;
inline constexpr int kMaxSatisfactionQuestions = 30;
inline constexpr int32_t kMaxParticipants = 1000000;
inline constexpr size_t kMaxLegalName = 300;
inline constexpr size_t kMaxWebsiteUri = 300;
inline constexpr size_t kMaxContactEmail = 254;
inline constexpr int kMaxProfileNotes = 20;
inline constexpr size_t kMaxProfileNote = 2000;

// Event kinds and body kinds as stored ("board_meeting") and back.
const char* EventKindText(v1::Event::Kind kind);
v1::Event::Kind EventKindFromText(absl::string_view text);
const char* BodyKindText(v1::Body::Kind kind);
v1::Body::Kind BodyKindFromText(absl::string_view text);

// The ids an event refers to, once its names are parsed.
struct EventRefs {
  std::string body_id;    // "" if none
  std::string mrc_id;     // "" if none
  std::string plan_item;  // the full item name, "" if none
};

// Checks everything about an event that needs no database: required fields,
// lengths, UTF-8, kinds, times (end not before start, years 1990-2100),
// participants (non-negative, genders not summing past the total),
// training results (percentages 0-100), and that the body and plan item
// belong to `tenant`. Adds one violation per bad field, named under
// `prefix` ("event").
void ValidateEvent(const v1::Event& event, absl::string_view prefix,
                   absl::string_view tenant, Violations& out, EventRefs* refs);

void ValidateBody(const v1::Body& body, absl::string_view prefix,
                  Violations& out);

// The tenant of a profile's name `tenants/{tenant}/profile`;
// INVALID_ARGUMENT naming `field` otherwise.
absl::StatusOr<std::string> ParseProfileName(absl::string_view field,
                                             absl::string_view name);

// `tenants/{tenant}/profile`.
std::string ProfileName(absl::string_view tenant);

// Checks a profile's fields (prefix "profile"): lengths and UTF-8, the
// incorporation date (an ISO date, 1990-2100), the website (http or https,
// no spaces), the contact address (one '@', a dotted domain, no spaces),
// the notes, and that the founding event is an event of `tenant`, whose id
// goes to `founding_event_id` ("" if none).
void ValidatePoleProfile(const v1::PoleProfile& profile,
                         absl::string_view prefix, absl::string_view tenant,
                         Violations& out, std::string* founding_event_id);

}  // namespace poles::events

#endif  // POLES_SERVICES_EVENTS_EVENTS_VALIDATION_H_
