// The Événements screen's calendar (screens/EventsCalendar.jsx).
import { addWords } from '../i18n.js';

addWords({
  'cal.title': 'Calendrier',
  'cal.prev': 'Mois précédent',
  'cal.next': 'Mois suivant',
  'cal.count': '{n} événement(s)',
  'cal.hint': 'Flèches : jour ou semaine voisins ; Début et Fin : début et fin de la semaine ; Page précédente et Page suivante : mois voisins de l’exercice.',
}, {
  'cal.title': 'Calendar',
  'cal.prev': 'Previous month',
  'cal.next': 'Next month',
  'cal.count': '{n} event(s)',
  'cal.hint': 'Arrows: the next or previous day or week; Home and End: the week’s start and end; Page Up and Page Down: the fiscal year’s other months.',
});
