#include "storage/worker_pool.h"

#include <algorithm>
#include <future>

#include "base/logging.h"

namespace poles::storage {

WorkerPool::WorkerPool(std::string database_url, int size, int max_queue,
                       FairShare fair_share, WorkerPoolObserver* observer)
    : url_(std::move(database_url)),
      max_queue_(static_cast<size_t>(max_queue)),
      max_per_key_(fair_share.max_per_key > 0 ? fair_share.max_per_key
                                              : std::max(1, size - 1)),
      max_wait_(fair_share.max_wait),
      observer_(observer),
      watched_(static_cast<size_t>(size)),
      connect_requested_(static_cast<size_t>(size), false) {
  for (int i = 0; i < size; ++i) workers_.emplace_back([this, i] { Run(i); });
  watchdog_ = std::thread([this] { Watch(); });
}

WorkerPool::~WorkerPool() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  watch_cv_.notify_all();
  for (auto& t : workers_) t.join();
  watchdog_.join();
}

bool WorkerPool::Submit(std::chrono::system_clock::time_point deadline,
                        Task task) {
  return Submit(deadline, "", std::move(task), nullptr);
}

bool WorkerPool::Submit(std::chrono::system_clock::time_point deadline,
                        std::string key, Task task, Throttled throttled) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopping_ || queue_.size() >= max_queue_) return false;
    queue_.push_back(Item{deadline, std::move(task), std::move(key),
                          std::move(throttled),
                          std::chrono::steady_clock::now()});
  }
  cv_.notify_one();
  return true;
}

void WorkerPool::RunAndWait(Task task) {
  std::promise<void> done;
  auto wrapped = [&](Session& s, bool expired) {
    task(s, expired);
    done.set_value();
  };
  {
    std::lock_guard<std::mutex> lock(mu_);
    queue_.push_back(Item{std::chrono::system_clock::time_point::max(),
                          std::move(wrapped), "", nullptr,
                          std::chrono::steady_clock::now()});
  }
  cv_.notify_one();
  done.get_future().wait();
}

int WorkerPool::ConnectAll(std::chrono::milliseconds timeout) {
  std::unique_lock<std::mutex> lock(mu_);
  connect_answers_ = 0;
  connected_ = 0;
  std::fill(connect_requested_.begin(), connect_requested_.end(), true);
  cv_.notify_all();
  connect_cv_.wait_for(lock, timeout,
                       [this] { return connect_answers_ == size(); });
  return connected_;
}

int WorkerPool::queued() const {
  std::lock_guard<std::mutex> lock(mu_);
  return static_cast<int>(queue_.size());
}

bool WorkerPool::Take(Item* out, bool* throttled,
                      std::chrono::steady_clock::time_point* wake) {
  const auto now = std::chrono::steady_clock::now();
  *wake = std::chrono::steady_clock::time_point::max();
  for (auto it = queue_.begin(); it != queue_.end(); ++it) {
    bool take = it->key.empty() || stopping_;
    if (!take) {
      auto r = running_.find(it->key);
      take = r == running_.end() || r->second < max_per_key_;
    }
    *throttled = false;
    if (!take && it->throttled != nullptr) {
      const auto limit = it->queued_at + max_wait_;
      if (limit <= now) {
        take = true;
        *throttled = true;
      } else {
        *wake = std::min(*wake, limit);
      }
    }
    if (take) {
      *out = std::move(*it);
      queue_.erase(it);
      if (!*throttled && !out->key.empty()) ++running_[out->key];
      return true;
    }
  }
  return false;
}

void WorkerPool::Run(int index) {
  Session session(url_);
  for (;;) {
    Item item;
    bool throttled = false;
    {
      std::unique_lock<std::mutex> lock(mu_);
      std::chrono::steady_clock::time_point wake;
      while (!Take(&item, &throttled, &wake)) {
        if (stopping_ && queue_.empty()) return;  // stopping and drained
        if (connect_requested_[index]) {          // ConnectAll, while idle
          connect_requested_[index] = false;
          lock.unlock();
          const bool ok = session.EnsureConnected().ok();
          lock.lock();
          ++connect_answers_;
          if (ok) ++connected_;
          connect_cv_.notify_all();
          continue;
        }
        if (wake == std::chrono::steady_clock::time_point::max()) {
          cv_.wait(lock);
        } else {
          cv_.wait_until(lock, wake);
        }
      }
      if (!throttled) watched_[index] = Watched{&session, item.deadline, false};
    }
    ++busy_;
    if (observer_ != nullptr) {
      if (throttled) {
        observer_->Throttled();
      } else {
        observer_->Taken(std::chrono::steady_clock::now() - item.queued_at);
      }
    }
    if (throttled) {
      item.throttled();
    } else {
      bool expired = std::chrono::system_clock::now() >= item.deadline;
      item.task(session, expired);
    }
    --busy_;
    bool cut = false;
    if (!throttled) {
      std::lock_guard<std::mutex> lock(mu_);
      cut = watched_[index].cut;
      watched_[index] = Watched{};
    }
    if (cut) session.Reset();
    if (!throttled && !item.key.empty()) {
      {
        std::lock_guard<std::mutex> lock(mu_);
        auto r = running_.find(item.key);
        if (--r->second == 0) running_.erase(r);
      }
      // A task of this key may now be taken; a waiting worker must look.
      cv_.notify_all();
    }
  }
}

void WorkerPool::Watch() {
  std::unique_lock<std::mutex> lock(mu_);
  while (!stopping_) {
    watch_cv_.wait_for(lock, std::chrono::milliseconds(100));
    const auto now = std::chrono::system_clock::now();
    for (size_t i = 0; i < watched_.size(); ++i) {
      Watched& r = watched_[i];
      if (r.session == nullptr ||
          r.deadline == std::chrono::system_clock::time_point::max() ||
          now < r.deadline + kInterruptGrace) {
        continue;
      }
      // The task may end at any moment (it runs without mu_): Interrupt
      // cuts only the socket it recorded, if still open and not cut yet,
      // and the worker drops a connection cut during its task (Run). Tried
      // on every pass while the task runs: a task that reconnects after a
      // cut (a new socket, stalled in its handshake) is cut again.
      if (r.session->Interrupt()) {
        r.cut = true;
        ++interrupted_;
        logging::Log(spdlog::level::warn, "database_call_interrupted",
                     {{"worker", static_cast<int>(i)},
                      {"past_deadline_ms",
                       std::chrono::duration_cast<std::chrono::milliseconds>(
                           now - r.deadline)
                           .count()}});
      }
    }
  }
}

}  // namespace poles::storage
