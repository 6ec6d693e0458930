// libFuzzer target: the public calendar (/p/{tenant}/calendrier.ics) from
// tenants' event texts. Whatever the texts and times (years 1..9999), the
// feed is valid UTF-8 made of CRLF-ended physical lines of at most 75
// octets with no other CR or LF; unfolded, every TEXT value (UID, SUMMARY,
// DESCRIPTION, LOCATION, X-WR-CALNAME) has its , ; and \ escaped and no
// control character but HTAB, and neither has the URL.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <fuzzer/FuzzedDataProvider.h>

#include "absl/strings/match.h"
#include "fuzz/fuzz_checks.h"
#include "services/common/time_zone.h"
#include "services/events/icalendar.h"

namespace {

// Years 1 and 9999.
constexpr int64_t kFirst = -62135596800;
constexpr int64_t kLast = 253402300799;

bool TextValueEscaped(const std::string& value) {
  for (size_t i = 0; i < value.size(); ++i) {
    const unsigned char c = value[i];
    if (c == '\\') {
      if (i + 1 >= value.size()) return false;
      const char e = value[++i];
      if (e != '\\' && e != ';' && e != ',' && e != 'n' && e != 'N') {
        return false;
      }
    } else if (c == ';' || c == ',' || c == 0x7F || (c < 0x20 && c != '\t')) {
      return false;
    }
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const bool zone_loaded = poles::LoadMontrealTimeZone().ok();
  if (!zone_loaded) __builtin_trap();
  FuzzedDataProvider in(data, size);
  const std::string calendar = in.ConsumeRandomLengthString(100);
  std::vector<poles::events::CalendarEvent> events(
      in.ConsumeIntegralInRange<int>(0, 3));
  for (auto& e : events) {
    e.uid = in.ConsumeRandomLengthString(80);
    e.summary = in.ConsumeRandomLengthString(200);
    e.description = in.ConsumeRandomLengthString(300);
    e.location = in.ConsumeRandomLengthString(80);
    e.url = in.ConsumeRandomLengthString(80);
    e.start_unix_seconds =
        in.ConsumeIntegralInRange<int64_t>(kFirst, kLast - 1);
    e.end_unix_seconds =
        in.ConsumeIntegralInRange<int64_t>(e.start_unix_seconds + 1, kLast);
    e.updated_unix_seconds = in.ConsumeIntegralInRange<int64_t>(kFirst, kLast);
  }
  const std::string feed = poles::events::RenderICalendar(calendar, events);

  if (!poles::fuzz::ValidUtf8(feed)) __builtin_trap();
  if (!absl::EndsWith(feed, "\r\n")) __builtin_trap();
  std::vector<std::string> logical;
  size_t at = 0;
  while (at < feed.size()) {
    const size_t end = feed.find("\r\n", at);
    if (end == std::string::npos) __builtin_trap();
    const std::string line = feed.substr(at, end - at);
    at = end + 2;
    if (line.size() > 75) __builtin_trap();
    if (line.find_first_of("\r\n") != std::string::npos) __builtin_trap();
    if (!line.empty() && line[0] == ' ') {
      if (logical.empty()) __builtin_trap();
      logical.back() += line.substr(1);
    } else {
      logical.push_back(line);
    }
  }
  size_t vevents = 0;
  for (const std::string& line : logical) {
    const size_t colon = line.find(':');
    if (colon == std::string::npos) __builtin_trap();
    const std::string name = line.substr(0, line.find_first_of(";:"));
    const std::string value = line.substr(colon + 1);
    if (name == "UID" || name == "SUMMARY" || name == "DESCRIPTION" ||
        name == "LOCATION" || name == "X-WR-CALNAME") {
      if (!TextValueEscaped(value)) __builtin_trap();
    } else if (name == "URL") {
      // Controls but HTAB, which the URL keeps as TEXT does.
      for (unsigned char c : value) {
        if ((c < 0x20 && c != '\t') || c == 0x7F) __builtin_trap();
      }
    }
    if (line == "BEGIN:VEVENT") ++vevents;
  }
  if (vevents != events.size()) __builtin_trap();
  return 0;
}
