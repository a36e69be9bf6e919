// startSync: runs the SyncEngine for a station against a sync server. It syncs soon after every commit
// that recorded outbox ops (onOpsRecorded, ../core/outbox.ts), at once when the server nudges over its
// WebSocket (the server nudges as soon as the socket opens, so a reconnect pulls at once), every pollMs
// otherwise, and retries with jittered exponential backoff when a sync fails. One run at a time.
//
// Recovery is fast on purpose (issue #21): while the server is unreachable (no HTTP answer at all) both
// the sync retry and the socket's reconnect stay under a low cap, so online stations see each other's
// writes within about 2 s of the server coming back. A server that answers with an error gets the long
// backoff (minBackoffMs..maxBackoffMs): it is up, and hammering it would not help.
//
// A running station starts it through ./station.ts (attachSync) once it is enrolled.
import { adoptServerIdNumberKey } from '../screening/id-numbers';
import WebSocket from 'ws';
import { backoffDelay } from '../../shared/backoff';
import { SYNC_PROTOCOL_VERSION, SyncError, nudgeMessageSchema, type StationHealth } from '../../shared/sync';
import type { StationBase } from '../core/context';
import { onOpsRecorded } from '../core/outbox';
import { dataDirOf, removeVisitFiles } from '../kiosk/files';
import { SyncEngine, type SyncEngineOptions, type SyncRunResult } from './engine';
import { httpTransport } from './http';

export interface StartSyncOptions extends SyncEngineOptions {
  serverUrl: string;
  credential: string;
  pollMs?: number;
  /** Delay after a commit that recorded ops, so a burst of changes goes in one push. */
  debounceMs?: number;
  /** Backoff after the server answered with an error (it is up but failing). */
  minBackoffMs?: number;
  maxBackoffMs?: number;
  /** Cap of the retry and of the nudge socket's reconnect while the server does not answer at all. */
  unreachableMaxMs?: number;
  /** Listen for nudges (default true). */
  nudges?: boolean;
  log?: (message: string) => void;
  /** How often the per-table checksums are compared with the server's (default 10 minutes). */
  checksumMs?: number;
  /** Told after every sync attempt, with the new status. */
  onStatus?: (status: SyncStatus) => void;
  /** What the station reports about itself after a good sync (the errors are added here). */
  health?: () => Omit<StationHealth, 'errors'>;
  /** Report health at least this often (default 5 minutes); sooner when it changed. */
  healthMs?: number;
  /** Told once the server has accepted a health report. */
  healthReported?: (health: StationHealth) => void;
}

export interface SyncStatus {
  online: boolean;
  running: boolean;
  lastSyncAt: string | null;
  lastError: string | null;
  /** Server clock minus station clock, estimated at the last exchange (recorded only). */
  clockOffsetMs: number | null;
  /** The round trip of the exchange that estimate comes from (its error is at most half of it). */
  clockRoundTripMs: number | null;
  /** The newest server sequence number this station has heard of (pull, push or nudge). */
  serverHeadSeq: number | null;
}

/** Retry delays while the server is unreachable: equal jitter, so the fleet spreads out on its return. */
const UNREACHABLE_BASE_MS = 100;
const UNREACHABLE_MAX_MS = 1_000;

/** Sync errors kept for the health report, newest first. */
const ERRORS_REPORTED = 10;

/** No HTTP answer at all (refused, reset, timed out): the server is away, not failing. */
const unreachable = (error: unknown) => !(error instanceof SyncError);

export interface SyncHandle {
  engine: SyncEngine;
  /** Runs a sync now (or waits for the one running) and returns its result. */
  syncNow(): Promise<SyncRunResult | undefined>;
  status(): SyncStatus;
  stop(): Promise<void>;
}

/** `station` is a running station (or anything holding its core). */
export function startSync(station: { core: StationBase }, options: StartSyncOptions): SyncHandle {
  const { core } = station;
  const transport = httpTransport({ serverUrl: options.serverUrl, credential: options.credential });
  const engine = new SyncEngine(
    {
      db: core.db,
      stationId: core.stationId,
      now: () => core.now(), // read at each call: a test may set core.now later
      onClockOffset: (offsetMs, at) => core.clock.observe(offsetMs, at), // station time (../core/clock.ts)
      onVisitsChanged: (visits) => {
        for (const v of visits) core.events.emit('event', { event: 'visit.changed', payload: v });
      },
      onIdNumberKey: (key) => adoptServerIdNumberKey(core.db, core.keys, key, core.now().toISOString()),
      onSettingsChanged: (siteIds) => {
        for (const siteId of siteIds)
          core.events.emit('event', { event: 'settings.changed', payload: { siteId } });
      },
      onIncidentsChanged: (incidentIds) => {
        for (const incidentId of incidentIds)
          core.events.emit('event', { event: 'incident.changed', payload: { incidentId } });
      },
      onHoldsChanged: (holdIds) => {
        for (const holdId of holdIds)
          core.events.emit('event', { event: 'legalHold.changed', payload: { holdId } });
      },
      // The site's shared device profile arrived or changed: devices pages offer it, and a station with no
      // devices of its own adopts it (src/main/hardware/profile.ts listens for this event).
      onDeviceProfileChanged: (siteIds) => {
        for (const siteId of siteIds)
          core.events.emit('event', { event: 'deviceProfile.changed', payload: { siteId } });
      },
      // An account changed elsewhere (deactivated, new secret, new role): whoever is signed in as it here
      // signs in again, against what this station now knows.
      onStaffChanged: (userIds) => {
        for (const id of userIds) core.sessions.revokeUser(id);
      },
      // Anonymised at another desk: the photos, signatures and PDFs this station kept of them go.
      onAnonymised: (visitIds, files) => removeVisitFiles(dataDirOf(core.db), visitIds, files),
    },
    transport,
    options,
  );
  const pollMs = options.pollMs ?? 30_000;
  const backoff = { base: options.minBackoffMs ?? 1_000, max: options.maxBackoffMs ?? 60_000 };
  const away = { base: UNREACHABLE_BASE_MS, max: options.unreachableMaxMs ?? UNREACHABLE_MAX_MS };
  const log = options.log ?? (() => {});
  const checksumMs = options.checksumMs ?? 10 * 60_000;
  let nextChecksum = 0; // the first good sync checks at once
  const healthMs = options.healthMs ?? 5 * 60_000;
  let nextHealth = 0;
  let lastHealth = '';
  const recentErrors: StationHealth['errors'] = [];

  /** After a good sync: tell the server how this station is, when due or when something changed. */
  let reporting = false;
  let synced = false;
  const reportHealth = async () => {
    if (!options.health || !transport.health || reporting) return;
    const health: StationHealth = { ...options.health(), errors: recentErrors };
    // Times move on every sync; only a change in the rest is news worth sending before the timer.
    const { lastSyncAt: _at, watchlistSyncedAt: _w, clockOffsetMs: _c, ...news } = health;
    const key = JSON.stringify(news);
    if (Date.now() < nextHealth && key === lastHealth) return;
    reporting = true;
    try {
      await transport.health({ protocolVersion: SYNC_PROTOCOL_VERSION, health });
      nextHealth = Date.now() + healthMs;
      lastHealth = key;
      options.healthReported?.(health);
    } catch (error) {
      // An older server has no /sync/health; the sync itself went well, so this is only logged.
      log(`health report failed: ${error instanceof Error ? error.message : String(error)}`);
      nextHealth = Date.now() + healthMs;
    } finally {
      reporting = false;
    }
  };

  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<SyncRunResult | undefined> | undefined;
  let again = false;
  let failures = 0;
  const status: Pick<SyncStatus, 'online' | 'running' | 'lastSyncAt' | 'lastError'> = {
    online: false,
    running: false,
    lastSyncAt: null,
    lastError: null,
  };
  const currentStatus = (): SyncStatus => ({
    ...status,
    clockOffsetMs: engine.clockOffsetMs,
    clockRoundTripMs: engine.clockRoundTripMs,
    serverHeadSeq:
      heardHeadSeq === null ? engine.serverHeadSeq : Math.max(heardHeadSeq, engine.serverHeadSeq ?? 0),
  });

  let timerDue = Infinity;
  /** Runs a sync in `ms`, unless one is already due sooner. */
  const schedule = (ms: number) => {
    if (stopped || Date.now() + ms >= timerDue) return;
    clearTimeout(timer);
    timerDue = Date.now() + ms;
    timer = setTimeout(() => {
      timerDue = Infinity;
      void run();
    }, ms);
  };

  const run = (): Promise<SyncRunResult | undefined> => {
    if (running) {
      again = true; // something changed while syncing: go once more right after
      return running;
    }
    status.running = true;
    running = engine
      .syncOnce()
      .then(async (result) => {
        if (Date.now() >= nextChecksum) {
          nextChecksum = Date.now() + checksumMs;
          const repaired = await engine.verify();
          if (repaired.length > 0) log(`sync repaired drift in ${repaired.join(', ')}`);
        }
        return result;
      })
      .then(async (result) => {
        failures = 0;
        Object.assign(status, { online: true, lastSyncAt: core.now().toISOString(), lastError: null });
        schedule(pollMs);
        synced = true;
        return result;
      })
      .catch((error: unknown) => {
        failures++;
        status.online = false;
        status.lastError = error instanceof Error ? error.message : String(error);
        recentErrors.unshift({ at: core.now().toISOString(), message: status.lastError.slice(0, 300) });
        recentErrors.splice(ERRORS_REPORTED);
        if (error instanceof SyncError && (error.code === 'revoked' || error.code === 'unauthenticated')) {
          log(`sync stopped: ${status.lastError}`);
          return undefined; // a refused station waits for re-enrollment, it does not hammer the server
        }
        const retry = unreachable(error) ? away : backoff;
        schedule(backoffDelay(failures - 1, { ...retry, jitter: 0.5 }));
        const about = Math.round(backoffDelay(failures - 1, retry) / 100) / 10;
        log(`sync failed (${status.lastError}); next try in about ${about} s`);
        return undefined;
      })
      .finally(() => {
        status.running = false;
        running = undefined;
        options.onStatus?.(currentStatus());
        // The health report follows the status it reports on, and never holds up the next sync.
        if (synced && !stopped) void reportHealth();
        synced = false;
        if (again && !stopped) {
          again = false;
          schedule(0);
        }
      });
    return running;
  };

  // New outbox ops: push soon. Other station events (a roll call, a print job) record none and wait.
  const offOps = onOpsRecorded(core, () => schedule(options.debounceMs ?? 200));

  // Nudges: the server tells online stations to pull at once, and once more as the socket opens.
  let socket: WebSocket | undefined;
  let socketRetry: NodeJS.Timeout | undefined;
  let reconnects = 0; // the socket's own failures in a row, not the sync's
  // The head named by this socket's nudges: a pull answered just before a nudge must not hide it. Only
  // within one connection, as a server restored from a backup comes back with a lower head.
  let heardHeadSeq: number | null = null;
  const connect = () => {
    if (stopped || options.nudges === false) return;
    const url = new URL('/sync/nudge', options.serverUrl);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    socket = new WebSocket(url, { headers: { authorization: `Bearer ${options.credential}` } });
    socket.on('open', () => {
      reconnects = 0;
      heardHeadSeq = null;
    });
    socket.on('message', (data) => {
      let message: unknown;
      try {
        message = JSON.parse(String(data));
      } catch {
        return;
      }
      const nudge = nudgeMessageSchema.safeParse(message);
      if (!nudge.success) return;
      heardHeadSeq = Math.max(heardHeadSeq ?? 0, nudge.data.serverHeadSeq);
      void run();
    });
    socket.on('error', () => undefined); // 'close' follows and retries
    socket.on('close', (code) => {
      // Refused (4401 unauthenticated, 4403 revoked): like the sync, wait for re-enrollment.
      if (stopped || code === 4401 || code === 4403) return;
      // Paced by the socket's own failures: a dropped socket (the server restarting) is back within the
      // low cap, and its opening nudge pulls at once, whatever the sync's retry timer says.
      socketRetry = setTimeout(connect, backoffDelay(reconnects++, { ...away, jitter: 0.5 }));
    });
  };
  connect();
  schedule(0);

  return {
    engine,
    syncNow: () => run(),
    status: currentStatus,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      clearTimeout(socketRetry);
      offOps();
      socket?.close();
      await running;
    },
  };
}
