// A CSV file of organisations as the rows DirectoriesService's
// ImportOrganisations takes (OrganisationRow: the line where the record
// starts, 1 being the header, and the cells of the columns present), read
// with papaparse (either separator, quoted cells over several lines). The
// headers are matched as polesctl matches them: the aliases of
// services/directories/organisation_import.cc's ImportColumns(), compared
// lowercased, without accents, words joined by '_'.
import Papa from 'papaparse';

const COLUMNS = {
  display_name: ['nom', 'name', 'display_name', 'nom_de_l_organisation', 'nom_de_l_entreprise', 'raison_sociale', 'organisation', 'entreprise'],
  kind: ['type', 'kind', 'categorie'],
  legal_form: ['forme_juridique', 'forme', 'legal_form', 'statut_juridique'],
  neq: ['neq', 'numero_d_entreprise_du_quebec', 'numero_d_entreprise'],
  sector: ['secteur', 'sector', 'secteur_d_activite', 'secteur_d_activites'],
  mrc: ['mrc', 'territoire', 'mrc_territoire'],
  municipality: ['municipalite', 'municipality', 'ville'],
  employees: ['employes', 'employees', 'nombre_d_employes', 'nb_employes'],
  year_founded: ['annee_fondation', 'annee_de_fondation', 'fondation', 'year_founded'],
  member: ['membre', 'member', 'membre_du_pole'],
  address: ['adresse', 'address'],
  phone: ['telephone', 'phone', 'tel'],
  email: ['courriel', 'email', 'adresse_courriel', 'e_mail'],
  website: ['site_web', 'website', 'site', 'site_internet'],
  description: ['description', 'mission'],
};
const JSON_NAME = {
  display_name: 'displayName', legal_form: 'legalForm', year_founded: 'yearFounded',
};

export function underscored(header) {
  return header.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase()
    .replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
}

export function fieldOf(header) {
  const key = underscored(header);
  for (const [field, aliases] of Object.entries(COLUMNS)) {
    if (key === field || aliases.includes(key)) return field;
  }
  return '';
}

// The file's text: UTF-8, else Windows-1252 (Excel's "CSV" on Windows).
export async function readText(file) {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let text = new TextDecoder('utf-8').decode(bytes);
  if (text.includes('\uFFFD')) text = new TextDecoder('windows-1252').decode(bytes);
  return text.replace(/^\uFEFF/, '');
}

// {rows, columnOf(field), problems: [{line, column, description}]}: the
// local problems are the ones the server cannot see (no name column, a
// record with more cells than the header, a CSV syntax error).
export function parseOrganisations(text) {
  const records = [];
  const problems = [];
  let previousCursor = 0;
  Papa.parse(text, {
    skipEmptyLines: false,
    step: (result) => {
      const start = previousCursor;
      previousCursor = result.meta.cursor;
      let line = 1;
      for (let i = 0; i < start; i += 1) if (text.charCodeAt(i) === 10) line += 1;
      // A record starting right after a newline counts from there.
      records.push({ line, cells: result.data, errors: result.errors });
    },
  });
  const header = records.shift();
  const columns = header ? header.cells.map((h) => fieldOf(String(h))) : [];
  const headerOf = {};
  columns.forEach((f, i) => { if (f && !(f in headerOf)) headerOf[f] = String(header.cells[i]).trim(); });
  const columnOf = (field) => headerOf[field === 'membership' ? 'member' : field] || field;
  if (!header || !columns.includes('display_name')) {
    problems.push({ line: 1, column: '', description: 'il manque la colonne du nom (« nom »)' });
    return { rows: [], columnOf, problems };
  }
  const present = [...new Set(columns.filter(Boolean))];
  const rows = [];
  for (const record of records) {
    if (record.cells.every((c) => String(c).trim() === '')) continue;
    if (record.cells.length > columns.length) {
      problems.push({ line: record.line, column: '', description: `${record.cells.length} cellules pour ${columns.length} colonnes` });
      continue;
    }
    for (const e of record.errors) {
      if (e.code !== 'TooFewFields') problems.push({ line: record.line, column: '', description: e.message });
    }
    const row = { line: record.line, present };
    columns.forEach((field, i) => {
      if (field) row[JSON_NAME[field] || field] = String(record.cells[i] ?? '');
    });
    rows.push(row);
  }
  return { rows, columnOf, problems };
}

// The server's violations ("lines[3].legal_form") as {line, column, description}.
export function problemsOf(violations, columnOf) {
  return violations.map((v) => {
    const m = /^lines\[(\d+)\]\.([a-z_]+)/.exec(v.field);
    if (!m) return { line: '', column: v.field, description: v.description };
    return { line: Number(m[1]), column: columnOf(m[2]), description: v.description };
  });
}
