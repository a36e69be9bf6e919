import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApiError } from '../../src/shared/errors';
import { FREE_ATTEMPTS, lockDurationMs } from '../../src/node/sign-in-guard';
import { as, tempStation, type TestStation } from '../support/station';

let station: TestStation;
let clock: Date;
beforeEach(async () => {
  clock = new Date('2026-11-20T09:00:00Z');
  station = await tempStation({ now: () => clock });
});
afterEach(() => station.dispose());

const visitor = () => station.client(as('visitor'));
const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (e: ApiError) => e.code,
  );
const advance = (ms: number) => (clock = new Date(clock.getTime() + ms));

describe('staff sign-in', () => {
  it('locks an account after repeated wrong PINs, for longer each time, and lets it in afterwards', async () => {
    for (let i = 0; i < FREE_ATTEMPTS; i++) {
      expect(await codeOf(visitor().session.signIn({ login: 'reception', secret: '0000' }))).toBe(
        'unauthenticated',
      );
    }
    // Even the right PIN is refused while locked, with the wait in the message.
    const locked = await visitor()
      .session.signIn({ login: 'reception', secret: '2222' })
      .catch((e: ApiError) => e);
    expect(locked).toMatchObject({ code: 'locked', retryAfterSeconds: 30 });

    advance(lockDurationMs(FREE_ATTEMPTS) + 1);
    expect(await codeOf(visitor().session.signIn({ login: 'reception', secret: '0000' }))).toBe(
      'unauthenticated',
    );
    advance(lockDurationMs(FREE_ATTEMPTS) + 1); // the second lock is twice as long: still locked
    expect(await codeOf(visitor().session.signIn({ login: 'reception', secret: '2222' }))).toBe('locked');
    advance(lockDurationMs(FREE_ATTEMPTS + 1));
    expect(await codeOf(visitor().session.signIn({ login: 'reception', secret: '2222' }))).toBe('ok');

    // A success clears the count: one more wrong PIN does not lock again.
    expect(await codeOf(visitor().session.signIn({ login: 'reception', secret: '0000' }))).toBe(
      'unauthenticated',
    );
    expect(await codeOf(visitor().session.signIn({ login: 'reception', secret: '2222' }))).toBe('ok');
  });

  it('records every refused attempt in the audit log', async () => {
    await codeOf(visitor().session.signIn({ login: 'reception', secret: '0000' }));
    await codeOf(visitor().session.signIn({ login: 'nobody', secret: '0000' }));
    const { entries } = await station.client(as('admin')).audit.list({ limit: 2 });
    expect(entries.map((e) => [e.action, e.outcome])).toEqual([
      ['session.signIn', 'refused'],
      ['session.signIn', 'refused'],
    ]);
  });

  it('signs in with a scanned staff badge and the PIN', async () => {
    station.core.db.$client
      .prepare("UPDATE staff_users SET badge_code = 'STAFF-0042' WHERE login = 'security'")
      .run();
    const { user } = await visitor().session.signIn({ badge: 'STAFF-0042', secret: '3333' });
    expect(user).toMatchObject({ name: 'Sam Security', role: 'security' });
    expect(await codeOf(visitor().session.signIn({ badge: 'STAFF-0042', secret: '1111' }))).toBe(
      'unauthenticated',
    );
  });

  it('asks for a login or a badge, not both or neither', async () => {
    expect(await codeOf(visitor().session.signIn({ secret: '2222' }))).toBe('invalid_input');
    expect(await codeOf(visitor().session.signIn({ login: 'reception', badge: 'X', secret: '2222' }))).toBe(
      'invalid_input',
    );
  });

  it('ends a session after idle time, and on sign-out', async () => {
    const { token } = await visitor().session.signIn({ login: 'reception', secret: '2222' });
    expect(station.core.sessions.callerFor(token)).toMatchObject({ role: 'reception' });
    advance(16 * 60_000);
    expect(station.core.sessions.callerFor(token)).toBeNull();

    const second = await visitor().session.signIn({ login: 'reception', secret: '2222' });
    const caller = station.core.sessions.callerFor(second.token)!;
    await station.client(caller).session.signOut();
    expect(station.core.sessions.callerFor(second.token)).toBeNull();
  });
});
