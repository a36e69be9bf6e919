// Timed jobs of the station: the automatic check-out at the site's configured time, marking the passes
// it issued as expired once their validity ends (hourly), and the nightly retention job (anonymising
// visits older than the site's retention period, then compacting the database file). They run as the
// station itself through the dispatcher, so they are validated and audited like any other change. A
// station that was off at check-out time catches up when it starts (it checks out whoever arrived before
// the missed time); one that was off at night runs retention when it starts. They run on station time
// (src/main/core/clock.ts): a station whose clock is days ahead must not check out or anonymise by it. An
// enrolled station starts them once its first exchange with the server has told it its clock's offset (or
// after CLOCK_WAIT_MS without one), and plans again when the offset moves station time.
import { stationsRepo, sitesRepo } from '../db/repos/sites';
import { passesRepo } from '../db/repos/passes';
import { visitsRepo } from '../db/repos/visits';
import { latestCutoff, privacyRepo } from '../db/repos/privacy';
import { settingsRepo } from '../db/repos/settings';
import {
  nextRetentionRun,
  retentionCutoffs,
  retentionElsewhere,
  RETENTION_LAST_RUN_KEY,
  RETENTION_TIME,
  type RetentionRun,
} from './privacy/anonymise';
import { retainAll } from './privacy/retention-job';
import { STATION_CALLER, type StationCore } from './core/context';
import type { Dispatcher } from './core/dispatcher';
import { lastCheckOutDue, nextCheckOutDue, siteSettings } from './core/site';
import { stationTime } from './core/clock';

/** How long an enrolled station waits at start for its clock's offset before its jobs run on the raw clock. */
export const CLOCK_WAIT_MS = 15_000;

export { lastCheckOutDue, nextCheckOutDue };

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

  /** Runs retention in batches if it is due here, then compacts the file; returns when it is due next. */
  async function retainIfDue(site: { id: string; timezone: string }, now: Date): Promise<Date | null> {
    if (stopped) return null; // the station closed while the jobs before this one ran
    const next = nextRetentionRun(core.db, now, site.timezone);
    if (next > now) return next;
    const run: RetentionRun = { at: now.toISOString(), anonymisedVisits: 0, anonymisedVisitors: 0 };
    try {
      const cutoffs = retentionCutoffs(core.db, now, site.id, siteSettings(core.db, site.id).retentionDays);
      // A kiosk or gate anonymises only what a desk's ops tell it to, and compacts its file after.
      const due =
        !retentionElsewhere(core) &&
        privacyRepo.dueVisits(core.db, site.id, cutoffs, 1).ids.length +
          privacyRepo.dueVisitors(core.db, latestCutoff(cutoffs), 1).length >
          0;
      if (due) Object.assign(run, await retainAll(core, dispatcher, () => stopped));
      // What was removed must not stay in free pages, the WAL or the search index.
      if (privacyRepo.compactDue(core.db)) privacyRepo.compact(core.db, run.at);
      settingsRepo.set(core.db, 'station', RETENTION_LAST_RUN_KEY, run, run.at);
    } catch (error) {
      log('The retention job failed; it will be tried again within the hour.', error);
      return new Date(now.getTime() + 60 * 60_000);
    }
    return nextCheckOutDue(now, site.timezone, RETENTION_TIME);
  }

  async function reschedule(): Promise<void> {
    clearTimeout(timer);
    if (stopped) return;
    const siteId = stationsRepo.get(core.db, core.stationId)?.siteId;
    const site = siteId ? sitesRepo.get(core.db, siteId) : undefined;
    if (!site) return;
    const now = stationTime(core);
    await expireOverduePasses(now);
    const nextCheckOut = await checkOutIfDue(site, now);
    const nextRetention = await retainIfDue(site, now);
    if (stopped) return;
    // Timers cannot wait longer than ~24.8 days, and the wall clock may be corrected: re-check hourly.
    const wait = Math.min(
      ...[nextCheckOut, nextRetention].map((next) => (next ? next.getTime() - now.getTime() : Infinity)),
      60 * 60_000,
    );
    timer = setTimeout(() => void reschedule(), Math.max(wait, 1000));
    timer.unref();
  }

  const onEvent = (e: { event: string }) => {
    if (e.event === 'settings.changed' || e.event === 'station.changed') void reschedule();
  };
  core.events.on('event', onEvent);
  const offClock = core.clock.onChange(() => void reschedule());
  if (core.sync.enrolled() && core.clock.correcting && !core.clock.estimated) {
    // The raw clock may be days off (a dead RTC battery): wait for the first exchange (onChange above).
    timer = setTimeout(() => void reschedule(), CLOCK_WAIT_MS);
    timer.unref();
  } else void reschedule();
  return {
    reschedule,
    stop() {
      stopped = true;
      clearTimeout(timer);
      core.events.off('event', onEvent);
      offClock();
    },
  };
}
