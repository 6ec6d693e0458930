-- The organisation import stages each batch in a temporary table (see
-- kImportStage in services/directories/directories_service.cc): COPY is the
-- fast way into PostgreSQL, and it refuses tables under row-level security,
-- so the rows are copied into a table private to the import's session
-- (dropped when its transaction ends) and written from there into
-- poles.organisations by INSERT ... SELECT, under the tenant's policy.
-- Creating temporary tables is the only right this gives the application
-- role: a temporary table is visible to its own session only, and the
-- tenant tables stay sealed by their policies.
DO $$
BEGIN
  EXECUTE format('GRANT TEMPORARY ON DATABASE %I TO poles_app', current_database());
END
$$;
