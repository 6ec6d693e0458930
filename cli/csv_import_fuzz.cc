// Fuzz target for the organisations CSV import, the parser that takes
// outside input in polesctl: libcsv through CsvReader, the header mapping,
// and each row's interpretation (CheckImportRowCells, ApplyImportRow).
// Anything may come in; nothing may crash, hang or read out of bounds.
//
// With clang and -DPOLES_FUZZ=ON this is a libFuzzer binary
// (`csv_import_fuzz -max_total_time=60 cli/fuzz/csv`); otherwise
// fuzz_replay_main.cc runs the seed corpus through it as a test.
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

#include "cli/organisation_import.h"
#include "services/directories/organisation_import.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const poles::directories::DirectoryReference* ref = [] {
    auto* r = new poles::directories::DirectoryReference;
    r->sectors = {{"aide-a-domicile", "Aide à domicile"}, {"sante", "Santé"}};
    r->mrcs = {{"becancour", "Bécancour"}, {"l-erable", "L'Érable"}};
    return r;
  }();
  std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
  poles::cli::OrganisationCsv csv(in);
  if (!csv.ReadHeader().ok()) return 0;
  poles::v1::OrganisationRow row;
  while (csv.Next(&row)) {
    poles::Violations v;
    poles::directories::CheckImportRowCells(row, *ref, v);
    poles::v1::Organisation org;
    poles::Violations w;
    poles::directories::ApplyImportRow(row, *ref, "2018-05-01", &org, w);
    (void)v.Status();
    (void)w.Status();
  }
  (void)csv.problems();
  return 0;
}
