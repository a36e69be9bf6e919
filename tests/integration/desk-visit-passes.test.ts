// The desk's pass actions through the dispatcher: a pre-registered visitor gets an invite QR the kiosk
// accepts; reception extends the stay of a visitor on site or reprints their badge — each time the old
// pass is refused at once, the new one works and a badge with the new QR is queued; the demo host login
// is Ana Ruiz's host record.
import { createServer, type AddressInfo } from 'node:net';
import { DateTime } from 'luxon';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEMO_SITE } from '../../src/main/demo';
import { tableCounts, tempStation, type TestStation } from '../support/station';
import { hostId, rejection, staff, typeId } from '../support/desk';

// The station's clock runs from 10:00 today, site time: an invite "in an hour" or for 23:30 is still
// today's whenever the test runs (at 23:10 by the real clock an hour on was tomorrow's, and refused).
let offset = 0;
const now = () => new Date(Date.now() + offset);
let station: TestStation;
beforeEach(async () => {
  const morning = DateTime.now().setZone(DEMO_SITE.timezone).set({ hour: 10, minute: 0, second: 0 });
  offset = morning.toMillis() - Date.now();
  station = await tempStation({ now });
});
afterEach(() => station.dispose());

const desk = () => station.client(staff(station, 'reception'));
const kiosk = () => station.client({ role: 'visitor', userId: null });
const inAnHour = () => new Date(now().getTime() + 3_600_000).toISOString();
const today = () => DateTime.fromJSDate(now()).setZone(DEMO_SITE.timezone).toISODate()!;

/** A delivery driver pre-registered for now (no NDA or photo), checked in at the kiosk with the invite QR. */
async function onSite(name = 'Dana Driver') {
  const invited = await desk().visits.preRegister({
    visitor: { name },
    hostId: hostId(station, 'Jürgen Weiß'),
    visitorTypeId: typeId(station, 'Delivery'),
    expectedAt: now().toISOString(),
  });
  const outcome = await kiosk().kiosk.checkInInvite({
    invite: invited.invitePass,
    language: 'en',
    customFields: { carrier: 'DHL' },
  });
  if (outcome.outcome !== 'checked_in') throw new Error(`not checked in: ${outcome.outcome}`);
  return { visitId: invited.id, passToken: outcome.passToken, invitePass: invited.invitePass };
}

/** A ZPL badge printer on a port where nothing listens: jobs wait in the queue, as with a printer that is off. */
async function offlinePrinter() {
  const port = await new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
  await station.client(staff(station, 'admin')).devices.configure({
    printers: [{ kind: 'zpl', id: 'badges', name: 'Lobby badges', host: '127.0.0.1', port }],
  });
  await vi.waitFor(() => expect(station.core.hardware.status().map((d) => d.id)).toContain('badges'));
}

const lookup = (text: string) => desk().passes.lookup({ text });
const queuedBadges = (visitId: string) =>
  station.core.db.$client
    .prepare("SELECT printer, json_extract(content, '$.qrText') AS qr FROM print_jobs WHERE visit_id = ?")
    .all(visitId) as { printer: string; qr: string }[];

describe('invite QR for pre-registrations', () => {
  it('gives a pre-registered visitor an invite pass that the kiosk accepts once', async () => {
    const invited = await desk().visits.preRegister({
      visitor: { name: 'Ivy Invited' },
      hostId: hostId(station, 'Ana Ruiz'),
      visitorTypeId: typeId(station),
      expectedAt: inAnHour(),
    });
    expect(invited.invitePass).toMatch(/^GH1:/);
    expect(await kiosk().kiosk.findInvite({ invite: invited.invitePass, language: 'en' })).toMatchObject({
      status: 'valid',
      firstName: 'Ivy',
      hostName: 'Ana Ruiz',
    });
    const { passes } = await desk().passes.forVisit({ visitId: invited.id });
    expect(passes).toEqual([
      expect.objectContaining({ kind: 'invite', status: 'active', multiEntry: false }),
    ]);
  });

  it('gives every row of a CSV import its invite pass, and refuses a day that is over', async () => {
    const result = await desk().visits.importCsv({
      csv: `name,host,expected\nCleo Csv,Ana Ruiz,${today()} 23:30\n`,
      visitorTypeId: typeId(station),
      dryRun: false,
    });
    expect(result.rows[0]!.invitePass).toMatch(/^GH1:/);
    expect(
      await kiosk().kiosk.findInvite({ invite: result.rows[0]!.invitePass!, language: 'en' }),
    ).toMatchObject({ firstName: 'Cleo' });
    const past = await desk().visits.importCsv({
      csv: 'name,host,expected\nPat Past,Ana Ruiz,2020-01-01 09:00\n',
      visitorTypeId: typeId(station),
    });
    expect(past.rows[0]!.problems).toEqual([
      {
        field: 'expected',
        code: 'too_small',
        message: 'That day is over; invite the visitor for today or later.',
      },
    ]);
  });

  it('the kiosk checks the visitor in with the invite QR, after which it is used', async () => {
    const { visitId, invitePass } = await onSite('Dana Driver');
    expect((await desk().desk.onSite()).people.map((p) => p.id)).toContain(visitId);
    expect(await kiosk().kiosk.findInvite({ invite: invitePass, language: 'en' })).toEqual({
      status: 'used',
    });
  });
});

describe('extend a visit and reprint a badge', () => {
  it('extends the stay: the old pass is revoked, the new one is valid until the new time, a badge is queued', async () => {
    await offlinePrinter();
    const { visitId, passToken } = await onSite();
    const until = new Date(now().getTime() + 30 * 3_600_000).toISOString();
    const extended = await desk().visits.extend({ visitId, validUntil: until });

    expect(extended.visit).toMatchObject({ id: visitId, status: 'checked_in' });
    expect(extended.pass.validUntil).toBe(until);
    expect(extended.printJobId).not.toBeNull();
    expect(await lookup(passToken)).toMatchObject({ valid: false, reason: 'revoked' });
    expect(await lookup(extended.token)).toMatchObject({ valid: true, visit: { id: visitId } });
    expect(queuedBadges(visitId).at(-1)).toEqual({ printer: 'badges', qr: extended.token });
    const [entry] = (await station.client(staff(station, 'admin')).audit.list({ limit: 1 })).entries;
    expect(entry).toMatchObject({ action: 'visits.extend', outcome: 'ok' });
  });

  it('reprints a badge: same end, new pass, the old one refused, a badge with the new QR queued', async () => {
    await offlinePrinter();
    const { visitId, passToken } = await onSite();
    const before = await lookup(passToken);
    const reprinted = await desk().visits.reprintBadge({ visitId });
    expect(reprinted.pass.validUntil).toBe(before.pass!.validUntil);
    expect(reprinted.pass.id).not.toBe(before.pass!.id);
    expect(await lookup(passToken)).toMatchObject({ valid: false, reason: 'revoked' });
    expect(await lookup(reprinted.token)).toMatchObject({ valid: true });
    expect(queuedBadges(visitId).map((b) => b.qr)).toContain(reprinted.token);
  });

  it('without a printer the new pass still replaces the old one and no job is queued', async () => {
    const { visitId, passToken } = await onSite();
    const reprinted = await desk().visits.reprintBadge({ visitId });
    expect(reprinted.printJobId).toBeNull();
    expect(await lookup(passToken)).toMatchObject({ reason: 'revoked' });
  });

  it('refuses an end that is not later, a visitor not on site and security, changing nothing', async () => {
    const { visitId } = await onSite();
    const invited = await desk().visits.preRegister({
      visitor: { name: 'Not Here' },
      hostId: hostId(station, 'Ana Ruiz'),
      visitorTypeId: typeId(station),
      expectedAt: inAnHour(),
    });
    const before = tableCounts(station);
    const earlier = await rejection(desk().visits.extend({ visitId, validUntil: now().toISOString() }));
    expect(earlier.fields?.validUntil?.message).toBe(
      'The new end must be later than both now and the pass’s current end.',
    );
    const notOnSite = await rejection(desk().visits.reprintBadge({ visitId: invited.id }));
    expect(notOnSite.message).toBe('Only a visitor on site has a badge to extend or reprint.');
    const guard = await rejection(
      station.client(staff(station, 'security')).visits.reprintBadge({ visitId }),
    );
    expect(guard.code).toBe('forbidden');
    // Only the audit log records the refusals.
    expect({ ...tableCounts(station), audit_entries: 0 }).toEqual({ ...before, audit_entries: 0 });
  });
});

describe('the demo host login', () => {
  it('is Ana Ruiz’s host record: she sees and decides on her own visitors only', async () => {
    const ana = station.client(staff(station, 'host'));
    const invited = await ana.visits.preRegister({
      visitor: { name: 'Her Guest' },
      hostId: hostId(station, 'Ana Ruiz'),
      visitorTypeId: typeId(station),
      expectedAt: inAnHour(),
    });
    expect(invited.host?.name).toBe('Ana Ruiz');
    const other = await rejection(
      ana.visits.preRegister({
        visitor: { name: 'Not Hers' },
        hostId: hostId(station, 'Mei Chen'),
        visitorTypeId: typeId(station),
        expectedAt: inAnHour(),
      }),
    );
    expect(other.message).toBe('A host may invite only their own visitors.');
  });
});

describe('zone capacity', () => {
  const zoneId = (name: string) =>
    station.core.db.$client.prepare('SELECT id FROM zones WHERE name = ?').pluck().get(name) as string;
  const walkIn = (name: string, overCapacity = false) =>
    desk().visits.walkIn({
      confirmed: ['documents'],
      visitor: { name },
      hostId: hostId(station, 'Ana Ruiz'),
      visitorTypeId: typeId(station),
      overCapacity,
    });

  it('over a zone’s limit a check-in needs the desk’s approval, which the audit log and report record', async () => {
    const admin = station.client(staff(station, 'admin'));
    const settings = await admin.settings.updateSite({ zoneCapacities: { [zoneId('Laboratory')]: 1 } });
    expect(settings.zoneCapacities).toEqual({ [zoneId('Laboratory')]: 1 });
    await walkIn('First Visitor');

    const before = tableCounts(station);
    const refused = await rejection(walkIn('Second Visitor'));
    expect(refused.message).toBe(
      "The zone “Laboratory” is at its capacity of 1 people; a check-in now needs the desk's approval.",
    );
    expect(refused.fields?.capacity).toMatchObject({ code: 'too_big', params: { max: 1 } });
    expect({ ...tableCounts(station), audit_entries: 0 }).toEqual({ ...before, audit_entries: 0 });

    const approved = await walkIn('Second Visitor', true);
    expect(approved.status).toBe('checked_in');
    const [entry] = (await admin.audit.list({ limit: 1 })).entries;
    expect(entry).toMatchObject({ action: 'visits.walkIn', outcome: 'ok' });
    expect(JSON.stringify(entry)).toContain('Laboratory');
    const { counts } = await admin.reports.exceptions({ from: today(), to: today() });
    expect(counts.capacity_override).toBe(1);
  });

  it('refuses a limit for a zone the site does not have', async () => {
    const refused = await rejection(
      station.client(staff(station, 'admin')).settings.updateSite({ zoneCapacities: { 'no-such-zone': 3 } }),
    );
    expect(refused.message).toBe('That zone does not exist at this site.');
    expect((await desk().settings.site()).zoneCapacities).toEqual({});
  });
});
