#include "services/events/icalendar.h"

#include <cstddef>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "services/common/time_zone.h"
#include "services/common/validation.h"

namespace poles::events {
namespace {

constexpr size_t kMaxLineOctets = 75;  // RFC 5545 §3.1, CRLF excluded
constexpr absl::string_view kCrlf = "\r\n";
constexpr absl::string_view kReplacementCharacter = "\xEF\xBF\xBD";  // U+FFFD

constexpr absl::string_view kProdId =
    "-//Poles economie sociale//Plateforme//FR";

// America/Montreal as North America has kept it since 2007. The DTSTARTs are
// the first onsets in 1970 that match the RRULEs (1970-03-08 and 1970-11-01
// were the second and first Sundays of their months).
constexpr absl::string_view kMontrealVTimezone[] = {
    "BEGIN:VTIMEZONE",
    "TZID:America/Montreal",
    "X-LIC-LOCATION:America/Montreal",
    "BEGIN:DAYLIGHT",
    "TZOFFSETFROM:-0500",
    "TZOFFSETTO:-0400",
    "TZNAME:EDT",
    "DTSTART:19700308T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU",
    "END:DAYLIGHT",
    "BEGIN:STANDARD",
    "TZOFFSETFROM:-0400",
    "TZOFFSETTO:-0500",
    "TZNAME:EST",
    "DTSTART:19701101T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU",
    "END:STANDARD",
    "END:VTIMEZONE",
};

bool IsContinuationByte(unsigned char c) { return (c & 0xC0) == 0x80; }

// Copies `text` as valid UTF-8 without the control characters TEXT forbids;
// with `escape`, also applies the TEXT escapes (and line breaks become "\n";
// without it they are dropped like the other controls).
std::string CleanText(absl::string_view text, bool escape) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    const auto u = static_cast<unsigned char>(c);
    if (u >= 0x80) {
      const size_t n = Utf8SequenceLength(text.substr(i));
      if (n == 0) {
        out.append(kReplacementCharacter.data(), kReplacementCharacter.size());
        ++i;
      } else {
        out.append(text.data() + i, n);
        i += n;
      }
      continue;
    }
    ++i;
    if (c == '\r' || c == '\n') {
      if (c == '\r' && i < text.size() && text[i] == '\n') ++i;  // CRLF
      if (escape) out += "\\n";
    } else if (escape && (c == '\\' || c == ';' || c == ',')) {
      out += '\\';
      out += c;
    } else if ((u < 0x20 && c != '\t') || u == 0x7F) {
      // A control character TEXT does not allow: dropped.
    } else {
      out += c;
    }
  }
  return out;
}

// `name` + ":" + the instant in UTC.
std::string UtcProperty(absl::string_view name, int64_t unix_seconds) {
  return absl::StrCat(
      name, ":",
      absl::FormatTime("%Y%m%dT%H%M%SZ", absl::FromUnixSeconds(unix_seconds),
                       absl::UTCTimeZone()));
}

// `name` with TZID and the local wall time in America/Montreal, or in UTC
// when the wall time is ambiguous there (readers would resolve it to the
// first occurrence, RFC 5545 §3.3.5, or to some other one).
std::string DateTimeProperty(absl::string_view name, int64_t unix_seconds) {
  const absl::TimeZone& zone = MontrealTimeZone();
  const absl::Time t = absl::FromUnixSeconds(unix_seconds);
  const absl::CivilSecond local = absl::ToCivilSecond(t, zone);
  if (zone.At(local).kind != absl::TimeZone::TimeInfo::UNIQUE) {
    return UtcProperty(name, unix_seconds);
  }
  return absl::StrCat(name, ";TZID=", kCalendarTimeZone, ":",
                      absl::FormatTime("%Y%m%dT%H%M%S", t, zone));
}

}  // namespace

std::string EscapeText(absl::string_view text) {
  return CleanText(text, /*escape=*/true);
}

std::string FoldLine(absl::string_view line) {
  std::string out;
  out.reserve(line.size() + (line.size() / (kMaxLineOctets - 1) + 1) * 3);
  size_t pos = 0;
  bool first = true;
  while (true) {
    // A continuation line spends one of its 75 octets on the leading space.
    const size_t room = first ? kMaxLineOctets : kMaxLineOctets - 1;
    if (!first) out += ' ';
    if (line.size() - pos <= room) {
      out.append(line.data() + pos, line.size() - pos);
      out.append(kCrlf.data(), kCrlf.size());
      return out;
    }
    size_t cut = pos + room;  // first octet of the next physical line
    // Back up to the lead byte of a sequence (at most 3 continuation bytes);
    // in invalid UTF-8 with no lead byte in reach, cut at the limit anyway.
    size_t lead = cut;
    while (lead > pos && cut - lead < 3 &&
           IsContinuationByte(static_cast<unsigned char>(line[lead]))) {
      --lead;
    }
    if (lead > pos &&
        !IsContinuationByte(static_cast<unsigned char>(line[lead]))) {
      cut = lead;
    }
    out.append(line.data() + pos, cut - pos);
    out.append(kCrlf.data(), kCrlf.size());
    pos = cut;
    first = false;
  }
}

std::string RenderICalendar(const std::string& calendar_name,
                            const std::vector<CalendarEvent>& events) {
  std::string out;
  const auto add = [&out](absl::string_view line) { out += FoldLine(line); };

  add("BEGIN:VCALENDAR");
  add(absl::StrCat("PRODID:", kProdId));
  add("VERSION:2.0");
  add("CALSCALE:GREGORIAN");
  add("METHOD:PUBLISH");
  add(absl::StrCat("X-WR-CALNAME:", EscapeText(calendar_name)));
  add(absl::StrCat("X-WR-TIMEZONE:", kCalendarTimeZone));
  for (absl::string_view line : kMontrealVTimezone) add(line);
  for (const CalendarEvent& event : events) {
    add("BEGIN:VEVENT");
    add(absl::StrCat("UID:", EscapeText(event.uid)));
    add(UtcProperty("DTSTAMP", event.updated_unix_seconds));
    add(UtcProperty("LAST-MODIFIED", event.updated_unix_seconds));
    add(DateTimeProperty("DTSTART", event.start_unix_seconds));
    add(DateTimeProperty("DTEND", event.end_unix_seconds));
    add(absl::StrCat("SUMMARY:", EscapeText(event.summary)));
    if (!event.description.empty()) {
      add(absl::StrCat("DESCRIPTION:", EscapeText(event.description)));
    }
    if (!event.location.empty()) {
      add(absl::StrCat("LOCATION:", EscapeText(event.location)));
    }
    if (!event.url.empty()) {
      add(absl::StrCat("URL:", CleanText(event.url, /*escape=*/false)));
    }
    add("END:VEVENT");
  }
  add("END:VCALENDAR");
  return out;
}

}  // namespace poles::events
