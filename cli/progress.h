#ifndef POLES_CLI_PROGRESS_H_
#define POLES_CLI_PROGRESS_H_

#include <chrono>
#include <cstdio>
#include <string>

namespace poles::cli {

// An import's or export's progress on stderr: while it runs, one line
// rewritten in place ("  plan.json : 12/31 éléments, 40/s") when stderr is
// a terminal; at Finish, whatever stderr is, one summary line with the
// count, the rate and the time. Clear() (and the destructor, unless
// finished) erases the live line instead, for a dry run or a failure, so
// the next message starts on a clean line. Not thread-safe.
class Progress {
 public:
  // `unit` is plural, in the messages' language ("éléments").
  Progress(std::string label, std::string unit, std::FILE* out = stderr);

  // `done` of `total` so far.
  void Update(size_t done, size_t total);
  // The summary line, after the live line if any. Idempotent.
  void Finish();
  // Erases the live line if one was drawn, writes no summary; then Finish
  // and Clear do nothing.
  void Clear();
  ~Progress();
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  // "12/31 éléments, 40/s" (pure: for the live line and tests).
  static std::string Line(size_t done, size_t total, const std::string& unit,
                          double seconds);

 private:
  std::string label_;
  std::string unit_;
  std::FILE* out_;
  bool tty_;
  bool finished_ = false;
  bool drawn_ = false;
  size_t done_ = 0;
  size_t total_ = 0;
  std::chrono::steady_clock::time_point start_;
};

}  // namespace poles::cli

#endif  // POLES_CLI_PROGRESS_H_
