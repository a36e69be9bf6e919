// A week offline at a busy site: about 14,000 ops waiting at one station (2,000 visits, each registered,
// checked in and out, with a pass issued and used and a note), while another station of the site worked
// offline too. When both meet the server, everything converges and every op is applied exactly once.
// (How long it takes is measured by the sync bench, not asserted here.)
import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterEach, expect, it } from 'vitest';
import { newId } from '../../src/shared/ids';
import { outboxRepo } from '../../src/db/repos/outbox';
import { passes, visitors, visits } from '../../src/db/schema';
import { expectConverged, expectExactlyOnce, syncUntilQuiet } from '../support/sync/checks';
import { World, outboxSize, type WorldStation } from '../support/sync/world';

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

/** One visit's week: 7 ops, written as the services write them (row and outbox op in one transaction). */
function busyVisit(ws: WorldStation, hostId: string, visitorTypeId: string, i: number) {
  const { db, stationId } = ws.station.core;
  const start = ws.station.core.now().getTime() - 7 * 24 * 3600_000 + i * 5 * 60_000;
  const at = (minutes: number) => new Date(start + minutes * 60_000).toISOString();
  const record = (type: string, entityId: string, payload: Record<string, unknown>, occurredAt: string) =>
    outboxRepo.append(db, { stationId, type, entityId, payload, occurredAt });
  const visitor = {
    id: newId(),
    name: `Visitor ${i}`,
    searchName: `visitor ${i}`,
    company: 'Acme',
    email: null,
    phone: null,
    createdAt: at(0),
    updatedAt: at(0),
  };
  db.insert(visitors).values(visitor).run();
  record('visitor.upsert', visitor.id, visitor, at(0));
  const visit = {
    id: newId(),
    siteId: ws.site.id,
    visitorId: visitor.id,
    hostId,
    visitorTypeId,
    status: 'expected' as const,
    expectedAt: at(0),
    notes: null,
    timezone: ws.site.timezone,
    createdByStationId: stationId,
    createdAt: at(0),
    updatedAt: at(0),
  };
  db.insert(visits).values(visit).run();
  record('visit.create', visit.id, visit, at(0));
  record('visit.status', visit.id, { status: 'checked_in', checkedInAt: at(1) }, at(1));
  const pass = {
    id: newId(),
    visitId: visit.id,
    siteId: ws.site.id,
    tokenHash: randomBytes(16).toString('hex'),
    kind: 'visit' as const,
    status: 'active' as const,
    validFrom: at(1),
    validUntil: at(600),
    zoneIds: [],
    multiEntry: true,
    issuedByStationId: stationId,
    keyId: 'k',
    createdAt: at(1),
    updatedAt: at(1),
  };
  db.insert(passes).values(pass).run();
  record('pass.issue', pass.id, pass, at(1));
  record('pass.status', pass.id, { status: 'used' }, at(2));
  record('visit.update', visit.id, { notes: `Visit ${i} went fine` }, at(3));
  record(
    'visit.status',
    visit.id,
    { status: 'checked_out', checkedOutAt: at(4), checkOutMethod: 'desk' },
    at(4),
  );
  db.update(visits)
    .set({
      status: 'checked_out',
      checkedInAt: at(1),
      checkedOutAt: at(4),
      checkOutMethod: 'desk',
      notes: `Visit ${i} went fine`,
      updatedAt: at(4),
    })
    .where(eq(visits.id, visit.id))
    .run();
  db.update(passes)
    .set({ status: 'used', updatedAt: at(2) })
    .where(eq(passes.id, pass.id))
    .run();
}

it('converges after a week offline with about 14,000 ops waiting', async () => {
  const w = (world = new World());
  const { site, hostIds, visitorTypeId } = await w.addSite('Busy HQ');
  const desk = await w.addStation('desk', site, 'desk', { pushPageSize: 500, pullPageSize: 1000 });
  const kiosk = await w.addStation('kiosk', site, 'kiosk', { pushPageSize: 500, pullPageSize: 1000 });
  const gate = await w.addStation('gate', site, 'gate', { pushPageSize: 500, pullPageSize: 1000 });
  await syncUntilQuiet(w);

  // The week: both stations offline, writing in batches of 100 visits per transaction.
  for (const [ws, visitsThisWeek] of [
    [desk, 2000],
    [kiosk, 150],
  ] as const) {
    for (let from = 0; from < visitsThisWeek; from += 100) {
      ws.station.core.db.$client.transaction(() => {
        for (let i = from; i < Math.min(visitsThisWeek, from + 100); i++)
          busyVisit(ws, hostIds[i % hostIds.length] ?? '', visitorTypeId, i);
      })();
    }
  }
  expect(outboxSize(desk.station)).toBe(14_000);

  await syncUntilQuiet(w);
  expect(await w.store.headSeq()).toBeGreaterThanOrEqual(14_000 + 150 * 7);
  await expectConverged(w, 'backlog');
  await expectExactlyOnce(w, 'backlog');
  const onSite = gate.station.core.db.$client
    .prepare("SELECT count(*) FROM visits WHERE status = 'checked_out'")
    .pluck()
    .get();
  expect(onSite).toBe(2150);
});
