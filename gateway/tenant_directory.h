#ifndef POLES_GATEWAY_TENANT_DIRECTORY_H_
#define POLES_GATEWAY_TENANT_DIRECTORY_H_

// What the gateway reads from the platform database: who is calling (API
// keys), the tenants, the indicator catalogue and the labels of reference
// values. Never a service's tenant rows.

#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "gateway/tenant_summaries.h"
#include "poles/v1/indicators.pb.h"
#include "services/common/auth.h"
#include "storage/session.h"

namespace poles::gateway {

class TenantDirectory {
 public:
  using Deadline = std::chrono::system_clock::time_point;
  virtual ~TenantDirectory() = default;

  // The caller of `authorization` ("Bearer pk_..."): UNAUTHENTICATED as
  // services/common/auth.h says.
  virtual absl::StatusOr<Principal> Authenticate(
      const std::string& authorization, Deadline deadline) = 0;
  // Every tenant of the platform, by slug.
  virtual absl::StatusOr<std::vector<TenantInfo>> Tenants(
      Deadline deadline) = 0;
  // The catalogue, by service then code; names `nationalIndicators/{code}`.
  virtual absl::StatusOr<std::vector<v1::NationalIndicator>> Catalogue(
      Deadline deadline) = 0;
  virtual absl::StatusOr<ReferenceLabels> Labels(Deadline deadline) = 0;
};

// The French labels of the values that are not reference tables (gender,
// phase, legal_form, event_kind, funder_kind).
ReferenceLabels FixedLabels();

// The statements DatabaseTenantDirectory prepares (with the API-key
// lookup's); registered by its constructor.
std::vector<storage::Statement> TenantDirectoryStatements();

// TenantDirectory over the platform tables, as the application role
// (poles_app). Tenants, catalogue and labels are cached for `cache_ttl`;
// keys as Authenticator caches them (`auth_ttl`). One connection,
// serialised: the gateway's database traffic is that cache's refreshes and
// key lookups. Thread-safe.
class DatabaseTenantDirectory final : public TenantDirectory {
 public:
  DatabaseTenantDirectory(std::string database_url,
                          std::chrono::milliseconds auth_ttl,
                          std::chrono::milliseconds cache_ttl);

  absl::StatusOr<Principal> Authenticate(const std::string& authorization,
                                         Deadline deadline) override;
  absl::StatusOr<std::vector<TenantInfo>> Tenants(Deadline deadline) override;
  absl::StatusOr<std::vector<v1::NationalIndicator>> Catalogue(
      Deadline deadline) override;
  absl::StatusOr<ReferenceLabels> Labels(Deadline deadline) override;

 private:
  struct Cache {
    std::vector<TenantInfo> tenants;
    std::vector<v1::NationalIndicator> catalogue;
    ReferenceLabels labels;
    std::chrono::steady_clock::time_point fetched;
  };
  // The cache, refreshed first if stale. Holds mu_ while reading.
  absl::StatusOr<std::shared_ptr<const Cache>> Fresh(Deadline deadline);
  absl::StatusOr<std::shared_ptr<const Cache>> Load(Deadline deadline);

  std::chrono::milliseconds cache_ttl_;
  Authenticator authenticator_;
  std::mutex mu_;
  storage::Session session_;
  std::shared_ptr<const Cache> cache_;
};

}  // namespace poles::gateway

#endif  // POLES_GATEWAY_TENANT_DIRECTORY_H_
