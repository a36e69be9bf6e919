// A site's shared device profile (issue #16): one row per site, its id the site's. Written here by the
// desk that shares it and by sync (src/db/repos/sync.ts) when one arrives.
import { eq } from 'drizzle-orm';
import type { Db } from '../open';
import { deviceProfiles } from '../schema';

export type DeviceProfileRow = typeof deviceProfiles.$inferSelect;

export const deviceProfilesRepo = {
  get(db: Db, siteId: string): DeviceProfileRow | undefined {
    return db.select().from(deviceProfiles).where(eq(deviceProfiles.id, siteId)).get();
  },
  /** Shares a profile for its site: the whole profile replaces the one before (createdAt stays). */
  put(db: Db, row: DeviceProfileRow): void {
    const { id: _id, createdAt: _created, ...change } = row;
    db.insert(deviceProfiles)
      .values(row)
      .onConflictDoUpdate({ target: deviceProfiles.id, set: change })
      .run();
  },
};
