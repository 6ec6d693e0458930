#include "base/logging.h"

#include <spdlog/logger.h>
#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/dist_sink.h>
#include <spdlog/sinks/stdout_sinks.h>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace poles::logging {
namespace {

// The time and level come from spdlog's formatter; %v is the caller's fields
// without their enclosing braces (see Log).
std::unique_ptr<spdlog::formatter> LineFormatter() {
  return std::make_unique<spdlog::pattern_formatter>(
      R"({"time":"%Y-%m-%dT%H:%M:%S.%fZ","level":"%l",%v})",
      spdlog::pattern_time_type::utc);
}

struct ProcessLog {
  ProcessLog()
      : sinks(std::make_shared<spdlog::sinks::dist_sink_mt>()),
        logger("poles", sinks) {
    auto err = std::make_shared<spdlog::sinks::stderr_sink_mt>();
    err->set_formatter(LineFormatter());
    sinks->add_sink(std::move(err));
    logger.set_level(spdlog::level::info);
    logger.flush_on(spdlog::level::trace);
  }
  std::shared_ptr<spdlog::sinks::dist_sink_mt> sinks;
  spdlog::logger logger;
};

ProcessLog& Process() {
  static auto* log = new ProcessLog();
  return *log;
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
  Process().logger.set_level(level);
}

bool Enabled(spdlog::level::level_enum level) {
  return Process().logger.should_log(level);
}

void Log(spdlog::level::level_enum level, absl::string_view event,
         const nlohmann::ordered_json& fields) {
  ProcessLog& log = Process();
  if (!log.logger.should_log(level)) return;
  nlohmann::ordered_json line = nlohmann::ordered_json::object();
  line["event"] = std::string(event);
  if (fields.is_object()) {
    for (const auto& [key, value] : fields.items()) line[key] = value;
  }
  const std::string text =
      line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  // `text` is "{...}" with at least the event; the pattern adds the braces.
  log.logger.log(level,
                 spdlog::string_view_t(text.data() + 1, text.size() - 2));
}

void AddSink(std::shared_ptr<spdlog::sinks::sink> sink) {
  sink->set_formatter(LineFormatter());
  Process().sinks->add_sink(std::move(sink));
}

void RemoveSink(const std::shared_ptr<spdlog::sinks::sink>& sink) {
  Process().sinks->remove_sink(sink);
}

}  // namespace poles::logging
