// directories_bench: the directories targets of issue 3, each beside its
// baseline in the same run.
//
// 1. Search: ListOrganisations, a page of 100 out of 11 000 organisations of
//    a tenant with a text filter, through poles-server (authentication,
//    validation, the tenant-sealed search (which folds the query itself),
//    mapping), beside the raw keyset SELECT of the same page (the same
//    prepared statement, no transaction, no tenant) served by
//    bench-ceiling-server through the same transport; both at 16 in flight,
//    rounds alternating.
// 2. Import: `polesctl directories import` of 100 000 organisations
//    (cli::ImportOrganisationsCsv: local check, then a client stream into
//    one transaction), beside `psql \copy` of the same file into a plain
//    table; the client's and the server's peak memory.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include <CLI/CLI.hpp>
#include <grpcpp/grpcpp.h>
#include <pqxx/pqxx>
#include <sys/resource.h>

#include "absl/strings/str_cat.h"
#include "bench/bench_setup.h"
#include "cli/organisation_import.h"
#include "poles/bench/ceiling.grpc.pb.h"
#include "poles/v1/directories.grpc.pb.h"
#include "server/poles_server.h"
#include "services/common/process.h"

namespace poles::bench {
namespace {

// `rows` organisations, one in 50 with "Économie" in its name, as a CSV
// file with French headers.
void WriteCsv(const std::string& path, int rows, int first_neq) {
  static const char* kWords[] = {"Coopérative",  "Centre", "Café",
                                 "Ressourcerie", "Maison", "Société",
                                 "Atelier"};
  std::ofstream out(path);
  out << "nom,neq,forme_juridique,secteur,mrc,municipalite,employes\r\n";
  for (int i = 0; i < rows; ++i) {
    out << kWords[i % 7] << (i % 50 == 0 ? " d'Économie sociale" : " solidaire")
        << " numéro " << i << "," << (first_neq + i) << ","
        << (i % 3 == 0 ? "Coopérative" : "OBNL") << ",Services aux personnes,"
        << BenchMrcs()[i % BenchMrcs().size()] << ",Ville " << i % 97 << ","
        << i % 40 << "\r\n";
  }
}

long PeakKib(pid_t pid) {
  std::ifstream in(absl::StrCat("/proc/", pid, "/status"));
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("VmHWM:", 0) == 0) return std::atol(line.c_str() + 6);
  }
  return -1;
}

long SelfPeakKib() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss;
}

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since)
      .count();
}

cli::OrganisationImportSummary Import(
    const std::shared_ptr<grpc::Channel>& channel, const BenchTenant& t,
    const std::string& csv) {
  cli::OrganisationImportOptions options;
  options.tenant = t.slug;
  std::vector<cli::ImportProblem> problems;
  auto summary = cli::ImportOrganisationsCsv(channel, t.editor_key, csv,
                                             options, &problems);
  if (!problems.empty()) Progress("first problem: " + problems[0].description);
  ExitUnlessOk(summary.status(), "import");
  return *summary;
}

}  // namespace
}  // namespace poles::bench

int main(int argc, char** argv) {
  using namespace poles;
  using namespace poles::bench;
  ConfigureServerProcess();
  SetBenchName(
      "directories_bench");  // the load generator is as lean as the servers
  int organisations = 11000, import_rows = 100000;
  ComparisonFlags flags;
  flags.pool_size = DefaultPoolSize();
  std::string query = "economie";
  std::string server_binary = POLES_BENCH_SERVER_BINARY;
  std::string ceiling_binary = POLES_BENCH_CEILING_BINARY;
  CLI::App app{"directories_bench: search and import against their baselines"};
  app.add_option("--organisations", organisations,
                 "organisations in the searched tenant")
      ->capture_default_str();
  app.add_option("--import-rows", import_rows,
                 "rows of the import measured (0: skip)")
      ->capture_default_str();
  app.add_option("--query", query, "the text filter")->capture_default_str();
  AddComparisonFlags(app, &flags);
  bool keep_data = false;
  app.add_flag("--keep-data", keep_data,
               "keep the cluster's data folder (its path is printed) to study "
               "the queries");
  CLI11_PARSE(app, argc, argv);

  BenchServerOptions options;
  options.name = "directories_bench";
  options.server_binary = server_binary;
  options.ceiling_binary = ceiling_binary;
  options.pool_size = flags.pool_size;
  options.server_log_level = flags.server_log_level;
  options.server_args = {"--max-deadline-ms=120000"};
  auto servers = BenchServers::Start(options);
  ExitUnlessOk(servers.status(), "servers");
  BenchServers& env = **servers;
  env.set_keep_data(keep_data);
  const std::string dir = env.dir();
  const std::string super_url = env.SuperuserUrl();
  auto admin_key = env.AdminKey();
  ExitUnlessOk(admin_key.status(), "admin key");
  auto channel = env.ServerChannel();
  std::printf(
      "machine: %u cores; load average before: %s; poles-server log "
      "level %s\n\n",
      std::thread::hardware_concurrency(), LoadAverage().c_str(),
      flags.server_log_level.c_str());

  // ---- Search --------------------------------------------------------------
  BenchTenant searched = CreateBenchTenant(channel, *admin_key, "recherche");
  BenchTenant other =
      CreateBenchTenant(channel, *admin_key, "voisin");  // rows RLS must hide
  const std::string csv_small = dir + "/organisations.csv";
  WriteCsv(csv_small, organisations, 1000000000);
  Progress(absl::StrCat("loading ", organisations,
                        " organisations into two tenants"));
  Import(channel, searched, csv_small);
  Import(channel, other, csv_small);

  {
    pqxx::connection conn(super_url);
    pqxx::nontransaction tx(conn);
    // The steady state of a directory loaded some time ago: autovacuum has
    // set the visibility map (index-only scans) and the statistics.
    // A VACUUM right after the imports' commits may not yet find their rows
    // visible to every transaction, and then leaves the pages not
    // all-visible: repeat until they are, as autovacuum's later passes would.
    Progress("VACUUM (ANALYZE) after the load, as autovacuum would");
    for (int attempt = 1; attempt <= 20; ++attempt) {
      tx.exec(
          "VACUUM (ANALYZE) poles.organisations, "
          "poles.organisation_search_terms");
      auto r = tx.exec(
          "SELECT bool_and(relallvisible >= relpages) FROM pg_class WHERE oid "
          "IN "
          "('poles.organisations'::regclass, "
          "'poles.organisation_search_terms'::regclass)");
      if (r[0][0].as<bool>()) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(500));
    }
  }
  auto list_requests =
      std::make_shared<std::vector<v1::ListOrganisationsRequest>>(1);
  (*list_requests)[0].set_parent("tenants/" + searched.slug);
  (*list_requests)[0].set_query(query);
  (*list_requests)[0].set_page_size(100);
  auto page_requests =
      std::make_shared<std::vector<OrganisationPageRequest>>(1);
  (*page_requests)[0].set_tenant(searched.slug);
  (*page_requests)[0].set_query(query);
  (*page_requests)[0].set_limit(
      101);  // as the service asks: a page and one more
  {
    v1::ListOrganisationsResponse page;
    auto stub = v1::DirectoriesService::NewStub(channel);
    ExitUnlessOk(stub->ListOrganisations(KeyContext(searched.viewer_key).get(),
                                         (*list_requests)[0], &page),
                 "list");
    Progress(absl::StrCat("the page holds ", page.organisations_size(),
                          " organisations"));
  }
  std::shared_ptr<const std::vector<v1::ListOrganisationsRequest>> lists =
      list_requests;
  std::shared_ptr<const std::vector<OrganisationPageRequest>> pages =
      page_requests;
  CallerFactory sealed =
      StubCaller<v1::DirectoriesService, v1::ListOrganisationsResponse>(
          lists, "Bearer " + searched.viewer_key,
          [](auto* s, auto... a) { s->ListOrganisations(a...); });
  CallerFactory raw = StubCaller<CeilingService, Page>(
      pages, "", [](auto* s, auto... a) { s->OrganisationPage(a...); });
  const LoadPoint point = PointOf(flags.in_flight, flags.channels,
                                  flags.warmup_s, flags.duration_s);
  auto search = CompareInterleaved(
      flags.rounds, point, {"raw keyset SELECT", env.ceiling_address(), raw},
      {"ListOrganisations", env.server_address(), sealed},
      [](const std::string& m) { Progress("search, " + m); });
  ExitUnlessOk(search.status(), "search");
  std::printf(
      "### Search: a page of 100 of %d organisations, query \"%s\", %d in "
      "flight\n\n",
      organisations, query.c_str(), flags.in_flight);
  PrintComparison(*search, "raw keyset SELECT (bench-ceiling-server)",
                  "ListOrganisations (poles-server)", "ListOrganisations",
                  "target >= 0.60, p99 < 15 ms");

  // ---- Import --------------------------------------------------------------
  if (import_rows > 0) {
    const std::string csv_big = dir + "/import.csv";
    WriteCsv(csv_big, import_rows, 2000000000);
    BenchTenant importer = CreateBenchTenant(channel, *admin_key, "import");
    const long self_before = SelfPeakKib();
    const long server_before = PeakKib(env.server().pid());
    Progress(absl::StrCat("importing ", import_rows, " organisations"));
    auto t0 = std::chrono::steady_clock::now();
    auto summary = Import(channel, importer, csv_big);
    const double import_s = Seconds(t0);
    const long self_after = SelfPeakKib();
    const long server_after = PeakKib(env.server().pid());

    Progress("psql \\copy of the same file into a plain table");
    {
      pqxx::connection conn(super_url);
      pqxx::nontransaction tx(conn);
      tx.exec(
          "CREATE TABLE public.bench_copy (nom text, neq text, forme_juridique "
          "text, "
          "secteur text, mrc text, municipalite text, employes text)");
    }
    const std::string psql = "/usr/lib/postgresql/15/bin/psql";
    const std::string cmd =
        absl::StrCat(psql, " -q -v ON_ERROR_STOP=1 '", super_url,
                     "' -c \"\\copy public.bench_copy FROM '", csv_big,
                     "' WITH (FORMAT csv, HEADER true)\"");
    t0 = std::chrono::steady_clock::now();
    const int rc = std::system(cmd.c_str());
    const double copy_s = Seconds(t0);
    if (rc != 0) ExitUnlessOk(absl::UnknownError("psql \\copy failed"), "copy");

    std::printf("### Import: %d organisations from CSV\n\n", import_rows);
    std::printf("| what | seconds | rows/s |\n| --- | ---: | ---: |\n");
    std::printf(
        "| polesctl directories import (check, then one streamed transaction) "
        "| %.2f | %.0f |\n",
        import_s, import_rows / import_s);
    std::printf("| psql \\copy into a plain table | %.2f | %.0f |\n\n", copy_s,
                import_rows / copy_s);
    std::printf(
        "import / \\copy: %.2f× (target <= 2×); created %d, updated %d\n",
        import_s / copy_s, summary.created, summary.updated);
    std::printf(
        "peak memory: client %.1f → %.1f MiB, poles-server %.1f → %.1f MiB "
        "(before → after the import)\n",
        self_before / 1024.0, self_after / 1024.0, server_before / 1024.0,
        server_after / 1024.0);
  }
  return 0;
}
