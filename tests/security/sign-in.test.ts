// Staff sign-in under attack, over HTTP against the real web host: a rogue staff member whose secret was
// reset or whose account was changed, and an online guesser (wrong PINs, unknown logins, many clients).
// Each client is a different loopback address (tests/support/web-client.ts). No timed assertions: the
// KDF's cost is counted (each attempt runs it exactly once), and speed is in bench/suites/security.ts.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hashSecret, kdfStats } from '../../src/node/secrets';
import { FREE_ATTEMPTS, lockDurationMs } from '../../src/node/sign-in-guard';
import { staff } from '../support/desk';
import { tempStation, type TestStation } from '../support/station';
import { startWebClientHost, type WebClientHost } from '../support/web-client';
import { withoutRandomIds } from '../support/random-ids.js';

let station: TestStation;
let host: WebClientHost;
let clock: Date;
const advance = (ms: number) => (clock = new Date(clock.getTime() + ms));

async function start(options: Parameters<typeof tempStation>[0] = {}) {
  clock = new Date('2026-11-20T09:00:00Z');
  station = await tempStation({ now: () => clock, ...options });
  host = await startWebClientHost(station);
}
afterEach(async () => {
  await host.close();
  await station.dispose();
});

const signIn = (login: string, secret: string, from?: string) =>
  host.post('session.signIn', { login, secret }, { ...(from ? { from } : {}) });
async function tokenOf(login: string, secret: string, from?: string): Promise<string> {
  const answer = await signIn(login, secret, from);
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return answer.body.token as string;
}
const current = (token: string) => host.post('session.current', {}, { token });
const userId = (login: string) =>
  station.core.db.$client.prepare('SELECT id FROM staff_users WHERE login = ?').pluck().get(login) as string;

describe('a rogue staff member', () => {
  beforeEach(() => start());

  it('loses the session and the old PIN the moment an admin resets the secret', async () => {
    const admin = await tokenOf('admin', '1111');
    const rita = await tokenOf('reception', '2222');
    expect((await current(rita)).status).toBe(200);

    const reset = await host.post(
      'staff.resetSecret',
      { userId: userId('reception'), secret: { kind: 'password', value: 'a-long-new-password' } },
      { token: admin },
    );
    expect(reset.status).toBe(200);
    // The open session ends at once, and neither the old PIN nor anything but the new password works.
    expect((await current(rita)).status).toBe(401);
    expect((await signIn('reception', '2222')).status).toBe(401);
    expect((await signIn('reception', 'a-long-new-password')).status).toBe(200);
  });

  it('loses the session when the account is disabled or its role changes', async () => {
    const admin = await tokenOf('admin', '1111');
    const sam = await tokenOf('security', '3333');
    const ana = await tokenOf('host', '4444');
    await host.post('staff.update', { userId: userId('security'), active: false }, { token: admin });
    await host.post('staff.update', { userId: userId('host'), role: 'reception' }, { token: admin });
    expect((await current(sam)).status).toBe(401);
    expect((await current(ana)).status).toBe(401);
    // Disabled: the right PIN answers like any wrong one.
    const refused = await signIn('security', '3333');
    expect(refused).toEqual(await signIn('security', '0000'));
    expect(refused.status).toBe(401);
  });
});

describe('an online guesser', () => {
  it('gets the same answer for an unknown login, a wrong PIN and a disabled account, each after one KDF', async () => {
    await start();
    // An account with both a PIN and a password costs one KDF like the others, not two.
    station.core.db.$client
      .prepare("UPDATE staff_users SET password_hash = ? WHERE login = 'reception'")
      .run(await hashSecret('reception-password'));
    station.core.db.$client.prepare("UPDATE staff_users SET active = 0 WHERE login = 'host'").run();

    const answers = [];
    for (const [login, secret] of [
      ['nobody', '1234'],
      ['reception', '1234'],
      ['reception', 'not-the-password'],
      ['host', '4444'],
      ['nobody', 'not-the-password'],
    ] as const) {
      const before = kdfStats().runs;
      const answer = await signIn(login, secret);
      expect(kdfStats().runs - before, `${login}/${secret}`).toBe(1);
      answers.push(answer);
    }
    expect(answers[0]).toMatchObject({ status: 401 });
    for (const answer of answers) expect(answer).toEqual(answers[0]);
    // Both secrets of the two-secret account still work, each for one KDF.
    for (const secret of ['2222', 'reception-password']) {
      const before = kdfStats().runs;
      expect((await signIn('reception', secret)).status).toBe(200);
      expect(kdfStats().runs - before).toBe(1);
    }
  });

  it('locks a login only for the client that guessed, and a locked login reads like an unknown one', async () => {
    // Room for a dozen attempts from one client: the per-client throttle is the next test's.
    await start({ signInLimits: { perClient: { burst: 20, refillMs: 6_000 } } });
    const guesser = '127.0.0.2';
    for (let i = 0; i < FREE_ATTEMPTS; i++) {
      expect((await signIn('admin', `000${i}`, guesser)).status).toBe(401);
      expect((await signIn('nobody', `000${i}`, guesser)).status).toBe(401);
    }
    const lockedAdmin = await signIn('admin', '1111', guesser);
    const lockedNobody = await signIn('nobody', '1111', guesser);
    expect(lockedAdmin.status).toBe(423);
    // No enumeration: the known and the unknown login are locked alike, with how long to wait.
    expect(lockedAdmin).toEqual(lockedNobody);
    expect(lockedAdmin.body).toMatchObject({ code: 'locked', retryAfterSeconds: 30 });

    // The guesser cannot keep the admin out: another client signs in at once.
    expect((await signIn('admin', '1111', '127.0.0.3')).status).toBe(200);

    // The lock runs out on the station's clock, and grows for each further failure.
    advance(lockDurationMs(FREE_ATTEMPTS) + 1);
    expect((await signIn('admin', '0009', guesser)).status).toBe(401);
    expect((await signIn('admin', '1111', guesser)).body).toMatchObject({ retryAfterSeconds: 60 });
    advance(lockDurationMs(FREE_ATTEMPTS + 1) + 1);
    expect((await signIn('admin', '1111', guesser)).status).toBe(200);
  });

  it('is throttled per client and globally, and a throttled attempt runs no KDF', async () => {
    await start({
      signInLimits: { perClient: { burst: 4, refillMs: 60_000 }, global: { burst: 6, refillMs: 60_000 } },
    });
    const hammer = '127.0.0.4';
    for (let i = 0; i < 4; i++) expect((await signIn(`user${i}`, '1234', hammer)).status).toBe(401);
    const before = kdfStats().runs;
    const throttled = await signIn('admin', '1111', hammer);
    expect(throttled.status).toBe(429);
    expect(throttled.body).toMatchObject({ code: 'rate_limited', retryAfterSeconds: 60 });
    expect(kdfStats().runs).toBe(before);

    // Failures from many clients drain the global budget: then everyone waits, even with the right PIN.
    expect((await signIn('x', '1234', '127.0.0.5')).status).toBe(401);
    expect((await signIn('y', '1234', '127.0.0.6')).status).toBe(401);
    expect((await signIn('admin', '1111', '127.0.0.7')).status).toBe(429);
    advance(60_000);
    expect((await signIn('admin', '1111', '127.0.0.7')).status).toBe(200);
  });

  it('is throttled per login across clients, the same for an unknown login, never for its known owner', async () => {
    await start({ signInLimits: { perLogin: { burst: 4, refillMs: 60_000 } } });
    // The admin's own machine signs in once, before the attack (one of the admin login's four attempts).
    await tokenOf('admin', '1111', '127.0.0.10');
    // Three guessers, one wrong PIN each (far below any per-client lock), drain the rest of the admin
    // login's budget; a fourth drains a login that does not exist.
    for (const [i, from] of ['127.0.0.11', '127.0.0.12', '127.0.0.13'].entries()) {
      expect((await signIn('admin', `000${i}`, from)).status).toBe(401);
      expect((await signIn('nobody', `000${i}`, from)).status).toBe(401);
    }
    expect((await signIn('nobody', '0003', '127.0.0.16')).status).toBe(401);
    const before = kdfStats().runs;
    const admin = await signIn('admin', '1111', '127.0.0.14');
    const nobody = await signIn('nobody', '1111', '127.0.0.15');
    expect(admin.status).toBe(429);
    expect(admin).toEqual(nobody);
    expect(admin.body).toMatchObject({ code: 'rate_limited', retryAfterSeconds: 60 });
    expect(kdfStats().runs).toBe(before);
    // Other logins are untouched, and the admin's known machine still gets in.
    expect((await signIn('reception', '2222', '127.0.0.14')).status).toBe(200);
    expect((await signIn('admin', '1111', '127.0.0.10')).status).toBe(200);
    // A delay, not a lock: a minute later a new client may try again.
    advance(60_000);
    expect((await signIn('admin', '1111', '127.0.0.14')).status).toBe(200);
  });

  it('upgrades a hash made with older parameters on the next good sign-in', async () => {
    await start();
    const old = await hashSecret('2222', { N: 2 ** 14, r: 8, p: 1 });
    station.core.db.$client.prepare("UPDATE staff_users SET pin_hash = ? WHERE login = 'reception'").run(old);
    expect((await signIn('reception', '2222')).status).toBe(200);
    const stored = station.core.db.$client
      .prepare("SELECT pin_hash FROM staff_users WHERE login = 'reception'")
      .pluck()
      .get() as string;
    expect(stored).not.toBe(old);
    expect(stored).toMatch(/^scrypt\$32768\$8\$3\$/);
    expect((await signIn('reception', '2222')).status).toBe(200);
  });

  it('keeps /healthz answering while sign-ins run, at most two KDFs at a time', async () => {
    await start();
    const order: string[] = [];
    const attempts = Array.from({ length: 8 }, (_, i) =>
      signIn('reception', `99${i}9`, `127.0.1.${i + 1}`).then(() => order.push('signIn')),
    );
    // Sent after every sign-in: with the KDF on the event loop it would wait for most of them.
    await new Promise((resolve) => setTimeout(resolve, 20));
    const health = host.get('/healthz').then((answer) => {
      order.push('healthz');
      return answer;
    });
    expect((await health).status).toBe(200);
    await Promise.all(attempts);
    expect(order.indexOf('healthz')).toBeLessThan(3);
    expect(kdfStats().maxInFlight).toBeLessThanOrEqual(2);
  });
});

describe('sessions', () => {
  beforeEach(() => start());

  it('end after the site’s staffIdleMinutes of inactivity', async () => {
    const admin = await tokenOf('admin', '1111');
    await host.post('settings.updateSite', { staffIdleMinutes: 5 }, { token: admin });
    const rita = await tokenOf('reception', '2222');
    advance(4 * 60_000);
    expect((await current(rita)).status).toBe(200); // a use extends it
    advance(4 * 60_000);
    expect((await current(rita)).status).toBe(200);
    advance(5 * 60_000 + 1);
    expect((await current(rita)).status).toBe(401);
  });

  it('end after their absolute lifetime however busy they are', async () => {
    const admin = await tokenOf('admin', '1111');
    const lifetime = (await host.post('settings.site', {}, { token: admin })).body
      .staffSessionHours as number;
    expect(lifetime).toBe(12);
    const rita = await tokenOf('reception', '2222');
    for (let minutes = 10; minutes < lifetime * 60; minutes += 10) {
      advance(10 * 60_000);
      expect((await current(rita)).status, `after ${minutes} min`).toBe(200);
    }
    advance(10 * 60_000);
    expect((await current(rita)).status).toBe(401);
  });
});

describe('the audit log', () => {
  beforeEach(() => start());

  it('records failed sign-ins and lockouts by account, an unknown name as a keyed digest, never the secret', async () => {
    const from = '127.0.0.8';
    for (let i = 0; i <= FREE_ATTEMPTS; i++) await signIn('reception', `98${i}7`, from);
    // A PIN typed into the name field by mistake, twice: it must not reach the log in clear.
    await signIn('4455', '9871', '127.0.0.9');
    await signIn('4455', '9872', '127.0.0.9');
    await tokenOf('reception', '2222');
    const admin = staff(station, 'admin');
    const { entries } = await station.client(admin).audit.list({ action: 'session.signIn', limit: 20 });
    const [success, unknownAgain, unknown, locked, lastFailure] = entries;
    const rita = userId('reception');
    expect(success).toMatchObject({ outcome: 'ok', actorId: rita, actorName: 'Rita Reception' });
    // A refused sign-in has no actor, but is listed under the account it was for.
    expect(locked).toMatchObject({
      outcome: 'refused',
      actorId: null,
      actorName: 'Rita Reception',
      details: { userId: rita, client: from, reason: 'locked', retryAfterSeconds: 30 },
    });
    expect(lastFailure).toMatchObject({
      actorName: 'Rita Reception',
      details: { userId: rita, reason: 'wrong_secret', lockedForSeconds: 30 },
    });
    expect(unknown).toMatchObject({
      outcome: 'refused',
      actorName: null,
      details: {
        client: '127.0.0.9',
        reason: 'unknown_login',
        typed: expect.stringMatching(/^audit1:[0-9a-f]{64}$/),
      },
    });
    // The same typed name gives the same digest (repeated guesses show as one), made with the station's key.
    expect(unknownAgain!.details.typed).toBe(unknown!.details.typed);
    expect(unknown!.details.typed).toBe(station.core.keys.auditDigest('login:4455'));
    expect(unknown!.details.typed).not.toBe(station.core.keys.auditDigest('login:4456'));
    const text = withoutRandomIds(JSON.stringify(entries));
    for (let i = 0; i <= FREE_ATTEMPTS; i++) expect(text).not.toContain(`98${i}7`);
    for (const typed of ['2222', '4455', '9872', '"login"']) expect(text).not.toContain(typed);
    // Nor anywhere in the audit table.
    const rows = withoutRandomIds(
      JSON.stringify(station.core.db.$client.prepare('SELECT * FROM audit_entries').all()),
    );
    for (const typed of ['4455', '9871', '9872', '2222']) expect(rows).not.toContain(typed);
  });
});
