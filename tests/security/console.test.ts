// The sync server's console (#16 item 3, docs/console.md) against the real server process, on SQLite and
// on PostgreSQL: refused first — no cookie, a station credential, the admin token, another web page's
// Origin, a locked account — then an administrator's session from sign-in to sign-out, and the admin audit
// of every step. Session expiry needs a clock: those tests run the server in-process on an injected one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSyncServer, type SyncServer } from '../../src/server/app';
import type { SyncStore } from '../../src/server/store';
import { SYNC_PROTOCOL_VERSION } from '../../src/shared/sync';
import {
  adminAudit,
  consoleCall,
  cookiePair,
  printerOutHealth,
  serverCli,
  startConsoleServer,
  type ConsoleServer,
} from '../support/sync/console';
import { addSite, enrollRaw, post } from '../support/sync/http';
import { STORE_BACKENDS, type StoreData } from '../support/sync/stores';

const ADMIN_TOKEN = 'console-test-admin-token';
const ADA = { login: 'Ada', name: 'Ada Admin', password: 'correct horse battery staple' };
const signIn = (password = ADA.password, login = ADA.login) => ({ body: { login, password } });

const printerOut = printerOutHealth();

describe.each(['sqlite', 'postgres'] as const)('the console on the real server (%s)', (backend) => {
  let server: ConsoleServer;
  let base: string;
  const audit = () => adminAudit(base, ADMIN_TOKEN);
  const actions = async () => (await audit()).map((e) => e.action);

  beforeAll(async () => {
    server = await startConsoleServer(backend, ADA, { GATEHOUSE_ADMIN_TOKEN: ADMIN_TOKEN });
    base = server.base;
  });
  afterAll(() => server?.stop());

  it('refuses every console route without a session cookie (401), and a made-up cookie too', async () => {
    for (const route of [
      '/console/api/session',
      '/console/api/sites',
      '/console/api/alerts',
      '/console/api/sites/x/stations',
      '/console/api/audit',
      '/console/api/events',
      '/console/api/reports?from=2026-01-01&to=2026-01-02',
      '/console/api/reports/report.pdf?from=2026-01-01&to=2026-01-02',
      '/console/api/sites/x/settings',
      '/console/api/sites/x/staff',
    ]) {
      const none = await consoleCall(base, 'GET', route);
      expect(none.status, route).toBe(401);
      expect(none.body).toMatchObject({ code: 'unauthenticated', message: 'Sign in to the console first.' });
      expect(none.headers['cache-control']).toBe('no-store');
      const forged = await consoleCall(base, 'GET', route, { cookie: 'gatehouse_console=ghc.forged' });
      expect(forged.status, route).toBe(401);
    }
    expect((await consoleCall(base, 'DELETE', '/console/api/session')).status).toBe(401);
  });

  it('refuses a station credential and the admin token: neither is a console sign-in', async () => {
    const siteId = await addSite(base, ADMIN_TOKEN, 'Credential Court');
    const { credential } = await enrollRaw(base, ADMIN_TOKEN, siteId, 'desk');
    for (const authorization of [`Bearer ${credential}`, `Bearer ${ADMIN_TOKEN}`]) {
      const answer = await consoleCall(base, 'GET', '/console/api/sites', { authorization });
      expect(answer.status).toBe(401);
      expect(answer.body.message).toMatch(/not a station credential or the admin token/);
    }
    // The credential still works where it belongs: the refusal is the console's, not a broken station.
    expect(
      (
        await post(base, '/sync/health', credential, {
          protocolVersion: SYNC_PROTOCOL_VERSION,
          health: printerOut,
        })
      ).status,
    ).toBe(200);
  });

  it('refuses a sign-in from another web page or without an Origin, and signs nobody in', async () => {
    const before = await audit();
    for (const origin of ['http://evil.example', 'null', null]) {
      const answer = await consoleCall(base, 'POST', '/console/api/session', { ...signIn(), origin });
      expect(answer.status, String(origin)).toBe(403);
      expect(answer.body.code).toBe('forbidden');
      expect(answer.setCookie).toBeUndefined();
    }
    // Refused before the password is even checked: no sign-in, failed or not, was recorded.
    expect(await audit()).toEqual(before);
  });

  it('refuses a sign-out from another web page: the session stays open', async () => {
    const signedIn = await consoleCall(base, 'POST', '/console/api/session', {
      ...signIn(),
      from: '127.0.0.9',
    });
    expect(signedIn.status).toBe(200);
    const cookie = cookiePair(signedIn.setCookie);
    const forged = await consoleCall(base, 'DELETE', '/console/api/session', {
      cookie,
      origin: 'http://evil.example',
    });
    expect(forged.status).toBe(403);
    expect((await consoleCall(base, 'GET', '/console/api/session', { cookie })).status).toBe(200);
  });

  it('locks a client after five wrong passwords and says until when; another client still signs in', async () => {
    const from = '127.0.0.5';
    for (let i = 0; i < 5; i++) {
      const wrong = await consoleCall(base, 'POST', '/console/api/session', {
        ...signIn(`wrong guess ${i}!`),
        from,
      });
      expect(wrong.status).toBe(401);
      expect(wrong.body).toMatchObject({
        code: 'unauthenticated',
        message: 'That login and password do not match.',
      });
    }
    // Even the right password is refused now, with how long and until when.
    const locked = await consoleCall(base, 'POST', '/console/api/session', { ...signIn(), from });
    expect(locked.status).toBe(423);
    expect(locked.body.code).toBe('locked');
    expect(locked.body.retryAfterSeconds).toBeGreaterThanOrEqual(29);
    expect(locked.headers['retry-after']).toBe(String(locked.body.retryAfterSeconds));
    const until = Date.parse(String(locked.body.lockedUntil));
    const serverNow = Date.parse(String(locked.headers.date));
    expect(until - serverNow).toBeGreaterThan(25_000);
    expect(locked.body.message).toContain(String(locked.body.lockedUntil));
    expect(locked.setCookie).toBeUndefined();

    // An unknown login locks exactly the same way: the lock tells nobody which logins exist. (From another
    // address, whose throttle is fresh: more than 10 attempts in a few seconds from one are throttled, 429.)
    const other = '127.0.0.10';
    for (let i = 0; i < 5; i++)
      await consoleCall(base, 'POST', '/console/api/session', {
        ...signIn('whatever it is', 'nobody'),
        from: other,
      });
    expect(
      (await consoleCall(base, 'POST', '/console/api/session', { ...signIn('x', 'nobody'), from: other }))
        .status,
    ).toBe(423);

    // The guesser cannot keep Ada out from her own desk.
    expect(
      (await consoleCall(base, 'POST', '/console/api/session', { ...signIn(), from: '127.0.0.6' })).status,
    ).toBe(200);

    const entries = await audit();
    const mine = entries.filter((e) => e.details.client === from && e.details.login === 'ada');
    expect(mine.map((e) => e.action)).toEqual([
      ...Array(5).fill('console.sign_in_failed'),
      'console.lockout',
      'console.sign_in_refused',
    ]);
    expect(mine[4]!.details).toMatchObject({ reason: 'wrong_password', lockedUntil: expect.any(String) });
    expect(mine[6]!.details).toMatchObject({ reason: 'locked', lockedUntil: locked.body.lockedUntil });
    expect(entries.find((e) => e.details.login === 'nobody')!.details.reason).toBe('unknown_login');
    // Never a password, right or wrong.
    expect(JSON.stringify(entries)).not.toMatch(/correct horse|wrong guess|whatever it is/);
  });

  it('an administrator signs in, sees sites, stations and alerts, and signing out ends the session', async () => {
    const siteId = await addSite(base, ADMIN_TOKEN, 'Harbour Office');
    const { stationId, credential } = await enrollRaw(base, ADMIN_TOKEN, siteId, 'kiosk');
    expect(
      (
        await post(base, '/sync/health', credential, {
          protocolVersion: SYNC_PROTOCOL_VERSION,
          health: printerOut,
        })
      ).status,
    ).toBe(200);

    const from = '127.0.0.7';
    const signedIn = await consoleCall(base, 'POST', '/console/api/session', {
      ...signIn(ADA.password, ' ADA '),
      from,
    });
    expect(signedIn.status).toBe(200);
    expect(signedIn.body.session).toMatchObject({ admin: { login: 'ada', name: 'Ada Admin' } });
    const attributes = signedIn.setCookie!.split('; ');
    expect(attributes[0]).toMatch(/^gatehouse_console=ghc\.[\w-]{43}$/);
    expect(attributes).toEqual(
      expect.arrayContaining(['HttpOnly', 'SameSite=Strict', 'Path=/', 'Max-Age=43200']),
    );
    expect(attributes).not.toContain('Secure'); // plain HTTP here; see the TLS test below
    const cookie = cookiePair(signedIn.setCookie);

    expect((await consoleCall(base, 'GET', '/console/api/session', { cookie })).body.session).toMatchObject({
      admin: { login: 'ada' },
    });
    const sites = (await consoleCall(base, 'GET', '/console/api/sites', { cookie })).body.sites as Record<
      string,
      unknown
    >[];
    expect(sites.find((s) => s.id === siteId)).toMatchObject({
      name: 'Harbour Office',
      stations: 1,
      online: 1,
      alerts: 1,
    });

    const stations = await consoleCall(base, 'GET', `/console/api/sites/${siteId}/stations`, { cookie });
    expect(stations.status).toBe(200);
    expect(stations.body.stations).toEqual([
      expect.objectContaining({
        id: stationId,
        role: 'kiosk',
        state: 'online',
        version: '1.4.0',
        outboxDepth: 3,
        devices: [expect.objectContaining({ name: 'Lobby printer', problem: 'no_media' })],
        alerts: [
          expect.objectContaining({ code: 'printer_problem', message: 'Lobby printer is out of labels.' }),
        ],
      }),
    ]);
    expect(JSON.stringify(stations.body)).not.toMatch(/credential/i);
    const unknown = await consoleCall(base, 'GET', '/console/api/sites/no-such-site/stations', { cookie });
    expect(unknown).toMatchObject({ status: 404, body: { code: 'not_found' } });

    const alerts = (await consoleCall(base, 'GET', '/console/api/alerts', { cookie })).body.alerts;
    expect(alerts).toContainEqual(
      expect.objectContaining({
        code: 'printer_problem',
        siteName: 'Harbour Office',
        stationId,
        deviceId: 'badges',
      }),
    );

    const out = await consoleCall(base, 'DELETE', '/console/api/session', { cookie, from });
    expect(out.status).toBe(200);
    expect(out.setCookie).toMatch(/^gatehouse_console=; Path=\/; Max-Age=0/);
    // The cookie a thief copied before sign-out opens nothing now.
    expect((await consoleCall(base, 'GET', '/console/api/sites', { cookie })).status).toBe(401);

    const entries = (await audit()).filter((e) => e.details.client === from);
    expect(entries.map((e) => e.action)).toEqual(['console.sign_in', 'console.sign_out']);
    expect(await actions()).toContain('console.admin_add');
  });

  it('add-admin takes no password on the command line, refuses a short one and a taken login, changing nothing', async () => {
    const onArgv = await serverCli([
      'add-admin',
      '--login',
      'eve',
      '--name',
      'Eve',
      '--password',
      'x'.repeat(20),
      ...server.storage,
    ]);
    expect(onArgv.code).toBe(2);
    expect(onArgv.stderr).toMatch(/Unknown option '--password'/);
    const short = await serverCli(
      ['add-admin', '--login', 'eve', '--name', 'Eve', ...server.storage],
      'too short\n',
    );
    expect(short.code).toBe(1);
    expect(short.stderr).toMatch(/The password needs at least 12 characters; nothing was changed/);
    const taken = await serverCli(
      ['add-admin', '--login', 'ADA', '--name', 'Other Ada', ...server.storage],
      'another long password\n',
    );
    expect(taken.code).toBe(1);
    expect(taken.stderr).toMatch(/There is already a console administrator "ada"/);
    // Ada's own password still works, and no other account signs in.
    expect(
      (await consoleCall(base, 'POST', '/console/api/session', { ...signIn(), from: '127.0.0.8' })).status,
    ).toBe(200);
    expect(
      (
        await consoleCall(base, 'POST', '/console/api/session', {
          ...signIn('another long password'),
          from: '127.0.0.8',
        })
      ).status,
    ).toBe(401);
  });
});

describe.each(STORE_BACKENDS)('console sessions on a clock ($name)', (backend) => {
  let data: StoreData;
  let store: SyncStore;
  let server: SyncServer;
  let clock: Date;
  const HOST = 'console.test';

  const call = (
    method: 'GET' | 'POST' | 'DELETE',
    url: string,
    options: { cookie?: string; body?: unknown; origin?: string } = {},
  ) =>
    server.app.inject({
      method,
      url,
      headers: {
        host: HOST,
        ...(method !== 'GET' ? { origin: options.origin ?? `http://${HOST}` } : {}),
        ...(options.cookie ? { cookie: options.cookie } : {}),
      },
      ...(options.body ? { payload: options.body } : {}),
    });
  const start = async (extra: Parameters<typeof createSyncServer>[0]['console'] = {}) => {
    server = await createSyncServer({ store, adminToken: ADMIN_TOKEN, now: () => clock, console: extra });
  };
  const signInCookie = async () => {
    const answer = await call('POST', '/console/api/session', signIn());
    expect(answer.statusCode).toBe(200);
    return String(answer.headers['set-cookie']).split(';')[0]!;
  };
  const later = (minutes: number) => (clock = new Date(clock.getTime() + minutes * 60_000));

  beforeAll(async () => {
    data = await backend.create();
  });
  afterAll(async () => {
    await server?.app.close();
    await data.remove();
  });

  it('ends a session after 30 idle minutes and after 12 hours however busy, and audits why', async () => {
    clock = new Date('2030-03-04T08:00:00Z');
    store = await data.open();
    await start();
    await server.consoleAccounts.addAdmin(ADA, 'test');

    const idle = await signInCookie();
    later(29);
    expect((await call('GET', '/console/api/session', { cookie: idle })).statusCode).toBe(200);
    later(29); // used 29 minutes ago: still open, the idle clock restarted
    expect((await call('GET', '/console/api/sites', { cookie: idle })).statusCode).toBe(200);
    later(31);
    const ended = await call('GET', '/console/api/sites', { cookie: idle });
    expect(ended.statusCode).toBe(401);
    expect(ended.headers['set-cookie']).toMatch(/Max-Age=0/);
    later(-40); // a clock set back does not revive it
    expect((await call('GET', '/console/api/sites', { cookie: idle })).statusCode).toBe(401);
    later(40);

    const busy = await signInCookie();
    for (let hour = 0; hour < 12 * 3 - 1; hour++) {
      later(20);
      expect((await call('GET', '/console/api/sites', { cookie: busy })).statusCode).toBe(200);
    }
    later(20);
    expect((await call('GET', '/console/api/sites', { cookie: busy })).statusCode).toBe(401);

    const ends = (await store.adminAudit()).filter((e) => e.action === 'console.session_end');
    expect(ends.map((e) => e.details.reason)).toEqual(['idle', 'expired']);
  });

  it('over TLS the cookie is Secure and __Host- named, and the public address is the accepted origin', async () => {
    await server.app.close();
    await start({ publicUrl: 'https://console.example.org/' });
    const answer = await call('POST', '/console/api/session', {
      ...signIn(),
      origin: 'https://console.example.org',
    });
    expect(answer.statusCode).toBe(200);
    const setCookie = String(answer.headers['set-cookie']);
    expect(setCookie).toMatch(/^__Host-gatehouse_console=ghc\./);
    expect(setCookie.split('; ')).toEqual(
      expect.arrayContaining(['Secure', 'HttpOnly', 'SameSite=Strict', 'Path=/']),
    );
    const token = setCookie.split(';')[0]!.split('=')[1]!;
    expect(
      (await call('GET', '/console/api/session', { cookie: `__Host-gatehouse_console=${token}` })).statusCode,
    ).toBe(200);
    // The same token under the plain name (a cookie an attacker could plant over HTTP) is not read.
    expect(
      (await call('GET', '/console/api/session', { cookie: `gatehouse_console=${token}` })).statusCode,
    ).toBe(401);
  });
});
