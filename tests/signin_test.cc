// People sign in (issue 16), end to end: the gateway's HTTP front door with
// its /auth/ routes and the tenant API, in front of a real poles-server and
// PostgreSQL, called over HTTP with cpp-httplib's client and cookies only.
// Accounts are created with AdminService.CreateAccount (the admin key).
#include <httplib.h>

#include <memory>
#include <string>

#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "base/log_capture.h"
#include "base/random.h"
#include "gateway/http_api.h"
#include "gateway/http_transcoder.h"
#include "gateway/session_routes.h"
#include "services/common/auth.h"
#include "storage/session.h"
#include "tests/test_env.h"

namespace poles::testing {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;
using ::testing::Not;

class NoNationalReads : public gateway::NationalReads {
 public:
  absl::StatusOr<v1::NationalTable> GetNationalTable(
      const std::string&, const v1::GetNationalTableRequest&,
      Deadline) override {
    return absl::UnimplementedError("");
  }
  absl::StatusOr<v1::FundingRollup> GetFundingRollup(
      const std::string&, const v1::GetFundingRollupRequest&,
      Deadline) override {
    return absl::UnimplementedError("");
  }
  absl::StatusOr<v1::Bilan> GetBilan(const std::string&,
                                     const v1::GetBilanRequest&,
                                     Deadline) override {
    return absl::UnimplementedError("");
  }
  absl::StatusOr<v1::BilanDocument> RenderBilan(const std::string&,
                                                const v1::RenderBilanRequest&,
                                                Deadline) override {
    return absl::UnimplementedError("");
  }
  absl::StatusOr<v1::ListFindingsResponse> ListFindings(
      const std::string&, const v1::ListFindingsRequest&, Deadline) override {
    return absl::UnimplementedError("");
  }
};

struct Answer {
  int status = 0;
  json body;
  std::string set_cookie;
  std::string retry_after;
};

// A signed-in person: the cookie's token and the CSRF token.
struct Signed {
  std::string token;
  std::string csrf;
  std::string account;  // accounts/<id>
};

// The test helper the brief asks for: an account with a known password.
std::string CreateAccount(const std::string& email, const std::string& password,
                          const std::string& tenant, v1::Role role) {
  v1::CreateAccountRequest r;
  r.mutable_account()->set_email(email);
  r.mutable_account()->set_display_name("Personne d'essai");
  r.set_password(password);
  auto* m = r.add_memberships();
  m->set_tenant("tenants/" + tenant);
  m->set_role(role);
  v1::CreateAccountResponse out;
  auto ctx = Ctx(AdminKey());
  grpc::Status s = Admin()->CreateAccount(ctx.get(), r, &out);
  EXPECT_TRUE(s.ok()) << s.error_message();
  return out.account().name();
}

std::string Email(const std::string& who) {
  return absl::StrCat(who, "-", RandomHex(4), "@exemple.qc.ca");
}

constexpr char kPassword[] = "mot-de-passe-solide-1";

class SigninTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    tenant_ = new TestTenant(NewTenant("signin"));
    other_ = new TestTenant(NewTenant("signinother"));
    reads_ = new NoNationalReads();
    loopback_ = StartDoor("127.0.0.1:0");
    anywhere_ = StartDoor("0.0.0.0:0");
  }
  static void TearDownTestSuite() {
    delete loopback_;
    delete anywhere_;
    delete reads_;
    delete tenant_;
    delete other_;
  }

  static gateway::HttpFrontDoor* StartDoor(const std::string& listen) {
    gateway::HttpTranscoderOptions t;
    t.default_deadline = std::chrono::seconds(10);
    t.max_deadline = std::chrono::seconds(20);
    auto transcoder = gateway::HttpTranscoder::Create(Channel(), t);
    EXPECT_TRUE(transcoder.ok()) << transcoder.status();
    gateway::HttpApiOptions options;
    options.tenant_api = std::move(*transcoder);
    auto sessions = std::make_shared<gateway::SessionOptions>();
    sessions->channel = Channel();
    sessions->service_authorization = "Bearer " + ServiceKey();
    options.sessions = sessions;
    auto door =
        gateway::HttpFrontDoor::Start(listen, *reads_, nullptr, options);
    EXPECT_TRUE(door.ok()) << door.status();
    return door->release();
  }

  static Answer Call(const std::string& method, const std::string& path,
                     const std::string& body, const httplib::Headers& headers,
                     gateway::HttpFrontDoor* door = nullptr) {
    httplib::Client client("127.0.0.1",
                           (door == nullptr ? loopback_ : door)->port());
    client.set_read_timeout(std::chrono::seconds(30));
    httplib::Result r = method == "GET"    ? client.Get(path, headers)
                        : method == "POST" ? client.Post(path, headers, body,
                                                         "application/json")
                                           : client.Delete(path, headers);
    Answer a;
    if (!r) {
      ADD_FAILURE() << method << " " << path << ": no answer";
      return a;
    }
    a.status = r->status;
    a.set_cookie = r->get_header_value("Set-Cookie");
    a.retry_after = r->get_header_value("Retry-After");
    a.body = json::parse(r->body, nullptr, false);
    return a;
  }

  static httplib::Headers With(const Signed& s, bool csrf = true) {
    httplib::Headers h{{"Cookie", "poles_session=" + s.token}};
    if (csrf) h.emplace("X-CSRF-Token", s.csrf);
    return h;
  }

  static Answer Login(const std::string& email, const std::string& password,
                      const httplib::Headers& headers = {},
                      gateway::HttpFrontDoor* door = nullptr) {
    return Call("POST", "/auth/login",
                json{{"email", email}, {"password", password}}.dump(), headers,
                door);
  }

  static std::string TokenOf(const std::string& set_cookie) {
    const std::string prefix = "poles_session=";
    if (!absl::StartsWith(set_cookie, prefix)) return "";
    return set_cookie.substr(prefix.size(),
                             set_cookie.find(';') - prefix.size());
  }

  static Signed SignIn(const std::string& email) {
    Answer a = Login(email, kPassword);
    EXPECT_EQ(a.status, 200) << a.body.dump();
    Signed s;
    s.token = TokenOf(a.set_cookie);
    s.csrf = a.body.value("csrf_token", "");
    s.account = a.body["account"].value("name", "");
    return s;
  }

  static std::string Plans(const TestTenant& t) {
    return "/v1/" + t.parent() + "/plans";
  }
  static std::string NewPlan(const TestTenant& t) {
    return Plans(t) + "?plan_id=p-" + RandomHex(4);
  }
  static std::string PlanBody() {
    return json{{"title", "Plan d'action"},
                {"startFiscalYear", "2024-2025"},
                {"endFiscalYear", "2024-2025"}}
        .dump();
  }
  static size_t PlanCount(const TestTenant& t) {
    v1::ListPlansRequest r;
    r.set_parent(t.parent());
    v1::ListPlansResponse out;
    auto ctx = Ctx(t.editor_key);
    EXPECT_TRUE(poles::testing::Plans()->ListPlans(ctx.get(), r, &out).ok());
    return out.plans_size();
  }

  static TestTenant* tenant_;
  static TestTenant* other_;
  static NoNationalReads* reads_;
  static gateway::HttpFrontDoor* loopback_;
  static gateway::HttpFrontDoor* anywhere_;
};

TestTenant* SigninTest::tenant_ = nullptr;
TestTenant* SigninTest::other_ = nullptr;
NoNationalReads* SigninTest::reads_ = nullptr;
gateway::HttpFrontDoor* SigninTest::loopback_ = nullptr;
gateway::HttpFrontDoor* SigninTest::anywhere_ = nullptr;

TEST_F(SigninTest, LoginAnswersTheContractAndSetsAStrictHttpOnlyCookie) {
  const std::string email = Email("editrice");
  const std::string account =
      CreateAccount(email, kPassword, tenant_->slug, v1::ROLE_EDITOR);
  Answer a = Login(email, kPassword);
  ASSERT_EQ(a.status, 200) << a.body.dump();
  EXPECT_EQ(a.body["account"]["name"], account);
  EXPECT_EQ(a.body["account"]["email"], email);
  EXPECT_EQ(a.body["active"]["tenant"], tenant_->parent());
  EXPECT_EQ(a.body["active"]["role"], "editor");
  ASSERT_EQ(a.body["memberships"].size(), 1u);
  EXPECT_EQ(a.body["csrf_token"].get<std::string>().size(), 64u);
  EXPECT_TRUE(absl::StartsWith(TokenOf(a.set_cookie), "ps_")) << a.set_cookie;
  EXPECT_THAT(a.set_cookie, HasSubstr("; HttpOnly"));
  EXPECT_THAT(a.set_cookie, HasSubstr("; SameSite=Strict"));
  EXPECT_THAT(a.set_cookie, HasSubstr("; Path=/"));
  // Loopback without TLS: no Secure (a browser would drop it on http://).
  EXPECT_THAT(a.set_cookie, Not(HasSubstr("Secure")));
  // Listening beyond loopback: Secure.
  Answer b = Login(email, kPassword, {}, anywhere_);
  ASSERT_EQ(b.status, 200);
  EXPECT_THAT(b.set_cookie, HasSubstr("; Secure"));

  Signed s{TokenOf(a.set_cookie), a.body["csrf_token"], account};
  Answer session = Call("GET", "/auth/session", "", With(s, false));
  EXPECT_EQ(session.status, 200);
  EXPECT_EQ(session.body["csrf_token"], s.csrf);
  EXPECT_EQ(session.body["active"]["role"], "editor");
}

TEST_F(SigninTest, WrongPasswordAndUnknownEmailAnswerTheSame401) {
  const std::string email = Email("mauvais");
  CreateAccount(email, kPassword, tenant_->slug, v1::ROLE_EDITOR);
  Answer wrong = Login(email, "pas-le-bon-mot-de-passe");
  Answer unknown = Login(Email("inconnu"), kPassword);
  EXPECT_EQ(wrong.status, 401);
  EXPECT_EQ(unknown.status, 401);
  EXPECT_EQ(wrong.body["message"], unknown.body["message"]);
  EXPECT_TRUE(wrong.set_cookie.empty());
}

TEST_F(SigninTest,
       RepeatedFailuresAreThrottledWith429EvenWithTheRightPassword) {
  const std::string email = Email("force-brute");
  CreateAccount(email, kPassword, tenant_->slug, v1::ROLE_EDITOR);
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(Login(email, "essai-numero-" + std::to_string(i)).status, 401);
  }
  Answer a = Login(email, kPassword);
  EXPECT_EQ(a.status, 429) << a.body.dump();
  EXPECT_FALSE(a.retry_after.empty());
  EXPECT_GT(std::stoi(a.retry_after), 0);
  EXPECT_TRUE(a.set_cookie.empty());
  // Another account from the same address is not locked out by it.
  const std::string other = Email("voisine");
  CreateAccount(other, kPassword, tenant_->slug, v1::ROLE_EDITOR);
  EXPECT_EQ(Login(other, kPassword).status, 200);
}

TEST_F(SigninTest, EveryLoginIssuesANewSessionIgnoringAPresentedOne) {
  const std::string email = Email("fixation");
  CreateAccount(email, kPassword, tenant_->slug, v1::ROLE_EDITOR);
  const std::string planted = "ps_0123456789abcdef_" + std::string(64, 'a');
  Answer first =
      Login(email, kPassword, {{"Cookie", "poles_session=" + planted}});
  Answer second = Login(email, kPassword);
  ASSERT_EQ(first.status, 200);
  ASSERT_EQ(second.status, 200);
  const std::string a = TokenOf(first.set_cookie);
  const std::string b = TokenOf(second.set_cookie);
  EXPECT_NE(a, planted);
  EXPECT_NE(a, b);
  EXPECT_NE(a.substr(0, 19), b.substr(0, 19));  // a new session id
  EXPECT_EQ(
      Call("GET", "/auth/session", "", {{"Cookie", "poles_session=" + planted}})
          .status,
      401);
}

TEST_F(SigninTest,
       AWriteWithTheCookieButWithoutTheCsrfTokenIsRefusedAndDoesNothing) {
  const std::string email = Email("csrf");
  CreateAccount(email, kPassword, other_->slug, v1::ROLE_EDITOR);
  Signed s = SignIn(email);
  const size_t before = PlanCount(*other_);
  Answer none = Call("POST", NewPlan(*other_), PlanBody(), With(s, false));
  EXPECT_EQ(none.status, 403) << none.body.dump();
  EXPECT_EQ(none.body["code"], 7);  // google.rpc.Status
  httplib::Headers wrong = With(s, false);
  wrong.emplace("X-CSRF-Token", std::string(64, '0'));
  EXPECT_EQ(Call("POST", NewPlan(*other_), PlanBody(), wrong).status, 403);
  EXPECT_EQ(Call("POST", "/auth/logout-all", "", With(s, false)).status, 403);
  EXPECT_EQ(PlanCount(*other_), before);
  EXPECT_EQ(Call("GET", "/auth/session", "", With(s, false)).status, 200);
  // With the token it is done, and audited under the account.
  Answer ok = Call("POST", NewPlan(*other_), PlanBody(), With(s));
  ASSERT_EQ(ok.status, 200) << ok.body.dump();
  EXPECT_EQ(PlanCount(*other_), before + 1);
  pqxx::connection owner(OwnerUrl());
  pqxx::work w(owner);
  w.exec_params("SELECT set_config('poles.tenant_id', $1, true)", other_->slug);
  pqxx::result audit = w.exec_params(
      "SELECT actor, resource FROM poles.audit_log WHERE tenant_id = $1 "
      "ORDER BY audit_id DESC LIMIT 1",
      other_->slug);
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(std::string(audit[0][0].c_str()), s.account);
  EXPECT_THAT(std::string(audit[0][1].c_str()),
              HasSubstr(ok.body["name"].get<std::string>()));
  // A machine's Bearer key needs no CSRF token.
  EXPECT_EQ(Call("POST", NewPlan(*other_), PlanBody(),
                 {{"Authorization", "Bearer " + other_->editor_key}})
                .status,
            200);
}

TEST_F(SigninTest, ASignedOutSessionIsRefusedAtOnceAndLogoutAllEndsEveryOne) {
  const std::string email = Email("sortie");
  CreateAccount(email, kPassword, tenant_->slug, v1::ROLE_EDITOR);
  Signed one = SignIn(email);
  EXPECT_EQ(Call("GET", Plans(*tenant_), "", With(one, false)).status, 200);
  Answer out = Call("POST", "/auth/logout", "", With(one));
  EXPECT_EQ(out.status, 200) << out.body.dump();
  EXPECT_THAT(out.set_cookie, HasSubstr("Max-Age=0"));
  EXPECT_EQ(Call("GET", Plans(*tenant_), "", With(one, false)).status, 401);
  EXPECT_EQ(Call("GET", "/auth/session", "", With(one, false)).status, 401);

  Signed two = SignIn(email);
  Signed three = SignIn(email);
  EXPECT_EQ(Call("POST", "/auth/logout-all", "", With(two)).status, 200);
  EXPECT_EQ(Call("GET", Plans(*tenant_), "", With(two, false)).status, 401);
  EXPECT_EQ(Call("GET", Plans(*tenant_), "", With(three, false)).status, 401);
  // And over gRPC, where the services check the credential themselves.
  v1::ListPlansRequest r;
  r.set_parent(tenant_->parent());
  v1::ListPlansResponse plans;
  auto ctx = Ctx(three.token);
  EXPECT_EQ(
      poles::testing::Plans()->ListPlans(ctx.get(), r, &plans).error_code(),
      grpc::StatusCode::UNAUTHENTICATED);
}

// A freshly started server learns live sessions' scheduling keys with the
// API keys' (Authenticator::LearnSchedulingKeys): a signed-in person's
// calls are scheduled under their Pôle at once; a signed-out session, or a
// live one's id with a wrong secret, stays in the "unverified" share.
TEST_F(SigninTest, AFreshServerSchedulesLiveSessionsUnderTheirTenant) {
  const std::string email = Email("ordonnance");
  CreateAccount(email, kPassword, tenant_->slug, v1::ROLE_VIEWER);
  Signed live = SignIn(email);
  Signed gone = SignIn(email);
  ASSERT_EQ(Call("POST", "/auth/logout", "", With(gone)).status, 200);
  Authenticator fresh(std::chrono::seconds(30));
  EXPECT_EQ(fresh.SchedulingKey("Bearer " + live.token),
            Authenticator::kUnverifiedSchedulingKey);
  storage::Session session(AppUrl());
  absl::StatusOr<int> learned = fresh.LearnSchedulingKeys(session);
  ASSERT_TRUE(learned.ok()) << learned.status();
  EXPECT_EQ(fresh.SchedulingKey("Bearer " + live.token), tenant_->parent());
  EXPECT_EQ(fresh.SchedulingKey("Bearer " + gone.token),
            Authenticator::kUnverifiedSchedulingKey);
  std::string forged = live.token;
  forged.back() = forged.back() == '0' ? '1' : '0';
  EXPECT_EQ(fresh.SchedulingKey("Bearer " + forged),
            Authenticator::kUnverifiedSchedulingKey);
  // An API key whose id is the session's is not taken for it.
  EXPECT_EQ(fresh.SchedulingKey("Bearer pk_" + live.token.substr(3)),
            Authenticator::kUnverifiedSchedulingKey);
}

TEST_F(SigninTest, AViewerReadsButCannotWrite) {
  const std::string email = Email("lectrice");
  CreateAccount(email, kPassword, tenant_->slug, v1::ROLE_VIEWER);
  Signed s = SignIn(email);
  const size_t before = PlanCount(*tenant_);
  EXPECT_EQ(Call("GET", Plans(*tenant_), "", With(s, false)).status, 200);
  Answer write = Call("POST", NewPlan(*tenant_), PlanBody(), With(s));
  EXPECT_EQ(write.status, 403) << write.body.dump();
  EXPECT_EQ(PlanCount(*tenant_), before);
}

TEST_F(SigninTest, AnotherTenantsDataIsUnreachable) {
  const std::string email = Email("voisin");
  CreateAccount(email, kPassword, tenant_->slug, v1::ROLE_EDITOR);
  Signed s = SignIn(email);
  EXPECT_EQ(Call("GET", Plans(*other_), "", With(s, false)).status, 403);
  EXPECT_EQ(Call("POST", NewPlan(*other_), PlanBody(), With(s)).status, 403);
  // Nor by asking for the other tenant at login.
  Answer a = Call("POST", "/auth/login",
                  json{{"email", email},
                       {"password", kPassword},
                       {"tenant", other_->parent()}}
                      .dump(),
                  {});
  EXPECT_EQ(a.status, 403) << a.body.dump();
}

TEST_F(SigninTest, PasswordsAreStoredAsArgon2idAndSessionsAsDigests) {
  const std::string email = Email("hachage");
  const std::string account =
      CreateAccount(email, kPassword, tenant_->slug, v1::ROLE_EDITOR);
  Signed s = SignIn(email);
  pqxx::connection owner(OwnerUrl());
  pqxx::work w(owner);
  pqxx::result r = w.exec_params(
      "SELECT password_hash FROM poles.accounts WHERE account_id = $1",
      account.substr(9));
  ASSERT_EQ(r.size(), 1u);
  const std::string hash = r[0][0].c_str();
  EXPECT_TRUE(absl::StartsWith(hash, "$argon2id$v=19$m=19456,t=2,p=1$"))
      << hash;
  EXPECT_THAT(hash, Not(HasSubstr(kPassword)));
  const std::string secret = s.token.substr(20);
  pqxx::result leaked = w.exec_params(
      "SELECT count(*) FROM poles.sessions WHERE account_id = $1 AND "
      "(encode(digest, 'hex') = $2 OR session_id = $2)",
      account.substr(9), secret);
  EXPECT_EQ(leaked[0][0].as<int>(), 0);
}

TEST_F(SigninTest, APasswordLinkWorksOnceAndEndsTheSessions) {
  const std::string email = Email("oubli");
  const std::string account =
      CreateAccount(email, kPassword, tenant_->slug, v1::ROLE_VIEWER);
  Signed before = SignIn(email);
  // An editor of the tenant issues the link (shown to them).
  const std::string editor = Email("coordo");
  CreateAccount(editor, kPassword, tenant_->slug, v1::ROLE_EDITOR);
  Signed coordo = SignIn(editor);
  v1::IssuePasswordLinkRequest issue;
  issue.set_name(account);
  v1::IssuePasswordLinkResponse link;
  auto ctx = Ctx(coordo.token);
  ASSERT_TRUE(Admin()->IssuePasswordLink(ctx.get(), issue, &link).ok());
  ASSERT_TRUE(absl::StartsWith(link.password_link(), "pl_"));
  // An editor of another tenant cannot.
  const std::string stranger = Email("etranger");
  CreateAccount(stranger, kPassword, other_->slug, v1::ROLE_EDITOR);
  Signed far = SignIn(stranger);
  auto ctx2 = Ctx(far.token);
  v1::IssuePasswordLinkResponse none;
  EXPECT_EQ(Admin()->IssuePasswordLink(ctx2.get(), issue, &none).error_code(),
            grpc::StatusCode::NOT_FOUND);

  const std::string fresh = "un-tout-nouveau-mot-de-passe";
  const std::string body =
      json{{"link", link.password_link()}, {"password", fresh}}.dump();
  EXPECT_EQ(Call("POST", "/auth/password", body, {}).status, 200);
  EXPECT_EQ(Call("POST", "/auth/password", body, {}).status, 401);
  EXPECT_EQ(Call("GET", "/auth/session", "", With(before, false)).status, 401);
  EXPECT_EQ(Login(email, kPassword).status, 401);
  EXPECT_EQ(Login(email, fresh).status, 200);
}

TEST_F(SigninTest, NoPasswordOrSessionSecretReachesTheLog) {
  logging::LogCapture capture;
  const std::string email = Email("journal");
  const std::string password = "secret-qui-ne-doit-pas-fuir";
  CreateAccount(email, password, tenant_->slug, v1::ROLE_EDITOR);
  Answer a = Login(email, password);
  ASSERT_EQ(a.status, 200);
  const std::string token = TokenOf(a.set_cookie);
  Login(email, "mauvais-secret-qui-ne-doit-pas-fuir");
  Call("GET", Plans(*tenant_), "", {{"Cookie", "poles_session=" + token}});
  Call("POST", NewPlan(*tenant_), PlanBody(),
       {{"Cookie", "poles_session=" + token}});
  const auto lines = capture.Lines();
  EXPECT_FALSE(lines.empty());
  for (const auto& line : lines) {
    EXPECT_THAT(line, Not(HasSubstr(password)));
    EXPECT_THAT(line, Not(HasSubstr("mauvais-secret")));
    EXPECT_THAT(line, Not(HasSubstr(token.substr(20))));
    EXPECT_THAT(line, Not(HasSubstr(a.body["csrf_token"].get<std::string>())));
  }
}

}  // namespace
}  // namespace poles::testing
