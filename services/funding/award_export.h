#ifndef POLES_SERVICES_FUNDING_AWARD_EXPORT_H_
#define POLES_SERVICES_FUNDING_AWARD_EXPORT_H_

// Renders a tenant's awards: a CSV file that spreadsheets open as is (the
// directory export's conventions, through services/common/csv_writer) and
// a 360Giving data package (https://standard.threesixtygiving.org/, 1.4).
// Pure functions over protos and labels: no I/O, no clock.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "poles/v1/funding.pb.h"

namespace poles::funding {

// What an export shows besides the awards. Labels are keyed by resource
// name; a name without a label is shown by its id (« loisir »).
struct AwardExportContext {
  std::string tenant;          // slug: "centre-du-quebec"
  std::string publisher_name;  // the tenant's display name
  std::map<std::string, std::string>
      funder_labels;  // "funders/mesi" -> « Ministère… »
  std::map<std::string, std::string>
      program_labels;  // "programs/piec" -> « Programme… »
  std::map<std::string, std::string>
      mrc_labels;  // "mrcs/becancour" -> « Bécancour »
  std::map<std::string, std::string>
      sector_labels;   // "sectors/loisir" -> « Loisir »
  std::string issued;  // ISO date of the export, optional (360Giving `issued`)
};

// The CSV columns, in order; French headers that `polesctl funding import`
// reads back (Identifiant, Titre, Organisation, Groupe promoteur, NEQ, MRC,
// Secteur, Forme juridique, Bailleur, Programme, Appel, Statut, Montant
// demandé, Montant autorisé, Montant versé, Investissement total, Date de
// décision, Exercice, Emplois créés, Emplois maintenus, Emplois créés ou
// maintenus, Élément du plan, Description).
const std::vector<std::string>& AwardCsvHeader();

// Cents as a decimal amount, exact: 33790500 -> "337905.00", -5 -> "-0.05".
// `decimal_point` is '.' or ',' (French spreadsheets).
std::string DecimalAmount(int64_t cents, char decimal_point = '.');

// The whole CSV file: byte order mark, header, one record per award, CRLF.
// `separator` is ',' or ';'; with ';' amounts take a decimal comma, as
// Excel under French regional settings reads numbers. An absent amount or
// job count is an empty cell (not zero). Ids are the awards' and
// programs' short ids ("piec"); MRC, sector, legal form and status are
// French labels.
std::string RenderAwardsCsv(const std::vector<v1::Award>& awards,
                            const AwardExportContext& context,
                            char separator = ',');

// org-id.guide's prefix for Quebec's enterprise register (Registraire des
// entreprises du Québec, list CA_QC-QBC): an NEQ "1140000000" is the
// organisation id "CA_QC-QBC-1140000000".
inline constexpr absl::string_view kQuebecRegisterPrefix = "CA_QC-QBC-";
// The prefix of every id we mint (360Giving asks for the publisher's
// "360G-" prefix followed by an id from its records).
inline constexpr absl::string_view kGivingIdPrefix = "360G-poles-";

// "360G-poles-centre-du-quebec-<award id>".
std::string GrantId(absl::string_view tenant, const v1::Award& award);
// The recipient's organisation id: the NEQ under kQuebecRegisterPrefix when
// the snapshot has one; otherwise tenant-scoped ids of ours,
// "360G-poles-<tenant>-organisation-<id>" for a directory organisation and
// "360G-poles-<tenant>-promoter-group-<award id>" for a promoter group.
std::string RecipientOrgId(absl::string_view tenant, const v1::Award& award);
// "360G-poles-funder-<funder id>" (Quebec ministries have no org-id list).
std::string FunderOrgId(absl::string_view funder_name);

// A 360Giving data package (JSON, UTF-8) of the awards that were awarded:
// AUTHORISED and DISBURSED ones with an authorised amount and a decision
// date; the others are not grants and are left out. Each grant: id, title,
// description, currency CAD, amountAwarded (dollars, exact to the cent for
// amounts under 10^15 cents),
// amountAppliedFor / amountDisbursed when known, awardDate (the decision
// date), recipientOrganization [{id, name, addressRegion (the MRC),
// addressCountry}], fundingOrganization [{id, name}], grantProgramme,
// classifications (sector and legal form at the decision), beneficiaryLocation
// (the MRC) and fromOpenCall "Yes" for an award retained in a call for
// projects. tests/tools/giving360_schema.json is the schema it meets.
std::string RenderAwards360Giving(const std::vector<v1::Award>& awards,
                                  const AwardExportContext& context);

}  // namespace poles::funding

#endif  // POLES_SERVICES_FUNDING_AWARD_EXPORT_H_
