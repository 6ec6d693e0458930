// funding_bench: SummarizeFunding (issue 11) beside its baseline in the same
// run.
//
// One tenant holds `--awards` authorised awards of fiscal year 2017-2018
// (loaded by `polesctl funding import`'s code path, cli::ImportAwardsCsv),
// spread over eight catalogue programs and the five Centre-du-Québec MRCs;
// a second tenant holds as many (rows row-level security must hide).
// SummarizeFunding broken down by program and MRC, through poles-server
// (authentication, validation, one tenant read of the awards, agreements,
// calls and reported totals, the summary built in memory), beside the
// funding service's own award GROUP BY (the registered
// funding_summary_awards statement, no transaction, no tenant) served by
// bench-ceiling-server through the same transport; both at 16 in flight,
// rounds alternating. Prints the ratio.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <CLI/CLI.hpp>
#include <grpcpp/grpcpp.h>
#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "base/random.h"
#include "bench/child_process.h"
#include "bench/load_generator.h"
#include "cli/funding_import.h"
#include "poles/bench/ceiling.grpc.pb.h"
#include "poles/v1/admin.grpc.pb.h"
#include "poles/v1/funding.grpc.pb.h"
#include "server/bootstrap.h"
#include "server/poles_server.h"
#include "services/common/process.h"
#include "storage/embedded_postgres.h"

namespace poles::bench {
namespace {

void Progress(const std::string& m) {
  std::fprintf(stderr, "funding_bench: %s\n", m.c_str());
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
const std::vector<std::string> kPrograms = {
    "piec",
    "fdt-economie-sociale",
    "fli",
    "subvention-salariale",
    "risq-fonds",
    "fiducie-capital-patient",
    "ces-jeunes-entreprises-collectives",
    "iq-economie-sociale"};

// `rows` authorised awards to promoter groups, decided in 2017-2018, as an
// award CSV file with French headers.
void WriteCsv(const std::string& path, int rows) {
  std::ofstream out(path);
  out << "identifiant,titre,groupe_promoteur,mrc,programme,statut,montant_"
         "autorise,"
         "investissement_total,date_decision,emplois_crees,emplois_"
         "maintenus\r\n";
  for (int i = 0; i < rows; ++i) {
    out << "aide-" << i << ",Projet " << i << ",Groupe promoteur " << i << ","
        << kMrcs[i % kMrcs.size()] << ","
        << kPrograms[(i / 5) % kPrograms.size()] << ",autorisé,"
        << (1000 + i % 90000) << "," << (5000 + i % 500000) << ",2017-"
        << (4 + i % 9 < 10 ? "0" : "") << (4 + i % 9) << "-15," << i % 7 << ","
        << i % 11 << "\r\n";
  }
}

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

void Import(const std::shared_ptr<grpc::Channel>& channel, const Tenant& t,
            const std::string& csv) {
  cli::AwardImportOptions options;
  options.tenant = t.slug;
  std::vector<cli::ImportProblem> problems;
  auto summary =
      cli::ImportAwardsCsv(channel, t.editor_key, csv, options, &problems);
  if (!problems.empty()) Progress("first problem: " + problems[0].description);
  Check(summary.status(), "import");
}

}  // namespace
}  // namespace poles::bench

int main(int argc, char** argv) {
  using namespace poles;
  using namespace poles::bench;
  ConfigureServerProcess();
  int awards = 10000, in_flight = 16, channels = 4, rounds = 3,
      pool_size = DefaultPoolSize();
  double duration = 5, warmup = 1;
  std::string server_binary = POLES_BENCH_SERVER_BINARY;
  std::string ceiling_binary = POLES_BENCH_CEILING_BINARY;
  CLI::App app{"funding_bench: SummarizeFunding against the raw GROUP BY"};
  app.add_option("--awards", awards, "awards of the summarised tenant")
      ->capture_default_str();
  app.add_option("--in-flight", in_flight)->capture_default_str();
  app.add_option("--channels", channels)->capture_default_str();
  app.add_option("--rounds", rounds)
      ->capture_default_str()
      ->check(CLI::Range(1, 50));
  app.add_option("--duration", duration, "seconds measured per round")
      ->capture_default_str();
  app.add_option("--warmup", warmup)->capture_default_str();
  app.add_option("--pool-size", pool_size)->capture_default_str();
  CLI11_PARSE(app, argc, argv);

  char tmpl[] = "/tmp/poles-fbench-XXXXXX";
  if (mkdtemp(tmpl) == nullptr) return 1;
  const std::string dir = tmpl;
  DatabaseChoice choice;
  choice.data_dir = dir;
  choice.unsafe_fast = true;  // a throwaway cluster
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

  Tenant summarised = CreateTenant(channel, *admin_key, "financement");
  Tenant other = CreateTenant(channel, *admin_key, "voisin");
  const std::string csv = dir + "/awards.csv";
  WriteCsv(csv, awards);
  Progress(absl::StrCat("loading ", awards, " awards into two tenants"));
  Import(channel, summarised, csv);
  Import(channel, other, csv);
  {
    pqxx::connection conn(super_url);
    pqxx::nontransaction tx(conn);
    tx.exec("VACUUM (ANALYZE) poles.awards");
  }

  auto summarize_requests =
      std::make_shared<std::vector<v1::SummarizeRequest>>(1);
  (*summarize_requests)[0].set_parent("tenants/" + summarised.slug);
  (*summarize_requests)[0].set_fiscal_year("2017-2018");
  (*summarize_requests)[0].add_dimensions("program");
  (*summarize_requests)[0].add_dimensions("mrc");
  auto group_requests = std::make_shared<std::vector<FundingGroupByRequest>>(1);
  (*group_requests)[0].set_tenant(summarised.slug);
  (*group_requests)[0].set_fiscal_year(2017);
  {
    v1::IndicatorSummary s;
    auto stub = v1::FundingService::NewStub(channel);
    Check(stub->SummarizeFunding(Context(summarised.viewer_key).get(),
                                 (*summarize_requests)[0], &s),
          "summarize");
    Progress(absl::StrCat("the summary holds ", s.values_size(), " values"));
  }
  std::shared_ptr<const std::vector<v1::SummarizeRequest>> summaries =
      summarize_requests;
  std::shared_ptr<const std::vector<FundingGroupByRequest>> groups =
      group_requests;
  CallerFactory sealed = [summaries,
                          bearer = "Bearer " + summarised.viewer_key](
                             const std::shared_ptr<grpc::Channel>& ch) {
    std::shared_ptr<v1::FundingService::Stub> stub =
        v1::FundingService::NewStub(ch);
    return UnaryCaller<v1::IndicatorSummary>(
        summaries, bearer,
        [stub](grpc::ClientContext* ctx, const v1::SummarizeRequest* req,
               v1::IndicatorSummary* resp,
               std::function<void(grpc::Status)> cb) {
          stub->async()->SummarizeFunding(ctx, req, resp, std::move(cb));
        });
  };
  CallerFactory raw = [groups](const std::shared_ptr<grpc::Channel>& ch) {
    std::shared_ptr<CeilingService::Stub> stub = CeilingService::NewStub(ch);
    return UnaryCaller<Page>(
        groups, "",
        [stub](grpc::ClientContext* ctx, const FundingGroupByRequest* req,
               Page* resp, std::function<void(grpc::Status)> cb) {
          stub->async()->FundingGroupBy(ctx, req, resp, std::move(cb));
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
      Progress(absl::StrCat("round ", round, "/", rounds, ": ",
                            which == 0 ? "raw GROUP BY" : "SummarizeFunding"));
      LoadResult r = RunLoad(point, which == 0 ? raw : sealed);
      if (r.errors > 0) Check(absl::UnknownError(r.first_error), "load");
      (which == 0 ? raw_rps : sealed_rps).push_back(r.rps);
      (which == 0 ? raw_p99 : sealed_p99).push_back(r.p99_ms);
    }
    ratios.push_back(sealed_rps.back() / raw_rps.back());
  }
  auto median = [](std::vector<double> v) { return Quantile(v, 0.5); };
  std::printf(
      "### SummarizeFunding: %d awards of one tenant, by program and MRC, %d "
      "in flight\n\n",
      awards, in_flight);
  std::printf(
      "| target | RPS (median of %d rounds) | p99 ms (median) |\n| --- | ---: "
      "| ---: |\n",
      rounds);
  std::printf(
      "| raw GROUP BY, funding_summary_awards (bench-ceiling-server) | %.0f | "
      "%.2f |\n",
      median(raw_rps), median(raw_p99));
  std::printf("| SummarizeFunding (poles-server) | %.0f | %.2f |\n\n",
              median(sealed_rps), median(sealed_p99));
  std::printf("SummarizeFunding / raw RPS: %.2f (rounds: ", median(ratios));
  for (size_t i = 0; i < ratios.size(); ++i)
    std::printf("%s%.2f", i ? ", " : "", ratios[i]);
  std::printf("); target >= 0.60\n");
  (*ceiling)->Stop();
  (*server)->Stop();
  db->embedded.reset();
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
  return 0;
}
