#ifndef POLES_TESTS_CHILD_PROCESS_H_
#define POLES_TESTS_CHILD_PROCESS_H_

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <sys/wait.h>

extern char** environ;

namespace poles::testing {

// A child process whose stderr (its log) goes to a file.
class Process {
 public:
  Process(const std::vector<std::string>& argv, const std::string& log)
      : log_(log) {
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 2, log.c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0600);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    if (posix_spawn(&pid_, argv[0].c_str(), &actions, nullptr, args.data(),
                    environ) != 0) {
      pid_ = -1;
    }
    posix_spawn_file_actions_destroy(&actions);
  }
  ~Process() {
    if (pid_ > 0) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
  }

  // The "port" of the log line of `event`, waiting for it up to 20 s.
  int PortOf(const std::string& event) {
    const std::regex pattern("\"" + event + "\".*\"port\":([0-9]+)");
    for (int i = 0; i < 400; ++i) {
      std::ifstream in(log_);
      std::stringstream text;
      text << in.rdbuf();
      std::smatch m;
      const std::string s = text.str();
      if (std::regex_search(s, m, pattern)) return std::stoi(m[1]);
      int status = 0;
      if (pid_ <= 0 || waitpid(pid_, &status, WNOHANG) == pid_) {
        ADD_FAILURE() << "the process ended: " << s;
        pid_ = -1;
        return 0;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ADD_FAILURE() << "no " << event << " in " << log_;
    return 0;
  }

  void Kill() {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }

  // Lines of the log holding `needle`.
  int CountLines(const std::string& needle) const {
    std::ifstream in(log_);
    std::string line;
    int n = 0;
    while (std::getline(in, line)) n += line.find(needle) != std::string::npos;
    return n;
  }

  // Lines of the log holding `needle`, waiting up to 5 s for there to be
  // more than `above`: a call's log line is written once its reply has been
  // sent, so the client can see the reply a moment before the line exists.
  int CountLinesAbove(const std::string& needle, int above) const {
    int n = CountLines(needle);
    for (int i = 0; i < 100 && n <= above; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      n = CountLines(needle);
    }
    return n;
  }

  // SIGTERM, then the exit status.
  int Stop() {
    kill(pid_, SIGTERM);
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = -1;
    return status;
  }

 private:
  std::string log_;
  pid_t pid_ = -1;
};

}  // namespace poles::testing

#endif  // POLES_TESTS_CHILD_PROCESS_H_
