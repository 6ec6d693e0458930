-- The indicators the national gateway's PAGES table and a Pôle's bilan read
-- from the services' summaries that the catalogue did not have yet. Reference
-- data only: no table, no tenant row.
--
-- Plans (SummarizePlans): the progress of the plans running in the fiscal
-- year (start_fy <= year <= end_fy), by plan ("plan":
-- "tenants/{t}/plans/{p}") and in total, as GetPlanProgress counts it for
-- that year: every indicator; those with a numeric target (measurable);
-- those measured, i.e. with a result for the year (entered, or computed
-- from the owning service's summary of the year); those achieved (result at
-- or above target); and, of the measured, how many results were entered by
-- hand and how many computed. plans.indicators_achieved (0004) gains the
-- "plan" dimension. Counts of indicators add up across plans and tenants.
--
-- Events: the meetings of the bodies a Pôle runs or sits on (its board,
-- executive and committees, the national tables, its partners' committees):
-- every event tied to one of the tenant's bodies, organised or attended,
-- by body (its id), body kind (poles.bodies.kind) and event kind, so the
-- gateway can tell 6 board meetings from the AGA held by the same board.
--
-- Events: trainings' satisfaction. A rate cannot be summed over trainings,
-- tenants or years, so it is given as two counts of answers, one answer
-- being one trainee's answer to one satisfaction question: answers (cohort
-- size x questions asked, over every training with satisfaction results)
-- and satisfied answers (for each question, the question's percentage of
-- the cohort, rounded to the nearest whole answer). The rate of any sum is
-- satisfied / answers (a cohort-weighted mean of the questions' rates): 17
-- trainees asked 7 questions answered 100, 96, 92, 100, 96, 92 and 100 %
-- are 119 answers of which 115 satisfied (96.6 %). The record holds the
-- cohort size, not the number who answered: each cohort member counts as a
-- respondent.
--
-- Directories: the accompaniment dossiers received from an MRC, a CLD or
-- the MRC's mandated organisation (origin from_mrc_cld) and those referred
-- to an MRC/CLD or another partner are computed from the dossiers by the
-- directories summary under the codes migration 0012 gives them
-- (directories.dossiers_from_mrc, directories.dossiers_referred),
-- so that a Pôle's reported figure and the one its records give are one
-- indicator, the reported one replacing the computed one with a finding.

INSERT INTO poles.national_indicators VALUES
  ('plans.indicators', 'Indicateurs des plans d''action en cours', 'Indicators of the action plans in progress', 'count', 'plans', '{plan}'),
  ('plans.indicators_measurable', 'Indicateurs mesurables (avec une cible)', 'Measurable indicators (with a target)', 'count', 'plans', '{plan}'),
  ('plans.indicators_measured', 'Indicateurs mesurés dans l''année', 'Indicators measured in the year', 'count', 'plans', '{plan}'),
  ('plans.results_entered', 'Résultats saisis par le Pôle', 'Results entered by the Pôle', 'count', 'plans', '{plan}'),
  ('plans.results_computed', 'Résultats calculés à partir des dossiers', 'Results computed from the records', 'count', 'plans', '{plan}'),
  ('events.meetings', 'Rencontres des instances (conseil, exécutif, comités, tables)', 'Meetings of bodies (board, executive, committees, tables)', 'count', 'events', '{body,body_kind,event_kind}'),
  ('events.satisfaction_answers', 'Formations : réponses aux questions de satisfaction', 'Trainings: answers to the satisfaction questions', 'count', 'events', '{mrc,plan_item}'),
  ('events.satisfaction_satisfied', 'Formations : réponses satisfaites', 'Trainings: satisfied answers', 'count', 'events', '{mrc,plan_item}');

UPDATE poles.national_indicators SET dimensions = '{plan}'
 WHERE code = 'plans.indicators_achieved';
