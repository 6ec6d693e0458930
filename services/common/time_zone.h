#ifndef POLES_SERVICES_COMMON_TIME_ZONE_H_
#define POLES_SERVICES_COMMON_TIME_ZONE_H_

// The one time zone of the platform: every Pôle lives in America/Montreal
// (fiscal years, "today", event wall times). It comes from the system's time
// zone database (Debian package tzdata); without it the binaries refuse to
// start instead of guessing an offset.

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace poles {

// The IANA name of the platform's zone.
inline constexpr absl::string_view kMontrealTimeZoneName = "America/Montreal";

// Loads America/Montreal once. Call at start-up (poles-server, polesctl):
// FAILED_PRECONDITION naming the zone and the tzdata package if the system
// has no such zone. Thread-safe; later calls return the first result.
absl::Status LoadMontrealTimeZone();

// America/Montreal. Loads it on first use if LoadMontrealTimeZone was not
// called, and aborts the process with LoadMontrealTimeZone's message if it
// cannot be loaded (never a silent UTC or fixed-offset fallback).
const absl::TimeZone& MontrealTimeZone();

// Loads the zone named `name` from the system database; FAILED_PRECONDITION
// with a message naming it and tzdata otherwise. Exposed for tests.
absl::StatusOr<absl::TimeZone> LoadNamedTimeZone(absl::string_view name);

}  // namespace poles

#endif  // POLES_SERVICES_COMMON_TIME_ZONE_H_
