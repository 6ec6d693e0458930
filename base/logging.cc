#include "base/logging.h"

#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <mutex>
#include <thread>

#include <spdlog/async_logger.h>
#include <spdlog/details/thread_pool.h>
#include <spdlog/logger.h>
#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/base_sink.h>
#include <spdlog/sinks/dist_sink.h>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace poles::logging {
namespace {

// Lines waiting for the writer thread; when it is full the oldest is dropped
// (and counted), so a request thread never waits for stderr.
constexpr size_t kQueueLines = 8192;
// The writer's buffer is written out when it holds this much, or when no line
// is waiting behind the one just formatted (an idle log is written at once).
constexpr size_t kBatchBytes = 64 * 1024;
// How long Flush() waits for the writer to catch up.
constexpr std::chrono::seconds kFlushWait{5};

// The time and level come from spdlog's formatter; %v is the caller's fields
// without their enclosing braces (see Log).
std::unique_ptr<spdlog::formatter> LineFormatter() {
  return std::make_unique<spdlog::pattern_formatter>(
      R"({"time":"%Y-%m-%dT%H:%M:%S.%fZ","level":"%l",%v})",
      spdlog::pattern_time_type::utc);
}

// Formats lines into a buffer and writes it to file descriptor 2 in as few
// write(2) calls as the load allows (see kBatchBytes). Called by the async
// logger's one writer thread, and by Flush().
class StderrBatchSink final : public spdlog::sinks::base_sink<std::mutex> {
 public:
  StderrBatchSink(std::atomic<uint64_t>* written,
                  const spdlog::details::thread_pool* pool)
      : written_(written), pool_(pool) {}

 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override {
    formatter_->format(msg, buffer_);
    written_->fetch_add(1, std::memory_order_release);
    // queue_size() is const in spirit; spdlog declares it non-const.
    auto* pool = const_cast<spdlog::details::thread_pool*>(pool_);
    if (buffer_.size() >= kBatchBytes || pool->queue_size() == 0) WriteOut();
  }
  void flush_() override { WriteOut(); }

 private:
  void WriteOut() {
    const char* data = buffer_.data();
    size_t left = buffer_.size();
    while (left > 0) {
      const ssize_t n = ::write(STDERR_FILENO, data, left);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;  // stderr closed or broken: the lines are lost
      data += n;
      left -= static_cast<size_t>(n);
    }
    buffer_.clear();
  }

  spdlog::memory_buf_t buffer_;
  std::atomic<uint64_t>* written_;
  const spdlog::details::thread_pool* pool_;
};

struct ProcessLog {
  ProcessLog()
      : pool(std::make_shared<spdlog::details::thread_pool>(kQueueLines, 1)),
        err(std::make_shared<StderrBatchSink>(&written, pool.get())),
        logger(std::make_shared<spdlog::async_logger>(
            "poles", err, pool, spdlog::async_overflow_policy::overrun_oldest)),
        captures(std::make_shared<spdlog::sinks::dist_sink_mt>()),
        capture_logger("poles-capture", captures) {
    err->set_formatter(LineFormatter());
    logger->set_level(spdlog::level::info);
    capture_logger.set_level(spdlog::level::trace);
    capture_logger.flush_on(spdlog::level::trace);
    std::atexit([] { Flush(); });
  }

  std::atomic<uint64_t> posted{0};   // lines handed to the writer
  std::atomic<uint64_t> written{0};  // lines the writer formatted
  uint64_t dropped_reported = 0;     // under flush_mutex
  std::mutex flush_mutex;
  std::shared_ptr<spdlog::details::thread_pool> pool;
  std::shared_ptr<StderrBatchSink> err;
  std::shared_ptr<spdlog::async_logger> logger;
  // Tests' sinks (AddSink), written synchronously on the caller's thread.
  std::shared_ptr<spdlog::sinks::dist_sink_mt> captures;
  spdlog::logger capture_logger;
  std::atomic<int> capture_count{0};
};

ProcessLog& Process() {
  static auto* log = new ProcessLog();
  return *log;
}

void Post(ProcessLog& log, spdlog::level::level_enum level,
          spdlog::string_view_t text) {
  if (log.capture_count.load(std::memory_order_acquire) > 0) {
    log.capture_logger.log(level, text);
  }
  log.posted.fetch_add(1, std::memory_order_relaxed);
  log.logger->log(level, text);
}

}  // namespace

absl::StatusOr<spdlog::level::level_enum> ParseLevel(absl::string_view name) {
  const std::string n = absl::AsciiStrToLower(name);
  if (n == "trace") return spdlog::level::trace;
  if (n == "debug") return spdlog::level::debug;
  if (n == "info") return spdlog::level::info;
  if (n == "warn" || n == "warning") return spdlog::level::warn;
  if (n == "error") return spdlog::level::err;
  if (n == "critical") return spdlog::level::critical;
  if (n == "off") return spdlog::level::off;
  return absl::InvalidArgumentError(absl::StrCat(
      "log level \"", name,
      "\" is not one of trace, debug, info, warn, error, critical, off"));
}

void SetLevel(spdlog::level::level_enum level) {
  Process().logger->set_level(level);
}

bool Enabled(spdlog::level::level_enum level) {
  return Process().logger->should_log(level);
}

void Log(spdlog::level::level_enum level, absl::string_view event,
         const nlohmann::ordered_json& fields) {
  ProcessLog& log = Process();
  if (!log.logger->should_log(level)) return;
  constexpr auto kReplace = nlohmann::json::error_handler_t::replace;
  // "event":"...", then the fields' members: the object's text without its
  // braces (the pattern adds them).
  std::string text = "\"event\":";
  text += nlohmann::json(std::string(event)).dump(-1, ' ', false, kReplace);
  if (fields.is_object() && !fields.empty()) {
    const std::string members = fields.dump(-1, ' ', false, kReplace);
    text += ',';
    text.append(members, 1, members.size() - 2);
  }
  Post(log, level, text);
}

void Flush() {
  ProcessLog& log = Process();
  std::lock_guard<std::mutex> lock(log.flush_mutex);
  const uint64_t dropped = log.pool->overrun_counter();
  if (dropped > log.dropped_reported) {
    const std::string text =
        absl::StrCat("\"event\":\"log_lines_dropped\",\"count\":",
                     dropped - log.dropped_reported);
    log.dropped_reported = dropped;
    Post(log, spdlog::level::warn, text);
  }
  const auto until = std::chrono::steady_clock::now() + kFlushWait;
  while (log.written.load(std::memory_order_acquire) +
                 log.pool->overrun_counter() <
             log.posted.load(std::memory_order_relaxed) &&
         std::chrono::steady_clock::now() < until) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  log.err->flush();
}

void AddSink(std::shared_ptr<spdlog::sinks::sink> sink) {
  sink->set_formatter(LineFormatter());
  ProcessLog& log = Process();
  log.captures->add_sink(std::move(sink));
  log.capture_count.fetch_add(1, std::memory_order_release);
}

void RemoveSink(const std::shared_ptr<spdlog::sinks::sink>& sink) {
  ProcessLog& log = Process();
  log.captures->remove_sink(sink);
  log.capture_count.fetch_sub(1, std::memory_order_release);
}

}  // namespace poles::logging
