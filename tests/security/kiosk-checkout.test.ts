// Issue #14 item 3: anyone at the kiosk could check out everyone on site by searching a letter at a time
// and checking out each match, emptying the evacuation roll call. Check-out at the kiosk now needs the
// badge (scan) or, without it, the full name together with the e-mail or phone given at check-in; and the
// anonymous lookups are rate-limited per client and for the whole station.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startHost, walkIn, type SecurityHost } from './host';

let host: SecurityHost;
let now: Date;
beforeEach(async () => {
  now = new Date('2026-11-22T10:00:00Z');
  host = await startHost('kiosk', { now: () => now });
});
afterEach(() => host.close());

const onSite = () =>
  host.station.core.db.$client
    .prepare("SELECT id FROM visits WHERE status = 'checked_in' ORDER BY id")
    .pluck()
    .all() as string[];

async function checkIn(name: string, contact: { email?: string; phone?: string }) {
  const { body } = await host.post('kiosk.checkIn', await walkIn(host, name, 'Visitor', contact));
  expect(body.outcome).toBe('checked_in');
}

describe('check-out at the kiosk', () => {
  it('cannot check out people found by enumerating names', async () => {
    await checkIn('Ada Lovelace', { email: 'ada@engines.example' });
    await checkIn('Grace Hopper', { phone: '+44 20 7946 0018' });
    const present = onSite();
    expect(present.length).toBeGreaterThanOrEqual(2);
    const audit = host.auditCount();

    // The old attack: a name search by letters, then check-out of each visit id found.
    for (const letter of 'aeg') {
      const found = await host.post('kiosk.findForCheckOut', { name: `${letter} ${letter}` });
      expect(found.status).toBe(400);
      expect(JSON.stringify(found.body)).not.toMatch(/Ada|Grace/);
    }
    // Even with every visit id known (they leak nowhere now), an id alone checks out nobody.
    for (const visitId of present) {
      const out = await host.post('kiosk.checkOut', { visitId });
      expect(out.status).toBe(400);
    }
    // A first name alone is refused, even with the right contact …
    const partial = { name: 'Ada', contact: 'ada@engines.example' };
    expect((await host.post('kiosk.findForCheckOut', partial)).status).toBe(400);
    expect((await host.post('kiosk.checkOut', partial)).status).toBe(400);
    // … and a full name with somebody else's contact, or a wrong one, finds nobody.
    for (const attempt of [
      { name: 'Ada Lovelace', contact: 'grace@navy.example' },
      { name: 'Grace Hopper', contact: '+44 20 7946 0000' },
    ]) {
      expect((await host.post('kiosk.findForCheckOut', attempt)).body).toEqual({ people: [] });
      expect((await host.post('kiosk.checkOut', attempt)).status).toBe(404);
    }
    expect(onSite()).toEqual(present);
    expect(host.auditCount()).toBe(audit);
  });

  it('checks out a visitor without a badge by full name and the contact they gave', async () => {
    await checkIn('Ada Lovelace', { email: 'ada@engines.example' });
    await checkIn('Grace Hopper', { phone: '+44 20 7946 0018' });
    const found = await host.post('kiosk.findForCheckOut', {
      name: 'ada  LOVELACE',
      contact: 'ADA@engines.example',
    });
    expect(found.body).toEqual({ people: [{ displayName: 'Ada L.', since: now.toISOString() }] });
    const out = await host.post('kiosk.checkOut', { name: 'Ada Lovelace', contact: 'ada@engines.example' });
    expect(out.body).toEqual({ firstName: 'Ada' });
    // A phone number matches whatever its spacing.
    const byPhone = await host.post('kiosk.checkOut', { name: 'Grace Hopper', contact: '+442079460018' });
    expect(byPhone.body).toEqual({ firstName: 'Grace' });
  });
});

describe('anonymous kiosk lookups', () => {
  it('are limited per client and for the whole station, and the limit passes with time', async () => {
    const lookup = (localAddress: string) =>
      host.post(
        'kiosk.findForCheckOut',
        { name: 'Nobody Here', contact: 'nobody@example.com' },
        { localAddress },
      );
    const statuses = async (localAddress: string, n: number) => {
      const out: number[] = [];
      for (let i = 0; i < n; i++) out.push((await lookup(localAddress)).status);
      return out;
    };
    // One client: 20 a minute, then 429 with a clear error.
    expect(await statuses('127.0.0.1', 20)).toEqual(Array(20).fill(200));
    const limited = await lookup('127.0.0.1');
    expect(limited.status).toBe(429);
    expect(limited.body.code).toBe('rate_limited');
    // Another client is not held back by the first …
    expect(await statuses('127.0.0.2', 20)).toEqual(Array(20).fill(200));
    expect(await statuses('127.0.0.3', 20)).toEqual(Array(20).fill(200));
    // … but the station as a whole answers 60 a minute, whoever asks.
    expect((await lookup('127.0.0.4')).status).toBe(429);
    // A staff user is not an anonymous lookup.
    const token = await host.signIn('reception', '2222');
    expect(
      (await host.post('kiosk.findForCheckOut', { name: 'No Body', contact: 'x@y.example' }, { token }))
        .status,
    ).toBe(200);
    now = new Date(now.getTime() + 61_000);
    expect((await lookup('127.0.0.1')).status).toBe(200);
  });
});
