#ifndef POLES_SERVICES_DIRECTORIES_DIRECTORY_EXPORT_H_
#define POLES_SERVICES_DIRECTORIES_DIRECTORY_EXPORT_H_

// Renders the public directory of a Pôle's enterprises: a CSV file that
// spreadsheets open as is, and a printable HTML page per MRC (the seeds'
// « prospectus territoriaux »). Pure functions: no I/O, no clock.

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "services/common/csv_writer.h"
#include "services/common/html_escape.h"

namespace poles::directories {

// One enterprise as the public directory shows it. Every text is UTF-8 and
// may contain anything (it is escaped on output).
struct DirectoryEntry {
  std::string display_name;
  std::string legal_form;  // French label: « Coopérative »
  std::string sector;      // French label: « Aide à domicile »
  std::string mrc;         // MRC name: « L'Érable »
  std::string municipality;
  std::string address;
  std::string phone;
  std::string email;
  std::string website;
  std::string neq;
};

// The CSV columns, in order (French headers that polesctl's import reads
// back: MRC, Municipalité, Nom, Forme juridique, Secteur, Adresse,
// Téléphone, Courriel, Site Web, NEQ).
const std::vector<std::string>& DirectoryCsvHeader();

// CsvField lives in services/common/csv_writer.h, shared with the award
// export; directory code keeps calling it by its short name.
using ::poles::CsvField;

// The whole file: UTF-8 byte order mark (so Excel reads UTF-8), the header,
// then one record per entry, every record ended by CRLF. `separator` is ','
// (RFC 4180) or ';' (what Excel expects under French regional settings).
std::string RenderDirectoryCsv(const std::vector<DirectoryEntry>& entries,
                               char separator = ',');

using ::poles::HtmlEscape;  // services/common/html_escape.h

// « MRC de Bécancour », « MRC d'Arthabaska », « MRC des Maskoutains »,
// « MRC du Haut-Richelieu »; for a territory that is not an MRC (a city or
// agglomeration), its name alone.
std::string MrcTitle(absl::string_view mrc_name, bool is_mrc);

// A printable, self-contained HTML page (polyglot markup: also well-formed
// XML) of one MRC's enterprises, grouped by sector in the order given
// (entries must already be sorted by sector, then name). `pole_name` is the
// tenant's display name, `generated_on` an ISO date printed at the bottom.
std::string RenderDirectoryHtml(absl::string_view pole_name,
                                absl::string_view mrc_title,
                                const std::vector<DirectoryEntry>& entries,
                                absl::string_view generated_on);

}  // namespace poles::directories

#endif  // POLES_SERVICES_DIRECTORIES_DIRECTORY_EXPORT_H_
