// Retention per visitor type (issue #15): a visitor type may keep its visits' personal data for fewer (or
// more) days than the site. The desk's nightly job anonymises each visit by its type's period, else the
// site's; the period travels to the other stations with the type's op. A real station (its own SQLite
// file) with an injected clock.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { personalHash } from '../../src/main/core/audit';
import { STATION_CALLER } from '../../src/main/core/context';
import { hostId, staff } from '../support/desk';
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
