// Words shared by every screen's errors (screens/common.jsx).
import { addWords } from '../i18n.js';

addWords({
  'err.locked': 'Refusé : l’exercice {fy} est soumis. Les données datées de cet exercice ne peuvent plus être modifiées tant que le Chantier ou l’administration de la plateforme ne l’a pas déverrouillé.',
  'err.locked.some': 'Refusé : l’exercice de cette date est soumis. Ses données ne peuvent plus être modifiées tant que le Chantier ou l’administration de la plateforme ne l’a pas déverrouillé.',
}, {
  'err.locked': 'Refused: fiscal year {fy} is submitted. Data dated in that year can no longer be changed until the Chantier or the platform administration unlocks it.',
  'err.locked.some': 'Refused: the fiscal year of this date is submitted. Its data can no longer be changed until the Chantier or the platform administration unlocks it.',
});
