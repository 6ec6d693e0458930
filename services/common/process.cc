#include "services/common/process.h"

#include "absl/synchronization/mutex.h"

namespace poles {

void ConfigureServerProcess() {
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
}

}  // namespace poles
