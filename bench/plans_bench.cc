// plans_bench: issue 2's benchmark, in one run.
//
// Starts a private PostgreSQL 15 in a temporary folder, migrates it, runs
// poles-server and bench-ceiling-server as child processes over it, loads a
// seed plan into two tenants through the public API, then drives each target
// with a closed-loop gRPC callback client at every in-flight level and
// prints a Markdown report on stdout (progress goes to stderr):
//
//   ceiling           bench-ceiling-server Select: one prepared single-row
//                     SELECT of the plan item, no transaction, no tenant
//   sealed            poles-server PlansService.GetPlanItem (API key,
//                     validation, tenant-sealed read, metrics)
//   bare-tenant-read  bench-ceiling-server TenantRead: the sealed read alone
//                     (storage::TenantRead, one round trip)
//   bare-tenant-txn   bench-ceiling-server TenantTransaction: the naive
//                     sealed read (BEGIN, set tenant, SELECT, COMMIT)
//
//   plans_bench --rounds=3 --duration=5 --in-flight=1,16,64 --channels=4
//               --pool-size=<cores + 1, as poles-server>   (the defaults)
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <numeric>
#include <sstream>
#include <stdexcept>
#include <thread>

#include <CLI/CLI.hpp>
#include <pqxx/pqxx>
#include <sys/resource.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "base/random.h"
#include "bench/bench_setup.h"
#include "cli/plan_file.h"
#include "cli/plan_import.h"
#include "poles/bench/ceiling.grpc.pb.h"
#include "poles/v1/admin.grpc.pb.h"
#include "poles/v1/plans.grpc.pb.h"
#include "server/bootstrap.h"
#include "server/poles_server.h"
#include "services/common/process.h"
#include "services/common/resource_name.h"

namespace poles::bench {
namespace {

namespace fs = std::filesystem;

constexpr char kCeiling[] = "ceiling";
constexpr char kSealed[] = "sealed";
constexpr char kBareTenantRead[] = "bare-tenant-read";
constexpr char kBareTenantTxn[] = "bare-tenant-txn";
constexpr std::chrono::seconds kCallTimeout{10};

struct Flags {
  double duration_s = 5;
  double warmup_s = 1;
  int rounds = 3;
  std::vector<int> in_flight = {1, 16, 64};
  int channels = 4;
  int pool_size = DefaultPoolSize();
  std::vector<std::string> targets = {kCeiling, kSealed, kBareTenantRead,
                                      kBareTenantTxn};
  std::string server_binary = POLES_BENCH_SERVER_BINARY;
  std::string ceiling_binary = POLES_BENCH_CEILING_BINARY;
  std::string server_log_level = "info";
  std::string seed_plan =
      POLES_SOURCE_DIR "/data/seeds/plans/vhsl-2018-2019.json";
};

// A failed set-up step. Thrown so that unwinding stops the servers and the
// database before the bench exits.
struct SetupError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

void Check(const absl::Status& s, const std::string& what) {
  if (!s.ok()) throw SetupError(what + ": " + s.ToString());
}
void Check(const grpc::Status& s, const std::string& what) {
  if (!s.ok()) throw SetupError(what + ": " + s.error_message());
}

// Set by SIGINT/SIGTERM: the bench stops after the current point and cleans
// up (the embedded PostgreSQL would outlive an abrupt exit).
std::atomic<bool> g_interrupted{false};

void WatchSignals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);  // inherited by every thread
  std::thread([signals] {
    int sig = 0;
    sigwait(&signals, &sig);
    Progress("interrupted: stopping after this point");
    g_interrupted = true;
  }).detach();
}

std::unique_ptr<grpc::ClientContext> Context(const std::string& key) {
  auto ctx = std::make_unique<grpc::ClientContext>();
  ctx->set_deadline(std::chrono::system_clock::now() + kCallTimeout);
  if (!key.empty()) ctx->AddMetadata("authorization", "Bearer " + key);
  return ctx;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) Check(absl::NotFoundError("cannot read " + path), "seed plan");
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// A target: where it listens, which process serves it, how to call it.
struct Target {
  std::string name;
  std::string address;
  pid_t server_pid;
  CallerFactory make_caller;
};

using CeilingStub = CeilingService::Stub;
using CeilingMethod = void (*)(CeilingStub&, grpc::ClientContext*,
                               const RowRequest*, Row*,
                               std::function<void(grpc::Status)>);

CallerFactory CeilingCaller(std::shared_ptr<const std::vector<RowRequest>> rows,
                            CeilingMethod method) {
  return [rows, method](const std::shared_ptr<grpc::Channel>& channel) {
    std::shared_ptr<CeilingStub> stub = CeilingService::NewStub(channel);
    return UnaryCaller<Row>(
        rows, "",
        [stub, method](grpc::ClientContext* ctx, const RowRequest* req,
                       Row* resp, std::function<void(grpc::Status)> cb) {
          method(*stub, ctx, req, resp, std::move(cb));
        });
  };
}

CallerFactory SealedCaller(
    std::shared_ptr<const std::vector<v1::GetPlanItemRequest>> requests,
    const std::string& viewer_key) {
  return [requests, bearer = "Bearer " + viewer_key](
             const std::shared_ptr<grpc::Channel>& channel) {
    std::shared_ptr<v1::PlansService::Stub> stub =
        v1::PlansService::NewStub(channel);
    return UnaryCaller<v1::PlanItem>(
        requests, bearer,
        [stub](grpc::ClientContext* ctx, const v1::GetPlanItemRequest* req,
               v1::PlanItem* resp, std::function<void(grpc::Status)> cb) {
          stub->async()->GetPlanItem(ctx, req, resp, std::move(cb));
        });
  };
}

// The data every target reads: one seed plan imported into tenant
// "bench-a" (read) and "bench-b" (so row-level security has rows to hide).
struct BenchData {
  std::string viewer_key;  // bench-a's
  std::vector<std::string> item_names;
};

BenchData LoadData(const ReadyDatabase& db,
                   const std::shared_ptr<grpc::Channel>& channel,
                   const std::string& seed_plan) {
  auto admin_key =
      IssueKeyDirect(db.urls.owner_url, "admin", "", "plans_bench");
  Check(admin_key.status(), "admin key");
  auto file = cli::ParsePlanFile(ReadFile(seed_plan));
  Check(file.status(), seed_plan);
  auto admin = v1::AdminService::NewStub(channel);
  BenchData data;
  for (const std::string slug : {"bench-a", "bench-b"}) {
    v1::CreateTenantRequest req;
    req.mutable_tenant()->set_name("tenants/" + slug);
    req.mutable_tenant()->set_display_name("Banc d'essai " + slug);
    req.mutable_tenant()->set_region_code("17");
    req.mutable_tenant()->add_mrcs("mrcs/becancour");
    v1::Tenant tenant;
    Check(admin->CreateTenant(Context(*admin_key).get(), req, &tenant),
          "create tenant " + slug);
    auto editor_key =
        IssueKeyDirect(db.urls.owner_url, "editor", slug, "plans_bench");
    Check(editor_key.status(), "editor key");
    auto imported = cli::ImportPlan(channel, *editor_key, *file, slug, false);
    Check(imported.status(), "import into " + slug);
    Progress(absl::StrCat("loaded ", imported->items, " items into ",
                          imported->plan_name));
    if (slug != "bench-a") continue;
    auto viewer_key =
        IssueKeyDirect(db.urls.owner_url, "viewer", slug, "plans_bench");
    Check(viewer_key.status(), "viewer key");
    data.viewer_key = *viewer_key;
    auto plans = v1::PlansService::NewStub(channel);
    v1::ListPlanItemsRequest list;
    list.set_parent(imported->plan_name);
    list.set_page_size(200);
    do {
      v1::ListPlanItemsResponse page;
      Check(plans->ListPlanItems(Context(data.viewer_key).get(), list, &page),
            "list items");
      for (const auto& item : page.items()) {
        data.item_names.push_back(item.name());
      }
      list.set_page_token(page.next_page_token());
    } while (!list.page_token().empty());
  }
  if (data.item_names.empty()) {
    Check(absl::FailedPreconditionError("the seed plan has no items"), "data");
  }
  return data;
}

// PostgreSQL's postmaster: the parent of a backend.
pid_t PostmasterPid(const std::string& url) {
  pqxx::connection conn(url);
  pqxx::nontransaction tx(conn);
  return ParentOf(tx.exec("SELECT pg_backend_pid()")[0][0].as<int>());
}

double SelfCpuSeconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_utime.tv_sec + u.ru_stime.tv_sec +
         (u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

std::string CpuModel() {
  std::ifstream in("/proc/cpuinfo");
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("model name", 0) == 0) {
      return line.substr(line.find(':') + 2);
    }
  }
  return "unknown";
}

struct Measurement {
  std::string target;
  int in_flight;
  LoadResult load;
  double server_cpu_us = 0;    // per call
  double postgres_cpu_us = 0;  // per call
  double client_cpu_us = 0;    // per call
};

Measurement Measure(const Target& target, const Flags& flags, int in_flight,
                    pid_t postmaster) {
  LoadPoint point;
  point.address = target.address;
  point.in_flight = in_flight;
  point.channels = flags.channels;
  point.warmup = std::chrono::duration<double>(flags.warmup_s);
  point.duration = std::chrono::duration<double>(flags.duration_s);
  point.channel_args = ClientChannelArguments();
  double server0 = ProcessCpuSeconds(target.server_pid);
  double pg0 = ChildrenCpuSeconds(postmaster);
  double self0 = SelfCpuSeconds();
  Measurement m{target.name, in_flight, RunLoad(point, target.make_caller)};
  double calls = std::max<int64_t>(1, m.load.issued);
  m.server_cpu_us =
      (ProcessCpuSeconds(target.server_pid) - server0) / calls * 1e6;
  m.postgres_cpu_us = (ChildrenCpuSeconds(postmaster) - pg0) / calls * 1e6;
  m.client_cpu_us = (SelfCpuSeconds() - self0) / calls * 1e6;
  return m;
}

// Every point of every round, in order: round by round, each in-flight
// level, each target (so the targets of a level are measured side by side).
// Stops early when interrupted.
std::vector<Measurement> MeasureAll(
    const Flags& flags, const std::map<std::string, Target>& targets,
    pid_t postmaster) {
  std::vector<Measurement> all;
  const size_t points =
      flags.rounds * flags.in_flight.size() * flags.targets.size();
  for (int round = 1; round <= flags.rounds; ++round) {
    for (int n : flags.in_flight) {
      for (const auto& name : flags.targets) {
        if (g_interrupted) return all;
        Progress(absl::StrFormat("[%d/%d] round %d: %s, %d in flight ...",
                                 all.size() + 1, points, round, name, n));
        all.push_back(Measure(targets.at(name), flags, n, postmaster));
        const LoadResult& r = all.back().load;
        Progress(absl::StrFormat(
            "      %.0f RPS, p50 %.2f ms, p99 %.2f ms%s", r.rps, r.p50_ms,
            r.p99_ms,
            r.errors == 0 ? ""
                          : absl::StrCat(", ", r.errors, " errors (first: ",
                                         r.first_error, ")")));
      }
    }
  }
  return all;
}

double Median(std::vector<double> values) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  size_t mid = values.size() / 2;
  return values.size() % 2 == 1 ? values[mid]
                                : (values[mid - 1] + values[mid]) / 2;
}

// One number per round for `target` at `in_flight`, in round order.
std::vector<double> PerRound(const std::vector<Measurement>& all,
                             const std::string& target, int in_flight,
                             double (*metric)(const Measurement&)) {
  std::vector<double> values;
  for (const auto& m : all) {
    if (m.target == target && m.in_flight == in_flight) {
      values.push_back(metric(m));
    }
  }
  return values;
}

double Rps(const Measurement& m) { return m.load.rps; }
double P50(const Measurement& m) { return m.load.p50_ms; }
double P99(const Measurement& m) { return m.load.p99_ms; }
double Errors(const Measurement& m) { return m.load.errors; }
double ServerCpu(const Measurement& m) { return m.server_cpu_us; }
double PostgresCpu(const Measurement& m) { return m.postgres_cpu_us; }
double ClientCpu(const Measurement& m) { return m.client_cpu_us; }

// "0.78 (0.72–0.81)": the median of the rounds' ratios and their range.
std::string RatioCell(const std::vector<double>& numerators,
                      const std::vector<double>& denominators, double target,
                      bool judged, bool higher_is_better) {
  std::vector<double> ratios;
  for (size_t i = 0; i < numerators.size() && i < denominators.size(); ++i) {
    if (denominators[i] > 0) ratios.push_back(numerators[i] / denominators[i]);
  }
  if (ratios.empty()) return "–";
  double median = Median(ratios);
  std::string cell = absl::StrFormat("%.2f", median);
  if (ratios.size() > 1) {
    auto [lo, hi] = std::minmax_element(ratios.begin(), ratios.end());
    cell += absl::StrFormat(" (%.2f–%.2f)", *lo, *hi);
  }
  if (judged) {
    bool met = higher_is_better ? median >= target : median <= target;
    cell += met ? " **met**" : " **not met**";
  }
  return cell;
}

void PrintReport(const Flags& flags, const std::vector<Measurement>& all,
                 const std::map<std::string, ProcessMemory>& memory,
                 const std::string& load_before, size_t items) {
  std::printf("## plans_bench\n\n");
  std::printf(
      "%d round(s); in each, every point measured for %g s after %g s of "
      "warm-up; figures are the medians over the rounds. %d channel(s) (at "
      "most one per call in flight); a pool of %d connections in every "
      "server; %zu plan items read round-robin.\nMachine: %u CPUs, %s. Load "
      "average (1/5/15 min) before: %s; after: %s.\n\n",
      flags.rounds, flags.duration_s, flags.warmup_s, flags.channels,
      flags.pool_size, items, std::thread::hardware_concurrency(),
      CpuModel().c_str(), load_before.c_str(), LoadAverage().c_str());
  std::printf(
      "| target | in flight | RPS | p50 ms | p99 ms | errors | server CPU "
      "µs/call | postgres CPU µs/call | client CPU µs/call |\n"
      "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
  for (int n : flags.in_flight) {
    for (const auto& name : flags.targets) {
      auto median = [&](double (*metric)(const Measurement&)) {
        return Median(PerRound(all, name, n, metric));
      };
      std::vector<double> errors = PerRound(all, name, n, Errors);
      std::printf(
          "| %s | %d | %.0f | %.2f | %.2f | %.0f | %.0f | %.0f | %.0f |\n",
          name.c_str(), n, median(Rps), median(P50), median(P99),
          std::accumulate(errors.begin(), errors.end(), 0.0), median(ServerCpu),
          median(PostgresCpu), median(ClientCpu));
    }
  }
  bool have_ceiling = std::count(flags.targets.begin(), flags.targets.end(),
                                 std::string(kCeiling)) > 0;
  if (have_ceiling && flags.targets.size() > 1) {
    std::printf(
        "\nRatios to the ceiling, each taken within one round, then the "
        "median over the rounds (range in brackets). Issue 2's target, for "
        "`sealed` at 64 in flight: RPS ≥ 0.80, p99 ≤ 1.5.\n\n"
        "| target | in flight | RPS / ceiling RPS | p99 / ceiling p99 |\n"
        "| --- | ---: | ---: | ---: |\n");
    for (const auto& name : flags.targets) {
      if (name == kCeiling) continue;
      for (int n : flags.in_flight) {
        bool judged = name == kSealed && n == 64;
        std::printf(
            "| %s | %d | %s | %s |\n", name.c_str(), n,
            RatioCell(PerRound(all, name, n, Rps),
                      PerRound(all, kCeiling, n, Rps), 0.80, judged, true)
                .c_str(),
            RatioCell(PerRound(all, name, n, P99),
                      PerRound(all, kCeiling, n, P99), 1.5, judged, false)
                .c_str());
      }
    }
  }
  std::printf(
      "\nServer memory after the run (issue 2's target: poles-server under "
      "100 MiB):\n\n| process | VmRSS MiB | VmHWM (peak) MiB |\n"
      "| --- | ---: | ---: |\n");
  for (const auto& [name, mem] : memory) {
    std::printf("| %s | %.1f | %.1f |\n", name.c_str(), mem.rss_kib / 1024.0,
                mem.hwm_kib / 1024.0);
  }
}

absl::Status ValidateFlags(const Flags& f) {
  if (f.duration_s <= 0)
    return absl::InvalidArgumentError("--duration must be > 0");
  if (f.warmup_s < 0)
    return absl::InvalidArgumentError("--warmup must be >= 0");
  for (int n : f.in_flight) {
    if (n < 1 || n > 4096) {
      return absl::InvalidArgumentError("--in-flight values must be 1..4096");
    }
  }
  for (const auto& t : f.targets) {
    if (t != kCeiling && t != kSealed && t != kBareTenantRead &&
        t != kBareTenantTxn) {
      return absl::InvalidArgumentError(absl::StrCat(
          "--targets: unknown target \"", t, "\" (known: ", kCeiling, ", ",
          kSealed, ", ", kBareTenantRead, ", ", kBareTenantTxn, ")"));
    }
  }
  if (f.in_flight.empty() || f.targets.empty()) {
    return absl::InvalidArgumentError("--in-flight and --targets need a value");
  }
  return absl::OkStatus();
}

int Main(int argc, char** argv) {
  Flags flags;
  CLI::App app{
      "plans_bench: tenant-sealed GetPlanItem against a bare "
      "single-SELECT ceiling (issue 2)"};
  app.add_option("--duration", flags.duration_s, "seconds measured per point")
      ->capture_default_str();
  app.add_option("--warmup", flags.warmup_s, "seconds of warm-up per point")
      ->capture_default_str();
  app.add_option("--rounds", flags.rounds,
                 "times every point is measured, interleaved; medians reported")
      ->check(CLI::Range(1, 100))
      ->capture_default_str();
  app.add_option("--in-flight", flags.in_flight, "calls in flight, a list")
      ->delimiter(',')
      ->capture_default_str();
  app.add_option("--channels", flags.channels,
                 "client channels (HTTP/2 connections)")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();
  app.add_option("--pool-size", flags.pool_size,
                 "database workers (connections) of each server")
      ->check(CLI::Range(1, 64))
      ->capture_default_str();
  app.add_option("--targets", flags.targets, "targets to measure, a list")
      ->delimiter(',')
      ->capture_default_str();
  app.add_option("--server-binary", flags.server_binary, "poles-server")
      ->capture_default_str();
  app.add_option("--ceiling-binary", flags.ceiling_binary,
                 "bench-ceiling-server")
      ->capture_default_str();
  app.add_option("--server-log-level", flags.server_log_level,
                 "poles-server's --log-level (info: one line per call)")
      ->capture_default_str();
  app.add_option("--seed-plan", flags.seed_plan, "plan file to load")
      ->capture_default_str();
  CLI11_PARSE(app, argc, argv);
  if (auto s = ValidateFlags(flags); !s.ok()) {
    std::fprintf(stderr, "plans_bench: %s\n", std::string(s.message()).c_str());
    return 2;
  }
  SetBenchName("plans_bench");
  WatchSignals();
  const std::string load_before = LoadAverage();

  int exit_code = 0;
  try {
    BenchServerOptions options;
    options.name = "plans_bench";
    options.server_binary = flags.server_binary;
    options.ceiling_binary = flags.ceiling_binary;
    options.pool_size = flags.pool_size;
    options.server_log_level = flags.server_log_level;
    auto servers = BenchServers::Start(options);
    Check(servers.status(), "servers");
    BenchServers& env = **servers;
    const ReadyDatabase& db = env.db();
    ChildProcess* server = &env.server();
    ChildProcess* ceiling = &env.ceiling();
    const std::string server_address = env.server_address();
    const std::string ceiling_address = env.ceiling_address();

    BenchData data = LoadData(db, env.ServerChannel(), flags.seed_plan);
    auto item_requests =
        std::make_shared<std::vector<v1::GetPlanItemRequest>>();
    auto row_requests = std::make_shared<std::vector<RowRequest>>();
    for (const auto& name : data.item_names) {
      auto ids = ParseResourceName("name", name, {"tenants", "plans", "items"});
      Check(ids.status(), "item name");
      item_requests->emplace_back().set_name(name);
      RowRequest& row = row_requests->emplace_back();
      row.set_tenant((*ids)[0]);
      row.set_plan((*ids)[1]);
      row.set_item((*ids)[2]);
    }

    std::map<std::string, Target> targets;
    const pid_t ceiling_pid = ceiling->pid();
    targets[kCeiling] = {kCeiling, ceiling_address, ceiling_pid,
                         CeilingCaller(row_requests, [](auto& stub, auto... a) {
                           stub.async()->Select(a...);
                         })};
    targets[kSealed] = {kSealed, server_address, server->pid(),
                        SealedCaller(item_requests, data.viewer_key)};
    targets[kBareTenantRead] = {
        kBareTenantRead, ceiling_address, ceiling_pid,
        CeilingCaller(row_requests, [](auto& stub, auto... a) {
          stub.async()->TenantRead(a...);
        })};
    targets[kBareTenantTxn] = {
        kBareTenantTxn, ceiling_address, ceiling_pid,
        CeilingCaller(row_requests, [](auto& stub, auto... a) {
          stub.async()->TenantTransaction(a...);
        })};

    std::vector<Measurement> all =
        MeasureAll(flags, targets, PostmasterPid(db.urls.app_url));
    for (const auto& m : all) {
      if (m.load.errors > 0) exit_code = 1;
    }
    if (g_interrupted) throw SetupError("interrupted");
    std::map<std::string, ProcessMemory> memory;
    for (const auto& [label, pid] :
         {std::pair<std::string, pid_t>{"poles-server", server->pid()},
          {"bench-ceiling-server", ceiling_pid}}) {
      auto mem = ReadProcessMemory(pid);
      Check(mem.status(), label + " memory");
      memory[label] = *mem;
    }
    PrintReport(flags, all, memory, load_before, data.item_names.size());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "plans_bench: %s\n", e.what());
    exit_code = 1;
  }
  return exit_code;
}

}  // namespace
}  // namespace poles::bench

int main(int argc, char** argv) {
  poles::ConfigureServerProcess();  // the load generator is as lean as the
                                    // servers
  return poles::bench::Main(argc, argv);
}
