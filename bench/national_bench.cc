// national_bench: the PAGES table (NationalService.GetNationalTable, every
// indicator) through a real poles-gateway and poles-server, beside one SQL
// statement computing the same totals over the same rows (issue 12).
//
// At --scale 1 the platform holds Quebec's volume times ten: 110 000
// organisations, 500 000 events, 50 000 dossiers and 200 000 awards of
// fiscal year --fiscal-year, loaded by bulk SQL as the superuser
// (national_queries.h). The same rows are spread in turn over each count
// of --tenant-counts (22, 220, 2 200). For each: --repeats table requests,
// one at a time, each beside the totals statement (kNationalTotals, as the
// superuser: no row-level security, no gateway) for the year and for the
// year before (the table reads both: the previous year feeds its ×3
// findings); the table's totals must equal the statement's. poles-server's
// access lines give the summary calls in flight at once, which must stay
// within the gateway's --max-in-flight. Last, poles-server is killed in the
// middle of a table request, then the table is read with it down: each
// must answer by its deadline, with tenants unreachable.
//
// Prints a Markdown report; progress goes to stderr.
#include <signal.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <CLI/CLI.hpp>
#include <grpcpp/grpcpp.h>
#include <nlohmann/json.hpp>
#include <pqxx/pqxx>
#include <sys/wait.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/time/time.h"
#include "bench/bench_setup.h"
#include "bench/national_queries.h"
#include "poles/v1/national.grpc.pb.h"
#include "server/bootstrap.h"
#include "server/poles_server.h"
#include "services/common/process.h"

namespace poles::bench {
namespace {

using Clock = std::chrono::steady_clock;

double SecondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

double Median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const size_t n = v.size();
  return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

// The rows of one platform.
struct Volume {
  int tenants = 22;
  long organisations = 110000;
  long events = 500000;
  long dossiers = 50000;
  long awards = 200000;
};

// The calls poles-server finished, from its "rpc" access lines (the time a
// line was logged and the call's latency give its interval). Thread-safe.
class RpcIntervals {
 public:
  void Observe(const std::string& line) {
    if (line.find("\"event\":\"rpc\"") == std::string::npos) return;
    auto json = nlohmann::json::parse(line, nullptr, false);
    if (json.is_discarded()) return;
    absl::Time end;
    std::string error;
    if (!absl::ParseTime(absl::RFC3339_full, json.value("time", ""), &end,
                         &error)) {
      return;
    }
    const absl::Duration latency =
        absl::Milliseconds(json.value("latency_ms", 0.0));
    std::lock_guard<std::mutex> lock(mu_);
    calls_.push_back({end - latency, end, json.value("method", ""), latency});
  }

  struct Window {
    int max_in_flight = 0;
    long calls = 0;
    // Summed server latency by method, seconds.
    std::map<std::string, double> seconds_by_method;
    std::map<std::string, long> calls_by_method;
  };
  // Over the calls that ended in [from, to]: the most in flight at once.
  Window In(absl::Time from, absl::Time to) const {
    std::vector<std::pair<absl::Time, int>> edges;
    Window w;
    std::lock_guard<std::mutex> lock(mu_);
    for (const Call& c : calls_) {
      if (c.end < from || c.end > to) continue;
      ++w.calls;
      edges.emplace_back(c.start, +1);
      edges.emplace_back(c.end, -1);
      const std::string method = c.method.substr(c.method.rfind('/') + 1);
      w.seconds_by_method[method] += absl::ToDoubleSeconds(c.latency);
      ++w.calls_by_method[method];
    }
    // At equal times an end comes first (-1 < +1).
    std::sort(edges.begin(), edges.end());
    int now = 0;
    for (const auto& [t, delta] : edges) {
      now += delta;
      w.max_in_flight = std::max(w.max_in_flight, now);
    }
    return w;
  }

 private:
  struct Call {
    absl::Time start, end;
    std::string method;
    absl::Duration latency;
  };
  mutable std::mutex mu_;
  std::vector<Call> calls_;
};

// Empties the platform's tenants and loads `v`'s rows for fiscal year `fy`
// as the superuser, triggers and foreign-key checks off
// (session_replication_role): the bench's rows are consistent by
// construction, and the search-term and fiscal-year-lock triggers are
// write paths, not the read measured.
void Load(const std::string& superuser_url, const Volume& v, int fy) {
  pqxx::connection conn(superuser_url);
  {
    pqxx::nontransaction n(conn);
    n.exec(kNationalEmpty);
  }
  pqxx::work tx(conn);
  tx.exec("SET LOCAL session_replication_role = replica");
  tx.exec(kNationalTenantsTable);
  tx.exec_params(kNationalTenants, v.tenants);
  tx.exec(kNationalTenantRows);
  tx.exec_params(kNationalOrganisations, v.organisations, v.tenants);
  tx.exec_params(kNationalEvents, v.events, v.tenants, fy);
  tx.exec_params(kNationalDossiers, v.dossiers, v.tenants, fy);
  tx.exec_params(kNationalAwards, v.awards, v.tenants, fy);
  tx.commit();
  pqxx::nontransaction n(conn);
  n.exec(
      "VACUUM (ANALYZE) poles.tenants, poles.tenant_mrcs, poles.organisations, "
      "poles.events, poles.dossiers, poles.awards");
}

using Totals = std::map<std::string, int64_t>;

// kNationalTotals for fiscal year `fy` on `conn` (prepared as
// "national_totals").
Totals SqlTotals(pqxx::connection& conn, int fy) {
  pqxx::nontransaction n(conn);
  Totals out;
  for (const auto& row : n.exec_prepared("national_totals", fy)) {
    out[row["indicator"].c_str()] = row["value"].as<int64_t>();
  }
  return out;
}

// The table's national totals (no breakdown) by indicator.
Totals TableTotals(const v1::NationalTable& table) {
  Totals out;
  for (const auto& t : table.totals()) {
    if (t.dimensions().empty()) out[t.indicator()] = t.value();
  }
  return out;
}

// "" when every total the statement computes equals the table's and every
// other total of the table is 0 (no loaded row feeds it); else the first
// difference.
std::string CompareTotals(const Totals& sql, const Totals& table) {
  for (const auto& [indicator, value] : sql) {
    auto it = table.find(indicator);
    const int64_t got = it == table.end() ? 0 : it->second;
    if (got != value) {
      return absl::StrCat(indicator, ": table ", got, ", SQL ", value);
    }
  }
  for (const auto& [indicator, value] : table) {
    if (sql.count(indicator) == 0 && value != 0) {
      return absl::StrCat(indicator, ": table ", value,
                          ", no loaded row feeds it");
    }
  }
  return "";
}

struct GatewayFlags {
  std::string binary;
  int max_in_flight = 64;
};

// poles-gateway over `env`'s poles-server, with `service_key` as its
// credential (written to a file in the bench's folder). The gateway has no
// database role: keys, tenants and reference data come from --server.
std::unique_ptr<ChildProcess> StartGateway(const GatewayFlags& flags,
                                           BenchServers& env,
                                           const std::string& service_key) {
  const std::string key_file = env.dir() + "/service.key";
  {
    std::ofstream out(key_file);
    out << service_key << "\n";
  }
  std::vector<std::string> argv = {
      flags.binary,
      "--listen=127.0.0.1:0",
      "--server=" + env.server_address(),
      "--service-key-file=" + key_file,
      absl::StrCat("--max-in-flight=", flags.max_in_flight),
      "--max-deadline-ms=900000",
      "--http-listen=127.0.0.1:0",
      "--log-level=info"};
  auto gateway =
      ChildProcess::Start("poles-gateway", argv, {}, std::chrono::seconds(30));
  ExitUnlessOk(gateway.status(), "poles-gateway");
  return std::move(*gateway);
}

struct TableRead {
  grpc::Status status;
  v1::NationalTable table;
  double seconds = 0;
  absl::Time from, to;
};

TableRead ReadTable(v1::NationalService::Stub& stub, const std::string& key,
                    int fy, std::chrono::seconds deadline) {
  v1::GetNationalTableRequest request;
  request.set_fiscal_year(absl::StrCat(fy, "-", fy + 1));
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + deadline);
  context.AddMetadata("authorization", "Bearer " + key);
  TableRead r;
  r.from = absl::Now();
  const auto start = Clock::now();
  r.status = stub.GetNationalTable(&context, request, &r.table);
  r.seconds = SecondsSince(start);
  r.to = absl::Now();
  return r;
}

std::unique_ptr<v1::NationalService::Stub> GatewayStub(int port) {
  grpc::ChannelArguments args;
  args.SetMaxReceiveMessageSize(-1);
  return v1::NationalService::NewStub(
      grpc::CreateCustomChannel(absl::StrCat("127.0.0.1:", port),
                                grpc::InsecureChannelCredentials(), args));
}

struct Point {
  Volume volume;
  double load_seconds = 0;
  std::vector<double> table_s, sql_s, sql_previous_s;
  RpcIntervals::Window window;  // of the last timed table request
  int rows = 0;
  size_t table_bytes = 0;
  int findings = 0;
  std::string load_average;
};

void ExitUnlessEqual(const Totals& sql, const v1::NationalTable& table,
                     const std::string& what) {
  const std::string diff = CompareTotals(sql, TableTotals(table));
  if (!diff.empty()) {
    Progress(absl::StrCat(what, ": the figures differ: ", diff));
    std::exit(1);
  }
  if (table.unreachable_size() > 0) {
    Progress(absl::StrCat(what, ": ", table.unreachable_size(),
                          " tenants unreachable with every backend up: ",
                          table.unreachable(0).reason()));
    std::exit(1);
  }
}

int Main(int argc, char** argv) {
  ConfigureServerProcess();
  SetBenchName("national_bench");
  double scale = 1;
  std::vector<int> tenant_counts = {22, 220, 2200};
  int repeats = 3;
  int fy = 2017;
  int pool_size = DefaultPoolSize();
  bool backend_down = true;
  GatewayFlags gateway_flags;
  gateway_flags.binary = POLES_BENCH_GATEWAY_BINARY;
  std::string server_binary = POLES_BENCH_SERVER_BINARY;
  CLI::App app{
      "national_bench: the PAGES table through poles-gateway against one SQL "
      "statement over the same rows"};
  app.add_option("--scale", scale,
                 "rows relative to 10x Quebec's volume (110 000 "
                 "organisations, 500 000 events, 50 000 dossiers, 200 000 "
                 "awards); 0.1 for a quick run")
      ->capture_default_str()
      ->check(CLI::Range(0.001, 10.0));
  app.add_option("--tenant-counts", tenant_counts,
                 "the same rows spread over each count of tenants in turn")
      ->delimiter(',')
      ->capture_default_str();
  app.add_option("--repeats", repeats, "timed table requests per count")
      ->capture_default_str()
      ->check(CLI::Range(1, 50));
  app.add_option("--fiscal-year", fy, "starting year of the fiscal year read")
      ->capture_default_str();
  app.add_option("--max-in-flight", gateway_flags.max_in_flight,
                 "poles-gateway's --max-in-flight")
      ->capture_default_str();
  app.add_option("--pool-size", pool_size, "poles-server's --pool-size")
      ->capture_default_str();
  app.add_option("--backend-down", backend_down,
                 "end by killing poles-server during a table request")
      ->capture_default_str();
  CLI11_PARSE(app, argc, argv);

  RpcIntervals intervals;
  BenchServerOptions options;
  options.name = "national_bench";
  options.server_binary = server_binary;
  options.pool_size = pool_size;
  options.server_log_level = "info";  // the access lines count the calls
  options.server_args = {"--max-deadline-ms=900000", "--queue-size=4096"};
  options.server_lines = [&](const std::string& line) {
    intervals.Observe(line);
  };
  auto servers = BenchServers::Start(options);
  ExitUnlessOk(servers.status(), "servers");
  BenchServers& env = **servers;
  pqxx::connection sql(env.SuperuserUrl());
  sql.prepare("national_totals", kNationalTotals);
  const std::string load_before = LoadAverage();

  std::vector<Point> points;
  std::unique_ptr<ChildProcess> gateway;
  std::unique_ptr<v1::NationalService::Stub> stub;
  std::string national_key;
  for (int tenants : tenant_counts) {
    Point p;
    p.volume.tenants = tenants;
    p.volume.organisations = static_cast<long>(110000 * scale);
    p.volume.events = static_cast<long>(500000 * scale);
    p.volume.dossiers = static_cast<long>(50000 * scale);
    p.volume.awards = static_cast<long>(200000 * scale);
    gateway.reset();  // its tenant list is cached: a new one per count
    Progress(absl::StrCat(
        "loading ", tenants, " tenants: ", p.volume.organisations,
        " organisations, ", p.volume.events, " events, ", p.volume.dossiers,
        " dossiers, ", p.volume.awards, " awards"));
    const auto load_start = Clock::now();
    Load(env.SuperuserUrl(), p.volume, fy);
    p.load_seconds = SecondsSince(load_start);
    auto national = IssueKeyDirect(env.db().urls.owner_url, "national", "",
                                   "national_bench");
    ExitUnlessOk(national.status(), "national key");
    national_key = *national;
    auto service = IssueKeyDirect(env.db().urls.owner_url, "service", "",
                                  "national_bench gateway");
    ExitUnlessOk(service.status(), "service key");
    gateway = StartGateway(gateway_flags, env, *service);
    stub = GatewayStub(gateway->port());

    // Not timed: the first request warms the caches on both sides.
    Progress(absl::StrCat(tenants, " tenants: a first table request"));
    TableRead warm =
        ReadTable(*stub, national_key, fy, std::chrono::minutes(15));
    ExitUnlessOk(warm.status, "the first table request");
    ExitUnlessEqual(SqlTotals(sql, fy), warm.table, "the first request");
    for (int r = 0; r < repeats; ++r) {
      auto start = Clock::now();
      const Totals expected = SqlTotals(sql, fy);
      p.sql_s.push_back(SecondsSince(start));
      start = Clock::now();
      SqlTotals(sql, fy - 1);
      p.sql_previous_s.push_back(SecondsSince(start));
      TableRead read =
          ReadTable(*stub, national_key, fy, std::chrono::minutes(15));
      ExitUnlessOk(read.status, "table request");
      ExitUnlessEqual(expected, read.table, "table request");
      p.table_s.push_back(read.seconds);
      // The access lines are written asynchronously: let them arrive.
      std::this_thread::sleep_for(std::chrono::milliseconds(500));
      p.window = intervals.In(read.from, read.to);
      p.rows = read.table.rows_size();
      p.table_bytes = read.table.ByteSizeLong();
      p.findings = 0;
      for (const auto& row : read.table.rows())
        p.findings += row.findings_size();
      Progress(absl::StrCat(tenants, " tenants: table ", read.seconds,
                            " s, SQL ", p.sql_s.back(), " s (+ ",
                            p.sql_previous_s.back(), " s the year before), ",
                            p.window.calls, " server calls, at most ",
                            p.window.max_in_flight, " at once"));
    }
    p.load_average = LoadAverage();
    points.push_back(p);
  }

  std::printf(
      "machine: %u cores; load average before: %s; fiscal year %d-%d; "
      "scale %.3g; poles-gateway --max-in-flight=%d; poles-server "
      "--pool-size=%d (+2 summary connections)\n\n",
      std::thread::hardware_concurrency(), load_before.c_str(), fy, fy + 1,
      scale, gateway_flags.max_in_flight, pool_size);
  std::printf(
      "| tenants | rows loaded (load s) | table s (median of %d) | SQL s, "
      "the year | ratio | SQL s, both years | ratio, both years | server "
      "calls | most in flight | load average after |\n"
      "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- "
      "|\n",
      repeats);
  for (const Point& p : points) {
    const double table = Median(p.table_s), year = Median(p.sql_s),
                 both = year + Median(p.sql_previous_s);
    const long rows = p.volume.organisations + p.volume.events +
                      p.volume.dossiers + p.volume.awards;
    std::printf(
        "| %d | %ld (%.0f) | %.3f | %.3f | %.2f | %.3f | %.2f | %ld | %d | "
        "%s |\n",
        p.volume.tenants, rows, p.load_seconds, table, year, table / year, both,
        table / both, p.window.calls, p.window.max_in_flight,
        p.load_average.c_str());
  }
  std::printf("\nGrowth (time per table request against the first count):\n\n");
  for (const Point& p : points) {
    std::printf(
        "- %d tenants: ×%.2f the time for ×%.0f the tenants (%d rows, "
        "%zu bytes, %d findings)\n",
        p.volume.tenants, Median(p.table_s) / Median(points.front().table_s),
        static_cast<double>(p.volume.tenants) / points.front().volume.tenants,
        p.rows, p.table_bytes, p.findings);
  }
  std::printf(
      "\nServer time by method, last request of each count (summed "
      "latency s / calls):\n\n");
  for (const Point& p : points) {
    std::vector<std::string> parts;
    for (const auto& [method, s] : p.window.seconds_by_method) {
      parts.push_back(absl::StrCat(method, " ", absl::StrFormat("%.3f", s),
                                   " / ", p.window.calls_by_method.at(method)));
    }
    std::printf("- %d tenants: %s\n", p.volume.tenants,
                absl::StrJoin(parts, "; ").c_str());
  }
  bool bounded = true;
  for (const Point& p : points) {
    bounded &= p.window.max_in_flight <= gateway_flags.max_in_flight;
  }
  std::printf(
      "\nMost calls in flight at once, as poles-server saw them: %s "
      "--max-in-flight (%d)\n",
      bounded ? "within" : "ABOVE", gateway_flags.max_in_flight);
  std::fflush(stdout);

  int status = bounded ? 0 : 1;
  if (backend_down && !points.empty()) {
    // poles-server killed a third of the way into a request.
    const double typical = Median(points.back().table_s);
    const auto deadline = std::chrono::seconds(
        static_cast<long>(std::max(10.0, 3 * typical + 5)));
    TableRead killed;
    std::thread reader(
        [&] { killed = ReadTable(*stub, national_key, fy, deadline); });
    std::this_thread::sleep_for(
        std::chrono::duration<double>(std::max(0.05, typical / 3)));
    kill(env.server().pid(), SIGKILL);
    reader.join();
    env.server().Stop();  // reaps it
    TableRead down = ReadTable(*stub, national_key, fy, deadline);
    std::printf("\nWith poles-server down (deadline %lld s):\n\n",
                static_cast<long long>(deadline.count()));
    for (const auto* r : {&killed, &down}) {
      const bool in_time = r->seconds < static_cast<double>(deadline.count());
      // With the server down before the request, a key verified within
      // --auth-cache-ttl-ms reads a table of unreachable rows; a key past it
      // cannot be checked (AdminService is on that server) and is refused
      // as UNAVAILABLE: fail closed, also an answer within the deadline.
      const bool ok =
          in_time && ((r->status.ok() && r->table.unreachable_size() > 0) ||
                      (r == &down && r->status.error_code() ==
                                         grpc::StatusCode::UNAVAILABLE));
      int partial = 0, unreachable_rows = 0;
      for (const auto& t : r->table.totals()) partial += t.partial() ? 1 : 0;
      for (const auto& row : r->table.rows()) {
        unreachable_rows +=
            row.state() == v1::NationalTableRow::UNREACHABLE ? 1 : 0;
      }
      std::printf(
          "- %s: %s in %.3f s, %d of %d rows unreachable (%d "
          "tenant-service calls failed, e.g. \"%s\"), %d of %d "
          "totals marked partial: %s\n",
          r == &killed ? "killed during the request"
                       : "down before the request",
          r->status.ok()
              ? "answered"
              : absl::StrCat("refused (code ", r->status.error_code(), ": ",
                             r->status.error_message(), ")")
                    .c_str(),
          r->seconds, unreachable_rows, r->table.rows_size(),
          r->table.unreachable_size(),
          r->table.unreachable_size() > 0
              ? r->table.unreachable(0).reason().c_str()
              : "",
          partial, r->table.totals_size(), ok ? "ok" : "FAILED");
      if (!ok) status = 1;
    }
  }
  return status;
}

}  // namespace
}  // namespace poles::bench

int main(int argc, char** argv) { return poles::bench::Main(argc, argv); }
