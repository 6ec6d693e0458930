#ifndef POLES_SERVICES_EVENTS_ICALENDAR_H_
#define POLES_SERVICES_EVENTS_ICALENDAR_H_

// Renders the Pôles' public events as an iCalendar feed (RFC 5545), for
// calendar clients that subscribe to a URL (Google Agenda, Outlook, Apple
// Calendrier, Thunderbird). A pure library: no I/O, no clock.

#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "services/common/time_zone.h"

namespace poles::events {

// The zone every Pôle lives in; local wall times in the feed are in it.
inline constexpr absl::string_view kCalendarTimeZone = kMontrealTimeZoneName;

struct CalendarEvent {
  std::string uid;  // globally unique, e.g. "tenants/x/events/y@poles.quebec"
  std::string summary;      // title, French; any text (escaped on output)
  std::string description;  // may be empty (then no DESCRIPTION line)
  std::string location;     // MRC / municipality or "En ligne"; may be empty
  std::string url;          // may be empty; a URI, written unescaped
  int64_t start_unix_seconds = 0;
  int64_t end_unix_seconds = 0;      // > start
  int64_t updated_unix_seconds = 0;  // for DTSTAMP / LAST-MODIFIED
};

// Renders a whole VCALENDAR: PRODID, VERSION 2.0, CALSCALE GREGORIAN,
// METHOD PUBLISH, X-WR-CALNAME `calendar_name`, X-WR-TIMEZONE
// America/Montreal, one VTIMEZONE for America/Montreal (EST -0500 / EDT -0400,
// the North American rules in force since 2007) and one VEVENT per event, in
// the given order.
//
// DTSTART/DTEND are written as local wall time with TZID=America/Montreal,
// except an instant whose wall time is ambiguous (the repeated hour when
// clocks fall back in November), which is written in UTC ("...Z") so that
// every reader gets the exact instant back. DTSTAMP and LAST-MODIFIED are the
// event's `updated_unix_seconds` in UTC. The zone is MontrealTimeZone()
// (services/common/time_zone.h), which the binaries load at start-up.
//
// All TEXT values (UID, SUMMARY, DESCRIPTION, LOCATION, X-WR-CALNAME) go
// through EscapeText; the URL has its control characters dropped. Every
// content line is folded with FoldLine, so the output uses CRLF line endings
// throughout and no physical line exceeds 75 octets.
//
// Times are expected within years 1..9999 (as the events service validates);
// the output for other instants is unspecified.
std::string RenderICalendar(const std::string& calendar_name,
                            const std::vector<CalendarEvent>& events);

// Exposed for tests.

// Escapes `text` as an iCalendar TEXT value (RFC 5545 §3.3.11): backslash,
// semicolon and comma get a backslash; a line break (CRLF, LF or lone CR)
// becomes the two characters "\n". Other control characters except HTAB
// (which TEXT does not allow) are dropped, and bytes that are not valid
// UTF-8 are replaced by U+FFFD, so the result is always valid UTF-8.
std::string EscapeText(absl::string_view text);

// Folds one unfolded content line (which must contain no CR or LF) into
// physical lines of at most 75 octets each, not counting the CRLF: the
// continuation lines start with one space, and a fold never falls inside a
// UTF-8 multi-byte sequence. Returns the physical lines, each followed by
// CRLF ("" gives "\r\n").
std::string FoldLine(absl::string_view line);

}  // namespace poles::events

#endif  // POLES_SERVICES_EVENTS_ICALENDAR_H_
