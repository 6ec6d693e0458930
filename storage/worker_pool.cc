#include "storage/worker_pool.h"

#include <future>

#include "base/logging.h"

namespace poles::storage {

WorkerPool::WorkerPool(std::string database_url, int size, int max_queue)
    : url_(std::move(database_url)),
      max_queue_(static_cast<size_t>(max_queue)),
      running_(static_cast<size_t>(size)) {
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
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopping_ || queue_.size() >= max_queue_) return false;
    queue_.push_back(Item{deadline, std::move(task)});
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
    queue_.push_back(
        Item{std::chrono::system_clock::time_point::max(), std::move(wrapped)});
  }
  cv_.notify_one();
  done.get_future().wait();
}

int WorkerPool::queued() const {
  std::lock_guard<std::mutex> lock(mu_);
  return static_cast<int>(queue_.size());
}

void WorkerPool::Run(int index) {
  Session session(url_);
  for (;;) {
    Item item;
    {
      std::unique_lock<std::mutex> lock(mu_);
      cv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping and drained
      item = std::move(queue_.front());
      queue_.pop_front();
      running_[index] = Running{&session, item.deadline, false};
    }
    ++busy_;
    bool expired = std::chrono::system_clock::now() >= item.deadline;
    item.task(session, expired);
    --busy_;
    bool cut;
    {
      std::lock_guard<std::mutex> lock(mu_);
      cut = running_[index].cut;
      running_[index] = Running{};
    }
    if (cut) session.Reset();
  }
}

void WorkerPool::Watch() {
  std::unique_lock<std::mutex> lock(mu_);
  while (!stopping_) {
    watch_cv_.wait_for(lock, std::chrono::milliseconds(100));
    const auto now = std::chrono::system_clock::now();
    for (size_t i = 0; i < running_.size(); ++i) {
      Running& r = running_[i];
      if (r.session == nullptr || r.cut ||
          r.deadline == std::chrono::system_clock::time_point::max() ||
          now < r.deadline + kInterruptGrace) {
        continue;
      }
      // The task may end at any moment (it runs without mu_): Interrupt
      // cuts only the socket it recorded, if still open, and the worker
      // drops a connection cut during its task (Run).
      r.cut = true;
      if (r.session->Interrupt()) {
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
