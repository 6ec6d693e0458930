#ifndef POLES_SERVICES_FUNDING_TENANT_RESOURCES_H_
#define POLES_SERVICES_FUNDING_TENANT_RESOURCES_H_

#include <cstdint>
#include <string>
#include <vector>

#include <pqxx/pqxx>

#include "absl/functional/function_ref.h"
#include "absl/strings/string_view.h"
#include "services/common/call.h"
#include "services/common/mutation.h"
#include "services/common/page_token.h"
#include "services/common/resource_name.h"
#include "services/common/status_macros.h"
#include "storage/tenant_transaction.h"

// The standard methods the funding service's tenant resources (agreements,
// calls for projects, reported totals) share, around each resource's own
// statements and row mapper. A resource is named
// `tenants/{tenant}/{collection}/{id}`; its statements take $1 tenant and
// $2 id; `from_row(tenant, row, out)` maps one of its rows; the lock
// statement reads the row FOR UPDATE with its `version`.
namespace poles::funding {

// AIP-131 Get in one tenant transaction: parses `name` (INVALID_ARGUMENT
// naming `name`), authorises the tenant, runs `get`; NOT_FOUND without a
// row.
template <typename Message, typename FromRow>
absl::Status GetResourceInTransaction(Call& c, const std::string& name,
                                      absl::string_view collection,
                                      const char* get, FromRow from_row,
                                      Message* out) {
  POLES_ASSIGN_OR_RETURN(
      auto ids, ParseResourceName("name", name, {"tenants", collection}));
  POLES_RETURN_IF_ERROR(c.AuthorizeTenant(ids[0]));
  return InTenantTransaction(
      c, ids[0], [&](storage::TenantTransaction& tx) -> absl::Status {
        pqxx::result rows = tx.work().exec_prepared(get, ids[0], ids[1]);
        if (rows.empty()) return NotFound(name);
        from_row(ids[0], rows[0], out);
        return absl::OkStatus();
      });
}

// AIP-134 Update of resource `id` of `tenant` (already authorised), in one
// tenant transaction: `lock` reads the current row (NOT_FOUND naming
// `in.name()` without one), `in.etag()` is checked against its version
// (ABORTED on a mismatch), the row is mapped into a message that
// `merge(message)` changes as the update mask says and validates (its error
// is returned as is), `write(tx, message)` writes it and fills `out`, then
// the audit row is written.
template <typename Message, typename FromRow, typename Merge, typename Write>
absl::Status UpdateResourceInTransaction(Call& c, const std::string& tenant,
                                         const std::string& id,
                                         const Message& in, const char* lock,
                                         FromRow from_row, Merge merge,
                                         Write write, Message* out) {
  return InTenantTransaction(
      c, tenant, [&](storage::TenantTransaction& tx) -> absl::Status {
        pqxx::result cur = tx.work().exec_prepared(lock, tenant, id);
        if (cur.empty()) return NotFound(in.name());
        POLES_RETURN_IF_ERROR(
            CheckEtag(in.etag(), cur[0]["version"].as<int64_t>()));
        Message m;
        from_row(tenant, cur[0], &m);
        POLES_RETURN_IF_ERROR(merge(m));
        POLES_RETURN_IF_ERROR(write(tx, m));
        return WriteAudit(tx, c, out->name());
      });
}

// AIP-135 Delete in one tenant transaction: parses `name`, authorises the
// tenant, `lock` (NOT_FOUND without a row), checks `etag`, then
// `may_remove(tx, tenant, id)` (its error is returned as is: a resource still
// in use), runs `remove`, writes the audit row.
using RemoveCheck = absl::FunctionRef<absl::Status(
    storage::TenantTransaction&, const std::string&, const std::string&)>;
absl::Status DeleteResourceInTransaction(Call& c, const std::string& name,
                                         absl::string_view collection,
                                         absl::string_view etag,
                                         const char* lock, const char* remove,
                                         RemoveCheck may_remove);
// The same when nothing can hold the resource back.
absl::Status DeleteResourceInTransaction(Call& c, const std::string& name,
                                         absl::string_view collection,
                                         absl::string_view etag,
                                         const char* lock, const char* remove);

// What a List of these resources asks, validated and authorised: the tenant
// of `parent`, the page size, the fiscal year (-1: any), the funder
// (empty: any) and the keyset position the page token holds (two parts).
struct ListScope {
  std::string tenant;
  int size = 0;
  int fiscal_year = -1;
  std::string funder;
  bool by_funder = false;  // the method filters on the funder
  std::string filter;      // what the page token is bound to besides the parent
  std::vector<std::string> key;
};

// Validates a List request (every bad field named together), authorises
// its tenant and decodes its page token. `funder` null: the method has no
// funder filter.
absl::StatusOr<ListScope> ParseListRequest(
    Call& c, const PageTokenCodec& tokens, const std::string& parent,
    int page_size, const std::string& page_token,
    const std::string& fiscal_year, const std::string* funder);

// AIP-132 List in one tenant transaction: runs `statement` with ($1 tenant,
// $2 and $3 the keyset position, $4 fiscal year, [$5 funder when
// scope.by_funder,] then the limit scope.size + 1), maps the first
// scope.size rows with `from_row(tenant, row, add())`, and sets the next
// page token from the last one's `key_first` and `key_second` columns when
// there are more.
template <typename FromRow, typename Add>
absl::Status ListResourcesInTransaction(
    Call& c, const ListScope& scope, const PageTokenCodec& tokens,
    const std::string& parent, const char* statement, const char* key_first,
    const char* key_second, FromRow from_row, Add add,
    std::string* next_page_token) {
  return InTenantTransaction(
      c, scope.tenant, [&](storage::TenantTransaction& tx) -> absl::Status {
        pqxx::result rows =
            scope.by_funder
                ? tx.work().exec_prepared(statement, scope.tenant, scope.key[0],
                                          scope.key[1], scope.fiscal_year,
                                          scope.funder, scope.size + 1)
                : tx.work().exec_prepared(statement, scope.tenant, scope.key[0],
                                          scope.key[1], scope.fiscal_year,
                                          scope.size + 1);
        const int n = static_cast<int>(rows.size());
        for (int i = 0; i < n && i < scope.size; ++i) {
          from_row(scope.tenant, rows[i], add());
        }
        if (n > scope.size) {
          const auto& last = rows[scope.size - 1];
          *next_page_token = tokens.Encode(
              parent, scope.filter,
              {last[key_first].c_str(), last[key_second].c_str()});
        }
        return absl::OkStatus();
      });
}

}  // namespace poles::funding

#endif  // POLES_SERVICES_FUNDING_TENANT_RESOURCES_H_
