// libFuzzer target: the JSON files polesctl imports (the plan files of
// data/seeds/plans, the events files of data/seeds/events, the funding
// files of data/seeds/funding). Parsing arbitrary text never crashes or
// throws, and refuses with INVALID_ARGUMENT only; what it accepts names a
// tenant.
#include <cstddef>
#include <cstdint>
#include <string>

#include "cli/events_file.h"
#include "cli/funding_file.h"
#include "cli/plan_file.h"
#include "google/protobuf/stubs/logging.h"

namespace {

void CheckRefusal(const absl::Status& s) {
  if (!s.ok() && s.code() != absl::StatusCode::kInvalidArgument) {
    __builtin_trap();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // A refusal quoting invalid UTF-8 from the file logs a protobuf error
  // when its details are serialized: noise here (polesctl prints it).
  static const bool quiet = (google::protobuf::SetLogHandler(nullptr), true);
  (void)quiet;
  if (size == 0) return 0;
  const std::string text(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (data[0] % 3) {
    case 0: {
      auto plan = poles::cli::ParsePlanFile(text);
      CheckRefusal(plan.status());
      break;
    }
    case 1: {
      auto events = poles::cli::ParseEventsFile(text);
      CheckRefusal(events.status());
      break;
    }
    case 2: {
      auto funding =
          poles::cli::ParseFundingFile(text, "/nonexistent/funding.json");
      CheckRefusal(funding.status());
      break;
    }
  }
  return 0;
}
