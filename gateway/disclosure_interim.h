#ifndef POLES_GATEWAY_DISCLOSURE_INTERIM_H_
#define POLES_GATEWAY_DISCLOSURE_INTERIM_H_

// Statistical disclosure control, the signatures agreed with
// gateway/disclosure.h (being written in parallel); this file is replaced
// by it. A cell is suppressed when it counts 1..threshold-1 units, and
// complementary cells are suppressed so that no suppressed cell can be
// recovered from the published totals by subtraction.

#include <cstdint>
#include <vector>

#include "poles/v1/indicators.pb.h"

namespace poles::gateway {

struct DisclosureCell {
  int64_t value = 0;
  bool suppressed = false;
};

// People, dossiers, enterprises, awards: subject to control.
bool CountsUnits(const v1::NationalIndicator& indicator);

// The row's total is published exactly.
void SuppressRow(int threshold, std::vector<DisclosureCell>* cells);

// Row and column totals are published exactly.
void SuppressTable(int threshold,
                   std::vector<std::vector<DisclosureCell>>* cells);

}  // namespace poles::gateway

#endif  // POLES_GATEWAY_DISCLOSURE_INTERIM_H_
