#include "services/common/mutation.h"

#include <pqxx/pqxx>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "base/digest.h"
#include "services/common/errors.h"
#include "storage/sql_error.h"

namespace poles {

namespace {

const storage::Statement kAudit = {
    "audit_insert", "text, text, text, text, text",
    "INSERT INTO poles.audit_log (tenant_id, actor, action, resource, "
    "request_id) VALUES ($1, $2, $3, $4, $5)"};
// Takes a transaction-scoped lock on (tenant, request_id) first, so that
// concurrent requests with the same id run one after the other: the later
// ones then find the first one's response instead of racing it.
const storage::Statement kReplayLock = {
    "idempotency_lock", "text, text",
    "SELECT pg_advisory_xact_lock(hashtextextended($1 || '/' || $2, 7215))"};
const storage::Statement kReplayGet = {
    "idempotency_get", "text, text",
    "SELECT method, request_digest, response FROM poles.idempotency_keys "
    "WHERE tenant_id = $1 AND request_id = $2"};
const storage::Statement kReplayPut = {
    "idempotency_put", "text, text, text, bytea, bytea",
    "INSERT INTO poles.idempotency_keys (tenant_id, request_id, method, "
    "request_digest, response) VALUES ($1, $2, $3, $4, $5)"};

std::string Digest(const google::protobuf::Message& m) {
  std::string bytes;
  m.SerializePartialToString(&bytes);
  return Sha256(bytes);
}

}  // namespace

absl::Status WriteAudit(storage::TenantTransaction& tx, const Call& call,
                        absl::string_view resource) {
  try {
    tx.work().exec_prepared(kAudit.name, tx.tenant(), call.principal.key_id,
                            call.method, std::string(resource),
                            call.request_id);
    return absl::OkStatus();
  } catch (const std::exception& e) {
    return storage::StatusFromException(e, kAudit.name);
  }
}

absl::StatusOr<bool> LoadReplay(storage::TenantTransaction& tx,
                                const std::string& request_id, const Call& call,
                                const google::protobuf::Message& request,
                                google::protobuf::Message* response) {
  if (request_id.empty()) return false;
  try {
    // Same-id requests in flight wait here for the first one to commit,
    // then find its response below.
    tx.work().exec_prepared(kReplayLock.name, tx.tenant(), request_id);
    pqxx::result r =
        tx.work().exec_prepared(kReplayGet.name, tx.tenant(), request_id);
    if (r.empty()) return false;
    pqxx::binarystring digest(r[0][1]);
    if (r[0][0].c_str() != call.method || digest.str() != Digest(request)) {
      return InvalidField("request_id",
                          "was already used for a different request");
    }
    pqxx::binarystring bytes(r[0][2]);
    if (!response->ParseFromString(bytes.str())) {
      return absl::InternalError("stored response is unreadable");
    }
    return true;
  } catch (const std::exception& e) {
    return storage::StatusFromException(e, kReplayGet.name);
  }
}

absl::Status SaveReplay(storage::TenantTransaction& tx,
                        const std::string& request_id, const Call& call,
                        const google::protobuf::Message& request,
                        const google::protobuf::Message& response) {
  if (request_id.empty()) return absl::OkStatus();
  try {
    std::string digest = Digest(request);
    std::string bytes = response.SerializeAsString();
    tx.work().exec_prepared(kReplayPut.name, tx.tenant(), request_id,
                            call.method,
                            pqxx::binarystring(digest.data(), digest.size()),
                            pqxx::binarystring(bytes.data(), bytes.size()));
    return absl::OkStatus();
  } catch (const std::exception& e) {
    return storage::StatusFromException(e, kReplayPut.name);
  }
}

std::string FormatEtag(int64_t version) {
  return absl::StrCat("W/\"", version, "\"");
}

absl::Status CheckEtag(absl::string_view etag, int64_t current_version) {
  if (etag.empty() || etag == FormatEtag(current_version)) {
    return absl::OkStatus();
  }
  return WithReason(
      absl::AbortedError("the resource was changed since it was read (etag "
                         "mismatch); read it again and retry"),
      "ETAG_MISMATCH");
}

absl::Status NotFound(absl::string_view resource_name) {
  return WithReason(
      absl::NotFoundError(absl::StrCat(resource_name, " does not exist")),
      "NOT_FOUND");
}

void SetTimestamp(int64_t micros, google::protobuf::Timestamp* ts) {
  ts->set_seconds(micros / 1000000);
  ts->set_nanos(static_cast<int32_t>((micros % 1000000) * 1000));
}

}  // namespace poles

namespace poles {

absl::StatusOr<storage::Rows> ReadTenant(
    Call& call, const std::string& tenant, const char* statement,
    const std::vector<storage::Param>& params) {
  return storage::TenantRead(*call.session, tenant, call.deadline, statement,
                             params);
}

std::vector<storage::Statement> MutationStatements() {
  return {kAudit, kReplayLock, kReplayGet, kReplayPut};
}

}  // namespace poles
