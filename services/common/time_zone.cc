#include "services/common/time_zone.h"

#include <cstdio>
#include <cstdlib>
#include <string>

#include "absl/strings/str_cat.h"

namespace poles {

namespace {

const absl::StatusOr<absl::TimeZone>& Montreal() {
  static const auto* const zone = new absl::StatusOr<absl::TimeZone>(
      LoadNamedTimeZone(kMontrealTimeZoneName));
  return *zone;
}

}  // namespace

absl::StatusOr<absl::TimeZone> LoadNamedTimeZone(absl::string_view name) {
  absl::TimeZone zone;
  if (!absl::LoadTimeZone(std::string(name), &zone)) {
    return absl::FailedPreconditionError(absl::StrCat(
        "time zone ", name,
        " is not in the system time zone database (install the Debian "
        "package tzdata, or set TZDIR to a zoneinfo folder)"));
  }
  return zone;
}

absl::Status LoadMontrealTimeZone() { return Montreal().status(); }

const absl::TimeZone& MontrealTimeZone() {
  const auto& zone = Montreal();
  if (!zone.ok()) {
    std::fprintf(stderr, "fatal: %s\n", zone.status().ToString().c_str());
    std::abort();
  }
  return *zone;
}

}  // namespace poles
