// Moving a sync server from its embedded SQLite database to PostgreSQL (`npm run server -- migrate-to`,
// docs/postgresql.md), with real stations on their own SQLite files and a real PostgreSQL cluster
// (tests/support/postgres.ts). Stations that synced with the SQLite server keep syncing with two
// PostgreSQL instances after the move: same credentials, same cursors, nothing pushed again and nothing
// lost; an enrollment code made before the move still enrolls; a second move into the now used database is
// refused and changes nothing.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { enrollStation } from '../../src/main/sync/enroll';
import { startSync, type SyncHandle } from '../../src/main/sync/index';
import { startStation, type Station } from '../../src/main/station';
import { createSyncServer, type SyncServer } from '../../src/server/app';
import { databaseState } from '../../src/node/sqlcipher';
import { SERVER_DATA_KEY_FILE } from '../../src/server/data-key';
import { openStore } from '../../src/server/open-store';
import { PgSyncStore } from '../../src/server/pg-store';
import { SyncService } from '../../src/server/service';
import { SERVER_DATABASE_FILE, SqliteSyncStore } from '../../src/server/sqlite-store';
import type { SyncStore } from '../../src/server/store';
import { newId } from '../../src/shared/ids';
import { dropDatabase, freshDatabase } from '../support/postgres';
import { as } from '../support/station';
import { serverCliInProcess as cli } from '../support/sync/cli-in-process';
import { adminCall, siteWithDirectory } from '../support/sync/server';
import { until } from '../support/until';

const ADMIN = 'move-admin-token';

let url: string;
let dir: string;
const closers: (() => Promise<void> | void)[] = [];

beforeEach(async () => {
  url = await freshDatabase();
  dir = mkdtempSync(path.join(tmpdir(), 'gatehouse-move-'));
});
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
  rmSync(dir, { recursive: true, force: true });
  await dropDatabase(url);
});

async function serve(store: SyncStore) {
  const server: SyncServer = await createSyncServer({ store, adminToken: ADMIN });
  const base = await server.app.listen({ port: 0, host: '127.0.0.1' });
  return { server, base };
}

/** A station syncing with the server at `base` with its credential: pushes on change, pulls when nudged. */
function syncWith(station: Station, base: string, credential: string): SyncHandle {
  const sync = startSync(station, { serverUrl: base, credential, pollMs: 3_600_000 });
  closers.push(() => sync.stop());
  return sync;
}

const visitCount = (station: Station) =>
  station.core.db.$client.prepare('SELECT count(*) FROM visits').pluck().get() as number;

describe('migrate-to: from the embedded store to PostgreSQL', () => {
  it('stations synced against SQLite keep syncing against two PostgreSQL instances, nothing re-sent or lost', async () => {
    const dataDir = path.join(dir, 'server');
    const sqlite = SqliteSyncStore.open(dataDir);
    const before = await serve(sqlite);
    const site = await siteWithDirectory(before.base, ADMIN, 'Harbour');
    const enrolled = async (role: 'kiosk' | 'desk') => {
      const station = await startStation({ dataDir: path.join(dir, newId()) });
      closers.push(() => station.close());
      const { code } = (await adminCall(before.base, ADMIN, '/admin/enrollment-codes', {
        siteId: site.id,
        role,
      })) as { code: string };
      const { credential } = await enrollStation(station.core, before.base, code, {
        name: `Lobby ${role}`,
        publicKey: station.core.passKey.publicKeySpki,
        keyId: station.core.passKey.keyId,
      });
      return { station, credential, client: station.client(as('reception')) };
    };
    const kiosk = await enrolled('kiosk');
    const desk = await enrolled('desk');
    let kioskSync = syncWith(kiosk.station, before.base, kiosk.credential);
    let deskSync = syncWith(desk.station, before.base, desk.credential);
    await until(() => kioskSync.status().online && deskSync.status().online, 'both stations online');
    const ada = await desk.client.visits.register({
      visitor: { name: 'Ada Lovelace' },
      hostId: site.hostId,
      visitorTypeId: site.typeId,
    });
    await until(() => visitCount(kiosk.station) === 1, 'the visit at the kiosk');
    await kiosk.client.visits.checkIn({ visitId: ada.id });
    await deskSync.syncNow();
    await kioskSync.syncNow();
    // A code made before the move, used after it.
    const { code: laterCode } = (await adminCall(before.base, ADMIN, '/admin/enrollment-codes', {
      siteId: site.id,
      role: 'gate',
    })) as { code: string };
    await kioskSync.stop();
    await deskSync.stop();
    const logBefore = await sqlite.log();
    const fleetBefore = await sqlite.stationsOverview();
    await before.server.app.close();
    sqlite.close();

    const moved = await cli(['migrate-to', '--data-dir', dataDir, '--database', url]);
    expect(moved.output).toContain(`ops: ${logBefore.length}`);
    expect(moved).toMatchObject({ code: 0 });
    // The source stays as it was, the fallback: a plain store an older release left is not rewritten.
    expect(databaseState(path.join(dataDir, SERVER_DATABASE_FILE))).toBe('plain');

    const [one, two] = [await PgSyncStore.open(url), await PgSyncStore.open(url)];
    closers.push(
      () => one.close(),
      () => two.close(),
    );
    // The op log, sequences and op ids included, and the fleet are what they were.
    expect(await one.log()).toEqual(logBefore);
    expect(await one.stationsOverview()).toEqual(fleetBefore);
    // The move is an export of every record: the admin audit says so, with counts and no data (#15).
    const moveEntry = (await one.adminAudit()).find((e) => e.action === 'store.moved');
    expect(moveEntry?.details).toEqual({
      from: 'sqlite',
      to: 'postgres',
      rows: expect.objectContaining({ ops: logBefore.length }) as unknown,
    });
    expect(JSON.stringify(moveEntry)).not.toMatch(/"payload"|"name"/);
    // The planner knows the size of what was loaded (else it sorts all of a site's ops for each pulled page).
    const planned = await one.db.execute<{ reltuples: number }>(
      sql`SELECT reltuples FROM pg_class WHERE relname = 'ops'`,
    );
    expect(Number(planned.rows[0]?.reltuples)).toBe(logBefore.length);
    const [after1, after2] = [await serve(one), await serve(two)];
    closers.push(
      () => after1.server.app.close(),
      () => after2.server.app.close(),
    );

    // The same stations, with the same credentials, on instance 1 and instance 2 now.
    kioskSync = syncWith(kiosk.station, after1.base, kiosk.credential);
    deskSync = syncWith(desk.station, after2.base, desk.credential);
    await until(() => kioskSync.status().online && deskSync.status().online, 'both stations online again');
    await kioskSync.syncNow();
    await deskSync.syncNow();
    // Nothing was pushed again: the log is exactly what it was.
    expect(await one.log()).toEqual(logBefore);

    const grace = await kiosk.client.visits.register({
      visitor: { name: 'Grace Hopper' },
      hostId: site.hostId,
      visitorTypeId: site.typeId,
    });
    await until(() => visitCount(desk.station) === 2, 'the new visit at the desk on the other instance');
    await desk.client.visits.checkIn({ visitId: grace.id });
    const status = () =>
      kiosk.station.core.db.$client.prepare('SELECT status FROM visits WHERE id = ?').pluck().get(grace.id);
    await until(() => status() === 'checked_in', 'the check-in back at the kiosk');
    const logAfter = await two.log();
    expect(logAfter.slice(0, logBefore.length)).toEqual(logBefore);
    expect(logAfter.length).toBeGreaterThan(logBefore.length);
    expect(new Set(logAfter.map((op) => op.opId)).size).toBe(logAfter.length);
    expect(logAfter.map((op) => op.serverSeq)).toEqual(logAfter.map((_, i) => i + 1));

    // The code made before the move enrolls a gate through the new server.
    const gate = await startStation({ dataDir: path.join(dir, newId()) });
    closers.push(() => gate.close());
    await expect(enrollStation(gate.core, after2.base, laterCode)).resolves.toMatchObject({
      credential: expect.any(String),
    });

    // A second move into the database now in use is refused, and changes nothing.
    const logNow = await one.log();
    const again = await cli(['migrate-to', '--data-dir', dataDir, '--database', url]);
    expect(again.code).toBe(1);
    expect(again.output).toMatch(/already has data .*nothing was copied/);
    expect(await one.log()).toEqual(logNow);
  }, 60_000);

  it('reads an encrypted store with its key and leaves it as it was; without the key it copies nothing', async () => {
    const dataDir = path.join(dir, 'server');
    const source = await openStore({ dataDir, database: null }, { encryptPlain: true });
    const site = await new SyncService(source).createSite({
      name: 'Cipher Quay',
      timezone: 'UTC',
      starter: true,
    });
    const logBefore = await source.log();
    await source.close();
    const file = path.join(dataDir, SERVER_DATABASE_FILE);
    expect(databaseState(file)).toBe('encrypted');
    const keyFile = path.join(dataDir, SERVER_DATA_KEY_FILE);

    // The key is gone: refused, nothing copied into the database.
    const key = readFileSync(keyFile);
    rmSync(keyFile);
    const refused = await cli(['migrate-to', '--data-dir', dataDir, '--database', url]);
    expect(refused.code).toBe(1);
    expect(refused.output).toMatch(/does not open with the sync server's data key/);
    expect(existsSync(keyFile)).toBe(false);
    writeFileSync(keyFile, key, { mode: 0o600 });

    const bytes = readFileSync(file);
    const moved = await cli(['migrate-to', '--data-dir', dataDir, '--database', url]);
    expect(moved).toMatchObject({ code: 0 });
    const target = await PgSyncStore.open(url);
    closers.push(() => target.close());
    expect(await target.log()).toEqual(logBefore);
    expect((await target.listSites()).map((s) => s.id)).toEqual([site.id]);
    expect(readFileSync(file).equals(bytes)).toBe(true);
  });

  it('refuses a data folder where no server has run, and creates nothing there', async () => {
    const empty = path.join(dir, 'mistyped');
    const result = await cli(['migrate-to', '--data-dir', empty, '--database', url]);
    expect(result.code).toBe(1);
    expect(result.output).toMatch(/There is no sync server database in .*mistyped/);
    expect(existsSync(empty)).toBe(false);
  });
});
