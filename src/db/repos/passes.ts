import { and, eq, isNotNull } from 'drizzle-orm';
import type { Db } from '../open';
import { passes, stations } from '../schema';

export type PassRow = typeof passes.$inferSelect;

export const passesRepo = {
  insert(db: Db, row: typeof passes.$inferInsert): void {
    db.insert(passes).values(row).run();
  },
  get(db: Db, id: string): PassRow | undefined {
    return db.select().from(passes).where(eq(passes.id, id)).get();
  },
  update(db: Db, id: string, patch: Partial<typeof passes.$inferInsert>): void {
    db.update(passes).set(patch).where(eq(passes.id, id)).run();
  },
  forVisit(db: Db, visitId: string): PassRow[] {
    return db.select().from(passes).where(eq(passes.visitId, visitId)).all();
  },
  /** The public keys of a site's stations, for the keyring that verifies passes offline. */
  siteKeys(db: Db, siteId: string) {
    return db
      .select({
        stationId: stations.id,
        keyId: stations.keyId,
        publicKey: stations.publicKey,
        retiredAt: stations.retiredAt,
      })
      .from(stations)
      .where(and(eq(stations.siteId, siteId), isNotNull(stations.publicKey), isNotNull(stations.keyId)))
      .all();
  },
};
