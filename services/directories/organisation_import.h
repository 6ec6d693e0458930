#ifndef POLES_SERVICES_DIRECTORIES_ORGANISATION_IMPORT_H_
#define POLES_SERVICES_DIRECTORIES_ORGANISATION_IMPORT_H_

// The meaning of an organisation import's columns and cells, shared by the
// server (which decides) and polesctl (which checks a file before sending
// it, to report every bad line at once). Pure functions, no I/O.

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "poles/v1/directories.pb.h"
#include "services/common/errors.h"
#include "services/directories/directories_validation.h"

namespace poles::directories {

// An import column: the OrganisationRow field it fills and the header
// names it is recognised by (compared as slugs with '_': « Forme
// juridique » -> "forme_juridique").
struct ImportColumn {
  const char* field;                 // "legal_form"
  std::vector<const char*> headers;  // {"forme_juridique", "forme", ...}
};
const std::vector<ImportColumn>& ImportColumns();

// The field of `columns` a header cell names, or "" if none: the cell is
// compared as a slug with '_' to each field and its header names. Shared
// with the award import, which has its own columns.
std::string FieldForHeader(absl::string_view header,
                           const std::vector<ImportColumn>& columns);

// The field a header cell names ("Année de fondation" -> "year_founded"),
// or "" if none.
std::string ImportFieldForHeader(absl::string_view header);

// A cell as the import reads it: ASCII whitespace and no-break spaces
// trimmed, and the apostrophe our CSV exports put before a cell starting
// with = + - @ (so that spreadsheets do not read it as a formula) removed.
std::string TrimCell(absl::string_view cell);

// Sets `field` of `row` to `value` (and lists it in `present`); false for an
// unknown field.
bool SetRowField(v1::OrganisationRow& row, absl::string_view field,
                 std::string value);

// The violation field for a row's field: "lines[12].neq".
std::string LineField(int line, absl::string_view field);

// Applies the row's present cells to `org`: the stored organisation for an
// update, or an empty one for a creation (whose kind then defaults to
// ENTERPRISE). Cells are trimmed; each cell that cannot be read adds a
// violation `lines[<line>].<field>`, then the resulting organisation is
// validated (ValidateOrganisation against `ref`) with the same naming.
// `today` ("2025-11-22") dates membership changes made by the `member` cell.
void ApplyImportRow(const v1::OrganisationRow& row,
                    const DirectoryReference& ref, absl::string_view today,
                    v1::Organisation* org, Violations& out);

// The problems a row has on its own, whatever is stored: cells that cannot
// be read and an empty name. polesctl uses it to report every bad line of a
// file before sending anything.
void CheckImportRowCells(const v1::OrganisationRow& row,
                         const DirectoryReference& ref, Violations& out);

// Reading single cells (exposed for tests). Each returns false if the cell
// cannot be read.
bool ParseLegalFormCell(absl::string_view cell,
                        v1::Organisation::LegalForm* out);
bool ParseKindCell(absl::string_view cell, v1::Organisation::Kind* out);
bool ParseYesNoCell(absl::string_view cell, bool* out);
// A sector code, « sectors/code » or French label -> id.
bool ParseSectorCell(absl::string_view cell, const DirectoryReference& ref,
                     std::string* id);
// An MRC id, « mrcs/id », name, « MRC de Name » -> id of the territory.
bool ParseMrcCell(absl::string_view cell, const DirectoryReference& ref,
                  std::string* id);

}  // namespace poles::directories

#endif  // POLES_SERVICES_DIRECTORIES_ORGANISATION_IMPORT_H_
