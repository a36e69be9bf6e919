// The few words printed on a badge, in the visitor's language (the badge is theirs to read).
import { formatDate, formatDateTime, type DateContext } from '../../shared/datetime';
import type { Language } from '../../shared/domain';

const HOST: Record<Language, string> = { en: 'Host', es: 'Anfitrión', fr: 'Hôte', de: 'Gastgeber' };

export const hostLine = (hostName: string | null, language: Language): string | null =>
  hostName ? `${HOST[language]}: ${hostName}` : null;

/** "8 Dec 2026" at an en-GB site (siteDateContext: the site's locale and time zone, the visitor's words). */
export function dateLine(now: Date, dates: DateContext): string {
  return formatDate(now, dates, 'medium');
}

/** The date and time of a signature, for a signed copy: "8 Dec 2026, 09:30 (Europe/London)". */
export function dateTimeText(now: Date, dates: DateContext): string {
  return `${formatDateTime(now, dates, 'medium')} (${dates.timeZone ?? 'UTC'})`;
}
