#include "tests/faults/cluster.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <filesystem>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>

#include "absl/strings/str_cat.h"

extern char** environ;

namespace poles::testing {

namespace {

constexpr char kBinDir[] = "/usr/lib/postgresql/15/bin";

// Runs `argv` to completion, its output appended to `log`; true on exit 0.
bool RunToCompletion(const std::vector<std::string>& argv,
                     const std::string& log) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, log.c_str(),
                                   O_WRONLY | O_CREAT | O_APPEND, 0600);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = -1;
  int rc = posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) return false;
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

}  // namespace

CrashableCluster::CrashableCluster() {
  char tmpl[] = "/tmp/poles-faults-XXXXXX";
  if (mkdtemp(tmpl) == nullptr) {
    error_ = "mkdtemp failed";
    return;
  }
  dir_ = tmpl;
  DatabaseChoice choice;
  choice.data_dir = dir_;
  choice.unsafe_fast = true;
  auto ready = PrepareDatabase(choice);
  if (!ready.ok()) {
    error_ = std::string(ready.status().message());
    return;
  }
  db_ = *std::move(ready);
  // The test cluster was started with synchronous_commit=off, under which a
  // crash loses commits already acknowledged (the WAL writer had not
  // written them): restart it with synchronous commits, as production
  // runs. fsync stays off, since the machine itself does not crash.
  if (!PgCtl({"-m", "fast", "-w", "stop"}) || !Start()) {
    error_ = "cannot restart the cluster with synchronous_commit on";
  }
}

CrashableCluster::~CrashableCluster() {
  db_.embedded.reset();  // fast stop (harmless if already stopped)
  // A cluster this harness restarted is not the embedded object's: stop it
  // the same way in case it is still up.
  PgCtl({"-m", "fast", "-w", "stop"});
  std::error_code ec;
  if (!dir_.empty()) std::filesystem::remove_all(dir_, ec);
}

bool CrashableCluster::PgCtl(const std::vector<std::string>& args) {
  if (dir_.empty()) return false;
  std::vector<std::string> argv;
  if (geteuid() == 0) argv = {"runuser", "-u", "postgres", "--"};
  argv.push_back(absl::StrCat(kBinDir, "/pg_ctl"));
  argv.push_back("-D");
  argv.push_back(dir_ + "/pgdata");
  argv.insert(argv.end(), args.begin(), args.end());
  return RunToCompletion(argv, dir_ + "/faults-pg_ctl.log");
}

bool CrashableCluster::CrashStop() {
  return PgCtl({"-m", "immediate", "-w", "stop"});
}

bool CrashableCluster::Start() {
  // The options storage::EmbeddedPostgres starts a test cluster with, but
  // synchronous_commit (see the constructor).
  const std::string options = absl::StrCat(
      "-c listen_addresses=127.0.0.1 -c port=", port(),
      " -c unix_socket_directories='' -c max_connections=200"
      " -c shared_buffers=128MB -c fsync=off -c full_page_writes=off");
  return PgCtl({"-l", dir_ + "/pgdata/server.log", "-w", "-t", "60", "-o",
                options, "start"});
}

bool ChildProcess::Spawn(const std::vector<std::string>& argv,
                         const std::string& log) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 2, log.c_str(),
                                   O_WRONLY | O_CREAT | O_APPEND, 0600);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  int rc = posix_spawn(&pid_, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) pid_ = -1;
  return pid_ > 0;
}

void ChildProcess::Kill() {
  if (pid_ <= 0) return;
  kill(pid_, SIGKILL);
  waitpid(pid_, nullptr, 0);
  pid_ = -1;
}

bool ChildProcess::Running() {
  if (pid_ <= 0) return false;
  if (waitpid(pid_, nullptr, WNOHANG) == pid_) {
    pid_ = -1;
    return false;
  }
  return true;
}

int FreeLoopbackPort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof(addr);
  int port = 0;
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
    port = ntohs(addr.sin_port);
  }
  close(fd);
  return port;
}

}  // namespace poles::testing
