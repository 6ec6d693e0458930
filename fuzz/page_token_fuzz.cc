// libFuzzer target: page tokens sent back by clients. Decoding arbitrary
// bytes never crashes and is refused with INVALID_ARGUMENT unless the token
// is one the server signed; a signed token decodes to what was encoded, and
// only for the parent and filter it was bound to.
#include <cstddef>
#include <cstdint>
#include <string>

#include "services/common/page_token.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const poles::PageTokenCodec codec(std::string(32, 'k'));
  const std::string input(reinterpret_cast<const char*>(data), size);

  // Arbitrary tokens.
  auto decoded = codec.Decode(input, "tenants/a", "");
  if (!decoded.ok() &&
      decoded.status().code() != absl::StatusCode::kInvalidArgument) {
    __builtin_trap();
  }
  if (decoded.ok() && !input.empty() && decoded->empty()) __builtin_trap();

  // Round trip of arbitrary keys, bound to parent and filter.
  const size_t half = size / 2;
  std::vector<std::string> key = {input.substr(0, half), input.substr(half)};
  const std::string token = codec.Encode("tenants/a", "f", key);
  auto back = codec.Decode(token, "tenants/a", "f");
  if (!back.ok() || *back != key) __builtin_trap();
  if (codec.Decode(token, "tenants/b", "f").ok()) __builtin_trap();
  if (codec.Decode(token, "tenants/a", "g").ok()) __builtin_trap();
  return 0;
}
