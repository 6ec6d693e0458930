-- A write dated in a fiscal year no longer races that year's submission
-- (tests/isolation/specs/submitted_year_lock.spec showed it: a write checked
-- before the submission committed, and committed after it, was kept in a
-- year now submitted). Each write takes a shared advisory lock per
-- (tenant, year) it is dated in before it reads the submissions; a
-- submission takes the same lock exclusively. A submission therefore waits
-- for the writes already checked to commit (they are the year's), and a
-- write arriving during a submission waits for it, then reads it and is
-- refused. The check is VOLATILE so that it reads with a snapshot taken
-- after the lock, not the statement's.

CREATE OR REPLACE FUNCTION poles.check_fiscal_years_open(tenant text, first_year integer, last_year integer)
  RETURNS void
  LANGUAGE plpgsql VOLATILE
  AS $$
DECLARE
  locked integer;
  y integer;
BEGIN
  IF first_year IS NULL THEN
    RETURN;
  END IF;
  FOR y IN first_year .. COALESCE(last_year, first_year) LOOP
    PERFORM pg_advisory_xact_lock_shared(hashtext('poles.fiscal_year/' || tenant), y);
  END LOOP;
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

-- BEFORE INSERT or UPDATE of a submission: the exclusive side of the lock.
CREATE FUNCTION poles.serialize_fiscal_year_submission() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  IF NEW.state = 'submitted' THEN
    PERFORM pg_advisory_xact_lock(hashtext('poles.fiscal_year/' || NEW.tenant_id),
                                  NEW.fiscal_year);
  END IF;
  RETURN NEW;
END
$$;

CREATE TRIGGER fiscal_year_submission_serialized
  BEFORE INSERT OR UPDATE ON poles.fiscal_year_submissions
  FOR EACH ROW EXECUTE FUNCTION poles.serialize_fiscal_year_submission();
