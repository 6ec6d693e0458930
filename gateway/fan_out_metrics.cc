#include "gateway/fan_out_metrics.h"

#include <prometheus/family.h>

namespace poles::gateway {

FanOutMetrics::FanOutMetrics(prometheus::Registry& registry)
    : in_flight_(prometheus::BuildGauge()
                     .Name("poles_gateway_fan_out_calls_in_flight")
                     .Help("Summary calls to the services awaiting an answer.")
                     .Register(registry)
                     .Add({})),
      calls_(prometheus::BuildHistogram()
                 .Name("poles_gateway_fan_out_calls")
                 .Help("Summary calls per fan-out (tenants x services x "
                       "fiscal years).")
                 .Register(registry)
                 .Add({},
                      prometheus::Histogram::BucketBoundaries{
                          1, 10, 50, 100, 250, 500, 1000, 2500, 5000, 10000})),
      unreachable_(prometheus::BuildHistogram()
                       .Name("poles_gateway_fan_out_unreachable_tenants")
                       .Help("Tenants left unreachable per fan-out.")
                       .Register(registry)
                       .Add({}, prometheus::Histogram::BucketBoundaries{
                                    0, 1, 2, 5, 10, 20, 50, 100})) {}

void FanOutMetrics::CallsStarted(size_t n) {
  in_flight_.Increment(static_cast<double>(n));
}

void FanOutMetrics::CallsEnded(size_t n) {
  in_flight_.Decrement(static_cast<double>(n));
}

void FanOutMetrics::FanOutDone(size_t calls, size_t unreachable_tenants) {
  calls_.Observe(static_cast<double>(calls));
  unreachable_.Observe(static_cast<double>(unreachable_tenants));
}

}  // namespace poles::gateway
