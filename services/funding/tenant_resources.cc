#include "services/funding/tenant_resources.h"

#include "absl/strings/str_cat.h"
#include "services/common/standard_methods.h"
#include "services/common/validation.h"
#include "services/funding/funding_validation.h"

namespace poles::funding {

absl::Status DeleteResourceInTransaction(Call& c, const std::string& name,
                                         absl::string_view collection,
                                         absl::string_view etag,
                                         const char* lock, const char* remove,
                                         RemoveCheck may_remove) {
  POLES_ASSIGN_OR_RETURN(
      auto ids, ParseResourceName("name", name, {"tenants", collection}));
  POLES_RETURN_IF_ERROR(c.AuthorizeTenant(ids[0]));
  const std::string& tenant = ids[0];
  return InTenantTransaction(
      c, tenant, [&](storage::TenantTransaction& tx) -> absl::Status {
        pqxx::result cur = tx.work().exec_prepared(lock, tenant, ids[1]);
        if (cur.empty()) return NotFound(name);
        POLES_RETURN_IF_ERROR(CheckEtag(etag, cur[0]["version"].as<int64_t>()));
        POLES_RETURN_IF_ERROR(may_remove(tx, tenant, ids[1]));
        tx.work().exec_prepared(remove, tenant, ids[1]);
        return WriteAudit(tx, c, name);
      });
}

absl::Status DeleteResourceInTransaction(Call& c, const std::string& name,
                                         absl::string_view collection,
                                         absl::string_view etag,
                                         const char* lock, const char* remove) {
  return DeleteResourceInTransaction(
      c, name, collection, etag, lock, remove,
      [](storage::TenantTransaction&, const std::string&, const std::string&) {
        return absl::OkStatus();
      });
}

absl::StatusOr<ListScope> ParseListRequest(
    Call& c, const PageTokenCodec& tokens, const std::string& parent,
    int page_size, const std::string& page_token,
    const std::string& fiscal_year, const std::string* funder) {
  Violations v;
  auto ids = ParseResourceName("parent", parent, {"tenants"});
  v.Merge(ids.status());
  auto size = EffectivePageSize(page_size);
  v.Merge(size.status());
  ListScope scope;
  if (!fiscal_year.empty()) {
    auto fy = ParseFiscalYear("fiscal_year", fiscal_year);
    v.Merge(fy.status());
    if (fy.ok()) scope.fiscal_year = *fy;
  }
  if (funder != nullptr) {
    scope.by_funder = true;
    scope.funder = ParseFunderRef(v, "funder", *funder, false);
  }
  POLES_RETURN_IF_ERROR(v.Status());
  scope.tenant = (*ids)[0];
  scope.size = *size;
  POLES_RETURN_IF_ERROR(c.AuthorizeTenant(scope.tenant));
  scope.filter = funder != nullptr
                     ? absl::StrCat(scope.fiscal_year, "|", scope.funder)
                     : std::to_string(scope.fiscal_year);
  POLES_ASSIGN_OR_RETURN(
      scope.key, DecodePageToken(tokens, page_token, parent, scope.filter, 2));
  return scope;
}

}  // namespace poles::funding
