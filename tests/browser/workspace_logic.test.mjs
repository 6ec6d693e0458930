// The workspace's pure logic under node (no browser): the CSV reading
// (line numbers as the service names them, headers matched as polesctl
// matches them, quoted cells over several lines), the server's violations
// as lines and columns, and the formats (French numbers, money and dates,
// Quebec's fiscal year, Montréal wall-clock times as instants).
//
//   node --test tests/browser/workspace_logic.test.mjs

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fieldOf, parseOrganisations, problemsOf } from '../../web/workspace/src/csv.js';
import { fiscalYearOf, formatDate, formatMoney, formatNumber, montrealInstant } from '../../web/workspace/src/format.js';

test('headers are matched with accents, case and spaces ignored', () => {
  assert.equal(fieldOf('Forme juridique'), 'legal_form');
  assert.equal(fieldOf('Année de fondation'), 'year_founded');
  assert.equal(fieldOf("Nom de l'entreprise"), 'display_name');
  assert.equal(fieldOf('MUNICIPALITÉ'), 'municipality');
  assert.equal(fieldOf('Couleur préférée'), '');
});

test('each row carries the line where its record starts, over quoted newlines', () => {
  const text = 'Nom;Forme juridique;Description\r\n' +
    'Coop Un;coopérative;"une mission\r\nsur deux lignes"\r\n' +
    '\r\n' +
    'OBNL Deux;OBNL;courte\r\n';
  const { rows, problems, columnOf } = parseOrganisations(text);
  assert.deepEqual(problems, []);
  assert.deepEqual(rows.map((r) => [r.line, r.displayName, r.legalForm]),
                   [[2, 'Coop Un', 'coopérative'], [5, 'OBNL Deux', 'OBNL']]);
  assert.deepEqual(rows[0].present, ['display_name', 'legal_form', 'description']);
  assert.equal(rows[0].description, 'une mission\r\nsur deux lignes');
  assert.equal(columnOf('legal_form'), 'Forme juridique');
  assert.equal(columnOf('membership'), 'membership');
});

test('a file without a name column, or a record with too many cells, is refused locally', () => {
  assert.equal(parseOrganisations('Forme;Secteur\nOBNL;x\n').problems[0].line, 1);
  const { problems } = parseOrganisations('Nom,Forme juridique\nA,OBNL,de trop\nB,OBNL\n');
  assert.deepEqual(problems.map((p) => p.line), [2]);
});

test('the service\'s violations become a line and the column as the file names it', () => {
  const { columnOf } = parseOrganisations('Nom;Forme juridique;Membre\nA;x;oui\n');
  assert.deepEqual(problemsOf([
    { field: 'lines[3].legal_form', description: 'is not a legal form' },
    { field: 'lines[5].membership.since', description: 'bad' },
    { field: 'rows', description: 'too many' },
  ], columnOf), [
    { line: 3, column: 'Forme juridique', description: 'is not a legal form' },
    { line: 5, column: 'Membre', description: 'bad' },
    { line: '', column: 'rows', description: 'too many' },
  ]);
});

test('French formats and Quebec\'s fiscal year', () => {
  const nbsp = /[\u00a0\u202f ]/g;
  assert.equal(formatNumber(1234).replace(nbsp, ' '), '1 234');
  assert.equal(formatMoney(123456).replace(nbsp, ' '), '1 234,56 $');
  assert.equal(formatDate('2019-03-31'), '31 mars 2019');
  assert.equal(fiscalYearOf(new Date('2018-03-31T12:00:00Z')), '2017-2018');
  assert.equal(fiscalYearOf(new Date('2018-04-01T12:00:00Z')), '2018-2019');
  // 1 April 03:30 UTC is 31 March 23:30 in Montréal (EDT): the year turns
  // on Montréal's date, not UTC's.
  assert.equal(fiscalYearOf(new Date('2018-04-01T03:30:00Z')), '2017-2018');
  // Wall-clock times in Montréal: EST in winter, EDT in summer.
  assert.equal(montrealInstant('2017-11-15', '08:00'), '2017-11-15T13:00:00.000Z');
  assert.equal(montrealInstant('2018-06-01', '08:00'), '2018-06-01T12:00:00.000Z');
});
