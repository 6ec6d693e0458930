#include "cli/progress.h"

#include <unistd.h>

#include <cmath>
#include <utility>

#include "absl/strings/str_cat.h"
#include "cli/messages.h"

namespace poles::cli {

Progress::Progress(std::string label, std::string unit, std::FILE* out)
    : label_(std::move(label)),
      unit_(std::move(unit)),
      out_(out),
      tty_(isatty(fileno(out)) == 1),
      start_(std::chrono::steady_clock::now()) {}

std::string Progress::Line(size_t done, size_t total, const std::string& unit,
                           double seconds) {
  std::string line = absl::StrCat(done, "/", total, " ", unit);
  if (seconds > 0) {
    absl::StrAppend(&line, ", ",
                    std::llround(static_cast<double>(done) / seconds), "/s");
  }
  return line;
}

void Progress::Update(size_t done, size_t total) {
  done_ = done;
  total_ = total;
  if (!tty_ || finished_) return;
  drawn_ = true;
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start_)
          .count();
  std::fprintf(out_, "\r  %s : %s\033[K", label_.c_str(),
               Line(done, total, unit_, seconds).c_str());
  std::fflush(out_);
}

void Progress::Finish() {
  if (finished_) return;
  finished_ = true;
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start_)
          .count();
  // On a terminal the summary takes the live line's place.
  std::fprintf(out_, "%s  %s : %s %s %.1f s%s\n", drawn_ ? "\r" : "",
               label_.c_str(), Line(done_, total_, unit_, seconds).c_str(),
               Tr("en", "in"), seconds, drawn_ ? "\033[K" : "");
  std::fflush(out_);
}

void Progress::Clear() {
  if (finished_) return;
  finished_ = true;
  if (drawn_) {
    std::fprintf(out_, "\r\033[K");
    std::fflush(out_);
  }
}

Progress::~Progress() { Clear(); }

}  // namespace poles::cli
