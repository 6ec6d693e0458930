-- What a plan's source says and had nowhere to go: an indicator's deadline
-- written as words rather than one date ("Juillet à novembre 2018"), and
-- the notes on the plan as a whole (what its transcriber chose where the
-- document was ambiguous). The importer dropped both before.

ALTER TABLE poles.plans
  ADD COLUMN notes text[] NOT NULL DEFAULT '{}' CHECK (cardinality(notes) <= 100);

ALTER TABLE poles.plan_indicators
  ADD COLUMN due_note text NOT NULL DEFAULT '' CHECK (length(due_note) <= 200);
