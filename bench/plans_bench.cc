// plans_bench: the tenant-sealed GetPlanItem beside its ceiling.
//
// In one run, on one machine:
//   1. a private PostgreSQL 15 (the embedded launcher), migrated;
//   2. the real poles-server as a child process (so its RSS is its own),
//      with a tenant, a plan and an item created through the API;
//   3. the ceiling, in a child process too: a bare gRPC callback server whose
//      GetPlanItem runs the same prepared single-row SELECT of the same row
//      (no transaction, no tenant, no authentication; superuser so RLS does
//      not apply) on a worker pool of the same size;
//   4. a callback-API load generator: N calls in flight over M channels,
//      a warm-up, then a fixed duration per point, against each target in
//      turn at each N.
// It prints RPS, p50 and p99 per target and point, the sealed/ceiling
// ratios, and the server's RSS. Figures go to BENCHMARKS.md.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <CLI/CLI.hpp>
#include <grpcpp/grpcpp.h>
#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "poles/v1/admin.grpc.pb.h"
#include "poles/v1/plans.grpc.pb.h"
#include "server/bootstrap.h"
#include "server/poles_server.h"
#include "storage/embedded_postgres.h"
#include "storage/worker_pool.h"

namespace {

using Clock = std::chrono::steady_clock;

void Progress(const std::string& m) { std::fprintf(stderr, "plans_bench: %s\n", m.c_str()); }

[[noreturn]] void Die(const std::string& m) {
  std::fprintf(stderr, "plans_bench: %s\n", m.c_str());
  std::exit(1);
}

// ---- The ceiling: one prepared SELECT per call ---------------------------

class CeilingService final : public poles::v1::PlansService::CallbackService {
 public:
  CeilingService(const std::string& url, int pool_size)
      : pool_(url, pool_size, 100000) {}

  grpc::ServerUnaryReactor* GetPlanItem(grpc::CallbackServerContext* ctx,
                                        const poles::v1::GetPlanItemRequest* req,
                                        poles::v1::PlanItem* resp) override {
    auto* reactor = ctx->DefaultReactor();
    std::vector<std::string> ids = absl::StrSplit(req->name(), '/');
    pool_.Submit(std::chrono::system_clock::now() + std::chrono::seconds(30),
                 [reactor, resp, ids, name = req->name()](poles::storage::Session& s,
                                                          bool expired) {
                   if (expired || ids.size() != 6 || !s.EnsureConnected().ok()) {
                     reactor->Finish(grpc::Status(grpc::StatusCode::UNAVAILABLE, ""));
                     return;
                   }
                   try {
                     // The very statement GetPlanItem runs (prepared on
                     // connect as q_items_get), in one simple-protocol
                     // message like TenantRead's, without its transaction
                     // and tenant setting: RLS does not apply to the
                     // superuser this pool connects as.
                     pqxx::nontransaction n(s.connection());
                     pqxx::result r = n.exec(absl::StrCat(
                         "EXECUTE q_items_get(", s.Quote(ids[1]), ", ",
                         s.Quote(ids[3]), ", ", s.Quote(ids[5]), ")"));
                     if (r.empty()) {
                       reactor->Finish(grpc::Status(grpc::StatusCode::NOT_FOUND, name));
                       return;
                     }
                     resp->set_name(name);
                     resp->set_code(r[0][3].c_str());
                     resp->set_title(r[0][4].c_str());
                     reactor->Finish(grpc::Status::OK);
                   } catch (const std::exception& e) {
                     reactor->Finish(grpc::Status(grpc::StatusCode::INTERNAL, e.what()));
                   }
                 });
    return reactor;
  }

 private:
  poles::storage::WorkerPool pool_;
};

// ---- Load generator --------------------------------------------------------

// The latencies of one target at one point, over every round.
struct Samples {
  std::vector<int64_t> latencies_ns;
  double seconds = 0;
  long errors = 0;
};

struct Point {
  double rps = 0;
  double p50_ms = 0;
  double p99_ms = 0;
  long errors = 0;
};

Point Summarise(Samples s) {
  Point p;
  p.errors = s.errors;
  if (s.latencies_ns.empty()) return p;
  auto& all = s.latencies_ns;
  std::sort(all.begin(), all.end());
  p.rps = all.size() / s.seconds;
  p.p50_ms = all[all.size() / 2] / 1e6;
  p.p99_ms = all[std::min(all.size() - 1, all.size() * 99 / 100)] / 1e6;
  return p;
}

// Keeps `in_flight` GetPlanItem calls outstanding over `channels` channels
// for `warmup` then `duration`, adding the latencies after the warm-up to
// `out`.
void Load(const std::string& target, const std::string& key, const std::string& item,
          int in_flight, int channels, double warmup_s, double duration_s, Samples* out) {
  std::vector<std::unique_ptr<poles::v1::PlansService::Stub>> stubs;
  for (int i = 0; i < channels; ++i) {
    grpc::ChannelArguments args;
    args.SetInt("poles.bench.channel", i);  // distinct connections
    stubs.push_back(poles::v1::PlansService::NewStub(
        grpc::CreateCustomChannel(target, grpc::InsecureChannelCredentials(), args)));
  }
  const auto start = Clock::now();
  const auto measure_from = start + std::chrono::microseconds(static_cast<long>(warmup_s * 1e6));
  const auto stop_at = measure_from + std::chrono::microseconds(static_cast<long>(duration_s * 1e6));

  struct Slot {
    poles::v1::GetPlanItemRequest req;
    poles::v1::PlanItem resp;
    std::unique_ptr<grpc::ClientContext> ctx;
    Clock::time_point sent;
    std::vector<int64_t> latencies_ns;
    long errors = 0;
  };
  std::vector<Slot> slots(in_flight);
  std::mutex mu;
  std::condition_variable cv;
  int running = in_flight;

  std::function<void(int)> issue = [&](int i) {
    Slot& s = slots[i];
    s.ctx = std::make_unique<grpc::ClientContext>();
    s.ctx->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    if (!key.empty()) s.ctx->AddMetadata("authorization", "Bearer " + key);
    s.sent = Clock::now();
    stubs[i % channels]->async()->GetPlanItem(
        s.ctx.get(), &s.req, &s.resp, [&, i](grpc::Status st) {
          Slot& s = slots[i];
          auto now = Clock::now();
          if (s.sent >= measure_from && now <= stop_at) {
            if (st.ok()) {
              s.latencies_ns.push_back(
                  std::chrono::duration_cast<std::chrono::nanoseconds>(now - s.sent).count());
            } else if (s.errors++ == 0 && i == 0) {
              std::fprintf(stderr, "plans_bench: %s: error %d: %s\n", target.c_str(),
                           st.error_code(), st.error_message().c_str());
            }
          }
          if (now < stop_at) {
            issue(i);
          } else {
            std::lock_guard<std::mutex> lock(mu);
            if (--running == 0) cv.notify_all();
          }
        });
  };
  for (int i = 0; i < in_flight; ++i) {
    slots[i].req.set_name(item);
    issue(i);
  }
  {
    std::unique_lock<std::mutex> lock(mu);
    cv.wait(lock, [&] { return running == 0; });
  }
  for (auto& s : slots) {
    out->latencies_ns.insert(out->latencies_ns.end(), s.latencies_ns.begin(),
                             s.latencies_ns.end());
    out->errors += s.errors;
  }
  out->seconds += duration_s;
}

// ---- The real server, as a child process -----------------------------------

// A free local TCP port (the kernel's choice for port 0).
int FreePort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  if (fd < 0 || bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    Die("cannot find a free port");
  }
  int port = ntohs(addr.sin_port);
  close(fd);
  return port;
}

// Runs `argv` as a child process.
pid_t StartChild(const std::vector<std::string>& argv) {
  pid_t pid = fork();
  if (pid < 0) Die("fork failed");
  if (pid == 0) {
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execv(args[0], args.data());
    _exit(127);
  }
  return pid;
}

void StopChild(pid_t pid) {
  kill(pid, SIGTERM);
  int status = 0;
  waitpid(pid, &status, 0);
}

// --serve-ceiling: the ceiling server alone, until SIGTERM.
int ServeCeiling(int port, const std::string& url, int pool_size) {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  CeilingService ceiling(url, pool_size);
  grpc::ServerBuilder b;
  b.AddListeningPort(absl::StrCat("127.0.0.1:", port), grpc::InsecureServerCredentials());
  b.RegisterService(&ceiling);
  auto server = b.BuildAndStart();
  if (!server) return 1;
  int sig = 0;
  sigwait(&signals, &sig);
  server->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(2));
  return 0;
}

// "VmRSS" or "VmHWM" of `pid`, in KiB.
long ProcKib(pid_t pid, const std::string& field) {
  std::ifstream in(absl::StrCat("/proc/", pid, "/status"));
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(field + ":", 0) == 0) return std::atol(line.c_str() + field.size() + 1);
  }
  return -1;
}

std::unique_ptr<grpc::ClientContext> Ctx(const std::string& key) {
  auto c = std::make_unique<grpc::ClientContext>();
  c->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
  c->AddMetadata("authorization", "Bearer " + key);
  return c;
}

}  // namespace

int main(int argc, char** argv) {
  double duration = 5, warmup = 1;
  int rounds = 3;
  std::vector<int> in_flights = {1, 16, 64};
  int channels = 4, pool_size = 8;
  std::string server_binary = POLES_SERVER_BINARY;
  int ceiling_port = 0;
  std::string ceiling_url;
  CLI::App app{"plans_bench: tenant-sealed GetPlanItem beside a bare prepared SELECT"};
  app.add_option("--duration", duration, "seconds measured per round")->capture_default_str();
  app.add_option("--warmup", warmup, "seconds of warm-up per point")->capture_default_str();
  app.add_option("--rounds", rounds, "alternating rounds per point")
      ->capture_default_str()->check(CLI::Range(1, 100));
  app.add_option("--in-flight", in_flights, "calls in flight, one point each")
      ->delimiter(',')->capture_default_str();
  app.add_option("--channels", channels, "client channels (connections)")->capture_default_str();
  app.add_option("--pool-size", pool_size, "database workers of both servers")->capture_default_str();
  app.add_option("--server-binary", server_binary, "poles-server to measure")->capture_default_str();
  auto* serve = app.add_option("--serve-ceiling", ceiling_port,
                               "internal: run the ceiling server on this port");
  app.add_option("--ceiling-url", ceiling_url, "internal: the ceiling's database")
      ->needs(serve);
  CLI11_PARSE(app, argc, argv);
  if (*serve) return ServeCeiling(ceiling_port, ceiling_url, pool_size);
  // Links the server library's services, whose statement registrations make
  // every Session prepare q_items_get on connect, the ceiling's included.
  auto* volatile link_services = &poles::PolesServer::Start;
  (void)link_services;

  char tmpl[] = "/tmp/poles-bench-XXXXXX";
  if (mkdtemp(tmpl) == nullptr) Die("mkdtemp failed");
  const std::string dir = tmpl;
  Progress("starting PostgreSQL 15 in " + dir);
  poles::DatabaseChoice choice;
  choice.data_dir = dir;
  choice.unsafe_fast = true;  // fsync off: a throwaway benchmark cluster
  auto db = poles::PrepareDatabase(choice);
  if (!db.ok()) Die(std::string(db.status().message()));
  const std::string super_url = db->embedded->SuperuserUrl("poles");
  auto admin_key = poles::IssueKeyDirect(db->urls.owner_url, "admin", "", "bench");
  if (!admin_key.ok()) Die(std::string(admin_key.status().message()));

  const int port = FreePort();
  Progress(absl::StrCat("starting poles-server (pool ", pool_size, ") on port ", port));
  pid_t server = StartChild({server_binary, absl::StrCat("--listen=127.0.0.1:", port),
                             "--database-url=" + db->urls.app_url,
                             absl::StrCat("--pool-size=", pool_size),
                             "--page-token-secret=" + std::string(32, 'b')});
  const std::string sealed_target = absl::StrCat("127.0.0.1:", port);
  auto channel = grpc::CreateChannel(sealed_target, grpc::InsecureChannelCredentials());
  if (!channel->WaitForConnected(std::chrono::system_clock::now() + std::chrono::seconds(30))) {
    StopChild(server);
    Die("poles-server did not come up");
  }

  // A tenant, its editor key, a plan and an item, through the API.
  auto admin = poles::v1::AdminService::NewStub(channel);
  poles::v1::CreateTenantRequest ct;
  ct.mutable_tenant()->set_name("tenants/bench");
  ct.mutable_tenant()->set_display_name("Pôle de mesure");
  ct.mutable_tenant()->add_mrcs("mrcs/becancour");
  poles::v1::Tenant tenant;
  if (auto s = admin->CreateTenant(Ctx(*admin_key).get(), ct, &tenant); !s.ok()) Die(s.error_message());
  poles::v1::CreateApiKeyRequest ck;
  ck.set_parent("tenants/bench");
  ck.mutable_api_key()->set_role(poles::v1::ROLE_VIEWER);
  poles::v1::CreateApiKeyResponse viewer;
  if (auto s = admin->CreateApiKey(Ctx(*admin_key).get(), ck, &viewer); !s.ok()) Die(s.error_message());
  ck.mutable_api_key()->set_role(poles::v1::ROLE_EDITOR);
  poles::v1::CreateApiKeyResponse editor;
  if (auto s = admin->CreateApiKey(Ctx(*admin_key).get(), ck, &editor); !s.ok()) Die(s.error_message());
  auto plans = poles::v1::PlansService::NewStub(channel);
  poles::v1::CreatePlanRequest cp;
  cp.set_parent("tenants/bench");
  cp.set_plan_id("plan");
  cp.mutable_plan()->set_title("Plan d'action 2018-2019");
  cp.mutable_plan()->set_start_fiscal_year("2018-2019");
  cp.mutable_plan()->set_end_fiscal_year("2018-2019");
  poles::v1::Plan plan;
  if (auto s = plans->CreatePlan(Ctx(editor.key()).get(), cp, &plan); !s.ok()) Die(s.error_message());
  poles::v1::CreatePlanItemRequest ci;
  ci.set_parent(plan.name());
  ci.set_item_id("1-2-2");
  ci.mutable_item()->set_kind(poles::v1::PlanItem::ACTION);
  ci.mutable_item()->set_code("1.2.2");
  ci.mutable_item()->set_title("Organiser des déjeuners-conférences");
  ci.mutable_item()->add_moyens("Inviter les entreprises membres");
  ci.mutable_item()->add_responsables("Coordination");
  poles::v1::PlanItem item;
  if (auto s = plans->CreatePlanItem(Ctx(editor.key()).get(), ci, &item); !s.ok()) Die(s.error_message());

  // The ceiling, in its own process like the server.
  ceiling_port = FreePort();
  pid_t ceiling = StartChild({"/proc/self/exe", absl::StrCat("--serve-ceiling=", ceiling_port),
                              "--ceiling-url=" + super_url,
                              absl::StrCat("--pool-size=", pool_size)});
  const std::string ceiling_target = absl::StrCat("127.0.0.1:", ceiling_port);
  if (!grpc::CreateChannel(ceiling_target, grpc::InsecureChannelCredentials())
           ->WaitForConnected(std::chrono::system_clock::now() + std::chrono::seconds(30))) {
    StopChild(server);
    StopChild(ceiling);
    Die("the ceiling server did not come up");
  }

  std::printf("| in flight | target | RPS | p50 ms | p99 ms | errors |\n");
  std::printf("| ---: | --- | ---: | ---: | ---: | ---: |\n");
  std::vector<std::pair<Point, Point>> points;
  for (int n : in_flights) {
    // Rounds alternate the two targets, so a change in the machine's other
    // load falls on both alike.
    Samples cs, ss;
    for (int round = 1; round <= rounds; ++round) {
      Progress(absl::StrCat(n, " in flight, round ", round, "/", rounds, ": ceiling"));
      Load(ceiling_target, "", item.name(), n, channels, warmup, duration, &cs);
      Progress(absl::StrCat(n, " in flight, round ", round, "/", rounds,
                            ": tenant-sealed GetPlanItem"));
      Load(sealed_target, viewer.key(), item.name(), n, channels, warmup, duration, &ss);
    }
    Point c = Summarise(std::move(cs)), s = Summarise(std::move(ss));
    std::printf("| %d | ceiling (prepared SELECT) | %.0f | %.2f | %.2f | %ld |\n", n, c.rps,
                c.p50_ms, c.p99_ms, c.errors);
    std::printf("| %d | tenant-sealed GetPlanItem | %.0f | %.2f | %.2f | %ld |\n", n, s.rps,
                s.p50_ms, s.p99_ms, s.errors);
    std::fflush(stdout);
    points.emplace_back(c, s);
  }
  std::printf("\n| in flight | sealed / ceiling RPS | sealed p99 / ceiling p99 |\n");
  std::printf("| ---: | ---: | ---: |\n");
  for (size_t i = 0; i < points.size(); ++i) {
    const auto& [c, s] = points[i];
    std::printf("| %d | %.0f%% | %.2f× |\n", in_flights[i], c.rps > 0 ? 100 * s.rps / c.rps : 0,
                c.p99_ms > 0 ? s.p99_ms / c.p99_ms : 0);
  }
  std::printf("\npoles-server RSS: %.1f MiB now, %.1f MiB peak (pool %d)\n",
              ProcKib(server, "VmRSS") / 1024.0, ProcKib(server, "VmHWM") / 1024.0, pool_size);

  StopChild(ceiling);
  StopChild(server);
  db->embedded.reset();
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
  return 0;
}
