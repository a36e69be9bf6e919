// The words of the console's report PDF, per language (the server writes the file, not the page).
import type { FleetExceptionKind } from '../../shared/console-report';
import type { Language } from '../../shared/domain';

interface Words {
  title: string;
  subtitle: string;
  totals: string;
  days: string;
  dayLine: string;
  dayLineNoPeak: string;
  exceptionCounts: string;
  exceptions: string;
  none: string;
  kinds: Record<FleetExceptionKind, string>;
}

export const REPORT_WORDS: Record<Language, Words> = {
  en: {
    title: 'Report across sites',
    subtitle: '{from} – {to}',
    totals: '{visits} visits checked in · {exceptions} exceptions',
    days: 'Visits and peaks per site and day',
    dayLine: '{site} · {day}: {visits} visits, at most {peak} on site at once (from {hour})',
    dayLineNoPeak: '{site} · {day}: {visits} visits',
    exceptionCounts: 'Exceptions per site',
    exceptions: 'Exceptions',
    none: 'None.',
    kinds: {
      watchlist_hit: 'Watchlist hit',
      refused_scan: 'Refused scan',
      gate_override: 'Gate override',
      denied: 'Visit denied',
      overstay: 'Stayed past pass',
      incident: 'Incident',
    },
  },
  es: {
    title: 'Informe de todas las sedes',
    subtitle: '{from} – {to}',
    totals: '{visits} visitas registradas · {exceptions} excepciones',
    days: 'Visitas y picos por sede y día',
    dayLine: '{site} · {day}: {visits} visitas, como máximo {peak} a la vez en la sede (desde las {hour})',
    dayLineNoPeak: '{site} · {day}: {visits} visitas',
    exceptionCounts: 'Excepciones por sede',
    exceptions: 'Excepciones',
    none: 'Ninguna.',
    kinds: {
      watchlist_hit: 'Coincidencia en lista de vigilancia',
      refused_scan: 'Lectura rechazada',
      gate_override: 'Paso forzado en el torno',
      denied: 'Visita denegada',
      overstay: 'Permanencia tras el pase',
      incident: 'Incidente',
    },
  },
  fr: {
    title: 'Rapport de tous les sites',
    subtitle: '{from} – {to}',
    totals: '{visits} visites enregistrées · {exceptions} exceptions',
    days: 'Visites et pics par site et par jour',
    dayLine: '{site} · {day} : {visits} visites, au plus {peak} à la fois sur site (dès {hour})',
    dayLineNoPeak: '{site} · {day} : {visits} visites',
    exceptionCounts: 'Exceptions par site',
    exceptions: 'Exceptions',
    none: 'Aucune.',
    kinds: {
      watchlist_hit: 'Alerte liste de surveillance',
      refused_scan: 'Passage refusé',
      gate_override: 'Passage forcé au portique',
      denied: 'Visite refusée',
      overstay: 'Resté après la fin du badge',
      incident: 'Incident',
    },
  },
  de: {
    title: 'Bericht über alle Standorte',
    subtitle: '{from} – {to}',
    totals: '{visits} eingecheckte Besuche · {exceptions} Ausnahmen',
    days: 'Besuche und Spitzen je Standort und Tag',
    dayLine: '{site} · {day}: {visits} Besuche, höchstens {peak} gleichzeitig vor Ort (ab {hour})',
    dayLineNoPeak: '{site} · {day}: {visits} Besuche',
    exceptionCounts: 'Ausnahmen je Standort',
    exceptions: 'Ausnahmen',
    none: 'Keine.',
    kinds: {
      watchlist_hit: 'Treffer auf der Beobachtungsliste',
      refused_scan: 'Abgelehnter Scan',
      gate_override: 'Freigabe am Drehkreuz',
      denied: 'Besuch abgelehnt',
      overstay: 'Über den Ausweis hinaus geblieben',
      incident: 'Vorfall',
    },
  },
};
