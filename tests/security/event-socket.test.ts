// Issue #14 item 4: the event WebSocket. A page of another origin in the station's browser must not open
// it; a signed-in socket must stop hearing staff events once its session ends; an anonymous socket must
// hear nothing that names someone or carries a secret (a badge code, a pass token).
import { afterEach, describe, expect, it } from 'vitest';
import { startHost, type SecurityHost } from './host';

let host: SecurityHost;
afterEach(() => host.close());

describe('the event socket', () => {
  it('refuses another origin, as POST /api does', async () => {
    host = await startHost('kiosk');
    const evil = await host.socket({ origin: 'https://evil.example' });
    expect(evil.refusedWith).toBe(403);
    const post = await host.post('kiosk.findHosts', { query: 'Ana' }, { origin: 'https://evil.example' });
    expect(post.status).toBe(403);
    // A look-alike origin on another port is another origin too.
    const port = Number(new URL(host.base).port);
    const sibling = await host.socket({ origin: `http://127.0.0.1:${port + 1}` });
    expect(sibling.refusedWith).toBe(403);
    // The station's own page is let in.
    const own = await host.socket({ origin: host.base });
    expect(own.refusedWith).toBeUndefined();
    own.close();
  });

  it('closes a signed-in socket when its session is signed out, and sends it nothing more', async () => {
    host = await startHost('desk');
    const token = await host.signIn('security', '3333');
    const guard = await host.socket({ token });
    await expect.poll(() => guard.messages).toContainEqual({ type: 'auth', role: 'security' });
    expect((await host.post('session.signOut', {}, { token })).status).toBe(200);
    // Closed at once with the "session ended" code; whatever happens next is not sent to it.
    expect(await guard.closed).toBe(4401);
    const other = await host.signIn('admin', '1111');
    await host.post(
      'incidents.raise',
      { title: 'Door propped open at the loading bay', note: 'Seen on camera.' },
      { token: other },
    );
    expect(guard.messages.filter((m) => m.event === 'incident.changed')).toEqual([]);
  });

  it('closes a signed-in socket at the first event after its session expired', async () => {
    let now = new Date('2026-11-22T10:00:00Z');
    host = await startHost('desk', { now: () => now });
    const token = await host.signIn('security', '3333');
    const guard = await host.socket({ token });
    await expect.poll(() => guard.messages).toContainEqual({ type: 'auth', role: 'security' });
    now = new Date(now.getTime() + 16 * 60_000); // past the 15-minute idle limit
    const admin = await host.signIn('admin', '1111');
    await host.post('incidents.raise', { title: 'Tailgating at the main gate', note: 'x' }, { token: admin });
    expect(await guard.closed).toBe(4401);
    expect(guard.messages.filter((m) => m.event === 'incident.changed')).toEqual([]);
  });

  it('gives an anonymous socket a scan as an opaque reference, never the badge code or pass token', async () => {
    host = await startHost('kiosk');
    const kiosk = await host.socket({ origin: host.base });
    const badge = 'STAFF-BADGE-0042';
    const pass = 'GH1:secret-pass-token-of-somebody';
    for (const code of [badge, pass]) {
      host.station.core.events.emit('event', {
        event: 'scanner.read',
        payload: {
          code,
          symbology: 'qr',
          source: 'hid-pos',
          deviceId: 'scanner-1',
          at: '2026-11-22T10:00:00Z',
        },
      });
    }
    await expect.poll(() => kiosk.messages.length).toBe(2);
    expect(JSON.stringify(kiosk.messages)).not.toContain('STAFF-BADGE');
    expect(JSON.stringify(kiosk.messages)).not.toContain('secret-pass-token');
    const refs = kiosk.messages.map((m) => (m.payload as { code: string }).code);
    expect(refs.every((r) => /^scan:[A-Za-z0-9_-]{20,}$/.test(r))).toBe(true);
    kiosk.close();
  });

  it('sends scans to no anonymous socket of a desk or gate: only a kiosk screen needs them', async () => {
    host = await startHost('desk');
    const anonymous = await host.socket();
    const token = await host.signIn('reception', '2222');
    const desk = await host.socket({ token });
    await expect.poll(() => desk.messages).toContainEqual({ type: 'auth', role: 'reception' });
    host.station.core.events.emit('event', {
      event: 'scanner.read',
      payload: {
        code: 'GH1:abc',
        symbology: 'qr',
        source: 'hid-pos',
        deviceId: 'd',
        at: '2026-11-22T10:00:00Z',
      },
    });
    await expect.poll(() => desk.messages.some((m) => m.event === 'scanner.read')).toBe(true);
    expect(anonymous.messages).toEqual([]);
  });
});
