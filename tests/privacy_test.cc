// What an erasure leaves in the database's files and what the purge step
// (poles-server --purge-erased, PurgeErased) removes, read page by page with
// PostgreSQL's pageinspect (docs/privacy.md); and what a replayed create
// answers after its resource was deleted (AIP-155: the first response).
#include <cstdio>
#include <string>

#include <pqxx/pqxx>

#include "server/bootstrap.h"
#include "tests/test_env.h"

namespace poles::testing {
namespace {

// Heap tuples of `table` (every page) whose data holds `text`, and pages
// whose raw bytes (free space included) hold it.
struct Traces {
  int tuples = 0;
  int pages = 0;
};

Traces TracesOf(const std::string& table, const std::string& text) {
  pqxx::connection c(SuperuserUrl());
  pqxx::work w(c);
  w.exec("CREATE EXTENSION IF NOT EXISTS pageinspect");
  const std::string blocks =
      "generate_series(0, (pg_relation_size($1::regclass) / "
      "current_setting('block_size')::int)::int - 1) AS b";
  Traces t;
  t.tuples = w.exec_params("SELECT count(*) FROM " + blocks +
                               ", heap_page_items(get_raw_page($1::text, b)) "
                               "WHERE position(convert_to($2, 'UTF8') IN "
                               "t_data) > 0",
                           table, text)[0][0]
                 .as<int>();
  t.pages = w.exec_params("SELECT count(*) FROM " + blocks +
                              " WHERE position(convert_to($2, 'UTF8') IN "
                              "get_raw_page($1::text, b)) > 0",
                          table, text)[0][0]
                .as<int>();
  w.commit();
  return t;
}

TEST(PrivacyTest, ThePurgeRemovesWhatAnErasureLeavesInTheTables) {
  TestTenant t = NewTenant("erase");
  const std::string name = "Zoé Purge-Tremblay";
  v1::CreatePersonRequest create;
  create.set_parent(t.parent());
  create.set_request_id("privacy:create-zoe");
  create.mutable_person()->set_display_name(name);
  create.mutable_person()->set_role(v1::Person::BOARD_MEMBER);
  create.mutable_person()->set_position("Trésorière");
  create.mutable_person()->mutable_consent()->set_purpose(
      "Conseil d'administration : convocations");
  create.mutable_person()->mutable_consent()->set_consent_date("2017-09-12");
  v1::Person person;
  ASSERT_TRUE(Directories()
                  ->CreatePerson(Ctx(t.editor_key).get(), create, &person)
                  .ok());
  v1::ErasePersonRequest erase;
  erase.set_name(person.name());
  v1::Person erased;
  ASSERT_TRUE(
      Directories()->ErasePerson(Ctx(t.editor_key).get(), erase, &erased).ok());
  EXPECT_EQ(erased.display_name(), "");

  // Gone from every query, still in the files: the version before the
  // erasure is a dead tuple of poles.people, the deleted stored reply one of
  // poles.idempotency_keys.
  const Traces people_before = TracesOf("poles.people", name);
  const Traces replies_before = TracesOf("poles.idempotency_keys", name);
  EXPECT_GE(people_before.tuples, 1);
  EXPECT_GE(replies_before.tuples, 1);

  ASSERT_TRUE(PurgeErased(OwnerUrl()).ok());

  const Traces people_after = TracesOf("poles.people", name);
  const Traces replies_after = TracesOf("poles.idempotency_keys", name);
  // VACUUM FULL rewrote poles.people: not a byte of her is left in it.
  EXPECT_EQ(people_after.tuples, 0);
  EXPECT_EQ(people_after.pages, 0);
  // Plain VACUUM removed the dead reply from idempotency_keys (no tuple
  // holds it); its bytes may stay in the page's free space until reused.
  EXPECT_EQ(replies_after.tuples, 0);
  std::printf(
      "privacy: poles.people tuples/pages holding the name %d/%d before the "
      "purge, %d/%d after; poles.idempotency_keys %d/%d before, %d/%d after\n",
      people_before.tuples, people_before.pages, people_after.tuples,
      people_after.pages, replies_before.tuples, replies_before.pages,
      replies_after.tuples, replies_after.pages);

  // The anonymous record is still there, and the service still works on
  // the rewritten table.
  v1::GetPersonRequest get;
  get.set_name(person.name());
  v1::Person got;
  ASSERT_TRUE(
      Directories()->GetPerson(Ctx(t.viewer_key).get(), get, &got).ok());
  EXPECT_EQ(got.display_name(), "");
  EXPECT_TRUE(got.has_erase_time());
}

// AIP-155: a replay returns the first response, even when the resource it
// created was deleted since. The replay creates nothing: the resource stays
// deleted, and a new create needs a new request_id.
TEST(PrivacyTest, AReplayAfterDeleteReturnsTheFirstResponseAndCreatesNothing) {
  TestTenant t = NewTenant("replaydel");
  v1::CreateOrganisationRequest create;
  create.set_parent(t.parent());
  create.set_request_id("replay:after-delete");
  create.mutable_organisation()->set_display_name("Coopérative éphémère");
  create.mutable_organisation()->set_kind(v1::Organisation::PARTNER);
  v1::Organisation first;
  ASSERT_TRUE(Directories()
                  ->CreateOrganisation(Ctx(t.editor_key).get(), create, &first)
                  .ok());
  v1::DeleteOrganisationRequest del;
  del.set_name(first.name());
  google::protobuf::Empty empty;
  ASSERT_TRUE(Directories()
                  ->DeleteOrganisation(Ctx(t.editor_key).get(), del, &empty)
                  .ok());

  v1::Organisation replayed;
  grpc::Status s = Directories()->CreateOrganisation(Ctx(t.editor_key).get(),
                                                     create, &replayed);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(replayed.name(), first.name());
  EXPECT_EQ(replayed.etag(), first.etag());
  v1::GetOrganisationRequest get;
  get.set_name(first.name());
  v1::Organisation got;
  EXPECT_EQ(Directories()
                ->GetOrganisation(Ctx(t.viewer_key).get(), get, &got)
                .error_code(),
            grpc::StatusCode::NOT_FOUND);
  // A new request_id creates it again.
  create.set_request_id("replay:after-delete-2");
  v1::Organisation second;
  ASSERT_TRUE(Directories()
                  ->CreateOrganisation(Ctx(t.editor_key).get(), create, &second)
                  .ok());
  EXPECT_NE(second.name(), first.name());

  // The exception: a person's stored reply goes with their data, so a
  // CreatePerson replayed after ErasePerson creates a new person.
  v1::CreatePersonRequest person;
  person.set_parent(t.parent());
  person.set_request_id("replay:person");
  person.mutable_person()->set_display_name("Léa Replay");
  person.mutable_person()->set_role(v1::Person::CONTACT);
  person.mutable_person()->mutable_consent()->set_purpose("Contact du Pôle");
  person.mutable_person()->mutable_consent()->set_consent_date("2018-04-01");
  v1::Person lea;
  ASSERT_TRUE(
      Directories()->CreatePerson(Ctx(t.editor_key).get(), person, &lea).ok());
  v1::ErasePersonRequest erase;
  erase.set_name(lea.name());
  v1::Person erased;
  ASSERT_TRUE(
      Directories()->ErasePerson(Ctx(t.editor_key).get(), erase, &erased).ok());
  v1::Person again;
  ASSERT_TRUE(Directories()
                  ->CreatePerson(Ctx(t.editor_key).get(), person, &again)
                  .ok());
  EXPECT_NE(again.name(), lea.name());
  EXPECT_EQ(again.display_name(), "Léa Replay");
}

}  // namespace
}  // namespace poles::testing
