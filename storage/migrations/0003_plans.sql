-- The plans service: plans, their item tree, indicators and results.
-- Fiscal years are stored as the calendar year they start in (2018 for
-- "2018-2019", which runs 1 April 2018 - 31 March 2019).

CREATE TABLE poles.plans (
  tenant_id         text NOT NULL REFERENCES poles.tenants (slug),
  plan_id           text NOT NULL CHECK (plan_id ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
  title             text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
  description       text NOT NULL DEFAULT '' CHECK (length(description) <= 10000),
  start_fy          integer NOT NULL CHECK (start_fy BETWEEN 1990 AND 2100),
  end_fy            integer NOT NULL CHECK (end_fy BETWEEN 1990 AND 2100),
  status            text NOT NULL CHECK (status IN ('draft', 'adopted')),
  adoption_date     date,
  version           bigint NOT NULL DEFAULT 1,
  create_time       timestamptz NOT NULL DEFAULT now(),
  update_time       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, plan_id),
  CHECK (end_fy >= start_fy),
  CHECK (adoption_date IS NULL OR status = 'adopted')
);

CREATE TABLE poles.plan_items (
  tenant_id      text NOT NULL,
  plan_id        text NOT NULL,
  item_id        text NOT NULL CHECK (item_id ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
  parent_item_id text,
  kind           text NOT NULL CHECK (kind IN ('orientation', 'axe', 'objective', 'sub_objective', 'action')),
  code           text NOT NULL DEFAULT '' CHECK (code ~ '^([0-9]+(\.[0-9]+)*)?$' AND length(code) <= 20),
  -- Sort key: the code with each part zero-padded ("0001.0003.0002"), so
  -- items list in reading order; items without a code sort after them, by id.
  sort_key       text NOT NULL,
  title          text NOT NULL CHECK (length(title) BETWEEN 1 AND 500),
  moyens         text[] NOT NULL DEFAULT '{}',
  responsables   text[] NOT NULL DEFAULT '{}',
  partners       text[] NOT NULL DEFAULT '{}',
  due_date       date,
  season_slots   text[] NOT NULL DEFAULT '{}',  -- e.g. {2007-A,2008-H}
  continuous     boolean NOT NULL DEFAULT false,
  schedule_note  text NOT NULL DEFAULT '' CHECK (length(schedule_note) <= 300),
  budget_cents   bigint CHECK (budget_cents >= 0),
  budget_note    text NOT NULL DEFAULT '' CHECK (length(budget_note) <= 300),
  version        bigint NOT NULL DEFAULT 1,
  create_time    timestamptz NOT NULL DEFAULT now(),
  update_time    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, plan_id, item_id),
  FOREIGN KEY (tenant_id, plan_id) REFERENCES poles.plans ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, plan_id, parent_item_id)
    REFERENCES poles.plan_items (tenant_id, plan_id, item_id) ON DELETE CASCADE,
  UNIQUE (tenant_id, plan_id, sort_key)
);
CREATE UNIQUE INDEX plan_items_code ON poles.plan_items (tenant_id, plan_id, code) WHERE code <> '';
CREATE INDEX plan_items_parent ON poles.plan_items (tenant_id, plan_id, parent_item_id, sort_key);

CREATE TABLE poles.plan_indicators (
  tenant_id               text NOT NULL,
  plan_id                 text NOT NULL,
  item_id                 text NOT NULL,
  indicator_id            text NOT NULL CHECK (indicator_id ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
  description             text NOT NULL CHECK (length(description) BETWEEN 1 AND 1000),
  target                  numeric CHECK (target >= 0),
  unit                    text NOT NULL DEFAULT '' CHECK (length(unit) <= 200),
  baseline                numeric CHECK (baseline >= 0),
  national_indicator_code text NOT NULL DEFAULT '' CHECK (national_indicator_code ~ '^([a-z0-9_.]{1,64})?$'),
  due_date                date,
  version                 bigint NOT NULL DEFAULT 1,
  create_time             timestamptz NOT NULL DEFAULT now(),
  update_time             timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, plan_id, item_id, indicator_id),
  FOREIGN KEY (tenant_id, plan_id, item_id) REFERENCES poles.plan_items ON DELETE CASCADE
);

CREATE TABLE poles.indicator_results (
  tenant_id    text NOT NULL,
  plan_id      text NOT NULL,
  item_id      text NOT NULL,
  indicator_id text NOT NULL,
  fiscal_year  integer NOT NULL CHECK (fiscal_year BETWEEN 1990 AND 2100),
  actual_value numeric NOT NULL CHECK (actual_value >= 0),
  note         text NOT NULL DEFAULT '' CHECK (length(note) <= 2000),
  source       text NOT NULL CHECK (source IN ('entered', 'computed')),
  record_time  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, plan_id, item_id, indicator_id, fiscal_year),
  FOREIGN KEY (tenant_id, plan_id, item_id, indicator_id)
    REFERENCES poles.plan_indicators ON DELETE CASCADE
);

GRANT SELECT, INSERT, UPDATE, DELETE ON poles.plans, poles.plan_items,
  poles.plan_indicators, poles.indicator_results TO poles_app;

ALTER TABLE poles.plans ENABLE ROW LEVEL SECURITY;
ALTER TABLE poles.plans FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON poles.plans
  USING (tenant_id = poles.current_tenant())
  WITH CHECK (tenant_id = poles.current_tenant());

ALTER TABLE poles.plan_items ENABLE ROW LEVEL SECURITY;
ALTER TABLE poles.plan_items FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON poles.plan_items
  USING (tenant_id = poles.current_tenant())
  WITH CHECK (tenant_id = poles.current_tenant());

ALTER TABLE poles.plan_indicators ENABLE ROW LEVEL SECURITY;
ALTER TABLE poles.plan_indicators FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON poles.plan_indicators
  USING (tenant_id = poles.current_tenant())
  WITH CHECK (tenant_id = poles.current_tenant());

ALTER TABLE poles.indicator_results ENABLE ROW LEVEL SECURITY;
ALTER TABLE poles.indicator_results FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON poles.indicator_results
  USING (tenant_id = poles.current_tenant())
  WITH CHECK (tenant_id = poles.current_tenant());
