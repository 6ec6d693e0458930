#ifndef POLES_SERVICES_COMMON_REQUEST_LIMITS_H_
#define POLES_SERVICES_COMMON_REQUEST_LIMITS_H_

#include <cstddef>

#include <google/protobuf/message.h>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

// The bounds of every request, in one place (documented in docs/limits.md).
// They are checked on gRPC's threads, before a worker is taken.
namespace poles {

// Elements a repeated field or map of any request may hold, unless
// kRepeatedFieldLimits names it.
inline constexpr int kDefaultMaxRepeated = 1000;

// A repeated field or map with its own maximum.
struct RepeatedFieldLimit {
  const char* field;  // full name: "poles.v1.SummarizeRequest.dimensions"
  int max;
};
inline constexpr RepeatedFieldLimit kRepeatedFieldLimits[] = {
    // A summary is broken down by at most 8 dimensions.
    {"poles.v1.SummarizeRequest.dimensions", 8},
    // An indicator's link_filter names dimensions too.
    {"poles.v1.Indicator.link_filter", 8},
    // A field mask names fields of one resource.
    {"google.protobuf.FieldMask.paths", 100},
};

// The maximum of `field` (kRepeatedFieldLimits, else kDefaultMaxRepeated).
int MaxRepeated(const google::protobuf::FieldDescriptor& field);

// INVALID_ARGUMENT naming the first repeated field or map of `request` (at
// any depth, as "indicator.link_filter") over its maximum; OK otherwise.
// Linear in the message's size; never looks at the elements' contents
// beyond descending into nested messages.
absl::Status CheckRepeatedLimits(const google::protobuf::Message& request);

// Client streams (ServeClientStream): a stream is received whole, in memory,
// before a worker is taken, so it is bounded in messages and bytes, and so
// are the streams open at once, per scheduling key (a tenant) and in all.
inline constexpr int kMaxStreamMessages = 200;
inline constexpr size_t kMaxStreamBytes = 64u << 20;
inline constexpr int kMaxOpenStreamsPerTenant = 2;
inline constexpr int kMaxOpenStreams = 16;

// At most this many field violations travel with an error, and at most
// kMaxViolationBytes of their text (fields and descriptions), so that the
// status always fits gRPC's 8 KiB trailers; the message says how many more
// there were. The message itself is cut at kMaxErrorMessageBytes.
inline constexpr int kMaxFieldViolations = 25;
inline constexpr size_t kMaxViolationBytes = 2048;
inline constexpr size_t kMaxErrorMessageBytes = 768;

}  // namespace poles

#endif  // POLES_SERVICES_COMMON_REQUEST_LIMITS_H_
