#include "services/common/resource_name.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "services/common/errors.h"

namespace poles {

bool IsValidTenantSlug(absl::string_view id) {
  if (id.size() < 2 || id.size() > 63 || !absl::ascii_islower(id[0])) {
    return false;
  }
  for (size_t i = 0; i < id.size(); ++i) {
    char c = id[i];
    if (!(absl::ascii_islower(c) || absl::ascii_isdigit(c) || c == '-')) {
      return false;
    }
    if (c == '-' && (i + 1 == id.size() || id[i + 1] == '-')) return false;
  }
  return true;
}

bool IsValidResourceId(absl::string_view id) {
  if (id.empty() || id.size() > 63 || id[0] == '-') return false;
  for (char c : id) {
    if (!(absl::ascii_islower(c) || absl::ascii_isdigit(c) || c == '-')) {
      return false;
    }
  }
  return true;
}

absl::StatusOr<std::vector<std::string>> ParseResourceName(
    absl::string_view field, absl::string_view name,
    std::initializer_list<absl::string_view> collections,
    bool allow_wildcard_last) {
  std::string pattern;
  for (auto c : collections) {
    if (!pattern.empty()) pattern += "/";
    absl::StrAppend(&pattern, c, "/{",
                    c == "tenants" ? "tenant" : c.substr(0, c.size() - 1), "}");
  }
  auto bad = [&]() {
    return InvalidField(field, absl::StrCat("must be a resource name of the "
                                            "form ",
                                            pattern));
  };
  if (name.empty())
    return InvalidField(field, absl::StrCat("is required (", pattern, ")"));
  if (name.size() > 400) return bad();
  std::vector<absl::string_view> parts = absl::StrSplit(name, '/');
  if (parts.size() != 2 * collections.size()) return bad();
  std::vector<std::string> ids;
  size_t i = 0;
  for (auto c : collections) {
    if (parts[i] != c) return bad();
    absl::string_view id = parts[i + 1];
    bool last = i + 2 == parts.size();
    bool ok = c == "tenants" ? IsValidTenantSlug(id)
              : (allow_wildcard_last && last && id == "-")
                  ? true
                  : IsValidResourceId(id);
    if (!ok) return bad();
    ids.emplace_back(id);
    i += 2;
  }
  return ids;
}

std::string FormatResourceName(
    std::initializer_list<absl::string_view> collections,
    std::initializer_list<absl::string_view> ids) {
  std::string out;
  auto id = ids.begin();
  for (auto c : collections) {
    if (!out.empty()) out += "/";
    absl::StrAppend(&out, c, "/", *id++);
  }
  return out;
}

}  // namespace poles
