// startSync: runs the SyncEngine for a station against a sync server. It syncs soon after every local
// change, at once when the server nudges over its WebSocket, every pollMs otherwise, and backs off
// (exponentially, with jitter) while the server is away. One run at a time.
//
// A running station starts it through ./station.ts (attachSync) once it is enrolled.
import WebSocket from 'ws';
import { backoffDelay } from '../../shared/backoff';
import { SyncError, nudgeMessageSchema } from '../../shared/sync';
import type { StationEvent } from '../../shared/events';
import type { StationBase } from '../core/context';
import { SyncEngine, type SyncEngineOptions, type SyncRunResult } from './engine';
import { httpTransport } from './http';

export interface StartSyncOptions extends SyncEngineOptions {
  serverUrl: string;
  credential: string;
  pollMs?: number;
  /** Delay after a local change, so a burst of changes goes in one push. */
  debounceMs?: number;
  minBackoffMs?: number;
  maxBackoffMs?: number;
  /** Listen for nudges (default true). */
  nudges?: boolean;
  log?: (message: string) => void;
  /** How often the per-table checksums are compared with the server's (default 10 minutes). */
  checksumMs?: number;
  /** Told after every sync attempt, with the new status. */
  onStatus?: (status: SyncStatus) => void;
}

export interface SyncStatus {
  online: boolean;
  running: boolean;
  lastSyncAt: string | null;
  lastError: string | null;
  /** Server clock minus station clock, from the last push. */
  clockOffsetMs: number | null;
  serverHeadSeq: number | null;
}

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
  const engine = new SyncEngine(
    {
      db: core.db,
      stationId: core.stationId,
      now: core.now,
      onVisitsChanged: (visits) =>
        announce(visits.map((v) => ({ event: 'visit.changed', payload: v }) as const)),
      onSettingsChanged: (siteIds) =>
        announce(siteIds.map((siteId) => ({ event: 'settings.changed', payload: { siteId } }) as const)),
      // An account changed elsewhere (deactivated, new secret, new role): whoever is signed in as it here
      // signs in again, against what this station now knows.
      onStaffChanged: (userIds) => {
        for (const id of userIds) core.sessions.revokeUser(id);
      },
    },
    httpTransport({ serverUrl: options.serverUrl, credential: options.credential }),
    options,
  );
  const pollMs = options.pollMs ?? 30_000;
  const backoff = { base: options.minBackoffMs ?? 1_000, max: options.maxBackoffMs ?? 60_000 };
  const log = options.log ?? (() => {});
  const checksumMs = options.checksumMs ?? 10 * 60_000;
  let nextChecksum = 0; // the first good sync checks at once

  let stopped = false;
  let emitting = false;
  /** Tells screens what a sync changed; these events are not local changes, so they start no sync. */
  function announce(events: StationEvent[]) {
    emitting = true;
    try {
      for (const e of events) core.events.emit('event', e);
    } finally {
      emitting = false;
    }
  }
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<SyncRunResult | undefined> | undefined;
  let again = false;
  let failures = 0;
  const status: SyncStatus = {
    online: false,
    running: false,
    lastSyncAt: null,
    lastError: null,
    clockOffsetMs: null,
    serverHeadSeq: null,
  };

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
      .then((result) => {
        failures = 0;
        Object.assign(status, { online: true, lastSyncAt: core.now().toISOString(), lastError: null });
        schedule(pollMs);
        return result;
      })
      .catch((error: unknown) => {
        failures++;
        status.online = false;
        status.lastError = error instanceof Error ? error.message : String(error);
        if (error instanceof SyncError && (error.code === 'revoked' || error.code === 'unauthenticated')) {
          log(`sync stopped: ${status.lastError}`);
          return undefined; // a refused station waits for re-enrollment, it does not hammer the server
        }
        schedule(backoffDelay(failures - 1, { ...backoff, jitter: 0.5 }));
        const about = Math.round(backoffDelay(failures - 1, backoff) / 1000);
        log(`sync failed (${status.lastError}); next try in about ${about} s`);
        return undefined;
      })
      .finally(() => {
        Object.assign(status, {
          running: false,
          clockOffsetMs: engine.clockOffsetMs,
          serverHeadSeq: engine.serverHeadSeq,
        });
        running = undefined;
        options.onStatus?.({ ...status });
        if (again && !stopped) {
          again = false;
          schedule(0);
        }
      });
    return running;
  };

  // Local changes: push soon.
  const onEvent = (event: StationEvent) => {
    if (!emitting && event.event !== 'sync.changed') schedule(options.debounceMs ?? 200);
  };
  core.events.on('event', onEvent);
  const offEvents = () => core.events.off('event', onEvent);

  // Nudges: the server tells online stations to pull at once.
  let socket: WebSocket | undefined;
  let socketRetry: NodeJS.Timeout | undefined;
  const connect = () => {
    if (stopped || options.nudges === false) return;
    const url = new URL('/sync/nudge', options.serverUrl);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    socket = new WebSocket(url, { headers: { authorization: `Bearer ${options.credential}` } });
    socket.on('message', (data) => {
      let message: unknown;
      try {
        message = JSON.parse(String(data));
      } catch {
        return;
      }
      if (nudgeMessageSchema.safeParse(message).success) void run();
    });
    socket.on('error', () => undefined); // 'close' follows and retries
    socket.on('close', (code) => {
      if (stopped || code === 4403) return;
      // Paced by the sync's failures, not the socket's own: at the base delay while sync succeeds.
      socketRetry = setTimeout(connect, backoffDelay(Math.min(failures, 6), backoff));
    });
  };
  connect();
  schedule(0);

  return {
    engine,
    syncNow: () => run(),
    status: () => ({ ...status }),
    async stop() {
      stopped = true;
      clearTimeout(timer);
      clearTimeout(socketRetry);
      offEvents();
      socket?.close();
      await running;
    },
  };
}
