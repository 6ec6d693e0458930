// The process log holds no personal data: a database error whose DETAIL
// carries a person's name and e-mail is logged by its SQLSTATE, constraint,
// table and statement only, and the per-RPC lines name the call, not its
// contents.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "base/log_capture.h"
#include "base/random.h"
#include "tests/test_env.h"

namespace poles::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

std::vector<nlohmann::json> Events(const std::vector<std::string>& lines,
                                   const std::string& event) {
  std::vector<nlohmann::json> out;
  for (const auto& line : lines) {
    auto j = nlohmann::json::parse(line);  // every line is one JSON object
    if (j["event"] == event) out.push_back(std::move(j));
  }
  return out;
}

TEST(LogPrivacyTest, APersonIdCannotBeAName) {
  TestTenant t = NewTenant("pid");
  v1::CreatePersonRequest create;
  create.set_parent(t.parent());
  create.set_person_id("zoe-tremblay");
  create.mutable_person()->set_display_name("Zoé Tremblay");
  create.mutable_person()->set_role(v1::Person::CONTACT);
  create.mutable_person()->mutable_consent()->set_purpose("Infolettre");
  create.mutable_person()->mutable_consent()->set_consent_date("2024-05-01");
  v1::Person out;
  EXPECT_THAT(
      S(Directories()->CreatePerson(Ctx(t.editor_key).get(), create, &out)),
      InvalidFieldIs("person_id"));
  create.clear_person_id();
  ASSERT_THAT(
      S(Directories()->CreatePerson(Ctx(t.editor_key).get(), create, &out)),
      IsOk());
  EXPECT_THAT(out.name(), Not(HasSubstr("zoe")));
}

TEST(LogPrivacyTest, AConstraintViolationLogsNoPersonalData) {
  TestTenant t = NewTenant("log");
  const std::string unique = RandomHex(6);
  const std::string email = absl::StrCat("zoe.unique-", unique, "@example.org");
  const std::string name = absl::StrCat("Zoé Unique", unique);
  const std::string constraint = absl::StrCat("people_log_test_", unique);
  auto stub = Directories();
  logging::LogCapture capture;

  v1::CreatePersonRequest create;
  create.set_parent(t.parent());
  create.set_person_id(RandomHex(6));  // a generated-looking id
  create.set_request_id(absl::StrCat("create-zoe-", unique));
  v1::Person* p = create.mutable_person();
  p->set_display_name(name);
  p->set_role(v1::Person::CONTACT);
  p->set_email(email);
  p->set_phone("819 555-0199");
  p->mutable_consent()->set_purpose("Infolettre");
  p->mutable_consent()->set_consent_date("2024-05-01");
  v1::Person zoe;
  ASSERT_THAT(S(stub->CreatePerson(Ctx(t.editor_key).get(), create, &zoe)),
              IsOk());
  // The same client-chosen id again: a unique violation on the key.
  create.set_request_id(absl::StrCat("create-zoe-again-", unique));
  v1::Person again;
  EXPECT_THAT(S(stub->CreatePerson(Ctx(t.editor_key).get(), create, &again)),
              StatusIs(absl::StatusCode::kAlreadyExists));

  // A check the service does not know, on this tenant's rows only: its
  // violation's DETAIL is "Failing row contains (<every column>)".
  {
    pqxx::connection c(OwnerUrl());
    pqxx::work w(c);
    w.exec0(absl::StrCat("ALTER TABLE poles.people ADD CONSTRAINT ", constraint,
                         " CHECK (tenant_id <> ", w.quote(t.slug),
                         " OR position <> 'provoque') NOT VALID"));
    w.commit();
  }
  v1::UpdatePersonRequest update;
  update.mutable_person()->set_name(zoe.name());
  update.mutable_person()->set_position("provoque");
  update.mutable_update_mask()->add_paths("position");
  auto ctx = Ctx(t.editor_key);
  ctx->AddMetadata("x-request-id", "log-privacy-" + unique);
  v1::Person updated;
  absl::Status status = S(stub->UpdatePerson(ctx.get(), update, &updated));
  {
    pqxx::connection c(OwnerUrl());
    pqxx::work w(c);
    w.exec0(
        absl::StrCat("ALTER TABLE poles.people DROP CONSTRAINT ", constraint));
    w.commit();
  }
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(std::string(status.message()), Not(HasSubstr(email)));

  const std::vector<std::string> lines = capture.Lines();
  const std::string all = absl::StrJoin(lines, "\n");
  EXPECT_THAT(all, Not(HasSubstr(email)));
  EXPECT_THAT(all, Not(HasSubstr("zoe.unique")));
  EXPECT_THAT(all, Not(HasSubstr(name)));
  EXPECT_THAT(all, Not(HasSubstr("Unique" + unique)));
  EXPECT_THAT(all, Not(HasSubstr("555-0199")));
  EXPECT_THAT(all, Not(HasSubstr("Failing row")));
  EXPECT_THAT(all, Not(HasSubstr("Bearer")));
  EXPECT_THAT(all, Not(HasSubstr(t.editor_key)));

  bool violation_logged = false;
  for (const auto& e : Events(lines, "database_error")) {
    if (e.value("constraint", "") != constraint) continue;
    violation_logged = true;
    EXPECT_EQ(e["sqlstate"], "23514");
    EXPECT_EQ(e["table"], "people");
    EXPECT_EQ(e["context"], "DirectoriesService/UpdatePerson");
    EXPECT_FALSE(e.value("statement", "").empty());
  }
  EXPECT_TRUE(violation_logged) << all;

  bool rpc_logged = false;
  for (const auto& e : Events(lines, "rpc")) {
    if (e.value("request_id", "") != "log-privacy-" + unique) continue;
    rpc_logged = true;
    EXPECT_EQ(e["method"], "DirectoriesService/UpdatePerson");
    EXPECT_EQ(e["code"], "INVALID_ARGUMENT");
    EXPECT_EQ(e["tenant"], t.slug);
    EXPECT_TRUE(e["latency_ms"].is_number());
  }
  EXPECT_TRUE(rpc_logged) << all;
}

}  // namespace
}  // namespace poles::testing
