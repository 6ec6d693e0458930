#ifndef POLES_BENCH_BENCH_SETUP_H_
#define POLES_BENCH_BENCH_SETUP_H_

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <grpcpp/grpcpp.h>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "bench/child_process.h"
#include "bench/load_generator.h"
#include "server/bootstrap.h"

// What the benches share: the throwaway cluster and the two servers over it,
// tenants with keys, and the interleaved comparison of a platform RPC with
// its raw baseline.
namespace poles::bench {

// Names the bench in progress lines ("directories_bench: ...").
void SetBenchName(const std::string& name);
// A progress line on stderr, prefixed with the bench's name.
void Progress(const std::string& message);
// Unless `s` is OK: a progress line "what: <status>", then exit(1).
void ExitUnlessOk(const absl::Status& s, const std::string& what);
void ExitUnlessOk(const grpc::Status& s, const std::string& what);

struct BenchServerOptions {
  std::string name;  // "directories_bench": the temporary folder's name
  std::string server_binary;
  std::string ceiling_binary;  // empty: no ceiling server
  int pool_size = 3;
  // poles-server's --log-level; the port is read from --port-file, so any
  // level works.
  std::string server_log_level = "info";
  std::vector<std::string> server_args;  // more poles-server flags
  // Sees each line poles-server logs ("rpc" lines included), on a reader
  // thread.
  ChildProcess::LineObserver server_lines;
};

// A private PostgreSQL 15 in a temporary folder (fsync off: the set-up's
// writes only), migrated, with poles-server (as poles_app, a random page
// token secret) and bench-ceiling-server (superuser for its raw reads, which
// row-level security would hide from poles_app) as child processes. The
// destructor stops both servers and the cluster and removes the folder
// (unless keep_data).
class BenchServers {
 public:
  static absl::StatusOr<std::unique_ptr<BenchServers>> Start(
      const BenchServerOptions& options);
  ~BenchServers();
  BenchServers(const BenchServers&) = delete;
  BenchServers& operator=(const BenchServers&) = delete;

  const std::string& dir() const { return dir_; }
  const ReadyDatabase& db() const { return db_; }
  std::string SuperuserUrl() const;
  ChildProcess& server() { return *server_; }
  ChildProcess& ceiling() { return *ceiling_; }
  std::string server_address() const;
  std::string ceiling_address() const;
  // A channel to poles-server with the load generator's arguments.
  std::shared_ptr<grpc::Channel> ServerChannel() const;
  // An admin API key issued through the owner connection.
  absl::StatusOr<std::string> AdminKey() const;
  // Stops the servers now (the destructor stops them otherwise).
  void StopServers();
  void set_keep_data(bool keep) { keep_data_ = keep; }

 private:
  BenchServers() = default;

  std::string name_;
  std::string dir_;
  ReadyDatabase db_;
  std::unique_ptr<ChildProcess> server_;
  std::unique_ptr<ChildProcess> ceiling_;
  bool keep_data_ = false;
};

// A client context with a 5-minute deadline and `key` as bearer (none when
// empty).
std::unique_ptr<grpc::ClientContext> KeyContext(const std::string& key);

// The five MRCs of the Centre-du-Québec that bench tenants cover.
const std::vector<std::string>& BenchMrcs();

// A tenant of region 17 over BenchMrcs() and its editor and viewer keys,
// created through the Admin API (exits on failure).
struct BenchTenant {
  std::string slug, editor_key, viewer_key;
};
BenchTenant CreateBenchTenant(const std::shared_ptr<grpc::Channel>& channel,
                              const std::string& admin_key,
                              const std::string& slug);

// "/proc/loadavg"'s three averages, "1.20 0.90 0.80".
std::string LoadAverage();

// The platform's RPC against its raw baseline, `rounds` times, the two
// measured one after the other in each round so that the machine's other
// load falls on both alike; the ratio is taken within each round.
struct Comparison {
  std::vector<double> raw_rps, raw_p99, sealed_rps, sealed_p99, ratios;
};
struct ComparedTarget {
  std::string label;  // for progress lines
  std::string address;
  CallerFactory caller;
};
// The flags of a comparison bench (directories_bench, funding_bench):
// --in-flight, --channels, --rounds, --duration, --warmup, --pool-size,
// --server-log-level.
struct ComparisonFlags {
  int in_flight = 16;
  int channels = 4;
  int rounds = 3;
  double duration_s = 5;
  double warmup_s = 1;
  int pool_size = 3;
  std::string server_log_level = "info";
};
void AddComparisonFlags(CLI::App& app, ComparisonFlags* flags);

// A load point without its address.
LoadPoint PointOf(int in_flight, int channels, double warmup_s,
                  double duration_s);
// `point` gives the in-flight calls, channels, warm-up and duration; its
// address is each target's. A round with errors fails the comparison.
absl::StatusOr<Comparison> CompareInterleaved(
    int rounds, const LoadPoint& point, const ComparedTarget& raw,
    const ComparedTarget& sealed,
    const std::function<void(const std::string&)>& progress);

// Prints the comparison as BENCHMARKS.md shows it: a table of the medians
// (RPS, p99) of both targets, then "<sealed> / raw RPS: 0.94 (rounds: ...);
// <target>".
void PrintComparison(const Comparison& c, const std::string& raw_label,
                     const std::string& sealed_label,
                     const std::string& ratio_name, const std::string& target);

}  // namespace poles::bench

#endif  // POLES_BENCH_BENCH_SETUP_H_
