#ifndef POLES_SERVICES_EVENTS_PROFILE_QUERIES_H_
#define POLES_SERVICES_EVENTS_PROFILE_QUERIES_H_

// The Pôle profile's statements, whole. Every statement returns the columns
// ProfileFromRow reads: legal_name, incorporation_date ('' when unknown),
// founding_event_id ('' when none), website_uri, contact_email, notes,
// version, update_micros.

#include "storage/session.h"

namespace poles::events {

inline constexpr storage::Statement kProfileGet = {"profile_get", "text",
                                                   R"sql(
SELECT legal_name, COALESCE(incorporation_date::text, '') AS incorporation_date,
       COALESCE(founding_event_id, '') AS founding_event_id, website_uri,
       contact_email, notes, version,
       (extract(epoch FROM update_time) * 1000000)::bigint AS update_micros
  FROM poles.pole_profiles
 WHERE tenant_id = $1
)sql"};

inline constexpr storage::Statement kProfileLock = {"profile_lock", "text",
                                                    R"sql(
SELECT legal_name, COALESCE(incorporation_date::text, '') AS incorporation_date,
       COALESCE(founding_event_id, '') AS founding_event_id, website_uri,
       contact_email, notes, version,
       (extract(epoch FROM update_time) * 1000000)::bigint AS update_micros
  FROM poles.pole_profiles
 WHERE tenant_id = $1
   FOR UPDATE
)sql"};

// Creates or replaces the profile: $2 legal name, $3 incorporation date
// ('' for none), $4 founding event id ('' for none), $5 website, $6 email,
// $7 notes as a JSON array of text.
inline constexpr storage::Statement kProfileUpsert = {
    "profile_upsert", "text, text, text, text, text, text, text", R"sql(
INSERT INTO poles.pole_profiles (tenant_id, legal_name, incorporation_date,
                                 founding_event_id, website_uri, contact_email,
                                 notes)
VALUES ($1, $2, NULLIF($3, '')::date, NULLIF($4, ''), $5, $6,
        ARRAY(SELECT json_array_elements_text($7::json)))
ON CONFLICT (tenant_id) DO UPDATE
   SET legal_name = EXCLUDED.legal_name,
       incorporation_date = EXCLUDED.incorporation_date,
       founding_event_id = EXCLUDED.founding_event_id,
       website_uri = EXCLUDED.website_uri,
       contact_email = EXCLUDED.contact_email, notes = EXCLUDED.notes,
       version = poles.pole_profiles.version + 1, update_time = now()
RETURNING legal_name,
          COALESCE(incorporation_date::text, '') AS incorporation_date,
          COALESCE(founding_event_id, '') AS founding_event_id, website_uri,
          contact_email, notes, version,
          (extract(epoch FROM update_time) * 1000000)::bigint AS update_micros
)sql"};

inline constexpr storage::Statement kProfileEventExists = {
    "profile_event_exists", "text, text",
    "SELECT 1 FROM poles.events WHERE tenant_id = $1 AND event_id = $2"};

}  // namespace poles::events

#endif  // POLES_SERVICES_EVENTS_PROFILE_QUERIES_H_
