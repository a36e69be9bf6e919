import { sitesRepo, stationsRepo, type SiteRow } from '../../db/repos/sites';
import type { StationStatus } from '../../shared/api/station';
import { LANGUAGES, type Language } from '../../shared/domain';
import { ApiError } from '../../shared/errors';
import { defineHandlers, type CallContext, type StationCore } from '../core/context';

export function stationStatus(station: StationCore): StationStatus {
  const { db } = station;
  const row = stationsRepo.get(db, station.stationId);
  if (!row) throw new Error('station row missing');
  const site = row.siteId ? sitesRepo.get(db, row.siteId) : undefined;
  return {
    configured: Boolean(row.kind && site),
    station: { id: row.id, name: row.name, kind: row.kind ?? null, language: row.language as Language },
    site: site ? siteView(site) : null,
    sites: sitesRepo.list(db).map((s) => ({ id: s.id, name: s.name })),
    languages: [...LANGUAGES],
  };
}

const siteView = (s: SiteRow) => ({
  id: s.id,
  name: s.name,
  timezone: s.timezone,
  defaultLanguage: s.defaultLanguage as Language,
});

/** The site this station serves; methods that need one refuse plainly until setup is done. */
export function requireSite(ctx: CallContext): SiteRow {
  const { db, stationId } = ctx.station;
  const siteId = stationsRepo.get(db, stationId)?.siteId;
  const site = siteId ? sitesRepo.get(db, siteId) : undefined;
  if (!site) throw new ApiError('not_configured', 'This station has not been set up yet.');
  return site;
}

export const stationHandlers = defineHandlers({
  'station.status': (_input, ctx) => stationStatus(ctx.station),

  'station.configure': (input, ctx) => {
    const { db, stationId } = ctx.station;
    // Anyone may do the first-run setup at the screen; afterwards only an admin may change it.
    if (stationStatus(ctx.station).configured && ctx.caller.role !== 'admin') {
      throw new ApiError('forbidden', 'This station is already set up; an admin must sign in to change it.');
    }
    if (!sitesRepo.get(db, input.siteId)) {
      throw new ApiError('invalid_input', 'That site does not exist.', {
        siteId: { code: 'invalid_value', message: 'Unknown site.' },
      });
    }
    stationsRepo.update(db, stationId, {
      kind: input.kind,
      siteId: input.siteId,
      language: input.language,
      ...(input.name ? { name: input.name } : {}),
      updatedAt: ctx.nowIso,
    });
    ctx.emit('station.changed', { configured: true });
    return stationStatus(ctx.station);
  },
});
