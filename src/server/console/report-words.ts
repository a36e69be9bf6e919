// The words of the console's report PDF, per language (the server writes the file, not the page).
import type { FleetExceptionKind } from '../../shared/console-report';
import type { Language } from '../../shared/domain';
import type { GateRefusalReason } from '../../shared/api/gate';

/** Why a gate refused a pass, or `override`: a guard let the holder through. */
export type GateReasonWord = GateRefusalReason | 'override';

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
  /** An overstay's detail, from its minutes. */
  overstayMinutes: string;
  /** A gate exception's detail, from its reason code (the console page's words, src/console/locales). */
  reasons: Record<GateReasonWord, string>;
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
    overstayMinutes: '{minutes} min past the pass',
    reasons: {
      not_a_pass: 'Not a pass',
      malformed: 'Unreadable code',
      unknown_key: 'Pass of an unknown station',
      retired_key: 'Pass of a retired station',
      bad_signature: 'Forged or altered pass',
      wrong_site: 'Pass of another site',
      beyond_signer: 'Pass its station may not issue',
      not_yet_valid: 'Not valid yet',
      expired: 'Expired',
      wrong_zone: 'Wrong zone',
      revoked: 'Cancelled',
      used: 'Already used',
      anti_passback: 'Already inside (anti-passback)',
      watchlist_deny: 'Watchlist: deny',
      visit_not_on_site: 'Visit not open',
      check_in_first: 'Not checked in yet',
      override: 'Let through by a guard',
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
    overstayMinutes: '{minutes} min después del pase',
    reasons: {
      not_a_pass: 'No es un pase',
      malformed: 'Código ilegible',
      unknown_key: 'Pase de una estación desconocida',
      retired_key: 'Pase de una estación retirada',
      bad_signature: 'Pase falsificado o alterado',
      wrong_site: 'Pase de otra sede',
      beyond_signer: 'Pase que su estación no puede emitir',
      not_yet_valid: 'Aún no válido',
      expired: 'Caducado',
      wrong_zone: 'Zona equivocada',
      revoked: 'Anulado',
      used: 'Ya utilizado',
      anti_passback: 'Ya dentro (antirretorno)',
      watchlist_deny: 'Lista de vigilancia: denegar',
      visit_not_on_site: 'Visita no abierta',
      check_in_first: 'Aún sin registrar la llegada',
      override: 'Dejado pasar por un vigilante',
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
    overstayMinutes: '{minutes} min après la fin du badge',
    reasons: {
      not_a_pass: 'Pas un badge',
      malformed: 'Code illisible',
      unknown_key: 'Badge d’une station inconnue',
      retired_key: 'Badge d’une station retirée',
      bad_signature: 'Badge falsifié ou modifié',
      wrong_site: 'Badge d’un autre site',
      beyond_signer: 'Badge que sa station ne peut pas émettre',
      not_yet_valid: 'Pas encore valide',
      expired: 'Expiré',
      wrong_zone: 'Mauvaise zone',
      revoked: 'Annulé',
      used: 'Déjà utilisé',
      anti_passback: 'Déjà à l’intérieur (anti-retour)',
      watchlist_deny: 'Liste de surveillance : refuser',
      visit_not_on_site: 'Visite non ouverte',
      check_in_first: 'Arrivée pas encore enregistrée',
      override: 'Laissé passer par un agent',
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
    overstayMinutes: '{minutes} Min. nach Ablauf des Ausweises',
    reasons: {
      not_a_pass: 'Kein Ausweis',
      malformed: 'Unlesbarer Code',
      unknown_key: 'Ausweis einer unbekannten Station',
      retired_key: 'Ausweis einer stillgelegten Station',
      bad_signature: 'Gefälschter oder veränderter Ausweis',
      wrong_site: 'Ausweis eines anderen Standorts',
      beyond_signer: 'Ausweis, den seine Station nicht ausstellen darf',
      not_yet_valid: 'Noch nicht gültig',
      expired: 'Abgelaufen',
      wrong_zone: 'Falsche Zone',
      revoked: 'Storniert',
      used: 'Bereits benutzt',
      anti_passback: 'Bereits drinnen (Anti-Passback)',
      watchlist_deny: 'Beobachtungsliste: abweisen',
      visit_not_on_site: 'Besuch nicht offen',
      check_in_first: 'Noch nicht eingecheckt',
      override: 'Von einer Wache durchgelassen',
    },
  },
};
