// Test stations: a real station core on a real SQLite file in a fresh temp directory.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { CallContext, Caller } from '../../src/main/core/context';
import { writeAsStation as coreWriteAsStation } from '../../src/main/core/dispatcher';
import { DATABASE_FILE, startStation, type Station, type StationOptions } from '../../src/main/station';
import type { Role } from '../../src/shared/roles';
import type { StationKind } from '../../src/shared/domain';
import { DEMO_SITE } from '../../src/main/demo';
import { issuePass, type IssuedPass } from '../../src/main/passes/service';
import type { PassClaims } from '../../src/main/passes/token';
import { newId } from '../../src/shared/ids';
import { generateStationKey } from '../../src/main/core/keys';
import { stationsRepo } from '../../src/db/repos/sites';
import { KEYS_DIR } from '../../src/main/core/data-keys';
import { openStationFile } from './station-file';

export interface TestStation extends Station {
  dataDir: string;
  /** Closes the station (relays off, sync stopped) and removes its data directory. */
  dispose(): Promise<void>;
}

let demoTemplate: Promise<string> | undefined;

/**
 * A database with the demo site seeded once per test process. Seeding hashes every demo PIN with scrypt,
 * which is slow on purpose, so each test station starts from a copy instead, with its own identity.
 */
function demoDatabase(): Promise<string> {
  demoTemplate ??= (async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gatehouse-template-'));
    (await startStation({ dataDir: dir, demo: true })).close();
    const sqlite = openStationFile(dir, { write: true }).$client;
    sqlite.exec("DELETE FROM settings WHERE scope = 'station'; DELETE FROM stations;");
    sqlite.close();
    return dir;
  })();
  return demoTemplate;
}

export async function tempStation(options: Partial<StationOptions> = {}): Promise<TestStation> {
  const dataDir = options.dataDir ?? mkdtempSync(path.join(tmpdir(), 'gatehouse-test-'));
  if (options.demo !== false && !options.dataDir) {
    // The template's database is encrypted with its data key: the copy comes with that key.
    const template = await demoDatabase();
    copyFileSync(path.join(template, DATABASE_FILE), path.join(dataDir, DATABASE_FILE));
    mkdirSync(path.join(dataDir, KEYS_DIR), { mode: 0o700 });
    copyFileSync(path.join(template, KEYS_DIR, 'data.key'), path.join(dataDir, KEYS_DIR, 'data.key'));
  }
  const station = await startStation({ demo: true, preset: { kind: 'desk' }, ...options, dataDir });
  return {
    ...station,
    dataDir,
    async dispose() {
      await station.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A caller of the given role, as a transport would build it after sign-in. */
export const as = (role: Role, userId: string | null = null): Caller => ({ role, userId });

/** Row counts of the tables a call could change, to prove a refused call changed nothing. */
export function tableCounts(station: Station): Record<string, number> {
  const sqlite = station.core.db.$client;
  const tables = sqlite
    .prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__drizzle%'",
    )
    .pluck()
    .all() as string[];
  return Object.fromEntries(
    tables.map((t) => [t, sqlite.prepare(`SELECT count(*) FROM "${t}"`).pluck().get() as number]),
  );
}

/** Runs a station-side write as a handler would, in one transaction (e.g. issuing a pass at a check-in). */
export function writeAsStation<T>(station: Station, fn: (ctx: CallContext) => T): T {
  return coreWriteAsStation(station.core, fn);
}

/**
 * Checks a demo visit in and signs a pass for it at this station: valid from a minute ago for an hour,
 * all zones, multi-entry unless `claims` says otherwise. The token is what a badge's QR code carries.
 */
export async function checkedInPass(
  station: Station,
  visitId: string,
  claims: Partial<PassClaims> = {},
): Promise<IssuedPass> {
  await station.client(as('reception')).visits.checkIn({ visitId });
  const now = station.core.now().getTime();
  return writeAsStation(station, (ctx) =>
    issuePass(ctx, {
      passId: newId(),
      visitId,
      siteId: DEMO_SITE.id,
      kind: 'visit',
      validFrom: new Date(now - 60_000),
      validUntil: new Date(now + 3_600_000),
      zoneIds: 'all',
      multiEntry: true,
      ...claims,
    }),
  );
}

/**
 * Another station of `station`'s site, known there as sync makes it known (its row and pass key), and a way
 * to run a station-side write as that station on `station`'s database: how a test puts at a gate an invite
 * pass only a desk may sign (PASS_SIGNING), as if it had synced from the desk with its pass row.
 */
export function siteStation(station: Station, kind: StationKind = 'desk') {
  const { db, stationId, now } = station.core;
  const key = generateStationKey();
  const peer = {
    id: newId(),
    siteId: stationsRepo.get(db, stationId)!.siteId,
    name: `Another ${kind}`,
    kind,
    publicKey: key.publicKeySpki,
    keyId: key.keyId,
    createdAt: now().toISOString(),
    updatedAt: now().toISOString(),
  };
  stationsRepo.insert(db, peer);
  return {
    stationId: peer.id,
    key,
    write: <T>(fn: (ctx: CallContext) => T): T =>
      coreWriteAsStation({ ...station.core, stationId: peer.id, passKey: key }, fn),
  };
}
