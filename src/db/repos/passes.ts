import { and, eq, isNotNull, lt } from 'drizzle-orm';
import type { Db } from '../open';
import { passes, stations } from '../schema';
import type { PassStatus } from '../../shared/domain';

export type PassRow = typeof passes.$inferSelect;

/**
 * Writes a pass's status. Only src/main/passes/lifecycle.ts may import this (it checks canMovePass and
 * records the change for sync); tests/unit/status-writers.test.ts fails on any other importer.
 */
export function writePassStatus(db: Db, id: string, status: PassStatus, updatedAt: string): void {
  db.update(passes).set({ status, updatedAt }).where(eq(passes.id, id)).run();
}

export const passesRepo = {
  /** A new pass is always active; its status moves later through passes/lifecycle.ts. */
  insert(db: Db, row: typeof passes.$inferInsert & { status: 'active' }): void {
    db.insert(passes).values(row).run();
  },
  get(db: Db, id: string): PassRow | undefined {
    return db.select().from(passes).where(eq(passes.id, id)).get();
  },
  forVisit(db: Db, visitId: string): PassRow[] {
    return db.select().from(passes).where(eq(passes.visitId, visitId)).all();
  },
  /**
   * Active passes this station issued whose validity ended before `nowIso`, oldest first. Only the issuing
   * station expires a pass, so the site's stations do not each record the same change.
   */
  overdue(db: Db, stationId: string, nowIso: string, limit: number): PassRow[] {
    return db
      .select()
      .from(passes)
      .where(
        and(
          eq(passes.issuedByStationId, stationId),
          eq(passes.status, 'active'),
          lt(passes.validUntil, nowIso),
        ),
      )
      .orderBy(passes.validUntil)
      .limit(limit)
      .all();
  },
  /** The public keys of a site's stations, for the keyring that verifies passes offline. */
  siteKeys(db: Db, siteId: string) {
    return db
      .select({
        stationId: stations.id,
        stationKind: stations.kind,
        keyId: stations.keyId,
        publicKey: stations.publicKey,
        retiredAt: stations.retiredAt,
      })
      .from(stations)
      .where(and(eq(stations.siteId, siteId), isNotNull(stations.publicKey), isNotNull(stations.keyId)))
      .all();
  },
};
