// Migrations: applied once, in order, under a lock; a changed or unknown
// migration stops start-up with a clear message.
#include "storage/migrations.h"

#include <thread>
#include <vector>

#include <pqxx/pqxx>

#include "absl/strings/match.h"
#include "base/digest.h"
#include "tests/test_env.h"

namespace poles::testing {
namespace {

std::string FreshDatabase(const std::string& name) {
  pqxx::connection c(SuperuserUrl());
  pqxx::nontransaction n(c);
  n.exec("DROP DATABASE IF EXISTS " + name);
  n.exec("CREATE DATABASE " + name + " OWNER poles_owner");
  std::string url = OwnerUrl();
  return url.substr(0, url.rfind('/') + 1) + name;
}

TEST(MigrationsTest, RealSchemaIsAppliedAndRecordedWithChecksums) {
  pqxx::connection c(OwnerUrl());
  pqxx::work w(c);
  auto r = w.exec(
      "SELECT name, checksum FROM poles_meta.schema_migrations ORDER BY name");
  const auto& embedded = storage::EmbeddedMigrations();
  ASSERT_EQ(r.size(), embedded.size());
  for (size_t i = 0; i < embedded.size(); ++i) {
    EXPECT_EQ(r[i][0].c_str(), embedded[i].name);
    EXPECT_EQ(r[i][1].c_str(), Sha256Hex(embedded[i].sql));
  }
  // Re-applying is a no-op.
  EXPECT_TRUE(storage::ApplyMigrations(OwnerUrl(), embedded).ok());
}

// The upgrade path of 0007 (the search words gain the sort key and lose
// their foreign key and second index): on a database that already holds
// organisations, their words are carried over exactly, and the new
// triggers keep them exact on the next writes.
TEST(MigrationsTest, SearchWordsSurviveTheUpgradeTo0007) {
  std::string url = FreshDatabase("mig_upgrade_0007");
  const auto& all = storage::EmbeddedMigrations();
  std::vector<storage::Migration> before;
  for (const auto& m : all) {
    if (m.name < std::string("0007")) before.push_back(m);
  }
  ASSERT_LT(before.size(), all.size());
  ASSERT_TRUE(storage::ApplyMigrations(url, before).ok());
  {
    pqxx::connection c(url);
    pqxx::work w(c);
    w.exec("SELECT set_config('poles.tenant_id', 'upgrade', true)");
    w.exec(
        "INSERT INTO poles.tenants (slug, display_name, region_code) VALUES "
        "('upgrade', 'Pôle', '17')");
    w.exec("INSERT INTO poles.tenant_mrcs VALUES ('upgrade', 'drummond')");
    w.exec(
        "INSERT INTO poles.organisations (tenant_id, organisation_id, "
        "display_name, kind, "
        "legal_form, sector_id, mrc_id, municipality, neq) VALUES "
        "('upgrade', 'a', 'Économie d''ici', 'enterprise', 'obnl', 'sante', "
        "'drummond', "
        "'Drummondville', '1140000001'), "
        "('upgrade', 'b', 'Café Zéro', 'partner', '', NULL, NULL, '', '')");
    w.commit();
  }
  absl::Status upgraded = storage::ApplyMigrations(url, all);
  ASSERT_TRUE(upgraded.ok()) << upgraded;

  auto drift = [&](pqxx::work& w) {
    return w.exec(
        "WITH want AS (SELECT o.tenant_id, w AS term, o.organisation_id, "
        "o.sort_name "
        "FROM poles.organisations o, poles.organisation_words(o.search_text) "
        "AS w), "
        "have AS (SELECT tenant_id, term, organisation_id, sort_name "
        "FROM poles.organisation_search_terms) "
        "SELECT (SELECT count(*) FROM (TABLE want EXCEPT TABLE have) a) + "
        "(SELECT count(*) FROM (TABLE have EXCEPT TABLE want) b), (SELECT "
        "count(*) FROM have)")[0];
  };
  pqxx::connection c(url);
  pqxx::work w(c);
  w.exec("SELECT set_config('poles.tenant_id', 'upgrade', true)");
  auto d = drift(w);
  EXPECT_EQ(d[0].as<long>(), 0);
  EXPECT_EQ(d[1].as<long>(),
            5 + 2);  // economie d ici drummondville 1140000001; cafe zero
  w.exec(
      "UPDATE poles.organisations SET display_name = 'Café Un' WHERE "
      "organisation_id = 'b'");
  w.exec("DELETE FROM poles.organisations WHERE organisation_id = 'a'");
  d = drift(w);
  EXPECT_EQ(d[0].as<long>(), 0);
  EXPECT_EQ(d[1].as<long>(), 2);  // cafe un
}

TEST(MigrationsTest, AChangedMigrationStopsStartUp) {
  std::string url = FreshDatabase("mig_changed");
  std::vector<storage::Migration> v1 = {
      {"0001_a.sql", "CREATE TABLE a (x int);"},
      {"0002_b.sql", "CREATE TABLE b (x int);"}};
  ASSERT_TRUE(storage::ApplyMigrations(url, v1).ok());
  auto changed = v1;
  changed[0].sql = "CREATE TABLE a (x bigint);";
  changed.push_back({"0003_c.sql", "CREATE TABLE c (x int);"});
  absl::Status s = storage::ApplyMigrations(url, changed);
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(absl::StrContains(s.message(), "0001_a.sql was changed")) << s;
  // Nothing of the new list was applied.
  pqxx::connection c(url);
  pqxx::work w(c);
  EXPECT_EQ(w.exec("SELECT count(*) FROM pg_tables WHERE tablename = 'c'")[0][0]
                .as<int>(),
            0);
}

TEST(MigrationsTest, AnUnknownAppliedMigrationStopsStartUp) {
  std::string url = FreshDatabase("mig_unknown");
  std::vector<storage::Migration> newer = {
      {"0001_a.sql", "CREATE TABLE a (x int);"},
      {"0002_b.sql", "CREATE TABLE b (x int);"}};
  ASSERT_TRUE(storage::ApplyMigrations(url, newer).ok());
  newer.pop_back();
  absl::Status s = storage::ApplyMigrations(url, newer);
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(absl::StrContains(s.message(), "0002_b.sql")) << s;
}

TEST(MigrationsTest, AFailingMigrationRollsBackAndIsNotRecorded) {
  std::string url = FreshDatabase("mig_fail");
  std::vector<storage::Migration> m = {
      {"0001_a.sql", "CREATE TABLE a (x int);"},
      {"0002_bad.sql", "CREATE TABLE b (x int); SELECT no_such_function();"}};
  EXPECT_FALSE(storage::ApplyMigrations(url, m).ok());
  pqxx::connection c(url);
  pqxx::work w(c);
  EXPECT_EQ(w.exec("SELECT count(*) FROM pg_tables WHERE tablename = 'b'")[0][0]
                .as<int>(),
            0);
  EXPECT_EQ(w.exec("SELECT count(*) FROM poles_meta.schema_migrations")[0][0]
                .as<int>(),
            1);
}

TEST(MigrationsTest, ConcurrentMigratorsApplyEachMigrationOnce) {
  std::string url = FreshDatabase("mig_race");
  std::vector<storage::Migration> m = {
      {"0001_a.sql", "CREATE TABLE a (x int); SELECT pg_sleep(0.3);"},
      {"0002_b.sql", "CREATE TABLE b (x int);"}};
  std::vector<absl::Status> results(3);
  std::vector<std::thread> threads;
  for (int i = 0; i < 3; ++i) {
    threads.emplace_back(
        [&, i] { results[i] = storage::ApplyMigrations(url, m); });
  }
  for (auto& t : threads) t.join();
  for (const auto& s : results) EXPECT_TRUE(s.ok()) << s;
  pqxx::connection c(url);
  pqxx::work w(c);
  EXPECT_EQ(w.exec("SELECT count(*) FROM poles_meta.schema_migrations")[0][0]
                .as<int>(),
            2);
}

}  // namespace
}  // namespace poles::testing
