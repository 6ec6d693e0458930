// A Pôle's team (TeamService, proto/poles/v1/team.proto), end to end over
// gRPC against the test server and its PostgreSQL: members invited, their
// roles changed and taken away (at once, for a signed-in person too), the
// last editor kept, password links only for accounts of the Pôle alone, and
// the tenant's keys — each call refused outside the caller's own tenant and
// role, and a refused call writing nothing.
#include <memory>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "base/random.h"
#include "poles/v1/team.grpc.pb.h"
#include "services/common/status_macros.h"
#include "tests/test_env.h"

namespace poles::testing {
namespace {

constexpr char kPassword[] = "mot-de-passe-equipe-1";

std::unique_ptr<v1::TeamService::Stub> Team() {
  return v1::TeamService::NewStub(Channel());
}

std::string Email(const std::string& who) {
  return absl::StrCat(who, "-", RandomHex(4), "@equipe.qc.ca");
}

absl::StatusOr<v1::InviteMemberResponse> Invite(const std::string& key,
                                                const TestTenant& t,
                                                const std::string& email,
                                                v1::Role role) {
  v1::InviteMemberRequest req;
  req.set_parent(t.parent());
  req.set_email(email);
  req.set_display_name("Personne (essai)");
  req.set_role(role);
  v1::InviteMemberResponse out;
  POLES_RETURN_IF_ERROR(S(Team()->InviteMember(Ctx(key).get(), req, &out)));
  return out;
}

std::vector<v1::Member> Members(const TestTenant& t) {
  v1::ListMembersRequest req;
  req.set_parent(t.parent());
  req.set_page_size(1000);
  v1::ListMembersResponse out;
  auto s = Team()->ListMembers(Ctx(t.editor_key).get(), req, &out);
  EXPECT_TRUE(s.ok()) << s.error_message();
  return {out.members().begin(), out.members().end()};
}

absl::Status SetRole(const std::string& key, const std::string& member,
                     v1::Role role) {
  v1::UpdateMemberRequest req;
  req.mutable_member()->set_name(member);
  req.mutable_member()->set_role(role);
  req.mutable_update_mask()->add_paths("role");
  v1::Member out;
  return S(Team()->UpdateMember(Ctx(key).get(), req, &out));
}

absl::Status Remove(const std::string& key, const std::string& member) {
  v1::DeleteMemberRequest req;
  req.set_name(member);
  google::protobuf::Empty out;
  return S(Team()->DeleteMember(Ctx(key).get(), req, &out));
}

// Chooses the password with the invitation's link and signs in (as the
// gateway's front door does, with the service key): the session token.
std::string SignIn(const std::string& link, const std::string& email,
                   const TestTenant& t) {
  auto admin = Admin();
  v1::SetPasswordRequest set;
  set.set_password_link(link);
  set.set_password(kPassword);
  v1::SetPasswordResponse set_out;
  auto s = admin->SetPassword(Ctx(ServiceKey()).get(), set, &set_out);
  EXPECT_TRUE(s.ok()) << s.error_message();
  v1::LoginRequest login;
  login.set_email(email);
  login.set_password(kPassword);
  login.set_tenant(t.slug);
  v1::LoginResponse out;
  s = admin->Login(Ctx(ServiceKey()).get(), login, &out);
  EXPECT_TRUE(s.ok()) << s.error_message();
  return out.session_token();
}

// A tenant read with `credential`: the plans list.
absl::Status ReadPlans(const std::string& credential, const TestTenant& t) {
  v1::ListPlansRequest req;
  req.set_parent(t.parent());
  v1::ListPlansResponse out;
  return S(Plans()->ListPlans(Ctx(credential).get(), req, &out));
}

TEST(TeamTest, AnEditorInvitesAPersonWhoChoosesAPasswordAndSignsIn) {
  TestTenant t = NewTenant("equipe");
  const std::string email = Email("Invitee");
  auto invited = Invite(t.editor_key, t, "  " + email + " ", v1::ROLE_VIEWER);
  ASSERT_THAT(invited.status(), IsOk());
  const v1::Member& m = invited->member();
  EXPECT_TRUE(absl::StartsWith(m.name(), t.parent() + "/members/")) << m.name();
  EXPECT_EQ(m.account().email(), absl::AsciiStrToLower(email));
  EXPECT_EQ(m.account().display_name(), "Personne (essai)");
  EXPECT_EQ(m.role(), v1::ROLE_VIEWER);
  EXPECT_FALSE(m.password_set());
  EXPECT_FALSE(m.other_tenants());
  ASSERT_TRUE(absl::StartsWith(invited->password_link(), "pl_"));
  EXPECT_GT(invited->password_link_expire_time().seconds(), 0);

  auto members = Members(t);
  ASSERT_EQ(members.size(), 1u);
  EXPECT_EQ(members[0].name(), m.name());

  const std::string session =
      SignIn(invited->password_link(), m.account().email(), t);
  ASSERT_TRUE(absl::StartsWith(session, "ps_"));
  EXPECT_THAT(ReadPlans(session, t), IsOk());
  EXPECT_TRUE(Members(t)[0].password_set());
  // A viewer reads, and keeps nobody's team.
  v1::ListMembersRequest list;
  list.set_parent(t.parent());
  v1::ListMembersResponse out;
  EXPECT_THAT(S(Team()->ListMembers(Ctx(session).get(), list, &out)),
              StatusIs(absl::StatusCode::kPermissionDenied));
}

TEST(TeamTest, BadInvitationsNameTheirFieldAndWriteNothing) {
  TestTenant t = NewTenant("equipe-bad");
  EXPECT_THAT(
      Invite(t.editor_key, t, "pas-une-adresse", v1::ROLE_VIEWER).status(),
      InvalidFieldIs("email"));
  EXPECT_THAT(
      Invite(t.editor_key, t, Email("x"), v1::ROLE_UNSPECIFIED).status(),
      InvalidFieldIs("role"));
  EXPECT_THAT(Invite(t.editor_key, t, Email("x"), v1::ROLE_ADMIN).status(),
              InvalidFieldIs("role"));
  EXPECT_TRUE(Members(t).empty());
  const std::string email = Email("twice");
  ASSERT_THAT(Invite(t.editor_key, t, email, v1::ROLE_EDITOR).status(), IsOk());
  EXPECT_THAT(Invite(t.editor_key, t, email, v1::ROLE_VIEWER).status(),
              StatusIs(absl::StatusCode::kAlreadyExists));
  auto members = Members(t);
  ASSERT_EQ(members.size(), 1u);
  EXPECT_EQ(members[0].role(), v1::ROLE_EDITOR);
  // An update mask naming another field.
  v1::UpdateMemberRequest req;
  req.mutable_member()->set_name(members[0].name());
  req.mutable_member()->set_role(v1::ROLE_VIEWER);
  req.mutable_update_mask()->add_paths("email");
  v1::Member out;
  EXPECT_THAT(S(Team()->UpdateMember(Ctx(t.editor_key).get(), req, &out)),
              InvalidFieldIs("update_mask"));
  EXPECT_EQ(Members(t)[0].role(), v1::ROLE_EDITOR);
}

TEST(TeamTest, OnlyTheTenantsEditorsKeepItsTeam) {
  TestTenant t = NewTenant("equipe-own");
  TestTenant other = NewTenant("equipe-other");
  auto invited = Invite(t.editor_key, t, Email("own"), v1::ROLE_VIEWER);
  ASSERT_THAT(invited.status(), IsOk());
  const std::string member = invited->member().name();
  for (const std::string& key :
       {t.viewer_key, other.editor_key, AdminKey(), PlatformKey("national")}) {
    EXPECT_THAT(Invite(key, t, Email("no"), v1::ROLE_VIEWER).status(),
                StatusIs(absl::StatusCode::kPermissionDenied));
    EXPECT_THAT(SetRole(key, member, v1::ROLE_EDITOR),
                StatusIs(absl::StatusCode::kPermissionDenied));
    EXPECT_THAT(Remove(key, member),
                StatusIs(absl::StatusCode::kPermissionDenied));
    v1::IssueMemberPasswordLinkRequest link;
    link.set_name(member);
    v1::IssuePasswordLinkResponse link_out;
    EXPECT_THAT(
        S(Team()->IssueMemberPasswordLink(Ctx(key).get(), link, &link_out)),
        StatusIs(absl::StatusCode::kPermissionDenied));
  }
  auto members = Members(t);
  ASSERT_EQ(members.size(), 1u);
  EXPECT_EQ(members[0].role(), v1::ROLE_VIEWER);
  // Another tenant's member named under this tenant is not found here.
  const std::string id = member.substr(member.rfind('/') + 1);
  EXPECT_THAT(
      Remove(other.editor_key, absl::StrCat(other.parent(), "/members/", id)),
      StatusIs(absl::StatusCode::kNotFound));
  EXPECT_EQ(Members(t).size(), 1u);
}

TEST(TeamTest, TheLastEditorIsKept) {
  TestTenant t = NewTenant("equipe-last");
  auto a = Invite(t.editor_key, t, Email("a"), v1::ROLE_EDITOR);
  auto b = Invite(t.editor_key, t, Email("b"), v1::ROLE_VIEWER);
  ASSERT_THAT(a.status(), IsOk());
  ASSERT_THAT(b.status(), IsOk());
  const std::string ma = a->member().name(), mb = b->member().name();
  EXPECT_THAT(SetRole(t.editor_key, ma, v1::ROLE_VIEWER),
              StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_THAT(Remove(t.editor_key, ma),
              StatusIs(absl::StatusCode::kFailedPrecondition));
  ASSERT_THAT(SetRole(t.editor_key, mb, v1::ROLE_EDITOR), IsOk());
  EXPECT_THAT(SetRole(t.editor_key, ma, v1::ROLE_VIEWER), IsOk());
  EXPECT_THAT(Remove(t.editor_key, ma), IsOk());
  auto members = Members(t);
  ASSERT_EQ(members.size(), 1u);
  EXPECT_EQ(members[0].name(), mb);
  EXPECT_EQ(members[0].role(), v1::ROLE_EDITOR);
  EXPECT_THAT(Remove(t.editor_key, ma), StatusIs(absl::StatusCode::kNotFound));
}

TEST(TeamTest, ARemovedMembersSessionIsRefusedAtOnce) {
  TestTenant t = NewTenant("equipe-remove");
  const std::string email = Email("leaves");
  auto invited = Invite(t.editor_key, t, email, v1::ROLE_EDITOR);
  ASSERT_THAT(invited.status(), IsOk());
  ASSERT_THAT(Invite(t.editor_key, t, Email("stays"), v1::ROLE_EDITOR).status(),
              IsOk());
  const std::string session =
      SignIn(invited->password_link(), invited->member().account().email(), t);
  ASSERT_THAT(ReadPlans(session, t), IsOk());
  // Demoted: the next call already has the viewer's rights.
  v1::ListMembersRequest list;
  list.set_parent(t.parent());
  v1::ListMembersResponse out;
  ASSERT_THAT(S(Team()->ListMembers(Ctx(session).get(), list, &out)), IsOk());
  ASSERT_THAT(SetRole(t.editor_key, invited->member().name(), v1::ROLE_VIEWER),
              IsOk());
  EXPECT_THAT(S(Team()->ListMembers(Ctx(session).get(), list, &out)),
              StatusIs(absl::StatusCode::kPermissionDenied));
  ASSERT_THAT(Remove(t.editor_key, invited->member().name()), IsOk());
  absl::Status after = ReadPlans(session, t);
  EXPECT_TRUE(after.code() == absl::StatusCode::kUnauthenticated ||
              after.code() == absl::StatusCode::kPermissionDenied)
      << after;
  // And signing in again finds no role.
  v1::LoginRequest login;
  login.set_email(email);
  login.set_password(kPassword);
  v1::LoginResponse again;
  EXPECT_THAT(S(Admin()->Login(Ctx(ServiceKey()).get(), login, &again)),
              StatusIs(absl::StatusCode::kPermissionDenied));
}

TEST(TeamTest, AnAccountOfTwoPolesGetsNoLinkFromEitherEditor) {
  TestTenant a = NewTenant("equipe-a");
  TestTenant b = NewTenant("equipe-b");
  const std::string email = Email("both");
  auto first = Invite(a.editor_key, a, email, v1::ROLE_EDITOR);
  ASSERT_THAT(first.status(), IsOk());
  const std::string session =
      SignIn(first->password_link(), first->member().account().email(), a);
  // B's editor adds the existing account: no link (it keeps its password).
  auto second = Invite(b.editor_key, b, email, v1::ROLE_VIEWER);
  ASSERT_THAT(second.status(), IsOk());
  EXPECT_TRUE(second->password_link().empty());
  EXPECT_TRUE(second->member().other_tenants());
  EXPECT_TRUE(second->member().password_set());
  EXPECT_EQ(second->member().account().name(),
            first->member().account().name());
  // Neither editor can reset it now: the link would take over the other
  // Pôle's role. A's session still works.
  for (const auto& [t, member] : {std::pair{a, first->member().name()},
                                  std::pair{b, second->member().name()}}) {
    v1::IssueMemberPasswordLinkRequest link;
    link.set_name(member);
    v1::IssuePasswordLinkResponse out;
    EXPECT_THAT(
        S(Team()->IssueMemberPasswordLink(Ctx(t.editor_key).get(), link, &out)),
        StatusIs(absl::StatusCode::kPermissionDenied))
        << member;
  }
  v1::IssuePasswordLinkRequest admin_link;
  admin_link.set_email(email);
  v1::IssuePasswordLinkResponse admin_out;
  EXPECT_THAT(S(Admin()->IssuePasswordLink(Ctx(a.editor_key).get(), admin_link,
                                           &admin_out)),
              StatusIs(absl::StatusCode::kPermissionDenied));
  EXPECT_THAT(S(Admin()->IssuePasswordLink(Ctx(AdminKey()).get(), admin_link,
                                           &admin_out)),
              IsOk());
  EXPECT_THAT(ReadPlans(session, a), IsOk());
  // Once B lets it go, A's editor may reset it again.
  ASSERT_THAT(Remove(b.editor_key, second->member().name()), IsOk());
  v1::IssueMemberPasswordLinkRequest link;
  link.set_name(first->member().name());
  v1::IssuePasswordLinkResponse out;
  EXPECT_THAT(
      S(Team()->IssueMemberPasswordLink(Ctx(a.editor_key).get(), link, &out)),
      IsOk());
  EXPECT_TRUE(absl::StartsWith(out.password_link(), "pl_"));
}

TEST(TeamTest, AnEditorKeepsTheTenantsKeysAndNoOtherTenants) {
  TestTenant t = NewTenant("equipe-keys");
  TestTenant other = NewTenant("equipe-keys-other");
  auto team = Team();
  v1::CreateApiKeyRequest create;
  create.set_parent(t.parent());
  create.mutable_api_key()->set_display_name("Tableur de la coordination");
  create.mutable_api_key()->set_role(v1::ROLE_VIEWER);
  v1::CreateApiKeyResponse created;
  ASSERT_THAT(S(team->CreateApiKey(Ctx(t.editor_key).get(), create, &created)),
              IsOk());
  EXPECT_TRUE(absl::StartsWith(created.key(), "pk_"));
  EXPECT_TRUE(absl::StartsWith(created.api_key().name(), t.parent() + "/"));
  EXPECT_THAT(ReadPlans(created.key(), t), IsOk());

  v1::ListApiKeysRequest list;
  list.set_parent(t.parent());
  v1::ListApiKeysResponse keys;
  ASSERT_THAT(S(team->ListApiKeys(Ctx(t.editor_key).get(), list, &keys)),
              IsOk());
  bool listed = false;
  for (const auto& k : keys.api_keys()) {
    listed = listed || k.name() == created.api_key().name();
  }
  EXPECT_TRUE(listed);

  // A platform role, another tenant, a viewer: refused, nothing minted.
  v1::CreateApiKeyRequest admin_key = create;
  admin_key.mutable_api_key()->set_role(v1::ROLE_ADMIN);
  admin_key.clear_parent();
  v1::CreateApiKeyResponse refused;
  EXPECT_THAT(
      S(team->CreateApiKey(Ctx(t.editor_key).get(), admin_key, &refused)),
      InvalidFieldIs("parent"));
  admin_key.set_parent(t.parent());
  EXPECT_THAT(
      S(team->CreateApiKey(Ctx(t.editor_key).get(), admin_key, &refused)),
      InvalidFieldIs("api_key.role"));
  EXPECT_THAT(
      S(team->CreateApiKey(Ctx(other.editor_key).get(), create, &refused)),
      StatusIs(absl::StatusCode::kPermissionDenied));
  EXPECT_THAT(S(team->CreateApiKey(Ctx(t.viewer_key).get(), create, &refused)),
              StatusIs(absl::StatusCode::kPermissionDenied));
  EXPECT_THAT(S(team->ListApiKeys(Ctx(other.editor_key).get(), list, &keys)),
              StatusIs(absl::StatusCode::kPermissionDenied));
  v1::ListApiKeysResponse after;
  ASSERT_THAT(S(team->ListApiKeys(Ctx(t.editor_key).get(), list, &after)),
              IsOk());
  EXPECT_EQ(after.api_keys_size(), keys.api_keys_size());

  v1::RevokeApiKeyRequest revoke;
  revoke.set_name(created.api_key().name());
  v1::ApiKey revoked;
  EXPECT_THAT(
      S(team->RevokeApiKey(Ctx(other.editor_key).get(), revoke, &revoked)),
      StatusIs(absl::StatusCode::kPermissionDenied));
  EXPECT_THAT(ReadPlans(created.key(), t), IsOk());
  ASSERT_THAT(S(team->RevokeApiKey(Ctx(t.editor_key).get(), revoke, &revoked)),
              IsOk());
  EXPECT_TRUE(revoked.has_revoke_time());
  EXPECT_THAT(ReadPlans(created.key(), t),
              StatusIs(absl::StatusCode::kUnauthenticated));
}

}  // namespace
}  // namespace poles::testing
