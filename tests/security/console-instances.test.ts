// What the console keeps in the database rather than in one server process (#16, docs/console.md): the
// sign-in locks, so two server instances on one database (as behind a load balancer, on PostgreSQL) lock a
// guesser out as one; and a station's revocation, written with its audit entry in one transaction, so a
// revocation can never happen unrecorded. In-process servers (app.inject from chosen client addresses) on
// real SQLite files and a real PostgreSQL database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSyncServer, type SyncServer } from '../../src/server/app';
import type { SyncStore } from '../../src/server/store';
import { SYNC_PROTOCOL_VERSION } from '../../src/shared/sync';
import { STORE_BACKENDS, type StoreData } from '../support/sync/stores';

const ADMIN_TOKEN = 'console-instances-admin-token';
const ADA = { login: 'ada', name: 'Ada Admin', password: 'correct horse battery staple' };
const HOST = 'console.test';

describe.each(STORE_BACKENDS)('console state shared by server instances ($name)', (backend) => {
  let data: StoreData;
  let stores: SyncStore[];
  let servers: SyncServer[];

  const call = (
    server: SyncServer,
    method: 'GET' | 'POST',
    url: string,
    options: { cookie?: string; body?: unknown; from?: string; authorization?: string } = {},
  ) =>
    server.app.inject({
      method,
      url,
      remoteAddress: options.from ?? '127.0.0.1',
      headers: {
        host: HOST,
        ...(method !== 'GET' ? { origin: `http://${HOST}` } : {}),
        ...(options.cookie ? { cookie: options.cookie } : {}),
        ...(options.authorization ? { authorization: options.authorization } : {}),
      },
      ...(options.body ? { payload: options.body } : {}),
    });
  const signIn = (server: SyncServer, password: string, from: string) =>
    call(server, 'POST', '/console/api/session', { body: { login: ADA.login, password }, from });

  beforeAll(async () => {
    data = await backend.create();
    stores = [await data.open(), await data.open()];
    servers = [];
    for (const store of stores) servers.push(await createSyncServer({ store, adminToken: ADMIN_TOKEN }));
    await servers[0]!.consoleAccounts.addAdmin(ADA, 'test');
  });
  afterAll(async () => {
    for (const server of servers ?? []) await server.app.close();
    await data?.remove();
  });

  it('locks a guesser out at every instance: wrong passwords spread over two instances count as one', async () => {
    const [one, two] = servers as [SyncServer, SyncServer];
    const from = '127.0.0.31';
    for (let i = 0; i < 5; i++) {
      const wrong = await signIn(i % 2 ? two : one, `wrong guess ${i}!`, from);
      expect(wrong.statusCode).toBe(401);
    }
    // Locked at both, even with the right password; the lock's end is the same one.
    const lockedOne = await signIn(one, ADA.password, from);
    const lockedTwo = await signIn(two, ADA.password, from);
    expect([lockedOne.statusCode, lockedTwo.statusCode]).toEqual([423, 423]);
    expect(lockedTwo.json().lockedUntil).toBe(lockedOne.json().lockedUntil);
    expect(lockedOne.headers['set-cookie']).toBeUndefined();
    // Another client is not affected, at either instance.
    expect((await signIn(two, ADA.password, '127.0.0.32')).statusCode).toBe(200);
    // The audit (one log for both) shows five failures, the lockout and both refusals.
    const mine = (await stores[0]!.adminAudit()).filter((e) => e.details.client === from);
    expect(mine.map((e) => e.action)).toEqual([
      ...Array(5).fill('console.sign_in_failed'),
      'console.lockout',
      'console.sign_in_refused',
      'console.sign_in_refused',
    ]);
  });

  it('a right password clears the count at every instance: four wrong ones after it do not lock', async () => {
    const [one, two] = servers as [SyncServer, SyncServer];
    const from = '127.0.0.33';
    for (let i = 0; i < 4; i++) expect((await signIn(one, `nope ${i}!`, from)).statusCode).toBe(401);
    expect((await signIn(two, ADA.password, from)).statusCode).toBe(200);
    for (let i = 0; i < 4; i++) expect((await signIn(one, `nope again ${i}!`, from)).statusCode).toBe(401);
    expect((await signIn(two, ADA.password, from)).statusCode).toBe(200);
  });

  it('a revocation whose audit entry cannot be written does not happen: the station keeps syncing', async () => {
    const [one] = servers as [SyncServer, SyncServer];
    const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };
    const site = await call(one, 'POST', '/admin/sites', {
      ...admin,
      body: { name: 'Audit Alley', timezone: 'Europe/London' },
    });
    const code = await call(one, 'POST', '/admin/enrollment-codes', {
      ...admin,
      body: { siteId: site.json().id, role: 'gate' },
    });
    const claim = await call(one, 'POST', '/enroll/claim', {
      body: { code: code.json().code },
    });
    expect(claim.statusCode).toBe(200);
    const { stationId, credential } = claim.json() as { stationId: string; credential: string };
    const login = await signIn(one, ADA.password, '127.0.0.34');
    const cookie = String(login.headers['set-cookie']).split(';')[0]!;

    // The audit log refuses every write (a full disk, a broken table): as an operator's trigger would.
    if (backend.name === 'sqlite') {
      await data.execute(
        "CREATE TRIGGER refuse_audit BEFORE INSERT ON admin_audit BEGIN SELECT RAISE(ABORT, 'audit refused'); END",
      );
    } else {
      await data.execute(
        "CREATE FUNCTION refuse_audit() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'audit refused'; END $$ LANGUAGE plpgsql",
      );
      await data.execute(
        'CREATE TRIGGER refuse_audit BEFORE INSERT ON admin_audit FOR EACH ROW EXECUTE FUNCTION refuse_audit()',
      );
    }
    const fromConsole = await call(one, 'POST', `/console/api/stations/${stationId}/revoke`, { cookie });
    expect(fromConsole.statusCode).toBe(500);
    const fromAdminApi = await call(one, 'POST', `/admin/stations/${stationId}/revoke`, admin);
    expect(fromAdminApi.statusCode).toBe(500);
    expect((await stores[1]!.station(stationId))?.revokedAt).toBeNull();
    const health = await call(one, 'POST', '/sync/health', {
      authorization: `Bearer ${credential}`,
      body: { protocolVersion: SYNC_PROTOCOL_VERSION, health: null },
    });
    expect(health.statusCode).not.toBe(401);

    // Once the audit can be written, the revocation happens, recorded once with who did it.
    await data.execute('DROP TRIGGER refuse_audit' + (backend.name === 'sqlite' ? '' : ' ON admin_audit'));
    expect(
      (await call(one, 'POST', `/console/api/stations/${stationId}/revoke`, { cookie })).statusCode,
    ).toBe(200);
    expect((await stores[1]!.station(stationId))?.revokedAt).not.toBeNull();
    const revocations = (await stores[1]!.adminAudit()).filter((e) => e.details.stationId === stationId);
    expect(revocations).toEqual([
      expect.objectContaining({
        action: 'console.station_revoke',
        details: { stationId, siteId: site.json().id, by: expect.any(String) },
      }),
    ]);
    // The admin API's revocation is audited too; a second one finds nothing to revoke.
    expect((await call(one, 'POST', `/admin/stations/${stationId}/revoke`, admin)).statusCode).toBe(404);
  });
});
