// Dates, times and names as the site writes them: every screen formats through useDates (the one
// formatter, src/shared/datetime.ts, with the site's locale and time zone, in the screen's language).
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import {
  formatCalendarDate,
  formatDate,
  formatDateTime,
  formatTime,
  localeFor,
  type DateContext,
  type DateStyle,
} from '../shared/datetime';
import { useStation } from './api/StationProvider';

/** The site's date context for the screen's language (the station's language before setup). */
export function useDateContext(): DateContext {
  const { i18n } = useTranslation();
  const { status } = useStation();
  const language = i18n.resolvedLanguage ?? 'en';
  const site = status.site;
  return useMemo(
    () =>
      site ? { locale: localeFor(site.locale, language), timeZone: site.timezone } : { locale: language },
    [site, language],
  );
}

type Moment = string | number | Date | null | undefined;

/** Formatting functions bound to the site's locale and time zone; each gives '' for no moment. */
export function useDates() {
  const dates = useDateContext();
  return useMemo(
    () => ({
      context: dates,
      /** "08/12/2026" (short) or "8 Dec 2026" (medium, the default). */
      date: (m: Moment, style: DateStyle = 'medium') => (m == null ? '' : formatDate(m, dates, style)),
      /** "09:30" at a 24-hour site, "9:30 AM" at a 12-hour one. */
      time: (m: Moment, withSeconds = false) => (m == null ? '' : formatTime(m, dates, withSeconds)),
      /** "08/12/2026, 09:30". */
      dateTime: (m: Moment, style: DateStyle = 'short') => (m == null ? '' : formatDateTime(m, dates, style)),
      /** A calendar day given as YYYY-MM-DD, in the locale's order. */
      day: (date: string | null | undefined, style: DateStyle = 'medium') =>
        date ? formatCalendarDate(date, dates.locale, style) : '',
      /** The hour `hour` (site time) of a calendar day: "09:00" or "9:00 AM". */
      hourOf: (date: string, hour: number) =>
        formatTime(`${date}T${String(hour).padStart(2, '0')}:00:00Z`, {
          locale: dates.locale,
          timeZone: 'UTC',
        }),
    }),
    [dates],
  );
}

export { localName } from '../shared/text';
