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
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <CLI/CLI.hpp>
#include <grpcpp/grpcpp.h>
#include <nlohmann/json.hpp>
#include <pqxx/pqxx>
#include <sys/resource.h>

#include "absl/strings/str_cat.h"
#include "base/random.h"
#include "bench/child_process.h"
#include "bench/load_generator.h"
#include "cli/organisation_import.h"
#include "poles/bench/ceiling.grpc.pb.h"
#include "poles/v1/admin.grpc.pb.h"
#include "poles/v1/directories.grpc.pb.h"
#include "server/bootstrap.h"
#include "server/poles_server.h"
#include "services/common/process.h"
#include "storage/embedded_postgres.h"

namespace poles::bench {
namespace {

void Progress(const std::string& m) {
  std::fprintf(stderr, "directories_bench: %s\n", m.c_str());
}

void Check(const absl::Status& s, const std::string& what) {
  if (!s.ok()) {
    Progress(absl::StrCat(what, ": ", s.ToString()));
    std::exit(1);
  }
}
void Check(const grpc::Status& s, const std::string& what) {
  if (!s.ok()) Check(absl::UnknownError(s.error_message()), what);
}

std::unique_ptr<grpc::ClientContext> Context(const std::string& key) {
  auto ctx = std::make_unique<grpc::ClientContext>();
  ctx->set_deadline(std::chrono::system_clock::now() + std::chrono::minutes(5));
  ctx->AddMetadata("authorization", "Bearer " + key);
  return ctx;
}

const std::vector<std::string> kMrcs = {"arthabaska", "becancour", "drummond",
                                        "l-erable", "nicolet-yamaska"};

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
        << kMrcs[i % kMrcs.size()] << ",Ville " << i % 97 << "," << i % 40
        << "\r\n";
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

// A tenant of the Centre-du-Québec MRCs and its editor and viewer keys.
struct Tenant {
  std::string slug, editor_key, viewer_key;
};

Tenant CreateTenant(const std::shared_ptr<grpc::Channel>& channel,
                    const std::string& admin_key, const std::string& slug) {
  auto admin = v1::AdminService::NewStub(channel);
  v1::CreateTenantRequest ct;
  ct.mutable_tenant()->set_name("tenants/" + slug);
  ct.mutable_tenant()->set_display_name("Pôle de mesure " + slug);
  ct.mutable_tenant()->set_region_code("17");
  for (const auto& m : kMrcs) ct.mutable_tenant()->add_mrcs("mrcs/" + m);
  v1::Tenant t;
  Check(admin->CreateTenant(Context(admin_key).get(), ct, &t), "create tenant");
  Tenant out{slug, "", ""};
  for (auto role : {v1::ROLE_EDITOR, v1::ROLE_VIEWER}) {
    v1::CreateApiKeyRequest ck;
    ck.set_parent("tenants/" + slug);
    ck.mutable_api_key()->set_role(role);
    v1::CreateApiKeyResponse key;
    Check(admin->CreateApiKey(Context(admin_key).get(), ck, &key), "key");
    (role == v1::ROLE_EDITOR ? out.editor_key : out.viewer_key) = key.key();
  }
  return out;
}

cli::OrganisationImportSummary Import(
    const std::shared_ptr<grpc::Channel>& channel, const Tenant& t,
    const std::string& csv) {
  cli::OrganisationImportOptions options;
  options.tenant = t.slug;
  std::vector<cli::ImportProblem> problems;
  auto summary = cli::ImportOrganisationsCsv(channel, t.editor_key, csv,
                                             options, &problems);
  if (!problems.empty()) Progress("first problem: " + problems[0].description);
  Check(summary.status(), "import");
  return *summary;
}

}  // namespace
}  // namespace poles::bench

int main(int argc, char** argv) {
  using namespace poles;
  using namespace poles::bench;
  ConfigureServerProcess();  // the load generator is as lean as the servers
  int organisations = 11000, import_rows = 100000, in_flight = 16, channels = 4,
      rounds = 3, pool_size = DefaultPoolSize();
  double duration = 5, warmup = 1;
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
  app.add_option("--in-flight", in_flight)->capture_default_str();
  app.add_option("--channels", channels)->capture_default_str();
  app.add_option("--rounds", rounds)
      ->capture_default_str()
      ->check(CLI::Range(1, 50));
  app.add_option("--duration", duration, "seconds measured per round")
      ->capture_default_str();
  app.add_option("--warmup", warmup)->capture_default_str();
  app.add_option("--pool-size", pool_size)->capture_default_str();
  bool keep_data = false;
  app.add_flag("--keep-data", keep_data,
               "keep the cluster's data folder (its path is printed) to study "
               "the queries");
  CLI11_PARSE(app, argc, argv);

  char tmpl[] = "/tmp/poles-dbench-XXXXXX";
  if (mkdtemp(tmpl) == nullptr) return 1;
  const std::string dir = tmpl;
  DatabaseChoice choice;
  choice.data_dir = dir;
  choice.unsafe_fast =
      true;  // a throwaway cluster; the \copy baseline has the same setting
  choice.progress = Progress;
  auto db = PrepareDatabase(choice);
  Check(db.status(), "database");
  const std::string super_url = db->embedded->SuperuserUrl("poles");
  auto admin_key = IssueKeyDirect(db->urls.owner_url, "admin", "", "bench");
  Check(admin_key.status(), "admin key");
  const std::string pool = std::to_string(pool_size);
  auto server = ChildProcess::Start(
      "poles-server",
      {server_binary, "--listen=127.0.0.1:0", "--pool-size=" + pool,
       "--max-deadline-ms=120000", "--shutdown-grace-ms=2000"},
      {{"POLES_DATABASE_URL", db->urls.app_url},
       {"POLES_PAGE_TOKEN_SECRET", poles::RandomHex(32)}},
      std::chrono::seconds(30));
  Check(server.status(), "poles-server");
  auto ceiling = ChildProcess::Start(
      "bench-ceiling-server",
      {ceiling_binary, "--listen=127.0.0.1:0", "--pool-size=" + pool},
      {{"POLES_DATABASE_URL", db->urls.app_url},
       {"POLES_BENCH_SELECT_URL", super_url}},
      std::chrono::seconds(30));
  Check(ceiling.status(), "bench-ceiling-server");
  const std::string server_address =
      absl::StrCat("127.0.0.1:", (*server)->port());
  const std::string ceiling_address =
      absl::StrCat("127.0.0.1:", (*ceiling)->port());
  auto channel = grpc::CreateCustomChannel(server_address,
                                           grpc::InsecureChannelCredentials(),
                                           ClientChannelArguments());

  std::printf("machine: %u cores; load average before: ",
              std::thread::hardware_concurrency());
  {
    std::ifstream in("/proc/loadavg");
    std::string a, b, c;
    in >> a >> b >> c;
    std::printf("%s %s %s\n\n", a.c_str(), b.c_str(), c.c_str());
  }

  // ---- Search --------------------------------------------------------------
  Tenant searched = CreateTenant(channel, *admin_key, "recherche");
  Tenant other =
      CreateTenant(channel, *admin_key, "voisin");  // rows RLS must hide
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
    Check(stub->ListOrganisations(Context(searched.viewer_key).get(),
                                  (*list_requests)[0], &page),
          "list");
    Progress(absl::StrCat("the page holds ", page.organisations_size(),
                          " organisations"));
  }
  std::shared_ptr<const std::vector<v1::ListOrganisationsRequest>> lists =
      list_requests;
  std::shared_ptr<const std::vector<OrganisationPageRequest>> pages =
      page_requests;
  CallerFactory sealed = [lists, bearer = "Bearer " + searched.viewer_key](
                             const std::shared_ptr<grpc::Channel>& ch) {
    std::shared_ptr<v1::DirectoriesService::Stub> stub =
        v1::DirectoriesService::NewStub(ch);
    return UnaryCaller<v1::ListOrganisationsResponse>(
        lists, bearer,
        [stub](grpc::ClientContext* ctx,
               const v1::ListOrganisationsRequest* req,
               v1::ListOrganisationsResponse* resp,
               std::function<void(grpc::Status)> cb) {
          stub->async()->ListOrganisations(ctx, req, resp, std::move(cb));
        });
  };
  CallerFactory raw = [pages](const std::shared_ptr<grpc::Channel>& ch) {
    std::shared_ptr<CeilingService::Stub> stub = CeilingService::NewStub(ch);
    return UnaryCaller<Page>(
        pages, "",
        [stub](grpc::ClientContext* ctx, const OrganisationPageRequest* req,
               Page* resp, std::function<void(grpc::Status)> cb) {
          stub->async()->OrganisationPage(ctx, req, resp, std::move(cb));
        });
  };
  std::vector<double> raw_rps, raw_p99, sealed_rps, sealed_p99, ratios;
  for (int round = 1; round <= rounds; ++round) {
    for (int which = 0; which < 2; ++which) {
      LoadPoint point;
      point.address = which == 0 ? ceiling_address : server_address;
      point.in_flight = in_flight;
      point.channels = channels;
      point.warmup = std::chrono::duration<double>(warmup);
      point.duration = std::chrono::duration<double>(duration);
      Progress(
          absl::StrCat("search, round ", round, "/", rounds, ": ",
                       which == 0 ? "raw keyset SELECT" : "ListOrganisations"));
      LoadResult r = RunLoad(point, which == 0 ? raw : sealed);
      if (r.errors > 0) Check(absl::UnknownError(r.first_error), "search load");
      (which == 0 ? raw_rps : sealed_rps).push_back(r.rps);
      (which == 0 ? raw_p99 : sealed_p99).push_back(r.p99_ms);
    }
    ratios.push_back(sealed_rps.back() / raw_rps.back());
  }
  auto median = [](std::vector<double> v) { return Quantile(v, 0.5); };
  std::printf(
      "### Search: a page of 100 of %d organisations, query \"%s\", %d in "
      "flight\n\n",
      organisations, query.c_str(), in_flight);
  std::printf(
      "| target | RPS (median of %d rounds) | p99 ms (median) |\n| --- | ---: "
      "| ---: |\n",
      rounds);
  std::printf("| raw keyset SELECT (bench-ceiling-server) | %.0f | %.2f |\n",
              median(raw_rps), median(raw_p99));
  std::printf("| ListOrganisations (poles-server) | %.0f | %.2f |\n\n",
              median(sealed_rps), median(sealed_p99));
  std::printf("ListOrganisations / raw RPS: %.2f (rounds: ", median(ratios));
  for (size_t i = 0; i < ratios.size(); ++i)
    std::printf("%s%.2f", i ? ", " : "", ratios[i]);
  std::printf("); target >= 0.60, p99 < 15 ms\n\n");
  std::fflush(stdout);

  // ---- Import --------------------------------------------------------------
  if (import_rows > 0) {
    const std::string csv_big = dir + "/import.csv";
    WriteCsv(csv_big, import_rows, 2000000000);
    Tenant importer = CreateTenant(channel, *admin_key, "import");
    const long self_before = SelfPeakKib();
    const long server_before = PeakKib((*server)->pid());
    Progress(absl::StrCat("importing ", import_rows, " organisations"));
    auto t0 = std::chrono::steady_clock::now();
    auto summary = Import(channel, importer, csv_big);
    const double import_s = Seconds(t0);
    const long self_after = SelfPeakKib();
    const long server_after = PeakKib((*server)->pid());

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
    if (rc != 0) Check(absl::UnknownError("psql \\copy failed"), "copy");

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
  (*ceiling)->Stop();
  (*server)->Stop();
  db->embedded.reset();
  if (keep_data) {
    Progress("the cluster's data folder is kept: " + dir);
  } else {
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }
  return 0;
}
