// What a station tells the fleet about an update it has downloaded and not yet installed (docs/updates.md):
// the version, since when, and what it waits for. The updater installs on exactly the same test
// (installWait), so the fleet view never says "waiting for the quiet window" of a station that would
// install now, or the other way round.
import { DateTime } from 'luxon';
import { deskRepo } from '../../db/repos/desk';
import type { Db } from '../../db/open';
import { settingsRepo } from '../../db/repos/settings';
import { sitesRepo, stationsRepo } from '../../db/repos/sites';
import { compareVersions } from '../../shared/updates';
import type { PendingUpdate, UpdateRollbackReport, UpdateWait } from '../../shared/sync';
import { siteSettings } from '../core/site';

/** Whether `now` falls in the local window [start, end) of `timezone`; a window may span midnight. */
export function inQuietWindow(now: Date, timezone: string, window: { start: string; end: string }): boolean {
  const local = DateTime.fromJSDate(now).setZone(timezone).toFormat('HH:mm');
  return window.start < window.end
    ? local >= window.start && local < window.end
    : local >= window.start || local < window.end;
}

/** The station setting the updater keeps its state in (./updater.ts is its one writer). */
export const UPDATE_STATE_KEY = 'update.state';

/**
 * What keeps a downloaded release from being installed at `now`: outside the site's quiet window, or a
 * visitor on site; null when it may be installed now. Undefined when the station has no site yet.
 */
export function installWait(
  db: Db,
  stationId: string,
  now: Date,
): { wait: UpdateWait | null; window: { start: string; end: string } } | undefined {
  const siteId = stationsRepo.get(db, stationId)?.siteId;
  const site = siteId ? sitesRepo.get(db, siteId) : undefined;
  if (!site) return undefined;
  const { updateWindow } = siteSettings(db, site.id);
  if (!inQuietWindow(now, site.timezone, updateWindow)) return { wait: 'quiet_window', window: updateWindow };
  if (deskRepo.countOnSite(db, site.id) > 0) return { wait: 'visitors_on_site', window: updateWindow };
  return { wait: null, window: updateWindow };
}

/** The downloaded release this station waits to install, newer than the running version; else null. */
export function pendingUpdate(db: Db, stationId: string, running: string, now: Date): PendingUpdate | null {
  const state = settingsRepo.get<{ phase: string; version?: string; downloadedAt?: string }>(
    db,
    'station',
    UPDATE_STATE_KEY,
  );
  if (state?.phase !== 'downloaded' || !state.version || !state.downloadedAt) return null;
  if (compareVersions(state.version, running) <= 0) return null;
  return {
    version: state.version,
    since: state.downloadedAt,
    waitingFor: installWait(db, stationId, now)?.wait ?? 'next_check',
  };
}

/** The last rollback the updater recorded (kept until the next install), for the fleet view; else null. */
export function updateRollback(db: Db): UpdateRollbackReport | null {
  const state = settingsRepo.get<{ phase: string; rollback?: UpdateRollbackReport }>(
    db,
    'station',
    UPDATE_STATE_KEY,
  );
  return state?.phase === 'idle' && state.rollback ? state.rollback : null;
}
