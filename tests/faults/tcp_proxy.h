#ifndef POLES_TESTS_FAULTS_TCP_PROXY_H_
#define POLES_TESTS_FAULTS_TCP_PROXY_H_

#include <atomic>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace poles::testing {

// A TCP proxy on 127.0.0.1 between a client (poles-server) and a server
// (PostgreSQL), under the test's control, to cut the database connection
// the way a network does. Thread-safe.
//
//   TcpProxy proxy(pg_port);    // forwards 127.0.0.1:proxy.port() -> pg_port
//   proxy.Drop();               // closes every open connection (FIN)
//   proxy.Reset();              // aborts every open connection (RST)
//   proxy.SetStalled(true);     // stops moving bytes (and new connections
//                               // hang), as a dead link does; false resumes
//   proxy.BlackHole();          // every open connection goes silent for
//                               // good (neither bytes nor a close ever
//                               // arrive: a peer lost in a partition);
//                               // new connections work
//
// A connection whose upstream cannot be reached is closed at once.
class TcpProxy {
 public:
  explicit TcpProxy(int upstream_port);
  ~TcpProxy();  // Closes everything and joins its threads.

  TcpProxy(const TcpProxy&) = delete;
  TcpProxy& operator=(const TcpProxy&) = delete;

  // The port it listens on; 0 if it could not listen.
  int port() const { return port_; }

  void Drop() { Cut(false); }
  void Reset() { Cut(true); }
  void SetStalled(bool stalled) { stalled_ = stalled; }
  void BlackHole();

  // Connections accepted so far.
  int accepted() const { return accepted_.load(); }

 private:
  struct Link {
    int client = -1;
    int upstream = -1;
    std::atomic<bool> cut{false};
    std::atomic<bool> reset{false};
    std::atomic<bool> silent{false};
  };
  void Accept();
  void Pump(std::shared_ptr<Link> link);
  void Cut(bool reset);

  const int upstream_port_;
  int listener_ = -1;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<bool> stalled_{false};
  std::atomic<int> accepted_{0};
  std::mutex mu_;
  std::vector<std::shared_ptr<Link>> links_;
  std::vector<std::shared_ptr<Link>> silent_;  // black-holed, open till the end
  std::vector<std::thread> threads_;
  std::thread acceptor_;
};

}  // namespace poles::testing

#endif  // POLES_TESTS_FAULTS_TCP_PROXY_H_
