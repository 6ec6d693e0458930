-- National indicators for figures the seed documents state and no earlier
-- indicator holds. Each is reported by the Pôle as an aggregate (no
-- row-level records behind it): the meetings of the bodies it sits on when
-- the document gives their number but not their dates, the directory's
-- published distribution, the accompaniment's referrals, the audience of
-- its social media, a youth project's results, and its board's composition.

INSERT INTO poles.national_indicators VALUES
  ('events.body_meetings', 'Rencontres des instances où siège le Pôle (nombre déclaré)', 'Meetings of the bodies the Pôle sits on (reported count)', 'count', 'events', '{body,event_kind}'),
  ('events.week_participants', 'Participants à la Semaine de l''économie sociale', 'Participants in the Social Economy Week', 'people', 'events', '{}'),
  ('events.followers_start', 'Abonnés aux médias sociaux du Pôle au début de la période', 'Social media followers at the start of the period', 'count', 'events', '{}'),
  ('events.followers_end', 'Abonnés aux médias sociaux du Pôle à la fin de la période', 'Social media followers at the end of the period', 'count', 'events', '{}'),
  ('events.youth_reached', 'Jeunes rejoints (projet jeunesse)', 'Young people reached (youth project)', 'people', 'events', '{}'),
  ('events.youth_collaborations', 'Collaborations avec des établissements d''enseignement (projet jeunesse)', 'Collaborations with educational institutions (youth project)', 'count', 'events', '{}'),
  ('events.youth_business_plans', 'Plans d''affaires créés (projet jeunesse)', 'Business plans written (youth project)', 'count', 'events', '{}'),
  ('events.youth_ideation_activities', 'Activités d''idéation et de prédémarrage (projet jeunesse)', 'Ideation and pre-startup activities (youth project)', 'count', 'events', '{}'),
  ('events.youth_awareness_activities', 'Activités de sensibilisation (projet jeunesse)', 'Awareness activities (youth project)', 'count', 'events', '{}'),
  ('directories.enterprises_in_distribution', 'Entreprises de la répartition publiée par MRC et par secteur', 'Enterprises in the published distribution by MRC and sector', 'count', 'directories', '{mrc,sector}'),
  ('directories.protocol_dossiers', 'Dossiers d''un protocole d''accompagnement conclu avec une MRC', 'Files of an accompaniment agreement with an MRC', 'count', 'directories', '{mrc}'),
  ('directories.board_seats', 'Sièges au conseil d''administration du Pôle', 'Seats on the Pôle''s board', 'count', 'directories', '{}'),
  ('directories.board_observers', 'Membres observateurs du conseil d''administration', 'Observer members of the board', 'count', 'directories', '{}'),
  ('directories.board_seats_from_enterprises', 'Administrateurs issus d''entreprises d''économie sociale', 'Board members from social economy enterprises', 'count', 'directories', '{}'),
  ('directories.board_mrcs_represented', 'MRC représentées au conseil d''administration', 'MRCs represented on the board', 'count', 'directories', '{}');

-- The accompaniment's referrals are the summaries' indicators (migration
-- 0011, written in parallel), the same rows: whichever migration runs first
-- creates them, so the catalogue has one code for each.
INSERT INTO poles.national_indicators VALUES
  ('directories.dossiers_from_mrc', 'Dossiers reçus des MRC ou organismes mandataires', 'Dossiers received from MRCs or their mandated organisations', 'count', 'directories', '{mrc,sector,phase,gender}'),
  ('directories.dossiers_referred', 'Dossiers référés aux MRC, organismes mandataires et autres partenaires', 'Dossiers referred to MRCs, mandated organisations and other partners', 'count', 'directories', '{mrc,sector,phase,gender}')
ON CONFLICT (code) DO NOTHING;
