// libFuzzer target: resource names from the outside world. Parsing never
// crashes, refuses with INVALID_ARGUMENT only, and what it accepts formats
// back to the very same name.
#include <cstddef>
#include <cstdint>
#include <string>

#include "services/common/resource_name.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const std::string name(reinterpret_cast<const char*>(data) + 1, size - 1);
  absl::StatusOr<std::vector<std::string>> ids;
  std::vector<std::string> ids_copy;
  switch (data[0] % 3) {
    case 0:
      ids = poles::ParseResourceName("name", name, {"tenants"});
      if (ids.ok() &&
          poles::FormatResourceName({"tenants"}, {(*ids)[0]}) != name) {
        __builtin_trap();
      }
      break;
    case 1:
      ids = poles::ParseResourceName("name", name, {"tenants", "plans"});
      if (ids.ok() &&
          poles::FormatResourceName({"tenants", "plans"},
                                    {(*ids)[0], (*ids)[1]}) != name) {
        __builtin_trap();
      }
      break;
    default:
      ids =
          poles::ParseResourceName("name", name, {"tenants", "plans", "items"},
                                   /*allow_wildcard_last=*/true);
      if (ids.ok() && poles::FormatResourceName(
                          {"tenants", "plans", "items"},
                          {(*ids)[0], (*ids)[1], (*ids)[2]}) != name) {
        __builtin_trap();
      }
      break;
  }
  if (!ids.ok() && ids.status().code() != absl::StatusCode::kInvalidArgument) {
    __builtin_trap();
  }
  return 0;
}
