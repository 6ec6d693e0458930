#ifndef POLES_SERVICES_EVENTS_SUMMARY_H_
#define POLES_SERVICES_EVENTS_SUMMARY_H_

// The events indicators (events.* in the catalogue, migrations 0004, 0011
// and 0012), computed by EventsLogic::SummarizeEvents (summary.cc).

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace poles::events {

// The events indicators of this service, computed from its records or only
// reported by the Pôle (events.body_meetings, the audience and youth-project
// counts), with the dimensions each may be broken down by. Must match the
// catalogue (poles.national_indicators); a database test checks that it does.
const std::map<std::string, std::set<std::string>>& EventsIndicators();

// A training's satisfaction as two summable counts of answers (one answer:
// one trainee's answer to one question; migration 0011): `answers` is the
// cohort size times the questions asked, `satisfied` the sum over questions
// of the question's percentage of the cohort, rounded to the nearest whole
// answer (percentages outside 0-100 are clamped). Both 0 without questions
// or without a cohort.
struct SatisfactionCount {
  int64_t answers = 0;
  int64_t satisfied = 0;
};
SatisfactionCount CountSatisfaction(int cohort_size,
                                    const std::vector<double>& percents);

}  // namespace poles::events

#endif  // POLES_SERVICES_EVENTS_SUMMARY_H_
