// The few words printed on a badge, in the visitor's language (the badge is theirs to read).
import { DateTime } from 'luxon';
import type { Language } from '../../shared/domain';

const HOST: Record<Language, string> = { en: 'Host', es: 'Anfitrión', fr: 'Hôte', de: 'Gastgeber' };

export const hostLine = (hostName: string | null, language: Language): string | null =>
  hostName ? `${HOST[language]}: ${hostName}` : null;

/** "22 Nov 2026" in the visitor's language and the site's time zone. */
export function dateLine(now: Date, timezone: string, language: Language): string {
  return DateTime.fromJSDate(now).setZone(timezone).setLocale(language).toLocaleString(DateTime.DATE_MED);
}

/** The date and time of a signature, for a signed copy. */
export function dateTimeText(now: Date, timezone: string, language: Language): string {
  return `${DateTime.fromJSDate(now).setZone(timezone).setLocale(language).toLocaleString(DateTime.DATETIME_MED)} (${timezone})`;
}
