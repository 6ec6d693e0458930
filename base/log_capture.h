#ifndef POLES_BASE_LOG_CAPTURE_H_
#define POLES_BASE_LOG_CAPTURE_H_

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <spdlog/sinks/base_sink.h>

#include "base/logging.h"

namespace poles::logging {

// For tests: collects every line the process log writes while it lives
// (from any thread), as the JSON text stderr receives.
class LogCapture {
 public:
  LogCapture() : sink_(std::make_shared<Sink>()) { AddSink(sink_); }
  ~LogCapture() { RemoveSink(sink_); }
  LogCapture(const LogCapture&) = delete;
  LogCapture& operator=(const LogCapture&) = delete;

  // The lines so far, without their newlines.
  std::vector<std::string> Lines() const { return sink_->Lines(); }

 private:
  class Sink final : public spdlog::sinks::base_sink<std::mutex> {
   public:
    std::vector<std::string> Lines() {
      std::lock_guard<std::mutex> lock(this->mutex_);
      return lines_;
    }

   protected:
    void sink_it_(const spdlog::details::log_msg& msg) override {
      spdlog::memory_buf_t text;
      this->formatter_->format(msg, text);
      std::string line(text.data(), text.size());
      while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) {
        line.pop_back();
      }
      lines_.push_back(std::move(line));
    }
    void flush_() override {}

   private:
    std::vector<std::string> lines_;
  };
  std::shared_ptr<Sink> sink_;
};

}  // namespace poles::logging

#endif  // POLES_BASE_LOG_CAPTURE_H_
