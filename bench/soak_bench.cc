// soak_bench: poles-server under a steady mixed load for a long time
// (issue 15): --duration seconds (10 minutes by default) at --in-flight
// calls (64), reads and writes across --tenants tenants — organisations
// created (with a request id), updated with their etag, read, listed;
// events created and listed; the directories and events summaries and the
// distribution — and, every --import-every seconds, a CSV import of
// organisations (ImportOrganisations, a client stream) from a thread of its
// own. The data stays bounded: once a tenant holds --max-per-tenant
// organisations (or events) its calls created, a create becomes a delete
// (with the etag) of one of them, so that what grows in the server is what
// the calls leave behind, not the size of the tenants' data (0: no bound,
// every create creates). Every second it samples poles-server's resident memory
// (/proc/PID/status VmRSS), its open descriptors (/proc/PID/fd) and
// threads into a CSV file (--csv).
//
// Prints a Markdown report: the calls and their errors by code, the memory
// and descriptors at the end of the warm-up against the end, and a table
// per minute. Exits 1 if any call failed, if the resident memory grew by
// more than --max-rss-growth-percent from the end of the warm-up to the
// end, or the descriptors by more than --max-fd-growth. Not a test (it
// runs for minutes): BENCHMARKS.md says how to run it.
#include <dirent.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include <CLI/CLI.hpp>
#include <google/protobuf/empty.pb.h>
#include <grpcpp/grpcpp.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "bench/bench_setup.h"
#include "cli/organisation_import.h"
#include "poles/v1/directories.grpc.pb.h"
#include "poles/v1/events.grpc.pb.h"
#include "server/poles_server.h"
#include "services/common/process.h"

namespace poles::bench {
namespace {

using Clock = std::chrono::steady_clock;

// The kinds of call, in the order of the report.
enum Op {
  kCreateOrganisation,
  kUpdateOrganisation,
  kGetOrganisation,
  kListOrganisations,
  kSummarizeDirectories,
  kDistribution,
  kCreateEvent,
  kListEvents,
  kSummarizeEvents,
  kImportOrganisations,
  kDeleteOrganisation,
  kDeleteEvent,
  kOpCount
};
const char* OpName(int op) {
  static const char* kNames[] = {"CreateOrganisation",
                                 "UpdateOrganisation (etag)",
                                 "GetOrganisation",
                                 "ListOrganisations",
                                 "SummarizeDirectories",
                                 "GetDirectoryDistribution",
                                 "CreateEvent",
                                 "ListEvents",
                                 "SummarizeEvents",
                                 "ImportOrganisations (stream)",
                                 "DeleteOrganisation (etag)",
                                 "DeleteEvent (etag)"};
  return kNames[op];
}

// The mix of the closed-loop calls: out of 20, the count of each kind.
constexpr std::array<Op, 20> kMix = {
    kCreateOrganisation, kUpdateOrganisation, kGetOrganisation,
    kListOrganisations,  kCreateEvent,        kListEvents,
    kUpdateOrganisation, kGetOrganisation,    kListOrganisations,
    kSummarizeEvents,    kCreateOrganisation, kUpdateOrganisation,
    kGetOrganisation,    kListOrganisations,  kSummarizeDirectories,
    kCreateEvent,        kListEvents,         kListOrganisations,
    kDistribution,       kSummarizeEvents};

// The outcome of every call, by kind and gRPC code. Thread-safe.
class Outcomes {
 public:
  void Record(int op, const grpc::Status& s) {
    counts_[op][static_cast<int>(s.error_code())].fetch_add(
        1, std::memory_order_relaxed);
    total_.fetch_add(1, std::memory_order_relaxed);
    if (!s.ok()) {
      errors_.fetch_add(1, std::memory_order_relaxed);
      std::lock_guard<std::mutex> lock(mu_);
      if (first_errors_[op].empty()) {
        first_errors_[op] =
            absl::StrCat(s.error_code(), " ", s.error_message());
        // At once, not only in the report: a soak runs for minutes.
        Progress(absl::StrCat("first error of ", OpName(op), ": ",
                              first_errors_[op]));
      }
    }
  }
  int64_t Count(int op, int code) const { return counts_[op][code].load(); }
  int64_t total() const { return total_.load(); }
  int64_t errors() const { return errors_.load(); }
  std::string FirstError(int op) {
    std::lock_guard<std::mutex> lock(mu_);
    return first_errors_[op];
  }

 private:
  std::array<std::array<std::atomic<int64_t>, 17>, kOpCount> counts_{};
  std::atomic<int64_t> total_{0}, errors_{0};
  std::mutex mu_;
  std::array<std::string, kOpCount> first_errors_;
};

// The organisations (or events) a tenant's calls created, with their
// current etags. A call that reads, updates or deletes one checks it out
// (so no two calls race on one etag, and none reads what another deletes:
// a stale etag or a NOT_FOUND would be the bench's mistake, not the
// server's) and gives it back with the etag of its answer, or drops it
// once deleted. Thread-safe.
class ResourcePool {
 public:
  void Add(const std::string& name, const std::string& etag) {
    std::lock_guard<std::mutex> lock(mu_);
    idle_.emplace_back(name, etag);
    ++size_;
  }
  // A deleted one, checked out before.
  void Drop() {
    std::lock_guard<std::mutex> lock(mu_);
    --size_;
  }
  // The resources that exist, checked out or not.
  int64_t Size() {
    std::lock_guard<std::mutex> lock(mu_);
    return size_;
  }
  bool Checkout(uint64_t pick, std::string* name, std::string* etag) {
    std::lock_guard<std::mutex> lock(mu_);
    if (idle_.empty()) return false;
    const size_t i = pick % idle_.size();
    *name = idle_[i].first;
    *etag = idle_[i].second;
    idle_[i] = idle_.back();
    idle_.pop_back();
    return true;
  }
  void GiveBack(const std::string& name, const std::string& etag) {
    std::lock_guard<std::mutex> lock(mu_);
    idle_.emplace_back(name, etag);
  }

 private:
  std::mutex mu_;
  std::vector<std::pair<std::string, std::string>> idle_;
  int64_t size_ = 0;
};

struct SoakTenant {
  BenchTenant keys;
  std::string parent;
  ResourcePool organisations;
  ResourcePool events;
};

// What every call shares.
struct Shared {
  std::vector<std::unique_ptr<SoakTenant>> tenants;
  Outcomes outcomes;
  std::atomic<uint64_t> next{0};  // the calls' common sequence
  std::string fiscal_year = "2017-2018";
  int64_t max_per_tenant = 0;  // 0: no bound
  int64_t event_start = 0;     // the first event's start (within fiscal_year)
};

// One call's client state, freed before its completion is reported.
template <typename Response>
struct Call {
  grpc::ClientContext ctx;
  Response response;
};

template <typename Response>
std::shared_ptr<Call<Response>> NewCall(const std::string& key) {
  auto call = std::make_shared<Call<Response>>();
  call->ctx.set_deadline(std::chrono::system_clock::now() + kBenchCallTimeout);
  call->ctx.AddMetadata("authorization", "Bearer " + key);
  return call;
}

v1::Organisation NewOrganisation(uint64_t n) {
  v1::Organisation o;
  o.set_display_name(absl::StrCat("Coopérative solidaire d'endurance ", n));
  o.set_kind(v1::Organisation::ENTERPRISE);
  o.set_legal_form(n % 2 == 0 ? v1::Organisation::COOPERATIVE
                              : v1::Organisation::OBNL);
  o.set_sector("sectors/aide-a-domicile");
  o.set_mrc("mrcs/" + BenchMrcs()[n % BenchMrcs().size()]);
  o.set_municipality(absl::StrCat("Ville ", n % 97));
  o.set_employees(static_cast<int>(n % 40));
  return o;
}

// The closed loop's calls on one channel: each takes the next number of
// the common sequence, which gives its tenant and its kind (kMix).
StartCall MixedCaller(const std::shared_ptr<grpc::Channel>& channel,
                      std::shared_ptr<Shared> shared) {
  std::shared_ptr<v1::DirectoriesService::Stub> dir =
      v1::DirectoriesService::NewStub(channel);
  std::shared_ptr<v1::EventsService::Stub> events =
      v1::EventsService::NewStub(channel);
  return [dir, events, shared](
             uint64_t, const std::function<void(const grpc::Status&)>& done) {
    const uint64_t n = shared->next.fetch_add(1);
    const size_t tenant_count = shared->tenants.size();
    SoakTenant& t = *shared->tenants[n % tenant_count];
    Op op = kMix[(n / tenant_count) % kMix.size()];
    auto finish = [shared, done](int op, const grpc::Status& s) {
      shared->outcomes.Record(op, s);
      done(s);
    };
    const int64_t bound = shared->max_per_tenant;
    if (op == kCreateOrganisation && bound > 0 &&
        t.organisations.Size() >= bound) {
      op = kDeleteOrganisation;
    }
    if (op == kCreateEvent && bound > 0 && t.events.Size() >= bound) {
      op = kDeleteEvent;
    }
    std::string name, etag;
    if ((op == kUpdateOrganisation || op == kDeleteOrganisation) &&
        !t.organisations.Checkout(n / 7, &name, &etag)) {
      op = kCreateOrganisation;  // none idle yet
    }
    if (op == kGetOrganisation &&
        !t.organisations.Checkout(n / 3, &name, &etag)) {
      op = kListOrganisations;
    }
    if (op == kDeleteEvent && !t.events.Checkout(n / 5, &name, &etag)) {
      op = kListEvents;
    }
    switch (op) {
      case kCreateOrganisation: {
        auto call = NewCall<v1::Organisation>(t.keys.editor_key);
        v1::CreateOrganisationRequest r;
        r.set_parent(t.parent);
        *r.mutable_organisation() = NewOrganisation(n);
        r.set_request_id(absl::StrCat("soak-", n));
        dir->async()->CreateOrganisation(
            &call->ctx, &r, &call->response,
            [call, &t, finish](const grpc::Status& s) mutable {
              if (s.ok()) {
                t.organisations.Add(call->response.name(),
                                    call->response.etag());
              }
              call.reset();
              finish(kCreateOrganisation, s);
            });
        return;
      }
      case kUpdateOrganisation: {
        auto call = NewCall<v1::Organisation>(t.keys.editor_key);
        v1::UpdateOrganisationRequest r;
        r.mutable_organisation()->set_name(name);
        r.mutable_organisation()->set_etag(etag);
        r.mutable_organisation()->set_employees(static_cast<int>(n % 500));
        r.mutable_organisation()->set_municipality(
            absl::StrCat("Ville ", n % 89));
        r.mutable_update_mask()->add_paths("employees");
        r.mutable_update_mask()->add_paths("municipality");
        dir->async()->UpdateOrganisation(
            &call->ctx, &r, &call->response,
            [call, &t, name, etag, finish](const grpc::Status& s) mutable {
              // A failed update leaves the etag as it was.
              t.organisations.GiveBack(name,
                                       s.ok() ? call->response.etag() : etag);
              call.reset();
              finish(kUpdateOrganisation, s);
            });
        return;
      }
      case kGetOrganisation: {
        auto call = NewCall<v1::Organisation>(t.keys.viewer_key);
        v1::GetOrganisationRequest r;
        r.set_name(name);
        dir->async()->GetOrganisation(
            &call->ctx, &r, &call->response,
            [call, &t, name, etag, finish](const grpc::Status& s) mutable {
              t.organisations.GiveBack(name, etag);
              call.reset();
              finish(kGetOrganisation, s);
            });
        return;
      }
      case kDeleteOrganisation: {
        auto call = NewCall<google::protobuf::Empty>(t.keys.editor_key);
        v1::DeleteOrganisationRequest r;
        r.set_name(name);
        r.set_etag(etag);
        dir->async()->DeleteOrganisation(
            &call->ctx, &r, &call->response,
            [call, &t, name, etag, finish](const grpc::Status& s) mutable {
              if (s.ok()) {
                t.organisations.Drop();
              } else {
                t.organisations.GiveBack(name, etag);
              }
              call.reset();
              finish(kDeleteOrganisation, s);
            });
        return;
      }
      case kDeleteEvent: {
        auto call = NewCall<google::protobuf::Empty>(t.keys.editor_key);
        v1::DeleteEventRequest r;
        r.set_name(name);
        r.set_etag(etag);
        events->async()->DeleteEvent(
            &call->ctx, &r, &call->response,
            [call, &t, name, etag, finish](const grpc::Status& s) mutable {
              if (s.ok()) {
                t.events.Drop();
              } else {
                t.events.GiveBack(name, etag);
              }
              call.reset();
              finish(kDeleteEvent, s);
            });
        return;
      }
      case kListOrganisations: {
        auto call = NewCall<v1::ListOrganisationsResponse>(t.keys.viewer_key);
        v1::ListOrganisationsRequest r;
        r.set_parent(t.parent);
        r.set_page_size(50);
        switch (n % 3) {
          case 0:
            r.set_query("solidaire");
            break;
          case 1:
            r.set_mrc("mrcs/" + BenchMrcs()[n % BenchMrcs().size()]);
            break;
          default:
            break;
        }
        dir->async()->ListOrganisations(
            &call->ctx, &r, &call->response,
            [call, finish](const grpc::Status& s) mutable {
              call.reset();
              finish(kListOrganisations, s);
            });
        return;
      }
      case kSummarizeDirectories: {
        auto call = NewCall<v1::IndicatorSummary>(t.keys.viewer_key);
        v1::SummarizeRequest r;
        r.set_parent(t.parent);
        r.set_fiscal_year(shared->fiscal_year);
        if (n % 2 == 0) r.add_dimensions("mrc");
        dir->async()->SummarizeDirectories(
            &call->ctx, &r, &call->response,
            [call, finish](const grpc::Status& s) mutable {
              call.reset();
              finish(kSummarizeDirectories, s);
            });
        return;
      }
      case kDistribution: {
        auto call = NewCall<v1::DirectoryDistribution>(t.keys.viewer_key);
        v1::GetDirectoryDistributionRequest r;
        r.set_parent(t.parent);
        dir->async()->GetDirectoryDistribution(
            &call->ctx, &r, &call->response,
            [call, finish](const grpc::Status& s) mutable {
              call.reset();
              finish(kDistribution, s);
            });
        return;
      }
      case kCreateEvent: {
        auto call = NewCall<v1::Event>(t.keys.editor_key);
        v1::CreateEventRequest r;
        r.set_parent(t.parent);
        v1::Event* e = r.mutable_event();
        e->set_title(absl::StrCat("Séance d'information ", n));
        e->set_kind(n % 2 == 0 ? v1::Event::TRAINING : v1::Event::NETWORKING);
        e->set_organised(true);
        // Spread over the fiscal year, an hour apart.
        const int64_t start =
            shared->event_start + static_cast<int64_t>(n % 8000) * 3600;
        e->mutable_start_time()->set_seconds(start);
        e->mutable_end_time()->set_seconds(start + 7200);
        e->set_mrc("mrcs/" + BenchMrcs()[n % BenchMrcs().size()]);
        e->mutable_participants()->set_total(static_cast<int>(n % 60));
        r.set_request_id(absl::StrCat("soak-event-", n));
        events->async()->CreateEvent(
            &call->ctx, &r, &call->response,
            [call, &t, finish](const grpc::Status& s) mutable {
              if (s.ok()) {
                t.events.Add(call->response.name(), call->response.etag());
              }
              call.reset();
              finish(kCreateEvent, s);
            });
        return;
      }
      case kListEvents: {
        auto call = NewCall<v1::ListEventsResponse>(t.keys.viewer_key);
        v1::ListEventsRequest r;
        r.set_parent(t.parent);
        r.set_page_size(50);
        if (n % 2 == 0) r.set_fiscal_year(shared->fiscal_year);
        events->async()->ListEvents(
            &call->ctx, &r, &call->response,
            [call, finish](const grpc::Status& s) mutable {
              call.reset();
              finish(kListEvents, s);
            });
        return;
      }
      case kSummarizeEvents: {
        auto call = NewCall<v1::IndicatorSummary>(t.keys.viewer_key);
        v1::SummarizeRequest r;
        r.set_parent(t.parent);
        r.set_fiscal_year(shared->fiscal_year);
        if (n % 2 == 0) r.add_dimensions("event_kind");
        events->async()->SummarizeEvents(
            &call->ctx, &r, &call->response,
            [call, finish](const grpc::Status& s) mutable {
              call.reset();
              finish(kSummarizeEvents, s);
            });
        return;
      }
      default:
        finish(op, grpc::Status(grpc::StatusCode::INTERNAL, "no such call"));
    }
  };
}

// An organisations CSV of `rows` rows with NEQs from `first_neq`; `variant`
// changes the employees, so that importing the other variant updates them.
void WriteImportCsv(const std::string& path, int rows, long first_neq,
                    int variant) {
  std::ofstream out(path);
  out << "nom,neq,forme_juridique,secteur,mrc,municipalite,employes\r\n";
  for (int i = 0; i < rows; ++i) {
    out << "Atelier importé numéro " << i << "," << (first_neq + i) << ","
        << (i % 3 == 0 ? "Coopérative" : "OBNL") << ",Aide à domicile,"
        << BenchMrcs()[i % BenchMrcs().size()] << ",Ville " << i % 97 << ","
        << (i + variant) % 40 << "\r\n";
  }
}

// One sample of poles-server.
struct Sample {
  double t = 0;  // seconds since the load started
  long rss_kib = 0;
  int fds = 0;
  int threads = 0;
  int64_t calls = 0;  // completed since the load started
  int64_t errors = 0;
};

int CountFds(pid_t pid) {
  DIR* d = opendir(absl::StrCat("/proc/", pid, "/fd").c_str());
  if (d == nullptr) return -1;
  int n = 0;
  while (dirent* e = readdir(d)) {
    if (e->d_name[0] != '.') ++n;
  }
  closedir(d);
  return n;
}

int CountThreads(pid_t pid) {
  std::ifstream in(absl::StrCat("/proc/", pid, "/status"));
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("Threads:", 0) == 0) return std::atoi(line.c_str() + 8);
  }
  return -1;
}

double Mib(long kib) { return kib / 1024.0; }

int Main(int argc, char** argv) {
  ConfigureServerProcess();  // the load generator is as lean as the server
  SetBenchName("soak_bench");
  double duration_s = 600, warmup_s = 60, import_every_s = 20;
  int in_flight = 64, channels = 4, tenants = 4, import_rows = 300;
  int64_t max_per_tenant = 1000;
  int pool_size = DefaultPoolSize();
  double max_rss_growth_percent = 10;
  int max_fd_growth = 8;
  std::string csv_path = "soak_samples.csv";
  std::string server_log_level = "info";
  std::string server_binary = POLES_BENCH_SERVER_BINARY;
  CLI::App app{"soak_bench: poles-server under a mixed load for minutes"};
  app.add_option("--duration", duration_s,
                 "seconds of load, the warm-up included")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  app.add_option("--warmup", warmup_s,
                 "seconds before the reference sample (memory and "
                 "descriptors are compared with their value then)")
      ->capture_default_str();
  app.add_option("--in-flight", in_flight)->capture_default_str();
  app.add_option("--channels", channels)->capture_default_str();
  app.add_option("--tenants", tenants)
      ->capture_default_str()
      ->check(CLI::Range(1, 50));
  app.add_option("--import-every", import_every_s,
                 "seconds between two organisation imports (0: none)")
      ->capture_default_str();
  app.add_option("--import-rows", import_rows)->capture_default_str();
  app.add_option("--max-per-tenant", max_per_tenant,
                 "organisations (and events) a tenant's calls keep at most: "
                 "past it a create becomes a delete (0: no bound)")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  app.add_option("--pool-size", pool_size)->capture_default_str();
  app.add_option("--csv", csv_path, "where the samples go")
      ->capture_default_str();
  app.add_option("--max-rss-growth-percent", max_rss_growth_percent,
                 "fail if VmRSS at the end exceeds its value at the end of "
                 "the warm-up by more")
      ->capture_default_str();
  app.add_option("--max-fd-growth", max_fd_growth,
                 "fail if the open descriptors at the end exceed their count "
                 "at the end of the warm-up by more")
      ->capture_default_str();
  app.add_option("--server-log-level", server_log_level)->capture_default_str();
  std::vector<std::string> server_args;
  app.add_option("--server-arg", server_args,
                 "a further poles-server flag (repeatable), e.g. "
                 "--server-arg=--tenant-wait-ms=10000");
  CLI11_PARSE(app, argc, argv);
  if (warmup_s >= duration_s) {
    Progress("--warmup must be shorter than --duration");
    return 2;
  }

  BenchServerOptions options;
  options.name = "soak_bench";
  options.server_binary = server_binary;
  options.pool_size = pool_size;
  options.server_log_level = server_log_level;
  options.server_args = server_args;
  auto servers = BenchServers::Start(options);
  ExitUnlessOk(servers.status(), "servers");
  BenchServers& env = **servers;
  const pid_t server_pid = env.server().pid();
  auto admin_key = env.AdminKey();
  ExitUnlessOk(admin_key.status(), "admin key");
  auto channel = env.ServerChannel();
  const std::string load_before = LoadAverage();

  auto shared = std::make_shared<Shared>();
  for (int i = 0; i < tenants; ++i) {
    auto t = std::make_unique<SoakTenant>();
    t->keys = CreateBenchTenant(channel, *admin_key, absl::StrCat("soak-", i));
    t->parent = "tenants/" + t->keys.slug;
    shared->tenants.push_back(std::move(t));
  }
  shared->max_per_tenant = max_per_tenant;
  shared->event_start = 1491019200;  // 2017-04-01 00:00 in Montréal (EDT)

  // The import files, two variants of the same organisations.
  const std::string csv_a = env.dir() + "/import-a.csv";
  const std::string csv_b = env.dir() + "/import-b.csv";
  WriteImportCsv(csv_a, import_rows, 3000000000L, 0);
  WriteImportCsv(csv_b, import_rows, 3000000000L, 7);

  const std::string data_bound =
      max_per_tenant > 0 ? absl::StrCat("at most ", max_per_tenant,
                                        " organisations and events a tenant")
                         : "no bound on the data (every create creates)";
  std::printf(
      "machine: %u cores; load average before: %s; %d tenants, %d in flight "
      "over %d channels, pool of %d, %.0f s (warm-up %.0f s), an import of "
      "%d rows every %.0f s; %s\n",
      std::thread::hardware_concurrency(), load_before.c_str(), tenants,
      in_flight, channels, pool_size, duration_s, warmup_s, import_rows,
      import_every_s, data_bound.c_str());
  for (const auto& a : server_args)
    std::printf("poles-server flag: %s\n", a.c_str());
  std::printf("\n");
  std::fflush(stdout);

  std::atomic<bool> stop{false};
  const Clock::time_point t0 = Clock::now();
  std::vector<Sample> samples;
  std::mutex samples_mu;
  std::thread sampler([&] {
    std::ofstream csv(csv_path);
    csv << "seconds,rss_kib,open_fds,threads,calls,errors\n";
    for (int i = 0; !stop.load(); ++i) {
      std::this_thread::sleep_until(t0 + std::chrono::seconds(i));
      Sample s;
      s.t = std::chrono::duration<double>(Clock::now() - t0).count();
      auto mem = ReadProcessMemory(server_pid);
      s.rss_kib = mem.ok() ? mem->rss_kib : -1;
      s.fds = CountFds(server_pid);
      s.threads = CountThreads(server_pid);
      s.calls = shared->outcomes.total();
      s.errors = shared->outcomes.errors();
      csv << absl::StrFormat("%.1f,%d,%d,%d,%d,%d\n", s.t, s.rss_kib, s.fds,
                             s.threads, s.calls, s.errors);
      csv.flush();
      std::lock_guard<std::mutex> lock(samples_mu);
      samples.push_back(s);
      if (i % 60 == 0) {
        Progress(absl::StrFormat(
            "%.0f s: %d calls, %d errors, VmRSS %.1f MiB, %d fds, %d threads",
            s.t, s.calls, s.errors, Mib(s.rss_kib), s.fds, s.threads));
      }
    }
  });
  std::thread importer([&] {
    if (import_every_s <= 0) return;
    for (int i = 0;; ++i) {
      const auto at =
          t0 + std::chrono::duration_cast<Clock::duration>(
                   std::chrono::duration<double>(import_every_s * (i + 0.5)));
      while (Clock::now() < at && !stop.load()) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
      }
      if (stop.load() ||
          std::chrono::duration<double>(Clock::now() - t0).count() >=
              duration_s) {
        return;
      }
      const SoakTenant& t = *shared->tenants[i % shared->tenants.size()];
      cli::OrganisationImportOptions o;
      o.tenant = t.keys.slug;
      std::vector<cli::ImportProblem> problems;
      auto summary = cli::ImportOrganisationsCsv(
          channel, t.keys.editor_key, (i / tenants) % 2 == 0 ? csv_a : csv_b, o,
          &problems);
      grpc::Status s;
      if (!summary.ok()) {
        s = grpc::Status(
            static_cast<grpc::StatusCode>(summary.status().code()),
            std::string(summary.status().message()) +
                (problems.empty() ? "" : ": " + problems[0].description));
      }
      shared->outcomes.Record(kImportOrganisations, s);
    }
  });

  LoadPoint point =
      PointOf(in_flight, channels, warmup_s, duration_s - warmup_s);
  point.address = env.server_address();
  LoadResult load = RunLoad(
      point, [shared](const auto& ch) { return MixedCaller(ch, shared); });
  importer.join();
  stop.store(true);
  sampler.join();
  const double elapsed =
      std::chrono::duration<double>(Clock::now() - t0).count();
  const std::string load_after = LoadAverage();
  auto final_mem = ReadProcessMemory(server_pid);

  // ---- The report ----------------------------------------------------------
  std::printf(
      "### Calls\n\n| call | OK | errors (code: count) |\n"
      "| --- | ---: | --- |\n");
  int64_t total = 0, errors = 0;
  for (int op = 0; op < kOpCount; ++op) {
    const int64_t ok = shared->outcomes.Count(op, 0);
    std::string errs;
    for (int code = 1; code < 17; ++code) {
      const int64_t c = shared->outcomes.Count(op, code);
      if (c == 0) continue;
      absl::StrAppend(&errs, errs.empty() ? "" : ", ", code, ": ", c);
      errors += c;
    }
    total += ok;
    std::printf("| %s | %lld | %s |\n", OpName(op), static_cast<long long>(ok),
                errs.empty() ? "0" : errs.c_str());
  }
  total += errors;
  std::printf(
      "\n%lld calls in %.0f s (%.0f a second); %lld errors; in the measured "
      "window (after the warm-up) %.0f calls a second, p50 %.1f ms, p99 %.1f "
      "ms; load average after: %s\n\n",
      static_cast<long long>(total), elapsed, total / elapsed,
      static_cast<long long>(errors), load.rps, load.p50_ms, load.p99_ms,
      load_after.c_str());
  std::string held;
  for (const auto& t : shared->tenants) {
    absl::StrAppend(&held, held.empty() ? "" : ", ", t->organisations.Size(),
                    "/", t->events.Size());
  }
  std::printf(
      "organisations/events the calls left in each tenant at the end: %s "
      "(and the %d imported organisations)\n\n",
      held.c_str(), import_rows);
  for (int op = 0; op < kOpCount; ++op) {
    std::string first = shared->outcomes.FirstError(op);
    if (!first.empty()) {
      std::printf("first error of %s: %s\n", OpName(op), first.c_str());
    }
  }

  // The reference sample: the first at or after the end of the warm-up;
  // the last: the last while the load ran (the closed loop's channels are
  // closed after it).
  std::vector<Sample> after;
  for (const Sample& s : samples) {
    if (s.t >= warmup_s - 0.5 && s.t <= duration_s + 0.5) after.push_back(s);
  }
  if (after.empty()) {
    Progress("no sample after the warm-up");
    return 1;
  }
  const Sample& ref = after.front();
  const Sample& last = after.back();
  long rss_min = ref.rss_kib, rss_max = ref.rss_kib;
  int fd_min = ref.fds, fd_max = ref.fds, th_min = ref.threads,
      th_max = ref.threads;
  for (const Sample& s : after) {
    rss_min = std::min(rss_min, s.rss_kib);
    rss_max = std::max(rss_max, s.rss_kib);
    fd_min = std::min(fd_min, s.fds);
    fd_max = std::max(fd_max, s.fds);
    th_min = std::min(th_min, s.threads);
    th_max = std::max(th_max, s.threads);
  }
  const double growth_pct =
      100.0 * (last.rss_kib - ref.rss_kib) / std::max(1L, ref.rss_kib);
  std::printf("### poles-server (samples every second: %s)\n\n",
              csv_path.c_str());
  std::printf(
      "VmRSS: %.1f MiB at the first sample, %.1f MiB at the end of the "
      "warm-up (%.0f s), %.1f MiB at the end (%.0f s): %+.1f MiB (%+.1f %%, "
      "bound %.0f %%); after the warm-up %.1f–%.1f MiB; peak (VmHWM) %.1f "
      "MiB\n",
      Mib(samples.front().rss_kib), Mib(ref.rss_kib), ref.t, Mib(last.rss_kib),
      last.t, Mib(last.rss_kib - ref.rss_kib), growth_pct,
      max_rss_growth_percent, Mib(rss_min), Mib(rss_max),
      final_mem.ok() ? Mib(final_mem->hwm_kib) : 0.0);
  std::printf(
      "open descriptors: %d at the end of the warm-up, %d at the end (bound "
      "+%d); after the warm-up %d–%d; threads %d–%d\n\n",
      ref.fds, last.fds, max_fd_growth, fd_min, fd_max, th_min, th_max);

  std::printf(
      "| minute | calls | calls/s | VmRSS MiB (min–max) | open fds (min–max) "
      "| threads (min–max) |\n| ---: | ---: | ---: | --- | --- | --- |\n");
  int64_t calls_before = 0;
  for (size_t i = 0; i < samples.size();) {
    const int minute = static_cast<int>(samples[i].t / 60);
    long rmin = samples[i].rss_kib, rmax = samples[i].rss_kib;
    int fmin = samples[i].fds, fmax = samples[i].fds;
    int tmin = samples[i].threads, tmax = samples[i].threads;
    size_t j = i;
    for (; j < samples.size() && static_cast<int>(samples[j].t / 60) == minute;
         ++j) {
      rmin = std::min(rmin, samples[j].rss_kib);
      rmax = std::max(rmax, samples[j].rss_kib);
      fmin = std::min(fmin, samples[j].fds);
      fmax = std::max(fmax, samples[j].fds);
      tmin = std::min(tmin, samples[j].threads);
      tmax = std::max(tmax, samples[j].threads);
    }
    const Sample& end = samples[j - 1];
    const double span =
        std::max(1.0, end.t - (i == 0 ? 0.0 : samples[i - 1].t));
    std::printf("| %d | %lld | %.0f | %.1f–%.1f | %d–%d | %d–%d |\n",
                minute + 1, static_cast<long long>(end.calls - calls_before),
                (end.calls - calls_before) / span, Mib(rmin), Mib(rmax), fmin,
                fmax, tmin, tmax);
    calls_before = end.calls;
    i = j;
  }
  std::printf("\n");

  bool failed = false;
  if (errors > 0) {
    std::printf("FAILED: %lld calls failed\n", static_cast<long long>(errors));
    failed = true;
  }
  if (growth_pct > max_rss_growth_percent) {
    std::printf(
        "FAILED: VmRSS grew by %.1f %% after the warm-up (bound %.0f %%)\n",
        growth_pct, max_rss_growth_percent);
    failed = true;
  }
  if (last.fds - ref.fds > max_fd_growth) {
    std::printf(
        "FAILED: open descriptors grew by %d after the warm-up (bound %d)\n",
        last.fds - ref.fds, max_fd_growth);
    failed = true;
  }
  if (!failed) std::printf("PASSED: no error, no growth beyond the bounds\n");
  std::fflush(stdout);
  return failed ? 1 : 0;
}

}  // namespace
}  // namespace poles::bench

int main(int argc, char** argv) { return poles::bench::Main(argc, argv); }
