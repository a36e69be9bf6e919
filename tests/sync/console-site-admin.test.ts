// Site settings and staff set in the console (#16, docs/console.md#site-settings-and-staff) reach real
// stations through the op log: a sync server on a SQLite file, stations with their own SQLite files and
// sync loops (pulling when nudged), and an administrator signed in to the console. A capacity and kiosk
// idle time set for one site hold at that site's kiosk after it syncs and not at another site's; a staff
// account made while a gate was offline signs in there once it syncs, and not after it is deactivated.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrollStation } from '../../src/main/sync/enroll';
import { startSync, type SyncHandle } from '../../src/main/sync/index';
import { startStation, type Station } from '../../src/main/station';
import { createSyncServer, type SyncServer } from '../../src/server/app';
import { SqliteSyncStore } from '../../src/server/sqlite-store';
import { newId } from '../../src/shared/ids';
import { withoutRandomIds } from '../support/random-ids';
import { as } from '../support/station';
import { adminCall } from '../support/sync/server';
import { until } from '../support/until';

const ADMIN = 'console-site-admin-token';
const ADA = { login: 'ada', name: 'Ada Admin', password: 'correct horse battery staple' };

let dir: string;
let store: SqliteSyncStore;
let server: SyncServer;
let base: string;
let cookie: string;
const stations: Station[] = [];
const syncs: SyncHandle[] = [];

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'gatehouse-console-sites-'));
  store = SqliteSyncStore.open(path.join(dir, 'server'));
  server = await createSyncServer({ store, adminToken: ADMIN });
  base = await server.app.listen({ port: 0, host: '127.0.0.1' });
  await server.consoleAccounts.addAdmin(ADA, 'test');
  const signedIn = await consoleCall('POST', '/console/api/session', {
    login: ADA.login,
    password: ADA.password,
  });
  expect(signedIn.status).toBe(200);
  cookie = signedIn.headers.get('set-cookie')!.split(';')[0]!;
});
afterAll(async () => {
  for (const sync of syncs.splice(0)) await sync.stop();
  for (const station of stations.splice(0)) station.close();
  await server?.app.close();
  store?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A console request as the page sends it: the session cookie and this server's own Origin. */
async function consoleCall(method: 'GET' | 'POST', route: string, body?: unknown) {
  const response = await fetch(`${base}${route}`, {
    method,
    headers: {
      ...(cookie ? { cookie } : {}),
      ...(method === 'POST' ? { origin: base, 'content-type': 'application/json' } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return Object.assign(response, { json: (await response.json()) as Record<string, unknown> });
}

/** A station of the site, enrolled; syncing (pulls when nudged) unless `offline`, then `goOnline()` later. */
async function stationAt(siteId: string, role: 'kiosk' | 'desk' | 'gate', offline = false) {
  const station = await startStation({ dataDir: path.join(dir, newId()) });
  stations.push(station);
  const { code } = (await adminCall(base, ADMIN, '/admin/enrollment-codes', { siteId, role })) as {
    code: string;
  };
  const { credential } = await enrollStation(station.core, base, code);
  const goOnline = async () => {
    const sync = startSync(station, { serverUrl: base, credential, pollMs: 3_600_000 });
    syncs.push(sync);
    await until(() => sync.status().online, `${role} online`);
    return sync;
  };
  if (!offline) await goOnline();
  return { station, goOnline, visitor: station.client(as('visitor')) };
}

const site = async (name: string) =>
  (await adminCall(base, ADMIN, '/admin/sites', { name, timezone: 'Europe/London' })).id as string;

describe('site settings and staff from the console, at real stations', () => {
  it('a capacity and idle time set in the console hold at the site’s kiosk after it syncs, not at another site’s', async () => {
    const harbour = await site('Harbour');
    const lab = await site('Lab');
    const kiosk = await stationAt(harbour, 'kiosk');
    const other = await stationAt(lab, 'kiosk');

    const saved = await consoleCall('POST', `/console/api/sites/${harbour}/settings`, {
      capacity: 3,
      kioskIdleSeconds: 42,
    });
    expect(saved.status, JSON.stringify(saved.json)).toBe(200);
    expect(saved.json.settings).toMatchObject({ capacity: 3, kioskIdleSeconds: 42 });

    const settings = (s: typeof kiosk) => s.station.client(as('reception')).settings.site({});
    await until(async () => (await settings(kiosk)).capacity === 3, 'the capacity at the Harbour kiosk');
    expect(await settings(kiosk)).toMatchObject({ capacity: 3, kioskIdleSeconds: 42 });
    // Nothing is held: site.settings is a merge kind the kiosk applies.
    expect(kiosk.station.core.db.$client.prepare('SELECT count(*) FROM sync_held_ops').pluck().get()).toBe(0);
    expect(await settings(other)).toMatchObject({ capacity: null, kioskIdleSeconds: 60 });

    // The console reads back what the stations apply.
    const read = await consoleCall('GET', `/console/api/sites/${lab}/settings`);
    expect(read.json.settings).toMatchObject({ capacity: null, kioskIdleSeconds: 60 });
  });

  it('a staff account made in the console signs in at a gate that was offline then, once it syncs', async () => {
    const harbour = await site('Harbour North');
    const gate = await stationAt(harbour, 'gate', true);

    const added = await consoleCall('POST', `/console/api/sites/${harbour}/staff`, {
      name: 'Gus Guard',
      login: 'Gus',
      email: null,
      role: 'security',
      secret: { kind: 'pin', value: '5678' },
    });
    expect(added.status, JSON.stringify(added.json)).toBe(201);
    const gus = added.json.staff as { id: string; login: string; hasPin: boolean };
    expect(gus).toMatchObject({ login: 'gus', hasPin: true });
    // Refused while the gate has not heard of the account.
    await expect(gate.visitor.session.signIn({ login: 'gus', secret: '5678' })).rejects.toMatchObject({
      code: 'unauthenticated',
    });

    const sync = await gate.goOnline();
    // Signed in only once the account has arrived: each refused try would count towards a lock.
    const staffRow = (column: string) =>
      gate.station.core.db.$client
        .prepare(`SELECT ${column} FROM staff_users WHERE login = 'gus'`)
        .pluck()
        .get() as unknown;
    await until(() => staffRow('id') === gus.id, 'Gus’s account at the gate');
    const signedIn = await gate.visitor.session.signIn({ login: 'gus', secret: '5678' });
    expect(signedIn.user.role).toBe('security');

    // Deactivated in the console: refused at the gate after its next sync, and his session ended.
    const off = await consoleCall('POST', `/console/api/sites/${harbour}/staff/${gus.id}`, { active: false });
    expect(off.status, JSON.stringify(off.json)).toBe(200);
    await until(() => staffRow('active') === 0, 'Gus deactivated at the gate');
    await until(() => gate.station.core.sessions.callerFor(signedIn.token) === null, 'his session ended');
    await expect(gate.visitor.session.signIn({ login: 'gus', secret: '5678' })).rejects.toMatchObject({
      code: 'unauthenticated',
    });
    expect(sync.status().online).toBe(true);

    // The PIN never reached the op log or the audit in clear: only its KDF hash (masked here with the
    // ids, whose random characters may hold any four digits).
    const masked = (value: unknown) =>
      withoutRandomIds(JSON.stringify(value)).replace(/scrypt\$[^"]+/g, '<hash>');
    const log = await store.log();
    expect(JSON.stringify(log)).toMatch(/"pinHash":"scrypt\$/);
    expect(masked(log)).not.toContain('5678');
    expect(masked(await store.adminAudit())).not.toContain('5678');
  });
});
