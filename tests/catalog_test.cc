// The tenancy rules, checked on the live catalog for every table present
// and future (design.md §4; checklist 18-22).
#include <cstdio>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <pqxx/pqxx>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "services/admin/admin_service.h"
#include "services/common/auth.h"
#include "services/common/mutation.h"
#include "services/directories/directories_service.h"
#include "storage/session.h"
#include "storage/tenant_transaction.h"
#include "tests/test_env.h"

namespace poles::testing {
namespace {

// Tables without tenant_id: reference data and platform registries. A new
// table must either carry tenant_id (and pass every check below) or be
// added here on purpose.
const std::set<std::string> kPlatformTables = {"regions",
                                               "mrcs",
                                               "tenants",
                                               "api_keys",
                                               "platform_audit_log",
                                               "national_indicators",
                                               "sectors",
                                               "funders",
                                               "programs",
                                               "accounts",
                                               "account_roles",
                                               "sessions",
                                               "password_links"};

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

// The one policy a tenant table may have, as PostgreSQL prints it back
// (pg_get_expr with search_path = pg_catalog, so names are qualified).
constexpr char kTenantPolicyExpr[] = "(tenant_id = poles.current_tenant())";

// `table` has exactly one policy: permissive, for every command and every
// role, whose USING and WITH CHECK are both exactly kTenantPolicyExpr. Any
// other policy (a second one, `... OR true`, a restrictive or per-command
// one) fails.
void ExpectOnlyTheTenantPolicy(pqxx::work& w, const std::string& table) {
  w.exec("SET LOCAL search_path = pg_catalog");
  auto policies = w.exec_params(
      "SELECT polname, polcmd::text, polpermissive, polroles = '{0}'::oid[], "
      "COALESCE(pg_get_expr(polqual, polrelid), ''), "
      "COALESCE(pg_get_expr(polwithcheck, polrelid), '') FROM pg_policy "
      "WHERE polrelid = ('poles.' || $1)::regclass",
      table);
  ASSERT_EQ(policies.size(), 1u)
      << table << ": a tenant table has exactly one policy";
  const auto& p = policies[0];
  EXPECT_STREQ(p[1].c_str(), "*")
      << table << ": policy " << p[0].c_str() << " is not FOR ALL";
  EXPECT_TRUE(p[2].as<bool>()) << table << ": policy is restrictive";
  EXPECT_TRUE(p[3].as<bool>()) << table << ": policy is not for PUBLIC";
  EXPECT_STREQ(p[4].c_str(), kTenantPolicyExpr) << table << ": USING";
  EXPECT_STREQ(p[5].c_str(), kTenantPolicyExpr) << table << ": WITH CHECK";
}

TEST(CatalogTest, EveryTableIsTenantOwnedOrAnAllowedPlatformTable) {
  pqxx::connection conn(SuperuserUrl());
  pqxx::work w(conn);
  auto tenant_tables = TenantTables(w);
  // Not vacuous: the tables the plans service and audit rely on are there.
  for (const char* t :
       {"plans", "plan_items", "plan_indicators", "indicator_results",
        "audit_log", "idempotency_keys", "tenant_mrcs", "awards",
        "agreement_years", "reported_totals"}) {
    EXPECT_TRUE(tenant_tables.count(t)) << t;
  }
  for (const auto& r :
       w.exec("SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = "
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
    ExpectOnlyTheTenantPolicy(w, t);
  }
  // The policy function reads the transaction-local setting, and nothing
  // else: its whole body is compared.
  auto f = w.exec(
      "SELECT btrim(prosrc, E' \\n'), prosecdef, provolatile::text FROM "
      "pg_proc "
      "p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = "
      "'poles' "
      "AND proname = 'current_tenant'");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_STREQ(f[0][0].c_str(),
               "SELECT NULLIF(current_setting('poles.tenant_id', true), '')");
  EXPECT_FALSE(f[0][1].as<bool>());
  EXPECT_STREQ(f[0][2].c_str(), "s");
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
      bool to_reference =
          std::string(k[1].c_str()) == "f" && !k[4].as<bool>() &&
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

// The services' roles: the tenant services' (poles_app) and the admin
// service's (poles_admin).
TEST(CatalogTest, ServiceRolesAreUnprivilegedAndOwnNothing) {
  pqxx::connection conn(SuperuserUrl());
  pqxx::work w(conn);
  for (const char* name : {"poles_app", "poles_admin"}) {
    auto role = w.exec_params(
        "SELECT rolsuper, rolbypassrls, rolcreaterole, rolcreatedb, "
        "rolcanlogin FROM pg_roles WHERE rolname = $1",
        name);
    ASSERT_EQ(role.size(), 1u) << name;
    EXPECT_FALSE(role[0][0].as<bool>()) << name;
    EXPECT_FALSE(role[0][1].as<bool>()) << name;
    EXPECT_FALSE(role[0][2].as<bool>()) << name;
    EXPECT_FALSE(role[0][3].as<bool>()) << name;
    EXPECT_TRUE(role[0][4].as<bool>()) << name;
    auto owned = w.exec_params(
        "SELECT (SELECT count(*) FROM pg_class WHERE relowner = r.oid) + "
        "(SELECT count(*) FROM pg_namespace WHERE nspowner = r.oid) + "
        "(SELECT count(*) FROM pg_proc WHERE proowner = r.oid) + "
        "(SELECT count(*) FROM pg_type WHERE typowner = r.oid) + "
        "(SELECT count(*) FROM pg_database WHERE datdba = r.oid) "
        "FROM pg_roles r WHERE rolname = $1",
        name);
    EXPECT_EQ(owned[0][0].as<int>(), 0) << name;
    // Not a member of any role, and no role is a member of it (no
    // inherited privileges either way).
    auto member = w.exec_params(
        "SELECT count(*) FROM pg_auth_members m JOIN pg_roles r ON r.oid = "
        "m.member OR r.oid = m.roleid WHERE r.rolname = $1",
        name);
    EXPECT_EQ(member[0][0].as<int>(), 0) << name;
    auto priv = w.exec_params(
        "SELECT has_table_privilege($1, 'poles.mrcs', 'INSERT'), "
        "has_table_privilege($1, 'poles.audit_log', 'DELETE'), "
        "has_table_privilege($1, 'poles.audit_log', 'UPDATE'), "
        "has_table_privilege($1, 'poles.api_keys', 'DELETE'), "
        "has_schema_privilege($1, 'poles', 'CREATE')",
        name);
    for (int i = 0; i < 5; ++i) {
      EXPECT_FALSE(priv[0][i].as<bool>()) << name << " " << i;
    }
  }
}

using Privileges = std::set<std::pair<std::string, std::string>>;

// Every privilege `role` was granted in the schema poles, from the catalog:
// (table, privilege) for a table's, (table.column, privilege) for a
// column's, (function(arguments), EXECUTE) for a function's.
Privileges PrivilegesOf(pqxx::work& w, const std::string& role) {
  Privileges out;
  for (const auto& r : w.exec_params(
           "SELECT c.relname::text AS object, a.privilege_type AS privilege "
           "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace, "
           "aclexplode(c.relacl) a "
           "WHERE n.nspname = 'poles' AND a.grantee = $1::regrole "
           "UNION ALL "
           "SELECT c.relname || '.' || att.attname, a.privilege_type "
           "FROM pg_attribute att JOIN pg_class c ON c.oid = att.attrelid "
           "JOIN pg_namespace n ON n.oid = c.relnamespace, "
           "aclexplode(att.attacl) a "
           "WHERE n.nspname = 'poles' AND NOT att.attisdropped "
           "AND a.grantee = $1::regrole "
           "UNION ALL "
           "SELECT p.oid::regprocedure::text, a.privilege_type "
           "FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace, "
           "aclexplode(p.proacl) a "
           "WHERE n.nspname = 'poles' AND a.grantee = $1::regrole",
           role)) {
    out.emplace(r["object"].c_str(), r["privilege"].c_str());
  }
  return out;
}

std::string Describe(const Privileges& privileges) {
  std::string out;
  for (const auto& [object, privilege] : privileges) {
    out += "  {\"" + object + "\", \"" + privilege + "\"},\n";
  }
  return out;
}

// `role` holds exactly `expected` in the schema poles, no more, no less.
void ExpectExactly(const std::string& role, const Privileges& expected) {
  pqxx::connection conn(SuperuserUrl());
  pqxx::work w(conn);
  const Privileges actual = PrivilegesOf(w, role);
  Privileges extra, missing;
  for (const auto& p : actual) {
    if (!expected.count(p)) extra.insert(p);
  }
  for (const auto& p : expected) {
    if (!actual.count(p)) missing.insert(p);
  }
  EXPECT_TRUE(extra.empty()) << role << " holds more than expected:\n"
                             << Describe(extra);
  EXPECT_TRUE(missing.empty()) << role << " lacks:\n" << Describe(missing);
}

// The tenant services' role: their tenant tables; of the platform tables,
// reads only of the columns their statements name (the registry's slug and
// name, the key lookup and the key's label), never a write.
TEST(CatalogTest, TenantServicesRoleHoldsExactlyWhatItUses) {
  ExpectExactly(
      "poles_app",
      {
          {"agreement_years", "DELETE"},
          {"agreement_years", "INSERT"},
          {"agreement_years", "SELECT"},
          {"agreement_years", "UPDATE"},
          {"agreements", "DELETE"},
          {"agreements", "INSERT"},
          {"agreements", "SELECT"},
          {"agreements", "UPDATE"},
          {"awards", "DELETE"},
          {"awards", "INSERT"},
          {"awards", "SELECT"},
          {"awards", "UPDATE"},
          {"bodies", "DELETE"},
          {"bodies", "INSERT"},
          {"bodies", "SELECT"},
          {"bodies", "UPDATE"},
          {"calls_for_projects", "DELETE"},
          {"calls_for_projects", "INSERT"},
          {"calls_for_projects", "SELECT"},
          {"calls_for_projects", "UPDATE"},
          {"dossiers", "DELETE"},
          {"dossiers", "INSERT"},
          {"dossiers", "SELECT"},
          {"dossiers", "UPDATE"},
          {"events", "DELETE"},
          {"events", "INSERT"},
          {"events", "SELECT"},
          {"events", "UPDATE"},
          {"indicator_results", "DELETE"},
          {"indicator_results", "INSERT"},
          {"indicator_results", "SELECT"},
          {"indicator_results", "UPDATE"},
          {"interventions", "DELETE"},
          {"interventions", "INSERT"},
          {"interventions", "SELECT"},
          {"interventions", "UPDATE"},
          {"local_programs", "DELETE"},
          {"local_programs", "INSERT"},
          {"local_programs", "SELECT"},
          {"local_programs", "UPDATE"},
          {"membership_renewals", "DELETE"},
          {"membership_renewals", "INSERT"},
          {"membership_renewals", "SELECT"},
          {"membership_renewals", "UPDATE"},
          {"organisation_search_terms", "DELETE"},
          {"organisation_search_terms", "INSERT"},
          {"organisation_search_terms", "SELECT"},
          {"organisation_search_terms", "UPDATE"},
          {"organisations", "DELETE"},
          {"organisations", "INSERT"},
          {"organisations", "SELECT"},
          {"organisations", "UPDATE"},
          {"people", "DELETE"},
          {"people", "INSERT"},
          {"people", "SELECT"},
          {"people", "UPDATE"},
          {"plan_indicators", "DELETE"},
          {"plan_indicators", "INSERT"},
          {"plan_indicators", "SELECT"},
          {"plan_indicators", "UPDATE"},
          {"plan_items", "DELETE"},
          {"plan_items", "INSERT"},
          {"plan_items", "SELECT"},
          {"plan_items", "UPDATE"},
          {"plans", "DELETE"},
          {"plans", "INSERT"},
          {"plans", "SELECT"},
          {"plans", "UPDATE"},
          {"pole_profiles", "INSERT"},
          {"pole_profiles", "SELECT"},
          {"pole_profiles", "UPDATE"},
          {"reported_totals", "DELETE"},
          {"reported_totals", "INSERT"},
          {"reported_totals", "SELECT"},
          {"reported_totals", "UPDATE"},
          {"fiscal_year_submissions", "INSERT"},
          {"fiscal_year_submissions", "SELECT"},
          {"fiscal_year_submissions", "UPDATE"},
          {"reported_values", "INSERT"},
          {"reported_values", "SELECT"},
          {"reported_values", "UPDATE"},
          {"idempotency_keys", "DELETE"},
          {"idempotency_keys", "INSERT"},
          {"idempotency_keys", "SELECT"},
          {"audit_log", "INSERT"},
          {"audit_log", "SELECT"},
          {"funders", "SELECT"},
          {"mrcs", "SELECT"},
          {"national_indicators", "SELECT"},
          {"programs", "SELECT"},
          {"regions", "SELECT"},
          {"sectors", "SELECT"},
          {"tenant_mrcs", "SELECT"},
          {"tenants.slug", "SELECT"},
          {"tenants.display_name", "SELECT"},
          {"api_keys.key_id", "SELECT"},
          {"api_keys.tenant_slug", "SELECT"},
          {"api_keys.role", "SELECT"},
          {"api_keys.display_name", "SELECT"},
          {"api_keys.digest", "SELECT"},
          {"api_keys.expire_time", "SELECT"},
          {"api_keys.revoke_time", "SELECT"},
          {"sessions.session_id", "SELECT"},
          {"sessions.account_id", "SELECT"},
          {"sessions.tenant_slug", "SELECT"},
          {"sessions.digest", "SELECT"},
          {"sessions.expire_time", "SELECT"},
          {"sessions.revoke_time", "SELECT"},
          {"account_roles.account_id", "SELECT"},
          {"account_roles.tenant_slug", "SELECT"},
          {"account_roles.role", "SELECT"},
          {"poles.current_tenant()", "EXECUTE"},
          {"poles.fold(text)", "EXECUTE"},
          {"poles.organisation_words(text)", "EXECUTE"},
          {"poles.fiscal_year_of(date)", "EXECUTE"},
          {"poles.check_fiscal_years_open(text,integer,integer)", "EXECUTE"},
          {"poles.fiscal_years_of_row(jsonb,text,text,text)", "EXECUTE"},
          {"poles.enforce_fiscal_year_lock()", "EXECUTE"},
          {"poles.breakdowns_reconcile(jsonb,bigint)", "EXECUTE"},
      });
}

// The admin service's role: the registry, territories, keys, their audit
// and replay, and the reference data it validates against; nothing of the
// tenant services' tables.
TEST(CatalogTest, AdminServiceRoleHoldsExactlyWhatItUses) {
  ExpectExactly("poles_admin", {
                                   {"regions", "SELECT"},
                                   {"mrcs", "SELECT"},
                                   {"national_indicators", "SELECT"},
                                   {"tenants", "SELECT"},
                                   {"tenants", "INSERT"},
                                   {"tenants.display_name", "UPDATE"},
                                   {"tenants.region_code", "UPDATE"},
                                   {"tenants.version", "UPDATE"},
                                   {"tenants.update_time", "UPDATE"},
                                   {"tenant_mrcs", "SELECT"},
                                   {"tenant_mrcs", "INSERT"},
                                   {"tenant_mrcs", "DELETE"},
                                   {"api_keys", "SELECT"},
                                   {"api_keys", "INSERT"},
                                   {"api_keys.revoke_time", "UPDATE"},
                                   {"accounts", "SELECT"},
                                   {"accounts", "INSERT"},
                                   {"accounts.display_name", "UPDATE"},
                                   {"accounts.password_hash", "UPDATE"},
                                   {"accounts.update_time", "UPDATE"},
                                   {"account_roles", "SELECT"},
                                   {"account_roles", "INSERT"},
                                   {"account_roles", "DELETE"},
                                   {"account_roles.role", "UPDATE"},
                                   {"sessions", "SELECT"},
                                   {"sessions", "INSERT"},
                                   {"sessions.revoke_time", "UPDATE"},
                                   {"password_links", "SELECT"},
                                   {"password_links", "INSERT"},
                                   {"password_links.used_time", "UPDATE"},
                                   {"platform_audit_log", "INSERT"},
                                   {"audit_log", "INSERT"},
                                   {"idempotency_keys", "SELECT"},
                                   {"idempotency_keys", "INSERT"},
                                   {"poles.current_tenant()", "EXECUTE"},
                               });
}

// SQLSTATE of `sql` run as the role of `url` with tenant `tenant` set, in a
// rolled-back transaction; empty when it succeeds.
std::string SqlStateOf(const std::string& url, const std::string& tenant,
                       const std::string& sql) {
  pqxx::connection conn(url);
  pqxx::work w(conn);
  w.exec_params("SELECT set_config('poles.tenant_id', $1, true)", tenant);
  try {
    w.exec(sql);
  } catch (const pqxx::insufficient_privilege&) {
    return "42501";
  } catch (const pqxx::sql_error& e) {
    return e.sqlstate().empty() ? std::string("unknown: ") + e.what()
                                : e.sqlstate();
  }
  return "";
}

constexpr char kInsufficientPrivilege[] = "42501";

std::string CurrentUser(const std::string& url) {
  pqxx::connection conn(url);
  pqxx::nontransaction n(conn);
  return n.exec("SELECT current_user")[0][0].c_str();
}

// What the split is for: a flaw in a tenant service cannot mint a key or a
// tenant, nor revoke one, nor read a key's creation time it never uses; and
// the admin service's role reads no tenant's data.
TEST(CatalogTest, TenantServicesRoleCannotWriteTenantsOrKeys) {
  TestTenant a = NewTenant("priv");
  const std::string digest = "'\\x" + std::string(64, '0') + "'::bytea";
  for (const std::string& sql : {
           "INSERT INTO poles.api_keys (key_id, tenant_slug, role, digest) "
           "VALUES ('00000000000000aa', NULL, 'admin', " +
               digest + ")",
           "INSERT INTO poles.api_keys (key_id, tenant_slug, role, digest) "
           "VALUES ('00000000000000ab', '" +
               a.slug + "', 'editor', " + digest + ")",
           std::string("UPDATE poles.api_keys SET revoke_time = NULL"),
           std::string("DELETE FROM poles.api_keys"),
           std::string("SELECT create_time FROM poles.api_keys"),
           std::string("INSERT INTO poles.tenants (slug, display_name) "
                       "VALUES ('minted', 'x')"),
           std::string("UPDATE poles.tenants SET display_name = 'x'"),
           std::string("SELECT version FROM poles.tenants"),
           "INSERT INTO poles.tenant_mrcs (tenant_id, mrc_id) VALUES ('" +
               a.slug + "', 'nicolet-yamaska')",
           std::string("DELETE FROM poles.tenant_mrcs"),
           std::string("INSERT INTO poles.platform_audit_log (actor, action, "
                       "resource) VALUES ('x', 'x', 'x')"),
       }) {
    EXPECT_EQ(SqlStateOf(AppUrl(), a.slug, sql), kInsufficientPrivilege)
        << "as " << CurrentUser(AppUrl()) << ": " << sql;
  }
  // What it keeps: the key lookup and the registry's names.
  EXPECT_EQ(SqlStateOf(AppUrl(), a.slug,
                       "SELECT digest, role, tenant_slug, expire_time, "
                       "revoke_time, display_name FROM poles.api_keys"),
            "");
  EXPECT_EQ(SqlStateOf(AppUrl(), a.slug,
                       "SELECT slug, display_name FROM poles.tenants"),
            "");
  for (const std::string& sql : {
           std::string("SELECT count(*) FROM poles.plans"),
           std::string("SELECT count(*) FROM poles.organisations"),
           std::string("SELECT count(*) FROM poles.events"),
           std::string("SELECT count(*) FROM poles.awards"),
           "INSERT INTO poles.plans (tenant_id, plan_id, title, start_fy, "
           "end_fy, status) VALUES ('" +
               a.slug + "', 'x', 't', 2018, 2018, 'draft')",
       }) {
    EXPECT_EQ(SqlStateOf(AdminUrl(), a.slug, sql), kInsufficientPrivilege)
        << "as " << CurrentUser(AdminUrl()) << ": " << sql;
  }
  EXPECT_EQ(
      SqlStateOf(AdminUrl(), a.slug, "SELECT count(*) FROM poles.api_keys"),
      "");
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

// A dummy literal for the column `col` (its pg_attribute and pg_type facts),
// SQL-quoted and cast, distinct for each `n`; empty when its type has no
// generator here (the caller fails, naming the type to add).
std::string DummyValue(pqxx::work& w, const pqxx::row& col, int n) {
  std::string type =
      col["type"].c_str();  // format_type, e.g. "character varying(10)"
  std::string name = col["typname"].c_str();  // e.g. "varchar"
  std::string category = col["typcategory"].c_str();
  std::string typtype = col["typtype"].c_str();
  std::string v;
  if (typtype == "e") {
    v = col["first_label"].c_str();
  } else if (category == "A") {
    v = "{}";
  } else if (category == "S") {
    v = "seed-" + std::to_string(n);
    int max_len = col["atttypmod"].as<int>() - 4;  // varchar(n) / char(n)
    if (col["atttypmod"].as<int>() > 4 &&
        static_cast<int>(v.size()) > max_len) {
      v = std::to_string(n).substr(0, max_len);
    }
  } else if (category == "N") {
    v = std::to_string(1000 + n);
  } else if (category == "B") {
    v = "true";
  } else if (name == "date") {
    v = "2018-04-01";
  } else if (name == "timestamptz" || name == "timestamp") {
    v = "2018-04-01 12:00:00+00";
  } else if (name == "time") {
    v = "12:00";
  } else if (name == "interval") {
    v = "1 day";
  } else if (name == "uuid") {
    char buf[40];
    std::snprintf(buf, sizeof buf, "00000000-0000-4000-8000-%012d", n);
    v = buf;
  } else if (name == "bytea") {
    v = "\\x00";
  } else if (name == "json" || name == "jsonb") {
    v = "{}";
  } else if (name == "tsvector") {
    v = "";
  } else if (name == "inet" || name == "cidr") {
    v = "127.0.0.1";
  } else {
    return "";
  }
  return w.quote(v) + "::" + type;
}

// Every tenant table, read from the catalog, gets a row of two tenants
// (seeded as the superuser inside a transaction that is rolled back: RLS
// does not apply to it, foreign keys and triggers are off through
// session_replication_role = replica, and CHECK constraints are dropped for
// the transaction, so generated values need satisfy only NOT NULL and the
// keys). Then, as the application role in the same transaction, each tenant
// sees its own rows of every table and no other, and no tenant sees none.
TEST(CatalogTest, EveryTenantTableSeededForTwoTenantsShowsEachOnlyItsOwnRows) {
  TestTenant a = NewTenant("seed");
  TestTenant b = NewTenant("seed");
  pqxx::connection su(SuperuserUrl());
  pqxx::work w(su);
  auto tables = TenantTables(w);
  ASSERT_GE(tables.size(), 15u);
  w.exec("SET LOCAL session_replication_role = replica");
  int n = 0;
  for (const auto& t : tables) {
    const std::string rel = "poles." + w.quote_name(t);
    for (const auto& c : w.exec_params("SELECT conname FROM pg_constraint "
                                       "WHERE conrelid = $1::regclass AND "
                                       "contype = 'c'",
                                       rel)) {
      w.exec("ALTER TABLE " + rel + " DROP CONSTRAINT " +
             w.quote_name(c[0].c_str()));
    }
    auto cols = w.exec_params(
        "SELECT a.attname, format_type(a.atttypid, a.atttypmod) AS type, "
        "a.atttypmod, "
        "ty.typname, ty.typcategory, ty.typtype, (SELECT e.enumlabel FROM "
        "pg_enum e "
        "WHERE e.enumtypid = ty.oid ORDER BY e.enumsortorder LIMIT 1) AS "
        "first_label "
        "FROM pg_attribute a JOIN pg_type ty ON ty.oid = a.atttypid WHERE "
        "a.attrelid = "
        "$1::regclass AND a.attnum > 0 AND NOT a.attisdropped AND "
        "a.attgenerated = '' "
        "AND a.attidentity = '' ORDER BY a.attnum",
        rel);
    for (const TestTenant* tenant : {&a, &b}) {
      std::string names, values;
      for (const auto& c : cols) {
        std::string column = c["attname"].c_str();
        std::string value = column == "tenant_id" ? w.quote(tenant->slug)
                                                  : DummyValue(w, c, ++n);
        ASSERT_FALSE(value.empty())
            << t << "." << column << ": no dummy value for type "
            << c["type"].c_str() << " (add one to DummyValue)";
        names += (names.empty() ? "" : ", ") + w.quote_name(column);
        values += (values.empty() ? "" : ", ") + value;
      }
      w.exec("INSERT INTO " + rel + " (" + names + ") VALUES (" + values + ")");
    }
    auto counts = w.exec_params(
        "SELECT count(*) FILTER (WHERE tenant_id = $1), count(*) FILTER (WHERE "
        "tenant_id "
        "= $2) FROM " +
            rel,
        a.slug, b.slug);
    ASSERT_GT(counts[0][0].as<int>(), 0) << t;
    ASSERT_GT(counts[0][1].as<int>(), 0) << t;
  }
  w.exec("SET LOCAL session_replication_role = origin");
  w.exec("SET LOCAL ROLE poles_app");
  ASSERT_STREQ(w.exec("SELECT current_user")[0][0].c_str(), "poles_app");
  for (const auto& t : tables) {
    const std::string rel = "poles." + w.quote_name(t);
    w.exec("SELECT set_config('poles.tenant_id', '', true)");
    EXPECT_EQ(w.exec("SELECT count(*) FROM " + rel)[0][0].as<int>(), 0)
        << t << ": rows visible without a tenant";
    for (const TestTenant* tenant : {&a, &b}) {
      w.exec_params("SELECT set_config('poles.tenant_id', $1, true)",
                    tenant->slug);
      auto r = w.exec_params(
          "SELECT count(*) FILTER (WHERE tenant_id = $1), "
          "count(*) FILTER (WHERE tenant_id <> $1) FROM " +
              rel,
          tenant->slug);
      EXPECT_GT(r[0][0].as<int>(), 0)
          << t << ": " << tenant->slug << " sees none of its rows";
      EXPECT_EQ(r[0][1].as<int>(), 0)
          << t << ": " << tenant->slug << " sees others' rows";
    }
  }
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
  auto read = storage::TenantRead(session, a.slug, deadline,
                                  "directories_tenant_name", {a.slug});
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(read->size(), 1u);
  pqxx::nontransaction n(session.connection());
  EXPECT_STREQ(
      n.exec("SELECT COALESCE(current_setting('poles.tenant_id', true), '')")
          [0][0]
              .c_str(),
      "");
  EXPECT_STREQ(
      n.exec("SELECT current_setting('statement_timeout')")[0][0].c_str(), "0");
}

// Every named statement of every service is prepared on connect, so a typo
// in any of them fails here rather than on first use in production.
TEST(CatalogTest, EveryRegisteredStatementPrepares) {
  storage::Session session(AppUrl());
  ASSERT_TRUE(session.EnsureConnected().ok());
  pqxx::nontransaction n(session.connection());
  int prepared = n.exec_params(
                      "SELECT count(*) FROM pg_prepared_statements "
                      "WHERE name LIKE 'q\\_%' AND name <> $1",
                      storage::kSetTenantStatement)[0][0]
                     .as<int>();
  EXPECT_GE(storage::RegisteredStatements().size(), 40u);
  EXPECT_EQ(prepared, static_cast<int>(storage::RegisteredStatements().size()));
  EXPECT_EQ(n.exec_params(
                 "SELECT count(*) FROM pg_prepared_statements WHERE name = $1",
                 storage::kSetTenantStatement)[0][0]
                .as<int>(),
            1);
}

// A typed dummy for a parameter of PostgreSQL type `type`: text is the
// tenant (so statements keyed by tenant pass the policy), numbers 1, and so
// on. Empty for a type without a dummy here (the caller fails).
std::optional<std::string> DummyParam(const std::string& type,
                                      const std::string& tenant) {
  if (type == "text" || type == "varchar") return tenant;
  if (type == "integer" || type == "int" || type == "int4" ||
      type == "bigint" || type == "int8" || type == "smallint" ||
      type == "numeric" || type == "double precision" || type == "real") {
    return "1";
  }
  if (type == "boolean" || type == "bool") return "false";
  if (type == "date") return "2018-04-01";
  if (type == "timestamptz" || type == "timestamp with time zone") {
    return "2018-04-01 12:00:00+00";
  }
  if (type == "bytea") return "\\x00";
  if (type == "json" || type == "jsonb") return "[]";
  if (absl::EndsWith(type, "[]")) return "{}";
  return std::nullopt;
}

// SQLSTATEs a statement may answer to dummy parameters without being wrong:
// class 23 (integrity: a dummy id that references nothing, a NOT NULL or a
// CHECK a dummy value breaks, a duplicate), class 22 (data: a dummy text
// cast to a date, number or JSON it is not) and P0001 (a RAISE of the
// schema's own validation triggers and functions). Anything else — a syntax
// error (42601), an undefined column, table or function (42703, 42P01,
// 42883), a missing privilege of poles_app (42501, which PREPARE does not
// check but execution does), a wrong type (42804) — is a bug in the
// statement or the schema and fails the test.
bool AcceptableForDummies(const std::string& sqlstate) {
  return absl::StartsWith(sqlstate, "23") || absl::StartsWith(sqlstate, "22") ||
         sqlstate == "P0001";
}

// Runs the statement (`prepared`: its server-side prepared form q_<name>,
// which has the declared parameter types, as TenantRead runs it; else `sql`)
// with `params` in `w`; a test failure if it fails with a SQLSTATE not
// acceptable for dummy input, or in any other way.
void ExpectExecutes(pqxx::work& w, const std::string& name, bool prepared,
                    const std::string& sql,
                    const std::vector<std::string>& params) {
  // Each statement alone, on the same state: a savepoint rolled back after
  // it, whether it failed or not.
  w.exec("SAVEPOINT stmt");
  try {
    if (prepared) {
      std::string args;
      for (const auto& p : params)
        args += (args.empty() ? "" : ", ") + w.quote(p);
      w.exec_params("EXECUTE " + w.quote_name("q_" + name) +
                    (args.empty() ? "" : "(" + args + ")"));
    } else {
      w.exec_params(sql, pqxx::prepare::make_dynamic_params(params));
    }
  } catch (const pqxx::sql_error& e) {
    EXPECT_TRUE(AcceptableForDummies(e.sqlstate()))
        << name << ": SQLSTATE " << e.sqlstate() << ": " << e.what();
  } catch (const std::exception& e) {
    ADD_FAILURE() << name << ": " << e.what();
  }
  w.exec("ROLLBACK TO SAVEPOINT stmt");
}

std::vector<std::string> ParamTypes(const char* params) {
  std::vector<std::string> out;
  for (absl::string_view p :
       absl::StrSplit(params, ',', absl::SkipWhitespace())) {
    out.emplace_back(absl::StripAsciiWhitespace(p));
  }
  return out;
}

// The statements a role runs: the admin service's (with the key lookup and
// the audit and replay of its mutations) as poles_admin; every other
// registered statement as poles_app.
std::vector<storage::Statement> StatementsOf(bool admin_role) {
  std::set<std::string> admin_names;
  for (const auto& s : admin::AdminStatements()) admin_names.insert(s.name);
  std::set<std::string> shared;
  for (const auto& s : AuthStatements()) shared.insert(s.name);
  for (const auto& s : MutationStatements()) shared.insert(s.name);
  std::vector<storage::Statement> out;
  for (const auto& s : storage::RegisteredStatements()) {
    const bool of_admin = admin_names.count(s.name) > 0;
    if (admin_role ? of_admin || shared.count(s.name) : !of_admin) {
      out.push_back(s);
    }
  }
  return out;
}

// Each of `statements`, executed once as the role of `url` in a rolled-back
// transaction with tenant `tenant` set, with typed dummy parameters.
void ExpectEachExecutes(const std::string& url,
                        const std::vector<storage::Statement>& statements,
                        const std::string& tenant) {
  storage::Session session(url);  // prepares them, as the workers do
  ASSERT_TRUE(session.EnsureConnected().ok());
  pqxx::work w(session.connection());
  w.exec_params("SELECT set_config('poles.tenant_id', $1, true)", tenant);
  w.exec("SET LOCAL statement_timeout = '10s'");
  for (const auto& s : statements) {
    // The declared types are those PostgreSQL prepared (PREPARE infers any
    // parameter left undeclared, so a short list would go unnoticed).
    auto prepared = w.exec_params(
        "SELECT parameter_types::text[] FROM pg_prepared_statements WHERE name "
        "= $1",
        std::string("q_") + s.name);
    ASSERT_EQ(prepared.size(), 1u) << s.name;
    std::vector<std::string> declared = ParamTypes(s.params);
    std::vector<std::string> actual;
    auto array = prepared[0][0].as_array();
    for (auto item = array.get_next(); item.first != pqxx::array_parser::done;
         item = array.get_next()) {
      if (item.first == pqxx::array_parser::string_value)
        actual.push_back(item.second);
    }
    EXPECT_EQ(declared.size(), actual.size())
        << s.name << ": declares " << s.params << "; its SQL takes "
        << absl::StrJoin(actual, ", ");
    std::vector<std::string> params;
    for (const auto& type : actual) {
      auto v = DummyParam(type, tenant);
      ASSERT_TRUE(v.has_value()) << s.name << ": no dummy for type " << type;
      params.push_back(*v);
    }
    ExpectExecutes(w, s.name, true, s.sql, params);
  }
}

// Every registered statement, and the import's staging statements, executed
// once as the role that runs it (StatementsOf) in a rolled-back transaction
// with a tenant set, with typed dummy parameters: what preparing cannot find
// (privileges, runtime errors of the functions they call) fails here.
TEST(CatalogTest, EveryRegisteredStatementExecutes) {
  TestTenant a = NewTenant("exec");
  const auto& statements = storage::RegisteredStatements();
  ASSERT_GE(statements.size(), 40u);
  const auto of_app = StatementsOf(false);
  const auto of_admin = StatementsOf(true);
  EXPECT_GE(of_admin.size(), admin::AdminStatements().size());
  EXPECT_EQ(of_app.size() + of_admin.size(), statements.size() +
                                                 AuthStatements().size() +
                                                 MutationStatements().size());
  ExpectEachExecutes(AppUrl(), of_app, a.slug);
  ExpectEachExecutes(AdminUrl(), of_admin, a.slug);
  storage::Session session(AppUrl());
  ASSERT_TRUE(session.EnsureConnected().ok());
  pqxx::work w(session.connection());
  w.exec_params("SELECT set_config('poles.tenant_id', $1, true)", a.slug);
  w.exec("SET LOCAL statement_timeout = '10s'");
  auto staging = directories::ImportStagingForTest();
  ASSERT_GE(staging.statements.size(), 3u);
  w.exec(staging.create);
  for (const auto& s : staging.statements) {
    std::vector<std::string> params;
    if (!ParamTypes(s.params).empty()) params.push_back(a.slug);
    ExpectExecutes(w, s.name, false, s.sql, params);
  }
  // The statements ran under the tenant: nothing of it outlives the test.
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
                                 {a.slug, "p", "", "", "", "not-a-number", ""});
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
  auto unknown =
      storage::TenantRead(session, a.slug, deadline, "no_such_statement", {});
  EXPECT_EQ(unknown.status().code(), absl::StatusCode::kInternal);
  auto good = storage::TenantRead(session, a.slug, deadline,
                                  "directories_tenant_name", {a.slug});
  ASSERT_TRUE(good.ok()) << good.status();
  ASSERT_EQ(good->size(), 1u);
  EXPECT_EQ((*good)[0]["display_name"].as<std::string>(),
            "Pôle d'essai " + a.slug);
  pqxx::nontransaction n(session.connection());
  EXPECT_STREQ(
      n.exec("SELECT COALESCE(current_setting('poles.tenant_id', true), '')")
          [0][0]
              .c_str(),
      "");
}

}  // namespace
}  // namespace poles::testing
