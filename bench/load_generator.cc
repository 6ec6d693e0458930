#include "bench/load_generator.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <condition_variable>
#include <mutex>

namespace poles::bench {

namespace {

using Clock = std::chrono::steady_clock;

// One slot: a chain of calls, one at a time. Only the chain touches its
// fields, and each call starts after the previous one completed.
struct Slot {
  StartCall start;
  uint64_t seq = 0;
  Clock::time_point sent;
  std::vector<double> latencies_ms;
};

class Run {
 public:
  Run(int slots, Clock::time_point measure_from, Clock::time_point measure_to)
      : active_(slots), from_(measure_from), to_(measure_to) {}

  void Next(Slot* slot) {
    if (Clock::now() >= to_) {
      std::lock_guard<std::mutex> lock(mu_);
      if (--active_ == 0) cv_.notify_all();
      return;
    }
    slot->sent = Clock::now();
    slot->start(slot->seq++, [this, slot](const grpc::Status& status) {
      Clock::time_point now = Clock::now();
      issued_.fetch_add(1, std::memory_order_relaxed);
      if (!status.ok()) {
        std::lock_guard<std::mutex> lock(mu_);
        if (errors_++ == 0) {
          first_error_ = std::to_string(status.error_code()) + " " +
                         status.error_message();
        }
      } else if (now >= from_ && now < to_) {
        slot->latencies_ms.push_back(
            std::chrono::duration<double, std::milli>(now - slot->sent)
                .count());
      }
      Next(slot);
    });
  }

  void Wait() {
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait(lock, [this] { return active_ == 0; });
  }

  int64_t issued() const { return issued_.load(); }
  int64_t errors() const { return errors_; }
  const std::string& first_error() const { return first_error_; }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  int active_;  // slots still issuing calls
  std::atomic<int64_t> issued_{0};
  int64_t errors_ = 0;
  std::string first_error_;
  const Clock::time_point from_, to_;
};

}  // namespace

LoadResult RunLoad(const LoadPoint& point, const CallerFactory& make_caller) {
  const int channels = std::max(1, std::min(point.channels, point.in_flight));
  std::vector<StartCall> callers;
  for (int i = 0; i < channels; ++i) {
    grpc::ChannelArguments args = point.channel_args;
    // Distinct arguments keep channels off one shared connection.
    args.SetInt("poles.bench.channel", i);
    args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
    callers.push_back(make_caller(grpc::CreateCustomChannel(
        point.address, grpc::InsecureChannelCredentials(), args)));
  }
  std::vector<Slot> slots(point.in_flight);
  const auto expected = static_cast<size_t>(
      point.duration.count() * 20000.0 / point.in_flight + 1024);
  for (int i = 0; i < point.in_flight; ++i) {
    slots[i].start = callers[i % channels];
    slots[i].latencies_ms.reserve(std::min<size_t>(expected, 1 << 22));
  }
  const Clock::time_point start = Clock::now();
  const auto from =
      start + std::chrono::duration_cast<Clock::duration>(point.warmup);
  const auto to =
      from + std::chrono::duration_cast<Clock::duration>(point.duration);
  Run run(point.in_flight, from, to);
  for (auto& slot : slots) run.Next(&slot);
  run.Wait();

  LoadResult r;
  std::vector<double> all;
  for (auto& slot : slots) {
    all.insert(all.end(), slot.latencies_ms.begin(), slot.latencies_ms.end());
  }
  r.calls = static_cast<int64_t>(all.size());
  r.issued = run.issued();
  r.errors = run.errors();
  r.first_error = run.first_error();
  r.seconds = point.duration.count();
  r.rps = r.seconds > 0 ? r.calls / r.seconds : 0;
  r.p50_ms = Quantile(all, 0.50);
  r.p99_ms = Quantile(all, 0.99);
  return r;
}

double Quantile(std::vector<double>& samples, double q) {
  if (samples.empty()) return 0;
  size_t rank = static_cast<size_t>(std::ceil(q * samples.size()));
  size_t index = std::min(samples.size() - 1, rank == 0 ? 0 : rank - 1);
  std::nth_element(samples.begin(), samples.begin() + index, samples.end());
  return samples[index];
}

}  // namespace poles::bench
