// Leaving kiosk mode with a staff sign-in (docs/electron.md#leaving-kiosk-mode): refusals first — the
// visitor at the screen, a wrong PIN, a locked account, a staff role that may not, a web page with no
// session or of another origin, a frame that is not the station's own page — then the exits by an admin
// and by reception, each audited and signalled once to whatever shows the screen.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KioskExitRequest } from '../../src/main/core/kiosk-exit';
import { APP_START_URL, IpcCore } from '../../src/main/ipc-core';
import { FREE_ATTEMPTS } from '../../src/node/sign-in-guard';
import type { ApiError } from '../../src/shared/errors';
import { as, tempStation, type TestStation } from '../support/station';
import { startWebClientHost, type WebClientHost } from '../support/web-client';

let station: TestStation;
let web: WebClientHost;
let exits: KioskExitRequest[];
beforeEach(async () => {
  station = await tempStation({ preset: { kind: 'kiosk' }, now: () => new Date('2026-11-20T09:00:00Z') });
  web = await startWebClientHost(station);
  exits = [];
  station.core.kioskExit.onRequest((request) => exits.push(request));
});
afterEach(async () => {
  await web.close();
  await station.dispose();
});

const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (e: ApiError) => e.code,
  );
const signIn = (login: string, secret: string) =>
  station.client(as('visitor')).session.signIn({ login, secret });
const exitAs = async (login: string, secret: string) => {
  const { token } = await signIn(login, secret);
  return web.post('station.exitKiosk', {}, { token });
};
const exitEntries = async () =>
  (await station.client(as('admin')).audit.list({ action: 'station.exitKiosk', limit: 20 })).entries;
const health = async () => (await web.get('/healthz')).body;

describe('leaving kiosk mode', () => {
  it('refuses the visitor at the screen, with no session, and audits the refusal', async () => {
    expect(await codeOf(station.client(as('visitor')).station.exitKiosk({}))).toBe('forbidden');
    const answer = await web.post('station.exitKiosk', {});
    expect(answer).toMatchObject({ status: 403, body: { code: 'forbidden' } });
    expect(exits).toEqual([]);
    expect(await health()).toMatchObject({ kioskExit: null });
    expect((await exitEntries()).map((e) => [e.role, e.outcome])).toEqual([
      ['visitor', 'refused'],
      ['visitor', 'refused'],
    ]);
  });

  it('refuses a web page of another origin even with a staff token', async () => {
    const { token } = await signIn('admin', '1111');
    const res = await fetch(`http://127.0.0.1:${web.port}/api/station.exitKiosk`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        origin: 'http://evil.example',
        authorization: `Bearer ${token}`,
      },
      body: '{}',
    });
    expect(res.status).toBe(403);
    expect(exits).toEqual([]);
  });

  it('refuses a wrong PIN and a locked account: no session, so no exit', async () => {
    expect(await codeOf(signIn('reception', '0000'))).toBe('unauthenticated');
    for (let i = 1; i < FREE_ATTEMPTS; i++) await codeOf(signIn('reception', '0000'));
    // Locked now: even the right PIN does not get a session to exit with.
    expect(await codeOf(exitAs('reception', '2222'))).toBe('locked');
    expect(exits).toEqual([]);
    expect(await health()).toMatchObject({ kioskExit: null });
  });

  it('refuses staff roles other than admin and reception', async () => {
    for (const [login, pin] of [
      ['security', '3333'],
      ['host', '4444'],
    ]) {
      expect(await exitAs(login!, pin!)).toMatchObject({ status: 403, body: { code: 'forbidden' } });
    }
    expect(exits).toEqual([]);
    expect((await exitEntries()).map((e) => [e.role, e.outcome])).toEqual([
      ['host', 'refused'],
      ['security', 'refused'],
    ]);
  });

  it('refuses a call over IPC from a frame that is not the station’s own page', async () => {
    const ipc = new IpcCore(station, () => {});
    await ipc.call(1, { url: APP_START_URL, parent: null }, 'session.signIn', {
      login: 'admin',
      secret: '1111',
    });
    const fromElsewhere = await ipc.call(
      1,
      { url: 'https://evil.example/', parent: null },
      'station.exitKiosk',
      {},
    );
    const fromSubFrame = await ipc.call(1, { url: APP_START_URL, parent: {} }, 'station.exitKiosk', {});
    expect([fromElsewhere, fromSubFrame]).toMatchObject([
      { ok: false, error: { code: 'forbidden' } },
      { ok: false, error: { code: 'forbidden' } },
    ]);
    expect(exits).toEqual([]);
    // The station's own page, signed in as the admin in that window, may.
    expect(await ipc.call(1, { url: APP_START_URL, parent: null }, 'station.exitKiosk', {})).toMatchObject({
      ok: true,
    });
    expect(exits).toHaveLength(1);
  });

  it('lets reception and an admin leave, audits each exit and tells the shell once each', async () => {
    const first = await exitAs('reception', '2222');
    expect(first).toMatchObject({ status: 200, body: { ok: true } });
    expect(exits).toHaveLength(1);
    expect(exits[0]).toMatchObject({ id: first.body.requestId, at: '2026-11-20T09:00:00.000Z' });
    expect(await health()).toMatchObject({ kioskExit: first.body.requestId });

    const second = await exitAs('admin', '1111');
    expect(second.status).toBe(200);
    expect(exits.map((e) => e.id)).toEqual([first.body.requestId, second.body.requestId]);
    expect(await health()).toMatchObject({ kioskExit: second.body.requestId });

    const entries = await exitEntries();
    expect(entries.map((e) => [e.actorName, e.role, e.outcome, e.details.requestId])).toEqual([
      ['Alex Admin', 'admin', 'ok', second.body.requestId],
      [expect.any(String), 'reception', 'ok', first.body.requestId],
    ]);
    expect(exits.map((e) => e.userId)).toEqual(entries.map((e) => e.actorId).reverse());
  });
});
