#include "services/common/standard_methods.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "base/random.h"
#include "services/common/errors.h"
#include "services/common/status_macros.h"
#include "services/common/validation.h"

namespace poles {

namespace {

// The longest prefix of `text` of at most `max_bytes` that ends between
// two well-formed UTF-8 characters (an error message must stay valid UTF-8:
// it is serialized into the status details).
absl::string_view Utf8Prefix(absl::string_view text, size_t max_bytes) {
  size_t n = 0;
  while (n < text.size()) {
    const size_t len = Utf8SequenceLength(text.substr(n));
    if (len == 0 || n + len > max_bytes) break;
    n += len;
  }
  return text.substr(0, n);
}

}  // namespace

absl::StatusOr<std::vector<std::string>> MaskPaths(
    const google::protobuf::FieldMask& mask,
    std::initializer_list<absl::string_view> allowed,
    std::initializer_list<absl::string_view> output_only) {
  if (mask.paths_size() == 0) {
    return InvalidField("update_mask",
                        "is required: list the fields to change");
  }
  std::vector<std::string> paths;
  for (const auto& p : mask.paths()) {
    if (std::find(output_only.begin(), output_only.end(), p) !=
        output_only.end()) {
      continue;
    }
    if (std::find(allowed.begin(), allowed.end(), p) == allowed.end()) {
      return InvalidField(
          "update_mask", absl::StrCat("\"", Utf8Prefix(p, 64),
                                      "\" is not a field that can be updated"));
    }
    paths.push_back(p);
  }
  return paths;
}

bool HasPath(const std::vector<std::string>& paths, absl::string_view path) {
  return std::find(paths.begin(), paths.end(), path) != paths.end();
}

absl::StatusOr<std::vector<std::string>> DecodePageToken(
    const PageTokenCodec& codec, absl::string_view token,
    absl::string_view parent, absl::string_view filter, size_t key_parts) {
  POLES_ASSIGN_OR_RETURN(auto key, codec.Decode(token, parent, filter));
  if (key.empty()) key.assign(key_parts, "");
  if (key.size() != key_parts) {
    return InvalidField("page_token", "is not valid for this listing");
  }
  return key;
}

std::string NewResourceId() { return RandomHex(6); }

}  // namespace poles
