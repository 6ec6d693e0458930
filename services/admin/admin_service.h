#ifndef POLES_SERVICES_ADMIN_ADMIN_SERVICE_H_
#define POLES_SERVICES_ADMIN_ADMIN_SERVICE_H_

#include <vector>

#include "absl/status/status.h"
#include "poles/v1/admin.grpc.pb.h"
#include "services/common/call.h"
#include "storage/session.h"

namespace poles::admin {

// The operator's logic: tenants and their territories, API keys, and the
// reference data; and the national gateway's key check. Tenant writes run in a
// tenant transaction of the tenant concerned (its territory rows are under
// row-level security); platform keys and reference reads in a platform
// transaction.
class AdminLogic {
 public:
  AdminLogic(const PageTokenCodec& page_tokens, Authenticator& authenticator)
      : page_tokens_(page_tokens), authenticator_(authenticator) {}

  absl::Status CreateTenant(Call& c, const v1::CreateTenantRequest& r,
                            v1::Tenant* out);
  absl::Status GetTenant(Call& c, const v1::GetTenantRequest& r,
                         v1::Tenant* out);
  absl::Status ListTenants(Call& c, const v1::ListTenantsRequest& r,
                           v1::ListTenantsResponse* out);
  absl::Status UpdateTenant(Call& c, const v1::UpdateTenantRequest& r,
                            v1::Tenant* out);
  absl::Status CreateApiKey(Call& c, const v1::CreateApiKeyRequest& r,
                            v1::CreateApiKeyResponse* out);
  absl::Status ListApiKeys(Call& c, const v1::ListApiKeysRequest& r,
                           v1::ListApiKeysResponse* out);
  absl::Status RevokeApiKey(Call& c, const v1::RevokeApiKeyRequest& r,
                            v1::ApiKey* out);
  absl::Status ListRegions(Call& c, const v1::ListRegionsRequest& r,
                           v1::ListRegionsResponse* out);
  absl::Status ListMrcs(Call& c, const v1::ListMrcsRequest& r,
                        v1::ListMrcsResponse* out);
  absl::Status ListNationalIndicators(
      Call& c, const v1::ListNationalIndicatorsRequest& r,
      v1::ListNationalIndicatorsResponse* out);
  // The national gateway's key check: `valid` false for a key that is
  // unknown, revoked, expired or whose secret does not match; the key's
  // role and tenant otherwise. INVALID_ARGUMENT names a malformed field.
  absl::Status IntrospectApiKey(Call& c, const v1::IntrospectApiKeyRequest& r,
                                v1::IntrospectApiKeyResponse* out);

  // Accounts and sessions (services/admin/accounts.cc; the proto states who
  // may call each).
  absl::Status CreateAccount(Call& c, const v1::CreateAccountRequest& r,
                             v1::CreateAccountResponse* out);
  absl::Status IssuePasswordLink(Call& c, const v1::IssuePasswordLinkRequest& r,
                                 v1::IssuePasswordLinkResponse* out);
  absl::Status SetPassword(Call& c, const v1::SetPasswordRequest& r,
                           v1::SetPasswordResponse* out);
  absl::Status Login(Call& c, const v1::LoginRequest& r,
                     v1::LoginResponse* out);
  absl::Status GetSession(Call& c, const v1::GetSessionRequest& r,
                          v1::LoginResponse* out);
  absl::Status Logout(Call& c, const v1::LogoutRequest& r,
                      v1::LogoutResponse* out);

 private:
  const PageTokenCodec& page_tokens_;
  Authenticator& authenticator_;
};

class AdminGrpcService final : public v1::AdminService::CallbackService {
 public:
  explicit AdminGrpcService(const ServiceEnvironment& env)
      : env_(env), logic_(*env.page_tokens, *env.authenticator) {}

  POLES_SERVE_METHOD(AdminService, CreateTenant, v1::CreateTenantRequest,
                     v1::Tenant, Access::kAdmin)
  POLES_SERVE_METHOD(AdminService, GetTenant, v1::GetTenantRequest, v1::Tenant,
                     Access::kAnyKey)
  // The admin or the service role (the national gateway's tenant list),
  // checked by the logic.
  POLES_SERVE_METHOD(AdminService, ListTenants, v1::ListTenantsRequest,
                     v1::ListTenantsResponse, Access::kAnyKey)
  POLES_SERVE_METHOD(AdminService, UpdateTenant, v1::UpdateTenantRequest,
                     v1::Tenant, Access::kAdmin)
  POLES_SERVE_METHOD(AdminService, CreateApiKey, v1::CreateApiKeyRequest,
                     v1::CreateApiKeyResponse, Access::kAdmin)
  POLES_SERVE_METHOD(AdminService, ListApiKeys, v1::ListApiKeysRequest,
                     v1::ListApiKeysResponse, Access::kAdmin)
  POLES_SERVE_METHOD(AdminService, RevokeApiKey, v1::RevokeApiKeyRequest,
                     v1::ApiKey, Access::kAdmin)
  POLES_SERVE_METHOD(AdminService, ListRegions, v1::ListRegionsRequest,
                     v1::ListRegionsResponse, Access::kAnyKey)
  POLES_SERVE_METHOD(AdminService, ListMrcs, v1::ListMrcsRequest,
                     v1::ListMrcsResponse, Access::kAnyKey)
  POLES_SERVE_METHOD(AdminService, ListNationalIndicators,
                     v1::ListNationalIndicatorsRequest,
                     v1::ListNationalIndicatorsResponse, Access::kAnyKey)
  // The service role only, checked by the logic.
  POLES_SERVE_METHOD(AdminService, IntrospectApiKey,
                     v1::IntrospectApiKeyRequest, v1::IntrospectApiKeyResponse,
                     Access::kAnyKey)
  // Accounts: who may call each is checked by the logic.
  POLES_SERVE_METHOD(AdminService, CreateAccount, v1::CreateAccountRequest,
                     v1::CreateAccountResponse, Access::kAnyKey)
  POLES_SERVE_METHOD(AdminService, IssuePasswordLink,
                     v1::IssuePasswordLinkRequest,
                     v1::IssuePasswordLinkResponse, Access::kAnyKey)
  POLES_SERVE_METHOD(AdminService, SetPassword, v1::SetPasswordRequest,
                     v1::SetPasswordResponse, Access::kAnyKey)
  POLES_SERVE_METHOD(AdminService, Login, v1::LoginRequest, v1::LoginResponse,
                     Access::kAnyKey)
  POLES_SERVE_METHOD(AdminService, GetSession, v1::GetSessionRequest,
                     v1::LoginResponse, Access::kAnyKey)
  POLES_SERVE_METHOD(AdminService, Logout, v1::LogoutRequest,
                     v1::LogoutResponse, Access::kAnyKey)

 private:
  ServiceEnvironment env_;
  AdminLogic logic_;
};

// The prepared statements of the admin service. The server registers them
// (storage::RegisterStatements) at start-up, before its first connection.
std::vector<storage::Statement> AdminStatements();
// Those of its account methods (included in AdminStatements(), as are
// TeamStatements() of services/admin/team.h).
std::vector<storage::Statement> AccountStatements();

}  // namespace poles::admin

#endif  // POLES_SERVICES_ADMIN_ADMIN_SERVICE_H_
