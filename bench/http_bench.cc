// http_bench: one tenant read over HTTP/JSON through poles-gateway's front
// door (/v1/, the proto3 JSON mapping, then gRPC to poles-server) beside
// the same read over gRPC straight to poles-server (issue 16: "an HTTP/JSON
// call within 1.3x the same call over gRPC at 16 in flight, measured side by
// side"). Both closed loops keep the same number of calls in flight, with the
// same key, over the same rows; rounds alternate so that the machine's other
// load falls on both alike, and the ratios are taken within each round.
//
// The read: GetOrganisation of one of `--organisations` organisations (call
// n reads the n-th modulo), or with --call=list a page of 20 of
// ListOrganisations. The HTTP clients are cpp-httplib's, one keep-alive
// connection per call in flight, as a browser or a script would hold them.
#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <future>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <CLI/CLI.hpp>
#include <grpcpp/grpcpp.h>
#include <nlohmann/json.hpp>

#include "absl/strings/str_cat.h"
#include "bench/bench_setup.h"
#include "poles/v1/directories.grpc.pb.h"
#include "server/bootstrap.h"
#include "server/poles_server.h"
#include "services/common/process.h"

namespace poles::bench {
namespace {

using Clock = std::chrono::steady_clock;

v1::Organisation NewOrganisation(int n) {
  v1::Organisation o;
  o.set_display_name(absl::StrCat("Coopérative de mesure ", n));
  o.set_kind(v1::Organisation::ENTERPRISE);
  o.set_legal_form(n % 2 == 0 ? v1::Organisation::COOPERATIVE
                              : v1::Organisation::OBNL);
  o.set_sector("sectors/aide-a-domicile");
  o.set_mrc("mrcs/" + BenchMrcs()[n % BenchMrcs().size()]);
  o.set_municipality(absl::StrCat("Ville ", n % 97));
  o.set_employees(n % 40);
  return o;
}

// The HTTP path of call `seq` and its gRPC twin.
struct Read {
  bool list = false;
  std::string parent;              // tenants/<slug>
  std::vector<std::string> names;  // tenants/<slug>/organisations/<id>

  std::string Path(uint64_t seq) const {
    if (list)
      return absl::StrCat("/v1/", parent, "/organisations?page_size=20");
    return absl::StrCat("/v1/", names[seq % names.size()]);
  }
};

// The closed loop over HTTP: `point.in_flight` threads, each with its own
// keep-alive connection, each starting its next request when the last one
// has answered. Counted as RunLoad counts (the warm-up's calls are not).
LoadResult RunHttpLoad(const LoadPoint& point, int port,
                       const std::string& bearer, const Read& read) {
  const auto start = Clock::now();
  const auto from =
      start + std::chrono::duration_cast<Clock::duration>(point.warmup);
  const auto to =
      from + std::chrono::duration_cast<Clock::duration>(point.duration);
  std::atomic<uint64_t> seq{0};
  std::atomic<int64_t> issued{0}, errors{0};
  std::mutex first_error_mu;
  std::string first_error;
  std::vector<std::vector<double>> latencies(point.in_flight);
  std::vector<std::thread> threads;
  threads.reserve(point.in_flight);
  for (int slot = 0; slot < point.in_flight; ++slot) {
    threads.emplace_back([&, slot] {
      httplib::Client client("127.0.0.1", port);
      client.set_keep_alive(true);
      client.set_tcp_nodelay(true);  // as browsers do
      client.set_read_timeout(kBenchCallTimeout);
      const httplib::Headers headers = {{"Authorization", bearer},
                                        {"Accept", "application/json"}};
      while (true) {
        const auto begin = Clock::now();
        if (begin >= to) break;
        auto res = client.Get(read.Path(seq.fetch_add(1)), headers);
        const auto end = Clock::now();
        issued.fetch_add(1);
        if (!res || res->status != 200) {
          errors.fetch_add(1);
          std::lock_guard<std::mutex> lock(first_error_mu);
          if (first_error.empty()) {
            first_error = res ? absl::StrCat("HTTP ", res->status, ": ",
                                             res->body.substr(0, 200))
                              : httplib::to_string(res.error());
          }
          continue;
        }
        if (begin >= from && end <= to) {
          latencies[slot].push_back(
              std::chrono::duration<double, std::milli>(end - begin).count());
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  LoadResult r;
  std::vector<double> all;
  for (auto& l : latencies) all.insert(all.end(), l.begin(), l.end());
  r.calls = static_cast<int64_t>(all.size());
  r.issued = issued.load();
  r.errors = errors.load();
  r.first_error = first_error;
  r.seconds = point.duration.count();
  r.rps = r.seconds > 0 ? r.calls / r.seconds : 0;
  r.p50_ms = Quantile(all, 0.50);
  r.p99_ms = Quantile(all, 0.99);
  return r;
}

CallerFactory GrpcCaller(const Read& read, const std::string& bearer) {
  if (read.list) {
    std::vector<v1::ListOrganisationsRequest> requests(1);
    requests.front().set_parent(read.parent);
    requests.front().set_page_size(20);
    return StubCaller<v1::DirectoriesService, v1::ListOrganisationsResponse>(
        std::make_shared<const std::vector<v1::ListOrganisationsRequest>>(
            std::move(requests)),
        bearer, [](auto* s, auto... a) { s->ListOrganisations(a...); });
  }
  std::vector<v1::GetOrganisationRequest> requests;
  requests.reserve(read.names.size());
  for (const auto& name : read.names) requests.emplace_back().set_name(name);
  return StubCaller<v1::DirectoriesService, v1::Organisation>(
      std::make_shared<const std::vector<v1::GetOrganisationRequest>>(
          std::move(requests)),
      bearer, [](auto* s, auto... a) { s->GetOrganisation(a...); });
}

// poles-gateway with its HTTP front door on a free loopback port; the port
// is read from its "gateway_started" line.
struct Gateway {
  std::unique_ptr<ChildProcess> process;
  int http_port = 0;
};

Gateway StartGateway(const std::string& binary, BenchServers& env,
                     const std::string& service_key) {
  const std::string key_file = env.dir() + "/service.key";
  {
    std::ofstream out(key_file);
    out << service_key << "\n";
  }
  auto http_port = std::make_shared<std::promise<int>>();
  auto told = std::make_shared<std::atomic<bool>>(false);
  std::future<int> port = http_port->get_future();
  auto observer = [http_port, told](const std::string& line) {
    if (line.find("gateway_started") == std::string::npos) return;
    const auto json = nlohmann::json::parse(line, nullptr, false);
    if (json.is_discarded() || !json.contains("http_port")) return;
    if (!told->exchange(true))
      http_port->set_value(json["http_port"].get<int>());
  };
  std::vector<std::string> argv = {binary,
                                   "--listen=127.0.0.1:0",
                                   "--server=" + env.server_address(),
                                   "--service-key-file=" + key_file,
                                   "--http-listen=127.0.0.1:0",
                                   "--log-level=info"};
  auto gateway = ChildProcess::Start("poles-gateway", argv, {},
                                     std::chrono::seconds(30), "", observer);
  ExitUnlessOk(gateway.status(), "poles-gateway");
  if (port.wait_for(std::chrono::seconds(5)) != std::future_status::ready) {
    Progress("poles-gateway: no http_port in its gateway_started line");
    std::exit(1);
  }
  return Gateway{std::move(*gateway), port.get()};
}

int Main(int argc, char** argv) {
  ConfigureServerProcess();
  SetBenchName("http_bench");
  std::vector<int> in_flight = {1, 16};
  int organisations = 200;
  std::string call = "get";
  int rounds = 3;
  double duration_s = 5, warmup_s = 1;
  int channels = 4;
  int pool_size = DefaultPoolSize();
  std::string server_binary = POLES_BENCH_SERVER_BINARY;
  std::string gateway_binary = POLES_BENCH_GATEWAY_BINARY;
  CLI::App app(
      "http_bench: a tenant read over HTTP/JSON through poles-gateway beside "
      "the same read over gRPC to poles-server");
  app.add_option("--in-flight", in_flight, "calls in flight (each a point)")
      ->capture_default_str();
  app.add_option("--organisations", organisations)->capture_default_str();
  app.add_option("--call", call, "get: GetOrganisation; list: a page of 20")
      ->check(CLI::IsMember({"get", "list"}))
      ->capture_default_str();
  app.add_option("--rounds", rounds)
      ->check(CLI::Range(1, 50))
      ->capture_default_str();
  app.add_option("--duration", duration_s, "seconds measured per round")
      ->capture_default_str();
  app.add_option("--warmup", warmup_s)->capture_default_str();
  app.add_option("--channels", channels, "gRPC channels (connections)")
      ->capture_default_str();
  app.add_option("--pool-size", pool_size)->capture_default_str();
  app.add_option("--server-binary", server_binary)->capture_default_str();
  app.add_option("--gateway-binary", gateway_binary)->capture_default_str();
  CLI11_PARSE(app, argc, argv);

  BenchServerOptions options;
  options.name = "http_bench";
  options.server_binary = server_binary;
  options.pool_size = pool_size;
  options.server_log_level = "warn";  // no access line per call
  auto servers = BenchServers::Start(options);
  ExitUnlessOk(servers.status(), "servers");
  BenchServers& env = **servers;
  auto admin = env.AdminKey();
  ExitUnlessOk(admin.status(), "admin key");
  const BenchTenant tenant =
      CreateBenchTenant(env.ServerChannel(), *admin, "mesure-http");
  Read read;
  read.list = call == "list";
  read.parent = "tenants/" + tenant.slug;
  {
    Progress(absl::StrCat("creating ", organisations, " organisations"));
    auto dir = v1::DirectoriesService::NewStub(env.ServerChannel());
    for (int n = 0; n < organisations; ++n) {
      v1::CreateOrganisationRequest r;
      r.set_parent(read.parent);
      *r.mutable_organisation() = NewOrganisation(n);
      v1::Organisation created;
      ExitUnlessOk(dir->CreateOrganisation(KeyContext(tenant.editor_key).get(),
                                           r, &created),
                   "create organisation");
      read.names.push_back(created.name());
    }
  }
  auto service = IssueKeyDirect(env.db().urls.owner_url, "service", "",
                                "http_bench gateway");
  ExitUnlessOk(service.status(), "service key");
  Gateway gateway = StartGateway(gateway_binary, env, *service);
  const std::string bearer = "Bearer " + tenant.viewer_key;
  const std::string load_before = LoadAverage();

  std::printf(
      "## http_bench: %s over HTTP/JSON (poles-gateway) and gRPC "
      "(poles-server)\n\n",
      read.list ? "ListOrganisations (a page of 20)" : "GetOrganisation");
  std::printf(
      "load average before: %s; %d rounds of %.0f s (+%.0f s warm-up) "
      "per target and point; poles-server pool %d\n\n",
      load_before.c_str(), rounds, duration_s, warmup_s, pool_size);
  std::printf(
      "| in flight | gRPC RPS | HTTP RPS | HTTP/gRPC RPS | gRPC p50 ms | "
      "HTTP p50 ms | HTTP/gRPC p50 | gRPC p99 ms | HTTP p99 ms |\n"
      "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
  bool errors = false;
  for (int n : in_flight) {
    LoadPoint point = PointOf(n, channels, warmup_s, duration_s);
    point.address = env.server_address();
    std::vector<double> grpc_rps, http_rps, grpc_p50, http_p50, grpc_p99,
        http_p99, rps_ratio, p50_ratio;
    for (int round = 1; round <= rounds; ++round) {
      Progress(
          absl::StrCat(n, " in flight, round ", round, "/", rounds, ": gRPC"));
      LoadResult g = RunLoad(point, GrpcCaller(read, bearer));
      Progress(
          absl::StrCat(n, " in flight, round ", round, "/", rounds, ": HTTP"));
      LoadResult h = RunHttpLoad(point, gateway.http_port, bearer, read);
      if (g.errors > 0 || h.errors > 0) {
        Progress(absl::StrCat("errors: gRPC ", g.errors, " (", g.first_error,
                              "), HTTP ", h.errors, " (", h.first_error, ")"));
        errors = true;
        break;
      }
      grpc_rps.push_back(g.rps);
      http_rps.push_back(h.rps);
      grpc_p50.push_back(g.p50_ms);
      http_p50.push_back(h.p50_ms);
      grpc_p99.push_back(g.p99_ms);
      http_p99.push_back(h.p99_ms);
      rps_ratio.push_back(h.rps / g.rps);
      p50_ratio.push_back(h.p50_ms / g.p50_ms);
    }
    if (errors) break;
    auto median = [](std::vector<double> v) { return Quantile(v, 0.5); };
    std::printf(
        "| %d | %.0f | %.0f | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f |\n", n,
        median(grpc_rps), median(http_rps), median(rps_ratio), median(grpc_p50),
        median(http_p50), median(p50_ratio), median(grpc_p99),
        median(http_p99));
    std::fflush(stdout);
  }
  std::printf(
      "\nload average after: %s. Ratios are medians of the per-round "
      "ratios; the target (issue 16): HTTP p50 within 1.3x gRPC's at "
      "16 in flight.\n",
      LoadAverage().c_str());
  return errors ? 1 : 0;
}

}  // namespace
}  // namespace poles::bench

int main(int argc, char** argv) { return poles::bench::Main(argc, argv); }
