// Legal holds (issue #15): an admin at the desk holds a visitor or a visit with a reason; what a hold
// covers is skipped by the nightly retention job and cannot be erased until the hold is released; placing
// and releasing are audited by ids (the reason only as a hash) and recorded as legalHold ops for sync. A
// real station (its own SQLite file) with an injected clock; the demo's visitors are of today.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { STATION_CALLER } from '../../src/main/core/context';
import { staff } from '../support/desk';
import { as, tableCounts, tempStation, type TestStation } from '../support/station';

const DAY = 86_400_000;
const T0 = Date.now();
let clock = T0;
let station: TestStation;
beforeEach(async () => {
  clock = T0;
  station = await tempStation({ now: () => new Date(clock) });
});
afterEach(() => station.dispose());

const REASON = 'Case 2026-114: claim by Quentin Holdsworth';
const admin = () => station.client(staff(station, 'admin'));
const sql = (q: string, ...args: unknown[]) => station.core.db.$client.prepare(q).all(...args);
const one = (q: string, ...args: unknown[]) =>
  station.core.db.$client.prepare(q).get(...args) as Record<string, unknown> | undefined;
const withoutAudit = (counts: Record<string, number>) => {
  const { audit_entries: _audit, ...rest } = counts;
  return rest;
};

/** Two demo visitors of today, each with their visit. */
async function twoPeople() {
  const visits = (await station.client(as('reception')).visits.today()).visits;
  const [a, b] = visits.filter((v, i) => visits.findIndex((w) => w.visitor.id === v.visitor.id) === i);
  return [a!, b!].map((v) => ({ visitId: v.id, visitorId: v.visitor.id, name: v.visitor.name }));
}

/** Runs the nightly job to the end, as the station does. */
async function retention() {
  for (;;) {
    const batch = await station.client(STATION_CALLER).privacy.runRetention({});
    if (!batch.more) return;
  }
}

const anonymised = (visitId: string) =>
  one('SELECT anonymised_at AS at FROM visits WHERE id = ?', visitId)?.at !== null;

describe('who may place or lift a legal hold', () => {
  it('refuses reception, security, hosts and the kiosk’s visitor, and changes nothing', async () => {
    const [person] = await twoPeople();
    const { holdId } = await admin().privacy.placeHold({ visitorId: person!.visitorId, reason: REASON });
    const before = withoutAudit(tableCounts(station));
    for (const role of ['reception', 'security', 'host', 'visitor'] as const) {
      const client = station.client(as(role));
      await expect(
        client.privacy.placeHold({ visitorId: person!.visitorId, reason: 'Hold please' }),
      ).rejects.toMatchObject({ code: 'forbidden' });
      await expect(client.privacy.releaseHold({ holdId })).rejects.toMatchObject({ code: 'forbidden' });
      await expect(client.privacy.holds({})).rejects.toMatchObject({ code: 'forbidden' });
    }
    expect(withoutAudit(tableCounts(station))).toEqual(before);
    expect(sql('SELECT released_at AS releasedAt FROM legal_holds')).toEqual([{ releasedAt: null }]);
    const refused = sql(
      "SELECT details FROM audit_entries WHERE action LIKE 'privacy.%Hold' AND outcome = 'refused'",
    );
    expect(refused).toHaveLength(8);
    expect(JSON.stringify(refused)).not.toContain('Hold please');
  });

  it('refuses bad input with a specific error and changes nothing', async () => {
    const [a, b] = await twoPeople();
    const before = withoutAudit(tableCounts(station));
    await expect(admin().privacy.placeHold({ reason: REASON })).rejects.toMatchObject({
      code: 'invalid_input',
      fields: { visitorId: expect.anything() },
    });
    await expect(admin().privacy.placeHold({ visitorId: a!.visitorId, reason: ' ' })).rejects.toMatchObject({
      code: 'invalid_input',
      fields: { reason: expect.anything() },
    });
    await expect(admin().privacy.placeHold({ visitorId: 'nobody', reason: REASON })).rejects.toMatchObject({
      code: 'not_found',
      message: 'No visitor with personal data has that id here.',
    });
    await expect(
      admin().privacy.placeHold({ visitorId: a!.visitorId, visitId: b!.visitId, reason: REASON }),
    ).rejects.toMatchObject({ code: 'invalid_input', message: 'That visit is not this visitor’s.' });
    await expect(admin().privacy.releaseHold({ holdId: 'no-such-hold' })).rejects.toMatchObject({
      code: 'not_found',
      message: 'That legal hold does not exist or was already released.',
    });
    expect(withoutAudit(tableCounts(station))).toEqual(before);
  });
});

describe('a legal hold', () => {
  it('is placed and released by an admin, audited by ids, and recorded for every station', async () => {
    const [person] = await twoPeople();
    const { holdId } = await admin().privacy.placeHold({ visitorId: person!.visitorId, reason: REASON });
    const { holds } = await admin().privacy.holds({});
    expect(holds).toEqual([
      expect.objectContaining({
        id: holdId,
        visitorId: person!.visitorId,
        visitId: null,
        reason: REASON,
        name: person!.name,
        placedByName: expect.any(String),
      }),
    ]);
    const placeOp = one("SELECT entity_id AS id, payload FROM outbox_ops WHERE type = 'legalHold.place'");
    expect(placeOp?.id).toBe(holdId);
    expect(JSON.parse(String(placeOp?.payload))).toMatchObject({
      visitorId: person!.visitorId,
      reason: REASON,
    });

    await admin().privacy.releaseHold({ holdId });
    expect((await admin().privacy.holds({})).holds).toEqual([]);
    expect(one("SELECT entity_id AS id FROM outbox_ops WHERE type = 'legalHold.release'")?.id).toBe(holdId);
    // A released hold stays released: releasing it again is refused.
    await expect(admin().privacy.releaseHold({ holdId })).rejects.toMatchObject({ code: 'not_found' });

    const entries = sql(
      "SELECT action, actor_id AS actor, details FROM audit_entries WHERE action IN ('privacy.placeHold', 'privacy.releaseHold') AND outcome = 'ok' ORDER BY seq",
    ) as { action: string; actor: string; details: string }[];
    expect(entries.map((e) => e.action)).toEqual(['privacy.placeHold', 'privacy.releaseHold']);
    expect(entries.every((e) => e.actor === staff(station, 'admin').userId)).toBe(true);
    for (const e of entries)
      expect(JSON.parse(e.details)).toMatchObject({ holdId, visitorId: person!.visitorId });
    // The reason may name someone: the audit log keeps a hash of it, never the words.
    expect(JSON.parse(entries[0]!.details).reason).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(JSON.stringify(entries)).not.toContain('Holdsworth');
  });

  it('keeps a held visitor through retention, counts them on the admin screen, and lets go once released', async () => {
    const [held, other] = await twoPeople();
    const { holdId } = await admin().privacy.placeHold({ visitorId: held!.visitorId, reason: REASON });
    clock = T0 + 400 * DAY;
    const status = await admin().privacy.retentionStatus({});
    expect(status).toMatchObject({ activeHolds: 1, heldByIncidents: 0 });
    expect(status.heldByLegalHolds).toBeGreaterThanOrEqual(1);
    const heldVisits = sql('SELECT id FROM visits WHERE visitor_id = ?', held!.visitorId).length;
    expect(status.heldByLegalHolds).toBe(heldVisits);

    await retention();
    expect(anonymised(other!.visitId)).toBe(true);
    expect(anonymised(held!.visitId)).toBe(false);
    expect(one('SELECT name FROM visitors WHERE id = ?', held!.visitorId)).toEqual({ name: held!.name });
    expect(await admin().privacy.retentionStatus({})).toMatchObject({
      dueVisits: 0,
      heldByLegalHolds: heldVisits,
    });

    await admin().privacy.releaseHold({ holdId });
    expect(await admin().privacy.retentionStatus({})).toMatchObject({
      dueVisits: heldVisits,
      heldByLegalHolds: 0,
      activeHolds: 0,
    });
    await retention();
    expect(anonymised(held!.visitId)).toBe(true);
    expect(one('SELECT name FROM visitors WHERE id = ?', held!.visitorId)).toEqual({ name: '' });
  });

  it('on one visit keeps that visit and the visitor it names, while other old visits go', async () => {
    const [person, other] = await twoPeople();
    await admin().privacy.placeHold({ visitId: person!.visitId, reason: REASON });
    clock = T0 + 400 * DAY;
    await retention();
    expect(anonymised(person!.visitId)).toBe(false);
    expect(anonymised(other!.visitId)).toBe(true);
    expect(one('SELECT name FROM visitors WHERE id = ?', person!.visitorId)).toEqual({ name: person!.name });
    expect((await admin().privacy.holds({})).holds).toEqual([
      expect.objectContaining({ visitId: person!.visitId, visitorId: null, name: person!.name }),
    ]);
  });

  it('stops an erasure with an error that names it, and nothing is changed', async () => {
    const [person] = await twoPeople();
    const { holdId } = await admin().privacy.placeHold({ visitId: person!.visitId, reason: REASON });
    const placedOn = String(one('SELECT created_at AS at FROM legal_holds WHERE id = ?', holdId)?.at).slice(
      0,
      10,
    );
    const before = withoutAudit(tableCounts(station));
    await expect(admin().privacy.erasePerson({ visitorId: person!.visitorId })).rejects.toMatchObject({
      code: 'conflict',
      message: `A legal hold placed on ${placedOn} covers this person: release it first, then erase them.`,
    });
    expect(withoutAudit(tableCounts(station))).toEqual(before);
    expect(one('SELECT name FROM visitors WHERE id = ?', person!.visitorId)).toEqual({ name: person!.name });
    await admin().privacy.releaseHold({ holdId });
    expect(await admin().privacy.erasePerson({ visitorId: person!.visitorId })).toMatchObject({
      anonymisedVisitors: 1,
    });
  });
});
