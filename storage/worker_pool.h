#ifndef POLES_STORAGE_WORKER_POOL_H_
#define POLES_STORAGE_WORKER_POOL_H_

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "storage/session.h"

namespace poles::storage {

// How a WorkerPool shares its workers between tenants.
struct FairShare {
  // Tasks of one key (a tenant) that may run at once; 0 or less:
  // max(1, size - 1), so one tenant never holds every worker.
  int max_per_key = 0;
  // How long a task whose key is at its share may wait for its turn before
  // it is refused (its `throttled` callback runs instead of the task).
  std::chrono::milliseconds max_wait{2000};
};

// What a WorkerPool reports as it runs (its metrics). Called on the worker
// threads, outside the pool's lock: implementations are thread-safe and
// quick.
class WorkerPoolObserver {
 public:
  virtual ~WorkerPoolObserver() = default;
  // A worker took a task to run it, `waited` after it was submitted.
  virtual void Taken(std::chrono::steady_clock::duration waited) = 0;
  // A task was refused after FairShare::max_wait (its `throttled` runs).
  virtual void Throttled() = 0;
};

// A bounded pool of database workers: `size` threads, each owning one
// Session (one connection). gRPC callback handlers never block; they Submit
// the database work here and Finish from the worker. Workers take queued
// tasks in order, skipping those of a key already running its share
// (FairShare): the other keys' tasks overtake them.
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

  // The callback of a task refused after FairShare::max_wait; it runs on a
  // worker but must not touch the database.
  using Throttled = std::function<void()>;

  // How long past its deadline a task may wait on the database before the
  // watchdog cuts its connection.
  static constexpr std::chrono::milliseconds kInterruptGrace{1000};

  // `observer` (may be null) must outlive the pool.
  WorkerPool(std::string database_url, int size, int max_queue,
             FairShare fair_share = {}, WorkerPoolObserver* observer = nullptr);
  ~WorkerPool();  // Drains the queue, then joins the workers.

  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // Enqueues `task`. Returns false (and does not run it) when the queue is
  // full: the caller answers RESOURCE_EXHAUSTED.
  bool Submit(std::chrono::system_clock::time_point deadline, Task task);

  // The same for a task of `key` (a tenant; empty: not limited): at most
  // FairShare::max_per_key tasks of one key run at once; a task that waited
  // FairShare::max_wait for its key's turn is dropped and `throttled` runs
  // in its place.
  bool Submit(std::chrono::system_clock::time_point deadline, std::string key,
              Task task, Throttled throttled);

  // Runs `task` on a worker and waits for it (for start-up and tools, not
  // for request handlers).
  void RunAndWait(Task task);

  // Has every idle worker connect its session (the connection and every
  // registered statement prepared: Session::EnsureConnected) and waits, at
  // most `timeout`, until each has tried. Returns how many are connected.
  // For start-up, before the server answers SERVING: otherwise the first
  // calls after a start connect the workers themselves, inside their
  // tenant's FairShare::max_wait, and a burst of them (a deploy, a
  // restart behind a balancer) is refused as TENANT_BUSY without anyone
  // abusing anything. A worker that fails to connect tries again at its
  // first task, as without this.
  int ConnectAll(std::chrono::milliseconds timeout);

  int size() const { return static_cast<int>(workers_.size()); }
  // Tasks waiting for a worker.
  int queued() const;
  // Workers running a task.
  int busy() const { return busy_.load(); }
  // Tasks of one key that may run at once.
  int max_per_key() const { return max_per_key_; }
  // Connections the watchdog has cut so far.
  int interrupted() const { return interrupted_.load(); }

 private:
  struct Item {
    std::chrono::system_clock::time_point deadline;
    Task task;
    std::string key;
    Throttled throttled;
    std::chrono::steady_clock::time_point queued_at;
  };
  // What the watchdog knows of one worker.
  struct Watched {
    Session* session = nullptr;  // while a task runs
    std::chrono::system_clock::time_point deadline;
    bool cut = false;  // interrupted already during this task
  };
  void Run(int index);
  // Under mu_: moves the next task a worker may take into `out` (true), or
  // says until when to wait for one (false).
  bool Take(Item* out, bool* throttled,
            std::chrono::steady_clock::time_point* wake);
  void Watch();

  std::string url_;
  const size_t max_queue_;
  const int max_per_key_;
  const std::chrono::milliseconds max_wait_;
  WorkerPoolObserver* const observer_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Item> queue_;
  bool stopping_ = false;
  std::atomic<int> busy_{0};
  std::map<std::string, int> running_;  // tasks running, by key
  std::atomic<int> interrupted_{0};
  std::vector<Watched> watched_;  // by worker index, guarded by mu_
  // ConnectAll's requests, by worker index, and the answers (guarded by mu_).
  std::vector<bool> connect_requested_;
  int connect_answers_ = 0;
  int connected_ = 0;
  std::condition_variable connect_cv_;
  std::condition_variable watch_cv_;
  std::vector<std::thread> workers_;
  std::thread watchdog_;
};

}  // namespace poles::storage

#endif  // POLES_STORAGE_WORKER_POOL_H_
