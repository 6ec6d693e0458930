#ifndef POLES_BENCH_CHILD_PROCESS_H_
#define POLES_BENCH_CHILD_PROCESS_H_

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <sys/types.h>

#include "absl/status/statusor.h"

namespace poles::bench {

// A server the bench runs as its own process, so its memory and CPU are its
// own. Not thread-safe.
class ChildProcess {
 public:
  // Starts `argv` (argv[0] is the binary's path) with `env` added to this
  // process's environment, and waits up to `timeout` for the port it serves
  // on: with `port_file` empty, for its stderr to say "... on port N"
  // (bench-ceiling-server) or to log a JSON "..._started" event with a
  // "port" (poles-gateway); otherwise for that file to hold the port
  // (poles-server's --port-file, written whatever its log level). The child
  // is sent SIGTERM if this process dies. Its stderr lines are copied to
  // ours, prefixed with "[label] ", except poles-server's "rpc" lines.
  // `on_line`, when given, sees every line (the "rpc" ones included), on
  // the reader thread. UNAVAILABLE if it cannot start, exits, or names no
  // port in time.
  using LineObserver = std::function<void(const std::string& line)>;
  static absl::StatusOr<std::unique_ptr<ChildProcess>> Start(
      const std::string& label, const std::vector<std::string>& argv,
      const std::map<std::string, std::string>& env,
      std::chrono::seconds timeout, const std::string& port_file = "",
      LineObserver on_line = nullptr);

  // Stop()s the child.
  ~ChildProcess();

  // SIGTERM, then waits for the child to exit (SIGKILL after 15 s).
  void Stop();

  pid_t pid() const { return pid_; }
  int port() const { return port_; }

 private:
  ChildProcess() = default;
  void CopyStderr();

  std::string label_;
  pid_t pid_ = -1;
  int stderr_fd_ = -1;
  int port_ = 0;
  std::thread reader_;
};

// Resident memory of a process, from /proc/<pid>/status.
struct ProcessMemory {
  long rss_kib = 0;  // VmRSS: now
  long hwm_kib = 0;  // VmHWM: peak since start
};
absl::StatusOr<ProcessMemory> ReadProcessMemory(pid_t pid);

// CPU time (user + system) a process has used, in seconds, from
// /proc/<pid>/stat; 0 if it is gone.
double ProcessCpuSeconds(pid_t pid);

// The summed CPU time of every live process whose parent is `parent`
// (PostgreSQL's backends and helpers under its postmaster).
double ChildrenCpuSeconds(pid_t parent);

// The parent of `pid`, or -1.
pid_t ParentOf(pid_t pid);

}  // namespace poles::bench

#endif  // POLES_BENCH_CHILD_PROCESS_H_
