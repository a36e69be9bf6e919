// The days a kiosk meets in real life, each on an injected clock so the test means the same on any day it
// runs: a check-in just before local midnight, both daylight-saving changes of the demo site's zone
// (Europe/London) and 29 February. A walk-in's pass runs to the end of the local day; the desk's today
// list, the visit search and the daily report put the visit on the local day it happened.
import { DateTime } from 'luxon';
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_SITE } from '../../src/main/demo';
import { checkPass } from '../../src/main/passes/service';
import { as, tempStation, type TestStation } from '../support/station';

const ZONE = DEMO_SITE.timezone;

let station: TestStation;
afterEach(() => station.dispose());

/** A kiosk whose clock the test sets; returns the clock's setter. */
async function kioskAt(iso: string) {
  let clock = new Date(iso);
  station = await tempStation({ preset: { kind: 'kiosk' }, now: () => clock });
  return (next: string) => {
    clock = new Date(next);
  };
}

async function walkIn(name: string) {
  const kiosk = station.client(as('visitor'));
  const type = (await kiosk.visitorTypes.list()).types.find((t) => t.names.en === 'Visitor')!;
  const hostId = (await kiosk.kiosk.findHosts({ query: 'Ana Ruiz' })).hosts[0]!.id;
  const { documents } = await kiosk.kiosk.documents({ visitorTypeId: type.id, language: 'en' });
  const result = await kiosk.kiosk.checkIn({
    visitorTypeId: type.id,
    language: 'en',
    visitor: { name },
    hostId,
    customFields: {},
    signatures: documents.map((d) => ({ documentId: d.id, typedName: name })),
  });
  if (result.outcome !== 'checked_in') throw new Error(`not checked in: ${result.outcome}`);
  return result;
}

const passAt = (token: string, iso: string) =>
  checkPass(station.core.db, token, { siteId: DEMO_SITE.id, zoneId: null, now: new Date(iso) });

const localDay = (iso: string) => DateTime.fromISO(iso, { zone: ZONE }).toISODate()!;

describe.each([
  // [what, check-in (UTC), the local day, the local midnight that ends it (UTC)]
  [
    'ten minutes before local midnight in winter',
    '2027-01-14T23:50:00Z',
    '2027-01-14',
    '2027-01-15T00:00:00.000Z',
  ],
  [
    'late on the day London leaves summer time (25 hours)',
    '2026-10-25T23:30:00Z',
    '2026-10-25',
    '2026-10-26T00:00:00.000Z',
  ],
  [
    'late on the day London enters summer time (23 hours)',
    '2027-03-28T22:30:00Z',
    '2027-03-28',
    '2027-03-28T23:00:00.000Z',
  ],
  ['just before midnight in summer time', '2027-07-01T22:50:00Z', '2027-07-01', '2027-07-01T23:00:00.000Z'],
  ['on 29 February', '2028-02-29T12:00:00Z', '2028-02-29', '2028-03-01T00:00:00.000Z'],
])('a walk-in %s', (_what, checkInAt, day, midnight) => {
  it('gets a pass that ends at local midnight and belongs to that local day', async () => {
    const setClock = await kioskAt(checkInAt);
    expect(localDay(checkInAt)).toBe(day);
    const { visitId, passToken } = await walkIn('Grace Hopper');

    const pass = station.core.db.$client
      .prepare('SELECT valid_until FROM passes WHERE visit_id = ?')
      .pluck()
      .get(visitId) as string;
    expect(new Date(pass).toISOString()).toBe(midnight);
    const lastMinute = new Date(Date.parse(midnight) - 60_000).toISOString();
    expect(passAt(passToken, lastMinute).ok).toBe(true);
    const nextDay = new Date(Date.parse(midnight) + 60_000).toISOString();
    expect(passAt(passToken, nextDay)).toMatchObject({ ok: false, reason: 'expired' });

    const desk = station.client(as('reception'));
    expect((await desk.visits.today()).visits.map((v) => v.id)).toContain(visitId);
    const report = await desk.reports.visits({ from: day, to: day });
    expect(report.days).toEqual([expect.objectContaining({ date: day, arrivals: 1 })]);
    expect(report.byHour[DateTime.fromISO(checkInAt, { zone: ZONE }).hour]).toBe(1);

    // After local midnight the visitor is still on site (the desk still lists them), but the new day's
    // report and a search for today do not count them, and yesterday's search finds them.
    setClock(nextDay);
    expect((await desk.visits.today()).visits.map((v) => v.id)).toContain(visitId);
    const next = localDay(nextDay);
    expect((await desk.reports.visits({ from: next, to: next })).totals.arrivals).toBe(0);
    const yesterday = await desk.visits.search({ query: 'date:yesterday Grace' });
    expect(yesterday.visits.map((v) => v.id)).toEqual([visitId]);
    const today = await desk.visits.search({ query: 'date:today Grace' });
    expect(today.visits).toEqual([]);
  });
});

describe('dates the desk types', () => {
  it('accepts 29 February in a leap year and refuses it in another', async () => {
    await kioskAt('2028-02-20T10:00:00Z');
    const desk = station.client(as('reception'));
    const typeId = (await desk.visitorTypes.list()).types[0]!.id;
    const dry = await desk.visits.importCsv({
      csv: 'name,host,expected\nAda Lovelace,Ana Ruiz,2028-02-29 09:30\nAlan Turing,Ana Ruiz,2029-02-29 09:30\n',
      visitorTypeId: typeId,
      dryRun: true,
    });
    expect(dry.rows.map((r) => r.problems.map((p) => p.message))).toEqual([
      [],
      ['"2029-02-29 09:30" is not a date and time; write it as YYYY-MM-DD HH:MM.'],
    ]);
  });
});
