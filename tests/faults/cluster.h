#ifndef POLES_TESTS_FAULTS_CLUSTER_H_
#define POLES_TESTS_FAULTS_CLUSTER_H_

#include <string>
#include <vector>

#include <sys/types.h>

#include "server/bootstrap.h"

namespace poles::testing {

// The fault harness's throwaway PostgreSQL: an embedded cluster (as
// tests/test_env.cc starts it), which the harness can crash with
// `pg_ctl stop -m immediate` and start again on the same port.
class CrashableCluster {
 public:
  // Creates, starts and migrates a cluster in a fresh folder under /tmp.
  // Empty urls() on failure (see error()).
  CrashableCluster();
  ~CrashableCluster();  // Stops the cluster and removes its folder.

  const storage::DatabaseUrls& urls() const { return db_.urls; }
  const std::string& error() const { return error_; }
  int port() const { return db_.embedded ? db_.embedded->port() : 0; }

  // pg_ctl stop -m immediate: every backend dies at once, nothing is
  // checkpointed (the next start runs crash recovery). True on success.
  bool CrashStop();
  // pg_ctl start on the same port, waiting until it accepts connections.
  bool Start();

 private:
  bool PgCtl(const std::vector<std::string>& args);

  std::string dir_;
  ReadyDatabase db_;
  std::string error_;
};

// A child process (poles-server) whose stderr goes to a log file.
class ChildProcess {
 public:
  ChildProcess() = default;
  ~ChildProcess() { Kill(); }

  // Starts `argv`; false if it could not be spawned.
  bool Spawn(const std::vector<std::string>& argv, const std::string& log);
  // SIGKILL and reap (no-op when not running).
  void Kill();
  // True while the child has not exited.
  bool Running();

 private:
  pid_t pid_ = -1;
};

// A free TCP port on 127.0.0.1 (bound then released).
int FreeLoopbackPort();

}  // namespace poles::testing

#endif  // POLES_TESTS_FAULTS_CLUSTER_H_
