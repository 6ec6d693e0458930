#ifndef POLES_SERVICES_ADMIN_TEAM_H_
#define POLES_SERVICES_ADMIN_TEAM_H_

#include <vector>

#include "absl/status/status.h"
#include "poles/v1/team.grpc.pb.h"
#include "services/admin/admin_service.h"
#include "services/common/call.h"
#include "storage/session.h"

namespace poles::admin {

// A Pôle's team as its editors keep it (proto/poles/v1/team.proto): its
// members (members.cc) and its API keys (team_keys.cc, AdminLogic's key
// methods once the tenant is checked). Every method: request -> validate ->
// the editor of the tenant named -> one platform transaction (accounts and
// keys are platform tables; every statement names the tenant).
class TeamLogic {
 public:
  TeamLogic(const PageTokenCodec& page_tokens, AdminLogic& admin)
      : page_tokens_(page_tokens), admin_(admin) {}

  absl::Status ListMembers(Call& c, const v1::ListMembersRequest& r,
                           v1::ListMembersResponse* out);
  absl::Status InviteMember(Call& c, const v1::InviteMemberRequest& r,
                            v1::InviteMemberResponse* out);
  absl::Status UpdateMember(Call& c, const v1::UpdateMemberRequest& r,
                            v1::Member* out);
  absl::Status DeleteMember(Call& c, const v1::DeleteMemberRequest& r,
                            google::protobuf::Empty* out);
  absl::Status IssueMemberPasswordLink(
      Call& c, const v1::IssueMemberPasswordLinkRequest& r,
      v1::IssuePasswordLinkResponse* out);

  absl::Status ListApiKeys(Call& c, const v1::ListApiKeysRequest& r,
                           v1::ListApiKeysResponse* out);
  absl::Status CreateApiKey(Call& c, const v1::CreateApiKeyRequest& r,
                            v1::CreateApiKeyResponse* out);
  absl::Status RevokeApiKey(Call& c, const v1::RevokeApiKeyRequest& r,
                            v1::ApiKey* out);

 private:
  const PageTokenCodec& page_tokens_;
  AdminLogic& admin_;
};

// Hosted with AdminService (the same workers and database role).
class TeamGrpcService final : public v1::TeamService::CallbackService {
 public:
  explicit TeamGrpcService(const ServiceEnvironment& env)
      : env_(env),
        admin_(*env.page_tokens, *env.authenticator),
        logic_(*env.page_tokens, admin_) {}

  POLES_SERVE_METHOD(TeamService, ListMembers, v1::ListMembersRequest,
                     v1::ListMembersResponse, Access::kTenantWrite)
  POLES_SERVE_METHOD(TeamService, InviteMember, v1::InviteMemberRequest,
                     v1::InviteMemberResponse, Access::kTenantWrite)
  POLES_SERVE_METHOD(TeamService, UpdateMember, v1::UpdateMemberRequest,
                     v1::Member, Access::kTenantWrite)
  POLES_SERVE_DELETE(TeamService, DeleteMember, v1::DeleteMemberRequest)
  POLES_SERVE_METHOD(TeamService, IssueMemberPasswordLink,
                     v1::IssueMemberPasswordLinkRequest,
                     v1::IssuePasswordLinkResponse, Access::kTenantWrite)
  POLES_SERVE_METHOD(TeamService, ListApiKeys, v1::ListApiKeysRequest,
                     v1::ListApiKeysResponse, Access::kTenantWrite)
  POLES_SERVE_METHOD(TeamService, CreateApiKey, v1::CreateApiKeyRequest,
                     v1::CreateApiKeyResponse, Access::kTenantWrite)
  POLES_SERVE_METHOD(TeamService, RevokeApiKey, v1::RevokeApiKeyRequest,
                     v1::ApiKey, Access::kTenantWrite)

 private:
  ServiceEnvironment env_;
  AdminLogic admin_;
  TeamLogic logic_;
};

// The team's prepared statements (included in AdminStatements()).
std::vector<storage::Statement> TeamStatements();

}  // namespace poles::admin

#endif  // POLES_SERVICES_ADMIN_TEAM_H_
