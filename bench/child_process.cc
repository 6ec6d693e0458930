#include "bench/child_process.h"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <future>
#include <sstream>

#include <sys/prctl.h>
#include <sys/wait.h>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

extern char** environ;

namespace poles::bench {

namespace {

// The number after "on port " in `line`, or after "\"port\":" in a JSON
// line of a "..._started" event, or 0.
int PortIn(const std::string& line) {
  size_t at = line.find("on port ");
  size_t skip = 8;
  if (at == std::string::npos && line.find("_started\"") != std::string::npos) {
    at = line.find("\"port\":");
    skip = 7;
  }
  if (at == std::string::npos) return 0;
  int port = 0;
  std::string digits;
  for (size_t i = at + skip; i < line.size() && isdigit(line[i]); ++i) {
    digits += line[i];
  }
  return absl::SimpleAtoi(digits, &port) ? port : 0;
}

// The port `path` holds ("50051\n"), or 0 while it does not exist.
int PortInFile(const std::string& path) {
  std::ifstream in(path);
  std::string text;
  int port = 0;
  if (!in || !std::getline(in, text)) return 0;
  return absl::SimpleAtoi(text, &port) ? port : 0;
}

// Fields of /proc/<pid>/stat after the command name (which may hold spaces),
// so that fields[0] is the state (field 3 of proc(5)).
std::vector<std::string> StatFields(pid_t pid) {
  std::ifstream in(absl::StrCat("/proc/", pid, "/stat"));
  std::string text((std::istreambuf_iterator<char>(in)),
                   std::istreambuf_iterator<char>());
  size_t close = text.rfind(')');
  if (close == std::string::npos) return {};
  std::istringstream rest(text.substr(close + 1));
  std::vector<std::string> fields;
  for (std::string f; rest >> f;) fields.push_back(f);
  return fields;
}

}  // namespace

absl::StatusOr<std::unique_ptr<ChildProcess>> ChildProcess::Start(
    const std::string& label, const std::vector<std::string>& argv,
    const std::map<std::string, std::string>& env, std::chrono::seconds timeout,
    const std::string& port_file, LineObserver on_line) {
  // Everything the child needs is built before fork(): after it, only
  // async-signal-safe calls until exec.
  std::vector<std::string> env_strings;
  for (char** e = environ; *e != nullptr; ++e) {
    std::string entry = *e;
    if (env.count(entry.substr(0, entry.find('='))) == 0) {
      env_strings.push_back(entry);
    }
  }
  for (const auto& [k, v] : env) env_strings.push_back(k + "=" + v);
  std::vector<char*> envp, args;
  for (auto& s : env_strings) envp.push_back(s.data());
  envp.push_back(nullptr);
  std::vector<std::string> argv_copy = argv;
  for (auto& s : argv_copy) args.push_back(s.data());
  args.push_back(nullptr);

  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) {
    return absl::UnavailableError(absl::StrCat("pipe: ", std::strerror(errno)));
  }
  const pid_t parent = getpid();
  pid_t pid = fork();
  if (pid < 0) {
    return absl::UnavailableError(absl::StrCat("fork: ", std::strerror(errno)));
  }
  if (pid == 0) {
    prctl(PR_SET_PDEATHSIG, SIGTERM);
    if (getppid() != parent) _exit(127);
    dup2(fds[1], STDERR_FILENO);  // dup2 clears O_CLOEXEC on the copy
    execve(args[0], args.data(), envp.data());
    _exit(127);
  }
  close(fds[1]);
  std::unique_ptr<ChildProcess> child(new ChildProcess());
  child->label_ = label;
  child->pid_ = pid;
  child->stderr_fd_ = fds[0];

  std::promise<int> port;
  std::future<int> port_future = port.get_future();
  child->reader_ = std::thread([c = child.get(), port = std::move(port),
                                from_stderr = port_file.empty(),
                                on_line = std::move(on_line)]() mutable {
    FILE* f = fdopen(c->stderr_fd_, "r");
    char buf[4096];
    bool told = !from_stderr;
    while (f != nullptr && std::fgets(buf, sizeof buf, f) != nullptr) {
      std::string line = buf;
      if (on_line) on_line(line);
      // poles-server logs every finished RPC: not echoed (thousands a
      // second).
      if (line.find("\"event\":\"rpc\"") != std::string::npos) continue;
      std::fprintf(stderr, "[%s] %s", c->label_.c_str(), line.c_str());
      if (!told) {
        if (int p = PortIn(line); p > 0) {
          port.set_value(p);
          told = true;
        }
      }
    }
    if (!told) port.set_value(0);  // closed its stderr (exited) first
    if (f != nullptr) std::fclose(f);
  });
  if (!port_file.empty()) {
    const auto until = std::chrono::steady_clock::now() + timeout;
    while (child->port_ == 0 && std::chrono::steady_clock::now() < until) {
      if (waitpid(pid, nullptr, WNOHANG) == pid) {
        child->pid_ = -1;  // exited: nothing to stop
        break;
      }
      child->port_ = PortInFile(port_file);
      if (child->port_ == 0) usleep(10000);
    }
    if (child->port_ == 0) {
      return absl::UnavailableError(absl::StrCat(
          label, " did not start serving (see its messages above)"));
    }
    return child;
  }
  if (port_future.wait_for(timeout) != std::future_status::ready ||
      (child->port_ = port_future.get()) == 0) {
    return absl::UnavailableError(
        absl::StrCat(label, " did not start serving (see its messages above)"));
  }
  return child;
}

ChildProcess::~ChildProcess() { Stop(); }

void ChildProcess::Stop() {
  if (pid_ > 0) {
    kill(pid_, SIGTERM);
    for (int i = 0; i < 1500; ++i) {
      if (waitpid(pid_, nullptr, WNOHANG) == pid_) {
        pid_ = -1;
        break;
      }
      usleep(10000);
    }
    if (pid_ > 0) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
      pid_ = -1;
    }
  }
  if (reader_.joinable()) reader_.join();
}

absl::StatusOr<ProcessMemory> ReadProcessMemory(pid_t pid) {
  std::ifstream in(absl::StrCat("/proc/", pid, "/status"));
  if (!in) return absl::NotFoundError(absl::StrCat("no process ", pid));
  ProcessMemory m;
  for (std::string line; std::getline(in, line);) {
    std::istringstream fields(line);
    std::string key;
    long kib = 0;
    fields >> key >> kib;
    if (key == "VmRSS:") m.rss_kib = kib;
    if (key == "VmHWM:") m.hwm_kib = kib;
  }
  return m;
}

double ProcessCpuSeconds(pid_t pid) {
  std::vector<std::string> f = StatFields(pid);
  // utime and stime are fields 14 and 15 of proc(5), in clock ticks.
  if (f.size() < 13) return 0;
  double ticks =
      std::strtod(f[11].c_str(), nullptr) + std::strtod(f[12].c_str(), nullptr);
  return ticks / static_cast<double>(sysconf(_SC_CLK_TCK));
}

pid_t ParentOf(pid_t pid) {
  std::vector<std::string> f = StatFields(pid);
  return f.size() < 2 ? -1 : static_cast<pid_t>(std::atoi(f[1].c_str()));
}

double ChildrenCpuSeconds(pid_t parent) {
  double total = 0;
  DIR* proc = opendir("/proc");
  if (proc == nullptr) return 0;
  while (dirent* e = readdir(proc)) {
    pid_t pid = 0;
    if (!absl::SimpleAtoi(e->d_name, &pid)) continue;
    if (ParentOf(pid) == parent) total += ProcessCpuSeconds(pid);
  }
  closedir(proc);
  return total;
}

}  // namespace poles::bench
