// Répertoire's export (screens/Directory.jsx).
import { addWords } from '../i18n.js';

addWords({
  'export.title': 'Exporter le répertoire',
  'export.lead': 'Les entreprises du territoire (champs publics), par MRC puis par nom, dans un fichier CSV qui s’ouvre tel quel dans Excel.',
  'export.semicolon': 'Séparer les champs par des points-virgules (Excel en français)',
  'export.download': 'Télécharger le répertoire (CSV)',
  'export.done': 'Fichier « {file} » téléchargé.',
}, {
  'export.title': 'Export the directory',
  'export.lead': 'The territory’s enterprises (public fields), by MRC then name, in a CSV file that opens as is in Excel.',
  'export.semicolon': 'Separate fields with semicolons (Excel in French)',
  'export.download': 'Download the directory (CSV)',
  'export.done': 'File “{file}” downloaded.',
});
