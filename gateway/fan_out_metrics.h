#ifndef POLES_GATEWAY_FAN_OUT_METRICS_H_
#define POLES_GATEWAY_FAN_OUT_METRICS_H_

#include <cstddef>

#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

namespace poles::gateway {

// What the fan-out (fan_out.h) does, without labels:
//   poles_gateway_fan_out_calls_in_flight (gauge): summary calls started and
//     not yet answered, over every read (a call still open when its read
//     gave up at the deadline is no longer counted)
//   poles_gateway_fan_out_calls (histogram): calls of one fan-out (one per
//     tenant, service and fiscal year)
//   poles_gateway_fan_out_unreachable_tenants (histogram): tenants of one
//     fan-out with a call that failed (a service without summaries,
//     UNIMPLEMENTED, is not a failure)
// Thread-safe.
class FanOutMetrics {
 public:
  // Registers the families in `registry`, which must outlive this.
  explicit FanOutMetrics(prometheus::Registry& registry);

  void CallsStarted(size_t n);
  // Answered, or given up at the deadline.
  void CallsEnded(size_t n);
  void FanOutDone(size_t calls, size_t unreachable_tenants);

 private:
  prometheus::Gauge& in_flight_;
  prometheus::Histogram& calls_;
  prometheus::Histogram& unreachable_;
};

}  // namespace poles::gateway

#endif  // POLES_GATEWAY_FAN_OUT_METRICS_H_
