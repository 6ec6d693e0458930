-- Reference data: Québec's 17 administrative regions and its 104 MRC and
-- territoires équivalents (TE): 87 municipalités régionales de comté and 17
-- TE (the cities and urban agglomerations outside any MRC, and the three TE
-- of Nord-du-Québec), as organised by the ministère des Affaires municipales
-- et de l'Habitation (MAMH, Répertoire des municipalités) and used by the
-- Institut de la statistique du Québec for its « MRC géographiques ».
--
-- Source: compiled region by region from the MAMH/ISQ division as published
-- in public secondary lists (Wikipédia « Administrations territoriales au
-- Québec par région » and « List of regional county municipalities and
-- equivalent territories in Quebec »: 87 MRC + 17 TE = 104; the 17 TE names
-- match the ISQ list reproduced in Wikipédia « Equivalent territory »),
-- cross-checked against the three seed Pôles' documents and against official
-- announcements of the latest changes:
--   * 2021-07-08: Brome-Missisquoi and La Haute-Yamaska moved from Montérégie
--     (16) to Estrie (05) (MAMH press release). They were in Montérégie when
--     the 2007-2019 seed documents were written.
--   * 2022-07-30: MRC Robert-Cliche renamed Beauce-Centre (Gazette officielle).
--   * La Matanie is the former MRC de Matane (renamed 2012); Le
--     Golfe-du-Saint-Laurent became an MRC in 2010 (former TE Basse-Côte-Nord).
-- Names are the official short names, without the « MRC de » prefix. Wendake
-- and other Indigenous communities are not MRC and are not listed.
--
-- kind: 'agglomeration' for the five TE that are urban agglomerations under
-- the 2005 Act respecting the exercise of certain municipal powers in certain
-- urban agglomerations (Montréal, Québec, Longueuil, La Tuque, Les
-- Îles-de-la-Madeleine); 'territoire-equivalent' for the other TE (single
-- cities and Nord-du-Québec); 'mrc' otherwise.
--
-- geo_code is left NULL everywhere: the official MAMH codes were not verified
-- against a primary source and are better filled in by a later migration.
--
-- mrc_id slug: lowercase, accents stripped, apostrophes and spaces -> '-',
-- repeated '-' collapsed ("L'Île-d'Orléans" -> 'l-ile-d-orleans').

INSERT INTO poles.regions (region_code, name) VALUES
  ('01', 'Bas-Saint-Laurent'),
  ('02', 'Saguenay–Lac-Saint-Jean'),
  ('03', 'Capitale-Nationale'),
  ('04', 'Mauricie'),
  ('05', 'Estrie'),
  ('06', 'Montréal'),
  ('07', 'Outaouais'),
  ('08', 'Abitibi-Témiscamingue'),
  ('09', 'Côte-Nord'),
  ('10', 'Nord-du-Québec'),
  ('11', 'Gaspésie–Îles-de-la-Madeleine'),
  ('12', 'Chaudière-Appalaches'),
  ('13', 'Laval'),
  ('14', 'Lanaudière'),
  ('15', 'Laurentides'),
  ('16', 'Montérégie'),
  ('17', 'Centre-du-Québec');

INSERT INTO poles.mrcs (mrc_id, name, region_code, kind, geo_code) VALUES
  -- 01 Bas-Saint-Laurent
  ('kamouraska', 'Kamouraska', '01', 'mrc', NULL),
  ('la-matanie', 'La Matanie', '01', 'mrc', NULL),
  ('la-matapedia', 'La Matapédia', '01', 'mrc', NULL),
  ('la-mitis', 'La Mitis', '01', 'mrc', NULL),
  ('les-basques', 'Les Basques', '01', 'mrc', NULL),
  ('rimouski-neigette', 'Rimouski-Neigette', '01', 'mrc', NULL),
  ('riviere-du-loup', 'Rivière-du-Loup', '01', 'mrc', NULL),
  ('temiscouata', 'Témiscouata', '01', 'mrc', NULL),
  -- 02 Saguenay–Lac-Saint-Jean
  ('lac-saint-jean-est', 'Lac-Saint-Jean-Est', '02', 'mrc', NULL),
  ('le-domaine-du-roy', 'Le Domaine-du-Roy', '02', 'mrc', NULL),
  ('le-fjord-du-saguenay', 'Le Fjord-du-Saguenay', '02', 'mrc', NULL),
  ('maria-chapdelaine', 'Maria-Chapdelaine', '02', 'mrc', NULL),
  ('saguenay', 'Saguenay', '02', 'territoire-equivalent', NULL),
  -- 03 Capitale-Nationale
  ('charlevoix', 'Charlevoix', '03', 'mrc', NULL),
  ('charlevoix-est', 'Charlevoix-Est', '03', 'mrc', NULL),
  ('la-cote-de-beaupre', 'La Côte-de-Beaupré', '03', 'mrc', NULL),
  ('la-jacques-cartier', 'La Jacques-Cartier', '03', 'mrc', NULL),
  ('l-ile-d-orleans', 'L''Île-d''Orléans', '03', 'mrc', NULL),
  ('portneuf', 'Portneuf', '03', 'mrc', NULL),
  ('quebec', 'Québec', '03', 'agglomeration', NULL),
  -- 04 Mauricie
  ('les-chenaux', 'Les Chenaux', '04', 'mrc', NULL),
  ('maskinonge', 'Maskinongé', '04', 'mrc', NULL),
  ('mekinac', 'Mékinac', '04', 'mrc', NULL),
  ('la-tuque', 'La Tuque', '04', 'agglomeration', NULL),
  ('shawinigan', 'Shawinigan', '04', 'territoire-equivalent', NULL),
  ('trois-rivieres', 'Trois-Rivières', '04', 'territoire-equivalent', NULL),
  -- 05 Estrie
  ('brome-missisquoi', 'Brome-Missisquoi', '05', 'mrc', NULL),
  ('coaticook', 'Coaticook', '05', 'mrc', NULL),
  ('la-haute-yamaska', 'La Haute-Yamaska', '05', 'mrc', NULL),
  ('le-granit', 'Le Granit', '05', 'mrc', NULL),
  ('le-haut-saint-francois', 'Le Haut-Saint-François', '05', 'mrc', NULL),
  ('le-val-saint-francois', 'Le Val-Saint-François', '05', 'mrc', NULL),
  ('les-sources', 'Les Sources', '05', 'mrc', NULL),
  ('memphremagog', 'Memphrémagog', '05', 'mrc', NULL),
  ('sherbrooke', 'Sherbrooke', '05', 'territoire-equivalent', NULL),
  -- 06 Montréal
  ('montreal', 'Montréal', '06', 'agglomeration', NULL),
  -- 07 Outaouais
  ('la-vallee-de-la-gatineau', 'La Vallée-de-la-Gatineau', '07', 'mrc', NULL),
  ('les-collines-de-l-outaouais', 'Les Collines-de-l''Outaouais', '07', 'mrc', NULL),
  ('papineau', 'Papineau', '07', 'mrc', NULL),
  ('pontiac', 'Pontiac', '07', 'mrc', NULL),
  ('gatineau', 'Gatineau', '07', 'territoire-equivalent', NULL),
  -- 08 Abitibi-Témiscamingue
  ('abitibi', 'Abitibi', '08', 'mrc', NULL),
  ('abitibi-ouest', 'Abitibi-Ouest', '08', 'mrc', NULL),
  ('la-vallee-de-l-or', 'La Vallée-de-l''Or', '08', 'mrc', NULL),
  ('temiscamingue', 'Témiscamingue', '08', 'mrc', NULL),
  ('rouyn-noranda', 'Rouyn-Noranda', '08', 'territoire-equivalent', NULL),
  -- 09 Côte-Nord
  ('caniapiscau', 'Caniapiscau', '09', 'mrc', NULL),
  ('la-haute-cote-nord', 'La Haute-Côte-Nord', '09', 'mrc', NULL),
  ('le-golfe-du-saint-laurent', 'Le Golfe-du-Saint-Laurent', '09', 'mrc', NULL),
  ('manicouagan', 'Manicouagan', '09', 'mrc', NULL),
  ('minganie', 'Minganie', '09', 'mrc', NULL),
  ('sept-rivieres', 'Sept-Rivières', '09', 'mrc', NULL),
  -- 10 Nord-du-Québec
  ('eeyou-istchee', 'Eeyou Istchee', '10', 'territoire-equivalent', NULL),
  ('jamesie', 'Jamésie', '10', 'territoire-equivalent', NULL),
  ('kativik', 'Kativik', '10', 'territoire-equivalent', NULL),
  -- 11 Gaspésie–Îles-de-la-Madeleine
  ('avignon', 'Avignon', '11', 'mrc', NULL),
  ('bonaventure', 'Bonaventure', '11', 'mrc', NULL),
  ('la-cote-de-gaspe', 'La Côte-de-Gaspé', '11', 'mrc', NULL),
  ('la-haute-gaspesie', 'La Haute-Gaspésie', '11', 'mrc', NULL),
  ('le-rocher-perce', 'Le Rocher-Percé', '11', 'mrc', NULL),
  ('les-iles-de-la-madeleine', 'Les Îles-de-la-Madeleine', '11', 'agglomeration', NULL),
  -- 12 Chaudière-Appalaches
  ('beauce-centre', 'Beauce-Centre', '12', 'mrc', NULL),
  ('beauce-sartigan', 'Beauce-Sartigan', '12', 'mrc', NULL),
  ('bellechasse', 'Bellechasse', '12', 'mrc', NULL),
  ('la-nouvelle-beauce', 'La Nouvelle-Beauce', '12', 'mrc', NULL),
  ('les-appalaches', 'Les Appalaches', '12', 'mrc', NULL),
  ('les-etchemins', 'Les Etchemins', '12', 'mrc', NULL),
  ('l-islet', 'L''Islet', '12', 'mrc', NULL),
  ('lotbiniere', 'Lotbinière', '12', 'mrc', NULL),
  ('montmagny', 'Montmagny', '12', 'mrc', NULL),
  ('levis', 'Lévis', '12', 'territoire-equivalent', NULL),
  -- 13 Laval
  ('laval', 'Laval', '13', 'territoire-equivalent', NULL),
  -- 14 Lanaudière
  ('d-autray', 'D''Autray', '14', 'mrc', NULL),
  ('joliette', 'Joliette', '14', 'mrc', NULL),
  ('l-assomption', 'L''Assomption', '14', 'mrc', NULL),
  ('les-moulins', 'Les Moulins', '14', 'mrc', NULL),
  ('matawinie', 'Matawinie', '14', 'mrc', NULL),
  ('montcalm', 'Montcalm', '14', 'mrc', NULL),
  -- 15 Laurentides
  ('antoine-labelle', 'Antoine-Labelle', '15', 'mrc', NULL),
  ('argenteuil', 'Argenteuil', '15', 'mrc', NULL),
  ('deux-montagnes', 'Deux-Montagnes', '15', 'mrc', NULL),
  ('la-riviere-du-nord', 'La Rivière-du-Nord', '15', 'mrc', NULL),
  ('les-laurentides', 'Les Laurentides', '15', 'mrc', NULL),
  ('les-pays-d-en-haut', 'Les Pays-d''en-Haut', '15', 'mrc', NULL),
  ('therese-de-blainville', 'Thérèse-De Blainville', '15', 'mrc', NULL),
  ('mirabel', 'Mirabel', '15', 'territoire-equivalent', NULL),
  -- 16 Montérégie
  ('acton', 'Acton', '16', 'mrc', NULL),
  ('beauharnois-salaberry', 'Beauharnois-Salaberry', '16', 'mrc', NULL),
  ('la-vallee-du-richelieu', 'La Vallée-du-Richelieu', '16', 'mrc', NULL),
  ('le-haut-richelieu', 'Le Haut-Richelieu', '16', 'mrc', NULL),
  ('le-haut-saint-laurent', 'Le Haut-Saint-Laurent', '16', 'mrc', NULL),
  ('les-jardins-de-napierville', 'Les Jardins-de-Napierville', '16', 'mrc', NULL),
  ('les-maskoutains', 'Les Maskoutains', '16', 'mrc', NULL),
  ('marguerite-d-youville', 'Marguerite-D''Youville', '16', 'mrc', NULL),
  ('pierre-de-saurel', 'Pierre-De Saurel', '16', 'mrc', NULL),
  ('roussillon', 'Roussillon', '16', 'mrc', NULL),
  ('rouville', 'Rouville', '16', 'mrc', NULL),
  ('vaudreuil-soulanges', 'Vaudreuil-Soulanges', '16', 'mrc', NULL),
  ('longueuil', 'Longueuil', '16', 'agglomeration', NULL),
  -- 17 Centre-du-Québec
  ('arthabaska', 'Arthabaska', '17', 'mrc', NULL),
  ('becancour', 'Bécancour', '17', 'mrc', NULL),
  ('drummond', 'Drummond', '17', 'mrc', NULL),
  ('l-erable', 'L''Érable', '17', 'mrc', NULL),
  ('nicolet-yamaska', 'Nicolet-Yamaska', '17', 'mrc', NULL);
