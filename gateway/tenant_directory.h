#ifndef POLES_GATEWAY_TENANT_DIRECTORY_H_
#define POLES_GATEWAY_TENANT_DIRECTORY_H_

// What the gateway reads of the platform, through the server's RPCs (it
// holds no database role): who is calling (API keys), the tenants, the
// indicator catalogue and the labels of reference values. Never a
// service's tenant rows.

#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include <grpcpp/grpcpp.h>

#include "absl/status/statusor.h"
#include "gateway/tenant_summaries.h"
#include "poles/v1/admin.grpc.pb.h"
#include "poles/v1/directories.grpc.pb.h"
#include "poles/v1/events.grpc.pb.h"
#include "poles/v1/funding.grpc.pb.h"
#include "poles/v1/indicators.pb.h"
#include "services/common/auth.h"

namespace poles::gateway {

class TenantDirectory {
 public:
  using Deadline = std::chrono::system_clock::time_point;
  virtual ~TenantDirectory() = default;

  // The caller of `authorization` ("Bearer pk_...", or a person's session
  // "Bearer ps_..."): UNAUTHENTICATED as services/common/auth.h says.
  virtual absl::StatusOr<Principal> Authenticate(
      const std::string& authorization, Deadline deadline) = 0;
  // Every tenant of the platform, by slug.
  virtual absl::StatusOr<std::vector<TenantInfo>> Tenants(
      Deadline deadline) = 0;
  // The catalogue, by service then code; names `nationalIndicators/{code}`.
  virtual absl::StatusOr<std::vector<v1::NationalIndicator>> Catalogue(
      Deadline deadline) = 0;
  virtual absl::StatusOr<ReferenceLabels> Labels(Deadline deadline) = 0;
  // The Pôle's profile (its legal name, incorporation date), for the
  // bilan's heading. UNIMPLEMENTED unless a directory reads it.
  virtual absl::StatusOr<v1::PoleProfile> Profile(const std::string& slug,
                                                  Deadline deadline) {
    (void)slug;
    (void)deadline;
    return absl::UnimplementedError("this directory reads no profile");
  }
};

// The French labels of the values that are not reference tables (gender,
// phase, legal_form, event_kind, funder_kind).
ReferenceLabels FixedLabels();

// TenantDirectory read from a poles-server, the gateway holding no database
// role: keys checked by AdminService.IntrospectApiKey, tenants by
// ListTenants, regions, MRCs and the catalogue by the admin service's
// reference methods, sectors by DirectoriesService.ListSectors, funders and
// programs by FundingService, every call with the gateway's own service
// credential (`service_authorization`, "Bearer pk_..."). A key that passed
// is cached for `auth_ttl` (revocation and expiry take effect within that
// time; expiry is also checked on every call; 0: asked every time), the
// rest for `cache_ttl`; when a refresh fails the last copy of the rest is
// kept (stale if error), never a key's. A refused service credential is
// UNAVAILABLE (the caller's key was not judged). Thread-safe.
class ServerTenantDirectory final : public TenantDirectory {
 public:
  // `admin_channel`: the admin service's (keys, sessions, tenants and
  // reference data); `channel`: the directories', funding's and events'.
  ServerTenantDirectory(std::shared_ptr<grpc::Channel> channel,
                        std::shared_ptr<grpc::Channel> admin_channel,
                        std::string service_authorization,
                        std::chrono::milliseconds auth_ttl,
                        std::chrono::milliseconds cache_ttl);

  // An API key ("Bearer pk_...", checked with IntrospectApiKey and cached
  // for auth_ttl), or a person's session ("Bearer ps_...", the workspace's
  // cookie): the server checks the session itself (GetSession under the
  // session's own credential) on every call, never cached, so a signed-out
  // or revoked session is refused at once; its principal is the session's
  // active tenant and role (editor or viewer).
  absl::StatusOr<Principal> Authenticate(const std::string& authorization,
                                         Deadline deadline) override;
  absl::StatusOr<std::vector<TenantInfo>> Tenants(Deadline deadline) override;
  absl::StatusOr<std::vector<v1::NationalIndicator>> Catalogue(
      Deadline deadline) override;
  absl::StatusOr<ReferenceLabels> Labels(Deadline deadline) override;
  // EventsService.GetPoleProfile on the server, not cached (a bilan asks
  // once).
  absl::StatusOr<v1::PoleProfile> Profile(const std::string& slug,
                                          Deadline deadline) override;

 private:
  absl::StatusOr<Principal> AuthenticateSession(absl::string_view token,
                                                Deadline deadline);
  struct Cache {
    std::vector<TenantInfo> tenants;
    std::vector<v1::NationalIndicator> catalogue;
    ReferenceLabels labels;
    std::chrono::steady_clock::time_point fetched;
  };
  struct Key {
    std::string digest;
    Principal principal;
    std::chrono::system_clock::time_point expire_time =
        std::chrono::system_clock::time_point::max();
    std::chrono::steady_clock::time_point fetched;
  };
  // The cache, refreshed first if stale. Holds mu_ while reading.
  absl::StatusOr<std::shared_ptr<const Cache>> Fresh(Deadline deadline);
  absl::StatusOr<std::shared_ptr<const Cache>> Load(Deadline deadline);
  std::unique_ptr<grpc::ClientContext> Context(Deadline deadline) const;

  std::string service_authorization_;
  std::chrono::milliseconds auth_ttl_;
  std::chrono::milliseconds cache_ttl_;
  std::unique_ptr<v1::AdminService::Stub> admin_;
  std::unique_ptr<v1::DirectoriesService::Stub> directories_;
  std::unique_ptr<v1::FundingService::Stub> funding_;
  std::unique_ptr<v1::EventsService::Stub> events_;
  std::mutex mu_;
  std::shared_ptr<const Cache> cache_;
  std::mutex keys_mu_;
  std::unordered_map<std::string, std::shared_ptr<const Key>> keys_;
};

}  // namespace poles::gateway

#endif  // POLES_GATEWAY_TENANT_DIRECTORY_H_
