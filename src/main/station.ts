// The station core: opens the data directory, migrates the database, makes sure this station has an
// identity, seeds the demo site when asked, and wires the dispatcher. Both transports (Electron IPC and
// the web host) and every test start here.
import { EventEmitter } from 'node:events';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import {
  stationKeyError,
  databaseState,
  encryptPlainDatabase,
  upgradeCipher,
  openDatabase,
  openReadOnly,
  type Db,
  type OpenOptions,
} from '../db/open';
import { newId } from '../shared/ids';
import { settingsRepo } from '../db/repos/settings';
import { sitesRepo, stationsRepo } from '../db/repos/sites';
import { appendAudit } from './core/audit';
import { createClient, type Client } from '../shared/client';
import type { StationEvent } from '../shared/events';
import type { Language, StationKind } from '../shared/domain';
import { STATION_CALLER, type Caller, type StationBase, type StationCore } from './core/context';
import { seedDemo } from './demo';
import { startGateScanner } from './gate/hardware-scans';
import { startProfileAdopter } from './hardware/profile';
import { startDecisionBridge } from './kiosk/bridge';
import { sealPlainVisitFiles } from './kiosk/files';
import { finishDataKeyRotation } from './privacy/key-rotation';
import { fileVault, StationKeys, type KeyVault } from './core/data-keys';
import { digestIfKeySettled } from './screening/id-numbers';
import { moveSyncCredentialToVault, syncServerSettings } from './sync/enroll';
import { loadOrCreateStationKey, type StationKey } from './core/keys';
import { currentWatchlist, screenIdNumbersWith } from './screening/service';
import { startScheduler, type Scheduler } from './scheduler';
import { StationSync, type StationSyncOptions } from './sync/station';
import { Dispatcher } from './core/dispatcher';
import { HardwareManager, type HardwareOptions } from './hardware/manager';
import { handlers } from './handlers';
import { SessionStore } from './core/sessions';
import { SignInGuard } from '../node/sign-in-guard';
import { VERSION } from './core/version';
import { StationClock } from './core/clock';
import { KioskExitSignal } from './core/kiosk-exit';

export interface StationOptions extends OpenOptions {
  dataDir: string;
  /** Seed the built-in demo site into an empty database. */
  demo?: boolean;
  /** Set this station up without the first-run screen (used by --kind on the command line and tests). */
  preset?: { kind: StationKind; siteId?: string; language?: Language };
  now?: () => Date;
  /**
   * Correct the clock by the offset estimated from the sync server (station time, src/main/core/clock.ts).
   * Default: yes, unless `now` is given — a test's own clock is the time it means (a test of station time
   * under an injected clock says true).
   */
  correctClock?: boolean;
  /** Devices and the print queue; `{ enabled: false }` opens nothing (tests that need no hardware). */
  hardware?: HardwareOptions;
  /** The sync client, started when the station is enrolled; `{ enabled: false }` never starts it. */
  sync?: StationSyncOptions;
  /** Where the keys kept outside the database live (default: owner-only files in <dataDir>/keys). */
  vault?: KeyVault;
  /**
   * false: keep the database a plain SQLite file, as before issue #15. Only for the benchmark that sets
   * encryption's cost beside it (bench/suites/cipher.ts); every station runs encrypted.
   */
  encryptDatabase?: boolean;
  /** Sign-in throttles other than the defaults (tests use small ones; src/node/sign-in-guard.ts). */
  signInLimits?: ConstructorParameters<typeof SignInGuard>[1];
}

export interface Station {
  core: StationCore;
  dispatcher: Dispatcher;
  /** A typed client that calls the dispatcher in process, as the given caller. */
  client(caller?: Caller): Client;
  onEvent(listener: (event: StationEvent) => void): () => void;
  scheduler: Scheduler;
  hardware: HardwareManager;
  /** The sync client and its status (src/main/sync/station.ts). */
  sync: StationSync;
  /** Stops timers and the print queue, closes the devices (every relay switched off), then the database. */
  close(): Promise<void>;
}

export const DATABASE_FILE = 'gatehouse.sqlite';

export async function startStation(options: StationOptions): Promise<Station> {
  mkdirSync(options.dataDir, { recursive: true, mode: 0o700 }); // a new data folder is owner-only
  const file = path.join(options.dataDir, DATABASE_FILE);
  const keys = new StationKeys(options.vault ?? fileVault(options.dataDir));
  // A rotation of the data key an admin started is finished before anything opens the database.
  const rotated = finishDataKeyRotation(options.dataDir, file, keys, options);
  const { db, key } = openStationDatabase(options.dataDir, keys, options);
  const now = options.now ?? (() => new Date());
  const stationId = ensureStationIdentity(db, now().toISOString());
  if (rotated) auditStationChange(db, stationId, now().toISOString(), 'dataKey.rotate', rotated);
  moveSyncCredentialToVault(db, keys, stationId, now().toISOString());
  digestIfKeySettled(db, keys, Boolean(syncServerSettings({ db, keys })));
  const passKey = ensurePassKey(db, options.dataDir, stationId, now().toISOString());
  if (options.demo) await seedDemo(db, now(), stationId);
  if (options.preset) applyPreset(db, stationId, options.preset, now().toISOString());
  sealVisitFiles(db, options.dataDir, keys, stationId, now().toISOString());

  const reader = openReadOnly(file, { ...options, key });
  const events = new EventEmitter();
  events.setMaxListeners(0);
  const base: StationBase = {
    db,
    reader,
    stationId,
    version: VERSION,
    startedAt: now(),
    now,
    clock: new StationClock(options.correctClock ?? options.now === undefined),
    sessions: new SessionStore(now),
    signInGuard: new SignInGuard(now, options.signInLimits),
    passKey,
    keys,
    events,
    kioskExit: new KioskExitSignal(),
  };
  // Every service of the station, built here and nowhere else; each gets the base it needs.
  const hardware = new HardwareManager(base, options.hardware);
  const services = { ...base, hardware, gateRelay: null, renders: new Set<Promise<void>>() };
  // The sync client reads the core itself (a test may change core.now), so it gets the very object.
  const sync = new StationSync(services, options.sync);
  const core: StationCore = Object.assign(services, { sync });
  const dispatcher = new Dispatcher(core, handlers);
  sync.restoreClock(); // before the scheduler: it plans by station time
  const scheduler = startScheduler(core, dispatcher);
  startDecisionBridge(core);
  startGateScanner(core, dispatcher);
  startProfileAdopter(core, dispatcher);
  // Build the screening index now, not at the first visitor (one per connection: reads screen too).
  screenIdNumbersWith(db, keys);
  screenIdNumbersWith(reader, keys);
  currentWatchlist(db);
  currentWatchlist(reader);
  await hardware.start();
  let closing: Promise<void> | undefined;
  const station: Station = {
    core,
    dispatcher,
    client: (caller = STATION_CALLER) =>
      createClient({
        call: (method, input) => dispatcher.call(method, input, caller),
        on: (listener) => {
          events.on('event', listener);
          return () => events.off('event', listener);
        },
      }),
    onEvent(listener) {
      events.on('event', listener);
      return () => events.off('event', listener);
    },
    scheduler,
    hardware,
    sync,
    close() {
      if (closing) return closing;
      scheduler.stop();
      const syncIdle = !station.sync.busy;
      const syncStopped = station.sync.stop();
      const finish = () => {
        events.removeAllListeners();
        reader.$client.close();
        db.$client.close();
      };
      // With no device open, nothing printing and no sync in flight the database closes at once, as callers expect.
      if (hardware.idle && syncIdle) {
        void hardware.close();
        finish();
        closing = Promise.resolve();
      } else {
        closing = Promise.all([hardware.close(), syncStopped]).then(finish);
      }
      return closing;
    },
  };
  sync.start(); // only once the station is complete: an enrolled station syncs at once
  return station;
}

/**
 * The station database, encrypted (AEGIS-256) with the key derived from the station's data key: a plain
 * file an older release wrote is encrypted first, and an SQLCipher 4 one rewritten as AEGIS-256, both
 * crash-safe (src/db/open.ts) and audited, whoever opens it (the station or the devices command line). An
 * encrypted file with no data key stored is refused rather than given a new key that cannot open it.
 */
export function openStationDatabase(
  dataDir: string,
  keys: StationKeys,
  options: OpenOptions & { encryptDatabase?: boolean; now?: () => Date } = {},
): { db: Db; key: Buffer | undefined } {
  const file = path.join(dataDir, DATABASE_FILE);
  if (options.encryptDatabase === false) return { db: openDatabase(file, options), key: undefined };
  if (databaseState(file) === 'encrypted' && !keys.hasDataKey())
    throw stationKeyError(file, new Error('no data key is stored'));
  const key = keys.databaseKey();
  const encrypted = encryptPlainDatabase(file, key, options);
  const upgraded = upgradeCipher(file, key, options);
  const db = openDatabase(file, { ...options, key });
  if (encrypted || upgraded) {
    const at = (options.now ?? (() => new Date()))().toISOString();
    const stationId = ensureStationIdentity(db, at);
    if (encrypted) auditStationChange(db, stationId, at, 'database.encrypt', encrypted);
    if (upgraded) auditStationChange(db, stationId, at, 'database.cipher', upgraded);
  }
  return { db, key };
}

/** An audit entry by the station itself (no staff member) for a change it makes at start. */
function auditStationChange(db: Db, stationId: string, nowIso: string, action: string, details: object) {
  db.$client.transaction(() =>
    appendAudit(db, {
      at: nowIso,
      stationId,
      actorId: null,
      role: 'station',
      action,
      outcome: 'ok',
      details: { ...details },
    }),
  )();
}

/** The station's own id, made once when its database is created. */
function ensureStationIdentity(db: Db, nowIso: string): string {
  const existing = settingsRepo.get<string>(db, 'station', 'id');
  if (existing) return existing;
  const id = newId();
  db.$client.transaction(() => {
    stationsRepo.insert(db, {
      id,
      name: `Station ${id.slice(-4).toUpperCase()}`,
      createdAt: nowIso,
      updatedAt: nowIso,
    });
    settingsRepo.set(db, 'station', 'id', id, nowIso);
  })();
  return id;
}

/**
 * This station's pass-signing key, made with its data directory; its public half is published on the
 * station's row (and synced) so every station of the site can verify the passes it signs.
 */
function ensurePassKey(db: Db, dataDir: string, stationId: string, nowIso: string): StationKey {
  const { key } = loadOrCreateStationKey(dataDir);
  const row = stationsRepo.get(db, stationId);
  if (row?.keyId !== key.keyId) {
    stationsRepo.update(db, stationId, { publicKey: key.publicKeySpki, keyId: key.keyId, updatedAt: nowIso });
  }
  return key;
}

/**
 * Seals the visit files an older release left in clear (issue #15), before any call can read them, and
 * audits how many (never which: file names hold visit ids only, but the count is all an auditor needs).
 */
function sealVisitFiles(db: Db, dataDir: string, keys: StationKeys, stationId: string, nowIso: string) {
  const report = sealPlainVisitFiles(dataDir, keys.fileKey());
  if (report.sealed === 0 && report.leftovers === 0) return;
  auditStationChange(db, stationId, nowIso, 'visitFiles.seal', report);
}

function applyPreset(
  db: Db,
  stationId: string,
  preset: NonNullable<StationOptions['preset']>,
  nowIso: string,
) {
  const siteId = preset.siteId ?? sitesRepo.list(db)[0]?.id;
  if (!siteId || !sitesRepo.get(db, siteId)) {
    throw new Error(
      'There is no such site to set this station up for; start with --demo or enroll the station.',
    );
  }
  const change = { kind: preset.kind, siteId, language: preset.language ?? 'en' };
  db.$client.transaction(() => {
    stationsRepo.update(db, stationId, { ...change, updatedAt: nowIso });
    appendAudit(db, {
      at: nowIso,
      stationId,
      actorId: null,
      role: 'station',
      action: 'station.configure',
      outcome: 'ok',
      details: { input: change, source: 'command line' },
    });
  })();
}
