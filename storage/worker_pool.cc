#include "storage/worker_pool.h"

#include <future>

namespace poles::storage {

WorkerPool::WorkerPool(std::string database_url, int size, int max_queue)
    : url_(std::move(database_url)),
      max_queue_(static_cast<size_t>(max_queue)) {
  for (int i = 0; i < size; ++i) workers_.emplace_back([this, i] { Run(i); });
}

WorkerPool::~WorkerPool() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  for (auto& t : workers_) t.join();
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

void WorkerPool::Run(int /*index*/) {
  Session session(url_);
  for (;;) {
    Item item;
    {
      std::unique_lock<std::mutex> lock(mu_);
      cv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping and drained
      item = std::move(queue_.front());
      queue_.pop_front();
    }
    ++busy_;
    bool expired = std::chrono::system_clock::now() >= item.deadline;
    item.task(session, expired);
    --busy_;
  }
}

}  // namespace poles::storage
