-- What a Pôle states about itself and no indicator holds (the events
-- service's PoleProfile, a singleton per tenant): its legal name, its
-- incorporation date, its founding assembly (an event of its own), its
-- public website and address, and notes on where each comes from. The
-- board's composition stays reported indicators of a fiscal year
-- (migration 0012): it changes from year to year. The incorporation date
-- is a fact about the Pôle, not a record of a year: the fiscal-year lock
-- leaves the table alone.
--
-- And the bodies responsible for a plan item: `responsables` keeps the
-- source's words ("Comité des communications"); responsible_bodies links
-- them to the tenant's bodies by id (the plans service checks shape and
-- tenant; bodies belong to the events service, as an event's plan_item
-- belongs to plans).

CREATE TABLE poles.pole_profiles (
  tenant_id          text NOT NULL REFERENCES poles.tenants (slug),
  legal_name         text NOT NULL DEFAULT '' CHECK (length(legal_name) <= 300),
  incorporation_date date CHECK (incorporation_date BETWEEN '1990-01-01' AND '2100-12-31'),
  founding_event_id  text,
  website_uri        text NOT NULL DEFAULT '' CHECK (length(website_uri) <= 300),
  contact_email      text NOT NULL DEFAULT '' CHECK (length(contact_email) <= 254),
  notes              text[] NOT NULL DEFAULT '{}' CHECK (cardinality(notes) <= 20),
  version            bigint NOT NULL DEFAULT 1,
  create_time        timestamptz NOT NULL DEFAULT now(),
  update_time        timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id),
  FOREIGN KEY (tenant_id, founding_event_id) REFERENCES poles.events
    ON DELETE SET NULL (founding_event_id)
);
GRANT SELECT, INSERT, UPDATE ON poles.pole_profiles TO poles_app;

ALTER TABLE poles.pole_profiles ENABLE ROW LEVEL SECURITY;
ALTER TABLE poles.pole_profiles FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON poles.pole_profiles
  USING (tenant_id = poles.current_tenant())
  WITH CHECK (tenant_id = poles.current_tenant());

ALTER TABLE poles.plan_items
  ADD COLUMN responsible_bodies text[] NOT NULL DEFAULT '{}'
    CHECK (cardinality(responsible_bodies) <= 20);
