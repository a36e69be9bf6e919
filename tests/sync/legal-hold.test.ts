// Legal holds through sync (issue #15): a hold placed at one desk reaches the server and the site's other
// stations as a legalHold op, so no desk's nightly job anonymises what another desk holds, and its release
// travels the same way. Only a desk may author one: a kiosk or gate credential pushing a hold (or a
// release) is refused by the server, and a gate refuses to record one. Real stations, a real sync server
// on loopback, an injected clock.
import { describe, expect, it } from 'vitest';
import type { StationEvent } from '../../src/shared/events';
import type { Station } from '../../src/main/station';
import { STATION_CALLER } from '../../src/main/core/context';
import { as } from '../support/station';
import { addSite, enrollRaw, pushRaw, rawOp } from '../support/sync/http';
import { enrolledStations, syncedUntil } from '../support/sync/enrolled';
import { serverRow as entityRow, useSyncServer } from '../support/sync/server';

const ADMIN = 'legal-hold-admin-token';
const server = useSyncServer('legal-hold', ADMIN);
const { site, station, pushed } = enrolledStations(server, ADMIN);

const DAY = 86_400_000;
/** The test's own epoch, well behind the server's clock (ops from the future would be quarantined). */
const T0 = Date.now() - 500 * DAY;

const row = (s: Station, q: string, ...args: unknown[]) =>
  s.core.db.$client.prepare(q).get(...args) as Record<string, unknown> | undefined;

const serverRow = (kind: string, id: string) => entityRow(server, kind, id);

async function retention(s: Station) {
  for (;;) {
    const batch = (await s.dispatcher.call('privacy.runRetention', {}, STATION_CALLER)) as { more: boolean };
    if (!batch.more) return;
  }
}

describe('who may author a legal hold', () => {
  it('the server refuses a hold or a release pushed with a kiosk or a gate credential', async () => {
    const siteId = await addSite(server.base, ADMIN, 'Quay');
    for (const role of ['kiosk', 'gate'] as const) {
      const s = await enrollRaw(server.base, ADMIN, siteId, role);
      const holdId = `hold-${role}`;
      const answer = await pushRaw(server.base, s.credential, [
        rawOp(s.stationId, 1, {
          type: 'legalHold.place',
          entityId: holdId,
          siteId,
          payload: {
            siteId,
            visitorId: 'someone',
            visitId: null,
            reason: 'Hold it',
            placedBy: null,
            releasedAt: null,
            releasedBy: null,
            createdAt: new Date().toISOString(),
            updatedAt: new Date().toISOString(),
          },
        }),
        rawOp(s.stationId, 2, {
          type: 'legalHold.release',
          entityId: holdId,
          siteId,
          payload: { releasedAt: new Date().toISOString(), releasedBy: null },
        }),
      ]);
      expect(answer.status).toBe(200);
      expect(answer.body.acks).toEqual([]);
      expect(answer.body.rejected).toEqual([
        expect.objectContaining({ stationSeq: 1, reason: 'forbidden_role' }),
        expect.objectContaining({ stationSeq: 2, reason: 'forbidden_role' }),
      ]);
      expect(serverRow('legalHold', holdId)).toBeUndefined();
    }
    expect((await server.store.log()).filter((o) => o.type.startsWith('legalHold.'))).toEqual([]);
  });

  it('an admin signed in at a gate cannot place or lift a hold there', async () => {
    const siteId = await site('Pier');
    const desk = await station(siteId, 'desk');
    const gate = await station(siteId, 'gate');
    const { visitorId, holdId } = await oneHeldVisitor(desk);
    await pushed(desk);
    await syncedUntil(
      gate,
      () => row(gate, 'SELECT count(*) AS n FROM legal_holds'),
      (r) => r?.n === 1,
      'the hold at the gate',
    );
    const admin = gate.client(as('admin'));
    await expect(admin.privacy.placeHold({ visitorId, reason: 'Another hold' })).rejects.toMatchObject({
      code: 'forbidden',
    });
    await expect(admin.privacy.releaseHold({ holdId })).rejects.toMatchObject({ code: 'forbidden' });
    expect(row(gate, 'SELECT count(*) AS n FROM outbox_ops')).toEqual({ n: 0 });
    expect(row(gate, 'SELECT released_at AS at FROM legal_holds WHERE id = ?', holdId)).toEqual({ at: null });
  });
});

/** A host, a visitor type and one pre-registered visitor at the desk, held by its admin. */
async function oneHeldVisitor(desk: Station, at = new Date()) {
  const admin = desk.client(as('admin'));
  const type = await admin.visitorTypes.save({
    names: { en: 'Visitor' },
    color: '#225588',
    photo: 'none',
    requiresId: false,
    requiresApproval: false,
    customFields: [],
  });
  const host = await admin.hosts.save({ name: 'Ana Ruiz', email: null, phone: null, department: null });
  const visit = (name: string) =>
    admin.visits.preRegister({
      visitor: { name },
      hostId: host.id,
      visitorTypeId: type.id,
      expectedAt: at.toISOString(),
    });
  const held = await visit('Hester Holdfast');
  const other = await visit('Otto Letgo');
  const visitorId = row(desk, 'SELECT visitor_id AS v FROM visits WHERE id = ?', held.id)!.v as string;
  const { holdId } = await admin.privacy.placeHold({ visitorId, reason: 'Case 77: insurance claim' });
  return { visitorId, holdId, heldVisit: held.id, otherVisit: other.id };
}

describe('a hold across the site', () => {
  it('reaches the server and the other desk, whose nightly job skips it, and its release travels back', async () => {
    let clock = T0;
    const now = () => new Date(clock);
    const siteId = await site('Harbour');
    const north = await station(siteId, 'desk', { now });
    const south = await station(siteId, 'desk', { now });
    // The other desk's open screens hear of the hold, so its holds list reloads.
    const heard: StationEvent[] = [];
    south.onEvent((e) => heard.push(e));
    const { holdId, heldVisit, otherVisit } = await oneHeldVisitor(north, now());
    await pushed(north);
    expect(serverRow('legalHold', holdId)).toMatchObject({
      siteId,
      reason: 'Case 77: insurance claim',
      releasedAt: null,
    });
    const { holds } = await syncedUntil(
      south,
      () => south.client(as('admin')).privacy.holds({}),
      (v) => v.holds.length === 1 && v.holds[0]!.name === 'Hester Holdfast',
      'the hold at the other desk',
    );
    expect(holds[0]).toMatchObject({ id: holdId, reason: 'Case 77: insurance claim' });
    expect(heard).toContainEqual({ event: 'legalHold.changed', payload: { holdId } });

    // 400 days later the other desk's job runs: the held visitor's visit stays, the other one goes.
    clock = T0 + 400 * DAY;
    expect(await south.client(as('admin')).privacy.retentionStatus({})).toMatchObject({
      dueVisits: 1,
      heldByLegalHolds: 1,
      activeHolds: 1,
    });
    await retention(south);
    await pushed(south);
    await syncedUntil(
      north,
      () => row(north, 'SELECT anonymised_at AS at FROM visits WHERE id = ?', otherVisit),
      (r) => r?.at != null,
      'the other visit anonymised at the first desk',
    );
    for (const s of [north, south])
      expect(
        row(
          s,
          'SELECT p.name FROM visits v JOIN visitors p ON p.id = v.visitor_id WHERE v.id = ?',
          heldVisit,
        ),
      ).toEqual({ name: 'Hester Holdfast' });
    expect(serverRow('visit', heldVisit)).toMatchObject({ anonymisedAt: null });

    // Released at the other desk: the first one learns it, and its job then lets the visit go.
    await south.client(as('admin')).privacy.releaseHold({ holdId });
    await pushed(south);
    await syncedUntil(
      north,
      () => north.client(as('admin')).privacy.holds({}),
      (v) => v.holds.length === 0,
      'the release at the first desk',
    );
    expect(serverRow('legalHold', holdId)).toMatchObject({ releasedAt: expect.any(String) });
    await retention(north);
    expect(row(north, 'SELECT anonymised_at AS at FROM visits WHERE id = ?', heldVisit)?.at).not.toBeNull();
  });
});
