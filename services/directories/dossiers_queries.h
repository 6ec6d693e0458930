#ifndef POLES_SERVICES_DIRECTORIES_DOSSIERS_QUERIES_H_
#define POLES_SERVICES_DIRECTORIES_DOSSIERS_QUERIES_H_

#include "storage/session.h"

// The statements of dossiers. A dossier row (read by DossierFromRow) has the
// columns dossier_id, title, organisation_id ('' for none), promoter_group,
// sector_id, mrc_id, phase, subjects (text[]), promoter_gender, origin,
// referrals (JSON), open_date, close_date ('' for NULL), outcome, version,
// create_micros, update_micros (microseconds since the epoch) and
// intervention_count.
namespace poles::directories {

inline constexpr storage::Statement kDossierGet = {"directories_dossier_get",
                                                   "text, text", R"sql(
SELECT d.dossier_id, d.title, COALESCE(d.organisation_id, '') AS organisation_id,
       d.promoter_group, d.sector_id, d.mrc_id, d.phase, d.subjects,
       d.promoter_gender, d.origin, d.referrals::text AS referrals,
       d.open_date::text AS open_date,
       COALESCE(d.close_date::text, '') AS close_date, d.outcome, d.version,
       (extract(epoch FROM d.create_time) * 1000000)::bigint AS create_micros,
       (extract(epoch FROM d.update_time) * 1000000)::bigint AS update_micros,
       (SELECT count(*) FROM poles.interventions i
         WHERE i.tenant_id = d.tenant_id
           AND i.dossier_id = d.dossier_id) AS intervention_count
  FROM poles.dossiers d
 WHERE d.tenant_id = $1 AND d.dossier_id = $2)sql"};

inline constexpr storage::Statement kDossierLock = {"directories_dossier_lock",
                                                    "text, text", R"sql(
SELECT d.dossier_id, d.title, COALESCE(d.organisation_id, '') AS organisation_id,
       d.promoter_group, d.sector_id, d.mrc_id, d.phase, d.subjects,
       d.promoter_gender, d.origin, d.referrals::text AS referrals,
       d.open_date::text AS open_date,
       COALESCE(d.close_date::text, '') AS close_date, d.outcome, d.version,
       (extract(epoch FROM d.create_time) * 1000000)::bigint AS create_micros,
       (extract(epoch FROM d.update_time) * 1000000)::bigint AS update_micros,
       (SELECT count(*) FROM poles.interventions i
         WHERE i.tenant_id = d.tenant_id
           AND i.dossier_id = d.dossier_id) AS intervention_count
  FROM poles.dossiers d
 WHERE d.tenant_id = $1 AND d.dossier_id = $2
   FOR UPDATE)sql"};

inline constexpr storage::Statement kDossierExists = {
    "directories_dossier_exists", "text, text", R"sql(
SELECT 1 FROM poles.dossiers WHERE tenant_id = $1 AND dossier_id = $2)sql"};

// $3 title, $4 organisation ('' = none), $5 promoter group, $6 sector,
// $7 MRC, $8 phase, $9 subjects (JSON array), $10 promoter gender,
// $11 origin, $12 referrals (JSON), $13 open date, $14 close date ('' =
// none), $15 outcome.
inline constexpr storage::Statement kDossierInsert = {
    "directories_dossier_insert",
    "text, text, text, text, text, text, text, text, text, text, text, text, "
    "text, text, text",
    R"sql(
INSERT INTO poles.dossiers (
       tenant_id, dossier_id, title, organisation_id, promoter_group,
       sector_id, mrc_id, phase, subjects, promoter_gender, origin, referrals,
       open_date, close_date, outcome)
VALUES ($1, $2, $3, NULLIF($4, ''), $5, $6, $7, $8,
        ARRAY(SELECT json_array_elements_text($9::json)), $10, $11,
        $12::jsonb, $13::date, NULLIF($14, '')::date, $15))sql"};

// Parameters as kDossierInsert.
inline constexpr storage::Statement kDossierUpdate = {
    "directories_dossier_update",
    "text, text, text, text, text, text, text, text, text, text, text, text, "
    "text, text, text",
    R"sql(
UPDATE poles.dossiers
   SET title = $3, organisation_id = NULLIF($4, ''), promoter_group = $5,
       sector_id = $6, mrc_id = $7, phase = $8,
       subjects = ARRAY(SELECT json_array_elements_text($9::json)),
       promoter_gender = $10, origin = $11, referrals = $12::jsonb,
       open_date = $13::date, close_date = NULLIF($14, '')::date,
       outcome = $15, version = version + 1, update_time = now()
 WHERE tenant_id = $1 AND dossier_id = $2)sql"};

inline constexpr storage::Statement kDossierDelete = {
    "directories_dossier_delete", "text, text", R"sql(
DELETE FROM poles.dossiers WHERE tenant_id = $1 AND dossier_id = $2)sql"};

// Latest opened first: keyset ($2 date, $3 id) going down; $2 = '' for the
// first page. Filters: $4/$5 fiscal year bounds ('' = any), $6 mrc, $7
// sector, $8 phase, $9 organisation; $10 limit.
inline constexpr storage::Statement kDossierList = {
    "directories_dossier_list",
    "text, text, text, text, text, text, text, text, text, integer", R"sql(
SELECT d.dossier_id, d.title, COALESCE(d.organisation_id, '') AS organisation_id,
       d.promoter_group, d.sector_id, d.mrc_id, d.phase, d.subjects,
       d.promoter_gender, d.origin, d.referrals::text AS referrals,
       d.open_date::text AS open_date,
       COALESCE(d.close_date::text, '') AS close_date, d.outcome, d.version,
       (extract(epoch FROM d.create_time) * 1000000)::bigint AS create_micros,
       (extract(epoch FROM d.update_time) * 1000000)::bigint AS update_micros,
       (SELECT count(*) FROM poles.interventions i
         WHERE i.tenant_id = d.tenant_id
           AND i.dossier_id = d.dossier_id) AS intervention_count
  FROM poles.dossiers d
 WHERE d.tenant_id = $1
   AND ($2 = '' OR (d.open_date, d.dossier_id) < ($2::date, $3))
   AND ($4 = '' OR d.open_date BETWEEN $4::date AND $5::date)
   AND ($6 = '' OR d.mrc_id = $6) AND ($7 = '' OR d.sector_id = $7)
   AND ($8 = '' OR d.phase = $8) AND ($9 = '' OR d.organisation_id = $9)
 ORDER BY d.open_date DESC, d.dossier_id DESC
 LIMIT $10)sql"};

}  // namespace poles::directories

#endif  // POLES_SERVICES_DIRECTORIES_DOSSIERS_QUERIES_H_
