#ifndef POLES_SERVICES_COMMON_PROCESS_H_
#define POLES_SERVICES_COMMON_PROCESS_H_

namespace poles {

// Process-wide settings for a long-running server (or load generator),
// called first thing in main().
//
// Debian's Abseil is built without NDEBUG, so absl::Mutex — which gRPC 1.51
// uses for every call's locks — runs its debug deadlock detector on every
// lock and unlock (a global graph of lock orders, stack traces): 2-3 % of a
// server's CPU in plans_bench's profile. A production process turns it off,
// as an NDEBUG build of Abseil would. Tests keep it on.
void ConfigureServerProcess();

}  // namespace poles

#endif  // POLES_SERVICES_COMMON_PROCESS_H_
