#include "storage/worker_pool.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <future>
#include <mutex>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace poles::storage {
namespace {

using std::chrono::milliseconds;

// A gate the tasks of a test block on until it opens.
class Gate {
 public:
  void Wait() {
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait(lock, [this] { return open_; });
  }
  void Open() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      open_ = true;
    }
    cv_.notify_all();
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool open_ = false;
};

std::chrono::system_clock::time_point Later() {
  return std::chrono::system_clock::now() + std::chrono::seconds(30);
}

// The pool never connects: the tasks below do not touch their session.
constexpr char kNoDatabase[] = "postgresql:///nowhere";

TEST(WorkerPoolTest, OneKeyGetsAtMostItsShareAndTheOthersOvertakeIt) {
  WorkerPool pool(kNoDatabase, 3, 100, FairShare{0, milliseconds(200)});
  EXPECT_EQ(pool.max_per_key(), 2);
  Gate gate;
  std::atomic<int> running_a{0}, throttled_a{0};
  std::promise<void> two_running;
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(pool.Submit(
        Later(), "tenants/a",
        [&](Session&, bool) {
          if (++running_a == 2) two_running.set_value();
          gate.Wait();
        },
        [&] { ++throttled_a; }));
  }
  two_running.get_future().wait();
  // The third task of "a" waits; "b" takes the free worker at once.
  std::promise<void> b_ran;
  const auto start = std::chrono::steady_clock::now();
  ASSERT_TRUE(pool.Submit(
      Later(), "tenants/b", [&](Session&, bool) { b_ran.set_value(); },
      [] { FAIL() << "b throttled"; }));
  ASSERT_EQ(b_ran.get_future().wait_for(std::chrono::seconds(5)),
            std::future_status::ready);
  EXPECT_LT(std::chrono::steady_clock::now() - start, milliseconds(150));
  // After its wait, the third task of "a" is refused, never run.
  for (int i = 0; i < 100 && throttled_a.load() == 0; ++i) {
    std::this_thread::sleep_for(milliseconds(20));
  }
  EXPECT_EQ(throttled_a.load(), 1);
  EXPECT_EQ(running_a.load(), 2);
  gate.Open();
}

TEST(WorkerPoolTest, AWaitingTaskRunsWhenItsKeyFreesAWorker) {
  WorkerPool pool(kNoDatabase, 2, 100, FairShare{1, milliseconds(5000)});
  Gate gate;
  std::promise<void> first_running, second_ran;
  ASSERT_TRUE(pool.Submit(
      Later(), "k",
      [&](Session&, bool) {
        first_running.set_value();
        gate.Wait();
      },
      nullptr));
  first_running.get_future().wait();
  std::atomic<bool> throttled{false};
  ASSERT_TRUE(pool.Submit(
      Later(), "k", [&](Session&, bool) { second_ran.set_value(); },
      [&] { throttled = true; }));
  auto second = second_ran.get_future();
  EXPECT_EQ(second.wait_for(milliseconds(100)), std::future_status::timeout);
  gate.Open();
  EXPECT_EQ(second.wait_for(std::chrono::seconds(5)),
            std::future_status::ready);
  EXPECT_FALSE(throttled.load());
}

TEST(WorkerPoolTest, UnkeyedTasksAreNotLimited) {
  WorkerPool pool(kNoDatabase, 3, 100);
  Gate gate;
  std::atomic<int> running{0};
  std::promise<void> all;
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(pool.Submit(Later(), [&](Session&, bool) {
      if (++running == 3) all.set_value();
      gate.Wait();
    }));
  }
  EXPECT_EQ(all.get_future().wait_for(std::chrono::seconds(5)),
            std::future_status::ready);
  gate.Open();
}

TEST(WorkerPoolTest, ConnectAllAnswersForEveryWorkerEvenWithoutADatabase) {
  WorkerPool pool(kNoDatabase, 3, 100);
  // Each worker tries once and fails: none connected, and no wait for the
  // whole timeout (every worker answered).
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(pool.ConnectAll(std::chrono::seconds(30)), 0);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(20));
  // The pool still takes tasks afterwards.
  std::promise<void> ran;
  ASSERT_TRUE(pool.Submit(Later(), [&](Session&, bool) { ran.set_value(); }));
  EXPECT_EQ(ran.get_future().wait_for(std::chrono::seconds(5)),
            std::future_status::ready);
}

// Records what a pool reports.
class RecordingObserver : public WorkerPoolObserver {
 public:
  void Taken(std::chrono::steady_clock::duration waited) override {
    std::lock_guard<std::mutex> lock(mu_);
    waits_.push_back(waited);
  }
  void Throttled() override { ++throttled_; }
  std::vector<std::chrono::steady_clock::duration> waits() {
    std::lock_guard<std::mutex> lock(mu_);
    return waits_;
  }
  int throttled() const { return throttled_.load(); }

 private:
  std::mutex mu_;
  std::vector<std::chrono::steady_clock::duration> waits_;
  std::atomic<int> throttled_{0};
};

TEST(WorkerPoolTest, TheObserverSeesEachTasksWaitAndEachRefusal) {
  RecordingObserver observer;
  WorkerPool pool(kNoDatabase, 2, 100, FairShare{1, milliseconds(100)},
                  &observer);
  Gate gate_a, gate_e;
  std::promise<void> a_running, b_refused, e_running, f_ran;
  ASSERT_TRUE(pool.Submit(
      Later(), "k",
      [&](Session&, bool) {
        a_running.set_value();
        gate_a.Wait();
      },
      nullptr));
  a_running.get_future().wait();
  // "k" is at its share: after 100 ms the free worker refuses this one.
  ASSERT_TRUE(pool.Submit(
      Later(), "k", [&](Session&, bool) { FAIL() << "ran past its share"; },
      [&] { b_refused.set_value(); }));
  ASSERT_EQ(b_refused.get_future().wait_for(std::chrono::seconds(5)),
            std::future_status::ready);
  EXPECT_EQ(observer.throttled(), 1);
  ASSERT_TRUE(pool.Submit(Later(), [&](Session&, bool) {
    e_running.set_value();
    gate_e.Wait();
  }));
  e_running.get_future().wait();
  // Both workers are busy: this one waits until gate_e opens.
  ASSERT_TRUE(pool.Submit(Later(), [&](Session&, bool) { f_ran.set_value(); }));
  std::this_thread::sleep_for(milliseconds(50));
  gate_e.Open();
  ASSERT_EQ(f_ran.get_future().wait_for(std::chrono::seconds(5)),
            std::future_status::ready);
  const auto waits = observer.waits();
  ASSERT_EQ(waits.size(), 3u);  // a, e and f; the refused one is not taken
  EXPECT_LT(waits[0], milliseconds(50));
  EXPECT_LT(waits[1], milliseconds(50));
  EXPECT_GE(waits[2], milliseconds(50));
  EXPECT_EQ(observer.throttled(), 1);
  gate_a.Open();
}

}  // namespace
}  // namespace poles::storage
