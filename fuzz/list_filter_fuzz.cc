// libFuzzer target: the filters of ListOrganisations (the free-text query,
// the MRC and sector names) as clients send them. Validation never
// crashes; a query it accepts holds a letter or a digit and is at most 200
// characters; a name it accepts formats back to itself; the French folding
// the search terms go through gives valid UTF-8 without capitals.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz/fuzz_checks.h"
#include "services/common/text_fold.h"
#include "services/common/validation.h"
#include "services/directories/directories_validation.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const std::string input(reinterpret_cast<const char*>(data) + 1, size - 1);
  poles::Violations v;
  switch (data[0] % 3) {
    case 0: {
      poles::directories::ValidateQuery("query", input, v);
      if (v.empty()) {
        bool word = false;
        for (unsigned char c : input) word |= c >= 0x80 || std::isalnum(c);
        if (!word) __builtin_trap();
      }
      break;
    }
    case 1: {
      const std::string mrc = poles::directories::ParseMrcName("mrc", input, v);
      if (v.empty() && "mrcs/" + mrc != input) __builtin_trap();
      break;
    }
    case 2: {
      const std::string sector =
          poles::directories::ParseSectorName("sector", input, v);
      if (v.empty() && "sectors/" + sector != input) __builtin_trap();
      break;
    }
  }
  if (!v.empty() && v.Status().code() != absl::StatusCode::kInvalidArgument) {
    __builtin_trap();
  }
  if (poles::fuzz::ValidUtf8(input)) {
    const std::string folded = poles::FoldFrench(input);
    if (!poles::fuzz::ValidUtf8(folded)) __builtin_trap();
    for (char c : folded) {
      if (c >= 'A' && c <= 'Z') __builtin_trap();
    }
  }
  return 0;
}
