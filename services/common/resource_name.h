#ifndef POLES_SERVICES_COMMON_RESOURCE_NAME_H_
#define POLES_SERVICES_COMMON_RESOURCE_NAME_H_

#include <initializer_list>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace poles {

// True for a tenant slug: `[a-z][a-z0-9-]{1,62}`, no trailing or double '-'.
bool IsValidTenantSlug(absl::string_view id);

// True for a resource id: `[a-z0-9][a-z0-9-]{0,62}`.
bool IsValidResourceId(absl::string_view id);

// Parses `name` against a pattern of collection names, e.g.
// {"tenants", "plans"} for `tenants/{tenant}/plans/{plan}`, and returns the
// ids in order. The first id (after "tenants") must be a tenant slug, the
// others resource ids; an id equal to `wildcard` ("-") is accepted where
// `allow_wildcard_last` and it is the last one.
// INVALID_ARGUMENT naming `field` and the expected pattern otherwise.
absl::StatusOr<std::vector<std::string>> ParseResourceName(
    absl::string_view field, absl::string_view name,
    std::initializer_list<absl::string_view> collections,
    bool allow_wildcard_last = false);

// Builds `c1/id1/c2/id2/...`.
std::string FormatResourceName(
    std::initializer_list<absl::string_view> collections,
    std::initializer_list<absl::string_view> ids);

}  // namespace poles

#endif  // POLES_SERVICES_COMMON_RESOURCE_NAME_H_
