#ifndef POLES_SERVICES_COMMON_MUTATION_H_
#define POLES_SERVICES_COMMON_MUTATION_H_

#include <cstdint>
#include <string>
#include <vector>

#include <google/protobuf/message.h>
#include <google/protobuf/timestamp.pb.h>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "services/common/call.h"
#include "services/common/resource_name.h"
#include "services/common/status_macros.h"
#include "storage/session.h"
#include "storage/sql_error.h"
#include "storage/tenant_transaction.h"

namespace poles {

// Writes the audit row of a mutation (who, what, which resource, request id)
// in the mutation's own transaction.
absl::Status WriteAudit(storage::TenantTransaction& tx, const Call& call,
                        absl::string_view resource);

// AIP-155 idempotency for Create methods. If `request_id` was seen before in
// this tenant, fills `response` with the first response and returns true;
// a reuse with a different request or method is INVALID_ARGUMENT naming
// `request_id`. Returns false when the request is new (or has no id).
absl::StatusOr<bool> LoadReplay(storage::TenantTransaction& tx,
                                const std::string& request_id, const Call& call,
                                const google::protobuf::Message& request,
                                google::protobuf::Message* response);

// Records the response of a new request carrying `request_id`.
absl::Status SaveReplay(storage::TenantTransaction& tx,
                        const std::string& request_id, const Call& call,
                        const google::protobuf::Message& request,
                        const google::protobuf::Message& response);

// Entity tags: opaque strings derived from a row's version.
std::string FormatEtag(int64_t version);

// OK if `etag` is empty or names `current_version`; ABORTED with reason
// ETAG_MISMATCH otherwise (the resource changed since it was read).
absl::Status CheckEtag(absl::string_view etag, int64_t current_version);

// NOT_FOUND naming the resource.
absl::Status NotFound(absl::string_view resource_name);

// Microseconds since the epoch -> Timestamp.
void SetTimestamp(int64_t micros, google::protobuf::Timestamp* ts);

// SQL fragment for a timestamptz column as microseconds since the epoch.
// Being retired: statements are written out whole (style.md), so write
// "(extract(epoch FROM col) * 1000000)::bigint AS col_micros" in the
// statement instead. Still used by plans and directories.
#define POLES_MICROS(col) "(extract(epoch FROM " col ") * 1000000)::bigint"

}  // namespace poles

namespace poles {

// How a tenant transaction whose work succeeded ends: committed, or rolled
// back on purpose (a dry run: every check made, nothing kept).
enum class TransactionEnd { kCommit, kRollBack };

// Runs `fn(TenantTransaction&)` -> absl::Status in one tenant transaction for
// `tenant` and, if it succeeds, ends it as `end` says (OK after a deliberate
// rollback); rolls back otherwise. A database exception becomes the mapped
// status (see storage/sql_error.h), with `unique_violation_message` used for
// a unique violation when given.
template <typename Fn>
absl::Status InTenantTransaction(Call& call, const std::string& tenant, Fn fn,
                                 const char* unique_violation_message = nullptr,
                                 TransactionEnd end = TransactionEnd::kCommit) {
  auto tx =
      storage::TenantTransaction::Begin(*call.session, tenant, call.deadline);
  if (!tx.ok()) return tx.status();
  try {
    absl::Status s = fn(**tx);
    if (!s.ok()) return s;
  } catch (const pqxx::unique_violation& e) {
    if (unique_violation_message != nullptr) {
      return WithReason(absl::AlreadyExistsError(unique_violation_message),
                        "ALREADY_EXISTS");
    }
    return storage::StatusFromException(e, call.method);
  } catch (const std::exception& e) {
    return storage::StatusFromException(e, call.method);
  }
  if (end == TransactionEnd::kRollBack) return (*tx)->RollBack();
  return (*tx)->Commit();
}

// The standard Create (AIP-133) with AIP-155 idempotency, in one tenant
// transaction: a `request.request_id()` seen before returns the first
// response; otherwise `insert(tx)` checks what only the database can check,
// writes the resource and fills `out`, and the audit row and the replay
// record are written with it. A unique violation is ALREADY_EXISTS with
// `already_exists`.
template <typename Request, typename Message, typename Insert>
absl::Status CreateTenantResource(Call& call, const std::string& tenant,
                                  const Request& request, Insert insert,
                                  const char* already_exists, Message* out) {
  return InTenantTransaction(
      call, tenant,
      [&](storage::TenantTransaction& tx) -> absl::Status {
        POLES_ASSIGN_OR_RETURN(bool replay, LoadReplay(tx, request.request_id(),
                                                       call, request, out));
        if (replay) return absl::OkStatus();
        POLES_RETURN_IF_ERROR(insert(tx));
        POLES_RETURN_IF_ERROR(WriteAudit(tx, call, out->name()));
        return SaveReplay(tx, request.request_id(), call, request, *out);
      },
      already_exists);
}

// Runs a registered read statement for `tenant` in one round trip (see
// storage::TenantRead).
absl::StatusOr<storage::Rows> ReadTenant(
    Call& call, const std::string& tenant, const char* statement,
    const std::vector<storage::Param>& params);

// The standard Get (AIP-131) of a resource named
// `tenants/{tenant}/{collection}/{id}`: parses the name (INVALID_ARGUMENT
// naming `name`), authorises the tenant, runs `statement` ($1 tenant, $2 id)
// as one tenant read, NOT_FOUND without a row, else
// `map(tenant, row, out)`.
template <typename Message, typename Map>
absl::Status GetTenantResource(Call& call, const std::string& name,
                               absl::string_view collection,
                               const char* statement, Map map, Message* out) {
  POLES_ASSIGN_OR_RETURN(
      auto ids, ParseResourceName("name", name, {"tenants", collection}));
  POLES_RETURN_IF_ERROR(call.AuthorizeTenant(ids[0]));
  POLES_ASSIGN_OR_RETURN(auto rows,
                         ReadTenant(call, ids[0], statement, {ids[0], ids[1]}));
  if (rows.empty()) return NotFound(name);
  map(ids[0], rows[0], out);
  return absl::OkStatus();
}

// The prepared statements of the audit log and the replay of idempotent
// writes. The server registers them (storage::RegisterStatements) at
// start-up, before its first connection.
std::vector<storage::Statement> MutationStatements();

}  // namespace poles

#endif  // POLES_SERVICES_COMMON_MUTATION_H_
