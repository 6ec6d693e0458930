#ifndef POLES_SERVICES_EVENTS_SUMMARY_QUERIES_H_
#define POLES_SERVICES_EVENTS_SUMMARY_QUERIES_H_

#include "storage/session.h"

namespace poles::events {

// The events of fiscal year $2 (its starting calendar year) for the
// summaries. Columns: kind, organised, mrc_id, online, plan_item, total,
// women, men, other (-1: not collected), body_id and body_kind ('' without
// a body), cohort_size (-1: not a training record) and satisfaction (the
// JSON array of {"q", "p"} the events table holds).
inline constexpr storage::Statement kSummaryRows = {"events_summary",
                                                    "text, integer", R"sql(
SELECT e.kind, e.organised, COALESCE(e.mrc_id, '') AS mrc_id, e.online,
       e.plan_item,
       COALESCE(e.total, -1) AS total, COALESCE(e.women, -1) AS women,
       COALESCE(e.men, -1) AS men, COALESCE(e.other, -1) AS other,
       COALESCE(e.body_id, '') AS body_id, COALESCE(b.kind, '') AS body_kind,
       COALESCE(e.cohort_size, -1) AS cohort_size,
       e.satisfaction::text AS satisfaction
  FROM poles.events e
  LEFT JOIN poles.bodies b ON b.tenant_id = e.tenant_id AND b.body_id = e.body_id
 WHERE e.tenant_id = $1
   AND e.start_time >= make_timestamptz($2, 4, 1, 0, 0, 0, 'America/Montreal')
   AND e.start_time < make_timestamptz($2 + 1, 4, 1, 0, 0, 0, 'America/Montreal')
)sql"};

// The tenant's bodies' names, for the "body" dimension's labels. Columns:
// body_id, display_name.
inline constexpr storage::Statement kSummaryBodyLabels = {
    "events_summary_body_labels", "text",
    "SELECT body_id, display_name FROM poles.bodies WHERE tenant_id = $1 "
    "ORDER BY body_id"};

}  // namespace poles::events

#endif  // POLES_SERVICES_EVENTS_SUMMARY_QUERIES_H_
