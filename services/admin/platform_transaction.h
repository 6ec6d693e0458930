#ifndef POLES_SERVICES_ADMIN_PLATFORM_TRANSACTION_H_
#define POLES_SERVICES_ADMIN_PLATFORM_TRANSACTION_H_

#include <string>

#include <pqxx/pqxx>

#include "absl/status/status.h"
#include "services/admin/admin_queries.h"
#include "services/common/call.h"
#include "services/common/status_macros.h"
#include "storage/sql_error.h"
#include "storage/tenant_transaction.h"

namespace poles::admin {

// Runs `fn(pqxx::work&)` -> absl::Status in one platform transaction (no
// tenant scope) and commits if it succeeds; rolls back otherwise. A database
// exception becomes the mapped status (storage/sql_error.h). The platform
// twin of InTenantTransaction (services/common/mutation.h).
template <typename Fn>
absl::Status InPlatformTransaction(Call& c, Fn fn) {
  POLES_ASSIGN_OR_RETURN(
      auto tx, storage::PlatformTransaction::Begin(*c.session, c.deadline));
  try {
    POLES_RETURN_IF_ERROR(fn(tx->work()));
  } catch (const std::exception& e) {
    return storage::StatusFromException(e, c.method);
  }
  return tx->Commit();
}

// The platform audit row of a platform-level mutation, in its transaction.
inline void WritePlatformAudit(pqxx::work& w, const Call& c,
                               absl::string_view resource) {
  w.exec_prepared(kPlatformAudit.name, c.principal.key_id, c.method,
                  std::string(resource), c.request_id);
}

}  // namespace poles::admin

#endif  // POLES_SERVICES_ADMIN_PLATFORM_TRANSACTION_H_
