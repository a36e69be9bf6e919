// The Electron IPC transport's logic on a real station (real SQLite file): only our page may call, each
// window keeps its own staff session, events reach a window only when its role may hear them, and errors
// cross the channel as data the renderer turns back into ApiErrors.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  APP_START_URL,
  IpcCore,
  isAppUrl,
  isTrustedSender,
  unwrapEnvelope,
  type Envelope,
  type SenderFrame,
} from '../../src/main/ipc-core';
import { ApiError } from '../../src/shared/errors';
import type { StationEvent } from '../../src/shared/events';
import { hostId, typeId } from '../support/desk';
import { tableCounts, tempStation, type TestStation } from '../support/station';

const OUR_PAGE: SenderFrame = { url: APP_START_URL, parent: null };
const DESK = 1;
const KIOSK = 2;

let station: TestStation;
let ipc: IpcCore;
beforeEach(async () => {
  station = await tempStation();
  ipc = new IpcCore(station);
});
afterEach(() => station.dispose());

const call = (windowId: number, method: string, input: unknown = {}) =>
  ipc.call(windowId, OUR_PAGE, method, input);

function expectError(envelope: Envelope, code: string): ApiError {
  expect(envelope.ok).toBe(false);
  const error = (() => {
    try {
      unwrapEnvelope(envelope);
    } catch (e) {
      return e;
    }
    throw new Error('unwrapEnvelope did not throw for an error envelope');
  })();
  expect(error).toBeInstanceOf(ApiError);
  expect((error as ApiError).code).toBe(code);
  return error as ApiError;
}

describe('the sender check', () => {
  it('trusts only the top frame of our own app:// page', () => {
    expect(isTrustedSender(OUR_PAGE)).toBe(true);
    expect(isTrustedSender({ url: 'app://gatehouse/desk/visits?x=1', parent: null })).toBe(true);
    expect(isTrustedSender({ url: 'https://evil.example/', parent: null })).toBe(false);
    expect(isTrustedSender({ url: 'file:///work/main/dist/renderer/index.html', parent: null })).toBe(false);
    expect(isTrustedSender({ url: 'app://other/index.html', parent: null })).toBe(false);
    expect(isTrustedSender({ url: APP_START_URL, parent: { url: APP_START_URL } })).toBe(false);
    expect(isTrustedSender(null)).toBe(false);
    expect(isAppUrl('not a url')).toBe(false);
  });

  it('refuses a call from another page and runs nothing', async () => {
    const before = tableCounts(station);
    const envelope = await ipc.call(DESK, { url: 'https://evil.example/', parent: null }, 'session.signIn', {
      login: 'admin',
      secret: '1111',
    });
    expect(expectError(envelope, 'forbidden').message).toMatch(/own screen/);
    expect(tableCounts(station)).toEqual(before);
    expect(ipc.roleOf(DESK)).toBe('visitor');
  });
});

describe('sessions per window', () => {
  it('a window without a session calls as the visitor', async () => {
    const envelope = await call(KIOSK, 'session.current');
    expect(unwrapEnvelope(envelope)).toEqual({ role: 'visitor', user: null, host: null });
    expectError(await call(KIOSK, 'visits.today'), 'forbidden');
  });

  it('remembers the sign-in of one window only, until it signs out', async () => {
    const signIn = unwrapEnvelope(
      await call(DESK, 'session.signIn', { login: 'reception', secret: '2222' }),
    ) as { token: string };
    expect(ipc.roleOf(DESK)).toBe('reception');
    expect(unwrapEnvelope(await call(DESK, 'session.current'))).toMatchObject({
      role: 'reception',
      user: { name: 'Rita Reception' },
    });
    expect(unwrapEnvelope(await call(DESK, 'visits.today'))).toHaveProperty('visits');

    // Another window on the same station is still the visitor.
    expect(ipc.roleOf(KIOSK)).toBe('visitor');
    expectError(await call(KIOSK, 'visits.today'), 'forbidden');

    expect(unwrapEnvelope(await call(DESK, 'session.signOut'))).toEqual({ ok: true });
    expect(ipc.roleOf(DESK)).toBe('visitor');
    expect(station.core.sessions.callerFor(signIn.token)).toBeNull();
    expect(unwrapEnvelope(await call(DESK, 'session.current'))).toEqual({
      role: 'visitor',
      user: null,
      host: null,
    });
  });

  it('a wrong PIN leaves the window signed out', async () => {
    expectError(
      await call(DESK, 'session.signIn', { login: 'reception', secret: '9999' }),
      'unauthenticated',
    );
    expect(ipc.roleOf(DESK)).toBe('visitor');
  });

  it('signing in again replaces the previous session and ends it', async () => {
    const first = unwrapEnvelope(
      await call(DESK, 'session.signIn', { login: 'reception', secret: '2222' }),
    ) as { token: string };
    await call(DESK, 'session.signIn', { login: 'security', secret: '3333' });
    expect(ipc.roleOf(DESK)).toBe('security');
    expect(station.core.sessions.callerFor(first.token)).toBeNull();
  });

  it('a session that ended elsewhere asks the window to sign in again, then it is the visitor', async () => {
    const { token } = unwrapEnvelope(
      await call(DESK, 'session.signIn', { login: 'admin', secret: '1111' }),
    ) as { token: string };
    station.core.sessions.revoke(token);
    expectError(await call(DESK, 'visits.today'), 'unauthenticated');
    expect(ipc.roleOf(DESK)).toBe('visitor');
    expect(unwrapEnvelope(await call(DESK, 'session.current'))).toEqual({
      role: 'visitor',
      user: null,
      host: null,
    });
  });

  it('closing a window ends its session', async () => {
    const { token } = unwrapEnvelope(
      await call(DESK, 'session.signIn', { login: 'admin', secret: '1111' }),
    ) as { token: string };
    ipc.forget(DESK);
    expect(station.core.sessions.callerFor(token)).toBeNull();
    expect(ipc.roleOf(DESK)).toBe('visitor');
  });
});

describe('events per window', () => {
  it('sends each window only what its current role may hear', async () => {
    const desk: StationEvent[] = [];
    const kiosk: StationEvent[] = [];
    const offDesk = ipc.subscribe(DESK, (e) => desk.push(e));
    ipc.subscribe(KIOSK, (e) => kiosk.push(e));

    await call(DESK, 'session.signIn', { login: 'reception', secret: '2222' });
    const { visits } = unwrapEnvelope(await call(DESK, 'visits.today')) as {
      visits: Array<{ id: string; status: string }>;
    };
    const expected = visits.find((v) => v.status === 'expected');
    expect(expected).toBeDefined();
    unwrapEnvelope(await call(DESK, 'visits.checkIn', { visitId: expected!.id }));

    // The reception desk hears the check-in; the visitor's kiosk does not.
    expect(desk).toContainEqual({
      event: 'visit.changed',
      payload: { visitId: expected!.id, status: 'checked_in' },
    });
    expect(kiosk.filter((e) => e.event === 'visit.changed')).toEqual([]);

    // An event every role may hear reaches both.
    station.core.events.emit('event', { event: 'station.changed', payload: { configured: true } });
    expect(kiosk).toContainEqual({ event: 'station.changed', payload: { configured: true } });
    expect(desk).toContainEqual({ event: 'station.changed', payload: { configured: true } });

    // After sign-out the desk is the visitor again and stops hearing visit changes.
    await call(DESK, 'session.signOut');
    const heard = desk.length;
    station.core.events.emit('event', {
      event: 'visit.changed',
      payload: { visitId: expected!.id, status: 'checked_in' },
    });
    expect(desk.length).toBe(heard);

    offDesk();
    station.core.events.emit('event', { event: 'station.changed', payload: { configured: true } });
    expect(desk.length).toBe(heard);
  });
});

describe('the error envelope', () => {
  it('carries code, message and field problems as plain data that rebuild the ApiError', async () => {
    const before = tableCounts(station);
    const envelope = await call(DESK, 'session.signIn', { login: '', secret: '1' });
    // Plain data survives Electron's structured clone, unlike the properties of a thrown Error.
    expect(structuredClone(envelope)).toEqual(envelope);
    const error = expectError(structuredClone(envelope), 'invalid_input');
    expect(Object.keys(error.fields ?? {}).sort()).toEqual(['login', 'secret']);
    expect(error.status).toBe(400);
    expect(tableCounts(station)).toEqual(before);
  });

  it('names an unknown method and rejects a method that is not a string', async () => {
    expect(expectError(await call(DESK, 'nope.nothing'), 'not_found').message).toContain('nope.nothing');
    expectError(await ipc.call(DESK, OUR_PAGE, 42, {}), 'invalid_input');
  });

  it('turns an unexpected failure into a plain internal error', async () => {
    station.core.db.$client.close();
    const envelope = await call(DESK, 'session.signIn', { login: 'admin', secret: '1111' });
    const error = expectError(envelope, 'internal');
    expect(error.message).toBe('Something went wrong at the station. Nothing was changed.');
  });

  it('rebuilds a success envelope to its value', () => {
    expect(unwrapEnvelope({ ok: true, value: { n: 1 } })).toEqual({ n: 1 });
    expect(() => unwrapEnvelope('garbage')).toThrow(ApiError);
  });
});

describe('anonymous kiosk writes over IPC', () => {
  it('are limited per window and per host told like over HTTP; a refusal changes nothing; staff are not limited', async () => {
    let now = new Date('2026-11-23T09:00:00Z');
    const kiosk = await tempStation({ preset: { kind: 'kiosk' }, now: () => now });
    try {
      const windows = new IpcCore(kiosk);
      const delivery = (windowId: number, recipient: string | null) =>
        windows.call(windowId, OUR_PAGE, 'kiosk.delivery', {
          visitorTypeId: typeId(kiosk, 'Delivery'),
          hostId: recipient,
          language: 'en',
        });
      const ana = hostId(kiosk, 'Ana Ruiz');
      for (let i = 0; i < 4; i++) expect((await delivery(KIOSK, ana)).ok).toBe(true);
      let before = tableCounts(kiosk);
      const refused = expectError(await delivery(KIOSK, ana), 'rate_limited');
      expect(refused.message).toBe(
        'Too many check-ins at this kiosk just now. Please wait a minute, or ask at reception.',
      );
      expect(tableCounts(kiosk)).toEqual(before);
      // For reception (no host told), the window's own budget of 6 a minute goes on …
      for (let i = 0; i < 2; i++) expect((await delivery(KIOSK, null)).ok).toBe(true);
      before = tableCounts(kiosk);
      expectError(await delivery(KIOSK, null), 'rate_limited');
      expect(tableCounts(kiosk)).toEqual(before);
      // … another window has its own, and a signed-in window is staff, not limited.
      expect((await delivery(DESK, null)).ok).toBe(true);
      unwrapEnvelope(
        await windows.call(DESK, OUR_PAGE, 'session.signIn', { login: 'reception', secret: '2222' }),
      );
      expect((await delivery(DESK, ana)).ok).toBe(true);
      now = new Date(now.getTime() + 60_000);
      expect((await delivery(KIOSK, ana)).ok).toBe(true);
    } finally {
      await kiosk.dispose();
    }
  });
});
