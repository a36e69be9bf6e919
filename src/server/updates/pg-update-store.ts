// The update feeds' metadata on PostgreSQL (./store.ts), on the PgSyncStore's pool: every instance serves
// the same releases, rollouts and pins. Two instances publishing one version at once: the primary key
// decides, the second is told it is already published.
import { and, desc, eq } from 'drizzle-orm';
import { sites } from '../db/pg-schema';
import type { PgSyncStore } from '../pg-store';
import { updateHistory, updatePins, updateReleases } from './pg-schema';
import type { HistoryEntry, ReleaseKey, ReleaseRow, UpdateStore } from './store';

const releaseWhere = (key: ReleaseKey) =>
  and(
    eq(updateReleases.channel, key.channel),
    eq(updateReleases.platform, key.platform),
    eq(updateReleases.version, key.version),
  );

export class PgUpdateStore implements UpdateStore {
  constructor(private readonly store: PgSyncStore) {}

  private get db() {
    return this.store.db;
  }

  async record(entry: HistoryEntry) {
    await this.db.insert(updateHistory).values(entry);
  }
  addRelease(row: ReleaseRow, entry: HistoryEntry) {
    return this.db.transaction(async (tx) => {
      const inserted = await tx
        .insert(updateReleases)
        .values(row)
        .onConflictDoNothing()
        .returning({ version: updateReleases.version });
      if (inserted.length === 0) return false;
      await tx.insert(updateHistory).values(entry);
      return true;
    });
  }
  setRollout(key: ReleaseKey, rollout: number, at: string, entry: HistoryEntry) {
    return this.db.transaction(async (tx) => {
      const changed = await tx
        .update(updateReleases)
        .set({ rollout, updatedAt: at })
        .where(releaseWhere(key))
        .returning({ version: updateReleases.version });
      if (changed.length === 0) return false;
      await tx.insert(updateHistory).values(entry);
      return true;
    });
  }
  pin(siteId: string, version: string | null, at: string, entry: HistoryEntry) {
    return this.db.transaction(async (tx): Promise<'ok' | 'no_site' | 'no_release'> => {
      const [site] = await tx.select({ id: sites.id }).from(sites).where(eq(sites.id, siteId));
      if (!site) return 'no_site';
      if (version === null) await tx.delete(updatePins).where(eq(updatePins.siteId, siteId));
      else {
        const [release] = await tx
          .select({ version: updateReleases.version })
          .from(updateReleases)
          .where(eq(updateReleases.version, version))
          .limit(1);
        if (!release) return 'no_release';
        await tx
          .insert(updatePins)
          .values({ siteId, version, pinnedAt: at })
          .onConflictDoUpdate({ target: updatePins.siteId, set: { version, pinnedAt: at } });
      }
      await tx.insert(updateHistory).values(entry);
      return 'ok';
    });
  }
  releases(platform?: string) {
    return this.db
      .select()
      .from(updateReleases)
      .where(platform ? eq(updateReleases.platform, platform) : undefined);
  }
  async release(key: ReleaseKey) {
    const [row] = await this.db.select().from(updateReleases).where(releaseWhere(key));
    return row;
  }
  pins() {
    return this.db.select().from(updatePins);
  }
  async pinOf(siteId: string) {
    const [row] = await this.db.select().from(updatePins).where(eq(updatePins.siteId, siteId));
    return row;
  }
  history(limit: number) {
    return this.db.select().from(updateHistory).orderBy(desc(updateHistory.id)).limit(limit);
  }
}
