-- The submitted fiscal year (issue 12, "The submitted year"). A Pôle's
-- editor submits a fiscal year (1 April - 31 March, stored as the calendar
-- year it starts in: 2017 for "2017-2018"); from then on every write of a
-- row dated in that year is refused by the database itself, whatever
-- service makes it, until the Chantier (national) or the platform admin
-- unlocks it.
--
-- The refusal is SQLSTATE PFY01 (class PF: the Pôles' fiscal year), raised
-- with the constraint name fiscal_year_submitted and the primary message
-- "fiscal year YYYY-YYYY is submitted" (no row value):
-- storage/sql_error.cc maps it to FAILED_PRECONDITION with ErrorInfo reason
-- FISCAL_YEAR_SUBMITTED naming the year.
--
-- Which tenant tables are locked, decided by their columns:
--   indicator_results    locked: fiscal_year (a plan's result for the year)
--   reported_values      locked: fiscal_year (reported aggregates)
--   events               locked: start_time's date in America/Montreal
--   dossiers             locked: open_date (dossiers are counted by the
--                        year they open; an update of a dossier opened in a
--                        submitted year is refused, closing it included)
--   interventions        locked: intervention_date
--   agreements           locked: every year of start_fiscal_year ..
--                        end_fiscal_year (the agreement's funder, program and
--                        status are dimensions of each of its years' amounts)
--   agreement_years      locked: fiscal_year
--   calls_for_projects   locked: fiscal_year
--   awards               locked: decision_date (its generated fiscal_year);
--                        an award without a decision date (requested) is
--                        dated in no year
--   reported_totals      locked: fiscal_year
--   plans, plan_items,   not locked: a plan spans several years and states
--   plan_indicators      intentions (targets, due dates); the year's figures
--                        are indicator_results, which are locked (deleting a
--                        plan, item or indicator cascades to them, so it is
--                        refused when it would remove a submitted result)
--   organisations,       not locked: the directory is the register's current
--   membership_renewals, state (enterprises and members are counted as of a
--   organisation_search_terms  date from member_since, membership_end and
--                        closure_date), not records of a year; the search
--                        terms are derived from organisations
--   people               not locked: personal information must stay
--                        correctable and erasable at any time (Loi 25)
--   bodies, local_programs, tenant_mrcs  not locked: no date
--   audit_log, idempotency_keys  not locked: the platform's own records
--   fiscal_year_submissions  this table
-- A trigger's UPDATE checks both the old and the new row, so a row can be
-- moved neither out of nor into a submitted year.

CREATE TABLE poles.fiscal_year_submissions (
  tenant_id     text NOT NULL REFERENCES poles.tenants (slug),
  fiscal_year   integer NOT NULL CHECK (fiscal_year BETWEEN 1990 AND 2100),
  state         text NOT NULL CHECK (state IN ('submitted', 'open')),
  submit_time   timestamptz NOT NULL,
  submitted_by  text NOT NULL CHECK (length(submitted_by) <= 200),
  submitter_key text NOT NULL,
  unlock_time   timestamptz,
  unlocked_by   text NOT NULL DEFAULT '' CHECK (length(unlocked_by) <= 200),
  unlocker_key  text NOT NULL DEFAULT '',
  unlock_reason text NOT NULL DEFAULT '' CHECK (length(unlock_reason) <= 2000),
  version       bigint NOT NULL DEFAULT 1,
  PRIMARY KEY (tenant_id, fiscal_year),
  CHECK (state = 'submitted' OR unlock_time IS NOT NULL)
);
GRANT SELECT, INSERT, UPDATE ON poles.fiscal_year_submissions TO poles_app;

ALTER TABLE poles.fiscal_year_submissions ENABLE ROW LEVEL SECURITY;
ALTER TABLE poles.fiscal_year_submissions FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON poles.fiscal_year_submissions
  USING (tenant_id = poles.current_tenant())
  WITH CHECK (tenant_id = poles.current_tenant());

-- Quebec's fiscal year of a date: the calendar year of its 1 April.
CREATE FUNCTION poles.fiscal_year_of(d date) RETURNS integer
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$ SELECT extract(year FROM d - interval '3 months')::integer $$;
GRANT EXECUTE ON FUNCTION poles.fiscal_year_of(date) TO poles_app;

-- Raises PFY01 when any year of first_year .. last_year is submitted for
-- `tenant`. Runs as the writing role, under row-level security (the tenant
-- of a written row is always the transaction's).
CREATE FUNCTION poles.check_fiscal_years_open(tenant text, first_year integer, last_year integer)
  RETURNS void
  LANGUAGE plpgsql STABLE
  AS $$
DECLARE
  locked integer;
BEGIN
  IF first_year IS NULL THEN
    RETURN;
  END IF;
  SELECT s.fiscal_year INTO locked
    FROM poles.fiscal_year_submissions s
    WHERE s.tenant_id = tenant AND s.state = 'submitted'
      AND s.fiscal_year BETWEEN first_year AND COALESCE(last_year, first_year)
    ORDER BY s.fiscal_year LIMIT 1;
  IF locked IS NOT NULL THEN
    RAISE EXCEPTION 'fiscal year %-% is submitted', locked, locked + 1
      USING ERRCODE = 'PFY01', CONSTRAINT = 'fiscal_year_submitted',
            HINT = 'the Chantier or the platform admin can unlock it';
  END IF;
END
$$;
GRANT EXECUTE ON FUNCTION poles.check_fiscal_years_open(text, integer, integer) TO poles_app;

-- The years a row is dated in, by how its table dates it (`kind`, the
-- trigger's first argument):
--   'fiscal_year' <col>          an integer fiscal-year column
--   'fiscal_years' <col> <col2>  a span of fiscal-year columns
--   'date' <col>                 a date column
--   'local_time' <col>           a timestamptz, by its date in Montréal
-- NULL when the row is dated in no year.
CREATE FUNCTION poles.fiscal_years_of_row(r jsonb, kind text, col text, col2 text,
                                          OUT first_year integer, OUT last_year integer)
  LANGUAGE plpgsql STABLE
  AS $$
BEGIN
  CASE kind
    WHEN 'fiscal_year' THEN
      first_year := (r ->> col)::integer;
      last_year := first_year;
    WHEN 'fiscal_years' THEN
      first_year := (r ->> col)::integer;
      last_year := (r ->> col2)::integer;
    WHEN 'date' THEN
      first_year := poles.fiscal_year_of((r ->> col)::date);
      last_year := first_year;
    WHEN 'local_time' THEN
      first_year := poles.fiscal_year_of(
          ((r ->> col)::timestamptz AT TIME ZONE 'America/Montreal')::date);
      last_year := first_year;
    ELSE
      RAISE EXCEPTION 'unknown fiscal-year dating %', kind;
  END CASE;
END
$$;
GRANT EXECUTE ON FUNCTION poles.fiscal_years_of_row(jsonb, text, text, text) TO poles_app;

-- The lock: BEFORE INSERT, UPDATE or DELETE of each row of a dated table;
-- its arguments say how the table dates a row (see fiscal_years_of_row).
CREATE FUNCTION poles.enforce_fiscal_year_lock() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
DECLARE
  from_year integer;
  to_year integer;
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    SELECT y.first_year, y.last_year INTO from_year, to_year
      FROM poles.fiscal_years_of_row(to_jsonb(OLD), TG_ARGV[0], TG_ARGV[1], TG_ARGV[2]) y;
    PERFORM poles.check_fiscal_years_open(OLD.tenant_id, from_year, to_year);
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    SELECT y.first_year, y.last_year INTO from_year, to_year
      FROM poles.fiscal_years_of_row(to_jsonb(NEW), TG_ARGV[0], TG_ARGV[1], TG_ARGV[2]) y;
    PERFORM poles.check_fiscal_years_open(NEW.tenant_id, from_year, to_year);
    RETURN NEW;
  END IF;
  RETURN OLD;
END
$$;
GRANT EXECUTE ON FUNCTION poles.enforce_fiscal_year_lock() TO poles_app;

CREATE TRIGGER fiscal_year_lock BEFORE INSERT OR UPDATE OR DELETE ON poles.indicator_results
  FOR EACH ROW EXECUTE FUNCTION poles.enforce_fiscal_year_lock('fiscal_year', 'fiscal_year');
CREATE TRIGGER fiscal_year_lock BEFORE INSERT OR UPDATE OR DELETE ON poles.reported_values
  FOR EACH ROW EXECUTE FUNCTION poles.enforce_fiscal_year_lock('fiscal_year', 'fiscal_year');
CREATE TRIGGER fiscal_year_lock BEFORE INSERT OR UPDATE OR DELETE ON poles.events
  FOR EACH ROW EXECUTE FUNCTION poles.enforce_fiscal_year_lock('local_time', 'start_time');
CREATE TRIGGER fiscal_year_lock BEFORE INSERT OR UPDATE OR DELETE ON poles.dossiers
  FOR EACH ROW EXECUTE FUNCTION poles.enforce_fiscal_year_lock('date', 'open_date');
CREATE TRIGGER fiscal_year_lock BEFORE INSERT OR UPDATE OR DELETE ON poles.interventions
  FOR EACH ROW EXECUTE FUNCTION poles.enforce_fiscal_year_lock('date', 'intervention_date');
CREATE TRIGGER fiscal_year_lock BEFORE INSERT OR UPDATE OR DELETE ON poles.agreements
  FOR EACH ROW EXECUTE FUNCTION poles.enforce_fiscal_year_lock('fiscal_years', 'start_fiscal_year', 'end_fiscal_year');
CREATE TRIGGER fiscal_year_lock BEFORE INSERT OR UPDATE OR DELETE ON poles.agreement_years
  FOR EACH ROW EXECUTE FUNCTION poles.enforce_fiscal_year_lock('fiscal_year', 'fiscal_year');
CREATE TRIGGER fiscal_year_lock BEFORE INSERT OR UPDATE OR DELETE ON poles.calls_for_projects
  FOR EACH ROW EXECUTE FUNCTION poles.enforce_fiscal_year_lock('fiscal_year', 'fiscal_year');
-- By decision_date, not the generated fiscal_year: a BEFORE trigger sees a
-- generated column before it is computed.
CREATE TRIGGER fiscal_year_lock BEFORE INSERT OR UPDATE OR DELETE ON poles.awards
  FOR EACH ROW EXECUTE FUNCTION poles.enforce_fiscal_year_lock('date', 'decision_date');
CREATE TRIGGER fiscal_year_lock BEFORE INSERT OR UPDATE OR DELETE ON poles.reported_totals
  FOR EACH ROW EXECUTE FUNCTION poles.enforce_fiscal_year_lock('fiscal_year', 'fiscal_year');
