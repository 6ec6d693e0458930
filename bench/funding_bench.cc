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
#include <fstream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <CLI/CLI.hpp>
#include <grpcpp/grpcpp.h>
#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "bench/bench_setup.h"
#include "cli/funding_import.h"
#include "poles/bench/ceiling.grpc.pb.h"
#include "poles/v1/funding.grpc.pb.h"
#include "server/poles_server.h"
#include "services/common/process.h"

namespace poles::bench {
namespace {

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
        << BenchMrcs()[i % BenchMrcs().size()] << ","
        << kPrograms[(i / 5) % kPrograms.size()] << ",autorisé,"
        << (1000 + i % 90000) << "," << (5000 + i % 500000) << ",2017-"
        << (4 + i % 9 < 10 ? "0" : "") << (4 + i % 9) << "-15," << i % 7 << ","
        << i % 11 << "\r\n";
  }
}

void Import(const std::shared_ptr<grpc::Channel>& channel, const BenchTenant& t,
            const std::string& csv) {
  cli::AwardImportOptions options;
  options.tenant = t.slug;
  std::vector<cli::ImportProblem> problems;
  auto summary =
      cli::ImportAwardsCsv(channel, t.editor_key, csv, options, &problems);
  if (!problems.empty()) Progress("first problem: " + problems[0].description);
  ExitUnlessOk(summary.status(), "import");
}

}  // namespace
}  // namespace poles::bench

int main(int argc, char** argv) {
  using namespace poles;
  using namespace poles::bench;
  ConfigureServerProcess();
  SetBenchName("funding_bench");
  int awards = 10000;
  ComparisonFlags flags;
  flags.pool_size = DefaultPoolSize();
  std::string server_binary = POLES_BENCH_SERVER_BINARY;
  std::string ceiling_binary = POLES_BENCH_CEILING_BINARY;
  CLI::App app{"funding_bench: SummarizeFunding against the raw GROUP BY"};
  app.add_option("--awards", awards, "awards of the summarised tenant")
      ->capture_default_str();
  AddComparisonFlags(app, &flags);
  CLI11_PARSE(app, argc, argv);

  BenchServerOptions options;
  options.name = "funding_bench";
  options.server_binary = server_binary;
  options.ceiling_binary = ceiling_binary;
  options.pool_size = flags.pool_size;
  options.server_log_level = flags.server_log_level;
  options.server_args = {"--max-deadline-ms=120000"};
  auto servers = BenchServers::Start(options);
  ExitUnlessOk(servers.status(), "servers");
  BenchServers& env = **servers;
  auto admin_key = env.AdminKey();
  ExitUnlessOk(admin_key.status(), "admin key");
  auto channel = env.ServerChannel();
  std::printf(
      "machine: %u cores; load average before: %s; poles-server log "
      "level %s\n\n",
      std::thread::hardware_concurrency(), LoadAverage().c_str(),
      flags.server_log_level.c_str());

  BenchTenant summarised =
      CreateBenchTenant(channel, *admin_key, "financement");
  BenchTenant other = CreateBenchTenant(channel, *admin_key, "voisin");
  const std::string csv = env.dir() + "/awards.csv";
  WriteCsv(csv, awards);
  Progress(absl::StrCat("loading ", awards, " awards into two tenants"));
  Import(channel, summarised, csv);
  Import(channel, other, csv);
  {
    pqxx::connection conn(env.SuperuserUrl());
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
    ExitUnlessOk(stub->SummarizeFunding(KeyContext(summarised.viewer_key).get(),
                                        (*summarize_requests)[0], &s),
                 "summarize");
    Progress(absl::StrCat("the summary holds ", s.values_size(), " values"));
  }
  std::shared_ptr<const std::vector<v1::SummarizeRequest>> summaries =
      summarize_requests;
  std::shared_ptr<const std::vector<FundingGroupByRequest>> groups =
      group_requests;
  CallerFactory sealed = StubCaller<v1::FundingService, v1::IndicatorSummary>(
      summaries, "Bearer " + summarised.viewer_key,
      [](auto* s, auto... a) { s->SummarizeFunding(a...); });
  CallerFactory raw = StubCaller<CeilingService, Page>(
      groups, "", [](auto* s, auto... a) { s->FundingGroupBy(a...); });
  const LoadPoint point = PointOf(flags.in_flight, flags.channels,
                                  flags.warmup_s, flags.duration_s);
  auto compared = CompareInterleaved(
      flags.rounds, point, {"raw GROUP BY", env.ceiling_address(), raw},
      {"SummarizeFunding", env.server_address(), sealed}, Progress);
  ExitUnlessOk(compared.status(), "load");
  std::printf(
      "### SummarizeFunding: %d awards of one tenant, by program and MRC, %d "
      "in flight\n\n",
      awards, flags.in_flight);
  PrintComparison(
      *compared, "raw GROUP BY, funding_summary_awards (bench-ceiling-server)",
      "SummarizeFunding (poles-server)", "SummarizeFunding", "target >= 0.60");
  return 0;
}
