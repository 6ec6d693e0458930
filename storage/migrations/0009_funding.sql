-- The funding service: the national catalogue of funders and programs
-- (reference data), a tenant's own programs, its agreements with funders
-- and their yearly amounts, the awards its territory's enterprises
-- received, calls for projects as a funnel, and totals reported by third
-- parties with their breakdowns; the funding.* national indicators.
--
-- A reference to a program is one of two columns: catalogue_program_id
-- (poles.programs) or local_program_id (the tenant's own), never both.
-- Awards keep the recipient's organisation id without a foreign key: the
-- directories service owns organisations, and an award's MRC, sector and
-- legal form are a snapshot taken at the decision through its API.

CREATE TABLE poles.funders (
  funder_id    text PRIMARY KEY CHECK (funder_id ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
  label_fr     text NOT NULL UNIQUE,
  label_en     text NOT NULL,
  kind         text NOT NULL CHECK (kind IN ('provincial', 'federal', 'municipal', 'philanthropic',
                                             'social_finance', 'cooperative_finance', 'other')),
  former_names text[] NOT NULL DEFAULT '{}'
);
GRANT SELECT ON poles.funders TO poles_app;

CREATE TABLE poles.programs (
  program_id   text PRIMARY KEY CHECK (program_id ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
  funder_id    text NOT NULL REFERENCES poles.funders,
  label_fr     text NOT NULL UNIQUE,
  label_en     text NOT NULL,
  support_kind text NOT NULL CHECK (support_kind IN ('grant', 'loan', 'equity', 'guarantee',
                                                     'employment_measure', 'operating', 'other')),
  description  text NOT NULL DEFAULT ''
);
GRANT SELECT ON poles.programs TO poles_app;

-- What the seed documents name: the ministry responsible for the social
-- economy and the Pôles' protocol and calls for projects (VHSL 2015-2016,
-- Centre-du-Québec 2017-2018), the MRCs' funds, Services Québec's five
-- measures, and the funders of the Centre-du-Québec projects and of its
-- « Journée sur les financements ».
INSERT INTO poles.funders (funder_id, label_fr, label_en, kind, former_names) VALUES
  ('mesi', 'Ministère de l''Économie, de la Science et de l''Innovation (MESI)',
   'Ministry of Economy, Science and Innovation (MESI)', 'provincial', '{MEIE,MAMROT}'),
  ('mrc', 'MRC et organismes mandataires du développement économique (CLD)',
   'Regional county municipalities and their economic development agencies', 'municipal', '{}'),
  ('services-quebec', 'Services Québec (Emploi-Québec)', 'Services Québec (Emploi-Québec)',
   'provincial', '{Emploi-Québec}'),
  ('scf', 'Secrétariat à la condition féminine', 'Secretariat for the Status of Women',
   'provincial', '{}'),
  ('chantier', 'Chantier de l''économie sociale', 'Chantier de l''économie sociale', 'other', '{}'),
  ('risq', 'Réseau d''investissement social du Québec (RISQ)',
   'Quebec Social Investment Network (RISQ)', 'social_finance', '{}'),
  ('fiducie-chantier', 'Fiducie du Chantier de l''économie sociale',
   'Chantier de l''économie sociale Trust', 'social_finance', '{}'),
  ('caisse-economie-solidaire', 'Caisse d''économie solidaire Desjardins',
   'Caisse d''économie solidaire Desjardins', 'cooperative_finance', '{}'),
  ('investissement-quebec', 'Investissement Québec', 'Investissement Québec', 'provincial', '{}'),
  ('mamh', 'Ministère des Affaires municipales et de l''Habitation (MAMH)',
   'Ministry of Municipal Affairs and Housing (MAMH)', 'provincial', '{MAMOT}');

INSERT INTO poles.programs (program_id, funder_id, label_fr, label_en, support_kind) VALUES
  ('protocole-poles-2015-2020', 'mesi',
   'Protocole d''entente MESI–Pôles d''économie sociale 2015-2020',
   'MESI–Pôles agreement 2015-2020', 'operating'),
  ('piec', 'mesi', 'Programme d''infrastructures en entrepreneuriat collectif (PIEC)',
   'Collective entrepreneurship infrastructure program (PIEC)', 'grant'),
  ('fdt-economie-sociale', 'mrc',
   'Fonds de développement des territoires — volet économie sociale (fonds dédié)',
   'Territorial development fund — social economy component (dedicated fund)', 'grant'),
  ('fli', 'mrc', 'Fonds local d''investissement (FLI)', 'Local investment fund (FLI)', 'loan'),
  ('contrat-integration-travail', 'services-quebec', 'Contrat d''intégration au travail',
   'Work integration contract', 'employment_measure'),
  ('concertation-pour-l-emploi', 'services-quebec', 'Concertation pour l''emploi',
   'Employment concertation', 'employment_measure'),
  ('mesure-formation-employeurs', 'services-quebec', 'Mesure de formation — employeurs',
   'Training measure — employers', 'employment_measure'),
  ('programme-aide-accompagnement-social', 'services-quebec',
   'Programme d''aide et d''accompagnement social', 'Social assistance and support program',
   'employment_measure'),
  ('subvention-salariale', 'services-quebec', 'Subvention salariale', 'Wage subsidy',
   'employment_measure'),
  ('scf-soutien-financier', 'scf', 'Soutien financier du Secrétariat à la condition féminine',
   'Financial support of the Secretariat for the Status of Women', 'grant'),
  ('strategie-jeunesse', 'chantier',
   'Stratégie jeunesse nationale — projets pilotes du Chantier de l''économie sociale',
   'National youth strategy — Chantier de l''économie sociale pilot projects', 'grant'),
  ('risq-fonds', 'risq', 'Fonds du RISQ (prêts et capitalisation)', 'RISQ funds (loans and capitalisation)',
   'loan'),
  ('fiducie-capital-patient', 'fiducie-chantier', 'Capital patient de la Fiducie du Chantier',
   'Chantier Trust patient capital', 'equity'),
  ('ces-jeunes-entreprises-collectives', 'caisse-economie-solidaire',
   'Fonds Jeunes Entreprises Collectives', 'Young collective enterprises fund', 'loan'),
  ('iq-economie-sociale', 'investissement-quebec',
   'Financement des entreprises d''économie sociale (Investissement Québec)',
   'Social economy enterprise financing (Investissement Québec)', 'loan'),
  ('farr', 'mamh', 'Fonds d''appui au rayonnement des régions (FARR)',
   'Regional outreach support fund (FARR)', 'grant');

CREATE TABLE poles.local_programs (
  tenant_id    text NOT NULL REFERENCES poles.tenants (slug),
  program_id   text NOT NULL CHECK (program_id ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
  funder_id    text NOT NULL REFERENCES poles.funders,
  label_fr     text NOT NULL CHECK (length(label_fr) BETWEEN 1 AND 300),
  label_en     text NOT NULL DEFAULT '' CHECK (length(label_en) <= 300),
  support_kind text NOT NULL DEFAULT '' CHECK (support_kind IN ('', 'grant', 'loan', 'equity', 'guarantee',
                                                                'employment_measure', 'operating', 'other')),
  description  text NOT NULL DEFAULT '' CHECK (length(description) <= 2000),
  version      bigint NOT NULL DEFAULT 1,
  create_time  timestamptz NOT NULL DEFAULT now(),
  update_time  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, program_id)
);

CREATE TABLE poles.agreements (
  tenant_id            text NOT NULL REFERENCES poles.tenants (slug),
  agreement_id         text NOT NULL CHECK (agreement_id ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
  funder_id            text NOT NULL REFERENCES poles.funders,
  catalogue_program_id text REFERENCES poles.programs,
  local_program_id     text,
  title                text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
  signature_date       date,
  start_fiscal_year    integer NOT NULL CHECK (start_fiscal_year BETWEEN 1990 AND 2100),
  end_fiscal_year      integer NOT NULL CHECK (end_fiscal_year BETWEEN 1990 AND 2100),
  status               text NOT NULL CHECK (status IN ('draft', 'active', 'completed', 'terminated')),
  note                 text NOT NULL DEFAULT '' CHECK (length(note) <= 2000),
  version              bigint NOT NULL DEFAULT 1,
  create_time          timestamptz NOT NULL DEFAULT now(),
  update_time          timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, agreement_id),
  FOREIGN KEY (tenant_id, local_program_id) REFERENCES poles.local_programs (tenant_id, program_id),
  CHECK (catalogue_program_id IS NULL OR local_program_id IS NULL),
  CHECK (end_fiscal_year >= start_fiscal_year)
);
CREATE INDEX agreements_by_start ON poles.agreements (tenant_id, start_fiscal_year, agreement_id);

-- An agreement's amounts for one fiscal year of its period; an absent
-- amount is not known (not zero).
CREATE TABLE poles.agreement_years (
  tenant_id               text NOT NULL,
  agreement_id            text NOT NULL,
  fiscal_year             integer NOT NULL CHECK (fiscal_year BETWEEN 1990 AND 2100),
  amount_cents            bigint CHECK (amount_cents >= 0),
  matching_required_cents bigint CHECK (matching_required_cents >= 0),
  matching_received_cents bigint CHECK (matching_received_cents >= 0),
  PRIMARY KEY (tenant_id, agreement_id, fiscal_year),
  FOREIGN KEY (tenant_id, agreement_id) REFERENCES poles.agreements ON DELETE CASCADE
);

CREATE TABLE poles.calls_for_projects (
  tenant_id            text NOT NULL REFERENCES poles.tenants (slug),
  call_id              text NOT NULL CHECK (call_id ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
  catalogue_program_id text REFERENCES poles.programs,
  local_program_id     text,
  title                text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
  fiscal_year          integer NOT NULL CHECK (fiscal_year BETWEEN 1990 AND 2100),
  information_requests integer CHECK (information_requests BETWEEN 0 AND 1000000),
  eligibility_requests integer CHECK (eligibility_requests BETWEEN 0 AND 1000000),
  applications_filed   integer CHECK (applications_filed BETWEEN 0 AND 1000000),
  recommended          integer CHECK (recommended BETWEEN 0 AND 1000000),
  retained             integer CHECK (retained BETWEEN 0 AND 1000000),
  note                 text NOT NULL DEFAULT '' CHECK (length(note) <= 2000),
  version              bigint NOT NULL DEFAULT 1,
  create_time          timestamptz NOT NULL DEFAULT now(),
  update_time          timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, call_id),
  FOREIGN KEY (tenant_id, local_program_id) REFERENCES poles.local_programs (tenant_id, program_id),
  CHECK ((catalogue_program_id IS NULL) <> (local_program_id IS NULL))
);

CREATE TABLE poles.awards (
  tenant_id                  text NOT NULL REFERENCES poles.tenants (slug),
  award_id                   text NOT NULL CHECK (award_id ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
  title                      text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
  description                text NOT NULL DEFAULT '' CHECK (length(description) <= 5000),
  -- The recipient: an organisation of the tenant's directory, or a promoter
  -- group by name.
  organisation_id            text CHECK (organisation_id ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
  promoter_group             text NOT NULL DEFAULT '' CHECK (length(promoter_group) <= 300),
  -- The recipient as it was at the decision.
  recipient_name             text NOT NULL DEFAULT '' CHECK (length(recipient_name) <= 300),
  mrc_id                     text REFERENCES poles.mrcs,
  sector_id                  text REFERENCES poles.sectors,
  legal_form                 text NOT NULL DEFAULT '' CHECK (legal_form IN ('', 'obnl', 'cooperative', 'mutual', 'other')),
  neq                        text NOT NULL DEFAULT '' CHECK (neq ~ '^([0-9]{10})?$'),
  catalogue_program_id       text REFERENCES poles.programs,
  local_program_id           text,
  amount_requested_cents     bigint CHECK (amount_requested_cents >= 0),
  amount_authorised_cents    bigint CHECK (amount_authorised_cents >= 0),
  amount_disbursed_cents     bigint CHECK (amount_disbursed_cents >= 0),
  total_investment_cents     bigint CHECK (total_investment_cents >= 0),
  decision_date              date,
  -- Quebec's fiscal year of the decision (1 April - 31 March), by its
  -- starting calendar year.
  fiscal_year                integer GENERATED ALWAYS AS (
                               extract(year FROM decision_date)::integer
                               - CASE WHEN extract(month FROM decision_date) < 4 THEN 1 ELSE 0 END) STORED,
  jobs_created               integer CHECK (jobs_created BETWEEN 0 AND 100000),
  jobs_maintained            integer CHECK (jobs_maintained BETWEEN 0 AND 100000),
  jobs_created_or_maintained integer CHECK (jobs_created_or_maintained BETWEEN 0 AND 100000),
  status                     text NOT NULL CHECK (status IN ('requested', 'authorised', 'disbursed', 'refused', 'cancelled')),
  plan_item                  text NOT NULL DEFAULT '',
  call_id                    text,
  version                    bigint NOT NULL DEFAULT 1,
  create_time                timestamptz NOT NULL DEFAULT now(),
  update_time                timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, award_id),
  FOREIGN KEY (tenant_id, local_program_id) REFERENCES poles.local_programs (tenant_id, program_id),
  FOREIGN KEY (tenant_id, call_id) REFERENCES poles.calls_for_projects (tenant_id, call_id),
  CHECK ((organisation_id IS NOT NULL) <> (promoter_group <> '')),
  CHECK ((catalogue_program_id IS NULL) <> (local_program_id IS NULL)),
  CHECK (amount_disbursed_cents IS NULL OR amount_disbursed_cents <= amount_authorised_cents),
  CHECK (status = 'requested' OR decision_date IS NOT NULL),
  CHECK (status NOT IN ('authorised', 'disbursed') OR amount_authorised_cents IS NOT NULL),
  CHECK (status <> 'disbursed' OR amount_disbursed_cents IS NOT NULL)
);
CREATE INDEX awards_by_decision ON poles.awards (tenant_id, decision_date DESC, award_id);
CREATE INDEX awards_by_fiscal_year ON poles.awards (tenant_id, fiscal_year);

-- True when every breakdown's items add up to `total` (breakdowns:
-- [{"dimension", "label", "items": [{"key", "label", "value"}]}]).
CREATE FUNCTION poles.breakdowns_reconcile(breakdowns jsonb, total bigint) RETURNS boolean
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$
    SELECT COALESCE(bool_and(s = total), true)
    FROM (SELECT COALESCE(sum((i.item ->> 'value')::bigint), 0) AS s
          FROM jsonb_array_elements(breakdowns) WITH ORDINALITY AS b (breakdown, n)
          LEFT JOIN LATERAL jsonb_array_elements(b.breakdown -> 'items') AS i (item) ON true
          GROUP BY b.n) sums
  $$;
GRANT EXECUTE ON FUNCTION poles.breakdowns_reconcile(jsonb, bigint) TO poles_app;

CREATE TABLE poles.reported_totals (
  tenant_id            text NOT NULL REFERENCES poles.tenants (slug),
  reported_total_id    text NOT NULL CHECK (reported_total_id ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
  funder_id            text NOT NULL REFERENCES poles.funders,
  catalogue_program_id text REFERENCES poles.programs,
  local_program_id     text,
  fiscal_year          integer NOT NULL CHECK (fiscal_year BETWEEN 1990 AND 2100),
  measure              text NOT NULL CHECK (measure IN ('amount', 'investment', 'enterprises', 'jobs_created',
                                                        'jobs_maintained', 'jobs_created_or_maintained')),
  title                text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
  total                bigint NOT NULL CHECK (total >= 0),
  breakdowns           jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(breakdowns) = 'array'),
  source_note          text NOT NULL DEFAULT '' CHECK (length(source_note) <= 1000),
  as_published         boolean NOT NULL DEFAULT false,
  version              bigint NOT NULL DEFAULT 1,
  create_time          timestamptz NOT NULL DEFAULT now(),
  update_time          timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, reported_total_id),
  FOREIGN KEY (tenant_id, local_program_id) REFERENCES poles.local_programs (tenant_id, program_id),
  CHECK (catalogue_program_id IS NULL OR local_program_id IS NULL),
  -- A mismatch is only stored deliberately, as published.
  CHECK (as_published OR poles.breakdowns_reconcile(breakdowns, total))
);
CREATE INDEX reported_totals_by_year ON poles.reported_totals (tenant_id, fiscal_year, reported_total_id);

GRANT SELECT, INSERT, UPDATE, DELETE ON poles.local_programs, poles.agreements,
  poles.agreement_years, poles.calls_for_projects, poles.awards, poles.reported_totals TO poles_app;

ALTER TABLE poles.local_programs ENABLE ROW LEVEL SECURITY;
ALTER TABLE poles.local_programs FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON poles.local_programs
  USING (tenant_id = poles.current_tenant())
  WITH CHECK (tenant_id = poles.current_tenant());

ALTER TABLE poles.agreements ENABLE ROW LEVEL SECURITY;
ALTER TABLE poles.agreements FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON poles.agreements
  USING (tenant_id = poles.current_tenant())
  WITH CHECK (tenant_id = poles.current_tenant());

ALTER TABLE poles.agreement_years ENABLE ROW LEVEL SECURITY;
ALTER TABLE poles.agreement_years FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON poles.agreement_years
  USING (tenant_id = poles.current_tenant())
  WITH CHECK (tenant_id = poles.current_tenant());

ALTER TABLE poles.calls_for_projects ENABLE ROW LEVEL SECURITY;
ALTER TABLE poles.calls_for_projects FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON poles.calls_for_projects
  USING (tenant_id = poles.current_tenant())
  WITH CHECK (tenant_id = poles.current_tenant());

ALTER TABLE poles.awards ENABLE ROW LEVEL SECURITY;
ALTER TABLE poles.awards FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON poles.awards
  USING (tenant_id = poles.current_tenant())
  WITH CHECK (tenant_id = poles.current_tenant());

ALTER TABLE poles.reported_totals ENABLE ROW LEVEL SECURITY;
ALTER TABLE poles.reported_totals FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON poles.reported_totals
  USING (tenant_id = poles.current_tenant())
  WITH CHECK (tenant_id = poles.current_tenant());

-- The funding indicators. Award indicators count authorised and disbursed
-- awards by the fiscal year of their decision. The funding.reported_*
-- indicators are totals reported by third parties (Services Québec, the
-- MRCs): other money counted by someone else, never added to the award
-- indicators, as their labels say.
INSERT INTO poles.national_indicators VALUES
  ('funding.awards', 'Aides financières consenties (nombre)', 'Funding awards (number)', 'count', 'funding', '{funder,funder_kind,program,mrc,sector,legal_form}'),
  ('funding.amount_authorised', 'Montants autorisés', 'Amounts authorised', 'cents', 'funding', '{funder,funder_kind,program,mrc,sector,legal_form}'),
  ('funding.amount_disbursed', 'Montants versés', 'Amounts disbursed', 'cents', 'funding', '{funder,funder_kind,program,mrc,sector,legal_form}'),
  ('funding.investment_generated', 'Investissements générés (coût total des projets aidés)', 'Investment generated (total cost of the projects funded)', 'cents', 'funding', '{funder,funder_kind,program,mrc,sector,legal_form}'),
  ('funding.jobs_created', 'Emplois créés', 'Jobs created', 'count', 'funding', '{funder,funder_kind,program,mrc,sector,legal_form}'),
  ('funding.jobs_maintained', 'Emplois maintenus', 'Jobs maintained', 'count', 'funding', '{funder,funder_kind,program,mrc,sector,legal_form}'),
  ('funding.jobs_created_or_maintained', 'Emplois créés ou maintenus (sans distinction)', 'Jobs created or maintained (not split)', 'count', 'funding', '{funder,funder_kind,program,mrc,sector,legal_form}'),
  ('funding.agreement_amount', 'Ententes du Pôle : montants de l''année', 'The Pôle''s agreements: amounts for the year', 'cents', 'funding', '{funder,funder_kind,program}'),
  ('funding.matching_required', 'Ententes du Pôle : contributions du milieu exigées', 'The Pôle''s agreements: matching contributions required', 'cents', 'funding', '{funder,funder_kind,program}'),
  ('funding.matching_received', 'Ententes du Pôle : contributions du milieu reçues', 'The Pôle''s agreements: matching contributions received', 'cents', 'funding', '{funder,funder_kind,program}'),
  ('funding.call_information_requests', 'Appels de projets : demandes d''information', 'Calls for projects: information requests', 'count', 'funding', '{funder,funder_kind,program}'),
  ('funding.call_eligibility_requests', 'Appels de projets : demandes d''admissibilité', 'Calls for projects: eligibility requests', 'count', 'funding', '{funder,funder_kind,program}'),
  ('funding.call_applications_filed', 'Appels de projets : dossiers déposés', 'Calls for projects: applications filed', 'count', 'funding', '{funder,funder_kind,program}'),
  ('funding.call_recommended', 'Appels de projets : dossiers recommandés', 'Calls for projects: applications recommended', 'count', 'funding', '{funder,funder_kind,program}'),
  ('funding.call_retained', 'Appels de projets : projets retenus', 'Calls for projects: projects retained', 'count', 'funding', '{funder,funder_kind,program}'),
  ('funding.reported_amount', 'Montants rapportés par des tiers (non additionnés aux aides consenties)', 'Amounts reported by third parties (not added to awards)', 'cents', 'funding', '{funder,funder_kind,program}'),
  ('funding.reported_investment', 'Investissements rapportés par des tiers (non additionnés aux aides consenties)', 'Investment reported by third parties (not added to awards)', 'cents', 'funding', '{funder,funder_kind,program}'),
  ('funding.reported_enterprises', 'Entreprises aidées selon des tiers (non additionnées aux aides consenties)', 'Enterprises helped as reported by third parties (not added to awards)', 'count', 'funding', '{funder,funder_kind,program}'),
  ('funding.reported_jobs_created', 'Emplois créés selon des tiers (non additionnés aux aides consenties)', 'Jobs created as reported by third parties (not added to awards)', 'count', 'funding', '{funder,funder_kind,program}'),
  ('funding.reported_jobs_maintained', 'Emplois maintenus selon des tiers (non additionnés aux aides consenties)', 'Jobs maintained as reported by third parties (not added to awards)', 'count', 'funding', '{funder,funder_kind,program}'),
  ('funding.reported_jobs_created_or_maintained', 'Emplois créés ou maintenus selon des tiers (non additionnés aux aides consenties)', 'Jobs created or maintained as reported by third parties (not added to awards)', 'count', 'funding', '{funder,funder_kind,program}');
