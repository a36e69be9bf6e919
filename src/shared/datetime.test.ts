import { describe, expect, it } from 'vitest';
import {
  formatCalendarDate,
  formatDate,
  formatDateTime,
  formatTime,
  isKnownLocale,
  localeFor,
  siteLocale,
} from './datetime';

// 8 December 2026, 09:30 in London (UTC+0 in winter); 14:05 for the afternoon.
const morning = '2026-12-08T09:30:00Z';
const afternoon = '2026-12-08T14:05:00Z';
const london = (locale: string) => ({ locale, timeZone: 'Europe/London' });
// Intl puts narrow no-break spaces in some times ("9:30 AM"); compare with plain spaces.
const plain = (text: string) => text.replace(/[\u202f\u00a0]/g, ' ');

describe('the site date formatter', () => {
  it.each([
    ['en-GB', '08/12/2026', '8 Dec 2026', '09:30', '14:05'],
    ['en-US', '12/8/26', 'Dec 8, 2026', '9:30 AM', '2:05 PM'],
    ['de', '08.12.26', '08.12.2026', '09:30', '14:05'],
    ['fr', '08/12/2026', '8 déc. 2026', '09:30', '14:05'],
    ['es', '8/12/26', '8 dic 2026', '9:30', '14:05'],
  ])('%s: short %s, medium %s, times %s and %s', (locale, short, medium, am, pm) => {
    expect(formatDate(morning, london(locale), 'short')).toBe(short);
    expect(formatDate(morning, london(locale), 'medium')).toBe(medium);
    expect(plain(formatTime(morning, london(locale)))).toBe(am);
    expect(plain(formatTime(afternoon, london(locale)))).toBe(pm);
  });

  it('shows the moment in the site time zone, not the machine one', () => {
    // 23:30 UTC on the 8th is already the 9th at 00:30 in Berlin.
    expect(formatDateTime('2026-12-08T23:30:00Z', { locale: 'en-GB', timeZone: 'Europe/Berlin' })).toBe(
      '09/12/2026, 00:30',
    );
    expect(formatDateTime('2026-12-08T23:30:00Z', { locale: 'en-GB', timeZone: 'America/New_York' })).toBe(
      '08/12/2026, 18:30',
    );
  });

  it('keeps a calendar date on its day in any time zone', () => {
    expect(formatCalendarDate('2026-12-08', 'en-GB')).toBe('8 Dec 2026');
    expect(formatCalendarDate('2026-12-08', 'en-US', 'short')).toBe('12/8/26');
  });

  it('uses the screen language with the site region, and the site setting over its language', () => {
    expect(localeFor('en-GB', 'de')).toBe('de-GB');
    expect(localeFor('en-GB', 'en')).toBe('en-GB');
    expect(localeFor('fr', 'es')).toBe('es');
    expect(siteLocale('en-GB', 'en')).toBe('en-GB');
    expect(siteLocale(null, 'de')).toBe('de');
    expect(siteLocale('not a locale!', 'fr')).toBe('fr');
    expect(isKnownLocale('en-GB')).toBe(true);
    expect(isKnownLocale('xx-!!')).toBe(false);
  });
});
