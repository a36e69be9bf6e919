// The anonymous kiosk writes that tell somebody something or create records — a walk-in check-in and a
// delivery (each a visit and a notice to the host), a pass e-mailed to any address — are rate-limited
// like the lookups, on budgets of their own, over the real web host: per client, per host told and for
// the whole station. A refused call changes nothing (no visit, notice, outbox op, nor audit entry, as a
// refused lookup), staff are not limited, and the limit passes with the station's clock.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { settingsRepo } from '../../src/db/repos/settings';
import { DEMO_SITE } from '../../src/main/demo';
import { hostId, typeId } from '../support/desk';
import { checkedInPass, tableCounts } from '../support/station';
import { startHost, walkIn, type Answer, type SecurityHost } from './host';

const ARRIVALS_REFUSAL =
  'Too many check-ins at this kiosk just now. Please wait a minute, or ask at reception.';
const EMAILS_REFUSAL =
  'Too many passes e-mailed from this kiosk just now. Please wait a minute and try again.';

let host: SecurityHost;
let now: Date;
beforeEach(async () => {
  now = new Date('2026-11-23T09:00:00Z');
  host = await startHost('kiosk', { now: () => now });
});
afterEach(() => host.close());

const column = (query: string) => host.station.core.db.$client.prepare(query).pluck();
const rows = (table: string) => column(`SELECT count(*) FROM ${table}`).get() as number;
/** Every host of the demo site but Ana Ruiz, so a client's budget can be spent without the per-host one. */
const otherHosts = () =>
  column("SELECT id FROM hosts WHERE site_id = ? AND name <> 'Ana Ruiz' ORDER BY name").all(
    DEMO_SITE.id,
  ) as string[];

const delivery = (recipient: string | null, localAddress = '127.0.0.1', token?: string) =>
  host.post(
    'kiosk.delivery',
    { visitorTypeId: typeId(host.station, 'Delivery'), hostId: recipient, language: 'en' },
    { localAddress, ...(token ? { token } : {}) },
  );

/** A refused call: 429 rate_limited with the sentence given, and not one row of any table changed. */
async function expectRefusedChangingNothing(call: () => Promise<Answer>, sentence: string) {
  const before = tableCounts(host.station);
  const answer = await call();
  expect(answer.status).toBe(429);
  expect(answer.body).toMatchObject({ code: 'rate_limited', message: sentence });
  expect(tableCounts(host.station)).toEqual(before);
}

describe('anonymous check-ins and deliveries at the kiosk', () => {
  it('are limited per host told, per client and for the station, apart from the lookups', async () => {
    const ana = hostId(host.station, 'Ana Ruiz');
    const others = otherHosts();
    expect(others.length).toBeGreaterThanOrEqual(8);
    // One host hears of at most 4 arrivals a minute from this kiosk: a courier tapping the same name
    // over and over stops there, and is refused as a walk-in for that host too.
    for (let i = 0; i < 4; i++) expect((await delivery(ana)).status).toBe(200);
    await expectRefusedChangingNothing(() => delivery(ana), ARRIVALS_REFUSAL);
    const visitor = await walkIn(host, 'Ada Lovelace');
    await expectRefusedChangingNothing(() => host.post('kiosk.checkIn', visitor), ARRIVALS_REFUSAL);
    // The same client may still check people in for other hosts, and a delivery for reception …
    const arrived = await host.post('kiosk.checkIn', { ...visitor, hostId: others[0] });
    expect(arrived.body.outcome).toBe('checked_in');
    expect((await delivery(null)).status).toBe(200);
    // … up to 6 a minute in all; then nothing more from this client, whichever host.
    await expectRefusedChangingNothing(() => delivery(others[1]!), ARRIVALS_REFUSAL);
    // The lookups have their own budget: a check-out search is still answered.
    const lookup = await host.post('kiosk.findForCheckOut', { name: 'No Body', contact: 'x@y.example' });
    expect(lookup.status).toBe(200);
    // Another client gets its own 6, but the station as a whole takes 12 a minute, whoever asks.
    for (const [i, id] of others.slice(1, 7).entries())
      expect((await delivery(id, '127.0.0.2')).status, `delivery ${i}`).toBe(200);
    await expectRefusedChangingNothing(() => delivery(others[7]!, '127.0.0.3'), ARRIVALS_REFUSAL);
    // Staff are not limited.
    const token = await host.signIn('reception', '2222');
    expect((await delivery(ana, '127.0.0.1', token)).status).toBe(200);
    // A minute later on the station's clock, the kiosk takes arrivals again.
    now = new Date(now.getTime() + 60_000);
    expect((await delivery(ana)).status).toBe(200);
    expect((await host.post('kiosk.checkIn', await walkIn(host, 'Grace Hopper'))).body.outcome).toBe(
      'checked_in',
    );
  });

  it('a refused call was never run: no visit, notice, outbox op, nor audit entry', async () => {
    const ana = hostId(host.station, 'Ana Ruiz');
    for (let i = 0; i < 4; i++) expect((await delivery(ana)).status).toBe(200);
    const counts = () => ({
      visits: rows('visits'),
      notices: rows('notifications'),
      ops: rows('outbox_ops'),
      audit: host.auditCount(),
    });
    const before = counts();
    expect((await delivery(ana)).status).toBe(429);
    expect((await host.post('kiosk.checkIn', await walkIn(host, 'Grace Hopper'))).status).toBe(429);
    expect(counts()).toEqual(before);
  });
});

describe('anonymous pass e-mails at the kiosk', () => {
  it('are limited per client and for the station, on a budget of their own', async () => {
    // Enrolled with a server that has not answered yet: e-mails are queued to leave once it is back.
    const { station } = host;
    settingsRepo.set(
      station.core.db,
      'station',
      'sync.server',
      { serverUrl: 'http://127.0.0.1:9' },
      now.toISOString(),
    );
    station.core.keys.storeSyncCredential('test-credential');
    const visitId = column(
      "SELECT id FROM visits WHERE status = 'expected' ORDER BY id LIMIT 1",
    ).get() as string;
    const passToken = (await checkedInPass(station, visitId)).token;
    const email = (localAddress: string) =>
      host.post(
        'kiosk.emailPass',
        { passToken, email: 'someone@example.com', language: 'en' },
        { localAddress },
      );
    for (let i = 0; i < 6; i++) expect((await email('127.0.0.1')).status).toBe(200);
    await expectRefusedChangingNothing(() => email('127.0.0.1'), EMAILS_REFUSAL);
    // Check-ins are not held back by the e-mails.
    expect((await delivery(null)).status).toBe(200);
    for (let i = 0; i < 6; i++) expect((await email('127.0.0.2')).status).toBe(200);
    await expectRefusedChangingNothing(() => email('127.0.0.3'), EMAILS_REFUSAL);
    now = new Date(now.getTime() + 60_000);
    expect((await email('127.0.0.3')).status).toBe(200);
  });
});
