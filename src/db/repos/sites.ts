import { asc, eq } from 'drizzle-orm';
import type { Db } from '../open';
import { sites, stations, zones } from '../schema';

export type SiteRow = typeof sites.$inferSelect;
export type StationRow = typeof stations.$inferSelect;

export const sitesRepo = {
  list(db: Db): SiteRow[] {
    return db.select().from(sites).orderBy(asc(sites.name)).all();
  },
  get(db: Db, id: string): SiteRow | undefined {
    return db.select().from(sites).where(eq(sites.id, id)).get();
  },
  insert(db: Db, row: typeof sites.$inferInsert): void {
    db.insert(sites).values(row).run();
  },
};

/** The zones of a site (a gate opens one; zone limits count visitors in each). */
export const zonesRepo = {
  /** A site's zones by name. */
  list(db: Db, siteId: string): { id: string; name: string }[] {
    return db
      .select({ id: zones.id, name: zones.name })
      .from(zones)
      .where(eq(zones.siteId, siteId))
      .orderBy(asc(zones.name))
      .all();
  },
  get(db: Db, id: string): { id: string; name: string } | undefined {
    return db.select({ id: zones.id, name: zones.name }).from(zones).where(eq(zones.id, id)).get();
  },
  insert(db: Db, row: typeof zones.$inferInsert): void {
    db.insert(zones).values(row).run();
  },
};

export const stationsRepo = {
  get(db: Db, id: string): StationRow | undefined {
    return db.select().from(stations).where(eq(stations.id, id)).get();
  },
  insert(db: Db, row: typeof stations.$inferInsert): void {
    db.insert(stations).values(row).run();
  },
  update(db: Db, id: string, patch: Partial<typeof stations.$inferInsert>): void {
    db.update(stations).set(patch).where(eq(stations.id, id)).run();
  },
};
