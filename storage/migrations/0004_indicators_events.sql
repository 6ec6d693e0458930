-- The national indicator catalogue, directly reported aggregates, and the
-- events service (bodies, events). Also admits the platform 'service' role
-- (the national gateway's credential for indicator summaries).

ALTER TABLE poles.api_keys DROP CONSTRAINT api_keys_role_check;
ALTER TABLE poles.api_keys ADD CONSTRAINT api_keys_role_check
  CHECK (role IN ('editor', 'viewer', 'admin', 'national', 'funding', 'service'));
ALTER TABLE poles.api_keys DROP CONSTRAINT api_keys_check;
ALTER TABLE poles.api_keys ADD CONSTRAINT api_keys_tenant_scope_check
  CHECK ((tenant_slug IS NULL) = (role IN ('admin', 'national', 'funding', 'service')));

-- Reference data: the national indicators.
CREATE TABLE poles.national_indicators (
  code       text PRIMARY KEY CHECK (code ~ '^[a-z0-9_.]{1,64}$'),
  label_fr   text NOT NULL,
  label_en   text NOT NULL,
  unit       text NOT NULL CHECK (unit IN ('count', 'people', 'cents')),
  service    text NOT NULL CHECK (service IN ('directories', 'events', 'plans', 'funding')),
  dimensions text[] NOT NULL DEFAULT '{}'
);
GRANT SELECT ON poles.national_indicators TO poles_app;

INSERT INTO poles.national_indicators VALUES
  ('directories.enterprises', 'Entreprises d''économie sociale au répertoire', 'Social economy enterprises in the directory', 'count', 'directories', '{mrc,sector,legal_form}'),
  ('directories.member_enterprises', 'Entreprises membres du Pôle', 'Member enterprises', 'count', 'directories', '{mrc,sector,legal_form}'),
  ('directories.dossiers_opened', 'Dossiers d''accompagnement ouverts', 'Accompaniment files opened', 'count', 'directories', '{mrc,sector,phase,gender}'),
  ('directories.interventions', 'Interventions d''accompagnement', 'Accompaniment interventions', 'count', 'directories', '{mrc,sector,phase,gender}'),
  ('events.held', 'Événements organisés', 'Events organised', 'count', 'events', '{event_kind,mrc,plan_item}'),
  ('events.attended', 'Événements auxquels le Pôle a participé', 'Events attended', 'count', 'events', '{event_kind,mrc,plan_item}'),
  ('events.participants', 'Participants aux événements organisés', 'Participants in events organised', 'people', 'events', '{event_kind,gender,mrc,plan_item}'),
  ('events.trainings', 'Formations offertes', 'Trainings given', 'count', 'events', '{mrc,plan_item}'),
  ('events.trainees', 'Personnes formées', 'People trained', 'people', 'events', '{mrc,plan_item}'),
  ('plans.indicators_achieved', 'Indicateurs du plan d''action atteints', 'Action plan indicators achieved', 'count', 'plans', '{}');

-- Aggregates a Pôle reports directly (it keeps no row-level records for
-- them). dims is the canonical "key=value;key=value" of the breakdown, ''
-- for the total.
CREATE TABLE poles.reported_values (
  tenant_id      text NOT NULL REFERENCES poles.tenants (slug),
  indicator_code text NOT NULL REFERENCES poles.national_indicators,
  fiscal_year    integer NOT NULL CHECK (fiscal_year BETWEEN 1990 AND 2100),
  dims           text NOT NULL DEFAULT '',
  value          bigint NOT NULL CHECK (value >= 0),
  report_time    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, indicator_code, fiscal_year, dims)
);
GRANT SELECT, INSERT, UPDATE ON poles.reported_values TO poles_app;

CREATE TABLE poles.bodies (
  tenant_id    text NOT NULL REFERENCES poles.tenants (slug),
  body_id      text NOT NULL CHECK (body_id ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
  display_name text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 200),
  kind         text NOT NULL CHECK (kind IN ('board', 'executive', 'committee', 'national_table', 'partner_committee', 'other')),
  create_time  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, body_id)
);

CREATE TABLE poles.events (
  tenant_id    text NOT NULL REFERENCES poles.tenants (slug),
  event_id     text NOT NULL CHECK (event_id ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
  title        text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
  kind         text NOT NULL,
  body_id      text,
  organised    boolean NOT NULL,
  start_time   timestamptz NOT NULL,
  end_time     timestamptz NOT NULL,
  mrc_id       text REFERENCES poles.mrcs,
  online       boolean NOT NULL DEFAULT false,
  location     text NOT NULL DEFAULT '' CHECK (length(location) <= 300),
  total        integer CHECK (total >= 0),
  women        integer CHECK (women >= 0),
  men          integer CHECK (men >= 0),
  other        integer CHECK (other >= 0),
  plan_item    text NOT NULL DEFAULT '',
  cohort_size  integer CHECK (cohort_size >= 0),
  satisfaction jsonb NOT NULL DEFAULT '[]',
  public       boolean NOT NULL DEFAULT false,
  description  text NOT NULL DEFAULT '' CHECK (length(description) <= 5000),
  version      bigint NOT NULL DEFAULT 1,
  create_time  timestamptz NOT NULL DEFAULT now(),
  update_time  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, event_id),
  FOREIGN KEY (tenant_id, body_id) REFERENCES poles.bodies,
  CHECK (end_time >= start_time),
  CHECK (total IS NULL OR COALESCE(women, 0) + COALESCE(men, 0) + COALESCE(other, 0) <= total)
);
CREATE INDEX events_start ON poles.events (tenant_id, start_time, event_id);
CREATE INDEX events_plan_item ON poles.events (tenant_id, plan_item) WHERE plan_item <> '';

GRANT SELECT, INSERT, UPDATE, DELETE ON poles.bodies, poles.events TO poles_app;

ALTER TABLE poles.reported_values ENABLE ROW LEVEL SECURITY;
ALTER TABLE poles.reported_values FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON poles.reported_values
  USING (tenant_id = poles.current_tenant())
  WITH CHECK (tenant_id = poles.current_tenant());

ALTER TABLE poles.bodies ENABLE ROW LEVEL SECURITY;
ALTER TABLE poles.bodies FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON poles.bodies
  USING (tenant_id = poles.current_tenant())
  WITH CHECK (tenant_id = poles.current_tenant());

ALTER TABLE poles.events ENABLE ROW LEVEL SECURITY;
ALTER TABLE poles.events FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON poles.events
  USING (tenant_id = poles.current_tenant())
  WITH CHECK (tenant_id = poles.current_tenant());
