// Local changes the station has no service for yet (passes, visit notes, the watchlist at a desk), made the
// way a service makes them: the row and its outbox op in one transaction.
import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { newId } from '../../../src/shared/ids';
import { outboxRepo } from '../../../src/db/repos/outbox';
import { passes, visits, watchlistEntries } from '../../../src/db/schema';
import type { Station } from '../../../src/main/station';
import { PASS_STATUS_RANK } from '../../../src/shared/merge';
import type { PassStatus } from '../../../src/shared/domain';

function change(
  station: Station,
  type: string,
  entityId: string,
  payload: Record<string, unknown>,
  write: (nowIso: string) => void,
) {
  const { db, stationId } = station.core;
  const nowIso = station.core.now().toISOString();
  db.$client
    .transaction(() => {
      write(nowIso);
      outboxRepo.append(db, { stationId, type, entityId, payload, occurredAt: nowIso });
    })
    .immediate();
}

export function issuePass(station: Station, visitId: string): string | undefined {
  const visit = station.core.db.select().from(visits).where(eq(visits.id, visitId)).get();
  if (!visit) return undefined;
  const now = station.core.now();
  const at = now.toISOString();
  const row = {
    id: newId(),
    visitId,
    siteId: visit.siteId,
    tokenHash: randomBytes(32).toString('hex'),
    kind: 'visit' as const,
    status: 'active' as const,
    validFrom: at,
    validUntil: new Date(now.getTime() + 8 * 3600_000).toISOString(),
    zoneIds: [] as string[],
    multiEntry: true,
    issuedByStationId: station.core.stationId,
    keyId: 'sim-key',
    createdAt: at,
    updatedAt: at,
  };
  change(station, 'pass.issue', row.id, row, () => station.core.db.insert(passes).values(row).run());
  return row.id;
}

/** Moves a pass forward (the station refuses a backward move, as a pass service would). */
export function setPassStatus(station: Station, passId: string, status: PassStatus): boolean {
  const pass = station.core.db.select().from(passes).where(eq(passes.id, passId)).get();
  if (!pass || PASS_STATUS_RANK[status] <= PASS_STATUS_RANK[pass.status]) return false;
  change(station, 'pass.status', passId, { status }, (at) =>
    station.core.db.update(passes).set({ status, updatedAt: at }).where(eq(passes.id, passId)).run(),
  );
  return true;
}

export function editVisitNotes(station: Station, visitId: string, notes: string): void {
  change(station, 'visit.update', visitId, { notes }, (at) =>
    station.core.db.update(visits).set({ notes, updatedAt: at }).where(eq(visits.id, visitId)).run(),
  );
}

export function addWatchlistEntry(station: Station, name: string): string {
  const at = station.core.now().toISOString();
  const row = {
    id: newId(),
    name,
    aliases: [] as string[],
    reason: 'Banned from site',
    level: 'deny' as const,
    createdAt: at,
    updatedAt: at,
  };
  change(station, 'watchlist.upsert', row.id, row, () =>
    station.core.db.insert(watchlistEntries).values(row).run(),
  );
  return row.id;
}

export function deleteWatchlistEntry(station: Station, id: string): void {
  change(station, 'watchlist.delete', id, {}, (at) =>
    station.core.db
      .update(watchlistEntries)
      .set({ deletedAt: at, updatedAt: at })
      .where(eq(watchlistEntries.id, id))
      .run(),
  );
}
