// Retention per visitor type (issue #15): a visitor type may keep its visits' personal data for fewer (or
// more) days than the site. The desk's nightly job anonymises each visit by its type's period, else the
// site's; the period travels to the other stations with the type's op; the job walks the visits in rowid
// order past those a longer period holds. A real station (its own SQLite file) with an injected clock.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { privacyRepo } from '../../src/db/repos/privacy';
import { personalHash } from '../../src/main/core/audit';
import { STATION_CALLER } from '../../src/main/core/context';
import { DEMO_SITE } from '../../src/main/demo';
import { retentionCutoffs } from '../../src/main/privacy/anonymise';
import { retainAll } from '../../src/main/privacy/retention-job';
import { hostId, staff, typeId } from '../support/desk';
import { tableCounts, tempStation, type TestStation } from '../support/station';

const DAY = 86_400_000;
/** The test's own epoch (the demo's visits are of today: none of them is anywhere near a period's end). */
const T0 = Date.now();
let clock = T0;
let station: TestStation;
beforeEach(async () => {
  clock = T0;
  station = await tempStation({ now: () => new Date(clock) });
});
afterEach(() => station.dispose());

const admin = () => station.client(staff(station, 'admin'));
const row = (q: string, ...args: unknown[]) =>
  station.core.db.$client.prepare(q).get(...args) as Record<string, unknown> | undefined;
const anonymised = (visitId: string) =>
  row('SELECT anonymised_at AS at FROM visits WHERE id = ?', visitId)?.at !== null;

async function newType(english: string, retentionDays?: number | null) {
  return admin().visitorTypes.save({
    names: { en: english },
    color: '#336699',
    photo: 'none',
    requiresId: false,
    requiresApproval: false,
    customFields: [],
    ...(retentionDays === undefined ? {} : { retentionDays }),
  });
}

async function expected(name: string, visitorTypeId: string) {
  const visit = await station.client(staff(station, 'reception')).visits.preRegister({
    visitor: { name },
    hostId: hostId(station, 'Jürgen Weiß'),
    visitorTypeId,
    expectedAt: new Date(clock).toISOString(),
  });
  return visit.id;
}

describe('retention per visitor type', () => {
  it('anonymises a short-retention type’s visits after its own period and leaves the site’s alone', async () => {
    const delivery = await newType('Courier', 30);
    const guest = await newType('Guest');
    expect(delivery.retentionDays).toBe(30);
    expect(guest.retentionDays).toBeNull();
    // The period travels with the type's op, so every station of the site applies the same rule.
    const op = row(
      "SELECT payload FROM outbox_ops WHERE type = 'visitorType.upsert' AND entity_id = ? ORDER BY rowid DESC",
      delivery.id,
    );
    expect(JSON.parse(String(op?.payload))).toMatchObject({ retentionDays: 30 });

    const courierVisit = await expected('Corrie Courier', delivery.id);
    const guestVisit = await expected('Gus Guest', guest.id);
    clock = T0 + 40 * DAY;
    const status = await admin().privacy.retentionStatus({});
    expect(status.retentionDays).toBe(365);
    expect(status.dueVisits).toBeGreaterThanOrEqual(1);

    await station.client(STATION_CALLER).privacy.runRetention({});
    expect(row('SELECT anonymised_at AS at FROM visits WHERE id = ?', courierVisit)?.at).not.toBeNull();
    expect(row('SELECT anonymised_at AS at FROM visits WHERE id = ?', guestVisit)?.at).toBeNull();
    expect(
      row('SELECT p.name FROM visits v JOIN visitors p ON p.id = v.visitor_id WHERE v.id = ?', guestVisit),
    ).toEqual({ name: 'Gus Guest' });
    expect(row("SELECT count(*) AS n FROM visitors WHERE name = 'Corrie Courier'")).toEqual({ n: 0 });
    // The job's audit entry keeps the rule it applied, per type, counts, and a hash of the ids it anonymised
    // (the courier's visit, and the visitors no visit names any more), so an auditor can confirm them.
    const entry = row(
      "SELECT details FROM audit_entries WHERE action = 'privacy.runRetention' ORDER BY rowid DESC LIMIT 1",
    );
    const visitors = station.core.db.$client
      .prepare(
        "SELECT id FROM visitors WHERE anonymised_at IS NOT NULL AND id NOT LIKE 'anonymous-%' ORDER BY id",
      )
      .pluck()
      .all();
    expect(visitors.length).toBeGreaterThanOrEqual(1);
    expect(JSON.parse(String(entry?.details))).toMatchObject({
      typeRetentionDays: { [delivery.id]: 30 },
      anonymisedVisits: 1,
      anonymisedVisitors: visitors.length,
      idsHash: personalHash({ visits: [courierVisit], visitors }),
    });

    // A longer period than the site's holds a type's visits past the site's: the guest type keeps its
    // visitors 400 days; at 380 days the guest is still there.
    await admin().visitorTypes.save({ ...guest, typeId: guest.id, retentionDays: 400 });
    clock = T0 + 380 * DAY;
    await station.client(STATION_CALLER).privacy.runRetention({});
    expect(row('SELECT anonymised_at AS at FROM visits WHERE id = ?', guestVisit)?.at).toBeNull();
    clock = T0 + 401 * DAY;
    await station.client(STATION_CALLER).privacy.runRetention({});
    expect(row('SELECT anonymised_at AS at FROM visits WHERE id = ?', guestVisit)?.at).not.toBeNull();
  });

  it('refuses a period that is not a whole number of days from 1 to 3650, and changes nothing', async () => {
    const before = tableCounts(station);
    for (const retentionDays of [0, -5, 3651, 2.5])
      await expect(newType('Odd', retentionDays)).rejects.toMatchObject({ code: 'invalid_input' });
    const { audit_entries: _a, ...rest } = tableCounts(station);
    const { audit_entries: _b, ...was } = before;
    expect(rest).toEqual(was);
  });
});

/** One step of the walk, a visit at a time, from the cursor. */
const step = (after: number) =>
  privacyRepo.dueVisits(
    station.core.db,
    DEMO_SITE.id,
    retentionCutoffs(station.core.db, new Date(clock), DEMO_SITE.id, 365),
    1,
    after,
  );

// The job's walk: due visits in rowid order, with a cursor carried from batch to batch, so visits held (a
// legal hold, an open incident, a type's longer period) are read once a run and a batch's visits share
// pages. It must miss no due visit: one made behind the cursor with an old date (as a synced one) is found
// in the same run, one whose hold is lifted behind the cursor by the next run.
describe('the retention walk', () => {
  it('finds every due visit once in rowid order and passes the held ones', async () => {
    const courier = await newType('Courier', 30);
    const guest = typeId(station);
    const c1 = await expected('Cora One', courier.id);
    const g1 = await expected('Gil One', guest); // the site's 365 days hold it at 40 days
    const c2 = await expected('Cora Two', courier.id);
    const c3 = await expected('Cora Three', courier.id);
    await admin().privacy.placeHold({ visitId: c2, reason: 'Case 7' });
    const c4 = await expected('Cora Four', courier.id);
    clock = T0 + 40 * DAY;

    const walked: string[] = [];
    for (let after = 0; ;) {
      const { ids, last } = step(after);
      if (ids.length === 0) {
        expect(last).toBe(after);
        break;
      }
      expect(last).toBeGreaterThan(after);
      walked.push(...ids);
      after = last;
    }
    expect(walked).toEqual([c1, c3, c4]);
    expect(walked).not.toContain(g1);
  });

  it('misses no visit that became due while the job ran', async () => {
    const courier = await newType('Courier', 30);
    const c1 = await expected('Cora One', courier.id);
    const { holdId } = await admin().privacy.placeHold({ visitId: c1, reason: 'Case 8' });
    const c2 = await expected('Cora Two', courier.id);
    const c3 = await expected('Cora Three', courier.id);
    clock = T0 + 40 * DAY;

    const first = step(0);
    expect(first.ids).toEqual([c2]);
    // Behind the cursor, c1's hold is lifted; ahead of it a visit with an old date arrives (as a synced
    // one does): a new row, so a higher rowid, found in this same run.
    await admin().privacy.releaseHold({ holdId });
    clock = T0;
    const late = await expected('Cora Late', courier.id);
    clock = T0 + 40 * DAY;
    const second = step(first.last);
    expect(second.ids).toEqual([c3]);
    expect(step(second.last).ids).toEqual([late]);
    // c1 waits for the next run, which starts from the beginning.
    expect(step(0).ids).toEqual([c1]);

    // The job itself, through the station's API, batch after batch: nothing due is left.
    const done = await retainAll(station.core, station.dispatcher);
    expect(done.anonymisedVisits).toBe(4);
    for (const id of [c1, c2, c3, late]) expect(anonymised(id)).toBe(true);
    const batch = await station.client(STATION_CALLER).privacy.runRetention({});
    expect(batch).toMatchObject({ anonymisedVisits: 0, more: false });
  });
});
