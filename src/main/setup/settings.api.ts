import { asc, eq } from 'drizzle-orm';
import { settingsRepo } from '../../db/repos/settings';
import { zones } from '../../db/schema';
import type { Db } from '../../db/open';
import { siteSettingsSchema, type SiteSettings } from '../../shared/settings';
import { ApiError } from '../../shared/errors';
import { defineHandlers } from '../core/context';
import { recordChange } from '../core/outbox';
import { requireSite } from './station.api';

const KEY = 'site';

/** A site's zones by name (for zone limits, gates and the admin screens). */
export function siteZones(db: Db, siteId: string): { id: string; name: string }[] {
  return db
    .select({ id: zones.id, name: zones.name })
    .from(zones)
    .where(eq(zones.siteId, siteId))
    .orderBy(asc(zones.name))
    .all();
}

/** A site's settings with defaults for everything not set. */
export function siteSettings(db: Db, siteId: string): SiteSettings {
  const stored = settingsRepo.get<Partial<SiteSettings>>(db, `site:${siteId}`, KEY) ?? {};
  // Stored values were valid when written; a value a newer release no longer accepts falls back to its default.
  const parsed = siteSettingsSchema.safeParse(stored);
  return parsed.success ? parsed.data : siteSettingsSchema.parse({});
}

export const settingsHandlers = defineHandlers({
  'settings.site': (_input, ctx) => siteSettings(ctx.station.db, requireSite(ctx).id),

  'settings.zones': (_input, ctx) => ({ zones: siteZones(ctx.station.db, requireSite(ctx).id) }),

  'settings.updateSite': (input, ctx) => {
    const site = requireSite(ctx);
    const { db } = ctx.station;
    const unknownZone = Object.keys(input.zoneCapacities ?? {}).find(
      (zoneId) => !siteZones(db, site.id).some((zone) => zone.id === zoneId),
    );
    if (unknownZone)
      throw new ApiError('invalid_input', 'That zone does not exist at this site.', {
        [`zoneCapacities.${unknownZone}`]: { code: 'invalid_value', message: 'Unknown zone.' },
      });
    const stored = settingsRepo.get<Partial<SiteSettings>>(db, `site:${site.id}`, KEY) ?? {};
    const next = siteSettingsSchema.parse({ ...stored, ...input });
    settingsRepo.set(db, `site:${site.id}`, KEY, { ...stored, ...input }, ctx.nowIso);
    recordChange(ctx, 'site.settings', site.id, input);
    ctx.emit('settings.changed', { siteId: site.id });
    return next;
  },
});
