-- Plan indicators whose actual values are computed from another service's
-- summary: the national indicator (national_indicator_code) and the
-- breakdown that selects the part this indicator counts, as canonical
-- "key=value;key=value" ('' for the whole indicator).
ALTER TABLE poles.plan_indicators
  ADD COLUMN computed boolean NOT NULL DEFAULT false,
  ADD COLUMN link_filter text NOT NULL DEFAULT '' CHECK (length(link_filter) <= 2000),
  ADD CONSTRAINT plan_indicators_computed_needs_code
    CHECK (NOT computed OR national_indicator_code <> ''),
  ADD CONSTRAINT plan_indicators_filter_needs_computed
    CHECK (computed OR link_filter = '');
