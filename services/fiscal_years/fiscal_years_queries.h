#ifndef POLES_SERVICES_FISCAL_YEARS_FISCAL_YEARS_QUERIES_H_
#define POLES_SERVICES_FISCAL_YEARS_FISCAL_YEARS_QUERIES_H_

// The fiscal years' statements, whole (table poles.fiscal_year_submissions,
// migration 0010). Every statement that returns a year returns the columns
// FiscalYearFromRow reads: fiscal_year, state, submit_micros,
// submitted_by, unlock_micros (-1 for none), unlocked_by, unlock_reason.

#include "storage/session.h"

namespace poles::fiscal_years {

// $1 tenant, $2 fiscal year (its starting calendar year).
inline constexpr storage::Statement kFiscalYearGet = {
    "fiscal_years_get", "text, integer",
    "SELECT fiscal_year, state, "
    "(extract(epoch FROM submit_time) * 1000000)::bigint AS submit_micros, "
    "submitted_by, "
    "COALESCE((extract(epoch FROM unlock_time) * 1000000)::bigint, -1) AS "
    "unlock_micros, "
    "unlocked_by, unlock_reason "
    "FROM poles.fiscal_year_submissions "
    "WHERE tenant_id = $1 AND fiscal_year = $2"};

// The same row locked for the transaction (Submit and Unlock serialise on
// it). Columns: state.
inline constexpr storage::Statement kFiscalYearLock = {
    "fiscal_years_lock", "text, integer",
    "SELECT state FROM poles.fiscal_year_submissions "
    "WHERE tenant_id = $1 AND fiscal_year = $2 FOR UPDATE"};

// The tenant's years ever submitted, newest first. $1 tenant.
inline constexpr storage::Statement kFiscalYearList = {
    "fiscal_years_list", "text",
    "SELECT fiscal_year, state, "
    "(extract(epoch FROM submit_time) * 1000000)::bigint AS submit_micros, "
    "submitted_by, "
    "COALESCE((extract(epoch FROM unlock_time) * 1000000)::bigint, -1) AS "
    "unlock_micros, "
    "unlocked_by, unlock_reason "
    "FROM poles.fiscal_year_submissions "
    "WHERE tenant_id = $1 ORDER BY fiscal_year DESC"};

// Submits a year (first time, or again after an unlock; the last unlock is
// kept). $1 tenant, $2 fiscal year, $3 the submitting key's id, $4 its label
// when the key has no display name.
inline constexpr storage::Statement kFiscalYearSubmit = {
    "fiscal_years_submit", "text, integer, text, text",
    "INSERT INTO poles.fiscal_year_submissions AS s (tenant_id, fiscal_year, "
    "state, submit_time, submitted_by, submitter_key) "
    "VALUES ($1, $2, 'submitted', now(), "
    "COALESCE(NULLIF((SELECT k.display_name FROM poles.api_keys k "
    "WHERE k.key_id = $3), ''), $4), $3) "
    "ON CONFLICT (tenant_id, fiscal_year) DO UPDATE SET state = 'submitted', "
    "submit_time = now(), submitted_by = EXCLUDED.submitted_by, "
    "submitter_key = EXCLUDED.submitter_key, version = s.version + 1 "
    "RETURNING fiscal_year, state, "
    "(extract(epoch FROM submit_time) * 1000000)::bigint AS submit_micros, "
    "submitted_by, "
    "COALESCE((extract(epoch FROM unlock_time) * 1000000)::bigint, -1) AS "
    "unlock_micros, "
    "unlocked_by, unlock_reason"};

// Unlocks a submitted year. $1 tenant, $2 fiscal year, $3 the unlocking
// key's id, $4 its label when the key has no display name, $5 the reason.
inline constexpr storage::Statement kFiscalYearUnlock = {
    "fiscal_years_unlock", "text, integer, text, text, text",
    "UPDATE poles.fiscal_year_submissions SET state = 'open', "
    "unlock_time = now(), "
    "unlocked_by = COALESCE(NULLIF((SELECT k.display_name FROM poles.api_keys "
    "k WHERE k.key_id = $3), ''), $4), "
    "unlocker_key = $3, unlock_reason = $5, version = version + 1 "
    "WHERE tenant_id = $1 AND fiscal_year = $2 AND state = 'submitted' "
    "RETURNING fiscal_year, state, "
    "(extract(epoch FROM submit_time) * 1000000)::bigint AS submit_micros, "
    "submitted_by, "
    "COALESCE((extract(epoch FROM unlock_time) * 1000000)::bigint, -1) AS "
    "unlock_micros, "
    "unlocked_by, unlock_reason"};

}  // namespace poles::fiscal_years

#endif  // POLES_SERVICES_FISCAL_YEARS_FISCAL_YEARS_QUERIES_H_
