#include "services/common/client_stream.h"

namespace poles::internal {

OpenStreams& OpenStreams::Default() {
  static auto* streams =
      new OpenStreams(kMaxOpenStreamsPerTenant, kMaxOpenStreams);
  return *streams;
}

bool OpenStreams::Open(const std::string& key) {
  std::lock_guard<std::mutex> lock(mu_);
  int& open = open_[key];
  if (open >= max_per_key_ || total_ >= max_total_) {
    if (open == 0) open_.erase(key);
    return false;
  }
  ++open;
  ++total_;
  return true;
}

void OpenStreams::Close(const std::string& key) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = open_.find(key);
  if (it == open_.end()) return;
  if (--it->second == 0) open_.erase(it);
  --total_;
}

absl::Status TooManyStreamsError() {
  return WithReason(
      absl::ResourceExhaustedError(
          "too many import streams are open for this tenant (or this "
          "server); finish one first"),
      "TOO_MANY_STREAMS");
}

absl::Status UnparseableStreamMessageError(int index) {
  return WithReason(
      absl::InvalidArgumentError(absl::StrCat(
          "message ", index,
          " of the stream (counted from 0) could not be parsed (malformed "
          "protocol buffer, or a string field that is not valid UTF-8); "
          "nothing was imported")),
      "UNPARSEABLE_REQUEST");
}

}  // namespace poles::internal
