// Timed jobs of the station: the automatic check-out at the site's configured time, and marking the passes
// it issued as expired once their validity ends (hourly). They run as the station itself through the
// dispatcher, so they are validated and audited like any other change. A station that was off at check-out
// time catches up when it starts (it checks out whoever arrived before the missed time).
import { DateTime } from 'luxon';
import { stationsRepo, sitesRepo } from '../db/repos/sites';
import { passesRepo } from '../db/repos/passes';
import { visitsRepo } from '../db/repos/visits';
import { STATION_CALLER, type StationCore } from './core/context';
import type { Dispatcher } from './core/dispatcher';
import { siteSettings } from './core/site';

/** The most recent time at or before `now` when the daily check-out was due, in the site's time zone. */
export function lastCheckOutDue(now: Date, timezone: string, timeOfDay: string): Date {
  const [hour, minute] = timeOfDay.split(':').map(Number);
  const local = DateTime.fromJSDate(now).setZone(timezone);
  let due = local.set({ hour, minute, second: 0, millisecond: 0 });
  if (due > local) due = due.minus({ days: 1 });
  return due.toJSDate();
}

/** The next time after `now` the daily check-out is due. */
export function nextCheckOutDue(now: Date, timezone: string, timeOfDay: string): Date {
  const last = DateTime.fromJSDate(lastCheckOutDue(now, timezone, timeOfDay)).setZone(timezone);
  return last.plus({ days: 1 }).toJSDate();
}

export interface Scheduler {
  /** Runs what is due now and plans the next run (also called when settings change). */
  reschedule(): Promise<void>;
  stop(): void;
}

export function startScheduler(core: StationCore, dispatcher: Dispatcher, log = console.error): Scheduler {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  async function checkOutIfDue(site: { id: string; timezone: string }, now: Date): Promise<Date | null> {
    const { autoCheckOutTime } = siteSettings(core.db, site.id);
    if (!autoCheckOutTime) return null;
    try {
      const due = lastCheckOutDue(now, site.timezone, autoCheckOutTime).toISOString();
      if (visitsRepo.onSiteSince(core.db, site.id, due).length > 0) {
        await dispatcher.call('visits.autoCheckOut', { checkedInBefore: due }, STATION_CALLER);
      }
    } catch (error) {
      log('Automatic check-out failed; it will be tried again at the next due time.', error);
    }
    return nextCheckOutDue(now, site.timezone, autoCheckOutTime);
  }

  async function expireOverduePasses(now: Date): Promise<void> {
    try {
      if (passesRepo.overdue(core.db, core.stationId, now.toISOString(), 1).length === 0) return;
      // In batches, so a station back after weeks off never holds the database for long.
      for (let more = true; more && !stopped;) {
        const batch = (await dispatcher.call('passes.expireOverdue', {}, STATION_CALLER)) as {
          more: boolean;
        };
        more = batch.more;
      }
    } catch (error) {
      log('Expiring overdue passes failed; it will be tried again within the hour.', error);
    }
  }

  async function reschedule(): Promise<void> {
    clearTimeout(timer);
    if (stopped) return;
    const siteId = stationsRepo.get(core.db, core.stationId)?.siteId;
    const site = siteId ? sitesRepo.get(core.db, siteId) : undefined;
    if (!site) return;
    const now = core.now();
    await expireOverduePasses(now);
    const nextCheckOut = await checkOutIfDue(site, now);
    // Timers cannot wait longer than ~24.8 days, and the wall clock may be corrected: re-check hourly.
    const wait = Math.min(nextCheckOut ? nextCheckOut.getTime() - now.getTime() : Infinity, 60 * 60_000);
    timer = setTimeout(() => void reschedule(), Math.max(wait, 1000));
    timer.unref();
  }

  const onEvent = (e: { event: string }) => {
    if (e.event === 'settings.changed' || e.event === 'station.changed') void reschedule();
  };
  core.events.on('event', onEvent);
  void reschedule();
  return {
    reschedule,
    stop() {
      stopped = true;
      clearTimeout(timer);
      core.events.off('event', onEvent);
    },
  };
}
