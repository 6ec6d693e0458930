#include "services/directories/directories_service.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <tuple>
#include <unordered_map>

#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "services/common/mutation.h"
#include "services/common/resource_name.h"
#include "services/common/sql_values.h"
#include "services/common/standard_methods.h"
#include "services/common/status_macros.h"
#include "services/common/summary.h"
#include "services/common/validation.h"
#include "services/directories/directories_validation.h"
#include "services/directories/directory_export.h"
#include "services/directories/organisation_import.h"

namespace poles::directories {

namespace {

using storage::Statement;
using Json = nlohmann::json;

// ---- SQL -----------------------------------------------------------------

// The columns of an organisation, in OrganisationFromRow's order.
#define ORG_COLS                                                              \
  "o.organisation_id, o.display_name, o.kind, o.legal_form, o.neq, "          \
  "COALESCE(o.sector_id, ''), COALESCE(o.mrc_id, ''), o.municipality, "       \
  "COALESCE(o.employees, -1), COALESCE(o.year_founded, -1), "                 \
  "o.membership_status, COALESCE(o.member_since::text, ''), "                 \
  "COALESCE(o.renewal_due::text, ''), COALESCE(o.membership_end::text, ''), " \
  "o.address, o.phone, o.email, o.website, o.description, "                   \
  "COALESCE(o.closure_date::text, ''), o.version, " POLES_MICROS(             \
      "o.create_time") ", " POLES_MICROS("o.update_time") ", "                \
  "COALESCE((SELECT json_agg(json_build_object('d', r.renewal_date, "         \
  "'u', r.renewed_until, 'n', r.note, 't', " POLES_MICROS("r.record_time")    \
  ") ORDER BY r.renewal_id) FROM poles.membership_renewals r WHERE "          \
  "r.tenant_id = o.tenant_id AND r.organisation_id = o.organisation_id)"      \
  "::text, '[]'), o.sort_name"
constexpr int kOrgVersion = 20;
constexpr int kOrgSortName = 24;

// The writes of organisations take each one as 20 text cells (see
// OrganisationCells: the id, then ORG_FIELDS in order, "" for NULL), bound
// as parameters by the single writes and copied into a staging table by the
// import; ORG_VALUES turns a row `r` of them into the columns' types.
#define ORG_CELL_COLUMNS                                                     \
  "id, display_name, kind, legal_form, neq, sector_id, mrc_id, "             \
  "municipality, employees, year_founded, membership_status, member_since, " \
  "renewal_due, membership_end, address, phone, email, website, "            \
  "description, closure_date"
#define ORG_FIELDS                                                           \
  "display_name, kind, legal_form, neq, sector_id, mrc_id, municipality, "   \
  "employees, year_founded, membership_status, member_since, renewal_due, "  \
  "membership_end, address, phone, email, website, description, closure_date"
#define ORG_VALUES                                                           \
  "r.display_name, r.kind, r.legal_form, r.neq, NULLIF(r.sector_id, ''), "   \
  "NULLIF(r.mrc_id, ''), r.municipality, NULLIF(r.employees, '')::integer, " \
  "NULLIF(r.year_founded, '')::integer, r.membership_status, "              \
  "NULLIF(r.member_since, '')::date, NULLIF(r.renewal_due, '')::date, "      \
  "NULLIF(r.membership_end, '')::date, r.address, r.phone, r.email, "        \
  "r.website, r.description, NULLIF(r.closure_date, '')::date"
// One organisation's cells as the row `r` ($1 is the tenant).
#define ORG_CELLS_PARAMS                                                     \
  "(VALUES ($2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, "  \
  "$16, $17, $18, $19, $20, $21)) AS r(" ORG_CELL_COLUMNS ")"
#define ORG_CELLS_TYPES                                                      \
  "text, text, text, text, text, text, text, text, text, text, text, text, " \
  "text, text, text, text, text, text, text, text, text"
#define ORG_CURRENT                                                          \
  "o.display_name, o.kind, o.legal_form, o.neq, o.sector_id, o.mrc_id, "     \
  "o.municipality, o.employees, o.year_founded, o.membership_status, "       \
  "o.member_since, o.renewal_due, o.membership_end, o.address, o.phone, "    \
  "o.email, o.website, o.description, o.closure_date"

const Statement kSectorsList = {
    "directories_sectors_list", "",
    "SELECT sector_id, label_fr, label_en FROM poles.sectors ORDER BY sort_order"};
// The reference data of a tenant's requests: sectors and its territory.
const Statement kReference = {
    "directories_reference", "text",
    "SELECT 's', sector_id, label_fr, '' FROM poles.sectors UNION ALL "
    "SELECT 'm', m.mrc_id, m.name, m.kind FROM poles.tenant_mrcs t JOIN "
    "poles.mrcs m ON m.mrc_id = t.mrc_id WHERE t.tenant_id = $1"};

const Statement kOrgGet = {
    "directories_org_get", "text, text",
    "SELECT " ORG_COLS " FROM poles.organisations o WHERE o.tenant_id = $1 "
    "AND o.organisation_id = $2"};
const Statement kOrgLock = {
    "directories_org_lock", "text, text",
    "SELECT " ORG_COLS " FROM poles.organisations o WHERE o.tenant_id = $1 "
    "AND o.organisation_id = $2 FOR UPDATE"};
const Statement kOrgGetMany = {
    "directories_org_get_many", "text, text",
    "SELECT " ORG_COLS " FROM poles.organisations o WHERE o.tenant_id = $1 "
    "AND o.organisation_id = ANY (ARRAY(SELECT json_array_elements_text("
    "$2::json))) FOR UPDATE"};
const Statement kOrgExists = {
    "directories_org_exists", "text, text",
    "SELECT 1 FROM poles.organisations WHERE tenant_id = $1 AND "
    "organisation_id = $2"};
const Statement kOrgInsert = {
    "directories_org_insert", ORG_CELLS_TYPES,
    "INSERT INTO poles.organisations (tenant_id, organisation_id, " ORG_FIELDS
    ") SELECT $1, r.id, " ORG_VALUES " FROM " ORG_CELLS_PARAMS};
// Writes the organisation only if it differs; returns its id if written.
#define ORG_UPDATE_FROM(source)                                              \
  "UPDATE poles.organisations o SET (" ORG_FIELDS ") = (" ORG_VALUES "), "   \
  "version = o.version + 1, update_time = now() FROM " source " WHERE "     \
  "o.tenant_id = $1 AND o.organisation_id = r.id AND (" ORG_CURRENT ") IS "  \
  "DISTINCT FROM (" ORG_VALUES ") RETURNING o.organisation_id"
const Statement kOrgUpdate = {"directories_org_update", ORG_CELLS_TYPES,
                              ORG_UPDATE_FROM(ORG_CELLS_PARAMS)};
const Statement kOrgTouch = {
    "directories_org_touch", "text, text",
    "UPDATE poles.organisations SET version = version + 1, update_time = "
    "now() WHERE tenant_id = $1 AND organisation_id = $2"};
const Statement kOrgDelete = {
    "directories_org_delete", "text, text",
    "DELETE FROM poles.organisations WHERE tenant_id = $1 AND "
    "organisation_id = $2"};
const Statement kOrgReferences = {
    "directories_org_references", "text, text",
    "SELECT (SELECT count(*) FROM poles.people WHERE tenant_id = $1 AND "
    "organisation_id = $2), (SELECT count(*) FROM poles.dossiers WHERE "
    "tenant_id = $1 AND organisation_id = $2)"};
// Before a forced delete: dossiers of the organisation keep its name as
// their promoter group.
const Statement kOrgDetachDossiers = {
    "directories_org_detach_dossiers", "text, text, text",
    "UPDATE poles.dossiers SET promoter_group = $3, version = version + 1, "
    "update_time = now() WHERE tenant_id = $1 AND organisation_id = $2 AND "
    "promoter_group = ''"};
// $2/$3 keyset; $4 mrc, $5 sector, $6 legal form, $7 kind, $8 membership
// status ('' = any); $9 limit.
#define ORG_LIST_WHERE                                                      \
  " WHERE o.tenant_id = $1 AND (o.sort_name, o.organisation_id) > ($2, $3) " \
  "AND ($4 = '' OR o.mrc_id = $4) AND ($5 = '' OR o.sector_id = $5) "       \
  "AND ($6 = '' OR o.legal_form = $6) AND ($7 = '' OR o.kind = $7) "        \
  "AND ($8 = '' OR o.membership_status = $8) "
// The columns of the BASIC view (ListOrganisationsRequest.view): the first
// 14 as in ORG_COLS, then closure date, version, sort key.
#define ORG_BASIC_COLS                                                        \
  "o.organisation_id, o.display_name, o.kind, o.legal_form, o.neq, "          \
  "COALESCE(o.sector_id, ''), COALESCE(o.mrc_id, ''), o.municipality, "       \
  "COALESCE(o.employees, -1), COALESCE(o.year_founded, -1), "                 \
  "o.membership_status, COALESCE(o.member_since::text, ''), "                 \
  "COALESCE(o.renewal_due::text, ''), COALESCE(o.membership_end::text, ''), " \
  "COALESCE(o.closure_date::text, ''), o.version, o.sort_name"
constexpr int kOrgBasicVersion = 15;
constexpr int kOrgBasicSortName = 16;
#define ORG_LIST_SQL(cols)                                                   \
  "SELECT " cols " FROM poles.organisations o" ORG_LIST_WHERE                \
  "ORDER BY o.sort_name, o.organisation_id LIMIT $9"
const Statement kOrgList = {
    "directories_org_list", "text, text, text, text, text, text, text, text, integer",
    ORG_LIST_SQL(ORG_BASIC_COLS)};
const Statement kOrgListFull = {
    "directories_org_list_full",
    "text, text, text, text, text, text, text, text, integer", ORG_LIST_SQL(ORG_COLS)};
// The same with a text search ($10, the query as typed). Its words are
// folded as the index folds them (a query word must begin a word of
// search_text: name, municipality, NEQ). The word index gives, for every
// organisation with a word starting with the longest query word (a btree
// range with leakproof operators, so usable under row-level security; its
// bounds are computed once, before the scan), its sort key and id without
// reading the organisation (index-only); those keys are sorted, and the
// organisations are then fetched in that order, checked against the filters
// and against every query word, until the page is full. The fetch is a
// LATERAL subquery with OFFSET 0 so that it stays one primary-key lookup per
// match: flattened into a join, the planner could prefer reading every
// organisation of the tenant (it cannot tell how selective the LIKE check
// is when the words come from the query itself).
#define ORG_SEARCH_SQL(cols) \
  "WITH q AS MATERIALIZED (SELECT DISTINCT w FROM regexp_split_to_table(" \
  "poles.fold($10), '[^[:alnum:]]+') AS w WHERE w <> ''), k AS " \
  "MATERIALIZED (SELECT w FROM q ORDER BY length(w) DESC, w LIMIT 1) " \
  "SELECT " cols " FROM (SELECT DISTINCT s.sort_name, s.organisation_id " \
  "FROM poles.organisation_search_terms s WHERE s.tenant_id = $1 AND " \
  "s.term >= (SELECT w FROM k) AND s.term < (SELECT w || chr(1114111) FROM " \
  "k) AND (s.sort_name, s.organisation_id) > ($2, $3)) m CROSS JOIN " \
  "LATERAL (SELECT * FROM poles.organisations o1 WHERE o1.tenant_id = $1 " \
  "AND o1.organisation_id = m.organisation_id OFFSET 0) o WHERE ($4 = '' " \
  "OR o.mrc_id = $4) AND ($5 = '' OR o.sector_id = $5) AND ($6 = '' OR " \
  "o.legal_form = $6) AND ($7 = '' OR o.kind = $7) AND ($8 = '' OR " \
  "o.membership_status = $8) AND o.search_text LIKE ALL (ARRAY(SELECT " \
  "'% ' || w || '%' FROM q)) ORDER BY m.sort_name, m.organisation_id " \
  "LIMIT $9"
const Statement kOrgSearch = {
    "directories_org_search",
    "text, text, text, text, text, text, text, text, integer, text",
    ORG_SEARCH_SQL(ORG_BASIC_COLS)};
const Statement kOrgSearchFull = {
    "directories_org_search_full",
    "text, text, text, text, text, text, text, text, integer, text",
    ORG_SEARCH_SQL(ORG_COLS)};
// For the import. The tenant's organisations as the import matches them
// (read once, at the start of the import's transaction), and the folded
// names of a batch's rows ($1: a JSON array of {line, name}), computed by
// the same poles.fold() as sort_name. Matching in memory keeps the cost of
// a batch independent of the tenant's size and of the planner's statistics
// (a tenant that is still empty when an import starts has none).
const Statement kImportExisting = {
    "directories_import_existing", "text",
    "SELECT o.organisation_id, o.neq, o.sort_name FROM poles.organisations o "
    "WHERE o.tenant_id = $1"};
const Statement kImportFold = {
    "directories_import_fold", "text",
    "SELECT r.line, poles.fold(r.name) FROM json_to_recordset($1::json) AS "
    "r(line integer, name text)"};
// The import's staging table: temporary (private to the import's session,
// dropped with its transaction), each batch's checked rows copied into it
// with COPY (which row-level security refuses on the tenant tables
// themselves) and written from it with one INSERT and one UPDATE, then
// emptied. Not prepared on connect: the table exists only during an import.
constexpr char kImportStage[] = "poles_import_rows";
std::string ImportStageCreate() {
  std::string columns = "op text NOT NULL";
  for (absl::string_view c : absl::StrSplit(ORG_CELL_COLUMNS, ", ")) {
    absl::StrAppend(&columns, ", ", c, " text NOT NULL");
  }
  return absl::StrCat("CREATE TEMP TABLE ", kImportStage, " (", columns, ") ON COMMIT DROP");
}
constexpr char kImportStageInsert[] =
    "INSERT INTO poles.organisations (tenant_id, organisation_id, " ORG_FIELDS
    ") SELECT $1, r.id, " ORG_VALUES " FROM pg_temp.poles_import_rows r "
    "WHERE r.op = 'create'";
constexpr char kImportStageUpdate[] = ORG_UPDATE_FROM(
    "(SELECT * FROM pg_temp.poles_import_rows WHERE op = 'update') r");
constexpr char kImportStageClear[] = "TRUNCATE pg_temp.poles_import_rows";
// One import at a time per tenant (two imports naming the same new
// organisation would both create it).
const Statement kImportLock = {
    "directories_import_lock", "text",
    "SELECT pg_advisory_xact_lock(hashtext('poles.import:' || $1))"};
const Statement kRenewalInsert = {
    "directories_renewal_insert", "text, text, text, text, text",
    "INSERT INTO poles.membership_renewals (tenant_id, organisation_id, "
    "renewal_date, renewed_until, note) VALUES ($1, $2, $3::date, $4::date, $5)"};
const Statement kRenewalApply = {
    "directories_renewal_apply", "text, text, text, text",
    "UPDATE poles.organisations SET membership_status = 'active', "
    "member_since = CASE WHEN membership_status = 'active' THEN member_since "
    "ELSE $3::date END, renewal_due = $4::date, membership_end = NULL, "
    "version = version + 1, update_time = now() WHERE tenant_id = $1 AND "
    "organisation_id = $2"};

// Enterprises still active today (America/Montreal).
#define OPEN_ENTERPRISE                                                     \
  "o.kind = 'enterprise' AND (o.closure_date IS NULL OR o.closure_date > "  \
  "(now() AT TIME ZONE 'America/Montreal')::date)"
const Statement kDistribution = {
    "directories_distribution", "text, boolean",
    "SELECT 'mrc', m.mrc_id, m.name, count(o.organisation_id) FROM "
    "poles.tenant_mrcs t JOIN poles.mrcs m ON m.mrc_id = t.mrc_id LEFT JOIN "
    "poles.organisations o ON o.tenant_id = t.tenant_id AND o.mrc_id = "
    "t.mrc_id AND " OPEN_ENTERPRISE " AND (NOT $2 OR o.membership_status = "
    "'active') WHERE t.tenant_id = $1 GROUP BY m.mrc_id, m.name UNION ALL "
    "SELECT 'sector', s.sector_id, s.label_fr, count(*) FROM "
    "poles.organisations o JOIN poles.sectors s ON s.sector_id = o.sector_id "
    "WHERE o.tenant_id = $1 AND " OPEN_ENTERPRISE " AND (NOT $2 OR "
    "o.membership_status = 'active') GROUP BY s.sector_id, s.label_fr UNION "
    "ALL SELECT 'legal_form', o.legal_form, '', count(*) FROM "
    "poles.organisations o WHERE o.tenant_id = $1 AND " OPEN_ENTERPRISE
    " AND (NOT $2 OR o.membership_status = 'active') GROUP BY o.legal_form"};
const Statement kExportRows = {
    "directories_export_rows", "text, text",
    "SELECT o.display_name, o.legal_form, s.label_fr, m.name, o.municipality, "
    "o.address, o.phone, o.email, o.website, o.neq FROM poles.organisations "
    "o JOIN poles.sectors s ON s.sector_id = o.sector_id JOIN poles.mrcs m "
    "ON m.mrc_id = o.mrc_id WHERE o.tenant_id = $1 AND " OPEN_ENTERPRISE
    " AND ($2 = '' OR o.mrc_id = $2) ORDER BY m.name, o.sort_name, "
    "o.organisation_id"};
const Statement kExportRowsBySector = {
    "directories_export_rows_by_sector", "text, text",
    "SELECT o.display_name, o.legal_form, s.label_fr, m.name, o.municipality, "
    "o.address, o.phone, o.email, o.website, o.neq FROM poles.organisations "
    "o JOIN poles.sectors s ON s.sector_id = o.sector_id JOIN poles.mrcs m "
    "ON m.mrc_id = o.mrc_id WHERE o.tenant_id = $1 AND " OPEN_ENTERPRISE
    " AND o.mrc_id = $2 ORDER BY s.sort_order, o.sort_name, o.organisation_id"};
const Statement kTenantName = {
    "directories_tenant_name", "text",
    "SELECT display_name FROM poles.tenants WHERE slug = $1"};

#define PERSON_COLS                                                         \
  "person_id, display_name, role, position, COALESCE(organisation_id, ''), " \
  "email, phone, consent_purpose, COALESCE(consent_date::text, ''), "       \
  "erased, COALESCE(" POLES_MICROS("erase_time") ", -1), version, "         \
  POLES_MICROS("create_time") ", " POLES_MICROS("update_time")
constexpr int kPersonVersion = 11;

const Statement kPersonGet = {
    "directories_person_get", "text, text",
    "SELECT " PERSON_COLS " FROM poles.people WHERE tenant_id = $1 AND "
    "person_id = $2"};
const Statement kPersonLock = {
    "directories_person_lock", "text, text",
    "SELECT " PERSON_COLS " FROM poles.people WHERE tenant_id = $1 AND "
    "person_id = $2 FOR UPDATE"};
const Statement kPersonInsert = {
    "directories_person_insert",
    "text, text, text, text, text, text, text, text, text, text",
    "INSERT INTO poles.people (tenant_id, person_id, display_name, role, "
    "position, organisation_id, email, phone, consent_purpose, consent_date) "
    "VALUES ($1, $2, $3, $4, $5, NULLIF($6, ''), $7, $8, $9, $10::date) "
    "RETURNING " PERSON_COLS};
const Statement kPersonUpdate = {
    "directories_person_update",
    "text, text, text, text, text, text, text, text, text, text",
    "UPDATE poles.people SET display_name = $3, role = $4, position = $5, "
    "organisation_id = NULLIF($6, ''), email = $7, phone = $8, "
    "consent_purpose = $9, consent_date = $10::date, version = version + 1, "
    "update_time = now() WHERE tenant_id = $1 AND person_id = $2 RETURNING "
    PERSON_COLS};
const Statement kPersonErase = {
    "directories_person_erase", "text, text",
    "UPDATE poles.people SET display_name = '', position = '', email = '', "
    "phone = '', consent_purpose = '', consent_date = NULL, erased = true, "
    "erase_time = now(), "
    "version = version + 1, update_time = now() WHERE tenant_id = $1 AND "
    "person_id = $2 RETURNING " PERSON_COLS};
// The stored replies of CreatePerson requests that hold the person.
const Statement kPersonForgetReplies = {
    "directories_person_forget_replies", "text, text",
    "DELETE FROM poles.idempotency_keys WHERE tenant_id = $1 AND method = "
    "'DirectoriesService/CreatePerson' AND position(convert_to($2, 'UTF8') "
    "IN response) > 0"};
const Statement kPersonDelete = {
    "directories_person_delete", "text, text",
    "DELETE FROM poles.people WHERE tenant_id = $1 AND person_id = $2"};
const Statement kPersonList = {
    "directories_person_list", "text, text, text, text, integer",
    "SELECT " PERSON_COLS " FROM poles.people WHERE tenant_id = $1 AND "
    "person_id > $2 AND ($3 = '' OR role = $3) AND ($4 = '' OR "
    "organisation_id = $4) ORDER BY person_id LIMIT $5"};

#define DOSSIER_COLS                                                        \
  "d.dossier_id, d.title, COALESCE(d.organisation_id, ''), "                \
  "d.promoter_group, d.sector_id, d.mrc_id, d.phase, "                      \
  "d.subjects, d.promoter_gender, d.origin, "                              \
  "d.referrals::text, d.open_date::text, COALESCE(d.close_date::text, ''), " \
  "d.outcome, d.version, " POLES_MICROS("d.create_time") ", "               \
  POLES_MICROS("d.update_time") ", (SELECT count(*) FROM "                  \
  "poles.interventions i WHERE i.tenant_id = d.tenant_id AND "              \
  "i.dossier_id = d.dossier_id)"
constexpr int kDossierVersion = 14;

const Statement kDossierGet = {
    "directories_dossier_get", "text, text",
    "SELECT " DOSSIER_COLS " FROM poles.dossiers d WHERE d.tenant_id = $1 "
    "AND d.dossier_id = $2"};
const Statement kDossierLock = {
    "directories_dossier_lock", "text, text",
    "SELECT " DOSSIER_COLS " FROM poles.dossiers d WHERE d.tenant_id = $1 "
    "AND d.dossier_id = $2 FOR UPDATE"};
const Statement kDossierExists = {
    "directories_dossier_exists", "text, text",
    "SELECT 1 FROM poles.dossiers WHERE tenant_id = $1 AND dossier_id = $2"};
const Statement kDossierInsert = {
    "directories_dossier_insert",
    "text, text, text, text, text, text, text, text, text, text, text, text, "
    "text, text, text",
    "INSERT INTO poles.dossiers (tenant_id, dossier_id, title, "
    "organisation_id, promoter_group, sector_id, mrc_id, phase, subjects, "
    "promoter_gender, origin, referrals, open_date, close_date, outcome) "
    "VALUES ($1, $2, $3, NULLIF($4, ''), $5, $6, $7, $8, ARRAY(SELECT "
    "json_array_elements_text($9::json)), $10, $11, $12::jsonb, $13::date, "
    "NULLIF($14, '')::date, $15)"};
const Statement kDossierUpdate = {
    "directories_dossier_update",
    "text, text, text, text, text, text, text, text, text, text, text, text, "
    "text, text, text",
    "UPDATE poles.dossiers SET title = $3, organisation_id = NULLIF($4, ''), "
    "promoter_group = $5, sector_id = $6, mrc_id = $7, phase = $8, subjects "
    "= ARRAY(SELECT json_array_elements_text($9::json)), promoter_gender = "
    "$10, origin = $11, referrals = $12::jsonb, open_date = $13::date, "
    "close_date = NULLIF($14, '')::date, outcome = $15, version = version + "
    "1, update_time = now() WHERE tenant_id = $1 AND dossier_id = $2"};
const Statement kDossierDelete = {
    "directories_dossier_delete", "text, text",
    "DELETE FROM poles.dossiers WHERE tenant_id = $1 AND dossier_id = $2"};
// Latest opened first: keyset ($2 date, $3 id) going down; $2 = '' for the
// first page. Filters: $4/$5 fiscal year bounds ('' = any), $6 mrc, $7
// sector, $8 phase, $9 organisation.
const Statement kDossierList = {
    "directories_dossier_list",
    "text, text, text, text, text, text, text, text, text, integer",
    "SELECT " DOSSIER_COLS " FROM poles.dossiers d WHERE d.tenant_id = $1 AND "
    "($2 = '' OR (d.open_date, d.dossier_id) < ($2::date, $3)) AND ($4 = '' "
    "OR d.open_date BETWEEN $4::date AND $5::date) AND ($6 = '' OR d.mrc_id "
    "= $6) AND ($7 = '' OR d.sector_id = $7) AND ($8 = '' OR d.phase = $8) "
    "AND ($9 = '' OR d.organisation_id = $9) ORDER BY d.open_date DESC, "
    "d.dossier_id DESC LIMIT $10"};

#define INTERVENTION_COLS                                                   \
  "intervention_id, intervention_date::text, subjects, "                  \
  "note, version, " POLES_MICROS("create_time") ", "                        \
  POLES_MICROS("update_time")
constexpr int kInterventionVersion = 4;

const Statement kInterventionGet = {
    "directories_intervention_get", "text, text, text",
    "SELECT " INTERVENTION_COLS " FROM poles.interventions WHERE tenant_id = "
    "$1 AND dossier_id = $2 AND intervention_id = $3"};
const Statement kInterventionLock = {
    "directories_intervention_lock", "text, text, text",
    "SELECT " INTERVENTION_COLS " FROM poles.interventions WHERE tenant_id = "
    "$1 AND dossier_id = $2 AND intervention_id = $3 FOR UPDATE"};
const Statement kInterventionInsert = {
    "directories_intervention_insert", "text, text, text, text, text, text",
    "INSERT INTO poles.interventions (tenant_id, dossier_id, "
    "intervention_id, intervention_date, subjects, note) VALUES ($1, $2, $3, "
    "$4::date, ARRAY(SELECT json_array_elements_text($5::json)), $6) "
    "RETURNING " INTERVENTION_COLS};
const Statement kInterventionUpdate = {
    "directories_intervention_update", "text, text, text, text, text, text",
    "UPDATE poles.interventions SET intervention_date = $4::date, subjects = "
    "ARRAY(SELECT json_array_elements_text($5::json)), note = $6, version = "
    "version + 1, update_time = now() WHERE tenant_id = $1 AND dossier_id = "
    "$2 AND intervention_id = $3 RETURNING " INTERVENTION_COLS};
const Statement kInterventionDelete = {
    "directories_intervention_delete", "text, text, text",
    "DELETE FROM poles.interventions WHERE tenant_id = $1 AND dossier_id = $2 "
    "AND intervention_id = $3"};
const Statement kInterventionList = {
    "directories_intervention_list", "text, text, text, text, integer",
    "SELECT " INTERVENTION_COLS " FROM poles.interventions WHERE tenant_id = "
    "$1 AND dossier_id = $2 AND ($3 = '' OR (intervention_date, "
    "intervention_id) > ($3::date, $4)) ORDER BY intervention_date, "
    "intervention_id LIMIT $5"};

// The directories indicators of one fiscal year [$2, $3] (1 April - 31
// March): one row per indicator and combination of dimension values, then
// the catalogue's allowed dimensions ('dims'), then whether the tenant keeps
// organisations and dossiers at all ('kept').
const Statement kSummary = {
    "directories_summary", "text, date, date",
    "WITH ent AS (SELECT o.mrc_id, o.sector_id, o.legal_form, o.member_since, "
    "o.membership_end FROM poles.organisations o WHERE o.tenant_id = $1 AND "
    "o.kind = 'enterprise' AND (o.year_founded IS NULL OR o.year_founded <= "
    "extract(year FROM $3)) AND (o.closure_date IS NULL OR o.closure_date > "
    "$3)), dos AS (SELECT d.dossier_id, d.mrc_id, d.sector_id, d.phase, "
    "d.promoter_gender, d.open_date FROM poles.dossiers d WHERE d.tenant_id "
    "= $1) "
    "SELECT 'directories.enterprises', mrc_id, sector_id, legal_form, '', "
    "'', count(*) FROM ent GROUP BY mrc_id, sector_id, legal_form UNION ALL "
    "SELECT 'directories.member_enterprises', mrc_id, sector_id, legal_form, "
    "'', '', count(*) FROM ent WHERE member_since <= $3 AND (membership_end "
    "IS NULL OR membership_end > $3) GROUP BY mrc_id, sector_id, legal_form "
    "UNION ALL SELECT 'directories.dossiers_opened', mrc_id, sector_id, '', "
    "phase, promoter_gender, count(*) FROM dos WHERE open_date BETWEEN $2 AND "
    "$3 GROUP BY mrc_id, sector_id, phase, promoter_gender UNION ALL SELECT "
    "'directories.interventions', d.mrc_id, d.sector_id, '', d.phase, "
    "d.promoter_gender, count(*) FROM poles.interventions i JOIN dos d ON "
    "d.dossier_id = i.dossier_id WHERE i.tenant_id = $1 AND "
    "i.intervention_date BETWEEN $2 AND $3 GROUP BY d.mrc_id, d.sector_id, "
    "d.phase, d.promoter_gender UNION ALL SELECT 'dims', code, "
    "array_to_string(dimensions, ','), '', '', '', 0 FROM "
    "poles.national_indicators WHERE service = 'directories' UNION ALL "
    "SELECT 'kept', 'organisations', '', '', '', '', (SELECT count(*) FROM "
    "(SELECT 1 FROM poles.organisations WHERE tenant_id = $1 LIMIT 1) x) "
    "UNION ALL SELECT 'kept', 'dossiers', '', '', '', '', (SELECT count(*) "
    "FROM (SELECT 1 FROM poles.dossiers WHERE tenant_id = $1 LIMIT 1) y)"};

// ---- Names -------------------------------------------------------------------

std::string OrgName(absl::string_view t, absl::string_view o) {
  return FormatResourceName({"tenants", "organisations"}, {t, o});
}
std::string PersonName(absl::string_view t, absl::string_view p) {
  return FormatResourceName({"tenants", "people"}, {t, p});
}
std::string DossierName(absl::string_view t, absl::string_view d) {
  return FormatResourceName({"tenants", "dossiers"}, {t, d});
}
std::string InterventionName(absl::string_view t, absl::string_view d,
                             absl::string_view i) {
  return FormatResourceName({"tenants", "dossiers", "interventions"}, {t, d, i});
}
std::string SectorName(absl::string_view id) {
  return id.empty() ? "" : absl::StrCat("sectors/", id);
}
std::string MrcName(absl::string_view id) {
  return id.empty() ? "" : absl::StrCat("mrcs/", id);
}

// The id of `name` (a `tenants/{t}/organisations/{o}` of `tenant`), or a
// violation naming `field`.
std::string OrgIdOf(absl::string_view field, absl::string_view name,
                    const std::string& tenant, Violations& v) {
  if (name.empty()) return "";
  auto ids = ParseResourceName(field, name, {"tenants", "organisations"});
  if (!ids.ok()) {
    v.Merge(ids.status());
    return "";
  }
  if ((*ids)[0] != tenant) {
    v.Add(field, "must be an organisation of the same tenant");
    return "";
  }
  return (*ids)[1];
}

// ---- Shared helpers ---------------------------------------------------------

// Loads the sectors and the tenant's territory.
DirectoryReference LoadReference(pqxx::work& w, const std::string& tenant) {
  DirectoryReference ref;
  for (const auto& row : w.exec_prepared(kReference.name, tenant)) {
    (row[0].c_str()[0] == 's' ? ref.sectors : ref.mrcs)[row[1].c_str()] =
        row[2].c_str();
  }
  return ref;
}

// When a request has bad fields, also checks its references (sector, MRC)
// so that one answer names every bad field. `validate` adds violations for
// the request given the reference data (or none).
template <typename Validate>
absl::Status AllViolations(Call& c, const absl::StatusOr<std::vector<std::string>>& parent,
                           Violations& shape, Validate validate) {
  if (shape.empty() || !parent.ok() || !c.AuthorizeTenant((*parent)[0]).ok()) {
    return shape.Status();
  }
  auto rows = ReadTenant(c, (*parent)[0], kReference.name, {(*parent)[0]});
  if (!rows.ok()) return shape.Status();
  DirectoryReference ref;
  for (const auto& row : *rows) {
    (row[0].c_str()[0] == 's' ? ref.sectors : ref.mrcs)[row[1].c_str()] = row[2].c_str();
  }
  Violations all;
  validate(&ref, all);
  std::vector<FieldViolation> seen = FieldViolationsOf(shape.Status());
  for (const auto& v : FieldViolationsOf(all.Status())) {
    bool dup = std::any_of(seen.begin(), seen.end(), [&](const FieldViolation& s) {
      return s.field == v.field && s.description == v.description;
    });
    if (!dup) shape.Add(v.field, v.description);
  }
  return shape.Status();
}

// ---- Organisations: rows <-> messages -----------------------------------------

// The first 14 columns, common to ORG_COLS and ORG_BASIC_COLS.
template <typename DbRow>
void OrganisationCoreFromRow(const std::string& tenant, const DbRow& r,
                             v1::Organisation* o) {
  o->set_name(OrgName(tenant, r[0].c_str()));
  o->set_display_name(r[1].c_str());
  o->set_kind(KindFromCode(r[2].c_str()));
  o->set_legal_form(LegalFormFromCode(r[3].c_str()));
  o->set_neq(r[4].c_str());
  o->set_sector(SectorName(r[5].c_str()));
  o->set_mrc(MrcName(r[6].c_str()));
  o->set_municipality(r[7].c_str());
  if (int e = r[8].template as<int>(); e >= 0) o->set_employees(e);
  if (int y = r[9].template as<int>(); y >= 0) o->set_year_founded(y);
  auto* m = o->mutable_membership();
  m->set_status(MembershipFromCode(r[10].c_str()));
  m->set_since(r[11].c_str());
  m->set_renewal_due(r[12].c_str());
  m->set_ended(r[13].c_str());
}

// A row of ORG_BASIC_COLS.
template <typename DbRow>
void OrganisationBasicFromRow(const std::string& tenant, const DbRow& r,
                              v1::Organisation* o) {
  OrganisationCoreFromRow(tenant, r, o);
  o->set_closure_date(r[14].c_str());
  o->set_etag(FormatEtag(r[kOrgBasicVersion].template as<int64_t>()));
}

// A row of ORG_COLS.
template <typename DbRow>
void OrganisationFromRow(const std::string& tenant, const DbRow& r,
                         v1::Organisation* o) {
  OrganisationCoreFromRow(tenant, r, o);
  auto* m = o->mutable_membership();
  o->set_address(r[14].c_str());
  o->set_phone(r[15].c_str());
  o->set_email(r[16].c_str());
  o->set_website(r[17].c_str());
  o->set_description(r[18].c_str());
  o->set_closure_date(r[19].c_str());
  o->set_etag(FormatEtag(r[kOrgVersion].template as<int64_t>()));
  SetTimestamp(r[21].template as<int64_t>(), o->mutable_create_time());
  SetTimestamp(r[22].template as<int64_t>(), o->mutable_update_time());
  for (const auto& j : Json::parse(static_cast<const char*>(r[23].c_str()))) {
    auto* rn = m->add_renewals();
    rn->set_renewal_date(j["d"].get<std::string>());
    rn->set_renewed_until(j["u"].get<std::string>());
    rn->set_note(j["n"].get<std::string>());
    SetTimestamp(j["t"].get<int64_t>(), rn->mutable_record_time());
  }
}

// The cells of an organisation for the writes (ORG_CELL_COLUMNS' order).
using OrganisationCells = std::array<std::string, 20>;
OrganisationCells CellsOf(const std::string& id, const v1::Organisation& o) {
  auto id_of = [](const std::string& name) {
    return name.substr(name.rfind('/') + 1);  // "" stays ""
  };
  auto number = [](bool has, int value) { return has ? std::to_string(value) : ""; };
  const auto& m = o.membership();
  return {id,
          o.display_name(),
          KindCode(o.kind()),
          LegalFormCode(o.legal_form()),
          o.neq(),
          id_of(o.sector()),
          id_of(o.mrc()),
          o.municipality(),
          number(o.has_employees(), o.employees()),
          number(o.has_year_founded(), o.year_founded()),
          MembershipCode(m.status()),
          m.since(),
          m.renewal_due(),
          m.ended(),
          o.address(),
          o.phone(),
          o.email(),
          o.website(),
          o.description(),
          o.closure_date()};
}

// Normalises what a client sends: the NEQ without spaces, unspecified
// membership as NON_MEMBER. Adds a violation for a NEQ of the wrong shape.
void NormaliseOrganisation(v1::Organisation* o, absl::string_view prefix,
                           Violations& v) {
  auto neq = NormalizeNeq(o->neq());
  if (!neq.has_value()) {
    v.Add(absl::StrCat(prefix, ".neq"),
          "must be the 10 digits of a numéro d'entreprise du Québec");
  } else {
    o->set_neq(*neq);
  }
  if (o->membership().status() == v1::Membership::STATUS_UNSPECIFIED) {
    o->mutable_membership()->set_status(v1::Membership::NON_MEMBER);
  }
  o->mutable_membership()->clear_renewals();
}

const char* kNeqTaken = "another organisation of the tenant already has this NEQ";

// ---- People -------------------------------------------------------------------

template <typename DbRow>
void PersonFromRow(const std::string& tenant, const DbRow& r, v1::Person* p) {
  p->set_name(PersonName(tenant, r[0].c_str()));
  p->set_display_name(r[1].c_str());
  p->set_role(RoleFromCode(r[2].c_str()));
  p->set_position(r[3].c_str());
  std::string org = r[4].c_str();
  p->set_organisation(org.empty() ? "" : OrgName(tenant, org));
  p->set_email(r[5].c_str());
  p->set_phone(r[6].c_str());
  p->mutable_consent()->set_purpose(r[7].c_str());
  p->mutable_consent()->set_consent_date(r[8].c_str());
  if (std::string(r[7].c_str()).empty() && std::string(r[8].c_str()).empty()) {
    p->clear_consent();
  }
  p->set_erased(r[9].template as<bool>());
  if (int64_t t = r[10].template as<int64_t>(); t >= 0) SetTimestamp(t, p->mutable_erase_time());
  p->set_etag(FormatEtag(r[kPersonVersion].template as<int64_t>()));
  SetTimestamp(r[12].template as<int64_t>(), p->mutable_create_time());
  SetTimestamp(r[13].template as<int64_t>(), p->mutable_update_time());
}

// ---- Dossiers -----------------------------------------------------------------

template <typename DbRow>
void DossierFromRow(const std::string& tenant, const DbRow& r, v1::Dossier* d) {
  d->set_name(DossierName(tenant, r[0].c_str()));
  d->set_title(r[1].c_str());
  std::string org = r[2].c_str();
  d->set_organisation(org.empty() ? "" : OrgName(tenant, org));
  d->set_promoter_group(r[3].c_str());
  d->set_sector(SectorName(r[4].c_str()));
  d->set_mrc(MrcName(r[5].c_str()));
  d->set_phase(PhaseFromCode(r[6].c_str()));
  AppendTextArray(r[7].c_str(), d->mutable_subjects());
  d->set_promoter_gender(GenderFromCode(r[8].c_str()));
  d->set_origin(OriginFromCode(r[9].c_str()));
  for (const auto& j : Json::parse(static_cast<const char*>(r[10].c_str()))) {
    auto* ref = d->add_referrals();
    ref->set_target(ReferralTargetFromCode(j.value("target", "")));
    ref->set_organisation(j.value("organisation", ""));
    ref->set_referral_date(j.value("date", ""));
  }
  d->set_open_date(r[11].c_str());
  d->set_close_date(r[12].c_str());
  d->set_outcome(r[13].c_str());
  d->set_etag(FormatEtag(r[kDossierVersion].template as<int64_t>()));
  SetTimestamp(r[15].template as<int64_t>(), d->mutable_create_time());
  SetTimestamp(r[16].template as<int64_t>(), d->mutable_update_time());
  d->set_intervention_count(r[17].template as<int>());
}

std::string ReferralsJson(const v1::Dossier& d) {
  Json j = Json::array();
  for (const auto& r : d.referrals()) {
    j.push_back({{"target", ReferralTargetCode(r.target())},
                 {"organisation", r.organisation()},
                 {"date", r.referral_date()}});
  }
  return j.dump();
}

void NormaliseDossier(v1::Dossier* d) {
  if (d->promoter_gender() == v1::Dossier::PROMOTER_GENDER_UNSPECIFIED) {
    d->set_promoter_gender(v1::Dossier::NOT_COLLECTED);
  }
  if (d->origin() == v1::Dossier::ORIGIN_UNSPECIFIED) {
    d->set_origin(v1::Dossier::DIRECT);
  }
}

void WriteDossier(pqxx::work& w, const Statement& st, const std::string& tenant,
                  const std::string& id, const std::string& org_id,
                  const v1::Dossier& d) {
  auto last = [](const std::string& name) { return name.substr(name.rfind('/') + 1); };
  w.exec_prepared(st.name, tenant, id, d.title(), org_id, d.promoter_group(),
                  last(d.sector()), last(d.mrc()), PhaseCode(d.phase()),
                  ListToJson(d.subjects()), GenderCode(d.promoter_gender()),
                  OriginCode(d.origin()), ReferralsJson(d), d.open_date(),
                  d.close_date(), d.outcome());
}

// ---- Interventions ------------------------------------------------------------

template <typename DbRow>
void InterventionFromRow(const std::string& tenant, const std::string& dossier,
                         const DbRow& r, v1::Intervention* i) {
  i->set_name(InterventionName(tenant, dossier, r[0].c_str()));
  i->set_intervention_date(r[1].c_str());
  AppendTextArray(r[2].c_str(), i->mutable_subjects());
  i->set_note(r[3].c_str());
  i->set_etag(FormatEtag(r[kInterventionVersion].template as<int64_t>()));
  SetTimestamp(r[5].template as<int64_t>(), i->mutable_create_time());
  SetTimestamp(r[6].template as<int64_t>(), i->mutable_update_time());
}

double Percent(int count, int total) {
  return total == 0 ? 0.0 : std::round(1000.0 * count / total) / 10.0;
}

}  // namespace

// ---- Sectors ---------------------------------------------------------------------

absl::Status DirectoriesLogic::ListSectors(Call& c, const v1::ListSectorsRequest&,
                                           v1::ListSectorsResponse* out) {
  POLES_ASSIGN_OR_RETURN(
      auto tx, storage::PlatformTransaction::Begin(*c.session, c.deadline));
  try {
    for (const auto& row : tx->work().exec_prepared(kSectorsList.name)) {
      auto* s = out->add_sectors();
      s->set_name(SectorName(row[0].c_str()));
      s->set_label_fr(row[1].c_str());
      s->set_label_en(row[2].c_str());
    }
  } catch (const std::exception& e) {
    return storage::StatusFromException(e, c.method);
  }
  return tx->Commit();
}

// ---- Organisations ---------------------------------------------------------------

absl::Status DirectoriesLogic::CreateOrganisation(
    Call& c, const v1::CreateOrganisationRequest& r, v1::Organisation* out) {
  Violations v;
  auto parent = ParseResourceName("parent", r.parent(), {"tenants"});
  v.Merge(parent.status());
  v1::Organisation o = r.organisation();
  NormaliseOrganisation(&o, "organisation", v);
  ValidateOrganisation(o, "organisation", nullptr, v);
  CheckResourceId(v, "organisation_id", r.organisation_id());
  CheckRequestId(v, r.request_id());
  POLES_RETURN_IF_ERROR(AllViolations(c, parent, v, [&](const DirectoryReference* ref,
                                                        Violations& all) {
    ValidateOrganisation(o, "organisation", ref, all);
  }));
  const std::string tenant = (*parent)[0];
  POLES_RETURN_IF_ERROR(c.AuthorizeTenant(tenant));
  const std::string id = r.organisation_id().empty() ? NewResourceId() : r.organisation_id();
  return CreateTenantResource(
      c, tenant, r,
      [&](storage::TenantTransaction& tx) -> absl::Status {
        DirectoryReference ref = LoadReference(tx.work(), tenant);
        Violations refs;
        ValidateOrganisation(o, "organisation", &ref, refs);
        POLES_RETURN_IF_ERROR(refs.Status());
        tx.work().exec_prepared(kOrgInsert.name, tenant,
                                pqxx::prepare::make_dynamic_params(CellsOf(id, o)));
        pqxx::result got = tx.work().exec_prepared(kOrgGet.name, tenant, id);
        OrganisationFromRow(tenant, got[0], out);
        return absl::OkStatus();
      },
      "an organisation with this organisation_id or NEQ already exists", out);
}

absl::Status DirectoriesLogic::GetOrganisation(Call& c,
                                               const v1::GetOrganisationRequest& r,
                                               v1::Organisation* out) {
  return GetTenantResource(c, r.name(), "organisations", kOrgGet.name, OrganisationFromRow<storage::Row>, out);
}

absl::Status DirectoriesLogic::ListOrganisations(
    Call& c, const v1::ListOrganisationsRequest& r,
    v1::ListOrganisationsResponse* out) {
  Violations v;
  auto parent = ParseResourceName("parent", r.parent(), {"tenants"});
  v.Merge(parent.status());
  auto size = EffectivePageSize(r.page_size());
  v.Merge(size.status());
  if (!r.query().empty()) ValidateQuery("query", r.query(), v);
  std::string mrc = r.mrc().empty() ? "" : ParseMrcName("mrc", r.mrc(), v);
  std::string sector = r.sector().empty() ? "" : ParseSectorName("sector", r.sector(), v);
  if (!v1::Organisation::LegalForm_IsValid(r.legal_form())) {
    v.Add("legal_form", "is not a known legal form");
  }
  if (!v1::Organisation::Kind_IsValid(r.kind())) v.Add("kind", "is not a known kind");
  if (!v1::Membership::Status_IsValid(r.membership_status())) {
    v.Add("membership_status", "is not a known status");
  }
  if (!v1::OrganisationView_IsValid(r.view())) v.Add("view", "is not a known view");
  POLES_RETURN_IF_ERROR(v.Status());
  const bool full = r.view() == v1::ORGANISATION_VIEW_FULL;
  const std::string tenant = (*parent)[0];
  POLES_RETURN_IF_ERROR(c.AuthorizeTenant(tenant));
  const std::string legal_form = LegalFormCode(r.legal_form());
  const std::string kind = KindCode(r.kind());
  const std::string status = r.membership_status() == v1::Membership::STATUS_UNSPECIFIED
                                 ? ""
                                 : MembershipCode(r.membership_status());
  const std::string filter = Json::array({r.query(), mrc, sector, legal_form, kind, status}).dump();
  POLES_ASSIGN_OR_RETURN(
      auto key, DecodePageToken(page_tokens_, r.page_token(), r.parent(), filter, 2));
  std::vector<storage::Param> params = {tenant,  key[0],     key[1], mrc,
                                        sector,  legal_form, kind,   status,
                                        std::to_string(*size + 1)};
  const char* statement = full ? kOrgListFull.name : kOrgList.name;
  if (!r.query().empty()) {
    params.push_back(r.query());
    statement = full ? kOrgSearchFull.name : kOrgSearch.name;
  }
  POLES_ASSIGN_OR_RETURN(auto rows, ReadTenant(c, tenant, statement, params));
  for (int i = 0; i < static_cast<int>(rows.size()) && i < *size; ++i) {
    (full ? OrganisationFromRow<storage::Row> : OrganisationBasicFromRow<storage::Row>)(tenant, rows[i],
                                                            out->add_organisations());
  }
  if (static_cast<int>(rows.size()) > *size) {
    const auto& last = rows[*size - 1];
    const int sort_name = full ? kOrgSortName : kOrgBasicSortName;
    out->set_next_page_token(page_tokens_.Encode(
        r.parent(), filter, {last[sort_name].c_str(), last[0].c_str()}));
  }
  return absl::OkStatus();
}

absl::Status DirectoriesLogic::UpdateOrganisation(
    Call& c, const v1::UpdateOrganisationRequest& r, v1::Organisation* out) {
  POLES_ASSIGN_OR_RETURN(
      auto ids, ParseResourceName("organisation.name", r.organisation().name(),
                                  {"tenants", "organisations"}));
  POLES_ASSIGN_OR_RETURN(
      auto paths,
      MaskPaths(r.update_mask(),
                {"display_name", "kind", "legal_form", "neq", "sector", "mrc",
                 "municipality", "employees", "year_founded", "membership",
                 "membership.status", "membership.since",
                 "membership.renewal_due", "membership.ended", "address",
                 "phone", "email", "website", "description", "closure_date"},
                {"name", "create_time", "update_time", "etag",
                 "membership.renewals"}));
  POLES_RETURN_IF_ERROR(c.AuthorizeTenant(ids[0]));
  const std::string& tenant = ids[0];
  return InTenantTransaction(
      c, tenant,
      [&](storage::TenantTransaction& tx) -> absl::Status {
        pqxx::result cur = tx.work().exec_prepared(kOrgLock.name, tenant, ids[1]);
        if (cur.empty()) return NotFound(r.organisation().name());
        POLES_RETURN_IF_ERROR(
            CheckEtag(r.organisation().etag(), cur[0][kOrgVersion].as<int64_t>()));
        v1::Organisation m;
        OrganisationFromRow(tenant, cur[0], &m);
        const v1::Organisation& in = r.organisation();
        if (HasPath(paths, "display_name")) m.set_display_name(in.display_name());
        if (HasPath(paths, "kind")) m.set_kind(in.kind());
        if (HasPath(paths, "legal_form")) m.set_legal_form(in.legal_form());
        if (HasPath(paths, "neq")) m.set_neq(in.neq());
        if (HasPath(paths, "sector")) m.set_sector(in.sector());
        if (HasPath(paths, "mrc")) m.set_mrc(in.mrc());
        if (HasPath(paths, "municipality")) m.set_municipality(in.municipality());
        if (HasPath(paths, "employees")) {
          if (in.has_employees()) m.set_employees(in.employees()); else m.clear_employees();
        }
        if (HasPath(paths, "year_founded")) {
          if (in.has_year_founded()) m.set_year_founded(in.year_founded());
          else m.clear_year_founded();
        }
        auto* mm = m.mutable_membership();
        const auto& im = in.membership();
        if (HasPath(paths, "membership") || HasPath(paths, "membership.status")) mm->set_status(im.status());
        if (HasPath(paths, "membership") || HasPath(paths, "membership.since")) mm->set_since(im.since());
        if (HasPath(paths, "membership") || HasPath(paths, "membership.renewal_due")) {
          mm->set_renewal_due(im.renewal_due());
        }
        if (HasPath(paths, "membership") || HasPath(paths, "membership.ended")) mm->set_ended(im.ended());
        if (HasPath(paths, "address")) m.set_address(in.address());
        if (HasPath(paths, "phone")) m.set_phone(in.phone());
        if (HasPath(paths, "email")) m.set_email(in.email());
        if (HasPath(paths, "website")) m.set_website(in.website());
        if (HasPath(paths, "description")) m.set_description(in.description());
        if (HasPath(paths, "closure_date")) m.set_closure_date(in.closure_date());
        Violations v;
        NormaliseOrganisation(&m, "organisation", v);
        DirectoryReference ref = LoadReference(tx.work(), tenant);
        ValidateOrganisation(m, "organisation", &ref, v);
        POLES_RETURN_IF_ERROR(v.Status());
        tx.work().exec_prepared(kOrgUpdate.name, tenant,
                                pqxx::prepare::make_dynamic_params(CellsOf(ids[1], m)));
        pqxx::result got = tx.work().exec_prepared(kOrgGet.name, tenant, ids[1]);
        OrganisationFromRow(tenant, got[0], out);
        return WriteAudit(tx, c, out->name());
      },
      kNeqTaken);
}

absl::Status DirectoriesLogic::DeleteOrganisation(
    Call& c, const v1::DeleteOrganisationRequest& r) {
  POLES_ASSIGN_OR_RETURN(
      auto ids, ParseResourceName("name", r.name(), {"tenants", "organisations"}));
  POLES_RETURN_IF_ERROR(c.AuthorizeTenant(ids[0]));
  const std::string& tenant = ids[0];
  return InTenantTransaction(c, tenant, [&](storage::TenantTransaction& tx)
                                            -> absl::Status {
    pqxx::result cur = tx.work().exec_prepared(kOrgLock.name, tenant, ids[1]);
    if (cur.empty()) return NotFound(r.name());
    POLES_RETURN_IF_ERROR(CheckEtag(r.etag(), cur[0][kOrgVersion].as<int64_t>()));
    pqxx::result refs = tx.work().exec_prepared(kOrgReferences.name, tenant, ids[1]);
    long people = refs[0][0].as<long>(), dossiers = refs[0][1].as<long>();
    if ((people > 0 || dossiers > 0) && !r.force()) {
      return WithReason(
          absl::FailedPreconditionError(absl::StrCat(
              "the organisation is referred to by ", people, " people and ",
              dossiers, " dossiers; set force to detach them and delete it")),
          "HAS_REFERENCES");
    }
    tx.work().exec_prepared(kOrgDetachDossiers.name, tenant, ids[1],
                            std::string(cur[0][1].c_str()));
    tx.work().exec_prepared(kOrgDelete.name, tenant, ids[1]);
    return WriteAudit(tx, c, r.name());
  });
}

absl::Status DirectoriesLogic::RenewMembership(Call& c,
                                               const v1::RenewMembershipRequest& r,
                                               v1::Organisation* out) {
  Violations v;
  auto ids = ParseResourceName("organisation", r.organisation(),
                               {"tenants", "organisations"});
  v.Merge(ids.status());
  ValidateRenewal(r.renewal(), "renewal", v);
  POLES_RETURN_IF_ERROR(v.Status());
  const std::string tenant = (*ids)[0];
  const std::string id = (*ids)[1];
  POLES_RETURN_IF_ERROR(c.AuthorizeTenant(tenant));
  return InTenantTransaction(c, tenant, [&](storage::TenantTransaction& tx)
                                            -> absl::Status {
    pqxx::result cur = tx.work().exec_prepared(kOrgLock.name, tenant, id);
    if (cur.empty()) return NotFound(r.organisation());
    POLES_RETURN_IF_ERROR(CheckEtag(r.etag(), cur[0][kOrgVersion].as<int64_t>()));
    tx.work().exec_prepared(kRenewalInsert.name, tenant, id,
                            r.renewal().renewal_date(),
                            r.renewal().renewed_until(), r.renewal().note());
    tx.work().exec_prepared(kRenewalApply.name, tenant, id,
                            r.renewal().renewal_date(),
                            r.renewal().renewed_until());
    pqxx::result got = tx.work().exec_prepared(kOrgGet.name, tenant, id);
    OrganisationFromRow(tenant, got[0], out);
    return WriteAudit(tx, c, out->name());
  });
}

namespace {

// The tenant's organisations as an import matches rows to them: by NEQ,
// then by folded name. Kept up to date with the rows the import writes, so
// that a later line naming an organisation an earlier line created or
// renamed finds it.
class ImportIndex {
 public:
  void Add(const std::string& id, const std::string& neq, const std::string& folded) {
    if (!neq.empty()) by_neq_[neq] = id;
    by_name_[folded].push_back({id, neq});
  }
  void Remove(const std::string& id, const std::string& neq, const std::string& folded) {
    if (!neq.empty()) by_neq_.erase(neq);
    auto it = by_name_.find(folded);
    if (it == by_name_.end()) return;
    auto& v = it->second;
    v.erase(std::remove_if(v.begin(), v.end(), [&](const Entry& e) { return e.id == id; }),
            v.end());
    if (v.empty()) by_name_.erase(it);
  }
  // The organisation with this NEQ, or "".
  std::string ByNeq(const std::string& neq) const {
    auto it = neq.empty() ? by_neq_.end() : by_neq_.find(neq);
    return it == by_neq_.end() ? "" : it->second;
  }
  // The organisations with this folded name (those without a NEQ only, when
  // the row gives one: a different NEQ is a different organisation).
  std::vector<std::string> ByName(const std::string& folded, bool row_has_neq) const {
    std::vector<std::string> ids;
    auto it = by_name_.find(folded);
    if (it == by_name_.end()) return ids;
    for (const auto& e : it->second) {
      if (!row_has_neq || e.neq.empty()) ids.push_back(e.id);
    }
    return ids;
  }

 private:
  struct Entry {
    std::string id, neq;
  };
  std::unordered_map<std::string, std::string> by_neq_;
  std::unordered_map<std::string, std::vector<Entry>> by_name_;
};

// The state of one import stream, across its batches.
struct ImportState {
  std::string tenant;
  DirectoryReference ref;
  std::string today;
  ImportIndex index;
  // Organisation id -> the line that wrote it, to refuse two lines of the
  // file naming the same organisation (a few MB for 100 000 rows).
  std::unordered_map<std::string, int> touched;
  Violations errors;
  int error_count = 0;
  int rows = 0, created = 0, updated = 0, unchanged = 0;
};

constexpr int kMaxImportRowsPerMessage = 1000;
constexpr int kMaxReportedImportErrors = 25;

void AddImportError(ImportState& s, const FieldViolation& v) {
  if (++s.error_count <= kMaxReportedImportErrors) s.errors.Add(v.field, v.description);
}

void LoadImportIndex(pqxx::work& w, ImportState& s) {
  w.exec_prepared(kImportLock.name, s.tenant);
  for (const auto& row : w.exec_prepared(kImportExisting.name, s.tenant)) {
    s.index.Add(row[0].c_str(), row[1].c_str(), row[2].c_str());
  }
}

// Applies one batch of rows (in the import's transaction).
void ImportBatch(pqxx::work& w, ImportState& s,
                 const google::protobuf::RepeatedPtrField<v1::OrganisationRow>& rows) {
  s.rows += rows.size();
  // 1. The folded names of the rows.
  Json names = Json::array();
  for (const auto& row : rows) {
    names.push_back({{"line", row.line()},
                     {"name", std::string(absl::StripAsciiWhitespace(row.display_name()))}});
  }
  std::unordered_map<int, std::string> folded_of;
  for (const auto& f : w.exec_prepared(kImportFold.name, names.dump())) {
    folded_of[f[0].as<int>()] = f[1].is_null() ? "" : f[1].c_str();
  }
  // 2. Which organisation each row is about: by NEQ, then by name; "" to
  // create one. Checked again row by row below, against the index as the
  // earlier rows of the batch leave it.
  struct Keys {
    std::string neq, folded;
  };
  std::vector<Keys> keys;
  keys.reserve(rows.size());
  for (const auto& row : rows) {
    auto neq_value = NormalizeNeq(absl::StripAsciiWhitespace(row.neq()));
    const bool has_neq = std::find(row.present().begin(), row.present().end(), "neq") !=
                         row.present().end();
    keys.push_back({has_neq && neq_value.has_value() ? *neq_value : "",
                    folded_of[row.line()]});
  }
  auto match = [&](const Keys& k, std::string* target) -> std::optional<std::string> {
    *target = s.index.ByNeq(k.neq);
    if (!target->empty()) return std::nullopt;
    std::vector<std::string> same_name = s.index.ByName(k.folded, !k.neq.empty());
    if (same_name.size() > 1) {
      return "several organisations have this name; give the NEQ to say which one";
    }
    if (same_name.size() == 1) *target = same_name[0];
    return std::nullopt;
  };
  // 3. The stored organisations the rows update.
  Json wanted = Json::array();
  for (const auto& k : keys) {
    std::string target;
    if (!match(k, &target).has_value() && !target.empty()) wanted.push_back(target);
  }
  std::unordered_map<std::string, v1::Organisation> stored;
  std::unordered_map<std::string, std::string> stored_folded;
  if (!wanted.empty()) {
    for (const auto& row : w.exec_prepared(kOrgGetMany.name, s.tenant, wanted.dump())) {
      OrganisationFromRow(s.tenant, row, &stored[row[0].c_str()]);
      stored_folded[row[0].c_str()] = row[kOrgSortName].c_str();
    }
  }
  // 4. Each row in turn: match, apply, check; the index follows what the
  // batch writes, so a later line finds an organisation an earlier line
  // created, renamed or gave a NEQ (and is refused as the same one).
  // The valid rows go to the staging table as they are checked, and are
  // written even after an error (the transaction will be rolled back), as
  // later batches are matched against them.
  int creates = 0, updates = 0;
  pqxx::stream_to stage(w, kImportStage);
  auto to_stage = [&](const char* op, const std::string& id, const v1::Organisation& org) {
    OrganisationCells cells = CellsOf(id, org);
    std::array<std::string, 1 + std::tuple_size<OrganisationCells>::value> line;
    line[0] = op;
    std::move(cells.begin(), cells.end(), line.begin() + 1);
    stage << line;
  };
  for (int i = 0; i < rows.size(); ++i) {
    const v1::OrganisationRow& row = rows[i];
    const int line = row.line();
    std::string target;
    if (auto problem = match(keys[i], &target)) {
      AddImportError(s, {LineField(line, "display_name"), *problem});
      continue;
    }
    if (!target.empty()) {
      auto [it, fresh] = s.touched.emplace(target, line);
      if (!fresh) {
        AddImportError(s, {LineField(line, "display_name"),
                           absl::StrCat("is the same organisation as line ", it->second)});
        continue;
      }
      if (stored.count(target) == 0) {  // deleted by someone else meanwhile
        AddImportError(s, {LineField(line, "display_name"),
                           "names an organisation deleted during the import; import again"});
        continue;
      }
    }
    v1::Organisation org;
    if (!target.empty()) org = stored[target];
    const std::string old_neq = org.neq();
    Violations v;
    ApplyImportRow(row, s.ref, s.today, &org, v);
    if (!v.empty()) {
      for (const auto& fv : FieldViolationsOf(v.Status())) AddImportError(s, fv);
      continue;
    }
    if (target.empty()) {
      std::string id = NewResourceId();
      s.touched.emplace(id, line);
      s.index.Add(id, org.neq(), keys[i].folded);
      to_stage("create", id, org);
      ++creates;
    } else {
      const std::string& old_folded = stored_folded[target];
      const bool renamed = std::find(row.present().begin(), row.present().end(),
                                     "display_name") != row.present().end();
      const std::string& new_folded = renamed ? keys[i].folded : old_folded;
      if (old_neq != org.neq() || old_folded != new_folded) {
        s.index.Remove(target, old_neq, old_folded);
        s.index.Add(target, org.neq(), new_folded);
      }
      to_stage("update", target, org);
      ++updates;
    }
  }
  stage.complete();
  if (creates > 0) {
    s.created += static_cast<int>(w.exec_params(kImportStageInsert, s.tenant).affected_rows());
  }
  if (updates > 0) {
    const int changed = static_cast<int>(w.exec_params(kImportStageUpdate, s.tenant).size());
    s.updated += changed;
    s.unchanged += updates - changed;
  }
  w.exec(kImportStageClear);
}

}  // namespace

absl::Status DirectoriesLogic::ImportOrganisations(
    Call& c, MessageSource<v1::ImportOrganisationsRequest>& source,
    v1::ImportOrganisationsResponse* out) {
  v1::ImportOrganisationsRequest first;
  if (!source.Next(&first)) {
    POLES_RETURN_IF_ERROR(source.status());
    return InvalidField("parent", "is required in the first message");
  }
  POLES_ASSIGN_OR_RETURN(auto parent,
                         ParseResourceName("parent", first.parent(), {"tenants"}));
  const std::string tenant = parent[0];
  POLES_RETURN_IF_ERROR(c.AuthorizeTenant(tenant));
  const bool validate_only = first.validate_only();
  const std::string parent_name = first.parent();
  ImportState s;
  s.tenant = tenant;
  s.today = TodayInMontreal();
  absl::Status status = InTenantTransaction(
      c, tenant,
      [&](storage::TenantTransaction& tx) -> absl::Status {
        s.ref = LoadReference(tx.work(), tenant);
        LoadImportIndex(tx.work(), s);
        tx.work().exec(ImportStageCreate());
        v1::ImportOrganisationsRequest msg = std::move(first);
        for (;;) {
          if (!msg.parent().empty() && msg.parent() != parent_name) {
            return InvalidField("parent", "must be the same in every message");
          }
          if (msg.rows_size() > kMaxImportRowsPerMessage) {
            return InvalidField("rows", absl::StrCat("must have at most ",
                                                     kMaxImportRowsPerMessage,
                                                     " rows per message"));
          }
          for (const auto& row : msg.rows()) {
            if (row.line() < 1) return InvalidField("rows.line", "must be a line number of the file (1 or more)");
          }
          ImportBatch(tx.work(), s, msg.rows());
          msg.Clear();
          if (!source.Next(&msg)) break;
        }
        POLES_RETURN_IF_ERROR(source.status());
        if (s.error_count > 0) {
          // A short message and the first violations only: the whole status
          // travels in the trailers, which clients cap at 8 KiB.
          absl::Status bad = s.errors.Status();
          absl::Status summary = absl::InvalidArgumentError(absl::StrCat(
              s.error_count, " problem(s) in the rows; nothing was imported",
              s.error_count > kMaxReportedImportErrors
                  ? absl::StrCat(" (the first ", kMaxReportedImportErrors,
                                 " are listed)")
                  : ""));
          bad.ForEachPayload([&](absl::string_view url, const absl::Cord& v) {
            summary.SetPayload(url, v);
          });
          return summary;
        }
        if (validate_only) {
          return WithReason(absl::AbortedError("validate_only"), "VALIDATE_ONLY");
        }
        return WriteAudit(tx, c, absl::StrCat("tenants/", tenant, "/organisations:import"));
      },
      kNeqTaken);
  if (validate_only && ReasonOf(status) == "VALIDATE_ONLY") status = absl::OkStatus();
  if (!status.ok()) return status;
  out->set_rows(s.rows);
  out->set_created(s.created);
  out->set_updated(s.updated);
  out->set_unchanged(s.unchanged);
  out->set_validate_only(validate_only);
  return absl::OkStatus();
}

// ---- Distribution and export -----------------------------------------------------

absl::Status DirectoriesLogic::GetDirectoryDistribution(
    Call& c, const v1::GetDirectoryDistributionRequest& r,
    v1::DirectoryDistribution* out) {
  POLES_ASSIGN_OR_RETURN(auto parent,
                         ParseResourceName("parent", r.parent(), {"tenants"}));
  const std::string tenant = parent[0];
  POLES_RETURN_IF_ERROR(c.AuthorizeTenant(tenant));
  POLES_ASSIGN_OR_RETURN(
      auto rows, ReadTenant(c, tenant, kDistribution.name,
                            {tenant, r.members_only() ? "true" : "false"}));
  std::vector<v1::DistributionBucket> mrcs, sectors, forms;
  int total = 0;
  for (const auto& row : rows) {
    std::string kind = row[0].c_str();
    v1::DistributionBucket b;
    b.set_count(row[3].as<int>());
    if (kind == "mrc") {
      b.set_key(MrcName(row[1].c_str()));
      b.set_label(row[2].c_str());
      mrcs.push_back(b);
    } else if (kind == "sector") {
      b.set_key(SectorName(row[1].c_str()));
      b.set_label(row[2].c_str());
      sectors.push_back(b);
    } else {
      auto form = LegalFormFromCode(row[1].c_str());
      b.set_key(row[1].c_str());
      b.set_label(LegalFormLabel(form));
      forms.push_back(b);
      total += b.count();
    }
  }
  out->set_parent(r.parent());
  out->set_total(total);
  auto emit = [&](std::vector<v1::DistributionBucket>& list,
                  google::protobuf::RepeatedPtrField<v1::DistributionBucket>* dst) {
    std::sort(list.begin(), list.end(), [](const auto& a, const auto& b) {
      if (a.count() != b.count()) return a.count() > b.count();
      return FoldFrench(a.label()) < FoldFrench(b.label());
    });
    for (auto& b : list) {
      b.set_percent(Percent(b.count(), total));
      *dst->Add() = std::move(b);
    }
  };
  emit(mrcs, out->mutable_by_mrc());
  emit(sectors, out->mutable_by_sector());
  emit(forms, out->mutable_by_legal_form());
  return absl::OkStatus();
}

absl::Status DirectoriesLogic::ExportDirectory(Call& c,
                                               const v1::ExportDirectoryRequest& r,
                                               v1::DirectoryExport* out) {
  Violations v;
  auto parent = ParseResourceName("parent", r.parent(), {"tenants"});
  v.Merge(parent.status());
  if (r.format() == v1::ExportDirectoryRequest::FORMAT_UNSPECIFIED) {
    v.Add("format", "is required: CSV or HTML");
  } else if (!v1::ExportDirectoryRequest::Format_IsValid(r.format())) {
    v.Add("format", "is not a known format");
  }
  std::string mrc;
  if (!r.mrc().empty()) {
    mrc = ParseMrcName("mrc", r.mrc(), v);
  } else if (r.format() == v1::ExportDirectoryRequest::HTML) {
    v.Add("mrc", "is required for the HTML directory (one page per MRC)");
  }
  POLES_RETURN_IF_ERROR(v.Status());
  const std::string tenant = (*parent)[0];
  POLES_RETURN_IF_ERROR(c.AuthorizeTenant(tenant));
  const bool html = r.format() == v1::ExportDirectoryRequest::HTML;
  return InTenantTransaction(c, tenant, [&](storage::TenantTransaction& tx)
                                            -> absl::Status {
    std::string mrc_title;
    if (!mrc.empty()) {
      bool found = false;
      for (const auto& row : tx.work().exec_prepared(kReference.name, tenant)) {
        if (row[0].c_str()[0] == 'm' && mrc == row[1].c_str()) {
          found = true;
          mrc_title = MrcTitle(row[2].c_str(), std::string(row[3].c_str()) == "mrc");
        }
      }
      if (!found) return InvalidField("mrc", "is not an MRC of the tenant's territory");
    }
    pqxx::result name = tx.work().exec_prepared(kTenantName.name, tenant);
    const std::string pole = name.empty() ? tenant : name[0][0].c_str();
    std::vector<DirectoryEntry> entries;
    for (const auto& row : tx.work().exec_prepared(
             html ? kExportRowsBySector.name : kExportRows.name, tenant, mrc)) {
      DirectoryEntry e;
      e.display_name = row[0].c_str();
      e.legal_form = LegalFormLabel(LegalFormFromCode(row[1].c_str()));
      e.sector = row[2].c_str();
      e.mrc = row[3].c_str();
      e.municipality = row[4].c_str();
      e.address = row[5].c_str();
      e.phone = row[6].c_str();
      e.email = row[7].c_str();
      e.website = row[8].c_str();
      e.neq = row[9].c_str();
      entries.push_back(std::move(e));
    }
    const std::string base =
        absl::StrCat("repertoire-", tenant, mrc.empty() ? "" : "-", mrc);
    if (html) {
      out->set_content_type("text/html; charset=utf-8");
      out->set_filename(base + ".html");
      out->set_data(RenderDirectoryHtml(pole, mrc_title, entries, TodayInMontreal()));
    } else {
      out->set_content_type("text/csv; charset=utf-8");
      out->set_filename(base + ".csv");
      out->set_data(RenderDirectoryCsv(entries, r.semicolon() ? ';' : ','));
    }
    return absl::OkStatus();
  });
}

// ---- People ----------------------------------------------------------------------

absl::Status DirectoriesLogic::CreatePerson(Call& c, const v1::CreatePersonRequest& r,
                                            v1::Person* out) {
  Violations v;
  auto parent = ParseResourceName("parent", r.parent(), {"tenants"});
  v.Merge(parent.status());
  ValidatePerson(r.person(), "person", v);
  CheckResourceId(v, "person_id", r.person_id());
  CheckRequestId(v, r.request_id());
  std::string org_id;
  if (parent.ok()) org_id = OrgIdOf("person.organisation", r.person().organisation(), (*parent)[0], v);
  POLES_RETURN_IF_ERROR(v.Status());
  const std::string tenant = (*parent)[0];
  POLES_RETURN_IF_ERROR(c.AuthorizeTenant(tenant));
  const std::string id = r.person_id().empty() ? NewResourceId() : r.person_id();
  const v1::Person& p = r.person();
  return CreateTenantResource(
      c, tenant, r,
      [&](storage::TenantTransaction& tx) -> absl::Status {
        if (!org_id.empty() &&
            tx.work().exec_prepared(kOrgExists.name, tenant, org_id).empty()) {
          return InvalidField("person.organisation", "does not exist");
        }
        pqxx::result rows = tx.work().exec_prepared(
            kPersonInsert.name, tenant, id, p.display_name(), RoleCode(p.role()),
            p.position(), org_id, p.email(), p.phone(), p.consent().purpose(),
            p.consent().consent_date());
        PersonFromRow(tenant, rows[0], out);
        return absl::OkStatus();
      },
      "a person with this person_id already exists", out);
}

absl::Status DirectoriesLogic::GetPerson(Call& c, const v1::GetPersonRequest& r,
                                         v1::Person* out) {
  return GetTenantResource(c, r.name(), "people", kPersonGet.name, PersonFromRow<storage::Row>, out);
}

absl::Status DirectoriesLogic::ListPeople(Call& c, const v1::ListPeopleRequest& r,
                                          v1::ListPeopleResponse* out) {
  Violations v;
  auto parent = ParseResourceName("parent", r.parent(), {"tenants"});
  v.Merge(parent.status());
  auto size = EffectivePageSize(r.page_size());
  v.Merge(size.status());
  if (!v1::Person::Role_IsValid(r.role())) v.Add("role", "is not a known role");
  std::string org_id;
  if (parent.ok()) org_id = OrgIdOf("organisation", r.organisation(), (*parent)[0], v);
  POLES_RETURN_IF_ERROR(v.Status());
  const std::string tenant = (*parent)[0];
  POLES_RETURN_IF_ERROR(c.AuthorizeTenant(tenant));
  const std::string role = RoleCode(r.role());
  const std::string filter = absl::StrCat(role, "|", org_id);
  POLES_ASSIGN_OR_RETURN(
      auto key, DecodePageToken(page_tokens_, r.page_token(), r.parent(), filter, 1));
  POLES_ASSIGN_OR_RETURN(
      auto rows, ReadTenant(c, tenant, kPersonList.name,
                            {tenant, key[0], role, org_id, std::to_string(*size + 1)}));
  for (int i = 0; i < static_cast<int>(rows.size()) && i < *size; ++i) {
    PersonFromRow(tenant, rows[i], out->add_people());
  }
  if (static_cast<int>(rows.size()) > *size) {
    out->set_next_page_token(
        page_tokens_.Encode(r.parent(), filter, {rows[*size - 1][0].c_str()}));
  }
  return absl::OkStatus();
}

absl::Status DirectoriesLogic::UpdatePerson(Call& c, const v1::UpdatePersonRequest& r,
                                            v1::Person* out) {
  POLES_ASSIGN_OR_RETURN(auto ids, ParseResourceName("person.name", r.person().name(),
                                                     {"tenants", "people"}));
  POLES_ASSIGN_OR_RETURN(
      auto paths,
      MaskPaths(r.update_mask(),
                {"display_name", "role", "position", "organisation", "email",
                 "phone", "consent", "consent.purpose", "consent.consent_date"},
                {"name", "erased", "erase_time", "create_time", "update_time", "etag"}));
  const std::string& tenant = ids[0];
  Violations pre;
  std::string new_org;
  if (HasPath(paths, "organisation")) {
    new_org = OrgIdOf("person.organisation", r.person().organisation(), tenant, pre);
  }
  POLES_RETURN_IF_ERROR(pre.Status());
  POLES_RETURN_IF_ERROR(c.AuthorizeTenant(tenant));
  return InTenantTransaction(c, tenant, [&](storage::TenantTransaction& tx)
                                            -> absl::Status {
    pqxx::result cur = tx.work().exec_prepared(kPersonLock.name, tenant, ids[1]);
    if (cur.empty()) return NotFound(r.person().name());
    POLES_RETURN_IF_ERROR(
        CheckEtag(r.person().etag(), cur[0][kPersonVersion].as<int64_t>()));
    v1::Person m;
    PersonFromRow(tenant, cur[0], &m);
    if (m.erased()) {
      return WithReason(absl::FailedPreconditionError(
                            "the person's information was erased; it cannot be "
                            "changed"),
                        "ERASED");
    }
    const v1::Person& in = r.person();
    if (HasPath(paths, "display_name")) m.set_display_name(in.display_name());
    if (HasPath(paths, "role")) m.set_role(in.role());
    if (HasPath(paths, "position")) m.set_position(in.position());
    if (HasPath(paths, "organisation")) m.set_organisation(in.organisation());
    if (HasPath(paths, "email")) m.set_email(in.email());
    if (HasPath(paths, "phone")) m.set_phone(in.phone());
    if (HasPath(paths, "consent") || HasPath(paths, "consent.purpose")) {
      m.mutable_consent()->set_purpose(in.consent().purpose());
    }
    if (HasPath(paths, "consent") || HasPath(paths, "consent.consent_date")) {
      m.mutable_consent()->set_consent_date(in.consent().consent_date());
    }
    Violations v;
    ValidatePerson(m, "person", v);
    POLES_RETURN_IF_ERROR(v.Status());
    std::string org_id = m.organisation().empty()
                             ? ""
                             : m.organisation().substr(m.organisation().rfind('/') + 1);
    if (HasPath(paths, "organisation") && !new_org.empty() &&
        tx.work().exec_prepared(kOrgExists.name, tenant, new_org).empty()) {
      return InvalidField("person.organisation", "does not exist");
    }
    pqxx::result rows = tx.work().exec_prepared(
        kPersonUpdate.name, tenant, ids[1], m.display_name(), RoleCode(m.role()),
        m.position(), org_id, m.email(), m.phone(), m.consent().purpose(),
        m.consent().consent_date());
    PersonFromRow(tenant, rows[0], out);
    return WriteAudit(tx, c, out->name());
  });
}

absl::Status DirectoriesLogic::DeletePerson(Call& c, const v1::DeletePersonRequest& r) {
  POLES_ASSIGN_OR_RETURN(auto ids,
                         ParseResourceName("name", r.name(), {"tenants", "people"}));
  POLES_RETURN_IF_ERROR(c.AuthorizeTenant(ids[0]));
  const std::string& tenant = ids[0];
  return InTenantTransaction(c, tenant, [&](storage::TenantTransaction& tx)
                                            -> absl::Status {
    pqxx::result cur = tx.work().exec_prepared(kPersonLock.name, tenant, ids[1]);
    if (cur.empty()) return NotFound(r.name());
    POLES_RETURN_IF_ERROR(CheckEtag(r.etag(), cur[0][kPersonVersion].as<int64_t>()));
    tx.work().exec_prepared(kPersonForgetReplies.name, tenant, r.name());
    tx.work().exec_prepared(kPersonDelete.name, tenant, ids[1]);
    return WriteAudit(tx, c, r.name());
  });
}

absl::Status DirectoriesLogic::ErasePerson(Call& c, const v1::ErasePersonRequest& r,
                                           v1::Person* out) {
  POLES_ASSIGN_OR_RETURN(auto ids,
                         ParseResourceName("name", r.name(), {"tenants", "people"}));
  POLES_RETURN_IF_ERROR(c.AuthorizeTenant(ids[0]));
  const std::string& tenant = ids[0];
  return InTenantTransaction(c, tenant, [&](storage::TenantTransaction& tx)
                                            -> absl::Status {
    pqxx::result cur = tx.work().exec_prepared(kPersonLock.name, tenant, ids[1]);
    if (cur.empty()) return NotFound(r.name());
    POLES_RETURN_IF_ERROR(CheckEtag(r.etag(), cur[0][kPersonVersion].as<int64_t>()));
    if (cur[0][9].as<bool>()) {  // already erased: nothing left to remove
      PersonFromRow(tenant, cur[0], out);
      return absl::OkStatus();
    }
    pqxx::result rows = tx.work().exec_prepared(kPersonErase.name, tenant, ids[1]);
    tx.work().exec_prepared(kPersonForgetReplies.name, tenant, r.name());
    PersonFromRow(tenant, rows[0], out);
    return WriteAudit(tx, c, r.name());
  });
}

// ---- Dossiers --------------------------------------------------------------------

absl::Status DirectoriesLogic::CreateDossier(Call& c, const v1::CreateDossierRequest& r,
                                             v1::Dossier* out) {
  Violations v;
  auto parent = ParseResourceName("parent", r.parent(), {"tenants"});
  v.Merge(parent.status());
  v1::Dossier d = r.dossier();
  NormaliseDossier(&d);
  ValidateDossier(d, "dossier", nullptr, v);
  CheckResourceId(v, "dossier_id", r.dossier_id());
  CheckRequestId(v, r.request_id());
  std::string org_id;
  if (parent.ok()) org_id = OrgIdOf("dossier.organisation", d.organisation(), (*parent)[0], v);
  POLES_RETURN_IF_ERROR(AllViolations(c, parent, v, [&](const DirectoryReference* ref,
                                                        Violations& all) {
    ValidateDossier(d, "dossier", ref, all);
  }));
  const std::string tenant = (*parent)[0];
  POLES_RETURN_IF_ERROR(c.AuthorizeTenant(tenant));
  const std::string id = r.dossier_id().empty() ? NewResourceId() : r.dossier_id();
  return CreateTenantResource(
      c, tenant, r,
      [&](storage::TenantTransaction& tx) -> absl::Status {
        DirectoryReference ref = LoadReference(tx.work(), tenant);
        Violations refs;
        ValidateDossier(d, "dossier", &ref, refs);
        if (!org_id.empty() &&
            tx.work().exec_prepared(kOrgExists.name, tenant, org_id).empty()) {
          refs.Add("dossier.organisation", "does not exist");
        }
        POLES_RETURN_IF_ERROR(refs.Status());
        WriteDossier(tx.work(), kDossierInsert, tenant, id, org_id, d);
        pqxx::result got = tx.work().exec_prepared(kDossierGet.name, tenant, id);
        DossierFromRow(tenant, got[0], out);
        return absl::OkStatus();
      },
      "a dossier with this dossier_id already exists", out);
}

absl::Status DirectoriesLogic::GetDossier(Call& c, const v1::GetDossierRequest& r,
                                          v1::Dossier* out) {
  return GetTenantResource(c, r.name(), "dossiers", kDossierGet.name, DossierFromRow<storage::Row>, out);
}

absl::Status DirectoriesLogic::ListDossiers(Call& c, const v1::ListDossiersRequest& r,
                                            v1::ListDossiersResponse* out) {
  Violations v;
  auto parent = ParseResourceName("parent", r.parent(), {"tenants"});
  v.Merge(parent.status());
  auto size = EffectivePageSize(r.page_size());
  v.Merge(size.status());
  std::string fy_start, fy_end;
  if (!r.fiscal_year().empty()) {
    auto fy = ParseFiscalYear("fiscal_year", r.fiscal_year());
    v.Merge(fy.status());
    if (fy.ok()) {
      fy_start = absl::StrCat(*fy, "-04-01");
      fy_end = absl::StrCat(*fy + 1, "-03-31");
    }
  }
  std::string mrc = r.mrc().empty() ? "" : ParseMrcName("mrc", r.mrc(), v);
  std::string sector = r.sector().empty() ? "" : ParseSectorName("sector", r.sector(), v);
  if (!v1::Dossier::Phase_IsValid(r.phase())) v.Add("phase", "is not a known phase");
  std::string org_id;
  if (parent.ok()) org_id = OrgIdOf("organisation", r.organisation(), (*parent)[0], v);
  POLES_RETURN_IF_ERROR(v.Status());
  const std::string tenant = (*parent)[0];
  POLES_RETURN_IF_ERROR(c.AuthorizeTenant(tenant));
  const std::string phase = PhaseCode(r.phase());
  const std::string filter =
      Json::array({fy_start, mrc, sector, phase, org_id}).dump();
  POLES_ASSIGN_OR_RETURN(
      auto key, DecodePageToken(page_tokens_, r.page_token(), r.parent(), filter, 2));
  POLES_ASSIGN_OR_RETURN(
      auto rows, ReadTenant(c, tenant, kDossierList.name,
                            {tenant, key[0], key[1], fy_start, fy_end, mrc, sector,
                             phase, org_id, std::to_string(*size + 1)}));
  for (int i = 0; i < static_cast<int>(rows.size()) && i < *size; ++i) {
    DossierFromRow(tenant, rows[i], out->add_dossiers());
  }
  if (static_cast<int>(rows.size()) > *size) {
    const auto& last = rows[*size - 1];
    out->set_next_page_token(
        page_tokens_.Encode(r.parent(), filter, {last[11].c_str(), last[0].c_str()}));
  }
  return absl::OkStatus();
}

absl::Status DirectoriesLogic::UpdateDossier(Call& c, const v1::UpdateDossierRequest& r,
                                             v1::Dossier* out) {
  POLES_ASSIGN_OR_RETURN(auto ids, ParseResourceName("dossier.name", r.dossier().name(),
                                                     {"tenants", "dossiers"}));
  POLES_ASSIGN_OR_RETURN(
      auto paths,
      MaskPaths(r.update_mask(),
                {"title", "organisation", "promoter_group", "sector", "mrc",
                 "phase", "subjects", "promoter_gender", "origin", "referrals",
                 "open_date", "close_date", "outcome"},
                {"name", "intervention_count", "create_time", "update_time", "etag"}));
  const std::string& tenant = ids[0];
  Violations pre;
  std::string new_org;
  if (HasPath(paths, "organisation")) {
    new_org = OrgIdOf("dossier.organisation", r.dossier().organisation(), tenant, pre);
  }
  POLES_RETURN_IF_ERROR(pre.Status());
  POLES_RETURN_IF_ERROR(c.AuthorizeTenant(tenant));
  return InTenantTransaction(c, tenant, [&](storage::TenantTransaction& tx)
                                            -> absl::Status {
    pqxx::result cur = tx.work().exec_prepared(kDossierLock.name, tenant, ids[1]);
    if (cur.empty()) return NotFound(r.dossier().name());
    POLES_RETURN_IF_ERROR(
        CheckEtag(r.dossier().etag(), cur[0][kDossierVersion].as<int64_t>()));
    v1::Dossier m;
    DossierFromRow(tenant, cur[0], &m);
    const v1::Dossier& in = r.dossier();
    if (HasPath(paths, "title")) m.set_title(in.title());
    if (HasPath(paths, "organisation")) m.set_organisation(in.organisation());
    if (HasPath(paths, "promoter_group")) m.set_promoter_group(in.promoter_group());
    if (HasPath(paths, "sector")) m.set_sector(in.sector());
    if (HasPath(paths, "mrc")) m.set_mrc(in.mrc());
    if (HasPath(paths, "phase")) m.set_phase(in.phase());
    if (HasPath(paths, "subjects")) *m.mutable_subjects() = in.subjects();
    if (HasPath(paths, "promoter_gender")) m.set_promoter_gender(in.promoter_gender());
    if (HasPath(paths, "origin")) m.set_origin(in.origin());
    if (HasPath(paths, "referrals")) *m.mutable_referrals() = in.referrals();
    if (HasPath(paths, "open_date")) m.set_open_date(in.open_date());
    if (HasPath(paths, "close_date")) m.set_close_date(in.close_date());
    if (HasPath(paths, "outcome")) m.set_outcome(in.outcome());
    NormaliseDossier(&m);
    Violations v;
    DirectoryReference ref = LoadReference(tx.work(), tenant);
    ValidateDossier(m, "dossier", &ref, v);
    if (!new_org.empty() &&
        tx.work().exec_prepared(kOrgExists.name, tenant, new_org).empty()) {
      v.Add("dossier.organisation", "does not exist");
    }
    POLES_RETURN_IF_ERROR(v.Status());
    std::string org_id = m.organisation().empty()
                             ? ""
                             : m.organisation().substr(m.organisation().rfind('/') + 1);
    WriteDossier(tx.work(), kDossierUpdate, tenant, ids[1], org_id, m);
    pqxx::result got = tx.work().exec_prepared(kDossierGet.name, tenant, ids[1]);
    DossierFromRow(tenant, got[0], out);
    return WriteAudit(tx, c, out->name());
  });
}

absl::Status DirectoriesLogic::DeleteDossier(Call& c, const v1::DeleteDossierRequest& r) {
  POLES_ASSIGN_OR_RETURN(auto ids,
                         ParseResourceName("name", r.name(), {"tenants", "dossiers"}));
  POLES_RETURN_IF_ERROR(c.AuthorizeTenant(ids[0]));
  const std::string& tenant = ids[0];
  return InTenantTransaction(c, tenant, [&](storage::TenantTransaction& tx)
                                            -> absl::Status {
    pqxx::result cur = tx.work().exec_prepared(kDossierLock.name, tenant, ids[1]);
    if (cur.empty()) return NotFound(r.name());
    POLES_RETURN_IF_ERROR(CheckEtag(r.etag(), cur[0][kDossierVersion].as<int64_t>()));
    int interventions = cur[0][17].as<int>();
    if (interventions > 0 && !r.force()) {
      return WithReason(absl::FailedPreconditionError(absl::StrCat(
                            "the dossier has ", interventions,
                            " interventions; delete them first or set force")),
                        "HAS_CHILDREN");
    }
    tx.work().exec_prepared(kDossierDelete.name, tenant, ids[1]);
    return WriteAudit(tx, c, r.name());
  });
}

// ---- Interventions ---------------------------------------------------------------

absl::Status DirectoriesLogic::CreateIntervention(
    Call& c, const v1::CreateInterventionRequest& r, v1::Intervention* out) {
  Violations v;
  auto parent = ParseResourceName("parent", r.parent(), {"tenants", "dossiers"});
  v.Merge(parent.status());
  ValidateIntervention(r.intervention(), "intervention", v);
  CheckResourceId(v, "intervention_id", r.intervention_id());
  CheckRequestId(v, r.request_id());
  POLES_RETURN_IF_ERROR(v.Status());
  const std::string tenant = (*parent)[0];
  const std::string dossier = (*parent)[1];
  POLES_RETURN_IF_ERROR(c.AuthorizeTenant(tenant));
  const std::string id = r.intervention_id().empty() ? NewResourceId() : r.intervention_id();
  const v1::Intervention& in = r.intervention();
  return CreateTenantResource(
      c, tenant, r,
      [&](storage::TenantTransaction& tx) -> absl::Status {
        if (tx.work().exec_prepared(kDossierExists.name, tenant, dossier).empty()) {
          return NotFound(r.parent());
        }
        pqxx::result rows = tx.work().exec_prepared(
            kInterventionInsert.name, tenant, dossier, id, in.intervention_date(),
            ListToJson(in.subjects()), in.note());
        InterventionFromRow(tenant, dossier, rows[0], out);
        return absl::OkStatus();
      },
      "an intervention with this intervention_id already exists in the dossier", out);
}

absl::Status DirectoriesLogic::GetIntervention(Call& c,
                                               const v1::GetInterventionRequest& r,
                                               v1::Intervention* out) {
  POLES_ASSIGN_OR_RETURN(
      auto ids, ParseResourceName("name", r.name(),
                                  {"tenants", "dossiers", "interventions"}));
  POLES_RETURN_IF_ERROR(c.AuthorizeTenant(ids[0]));
  POLES_ASSIGN_OR_RETURN(auto rows, ReadTenant(c, ids[0], kInterventionGet.name,
                                               {ids[0], ids[1], ids[2]}));
  if (rows.empty()) return NotFound(r.name());
  InterventionFromRow(ids[0], ids[1], rows[0], out);
  return absl::OkStatus();
}

absl::Status DirectoriesLogic::ListInterventions(
    Call& c, const v1::ListInterventionsRequest& r,
    v1::ListInterventionsResponse* out) {
  Violations v;
  auto parent = ParseResourceName("parent", r.parent(), {"tenants", "dossiers"});
  v.Merge(parent.status());
  auto size = EffectivePageSize(r.page_size());
  v.Merge(size.status());
  POLES_RETURN_IF_ERROR(v.Status());
  const std::string tenant = (*parent)[0];
  const std::string dossier = (*parent)[1];
  POLES_RETURN_IF_ERROR(c.AuthorizeTenant(tenant));
  POLES_ASSIGN_OR_RETURN(
      auto key, DecodePageToken(page_tokens_, r.page_token(), r.parent(), "", 2));
  POLES_ASSIGN_OR_RETURN(
      auto rows, ReadTenant(c, tenant, kInterventionList.name,
                            {tenant, dossier, key[0], key[1],
                             std::to_string(*size + 1)}));
  for (int i = 0; i < static_cast<int>(rows.size()) && i < *size; ++i) {
    InterventionFromRow(tenant, dossier, rows[i], out->add_interventions());
  }
  if (static_cast<int>(rows.size()) > *size) {
    const auto& last = rows[*size - 1];
    out->set_next_page_token(
        page_tokens_.Encode(r.parent(), "", {last[1].c_str(), last[0].c_str()}));
  }
  return absl::OkStatus();
}

absl::Status DirectoriesLogic::UpdateIntervention(
    Call& c, const v1::UpdateInterventionRequest& r, v1::Intervention* out) {
  POLES_ASSIGN_OR_RETURN(
      auto ids, ParseResourceName("intervention.name", r.intervention().name(),
                                  {"tenants", "dossiers", "interventions"}));
  POLES_ASSIGN_OR_RETURN(
      auto paths,
      MaskPaths(r.update_mask(), {"intervention_date", "subjects", "note"},
                {"name", "create_time", "update_time", "etag"}));
  POLES_RETURN_IF_ERROR(c.AuthorizeTenant(ids[0]));
  const std::string& tenant = ids[0];
  return InTenantTransaction(c, tenant, [&](storage::TenantTransaction& tx)
                                            -> absl::Status {
    pqxx::result cur =
        tx.work().exec_prepared(kInterventionLock.name, tenant, ids[1], ids[2]);
    if (cur.empty()) return NotFound(r.intervention().name());
    POLES_RETURN_IF_ERROR(CheckEtag(r.intervention().etag(),
                                    cur[0][kInterventionVersion].as<int64_t>()));
    v1::Intervention m;
    InterventionFromRow(tenant, ids[1], cur[0], &m);
    const v1::Intervention& in = r.intervention();
    if (HasPath(paths, "intervention_date")) m.set_intervention_date(in.intervention_date());
    if (HasPath(paths, "subjects")) *m.mutable_subjects() = in.subjects();
    if (HasPath(paths, "note")) m.set_note(in.note());
    Violations v;
    ValidateIntervention(m, "intervention", v);
    POLES_RETURN_IF_ERROR(v.Status());
    pqxx::result rows = tx.work().exec_prepared(
        kInterventionUpdate.name, tenant, ids[1], ids[2], m.intervention_date(),
        ListToJson(m.subjects()), m.note());
    InterventionFromRow(tenant, ids[1], rows[0], out);
    return WriteAudit(tx, c, out->name());
  });
}

absl::Status DirectoriesLogic::DeleteIntervention(
    Call& c, const v1::DeleteInterventionRequest& r) {
  POLES_ASSIGN_OR_RETURN(
      auto ids, ParseResourceName("name", r.name(),
                                  {"tenants", "dossiers", "interventions"}));
  POLES_RETURN_IF_ERROR(c.AuthorizeTenant(ids[0]));
  const std::string& tenant = ids[0];
  return InTenantTransaction(c, tenant, [&](storage::TenantTransaction& tx)
                                            -> absl::Status {
    pqxx::result cur =
        tx.work().exec_prepared(kInterventionLock.name, tenant, ids[1], ids[2]);
    if (cur.empty()) return NotFound(r.name());
    POLES_RETURN_IF_ERROR(
        CheckEtag(r.etag(), cur[0][kInterventionVersion].as<int64_t>()));
    tx.work().exec_prepared(kInterventionDelete.name, tenant, ids[1], ids[2]);
    return WriteAudit(tx, c, r.name());
  });
}

// ---- Indicators ------------------------------------------------------------------

absl::Status DirectoriesLogic::SummarizeDirectories(Call& c,
                                                    const v1::SummarizeRequest& r,
                                                    v1::IndicatorSummary* out) {
  POLES_ASSIGN_OR_RETURN(
      SummaryQuery q,
      ParseSummaryRequest(c, r, {"mrc", "sector", "legal_form", "phase", "gender"}));
  POLES_ASSIGN_OR_RETURN(
      auto rows, ReadTenant(c, q.tenant, kSummary.name,
                            {q.tenant, absl::StrCat(q.fiscal_year, "-04-01"),
                             absl::StrCat(q.fiscal_year + 1, "-03-31")}));
  std::map<std::string, std::set<std::string>> allowed;
  bool keeps_organisations = false, keeps_dossiers = false;
  for (const auto& row : rows) {
    std::string kind = row[0].c_str();
    if (kind == "dims") {
      for (absl::string_view d : absl::StrSplit(row[2].c_str(), ',', absl::SkipEmpty())) {
        allowed[row[1].c_str()].insert(std::string(d));
      }
    } else if (kind == "kept") {
      bool kept = row[6].as<long>() > 0;
      (std::string(row[1].c_str()) == "organisations" ? keeps_organisations
                                                      : keeps_dossiers) = kept;
    }
  }
  SummaryBuilder builder;
  const bool enterprises = keeps_organisations;
  if (enterprises) {
    builder.Add("directories.enterprises", {}, 0);
    builder.Add("directories.member_enterprises", {}, 0);
  }
  if (keeps_dossiers) {
    builder.Add("directories.dossiers_opened", {}, 0);
    builder.Add("directories.interventions", {}, 0);
  }
  for (const auto& row : rows) {
    std::string indicator = row[0].c_str();
    if (indicator == "dims" || indicator == "kept") continue;
    const std::map<std::string, std::string> values = {
        {"mrc", row[1].c_str()},        {"sector", row[2].c_str()},
        {"legal_form", row[3].c_str()}, {"phase", row[4].c_str()},
        {"gender", row[5].c_str()}};
    int64_t n = row[6].as<int64_t>();
    builder.Add(indicator, {}, n);
    std::map<std::string, std::string> dims;
    for (const auto& d : q.dimensions) {
      if (allowed[indicator].count(d)) dims[d] = values.at(d);
    }
    if (!dims.empty()) builder.Add(indicator, dims, n);
  }
  builder.Emit(out);
  out->set_tenant(r.parent());
  out->set_fiscal_year(r.fiscal_year());
  return MergeReportedValues(c, q, "directories", out);
}

absl::Status DirectoriesLogic::ReportDirectoriesIndicator(
    Call& c, const v1::ReportIndicatorValueRequest& r, v1::IndicatorValue* out) {
  return ReportIndicatorValue(c, r, "directories", out);
}

ImportStaging ImportStagingForTest() {
  return {ImportStageCreate(),
          {{"directories_import_stage_insert", "text", kImportStageInsert},
           {"directories_import_stage_update", "text", kImportStageUpdate},
           {"directories_import_stage_clear", "", kImportStageClear}}};
}

std::vector<storage::Statement> DirectoriesStatements() {
  return {
      kSectorsList, kReference, kOrgGet, kOrgLock, kOrgGetMany, kOrgExists,
      kOrgInsert, kOrgUpdate, kOrgTouch, kOrgDelete, kOrgReferences,
      kOrgDetachDossiers, kOrgList, kOrgListFull, kOrgSearch, kOrgSearchFull,
      kImportExisting, kImportFold, kImportLock, kRenewalInsert, kRenewalApply,
      kDistribution, kExportRows, kExportRowsBySector, kTenantName, kPersonGet,
      kPersonLock, kPersonInsert, kPersonUpdate, kPersonErase,
      kPersonForgetReplies, kPersonDelete, kPersonList, kDossierGet,
      kDossierLock, kDossierExists, kDossierInsert, kDossierUpdate,
      kDossierDelete, kDossierList, kInterventionGet, kInterventionLock,
      kInterventionInsert, kInterventionUpdate, kInterventionDelete,
      kInterventionList, kSummary};
}

}  // namespace poles::directories
