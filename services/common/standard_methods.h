#ifndef POLES_SERVICES_COMMON_STANDARD_METHODS_H_
#define POLES_SERVICES_COMMON_STANDARD_METHODS_H_

// Pieces every service's standard methods share (AIP-133/134/158).

#include <initializer_list>
#include <string>
#include <vector>

#include <google/protobuf/field_mask.pb.h>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "services/common/page_token.h"

namespace poles {

// Checks an update_mask against the paths a method may change. Output-only
// paths are ignored (AIP-134); any other unknown path, or an empty mask, is
// INVALID_ARGUMENT naming `update_mask`.
absl::StatusOr<std::vector<std::string>> MaskPaths(
    const google::protobuf::FieldMask& mask,
    std::initializer_list<absl::string_view> allowed,
    std::initializer_list<absl::string_view> output_only);

// True if `paths` contains `path`.
bool HasPath(const std::vector<std::string>& paths, absl::string_view path);

// Decodes a page token into its `key_parts` keyset values ("" each for the
// first page); a token of another shape is INVALID_ARGUMENT naming
// `page_token`.
absl::StatusOr<std::vector<std::string>> DecodePageToken(
    const PageTokenCodec& codec, absl::string_view token,
    absl::string_view parent, absl::string_view filter, size_t key_parts);

// A server-assigned resource id: 12 random lowercase hex digits.
std::string NewResourceId();

}  // namespace poles

#endif  // POLES_SERVICES_COMMON_STANDARD_METHODS_H_
