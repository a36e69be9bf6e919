// The site this station serves and its settings: the helpers every area needs (which site, its zones,
// its settings with defaults, its capacity, its local date). Below every area, above only src/db.
import { DateTime } from 'luxon';
import { deskRepo } from '../../db/repos/desk';
import { SITE_SETTINGS_KEY, settingsRepo } from '../../db/repos/settings';
import { sitesRepo, stationsRepo, zonesRepo, type SiteRow } from '../../db/repos/sites';
import type { Db } from '../../db/open';
import type { StationStatus } from '../../shared/api/station';
import { LANGUAGES, type Language } from '../../shared/domain';
import { localeFor, siteLocale, type DateContext } from '../../shared/datetime';
import { ApiError } from '../../shared/errors';
import { readStoredSettings, type SiteSettings } from '../../shared/settings';
import type { CallContext, StationCore } from './context';

export { SITE_SETTINGS_KEY } from '../../db/repos/settings';

export function stationStatus(station: StationCore): StationStatus {
  const { db } = station;
  const row = stationsRepo.get(db, station.stationId);
  if (!row) throw new Error('station row missing');
  const site = row.siteId ? sitesRepo.get(db, row.siteId) : undefined;
  return {
    configured: Boolean(row.kind && site),
    station: { id: row.id, name: row.name, kind: row.kind ?? null, language: row.language as Language },
    site: site ? siteView(site, siteDateLocale(db, site)) : null,
    sites: sitesRepo.list(db).map((s) => ({ id: s.id, name: s.name })),
    languages: [...LANGUAGES],
  };
}

const siteView = (s: SiteRow, locale: string) => ({
  id: s.id,
  name: s.name,
  timezone: s.timezone,
  defaultLanguage: s.defaultLanguage as Language,
  locale,
});

/** How dates and times are written at the site ("en-GB"): its locale setting, else its language. */
export function siteDateLocale(db: Db, site: SiteRow): string {
  return siteLocale(siteSettings(db, site.id).locale, site.defaultLanguage);
}

/** The site's locale and time zone for dates on screens, badges and PDFs, in `language`'s words if given. */
export function siteDateContext(db: Db, site: SiteRow, language?: string): DateContext {
  return { locale: localeFor(siteDateLocale(db, site), language), timeZone: site.timezone };
}

/** The site this station serves; methods that need one refuse plainly until setup is done. */
export function requireSite(ctx: CallContext): SiteRow {
  const { db, stationId } = ctx.station;
  const siteId = stationsRepo.get(db, stationId)?.siteId;
  const site = siteId ? sitesRepo.get(db, siteId) : undefined;
  if (!site) throw new ApiError('not_configured', 'This station has not been set up yet.');
  return site;
}

/** A site's zones by name (for zone limits, gates and the admin screens). */
export function siteZones(db: Db, siteId: string): { id: string; name: string }[] {
  return zonesRepo.list(db, siteId);
}

/** A site's settings with defaults for everything not set. */
export function siteSettings(db: Db, siteId: string): SiteSettings {
  return readStoredSettings(
    settingsRepo.get<Record<string, unknown>>(db, `site:${siteId}`, SITE_SETTINGS_KEY) ?? {},
  );
}

/** The site's local date today, YYYY-MM-DD. */
export function siteToday(site: SiteRow, now: Date): string {
  return DateTime.fromJSDate(now).setZone(site.timezone).toISODate() ?? '';
}

/**
 * Refuses a check-in that would take the site, or one of its zones with a limit, over its capacity,
 * unless the desk approved it (overCapacity, recorded in the audit entry). A check-in opens every zone,
 * so every zone limit applies.
 */
export function assertCapacity(ctx: CallContext, siteId: string, overCapacityApproved: boolean): void {
  const { capacity, zoneCapacities } = siteSettings(ctx.station.db, siteId);
  const onSite = capacity === null ? 0 : deskRepo.countOnSite(ctx.station.db, siteId);
  const siteFull = capacity !== null && onSite >= capacity ? { onSite, capacity } : null;
  const zonesFull = deskRepo
    .onSiteByZone(ctx.station.db, siteId, Object.keys(zoneCapacities))
    .map((zone) => ({ zone: zone.name, onSite: zone.onSite, capacity: zoneCapacities[zone.id]! }))
    .filter((zone) => zone.onSite >= zone.capacity);
  if (!siteFull && zonesFull.length === 0) return;
  if (overCapacityApproved) {
    ctx.auditDetails.overCapacity = { ...siteFull, ...(zonesFull.length ? { zones: zonesFull } : {}) };
    return;
  }
  const max = siteFull?.capacity ?? zonesFull[0]!.capacity;
  const where = siteFull ? 'The site is' : `The zone “${zonesFull[0]!.zone}” is`;
  throw new ApiError(
    'conflict',
    `${where} at its capacity of ${max} people; a check-in now needs the desk's approval.`,
    {
      capacity: {
        code: 'too_big',
        message: `At most ${max} people.`,
        params: siteFull ? { max } : { max, zone: zonesFull[0]!.zone },
      },
    },
  );
}

export { lastCheckOutDue, nextCheckOutDue } from '../../node/site-time';
