#ifndef POLES_STORAGE_WORKER_POOL_H_
#define POLES_STORAGE_WORKER_POOL_H_

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "storage/session.h"

namespace poles::storage {

// A bounded pool of database workers: `size` threads, each owning one
// Session (one connection). gRPC callback handlers never block; they Submit
// the database work here and Finish from the worker.
//
// A watchdog cuts the connection of a worker whose task is still running
// `kInterruptGrace` past its deadline (Session::Interrupt): a statement
// blocked on a database that will never answer then fails as a broken
// connection (UNAVAILABLE) instead of holding the worker for good.
// statement_timeout already bounds what the server does; this bounds the
// wait for a server or network that says nothing at all.
//
// Thread-safe.
class WorkerPool {
 public:
  // A unit of work. `expired` is true when the deadline passed while the task
  // waited in the queue: the task must not touch the database and should
  // answer DEADLINE_EXCEEDED.
  using Task = std::function<void(Session& session, bool expired)>;

  // How long past its deadline a task may wait on the database before the
  // watchdog cuts its connection.
  static constexpr std::chrono::milliseconds kInterruptGrace{1000};

  WorkerPool(std::string database_url, int size, int max_queue);
  ~WorkerPool();  // Drains the queue, then joins the workers.

  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // Enqueues `task`. Returns false (and does not run it) when the queue is
  // full: the caller answers RESOURCE_EXHAUSTED.
  bool Submit(std::chrono::system_clock::time_point deadline, Task task);

  // Runs `task` on a worker and waits for it (for start-up and tools, not
  // for request handlers).
  void RunAndWait(Task task);

  int size() const { return static_cast<int>(workers_.size()); }
  // Tasks waiting for a worker.
  int queued() const;
  // Workers running a task.
  int busy() const { return busy_.load(); }
  // Connections the watchdog has cut so far.
  int interrupted() const { return interrupted_.load(); }

 private:
  struct Item {
    std::chrono::system_clock::time_point deadline;
    Task task;
  };
  // What the watchdog knows of one worker.
  struct Running {
    Session* session = nullptr;  // while a task runs
    std::chrono::system_clock::time_point deadline;
    bool cut = false;  // interrupted already during this task
  };
  void Run(int index);
  void Watch();

  std::string url_;
  const size_t max_queue_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Item> queue_;
  bool stopping_ = false;
  std::atomic<int> busy_{0};
  std::atomic<int> interrupted_{0};
  std::vector<Running> running_;  // by worker index, guarded by mu_
  std::condition_variable watch_cv_;
  std::vector<std::thread> workers_;
  std::thread watchdog_;
};

}  // namespace poles::storage

#endif  // POLES_STORAGE_WORKER_POOL_H_
