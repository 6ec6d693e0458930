#ifndef POLES_BENCH_NATIONAL_QUERIES_H_
#define POLES_BENCH_NATIONAL_QUERIES_H_

// national_bench's SQL, run as the cluster's superuser (row-level security
// does not apply): the bulk load of a national platform's rows and the one
// query that computes the national table's totals from them.

namespace poles::bench {

// Empties every tenant and everything that refers to one (platform keys,
// whose tenant is NULL, included: the bench issues new ones).
inline constexpr char kNationalEmpty[] = "TRUNCATE poles.tenants CASCADE";

// The load's tenants, kept for the statements below (the load's
// transaction only): each one's index, slug, region and MRCs.
inline constexpr char kNationalTenantsTable[] = R"sql(
CREATE TEMP TABLE bench_tenants (
  idx int PRIMARY KEY, slug text, region_code text, mrcs text[]
) ON COMMIT DROP)sql";

// $1 tenants "pole-00000" ..., each of the administrative region (index
// mod the regions that have MRCs) with every MRC of that region as its
// territory.
inline constexpr char kNationalTenants[] = R"sql(
INSERT INTO bench_tenants
WITH r AS (
       SELECT g.region_code, row_number() OVER (ORDER BY g.region_code) - 1 AS n,
              (SELECT array_agg(mrc_id ORDER BY mrc_id) FROM poles.mrcs m
                WHERE m.region_code = g.region_code) AS mrcs
         FROM poles.regions g
        WHERE EXISTS (SELECT 1 FROM poles.mrcs m WHERE m.region_code = g.region_code))
SELECT i, 'pole-' || lpad(i::text, 5, '0'), r.region_code, r.mrcs
  FROM generate_series(0, $1::int - 1) i
  JOIN r ON r.n = i % (SELECT count(*) FROM r))sql";

inline constexpr char kNationalTenantRows[] = R"sql(
INSERT INTO poles.tenants (slug, display_name, region_code)
SELECT slug, 'Pôle de mesure ' || idx, region_code FROM bench_tenants;
INSERT INTO poles.tenant_mrcs (tenant_id, mrc_id)
SELECT slug, unnest(mrcs) FROM bench_tenants)sql";

// $1 organisations over $2 tenants (row g to tenant g mod $2): nine in ten
// enterprises, founded 1980-2024 (those after the year are not counted),
// one in 17 closed, a third members, a third former members.
inline constexpr char kNationalOrganisations[] = R"sql(
INSERT INTO poles.organisations (
  tenant_id, organisation_id, display_name, kind, legal_form, sector_id,
  mrc_id, year_founded, membership_status, member_since, membership_end,
  closure_date)
SELECT t.slug, 'org-' || g, 'Entreprise collective ' || g,
       CASE WHEN g % 10 = 9 THEN 'partner' ELSE 'enterprise' END,
       (ARRAY['obnl', 'cooperative', 'mutual', 'other'])[1 + g % 4],
       s.ids[1 + g % cardinality(s.ids)],
       t.mrcs[1 + (g / $2::int) % cardinality(t.mrcs)],
       1980 + g % 45,
       (ARRAY['non_member', 'active', 'lapsed'])[1 + g % 3],
       CASE WHEN g % 3 <> 0 THEN date '2010-01-01' + g % 3000 END,
       CASE WHEN g % 3 = 2 THEN date '2015-01-01' + g % 1500 END,
       CASE WHEN g % 17 = 0 THEN date '2016-01-01' + g % 900 END
  FROM generate_series(0, $1::int - 1) g
  JOIN bench_tenants t ON t.idx = g % $2::int
 CROSS JOIN (SELECT array_agg(sector_id ORDER BY sector_id) AS ids
               FROM poles.sectors) s)sql";

// $1 events over $2 tenants in fiscal year $3 (its starting year): three
// in four organised by the Pôle, every seventh a training (some with a
// cohort and satisfaction answers), participants by total and/or gender,
// some online without an MRC.
inline constexpr char kNationalEvents[] = R"sql(
INSERT INTO poles.events (
  tenant_id, event_id, title, kind, organised, start_time, end_time, mrc_id,
  online, total, women, men, other, cohort_size, satisfaction)
SELECT t.slug, 'ev-' || g, 'Événement ' || g,
       (ARRAY['training', 'forum', 'webinar', 'networking', 'visit',
              'promotion', 'other'])[1 + g % 7],
       g % 4 <> 3,
       make_timestamptz($3::int, 4, 1, 9, 0, 0, 'America/Montreal')
         + (g % 364) * interval '1 day',
       make_timestamptz($3::int, 4, 1, 11, 0, 0, 'America/Montreal')
         + (g % 364) * interval '1 day',
       CASE WHEN g % 10 <> 5 THEN t.mrcs[1 + (g / $2::int) % cardinality(t.mrcs)] END,
       g % 10 = 5,
       CASE WHEN g % 5 <> 0 THEN 35 + g % 40 END,
       CASE WHEN g % 2 = 0 THEN g % 20 END,
       CASE WHEN g % 3 = 0 THEN g % 15 END,
       CASE WHEN g % 11 = 0 THEN 1 END,
       CASE WHEN g % 7 = 0 AND g % 2 = 0 THEN 8 + g % 12 END,
       CASE WHEN g % 7 = 0 AND g % 2 = 0
            THEN jsonb_build_array(jsonb_build_object('q', 'Utile', 'p', 60 + g % 41),
                                   jsonb_build_object('q', 'Clair', 'p', 75))
            ELSE '[]' END
  FROM generate_series(0, $1::int - 1) g
  JOIN bench_tenants t ON t.idx = g % $2::int)sql";

// $1 accompaniment dossiers over $2 tenants opened in fiscal year $3, a
// fifth received from an MRC/CLD, a sixth referred (dated in the year or
// undated).
inline constexpr char kNationalDossiers[] = R"sql(
INSERT INTO poles.dossiers (
  tenant_id, dossier_id, title, promoter_group, sector_id, mrc_id, phase,
  promoter_gender, origin, referrals, open_date)
SELECT t.slug, 'dos-' || g, 'Projet ' || g, 'Groupe promoteur ' || g,
       s.ids[1 + g % cardinality(s.ids)],
       t.mrcs[1 + (g / $2::int) % cardinality(t.mrcs)],
       (ARRAY['pre_startup', 'startup', 'consolidation', 'development',
              'succession'])[1 + g % 5],
       (ARRAY['women', 'men', 'mixed', 'not_collected'])[1 + g % 4],
       (ARRAY['direct', 'from_mrc_cld', 'direct', 'from_partner', 'direct'])[1 + g % 5],
       CASE g % 6
         WHEN 0 THEN jsonb_build_array(jsonb_build_object(
                       'target', 'mrc_cld', 'organisation', '',
                       'date', to_char(make_date($3::int, 5, 1) + g % 300, 'YYYY-MM-DD')))
         WHEN 3 THEN '[{"target": "other_partner", "organisation": "", "date": ""}]'
         ELSE '[]' END,
       make_date($3::int, 4, 1) + g % 365
  FROM generate_series(0, $1::int - 1) g
  JOIN bench_tenants t ON t.idx = g % $2::int
 CROSS JOIN (SELECT array_agg(sector_id ORDER BY sector_id) AS ids
               FROM poles.sectors) s)sql";

// $1 awards over $2 tenants decided in fiscal year $3, on catalogue
// programs: 60 % authorised, 30 % disbursed, 10 % refused.
inline constexpr char kNationalAwards[] = R"sql(
INSERT INTO poles.awards (
  tenant_id, award_id, title, promoter_group, mrc_id, sector_id, legal_form,
  catalogue_program_id, amount_authorised_cents, amount_disbursed_cents,
  total_investment_cents, decision_date, jobs_created, jobs_maintained,
  status)
SELECT t.slug, 'aide-' || g, 'Aide ' || g, 'Groupe promoteur ' || g,
       t.mrcs[1 + (g / $2::int) % cardinality(t.mrcs)],
       s.ids[1 + g % cardinality(s.ids)],
       (ARRAY['obnl', 'cooperative', 'mutual', 'other'])[1 + g % 4],
       p.ids[1 + g % cardinality(p.ids)],
       100000 + (g % 900) * 1000,
       CASE WHEN g % 10 BETWEEN 6 AND 8 THEN 100000 + (g % 900) * 500 END,
       CASE WHEN g % 4 <> 0 THEN 500000 + (g % 5000) * 1000 END,
       make_date($3::int, 4, 1) + g % 365,
       CASE WHEN g % 3 <> 0 THEN g % 7 END,
       g % 11,
       CASE WHEN g % 10 BETWEEN 6 AND 8 THEN 'disbursed'
            WHEN g % 10 = 9 THEN 'refused' ELSE 'authorised' END
  FROM generate_series(0, $1::int - 1) g
  JOIN bench_tenants t ON t.idx = g % $2::int
 CROSS JOIN (SELECT array_agg(sector_id ORDER BY sector_id) AS ids
               FROM poles.sectors) s
 CROSS JOIN (SELECT array_agg(program_id ORDER BY program_id) AS ids
               FROM poles.programs) p)sql";

// The national table's totals for fiscal year $1 (its starting year)
// computed in one statement over every tenant's rows, as the services'
// summaries count them (directories/summary_queries.h, events/summary.cc,
// funding/summary_queries.h): one row (indicator, value) per indicator the
// loaded rows feed. No tenant, no row-level security, no gateway.
inline constexpr char kNationalTotals[] = R"sql(
WITH bounds AS (
       SELECT make_date($1::int, 4, 1) AS first_day,
              make_date($1::int + 1, 3, 31) AS last_day,
              make_timestamptz($1::int, 4, 1, 0, 0, 0, 'America/Montreal') AS t0,
              make_timestamptz($1::int + 1, 4, 1, 0, 0, 0, 'America/Montreal') AS t1),
     ent AS (
       SELECT o.member_since, o.membership_end
         FROM poles.organisations o, bounds
        WHERE o.kind = 'enterprise'
          AND (o.year_founded IS NULL OR o.year_founded <= $1::int + 1)
          AND (o.closure_date IS NULL OR o.closure_date > bounds.last_day)),
     dos AS (
       SELECT d.tenant_id, d.dossier_id, d.open_date, d.origin, d.referrals,
              d.open_date BETWEEN bounds.first_day AND bounds.last_day AS in_year
         FROM poles.dossiers d, bounds),
     ev AS (
       SELECT e.kind, e.organised, e.body_id, e.total, e.cohort_size, e.satisfaction,
              CASE WHEN e.women IS NULL AND e.men IS NULL AND e.other IS NULL THEN NULL
                   ELSE COALESCE(e.women, 0) + COALESCE(e.men, 0) + COALESCE(e.other, 0)
              END AS by_gender
         FROM poles.events e, bounds
        WHERE e.start_time >= bounds.t0 AND e.start_time < bounds.t1),
     aw AS (
       SELECT a.*
         FROM poles.awards a
         LEFT JOIN poles.programs p ON p.program_id = a.catalogue_program_id
         LEFT JOIN poles.local_programs lp
                ON lp.tenant_id = a.tenant_id AND lp.program_id = a.local_program_id
         JOIN poles.funders f ON f.funder_id = COALESCE(p.funder_id, lp.funder_id)
        WHERE a.fiscal_year = $1::int AND a.status IN ('authorised', 'disbursed'))
SELECT 'directories.enterprises' AS indicator, count(*)::bigint AS value FROM ent
UNION ALL
SELECT 'directories.member_enterprises', count(*) FROM ent, bounds
 WHERE member_since <= bounds.last_day
   AND (membership_end IS NULL OR membership_end > bounds.last_day)
UNION ALL
SELECT 'directories.dossiers_opened', count(*) FROM dos WHERE in_year
UNION ALL
SELECT 'directories.interventions', count(*)
  FROM poles.interventions i
  JOIN dos d ON d.tenant_id = i.tenant_id AND d.dossier_id = i.dossier_id, bounds
 WHERE i.intervention_date BETWEEN bounds.first_day AND bounds.last_day
UNION ALL
SELECT 'directories.dossiers_from_mrc', count(*) FROM dos
 WHERE in_year AND origin = 'from_mrc_cld'
UNION ALL
SELECT 'directories.dossiers_referred', count(*) FROM dos, bounds
 WHERE EXISTS (
       SELECT 1 FROM jsonb_array_elements(dos.referrals) f
        WHERE CASE WHEN COALESCE(f->>'date', '') = '' THEN dos.in_year
                   ELSE (f->>'date')::date BETWEEN bounds.first_day AND bounds.last_day END)
UNION ALL
SELECT 'events.held', count(*) FILTER (WHERE organised) FROM ev
UNION ALL
SELECT 'events.attended', count(*) FILTER (WHERE NOT organised) FROM ev
UNION ALL
SELECT 'events.meetings', count(*) FILTER (WHERE body_id IS NOT NULL) FROM ev
UNION ALL
SELECT 'events.participants', COALESCE(sum(GREATEST(total, by_gender)), 0)
  FROM ev WHERE organised
UNION ALL
SELECT 'events.trainings', count(*) FROM ev WHERE organised AND kind = 'training'
UNION ALL
SELECT 'events.trainees', COALESCE(sum(COALESCE(total, by_gender)), 0)
  FROM ev WHERE organised AND kind = 'training'
UNION ALL
SELECT 'events.satisfaction_answers', COALESCE(sum(ev.cohort_size), 0)
  FROM ev, jsonb_array_elements(ev.satisfaction) q
 WHERE organised AND cohort_size > 0
UNION ALL
SELECT 'events.satisfaction_satisfied',
       COALESCE(sum(round(ev.cohort_size
                          * LEAST(GREATEST((q->>'p')::numeric, 0), 100) / 100)), 0)::bigint
  FROM ev, jsonb_array_elements(ev.satisfaction) q
 WHERE organised AND cohort_size > 0
UNION ALL
SELECT 'funding.awards', count(*) FROM aw
UNION ALL
SELECT 'funding.amount_authorised', COALESCE(sum(amount_authorised_cents), 0)::bigint FROM aw
UNION ALL
SELECT 'funding.amount_disbursed', COALESCE(sum(amount_disbursed_cents), 0)::bigint FROM aw
UNION ALL
SELECT 'funding.investment_generated', COALESCE(sum(total_investment_cents), 0)::bigint FROM aw
UNION ALL
SELECT 'funding.jobs_created', COALESCE(sum(jobs_created), 0) FROM aw
UNION ALL
SELECT 'funding.jobs_maintained', COALESCE(sum(jobs_maintained), 0) FROM aw
UNION ALL
SELECT 'funding.jobs_created_or_maintained', COALESCE(sum(jobs_created_or_maintained), 0)
  FROM aw)sql";

}  // namespace poles::bench

#endif  // POLES_BENCH_NATIONAL_QUERIES_H_
