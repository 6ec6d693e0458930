// libFuzzer target: the cells of an award import file (polesctl funding
// import, FundingService.ImportAwards). Reading any cell into any column
// never crashes; an amount it reads is a non-negative count of cents; a
// cell it cannot read adds a violation naming the line and field, and the
// row's own check never crashes whatever the cells left in it. Cells are
// valid UTF-8 (proto strings), and so are the messages.
#include <cstddef>
#include <cstdint>
#include <string>

#include <fuzzer/FuzzedDataProvider.h>

#include "services/common/validation.h"
#include "services/funding/award_import.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzedDataProvider in(data, size);
  static const auto* ref = [] {
    auto* r = new poles::funding::AwardImportReference;
    r->tenant = "centre-du-quebec";
    r->programs = {{"piec",
                    "Programme d'immobilisation en entrepreneuriat "
                    "collectif (PIEC)"},
                   {"fli", "Fonds local d'investissement"}};
    return r;
  }();
  const auto& columns = poles::funding::AwardImportColumns();
  poles::v1::AwardRow row;
  poles::Violations v;
  while (in.remaining_bytes() > 0) {
    const std::string header = in.ConsumeRandomLengthString(40);
    const std::string field = poles::funding::AwardFieldForHeader(header);
    const std::string cell = in.ConsumeRandomLengthString(60);
    // Cells reach the import as proto strings: valid UTF-8.
    if (!poles::IsValidUtf8(header) || !poles::IsValidUtf8(cell)) continue;
    int64_t cents = -1;
    if (poles::funding::ParseAmountCell(cell, &cents) && cents < 0) {
      __builtin_trap();
    }
    poles::v1::Award::Status status;
    poles::funding::ParseAwardStatusCell(cell, &status);
    if (columns.empty()) break;
    const auto& column =
        columns[in.ConsumeIntegralInRange<size_t>(0, columns.size() - 1)];
    poles::Violations one;
    poles::funding::SetAwardCell(column.field, cell, *ref, row, one);
    if (!one.empty() &&
        (one.Status().code() != absl::StatusCode::kInvalidArgument ||
         !poles::IsValidUtf8(one.Status().message()))) {
      __builtin_trap();
    }
    v.Merge(one.Status());
    if (!field.empty() && field != "-") {
      poles::funding::SetAwardCell(field, cell, *ref, row, v);
    }
  }
  poles::funding::CheckAwardRow(row, v);
  return 0;
}
