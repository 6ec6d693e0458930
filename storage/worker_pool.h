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
// Thread-safe.
class WorkerPool {
 public:
  // A unit of work. `expired` is true when the deadline passed while the task
  // waited in the queue: the task must not touch the database and should
  // answer DEADLINE_EXCEEDED.
  using Task = std::function<void(Session& session, bool expired)>;

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

 private:
  struct Item {
    std::chrono::system_clock::time_point deadline;
    Task task;
  };
  void Run(int index);

  std::string url_;
  const size_t max_queue_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Item> queue_;
  bool stopping_ = false;
  std::atomic<int> busy_{0};
  std::vector<std::thread> workers_;
};

}  // namespace poles::storage

#endif  // POLES_STORAGE_WORKER_POOL_H_
