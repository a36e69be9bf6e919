// Dates and times as a site shows them: one formatter for every screen, badge, PDF and CSV preview, in
// the site's locale (its date order, 12 or 24 hours) and its time zone. The screen's language picks the
// words (month names) when it differs from the locale's language; the locale's region keeps the order.

/** Where and how to show a moment: a BCP 47 locale ("en-GB") and an IANA time zone ("Europe/London"). */
export interface DateContext {
  locale: string;
  timeZone?: string | undefined;
}

/** Is `tag` a locale this runtime can format dates in ("en-GB", "de", "fr-CA")? */
export function isKnownLocale(tag: string): boolean {
  try {
    return Intl.DateTimeFormat.supportedLocalesOf([tag]).length > 0 && new Intl.Locale(tag).language !== '';
  } catch {
    return false;
  }
}

/**
 * The locale to format in: the site's locale, or, when the screen is in another language, that language
 * with the site's region ("de" at an "en-GB" site: "de-GB", German words in British order).
 */
export function localeFor(siteLocale: string, screenLanguage?: string): string {
  if (!screenLanguage) return siteLocale;
  const site = new Intl.Locale(siteLocale);
  if (site.language === screenLanguage) return siteLocale;
  return site.region ? `${screenLanguage}-${site.region}` : screenLanguage;
}

/** The site's locale: its own setting, else its language ("en" reads as the language's default region). */
export function siteLocale(setting: string | null | undefined, defaultLanguage: string): string {
  return setting && isKnownLocale(setting) ? setting : defaultLanguage;
}

type Moment = Date | string | number;
const toDate = (moment: Moment) => (moment instanceof Date ? moment : new Date(moment));

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(ctx: DateContext, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = JSON.stringify([ctx.locale, ctx.timeZone, options]);
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(ctx.locale, {
      ...options,
      ...(ctx.timeZone ? { timeZone: ctx.timeZone } : {}),
    });
    formatters.set(key, f);
  }
  return f;
}

export type DateStyle = 'short' | 'medium' | 'long';

/** "08/12/2026" (short) or "8 Dec 2026" (medium) at an en-GB site. */
export function formatDate(moment: Moment, ctx: DateContext, style: DateStyle = 'medium'): string {
  return formatter(ctx, { dateStyle: style }).format(toDate(moment));
}

/** "09:30" at an en-GB site, "9:30 AM" at an en-US one; with seconds "09:30:15" (a lock's end). */
export function formatTime(moment: Moment, ctx: DateContext, withSeconds = false): string {
  return formatter(ctx, { timeStyle: withSeconds ? 'medium' : 'short' }).format(toDate(moment));
}

/** "08/12/2026, 09:30" (short) or "8 Dec 2026, 09:30" (medium) at an en-GB site. */
export function formatDateTime(moment: Moment, ctx: DateContext, style: DateStyle = 'short'): string {
  return formatter(ctx, { dateStyle: style, timeStyle: 'short' }).format(toDate(moment));
}

/**
 * A calendar date (YYYY-MM-DD, no time zone: a visit's day, a report's day) in the locale's order. Read
 * at noon UTC and shown in UTC, so no time zone moves it to another day.
 */
export function formatCalendarDate(date: string, locale: string, style: DateStyle = 'medium'): string {
  return formatDate(`${date}T12:00:00Z`, { locale, timeZone: 'UTC' }, style);
}
