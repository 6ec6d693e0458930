// The tenancy rules, checked on the live catalog for every table present
// and future (design.md §4; checklist 18-22).
#include <set>

#include <pqxx/pqxx>

#include "storage/session.h"
#include "storage/tenant_transaction.h"
#include "tests/test_env.h"

namespace poles::testing {
namespace {

// Tables without tenant_id: reference data and platform registries. A new
// table must either carry tenant_id (and pass every check below) or be
// added here on purpose.
const std::set<std::string> kPlatformTables = {
    "regions", "mrcs", "tenants", "api_keys", "platform_audit_log",
    "national_indicators", "sectors", "funders", "programs"};

std::set<std::string> TenantTables(pqxx::work& w) {
  std::set<std::string> out;
  for (const auto& r : w.exec(
           "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = "
           "c.relnamespace JOIN pg_attribute a ON a.attrelid = c.oid AND "
           "a.attname = 'tenant_id' AND NOT a.attisdropped WHERE n.nspname = "
           "'poles' AND c.relkind IN ('r', 'p')")) {
    out.insert(r[0].c_str());
  }
  return out;
}

TEST(CatalogTest, EveryTableIsTenantOwnedOrAnAllowedPlatformTable) {
  pqxx::connection conn(SuperuserUrl());
  pqxx::work w(conn);
  auto tenant_tables = TenantTables(w);
  // Not vacuous: the tables the plans service and audit rely on are there.
  for (const char* t : {"plans", "plan_items", "plan_indicators",
                        "indicator_results", "audit_log", "idempotency_keys",
                        "tenant_mrcs", "awards", "agreement_years",
                        "reported_totals"}) {
    EXPECT_TRUE(tenant_tables.count(t)) << t;
  }
  for (const auto& r : w.exec(
           "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = "
           "c.relnamespace WHERE n.nspname = 'poles' AND c.relkind IN ('r', "
           "'p')")) {
    std::string t = r[0].c_str();
    EXPECT_TRUE(tenant_tables.count(t) || kPlatformTables.count(t))
        << "table poles." << t
        << " has no tenant_id and is not an allowed platform table";
  }
}

TEST(CatalogTest, TenantTablesHaveForcedRowLevelSecurityOnTheTenantSetting) {
  pqxx::connection conn(SuperuserUrl());
  pqxx::work w(conn);
  for (const auto& t : TenantTables(w)) {
    auto r = w.exec_params(
        "SELECT relrowsecurity, relforcerowsecurity FROM pg_class WHERE oid = "
        "('poles.' || $1)::regclass",
        t);
    EXPECT_TRUE(r[0][0].as<bool>()) << t << ": RLS not enabled";
    EXPECT_TRUE(r[0][1].as<bool>()) << t << ": RLS not forced";
    auto p = w.exec_params(
        "SELECT count(*) FROM pg_policies WHERE schemaname = 'poles' AND "
        "tablename = $1 AND cmd = 'ALL' AND qual LIKE '%current_tenant()%' "
        "AND with_check LIKE '%current_tenant()%'",
        t);
    EXPECT_EQ(p[0][0].as<int>(), 1) << t << ": no tenant policy";
    // Every other policy would widen access: there must be none.
    auto all = w.exec_params(
        "SELECT count(*) FROM pg_policies WHERE schemaname = 'poles' AND "
        "tablename = $1",
        t);
    EXPECT_EQ(all[0][0].as<int>(), 1) << t;
  }
  // The policy function reads the transaction-local setting.
  auto f = w.exec(
      "SELECT prosrc, prosecdef FROM pg_proc WHERE proname = "
      "'current_tenant'");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_NE(std::string(f[0][0].c_str())
                .find("NULLIF(current_setting('poles.tenant_id', true), '')"),
            std::string::npos);
  EXPECT_FALSE(f[0][1].as<bool>());
}

TEST(CatalogTest, TenantIdLeadsEveryKeyOfTenantTables) {
  pqxx::connection conn(SuperuserUrl());
  pqxx::work w(conn);
  for (const auto& t : TenantTables(w)) {
    auto pk = w.exec_params(
        "SELECT a.attname FROM pg_constraint c JOIN pg_attribute a ON "
        "a.attrelid = c.conrelid AND a.attnum = c.conkey[1] WHERE c.conrelid "
        "= ('poles.' || $1)::regclass AND c.contype = 'p'",
        t);
    ASSERT_EQ(pk.size(), 1u) << t << ": no primary key";
    EXPECT_STREQ(pk[0][0].c_str(), "tenant_id") << t;
    // Unique keys and foreign keys between tenant tables: tenant_id among
    // their columns. (A foreign key to shared reference data, such as an
    // MRC, has no tenant on the other side; Citus allows it to a reference
    // table.)
    auto keys = w.exec_params(
        "SELECT c.conname, c.contype, EXISTS (SELECT 1 FROM pg_attribute a "
        "WHERE a.attrelid = c.conrelid AND a.attname = 'tenant_id' AND "
        "a.attnum = ANY (c.conkey)), c.confrelid::regclass::text, "
        "EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.confrelid "
        "AND a.attname = 'tenant_id') FROM pg_constraint c WHERE c.conrelid = "
        "('poles.' || $1)::regclass AND c.contype IN ('u', 'f')",
        t);
    for (const auto& k : keys) {
      bool to_reference = std::string(k[1].c_str()) == "f" && !k[4].as<bool>() &&
                          kPlatformTables.count(std::string(k[3].c_str()).substr(6));
      EXPECT_TRUE(k[2].as<bool>() || to_reference)
          << t << ": constraint " << k[0].c_str() << " lacks tenant_id";
    }
    // Unique indexes created outside constraints, too.
    auto idx = w.exec_params(
        "SELECT i.indexrelid::regclass::text, EXISTS (SELECT 1 FROM "
        "pg_attribute a WHERE a.attrelid = i.indrelid AND a.attname = "
        "'tenant_id' AND a.attnum = ANY (i.indkey::int2[])) FROM pg_index i "
        "WHERE i.indrelid = ('poles.' || $1)::regclass AND i.indisunique",
        t);
    for (const auto& k : idx) {
      EXPECT_TRUE(k[1].as<bool>()) << t << ": unique index " << k[0].c_str();
    }
  }
}

TEST(CatalogTest, ApplicationRoleIsUnprivilegedAndOwnsNothing) {
  pqxx::connection conn(SuperuserUrl());
  pqxx::work w(conn);
  auto role = w.exec(
      "SELECT rolsuper, rolbypassrls, rolcreaterole, rolcreatedb, rolcanlogin "
      "FROM pg_roles WHERE rolname = 'poles_app'");
  ASSERT_EQ(role.size(), 1u);
  EXPECT_FALSE(role[0][0].as<bool>());
  EXPECT_FALSE(role[0][1].as<bool>());
  EXPECT_FALSE(role[0][2].as<bool>());
  EXPECT_FALSE(role[0][3].as<bool>());
  EXPECT_TRUE(role[0][4].as<bool>());
  auto owned = w.exec(
      "SELECT (SELECT count(*) FROM pg_class WHERE relowner = r.oid) + "
      "(SELECT count(*) FROM pg_namespace WHERE nspowner = r.oid) + "
      "(SELECT count(*) FROM pg_proc WHERE proowner = r.oid) + "
      "(SELECT count(*) FROM pg_type WHERE typowner = r.oid) + "
      "(SELECT count(*) FROM pg_database WHERE datdba = r.oid) "
      "FROM pg_roles r WHERE rolname = 'poles_app'");
  EXPECT_EQ(owned[0][0].as<int>(), 0);
  // Not a member of any role either (no inherited privileges).
  auto member = w.exec(
      "SELECT count(*) FROM pg_auth_members m JOIN pg_roles r ON r.oid = "
      "m.member WHERE r.rolname = 'poles_app'");
  EXPECT_EQ(member[0][0].as<int>(), 0);
  // No write privilege on reference data; no DELETE on the audit trail.
  auto priv = w.exec(
      "SELECT has_table_privilege('poles_app', 'poles.mrcs', 'INSERT'), "
      "has_table_privilege('poles_app', 'poles.audit_log', 'DELETE'), "
      "has_table_privilege('poles_app', 'poles.audit_log', 'UPDATE'), "
      "has_table_privilege('poles_app', 'poles.api_keys', 'DELETE'), "
      "has_schema_privilege('poles_app', 'poles', 'CREATE')");
  for (int i = 0; i < 5; ++i) EXPECT_FALSE(priv[0][i].as<bool>()) << i;
}

TEST(CatalogTest, NoMaterializedViewsDefinerFunctionsOrInvokerlessViews) {
  pqxx::connection conn(SuperuserUrl());
  pqxx::work w(conn);
  EXPECT_EQ(w.exec("SELECT count(*) FROM pg_matviews WHERE schemaname = "
                   "'poles'")[0][0]
                .as<int>(),
            0);
  EXPECT_EQ(w.exec("SELECT count(*) FROM pg_proc p JOIN pg_namespace n ON "
                   "n.oid = p.pronamespace WHERE n.nspname = 'poles' AND "
                   "p.prosecdef")[0][0]
                .as<int>(),
            0);
  EXPECT_EQ(
      w.exec("SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = "
             "c.relnamespace WHERE n.nspname = 'poles' AND c.relkind = 'v' "
             "AND NOT COALESCE('security_invoker=true' = ANY (c.reloptions), "
             "false)")[0][0]
          .as<int>(),
      0);
}

// With rows present for two tenants, the application role sees nothing
// without a tenant, and only its tenant's rows with one.
TEST(CatalogTest, WithoutATenantEveryTenantTableReadsEmpty) {
  TestTenant a = NewTenant("cat");
  TestTenant b = NewTenant("cat");
  for (const auto* t : {&a, &b}) {
    v1::CreatePlanRequest req;
    req.set_parent(t->parent());
    req.mutable_plan()->set_title("Plan");
    req.mutable_plan()->set_start_fiscal_year("2018-2019");
    req.mutable_plan()->set_end_fiscal_year("2018-2019");
    v1::Plan out;
    ASSERT_TRUE(Plans()->CreatePlan(Ctx(t->editor_key).get(), req, &out).ok());
  }
  pqxx::connection su(SuperuserUrl());
  std::set<std::string> tables;
  {
    pqxx::work w(su);
    tables = TenantTables(w);
  }
  pqxx::connection app(AppUrl());
  for (const auto& t : tables) {
    {
      pqxx::work w(app);
      EXPECT_EQ(w.exec("SELECT count(*) FROM poles." + t)[0][0].as<int>(), 0)
          << t;
    }
    pqxx::work w(app);
    w.exec_params("SELECT set_config('poles.tenant_id', $1, true)", a.slug);
    EXPECT_EQ(w.exec("SELECT count(*) FROM poles." + t +
                     " WHERE tenant_id <> " + w.quote(a.slug))[0][0]
                  .as<int>(),
              0)
        << t;
  }
  // And writing another tenant's row is refused by the policy's check.
  pqxx::work w(app);
  w.exec_params("SELECT set_config('poles.tenant_id', $1, true)", a.slug);
  EXPECT_THROW(
      w.exec_params("INSERT INTO poles.plans (tenant_id, plan_id, title, "
                    "start_fy, end_fy, status) VALUES ($1, 'x', 't', 2018, "
                    "2018, 'draft')",
                    b.slug),
      pqxx::sql_error);
}

// A pooled connection never carries one tenant's setting into the next use.
TEST(CatalogTest, TenantSettingDoesNotOutliveItsTransaction) {
  TestTenant a = NewTenant("pool");
  storage::Session session(AppUrl());
  auto deadline = std::chrono::system_clock::now() + std::chrono::seconds(10);
  {
    auto tx = storage::TenantTransaction::Begin(session, a.slug, deadline);
    ASSERT_TRUE(tx.ok());
    ASSERT_TRUE((*tx)->Commit().ok());
  }
  auto read = storage::TenantRead(session, a.slug, deadline, "tenants_get", {a.slug});
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(read->size(), 1u);
  pqxx::nontransaction n(session.connection());
  EXPECT_STREQ(
      n.exec("SELECT COALESCE(current_setting('poles.tenant_id', true), '')")[0][0]
          .c_str(),
      "");
  EXPECT_STREQ(n.exec("SELECT current_setting('statement_timeout')")[0][0].c_str(),
               "0");
}

// Every named statement of every service is prepared on connect, so a typo
// in any of them fails here rather than on first use in production.
TEST(CatalogTest, EveryRegisteredStatementPrepares) {
  storage::Session session(AppUrl());
  ASSERT_TRUE(session.EnsureConnected().ok());
  pqxx::nontransaction n(session.connection());
  int prepared = n.exec_params("SELECT count(*) FROM pg_prepared_statements "
                               "WHERE name LIKE 'q\\_%' AND name <> $1",
                               storage::kSetTenantStatement)[0][0]
                     .as<int>();
  EXPECT_GE(storage::RegisteredStatements().size(), 40u);
  EXPECT_EQ(prepared, static_cast<int>(storage::RegisteredStatements().size()));
  EXPECT_EQ(n.exec_params("SELECT count(*) FROM pg_prepared_statements WHERE name = $1",
                          storage::kSetTenantStatement)[0][0]
                .as<int>(),
            1);
}

// A tenant read that fails in PostgreSQL maps the SQLSTATE (a client's bad
// value is INVALID_ARGUMENT, not INTERNAL), leaves the pipeline, and the
// same connection serves the next read with no tenant left behind.
TEST(CatalogTest, AFailedTenantReadLeavesTheConnectionClean) {
  TestTenant a = NewTenant("pipe");
  storage::Session session(AppUrl());
  auto deadline = std::chrono::system_clock::now() + std::chrono::seconds(10);
  // items_list's $6 is an integer.
  auto bad = storage::TenantRead(session, a.slug, deadline, "items_list",
                                 {a.slug, "p", "", "", "", "not-a-number"});
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
  auto unknown = storage::TenantRead(session, a.slug, deadline, "no_such_statement", {});
  EXPECT_EQ(unknown.status().code(), absl::StatusCode::kInternal);
  auto good = storage::TenantRead(session, a.slug, deadline, "tenants_get", {a.slug});
  ASSERT_TRUE(good.ok()) << good.status();
  ASSERT_EQ(good->size(), 1u);
  EXPECT_EQ((*good)[0][0].as<std::string>(), a.slug);
  pqxx::nontransaction n(session.connection());
  EXPECT_STREQ(
      n.exec("SELECT COALESCE(current_setting('poles.tenant_id', true), '')")[0][0]
          .c_str(),
      "");
}

}  // namespace
}  // namespace poles::testing
