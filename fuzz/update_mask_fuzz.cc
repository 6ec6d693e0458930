// libFuzzer target: update masks sent by clients. A FieldMask read from
// arbitrary bytes (what a gRPC request carries) or from comma-separated
// text never crashes MaskPaths; it is accepted only when every path is one
// the method allows or an output-only one, and then returns exactly the
// allowed paths given; anything else is INVALID_ARGUMENT naming
// update_mask.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/strings/str_split.h"
#include "google/protobuf/field_mask.pb.h"
#include "google/protobuf/stubs/logging.h"
#include "services/common/standard_methods.h"
#include "services/common/validation.h"

namespace {

void Check(const google::protobuf::FieldMask& mask) {
  static const std::initializer_list<absl::string_view> kAllowed = {
      "display_name", "membership.status", "address", "mrc"};
  static const std::initializer_list<absl::string_view> kOutputOnly = {
      "name", "create_time", "update_time"};
  auto paths = poles::MaskPaths(mask, kAllowed, kOutputOnly);
  if (!paths.ok()) {
    if (paths.status().code() != absl::StatusCode::kInvalidArgument) {
      __builtin_trap();
    }
    if (paths.status().ToString().find("update_mask") == std::string::npos) {
      __builtin_trap();
    }
    // Shown to the client and serialized into the status details.
    if (!poles::IsValidUtf8(paths.status().message())) __builtin_trap();
    return;
  }
  for (const std::string& p : *paths) {
    if (std::find(kAllowed.begin(), kAllowed.end(), p) == kAllowed.end()) {
      __builtin_trap();
    }
  }
  for (const std::string& p : mask.paths()) {
    const bool allowed =
        std::find(kAllowed.begin(), kAllowed.end(), p) != kAllowed.end();
    const bool output_only = std::find(kOutputOnly.begin(), kOutputOnly.end(),
                                       p) != kOutputOnly.end();
    if (!allowed && !output_only) __builtin_trap();
    if (allowed && !poles::HasPath(*paths, p)) __builtin_trap();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // Parsing invalid UTF-8 into FieldMask.paths fails with a log line each
  // time: expected here, and noise.
  static const bool quiet = (google::protobuf::SetLogHandler(nullptr), true);
  (void)quiet;
  const std::string input(reinterpret_cast<const char*>(data), size);
  google::protobuf::FieldMask wire;
  if (wire.ParseFromString(input)) Check(wire);
  // As text: the paths a client's JSON or CLI gives, which the wire carries
  // only as valid UTF-8.
  if (poles::IsValidUtf8(input)) {
    google::protobuf::FieldMask text;
    for (absl::string_view p : absl::StrSplit(input, ',')) {
      text.add_paths(std::string(p));
    }
    Check(text);
  }
  return 0;
}
