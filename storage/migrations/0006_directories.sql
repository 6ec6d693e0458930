-- The directories service: the reference list of sectors, organisations
-- (social-economy enterprises and partners) with their membership in the
-- Pôle and its renewals, the people of the board and the contacts, the
-- accompaniment dossiers and their interventions.
--
-- Accent- and case-insensitive search. poles.fold() is lower(unaccent()),
-- declared IMMUTABLE (unaccent itself is only STABLE because its dictionary
-- could change; ours is the stock one) so that stored generated columns and
-- indexes can use it. The search index is a table of the folded words of each
-- organisation (name, municipality, NEQ), kept by a trigger, searched by word
-- prefix on a btree in the "C" collation. A pg_trgm GIN index would not do:
-- under forced row-level security PostgreSQL only uses a qual as an index
-- condition if its operator is LEAKPROOF, and LIKE (textlike) is not, so for
-- poles_app a trigram index would only ever be scanned by tenant_id. The
-- comparison operators the word index uses (>=, <) are leakproof.

-- Extensions live in their own schema, created by the owner role (unaccent
-- is a trusted extension: the database owner may create it).
CREATE SCHEMA poles_ext;
CREATE EXTENSION unaccent SCHEMA poles_ext;
GRANT USAGE ON SCHEMA poles_ext TO poles_app;

CREATE FUNCTION poles.fold(text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$ SELECT lower(poles_ext.unaccent('poles_ext.unaccent'::regdictionary, $1)) $$;
GRANT EXECUTE ON FUNCTION poles.fold(text) TO poles_app;

-- Reference data: sectors of activity, shared by all tenants. Built from the
-- sectors the seed documents name (Centre-du-Québec's dossiers by sector,
-- its board and events: aide à domicile, CPE, radio communautaire,
-- ressourcerie, logement, agriculture, loisir, culture...).
CREATE TABLE poles.sectors (
  sector_id  text PRIMARY KEY CHECK (sector_id ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
  label_fr   text NOT NULL UNIQUE,
  label_en   text NOT NULL,
  sort_order integer NOT NULL UNIQUE
);
GRANT SELECT ON poles.sectors TO poles_app;

INSERT INTO poles.sectors (sector_id, label_fr, label_en, sort_order) VALUES
  ('agroalimentaire', 'Agroalimentaire et agriculture', 'Agri-food and farming', 10),
  ('aide-a-domicile', 'Aide à domicile', 'Home support services', 20),
  ('arts-et-culture', 'Arts et culture', 'Arts and culture', 30),
  ('assurances-et-finance', 'Assurances et finance solidaire', 'Insurance and solidarity finance', 40),
  ('commerce-de-detail', 'Commerce de détail', 'Retail trade', 50),
  ('education-et-formation', 'Éducation et formation', 'Education and training', 60),
  ('emploi-et-insertion', 'Emploi et insertion', 'Employment and work integration', 70),
  ('environnement', 'Environnement, récupération et recyclage', 'Environment, reuse and recycling', 80),
  ('habitation', 'Habitation', 'Housing', 90),
  ('loisir-et-sport', 'Loisir et sport', 'Recreation and sport', 100),
  ('medias-communautaires', 'Médias communautaires', 'Community media', 110),
  ('numerique', 'Numérique et technologies', 'Digital and technology', 120),
  ('petite-enfance', 'Petite enfance', 'Early childhood', 130),
  ('sante', 'Santé', 'Health', 140),
  ('services-aux-entreprises', 'Services aux entreprises', 'Business services', 150),
  ('services-aux-personnes', 'Services aux personnes', 'Personal services', 160),
  ('services-de-proximite', 'Services de proximité', 'Local services', 170),
  ('tourisme', 'Tourisme', 'Tourism', 180),
  ('transport', 'Transport', 'Transportation', 190),
  ('autre', 'Autre', 'Other', 1000);

CREATE TABLE poles.organisations (
  tenant_id         text NOT NULL REFERENCES poles.tenants (slug),
  organisation_id   text NOT NULL CHECK (organisation_id ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
  display_name      text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 300),
  kind              text NOT NULL CHECK (kind IN ('enterprise', 'partner')),
  legal_form        text NOT NULL DEFAULT '' CHECK (legal_form IN ('', 'obnl', 'cooperative', 'mutual', 'other')),
  neq               text NOT NULL DEFAULT '' CHECK (neq ~ '^([0-9]{10})?$'),
  sector_id         text REFERENCES poles.sectors,
  mrc_id            text,
  municipality      text NOT NULL DEFAULT '' CHECK (length(municipality) <= 100),
  employees         integer CHECK (employees BETWEEN 0 AND 100000),
  year_founded      integer CHECK (year_founded BETWEEN 1800 AND 2100),
  membership_status text NOT NULL DEFAULT 'non_member' CHECK (membership_status IN ('non_member', 'active', 'lapsed')),
  member_since      date,
  renewal_due       date,
  membership_end    date,
  address           text NOT NULL DEFAULT '' CHECK (length(address) <= 300),
  phone             text NOT NULL DEFAULT '' CHECK (length(phone) <= 300),
  email             text NOT NULL DEFAULT '' CHECK (length(email) <= 300),
  website           text NOT NULL DEFAULT '' CHECK (length(website) <= 300),
  description       text NOT NULL DEFAULT '' CHECK (length(description) <= 2000),
  closure_date      date,
  version           bigint NOT NULL DEFAULT 1,
  create_time       timestamptz NOT NULL DEFAULT now(),
  update_time       timestamptz NOT NULL DEFAULT now(),
  -- Sort key: the folded name ("cooperative de solidarite ...").
  sort_name         text GENERATED ALWAYS AS (poles.fold(display_name)) STORED,
  -- The folded words of name, municipality and NEQ, each preceded by a
  -- space, for word-prefix matching with LIKE '% mot%'.
  search_text       text GENERATED ALWAYS AS (
                      ' ' || regexp_replace(poles.fold(display_name || ' ' || municipality || ' ' || neq),
                                            '[^[:alnum:]]+', ' ', 'g')) STORED,
  PRIMARY KEY (tenant_id, organisation_id),
  -- The MRC must be of the tenant's territory (not deferred: a deferred
  -- check queues an event per row, which makes every later statement of a
  -- large import slower). The admin service removes only the MRCs that leave
  -- the territory, so this stays true when the territory changes.
  FOREIGN KEY (tenant_id, mrc_id) REFERENCES poles.tenant_mrcs (tenant_id, mrc_id),
  CHECK (kind <> 'enterprise' OR (legal_form <> '' AND sector_id IS NOT NULL AND mrc_id IS NOT NULL)),
  CHECK ((membership_status = 'non_member') = (member_since IS NULL)),
  CHECK ((membership_status = 'lapsed') = (membership_end IS NOT NULL))
);
CREATE UNIQUE INDEX organisations_neq ON poles.organisations (tenant_id, neq) WHERE neq <> '';
CREATE INDEX organisations_by_name ON poles.organisations (tenant_id, sort_name, organisation_id);
CREATE INDEX organisations_by_mrc ON poles.organisations (tenant_id, mrc_id, sort_name, organisation_id);

-- The search index: one row per distinct folded word of an organisation.
-- Derived data, kept by the triggers below (insert, update, delete). It has
-- no foreign key on purpose: the check would run once per word, with a plan
-- cached while the table is still small (a sequential scan), which makes a
-- first large import quadratic.
CREATE TABLE poles.organisation_search_terms (
  tenant_id       text NOT NULL REFERENCES poles.tenants (slug),
  term            text COLLATE "C" NOT NULL,
  organisation_id text NOT NULL,
  PRIMARY KEY (tenant_id, term, organisation_id)
);
CREATE INDEX organisation_search_terms_owner ON poles.organisation_search_terms (tenant_id, organisation_id);

-- The triggers keeping it run as the writing role (poles_app), under
-- row-level security, once per statement (an import writes hundreds of rows
-- per statement).
CREATE FUNCTION poles.organisation_search_terms_insert() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  INSERT INTO poles.organisation_search_terms (tenant_id, term, organisation_id)
    SELECT DISTINCT n.tenant_id, w, n.organisation_id
    FROM new_rows n,
         regexp_split_to_table(
           poles.fold(n.display_name || ' ' || n.municipality || ' ' || n.neq),
           '[^[:alnum:]]+') AS w
    WHERE w <> '';
  RETURN NULL;
END
$$;
CREATE TRIGGER organisation_search_terms_insert
  AFTER INSERT ON poles.organisations
  REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION poles.organisation_search_terms_insert();

CREATE FUNCTION poles.organisation_search_terms_update() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  DELETE FROM poles.organisation_search_terms t
    USING new_rows n JOIN old_rows o USING (tenant_id, organisation_id)
    WHERE t.tenant_id = n.tenant_id AND t.organisation_id = n.organisation_id
      AND (n.display_name, n.municipality, n.neq) IS DISTINCT FROM
          (o.display_name, o.municipality, o.neq);
  INSERT INTO poles.organisation_search_terms (tenant_id, term, organisation_id)
    SELECT DISTINCT n.tenant_id, w, n.organisation_id
    FROM new_rows n JOIN old_rows o USING (tenant_id, organisation_id),
         regexp_split_to_table(
           poles.fold(n.display_name || ' ' || n.municipality || ' ' || n.neq),
           '[^[:alnum:]]+') AS w
    WHERE w <> '' AND (n.display_name, n.municipality, n.neq) IS DISTINCT FROM
                      (o.display_name, o.municipality, o.neq);
  RETURN NULL;
END
$$;
CREATE TRIGGER organisation_search_terms_update
  AFTER UPDATE ON poles.organisations
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION poles.organisation_search_terms_update();

CREATE FUNCTION poles.organisation_search_terms_delete() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  DELETE FROM poles.organisation_search_terms t USING old_rows o
    WHERE t.tenant_id = o.tenant_id AND t.organisation_id = o.organisation_id;
  RETURN NULL;
END
$$;
CREATE TRIGGER organisation_search_terms_delete
  AFTER DELETE ON poles.organisations
  REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION poles.organisation_search_terms_delete();

CREATE TABLE poles.membership_renewals (
  tenant_id       text NOT NULL,
  organisation_id text NOT NULL,
  renewal_id      bigint GENERATED ALWAYS AS IDENTITY,
  renewal_date    date NOT NULL,
  renewed_until   date NOT NULL,
  note            text NOT NULL DEFAULT '' CHECK (length(note) <= 300),
  record_time     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, organisation_id, renewal_id),
  FOREIGN KEY (tenant_id, organisation_id) REFERENCES poles.organisations ON DELETE CASCADE,
  CHECK (renewed_until > renewal_date)
);

-- Personal information (Loi 25): erasure blanks every personal column and
-- keeps the row (role, organisation) for anonymous counts.
CREATE TABLE poles.people (
  tenant_id       text NOT NULL REFERENCES poles.tenants (slug),
  person_id       text NOT NULL CHECK (person_id ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
  display_name    text NOT NULL CHECK (length(display_name) <= 200),
  role            text NOT NULL CHECK (role IN ('board_member', 'board_observer', 'contact', 'staff')),
  position        text NOT NULL DEFAULT '' CHECK (length(position) <= 200),
  organisation_id text,
  email           text NOT NULL DEFAULT '' CHECK (length(email) <= 300),
  phone           text NOT NULL DEFAULT '' CHECK (length(phone) <= 300),
  consent_purpose text NOT NULL DEFAULT '' CHECK (length(consent_purpose) <= 300),
  consent_date    date,
  erased          boolean NOT NULL DEFAULT false,
  erase_time      timestamptz,
  version         bigint NOT NULL DEFAULT 1,
  create_time     timestamptz NOT NULL DEFAULT now(),
  update_time     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, person_id),
  FOREIGN KEY (tenant_id, organisation_id) REFERENCES poles.organisations
    ON DELETE SET NULL (organisation_id),
  CHECK (erased OR (length(display_name) >= 1 AND consent_purpose <> '' AND consent_date IS NOT NULL)),
  CHECK (NOT erased OR (display_name = '' AND position = '' AND email = '' AND phone = ''
                        AND consent_purpose = '' AND erase_time IS NOT NULL))
);
CREATE INDEX people_by_organisation ON poles.people (tenant_id, organisation_id, person_id);

CREATE TABLE poles.dossiers (
  tenant_id       text NOT NULL REFERENCES poles.tenants (slug),
  dossier_id      text NOT NULL CHECK (dossier_id ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
  title           text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
  organisation_id text,
  promoter_group  text NOT NULL DEFAULT '' CHECK (length(promoter_group) <= 300),
  sector_id       text NOT NULL REFERENCES poles.sectors,
  mrc_id          text NOT NULL,
  phase           text NOT NULL CHECK (phase IN ('pre_startup', 'startup', 'consolidation', 'development', 'succession')),
  subjects        text[] NOT NULL DEFAULT '{}',
  promoter_gender text NOT NULL CHECK (promoter_gender IN ('women', 'men', 'mixed', 'not_collected')),
  origin          text NOT NULL CHECK (origin IN ('direct', 'from_mrc_cld', 'from_partner')),
  referrals       jsonb NOT NULL DEFAULT '[]',
  open_date       date NOT NULL,
  close_date      date,
  outcome         text NOT NULL DEFAULT '' CHECK (length(outcome) <= 5000),
  version         bigint NOT NULL DEFAULT 1,
  create_time     timestamptz NOT NULL DEFAULT now(),
  update_time     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, dossier_id),
  FOREIGN KEY (tenant_id, organisation_id) REFERENCES poles.organisations
    ON DELETE SET NULL (organisation_id),
  FOREIGN KEY (tenant_id, mrc_id) REFERENCES poles.tenant_mrcs (tenant_id, mrc_id),
  CHECK (close_date IS NULL OR close_date >= open_date)
);
CREATE INDEX dossiers_by_open_date ON poles.dossiers (tenant_id, open_date, dossier_id);
CREATE INDEX dossiers_by_organisation ON poles.dossiers (tenant_id, organisation_id);

CREATE TABLE poles.interventions (
  tenant_id         text NOT NULL,
  dossier_id        text NOT NULL,
  intervention_id   text NOT NULL CHECK (intervention_id ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
  intervention_date date NOT NULL,
  subjects          text[] NOT NULL,
  note              text NOT NULL DEFAULT '' CHECK (length(note) <= 5000),
  version           bigint NOT NULL DEFAULT 1,
  create_time       timestamptz NOT NULL DEFAULT now(),
  update_time       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, dossier_id, intervention_id),
  FOREIGN KEY (tenant_id, dossier_id) REFERENCES poles.dossiers ON DELETE CASCADE,
  CHECK (cardinality(subjects) BETWEEN 1 AND 20)
);
CREATE INDEX interventions_by_date ON poles.interventions (tenant_id, dossier_id, intervention_date, intervention_id);
CREATE INDEX interventions_in_period ON poles.interventions (tenant_id, intervention_date);

GRANT SELECT, INSERT, UPDATE, DELETE ON poles.organisations,
  poles.organisation_search_terms, poles.membership_renewals, poles.people,
  poles.dossiers, poles.interventions TO poles_app;
-- Erasing a person also deletes the stored replies of the requests that
-- created or changed them (they hold the personal information).
GRANT DELETE ON poles.idempotency_keys TO poles_app;

ALTER TABLE poles.organisations ENABLE ROW LEVEL SECURITY;
ALTER TABLE poles.organisations FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON poles.organisations
  USING (tenant_id = poles.current_tenant())
  WITH CHECK (tenant_id = poles.current_tenant());

ALTER TABLE poles.organisation_search_terms ENABLE ROW LEVEL SECURITY;
ALTER TABLE poles.organisation_search_terms FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON poles.organisation_search_terms
  USING (tenant_id = poles.current_tenant())
  WITH CHECK (tenant_id = poles.current_tenant());

ALTER TABLE poles.membership_renewals ENABLE ROW LEVEL SECURITY;
ALTER TABLE poles.membership_renewals FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON poles.membership_renewals
  USING (tenant_id = poles.current_tenant())
  WITH CHECK (tenant_id = poles.current_tenant());

ALTER TABLE poles.people ENABLE ROW LEVEL SECURITY;
ALTER TABLE poles.people FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON poles.people
  USING (tenant_id = poles.current_tenant())
  WITH CHECK (tenant_id = poles.current_tenant());

ALTER TABLE poles.dossiers ENABLE ROW LEVEL SECURITY;
ALTER TABLE poles.dossiers FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON poles.dossiers
  USING (tenant_id = poles.current_tenant())
  WITH CHECK (tenant_id = poles.current_tenant());

ALTER TABLE poles.interventions ENABLE ROW LEVEL SECURITY;
ALTER TABLE poles.interventions FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON poles.interventions
  USING (tenant_id = poles.current_tenant())
  WITH CHECK (tenant_id = poles.current_tenant());
