#ifndef POLES_BASE_LOGGING_H_
#define POLES_BASE_LOGGING_H_

#include <memory>
#include <string>

#include <nlohmann/json.hpp>
#include <spdlog/common.h>
#include <spdlog/sinks/sink.h>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

// The process log: one JSON object per line on stderr,
//   {"time":"2026-12-01T19:30:00.123456Z","level":"info","event":"rpc",...}
// `time` is UTC; `level` is spdlog's name (trace, debug, info, warning,
// error, critical). Every other field comes from the caller and is escaped by
// nlohmann-json. Callers never pass keys, authorization headers, request
// bodies or personal data (names, e-mails, row values from the database).
//
// The logger exists from the first use (level info) so libraries and tests
// log the same way whether or not SetLevel() ran. Thread-safe.
//
// Lines reach stderr asynchronously: Log() formats the caller's fields and
// hands the line to one writer thread through a bounded queue (8192 lines),
// and never waits for stderr. When the queue is full the oldest line is
// dropped; the count of dropped lines is logged ("log_lines_dropped") by the
// next Flush(). The writer batches what is queued into one write(2), and
// writes a line at once when nothing is queued behind it, so an idle log is
// not delayed. Flush() runs at exit (std::atexit); a process that ends
// otherwise (_exit, a signal's default action) may lose queued lines.
namespace poles::logging {

// Parses a level name: trace, debug, info, warn (or warning), error,
// critical, off. INVALID_ARGUMENT otherwise.
absl::StatusOr<spdlog::level::level_enum> ParseLevel(absl::string_view name);

// Sets the level below which lines are dropped (info by default).
void SetLevel(spdlog::level::level_enum level);

// True when a line at `level` would be written (to skip building fields).
bool Enabled(spdlog::level::level_enum level);

// Writes one line: `event` names what happened ("rpc", "database_error",
// "server_started"); `fields` (an object, may be empty) follow it. Text that
// is not valid UTF-8 is replaced, never rejected.
void Log(
    spdlog::level::level_enum level, absl::string_view event,
    const nlohmann::ordered_json& fields = nlohmann::ordered_json::object());

// Waits (up to 5 s) until every line logged before the call is written to
// stderr. Safe from any thread.
void Flush();

// Sends every line also to `sink`, synchronously on the logging thread
// (formatted as above), until RemoveSink(); tests capture the log this way.
void AddSink(std::shared_ptr<spdlog::sinks::sink> sink);
void RemoveSink(const std::shared_ptr<spdlog::sinks::sink>& sink);

}  // namespace poles::logging

#endif  // POLES_BASE_LOGGING_H_
