#ifndef POLES_SERVICES_FUNDING_AWARD_IMPORT_H_
#define POLES_SERVICES_FUNDING_AWARD_IMPORT_H_

// The meaning of an award import's columns and cells: polesctl reads a CSV
// file (French headers in any order and spelling, as the directory import)
// into typed AwardRows for FundingService.ImportAwards, reporting every bad
// cell with its line first. Pure functions, no I/O.

#include <map>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "poles/v1/funding.pb.h"
#include "services/common/errors.h"
#include "services/directories/directories_validation.h"
#include "services/directories/organisation_import.h"

namespace poles::funding {

// The import columns (compared as slugs with '_', « Montant autorisé » ->
// "montant_autorise"): award_id, title, description, organisation,
// promoter_group, neq, mrc, sector, legal_form, program, call_for_projects,
// status, amount_requested, amount_authorised, amount_disbursed,
// total_investment, decision_date, jobs_created, jobs_maintained,
// jobs_created_or_maintained, plan_item; and the columns the award export
// writes that are not read back (funder, fiscal_year: computed by the
// server) or that are notes for people (source, remarque, note), which are
// accepted and skipped.
const std::vector<directories::ImportColumn>& AwardImportColumns();

// The field a header cell names ("Montant autorisé" -> "amount_authorised"),
// "-" for a column accepted and skipped, or "" if none.
std::string AwardFieldForHeader(absl::string_view header);

// What cells are resolved against.
struct AwardImportReference {
  std::string tenant;                           // slug
  std::map<std::string, std::string> programs;  // program name -> French label
  directories::DirectoryReference directory;    // sectors, the tenant's MRCs
};

// Reads `cell` into `row` for `field` (an AwardImportColumns field): amounts
// « 337 905 $ », « 337905.00 », « 44 625,50 » -> cents; dates YYYY-MM-DD;
// statuses in French or English (« autorisé », « versé »…); programs by id
// (« piec »), name or label; calls, organisations by id or name; MRC,
// sector and legal form as the directory import reads them (they describe
// a promoter group: the server reads an organisation's from the
// directory). An empty cell leaves the field absent. A cell that cannot be
// read adds a violation `lines[<line>].<field>` to `out`.
void SetAwardCell(absl::string_view field, absl::string_view cell,
                  const AwardImportReference& ref, v1::AwardRow& row,
                  Violations& out);

// The problems a row has on its own once its cells are read: no title, no
// recipient or two, no program.
void CheckAwardRow(const v1::AwardRow& row, Violations& out);

// Reading single cells (exposed for tests); false if the cell cannot be
// read.
bool ParseAmountCell(absl::string_view cell, int64_t* cents);
bool ParseAwardStatusCell(absl::string_view cell, v1::Award::Status* out);

}  // namespace poles::funding

#endif  // POLES_SERVICES_FUNDING_AWARD_IMPORT_H_
