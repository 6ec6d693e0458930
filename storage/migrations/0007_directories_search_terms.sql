-- The search words of organisations, made cheaper to search and to write
-- (measured with bench/directories_bench; see BENCHMARKS.md).
--
-- 1. Each word row carries the organisation's sort key (sort_name) in its
--    primary-key index (INCLUDE). A search then reads, from the index alone,
--    the (sort_name, organisation_id) of every match, sorts those few keys,
--    and fetches only the organisations of the page in name order, instead of
--    fetching every match and sorting the full rows.
-- 2. No foreign key to poles.tenants: the words are derived data, written and
--    removed only by the triggers below together with their organisation
--    (which has that foreign key). The check ran once per word: 9 of them per
--    organisation in an import.
-- 3. No second index by organisation: the triggers remove the words of an
--    organisation by recomputing them from its old values (primary-key
--    lookups), so each word costs one index entry instead of two.
-- 4. The sort key compares bytes (collation "C"): it is already folded
--    (lower case, no accents), so byte order is alphabetical order, the same
--    on every server whatever its locale, and comparisons in indexes and
--    sorts are memcmp rather than strcoll.

ALTER TABLE poles.organisations ALTER COLUMN sort_name TYPE text COLLATE "C";

DROP TRIGGER organisation_search_terms_insert ON poles.organisations;
DROP TRIGGER organisation_search_terms_update ON poles.organisations;
DROP TRIGGER organisation_search_terms_delete ON poles.organisations;
DROP FUNCTION poles.organisation_search_terms_insert();
DROP FUNCTION poles.organisation_search_terms_update();
DROP FUNCTION poles.organisation_search_terms_delete();

ALTER TABLE poles.organisation_search_terms
  DROP CONSTRAINT organisation_search_terms_tenant_id_fkey;
DROP INDEX poles.organisation_search_terms_owner;
ALTER TABLE poles.organisation_search_terms ADD COLUMN sort_name text COLLATE "C";
-- Carrying the existing words over reads every tenant's rows: row-level
-- security is lifted for the owner within this migration's transaction
-- only (a failure rolls it back with everything else).
ALTER TABLE poles.organisations NO FORCE ROW LEVEL SECURITY;
ALTER TABLE poles.organisation_search_terms NO FORCE ROW LEVEL SECURITY;
UPDATE poles.organisation_search_terms t SET sort_name = o.sort_name
  FROM poles.organisations o
  WHERE o.tenant_id = t.tenant_id AND o.organisation_id = t.organisation_id;
ALTER TABLE poles.organisations FORCE ROW LEVEL SECURITY;
ALTER TABLE poles.organisation_search_terms FORCE ROW LEVEL SECURITY;
ALTER TABLE poles.organisation_search_terms ALTER COLUMN sort_name SET NOT NULL;
ALTER TABLE poles.organisation_search_terms
  DROP CONSTRAINT organisation_search_terms_pkey,
  ADD PRIMARY KEY (tenant_id, term, organisation_id) INCLUDE (sort_name);

-- The distinct words of an organisation's search_text (its folded name,
-- municipality and NEQ, words separated by single spaces: see 0006), split
-- without a regular expression or a second folding. Not STRICT, so that
-- PostgreSQL inlines it into the triggers' statements.
CREATE FUNCTION poles.organisation_words(search_text text)
  RETURNS SETOF text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$
    SELECT DISTINCT w FROM string_to_table(search_text, ' ') AS w WHERE w <> ''
  $$;
GRANT EXECUTE ON FUNCTION poles.organisation_words(text) TO poles_app;

-- The triggers run as the writing role (poles_app), under row-level
-- security, once per statement (an import writes hundreds of rows per
-- statement).
CREATE FUNCTION poles.organisation_search_terms_insert() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  INSERT INTO poles.organisation_search_terms (tenant_id, term, organisation_id, sort_name)
    SELECT n.tenant_id, w, n.organisation_id, n.sort_name
    FROM new_rows n,
         poles.organisation_words(n.search_text) AS w;
  RETURN NULL;
END
$$;
CREATE TRIGGER organisation_search_terms_insert
  AFTER INSERT ON poles.organisations
  REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION poles.organisation_search_terms_insert();

-- Only the rows whose words or sort key changed: their old words go, their
-- new words come.
CREATE FUNCTION poles.organisation_search_terms_update() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  DELETE FROM poles.organisation_search_terms t
    USING (SELECT o.tenant_id, o.organisation_id, w
           FROM new_rows n JOIN old_rows o USING (tenant_id, organisation_id),
                poles.organisation_words(o.search_text) AS w
           WHERE (n.search_text, n.sort_name) IS DISTINCT FROM (o.search_text, o.sort_name)) d
    WHERE t.tenant_id = d.tenant_id AND t.term = d.w AND t.organisation_id = d.organisation_id;
  INSERT INTO poles.organisation_search_terms (tenant_id, term, organisation_id, sort_name)
    SELECT n.tenant_id, w, n.organisation_id, n.sort_name
    FROM new_rows n JOIN old_rows o USING (tenant_id, organisation_id),
         poles.organisation_words(n.search_text) AS w
    WHERE (n.search_text, n.sort_name) IS DISTINCT FROM (o.search_text, o.sort_name);
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
  DELETE FROM poles.organisation_search_terms t
    USING (SELECT o.tenant_id, o.organisation_id, w
           FROM old_rows o,
                poles.organisation_words(o.search_text) AS w) d
    WHERE t.tenant_id = d.tenant_id AND t.term = d.w AND t.organisation_id = d.organisation_id;
  RETURN NULL;
END
$$;
CREATE TRIGGER organisation_search_terms_delete
  AFTER DELETE ON poles.organisations
  REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION poles.organisation_search_terms_delete();
