// A Pôle's API keys as its editors keep them (TeamService's key methods):
// the tenant is required and must be the editor's, a key's role is a
// tenant role; then AdminLogic's key methods do the work (one tenant
// transaction each, the key's digest only, the audit row).

#include "services/admin/team.h"
#include "services/common/errors.h"
#include "services/common/resource_name.h"
#include "services/common/status_macros.h"

namespace poles::admin {

absl::Status TeamLogic::ListApiKeys(Call& c, const v1::ListApiKeysRequest& r,
                                    v1::ListApiKeysResponse* out) {
  POLES_ASSIGN_OR_RETURN(auto ids,
                         ParseResourceName("parent", r.parent(), {"tenants"}));
  POLES_RETURN_IF_ERROR(c.AuthorizeTenant(ids[0]));
  return admin_.ListApiKeys(c, r, out);
}

absl::Status TeamLogic::CreateApiKey(Call& c, const v1::CreateApiKeyRequest& r,
                                     v1::CreateApiKeyResponse* out) {
  Violations v;
  auto ids = ParseResourceName("parent", r.parent(), {"tenants"});
  v.Merge(ids.status());
  const v1::Role role = r.api_key().role();
  if (role != v1::ROLE_EDITOR && role != v1::ROLE_VIEWER) {
    v.Add("api_key.role", "must be EDITOR or VIEWER (a key of the tenant)");
  }
  POLES_RETURN_IF_ERROR(v.Status());
  POLES_RETURN_IF_ERROR(c.AuthorizeTenant((*ids)[0]));
  return admin_.CreateApiKey(c, r, out);
}

absl::Status TeamLogic::RevokeApiKey(Call& c, const v1::RevokeApiKeyRequest& r,
                                     v1::ApiKey* out) {
  POLES_ASSIGN_OR_RETURN(
      auto ids, ParseResourceName("name", r.name(), {"tenants", "apiKeys"}));
  POLES_RETURN_IF_ERROR(c.AuthorizeTenant(ids[0]));
  return admin_.RevokeApiKey(c, r, out);
}

}  // namespace poles::admin
