// The console's actions (#16 item 3, docs/console.md): revoke a station, create an enrollment code, add
// and disable administrators, against the real server process on SQLite and on PostgreSQL. Refused first —
// no cookie, a station credential, another web page's Origin — with nothing changed and nothing audited;
// then each action by a signed-in administrator, its effect where a user notices it, and its audit entry.
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  adminAudit,
  consoleCall,
  cookiePair,
  printerOutHealth,
  startConsoleServer,
  type ConsoleServer,
} from '../support/sync/console';
import { addSite, enrollRaw, post } from '../support/sync/http';
import { withoutRandomIds } from '../support/random-ids';
import { until } from '../support/until';
import { SYNC_PROTOCOL_VERSION } from '../../src/shared/sync';

const ADMIN_TOKEN = 'console-actions-admin-token';
const ADA = { login: 'ada', name: 'Ada Admin', password: 'correct horse battery staple' };
const GUS = {
  name: 'Gus Guard',
  login: 'gus',
  email: null,
  role: 'security',
  secret: { kind: 'pin', value: '5678' },
};

describe.each(['sqlite', 'postgres'] as const)('console actions on the real server (%s)', (backend) => {
  let server: ConsoleServer;
  let base: string;
  const audit = () => adminAudit(base, ADMIN_TOKEN);
  const stationState = async (stationId: string) => {
    const response = await fetch(`${base}/admin/stations`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    const { stations } = (await response.json()) as { stations: { id: string; revokedAt: string | null }[] };
    return stations.find((s) => s.id === stationId);
  };
  const signIn = async (login = ADA.login, password = ADA.password, from = '127.0.0.20') => {
    const answer = await consoleCall(base, 'POST', '/console/api/session', {
      body: { login, password },
      from,
    });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    return cookiePair(answer.setCookie);
  };

  beforeAll(async () => {
    server = await startConsoleServer(backend, ADA, { GATEHOUSE_ADMIN_TOKEN: ADMIN_TOKEN });
    base = server.base;
  });
  afterAll(() => server?.stop());

  it('refuses every action without a console session, with a station credential or from another page; nothing changes', async () => {
    const siteId = await addSite(base, ADMIN_TOKEN, 'Refusal Row');
    const { stationId, credential } = await enrollRaw(base, ADMIN_TOKEN, siteId, 'gate');
    const cookie = await signIn();
    const before = await audit();
    const admins = (await consoleCall(base, 'GET', '/console/api/admins', { cookie })).body.admins as {
      id: string;
    }[];
    const actions: ['GET' | 'POST', string, unknown][] = [
      ['POST', `/console/api/stations/${stationId}/revoke`, {}],
      ['POST', `/console/api/sites/${siteId}/enrollment-codes`, { role: 'kiosk' }],
      ['GET', '/console/api/admins', undefined],
      ['POST', '/console/api/admins', { login: 'mallory', name: 'Mallory', password: 'x'.repeat(16) }],
      ['POST', `/console/api/admins/${admins[0]!.id}/disable`, {}],
      ['GET', `/console/api/audit?siteId=${siteId}`, undefined],
      ['POST', `/console/api/sites/${siteId}/settings`, { capacity: 3 }],
      ['GET', `/console/api/sites/${siteId}/staff`, undefined],
      ['POST', `/console/api/sites/${siteId}/staff`, GUS],
      ['POST', `/console/api/sites/${siteId}/hosts/import`, { csv: 'name\nAda\n', dryRun: false }],
    ];
    for (const [method, route, body] of actions) {
      const none = await consoleCall(base, method, route, { body });
      expect(none.status, `${route} without a cookie`).toBe(401);
      const station = await consoleCall(base, method, route, { body, authorization: `Bearer ${credential}` });
      expect(station.status, `${route} with a station credential`).toBe(401);
      expect(station.body.message).toMatch(/not a station credential/);
      const token = await consoleCall(base, method, route, { body, authorization: `Bearer ${ADMIN_TOKEN}` });
      expect(token.status, `${route} with the admin token`).toBe(401);
      if (method === 'POST') {
        for (const origin of ['http://evil.example', null]) {
          const forged = await consoleCall(base, method, route, { body, cookie, origin });
          expect(forged.status, `${route} from ${origin}`).toBe(403);
          expect(forged.body.code).toBe('forbidden');
        }
      }
    }
    // Nothing happened: the station still syncs, no admin was added or disabled, nothing was audited.
    expect((await stationState(stationId))?.revokedAt).toBeNull();
    expect(
      (await post(base, '/sync/health', credential, { protocolVersion: SYNC_PROTOCOL_VERSION, health: null }))
        .status,
    ).not.toBe(401);
    const now = (await consoleCall(base, 'GET', '/console/api/admins', { cookie })).body.admins as {
      login: string;
      disabledAt: string | null;
    }[];
    expect(now.map((a) => [a.login, a.disabledAt])).toEqual([['ada', null]]);
    const settings = await consoleCall(base, 'GET', `/console/api/sites/${siteId}/settings`, { cookie });
    expect(settings.body.settings).toMatchObject({ capacity: null });
    expect(
      (await consoleCall(base, 'GET', `/console/api/sites/${siteId}/staff`, { cookie })).body.staff,
    ).toEqual([]);
    expect(await audit()).toEqual(before);
  });

  it('revokes a station once: it can no longer sync, and the revocation is audited with who did it', async () => {
    const siteId = await addSite(base, ADMIN_TOKEN, 'Revocation Road');
    const { stationId, credential } = await enrollRaw(base, ADMIN_TOKEN, siteId, 'kiosk');
    const cookie = await signIn();
    const me = (await consoleCall(base, 'GET', '/console/api/session', { cookie })).body.session as {
      admin: { id: string };
    };

    const revoked = await consoleCall(base, 'POST', `/console/api/stations/${stationId}/revoke`, { cookie });
    expect(revoked.status).toBe(200);
    const list = await consoleCall(base, 'GET', `/console/api/sites/${siteId}/stations`, { cookie });
    expect(list.body.stations).toEqual([expect.objectContaining({ id: stationId, state: 'revoked' })]);
    // The station's own credential is refused from now on.
    const sync = await post(base, '/sync/health', credential, { protocolVersion: SYNC_PROTOCOL_VERSION });
    expect([401, 403]).toContain(sync.status);

    const again = await consoleCall(base, 'POST', `/console/api/stations/${stationId}/revoke`, { cookie });
    expect(again.status).toBe(409);
    expect(again.body.message).toMatch(/already revoked/);
    const unknown = await consoleCall(base, 'POST', '/console/api/stations/no-such-station/revoke', {
      cookie,
    });
    expect(unknown.status).toBe(404);

    const entries = (await audit()).filter((e) => e.action === 'console.station_revoke');
    expect(entries).toEqual([expect.objectContaining({ details: { stationId, siteId, by: me.admin.id } })]);
  });

  it('creates an enrollment code a new station can claim once; the audit never holds the code', async () => {
    const siteId = await addSite(base, ADMIN_TOKEN, 'Enrollment End');
    const cookie = await signIn();
    const bad = await consoleCall(base, 'POST', `/console/api/sites/${siteId}/enrollment-codes`, {
      cookie,
      body: { role: 'turnstile' },
    });
    expect(bad.status).toBe(400);
    const noSite = await consoleCall(base, 'POST', '/console/api/sites/no-such-site/enrollment-codes', {
      cookie,
      body: { role: 'desk' },
    });
    expect(noSite.status).toBe(404);

    const created = await consoleCall(base, 'POST', `/console/api/sites/${siteId}/enrollment-codes`, {
      cookie,
      body: { role: 'desk', ttlHours: 2 },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ siteId, role: 'desk', code: expect.any(String) });
    const code = String(created.body.code);
    const claim = await post(base, '/enroll/claim', null, { code });
    expect(claim.status).toBe(200);
    expect(claim.body).toMatchObject({ role: 'desk', site: { id: siteId } });
    expect((await post(base, '/enroll/claim', null, { code })).status).toBe(410);

    const entries = (await audit()).filter((e) => e.action === 'console.enrollment_code');
    expect(entries).toEqual([
      expect.objectContaining({
        details: expect.objectContaining({ siteId, role: 'desk', expiresAt: created.body.expiresAt }),
      }),
    ]);
    expect(JSON.stringify(await audit())).not.toContain(code);
  });

  it('adds an administrator and disables them (their session ends), but never the last one', async () => {
    const cookie = await signIn();
    const short = await consoleCall(base, 'POST', '/console/api/admins', {
      cookie,
      body: { login: 'bob', name: 'Bob', password: 'short' },
    });
    expect(short.status).toBe(400);
    const added = await consoleCall(base, 'POST', '/console/api/admins', {
      cookie,
      body: { login: 'Bob', name: 'Bob Builder', password: 'another long password' },
    });
    expect(added.status).toBe(201);
    const bob = added.body.admin as { id: string; login: string };
    expect(bob.login).toBe('bob');
    const taken = await consoleCall(base, 'POST', '/console/api/admins', {
      cookie,
      body: { login: 'BOB', name: 'Other Bob', password: 'another long password' },
    });
    expect(taken.status).toBe(409);

    const bobCookie = await signIn('bob', 'another long password', '127.0.0.21');
    expect((await consoleCall(base, 'GET', '/console/api/sites', { cookie: bobCookie })).status).toBe(200);
    const disabled = await consoleCall(base, 'POST', `/console/api/admins/${bob.id}/disable`, { cookie });
    expect(disabled.status).toBe(200);
    expect((await consoleCall(base, 'GET', '/console/api/sites', { cookie: bobCookie })).status).toBe(401);
    const bobAgain = await consoleCall(base, 'POST', '/console/api/session', {
      body: { login: 'bob', password: 'another long password' },
      from: '127.0.0.22',
    });
    expect(bobAgain.status).toBe(401);
    expect(
      (await consoleCall(base, 'POST', `/console/api/admins/${bob.id}/disable`, { cookie })).status,
    ).toBe(409);

    // Ada is now the only one enabled: she cannot disable herself.
    const admins = (await consoleCall(base, 'GET', '/console/api/admins', { cookie })).body.admins as {
      id: string;
      login: string;
      disabledAt: string | null;
    }[];
    const ada = admins.find((a) => a.login === 'ada')!;
    const last = await consoleCall(base, 'POST', `/console/api/admins/${ada.id}/disable`, { cookie });
    expect(last.status).toBe(409);
    expect(last.body.message).toMatch(/last enabled administrator/);
    expect((await consoleCall(base, 'GET', '/console/api/sites', { cookie })).status).toBe(200);
    expect(JSON.stringify(admins)).not.toMatch(/scrypt|password/i);

    const entries = await audit();
    expect(entries.filter((e) => e.action === 'console.admin_add').at(-1)!.details).toMatchObject({
      adminId: bob.id,
      login: 'bob',
      by: ada.id,
    });
    expect(entries.filter((e) => e.action === 'console.admin_disable')).toEqual([
      expect.objectContaining({ details: { adminId: bob.id, by: ada.id } }),
    ]);
    expect(JSON.stringify(entries)).not.toContain('another long password');
  });

  it('shows the server’s audit to an administrator, newest first, by site, station and action, a page at a time', async () => {
    const siteId = await addSite(base, ADMIN_TOKEN, 'Ledger Lane');
    const other = await addSite(base, ADMIN_TOKEN, 'Other Street');
    const one = await enrollRaw(base, ADMIN_TOKEN, siteId, 'desk');
    const two = await enrollRaw(base, ADMIN_TOKEN, siteId, 'gate');
    const three = await enrollRaw(base, ADMIN_TOKEN, other, 'gate');
    const cookie = await signIn();
    for (const { stationId } of [one, two, three])
      expect(
        (await consoleCall(base, 'POST', `/console/api/stations/${stationId}/revoke`, { cookie })).status,
      ).toBe(200);
    for (let i = 0; i < 3; i++)
      await consoleCall(base, 'POST', `/console/api/sites/${siteId}/enrollment-codes`, {
        cookie,
        body: { role: 'kiosk' },
      });

    const page = async (query: string) => {
      const answer = await consoleCall(base, 'GET', `/console/api/audit?${query}`, { cookie });
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
      return answer.body as {
        entries: { id: number; action: string; details: Record<string, unknown> }[];
        next: number | null;
        actions: string[];
      };
    };
    const site = await page(`siteId=${siteId}`);
    expect(site.entries.map((e) => [e.action, e.details.stationId ?? null])).toEqual([
      ['console.enrollment_code', null],
      ['console.enrollment_code', null],
      ['console.enrollment_code', null],
      ['console.station_revoke', two.stationId],
      ['console.station_revoke', one.stationId],
      ['site.create', null],
    ]);
    expect(site.next).toBeNull();
    expect(site.actions).toEqual(expect.arrayContaining(['console.sign_in', 'console.station_revoke']));

    const station = await page(`stationId=${two.stationId}`);
    expect(station.entries).toEqual([expect.objectContaining({ action: 'console.station_revoke' })]);
    const revocations = await page(`siteId=${siteId}&action=console.station_revoke`);
    expect(revocations.entries.map((e) => e.details.stationId)).toEqual([two.stationId, one.stationId]);

    // Two at a time: three pages cover the site's six entries, none twice, none missed.
    const first = await page(`siteId=${siteId}&limit=2`);
    const second = await page(`siteId=${siteId}&limit=2&before=${first.next}`);
    const third = await page(`siteId=${siteId}&limit=2&before=${second.next}`);
    expect([first.entries, second.entries, third.entries].map((p) => p.length)).toEqual([2, 2, 2]);
    expect(third.next).toBeNull();
    expect([...first.entries, ...second.entries, ...third.entries].map((e) => e.id)).toEqual(
      site.entries.map((e) => e.id),
    );

    // Bad filters are refused with what is wrong; reading changes nothing, so it is not audited itself.
    const before = await audit();
    for (const query of ['limit=0', 'limit=201', 'before=-1', 'limit=many'])
      expect((await consoleCall(base, 'GET', `/console/api/audit?${query}`, { cookie })).status, query).toBe(
        400,
      );
    expect(await audit()).toEqual(before);
  });

  it('refuses site settings and staff changes from a disabled administrator and bad input, changing nothing', async () => {
    const siteId = await addSite(base, ADMIN_TOKEN, 'Settings Square');
    const other = await addSite(base, ADMIN_TOKEN, 'Quiet Quay');
    const cookie = await signIn();
    const call = (method: 'GET' | 'POST', route: string, body?: unknown, as = cookie) =>
      consoleCall(base, method, `/console/api/sites/${siteId}${route}`, { cookie: as, body });
    const settingsNow = async () => (await call('GET', '/settings')).body.settings as Record<string, unknown>;
    const staffNow = async () => (await call('GET', '/staff')).body.staff as Record<string, unknown>[];

    // A disabled administrator's session is refused before anything is changed.
    const carol = await consoleCall(base, 'POST', '/console/api/admins', {
      cookie,
      body: { login: 'carol', name: 'Carol', password: 'carol’s long password' },
    });
    const carolCookie = await signIn('carol', 'carol’s long password', '127.0.0.23');
    const carolId = (carol.body.admin as { id: string }).id;
    expect(
      (await consoleCall(base, 'POST', `/console/api/admins/${carolId}/disable`, { cookie })).status,
    ).toBe(200);
    expect((await call('POST', '/settings', { capacity: 9 }, carolCookie)).status).toBe(401);
    expect((await call('POST', '/staff', GUS, carolCookie)).status).toBe(401);

    const defaults = await settingsNow();
    const before = await audit();
    const badSettings: unknown[] = [
      {},
      { capacity: 0 },
      { capacity: 'three' },
      { kioskIdleSeconds: 5 },
      { watchlistThreshold: 2 },
      { autoCheckOutTime: '25:00' },
      { pinLength: { min: 8, max: 4 } },
      { zoneCapacities: { lobby: 3 } },
      { notASetting: true },
      [],
    ];
    for (const body of badSettings) {
      const answer = await call('POST', '/settings', body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.body.code).toBe('invalid_input');
    }
    const badStaff: unknown[] = [
      { ...GUS, secret: { kind: 'pin', value: '12' } },
      { ...GUS, secret: { kind: 'pin', value: '123456789' } },
      { ...GUS, secret: { kind: 'password', value: 'short' } },
      { ...GUS, role: 'king' },
      { ...GUS, login: 'x' },
      { ...GUS, name: '' },
      { ...GUS, secret: undefined },
    ];
    for (const body of badStaff)
      expect((await call('POST', '/staff', body)).status, JSON.stringify(body)).toBe(400);
    expect(
      (
        await consoleCall(base, 'POST', '/console/api/sites/no-such-site/settings', {
          cookie,
          body: { capacity: 3 },
        })
      ).status,
    ).toBe(404);
    expect(
      (await consoleCall(base, 'POST', '/console/api/sites/no-such-site/staff', { cookie, body: GUS }))
        .status,
    ).toBe(404);
    expect((await call('POST', '/staff/no-such-staff', { active: false })).status).toBe(404);
    expect(await settingsNow()).toEqual(defaults);
    expect(await staffNow()).toEqual([]);
    expect(await audit()).toEqual(before);

    // Good changes: each audited with who made it and what, never a secret.
    const saved = await call('POST', '/settings', { capacity: 3, kioskIdleSeconds: 42 });
    expect(saved.status).toBe(200);
    expect(saved.body.settings).toMatchObject({ capacity: 3, kioskIdleSeconds: 42, retentionDays: 365 });
    expect(await settingsNow()).toMatchObject({ capacity: 3, kioskIdleSeconds: 42 });
    // Another site keeps its own.
    expect(
      (await consoleCall(base, 'GET', `/console/api/sites/${other}/settings`, { cookie })).body.settings,
    ).toMatchObject({ capacity: null, kioskIdleSeconds: 60 });

    const added = await call('POST', '/staff', GUS);
    expect(added.status).toBe(201);
    const gus = added.body.staff as { id: string };
    expect(added.body.staff).toEqual({
      id: gus.id,
      name: 'Gus Guard',
      login: 'gus',
      email: null,
      role: 'security',
      active: true,
      hasPin: true,
      hasPassword: false,
    });
    expect((await call('POST', '/staff', { ...GUS, login: 'GUS' })).status).toBe(409);
    // The last active admin of the site stays one.
    const alex = (await call('POST', '/staff', { ...GUS, name: 'Alex Admin', login: 'alex', role: 'admin' }))
      .body.staff as { id: string };
    const last = await call('POST', `/staff/${alex.id}`, { active: false });
    expect(last.status).toBe(409);
    expect(last.body.message).toMatch(/last admin of this site/);
    expect((await call('POST', `/staff/${gus.id}`, { role: 'reception' })).body.staff).toMatchObject({
      role: 'reception',
    });
    expect(
      (
        await call('POST', `/staff/${gus.id}/secret`, {
          secret: { kind: 'password', value: 'gus’s new password' },
        })
      ).body.staff,
    ).toMatchObject({ hasPin: false, hasPassword: true });
    expect(JSON.stringify(await staffNow())).not.toMatch(/scrypt|Hash/);

    const me = (await consoleCall(base, 'GET', '/console/api/session', { cookie })).body.session as {
      admin: { id: string };
    };
    const entries = (await audit()).slice(before.length);
    expect(entries.map((e) => [e.action, e.details])).toEqual([
      ['console.site_settings', { siteId, fields: ['capacity', 'kioskIdleSeconds'], by: me.admin.id }],
      ['console.staff_add', { siteId, staffId: gus.id, login: 'gus', role: 'security', by: me.admin.id }],
      ['console.staff_add', { siteId, staffId: alex.id, login: 'alex', role: 'admin', by: me.admin.id }],
      ['console.staff_update', { siteId, staffId: gus.id, role: 'reception', by: me.admin.id }],
      ['console.staff_secret', { siteId, staffId: gus.id, kind: 'password', by: me.admin.id }],
    ]);
    expect(withoutRandomIds(JSON.stringify(await audit()))).not.toMatch(/5678|gus’s new password/);
  });

  it('imports hosts from a CSV: a preview with problems by line, nothing written for a bad file, an import audited', async () => {
    const siteId = await addSite(base, ADMIN_TOKEN, 'Directory Drive');
    const cookie = await signIn();
    const upload = (csv: string, dryRun: boolean) =>
      consoleCall(base, 'POST', `/console/api/sites/${siteId}/hosts/import`, {
        cookie,
        body: { csv, dryRun },
      });
    const before = await audit();

    const bad =
      'name,email,phone,department\nAda Lovelace,ada@example.com,,Research\n,nobody@example.com,,\nBob,not-an-email,,\nAda Again,ADA@example.com,,\n';
    const preview = await upload(bad, true);
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({ applied: false, added: [{ email: 'ada@example.com' }] });
    expect(preview.body.problems).toEqual([
      expect.objectContaining({ line: 3, field: 'name', code: 'required' }),
      expect.objectContaining({ line: 4, field: 'email', code: 'invalid_format' }),
      expect.objectContaining({ line: 5, field: 'email', code: 'duplicate' }),
    ]);
    const refused = await upload(bad, false);
    expect(refused.status).toBe(400);
    expect(refused.body.message).toMatch(/nothing was changed.*line 3/);
    for (const notAList of ['', 'email\nada@example.com\n', 'just some text'])
      expect((await upload(notAList, false)).status, notAList).toBe(400);
    expect(
      (
        await consoleCall(base, 'POST', '/console/api/sites/no-such-site/hosts/import', {
          cookie,
          body: { csv: 'name\nAda\n' },
        })
      ).status,
    ).toBe(404);
    // Nothing was written: a clean file's preview still adds everyone, and nothing was audited.
    const good =
      'Name,Email,Phone,Department\nAda Lovelace,ada@example.com,+44 20 7946 0000,Research\nGrace Hopper,grace@example.com,,Navy\n';
    expect((await upload(good, true)).body).toMatchObject({
      added: [{ name: 'Ada Lovelace' }, { name: 'Grace Hopper' }],
      problems: [],
    });
    expect(await audit()).toEqual(before);

    const imported = await upload(good, false);
    expect(imported.status).toBe(200);
    expect(imported.body).toMatchObject({ applied: true, problems: [] });
    // The same file again changes nothing.
    expect((await upload(good, true)).body).toMatchObject({ added: [], changed: [], deactivated: [] });
    const me = (await consoleCall(base, 'GET', '/console/api/session', { cookie })).body.session as {
      admin: { id: string };
    };
    expect((await audit()).slice(before.length)).toEqual([
      expect.objectContaining({
        action: 'console.hosts_import',
        details: { siteId, added: 2, changed: 0, deactivated: 0, by: me.admin.id },
      }),
    ]);
  });

  it('streams live changes only to a signed-in page of its own origin: a station’s report arrives as an event', async () => {
    const siteId = await addSite(base, ADMIN_TOKEN, 'Live Lane');
    const { credential } = await enrollRaw(base, ADMIN_TOKEN, siteId, 'kiosk');
    const cookie = await signIn();
    expect((await consoleCall(base, 'GET', '/console/api/events')).status).toBe(401);
    expect(
      (await consoleCall(base, 'GET', '/console/api/events', { authorization: `Bearer ${credential}` }))
        .status,
    ).toBe(401);
    const forged = await consoleCall(base, 'GET', '/console/api/events', {
      cookie,
      origin: 'http://evil.example',
    });
    expect(forged.status).toBe(403);

    let received = '';
    const { port } = new URL(base);
    const stream = request({ host: '127.0.0.1', port, path: '/console/api/events', headers: { cookie } });
    const opened = new Promise<{ status: number; type: string }>((resolve) =>
      stream.on('response', (res) => {
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (received += chunk));
        resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']) });
      }),
    );
    stream.on('error', () => undefined);
    stream.end();
    try {
      expect(await opened).toEqual({ status: 200, type: 'text/event-stream' });
      await until(() => received.includes(': live'), 'the stream open');
      expect(received).not.toContain('event: fleet');
      const sent = await post(base, '/sync/health', credential, {
        protocolVersion: SYNC_PROTOCOL_VERSION,
        health: printerOutHealth(),
      });
      expect(sent.status).toBe(200);
      await until(() => received.includes('event: fleet'), 'the fleet event');
    } finally {
      stream.destroy();
    }
  });
});
