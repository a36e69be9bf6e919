import { settingsRepo } from '../../db/repos/settings';
import { stationsRepo } from '../../db/repos/sites';
import { siteSettingsSchema, upgradeStoredSettings, type SiteSettings } from '../../shared/settings';
import { ApiError } from '../../shared/errors';
import { defineHandlers } from '../core/context';
import { recordChange } from '../core/outbox';
import { requireSite, SITE_SETTINGS_KEY, siteSettings, siteZones } from '../core/site';

export const settingsHandlers = defineHandlers({
  'settings.site': (_input, ctx) => siteSettings(ctx.station.db, requireSite(ctx).id),

  'settings.zones': (_input, ctx) => ({ zones: siteZones(ctx.station.db, requireSite(ctx).id) }),

  'settings.updateSite': (input, ctx) => {
    const site = requireSite(ctx);
    const { db } = ctx.station;
    // Site settings are central (src/shared/merge.ts): the server takes them from a desk only, so a kiosk or
    // gate that syncs refuses here rather than showing a change the next sync would undo.
    if (ctx.station.sync.enrolled() && stationsRepo.get(db, ctx.station.stationId)?.kind !== 'desk')
      throw new ApiError(
        'forbidden',
        'Site settings are changed at a desk of the site; this station receives them when it syncs.',
      );
    const unknownZone = Object.keys(input.zoneCapacities ?? {}).find(
      (zoneId) => !siteZones(db, site.id).some((zone) => zone.id === zoneId),
    );
    if (unknownZone)
      throw new ApiError('invalid_input', 'That zone does not exist at this site.', {
        [`zoneCapacities.${unknownZone}`]: { code: 'invalid_value', message: 'Unknown zone.' },
      });
    const stored = upgradeStoredSettings(
      settingsRepo.get<Partial<SiteSettings>>(db, `site:${site.id}`, SITE_SETTINGS_KEY) ?? {},
    );
    const next = siteSettingsSchema.parse({ ...stored, ...input });
    settingsRepo.set(db, `site:${site.id}`, SITE_SETTINGS_KEY, { ...stored, ...input }, ctx.nowIso);
    recordChange(ctx, 'site.settings', site.id, input);
    ctx.emit('settings.changed', { siteId: site.id });
    return next;
  },
});
