// Where the update feeds keep their metadata (releases, pins, history), behind one interface like the
// SyncStore: the embedded SQLite one here, the PostgreSQL one in ./pg-update-store.ts. Every method is one
// transaction; the artefacts themselves stay files (./feeds.ts).
import { and, desc, eq } from 'drizzle-orm';
import type { UpdateChannel } from '../../shared/updates';
import { sites } from '../db/schema';
import type { SqliteSyncStore } from '../sqlite-store';
import { updateHistory, updatePins, updateReleases } from './schema';

export type ReleaseRow = typeof updateReleases.$inferSelect;
export type PinRow = typeof updatePins.$inferSelect;
export type HistoryRow = typeof updateHistory.$inferSelect;
export interface ReleaseKey {
  channel: UpdateChannel;
  platform: string;
  version: string;
}
/** A change to releases or pins, recorded in the history in the same transaction. */
export interface HistoryEntry {
  at: string;
  action: string;
  details: Record<string, unknown>;
}

export interface UpdateStore {
  record(entry: HistoryEntry): Promise<void>;
  /** Adds a release; false (nothing changed) when that version is already on that channel and platform. */
  addRelease(row: ReleaseRow, entry: HistoryEntry): Promise<boolean>;
  /** false: no such release. */
  setRollout(key: ReleaseKey, rollout: number, at: string, entry: HistoryEntry): Promise<boolean>;
  /** Pins (version) or unpins (null) a site; says what was missing when nothing changed. */
  pin(
    siteId: string,
    version: string | null,
    at: string,
    entry: HistoryEntry,
  ): Promise<'ok' | 'no_site' | 'no_release'>;
  releases(platform?: string): Promise<ReleaseRow[]>;
  release(key: ReleaseKey): Promise<ReleaseRow | undefined>;
  pins(): Promise<PinRow[]>;
  pinOf(siteId: string): Promise<PinRow | undefined>;
  /** The newest changes first. */
  history(limit: number): Promise<HistoryRow[]>;
}

const releaseWhere = (key: ReleaseKey) =>
  and(
    eq(updateReleases.channel, key.channel),
    eq(updateReleases.platform, key.platform),
    eq(updateReleases.version, key.version),
  );

export class SqliteUpdateStore implements UpdateStore {
  constructor(private readonly store: SqliteSyncStore) {}

  private get db() {
    return this.store.db;
  }

  private tx<T>(work: () => T): Promise<T> {
    try {
      return Promise.resolve(this.db.$client.transaction(work).immediate());
    } catch (error) {
      return Promise.reject(error);
    }
  }

  private insertHistory(entry: HistoryEntry) {
    this.db.insert(updateHistory).values(entry).run();
  }

  record(entry: HistoryEntry) {
    return this.tx(() => this.insertHistory(entry));
  }
  addRelease(row: ReleaseRow, entry: HistoryEntry) {
    return this.tx(() => {
      if (this.db.select().from(updateReleases).where(releaseWhere(row)).get()) return false;
      this.db.insert(updateReleases).values(row).run();
      this.insertHistory(entry);
      return true;
    });
  }
  setRollout(key: ReleaseKey, rollout: number, at: string, entry: HistoryEntry) {
    return this.tx(() => {
      const changed = this.db
        .update(updateReleases)
        .set({ rollout, updatedAt: at })
        .where(releaseWhere(key))
        .run().changes;
      if (changed === 0) return false;
      this.insertHistory(entry);
      return true;
    });
  }
  pin(siteId: string, version: string | null, at: string, entry: HistoryEntry) {
    return this.tx((): 'ok' | 'no_site' | 'no_release' => {
      if (!this.db.select({ id: sites.id }).from(sites).where(eq(sites.id, siteId)).get()) return 'no_site';
      if (version === null) this.db.delete(updatePins).where(eq(updatePins.siteId, siteId)).run();
      else {
        if (!this.db.select().from(updateReleases).where(eq(updateReleases.version, version)).get())
          return 'no_release';
        this.db
          .insert(updatePins)
          .values({ siteId, version, pinnedAt: at })
          .onConflictDoUpdate({ target: updatePins.siteId, set: { version, pinnedAt: at } })
          .run();
      }
      this.insertHistory(entry);
      return 'ok';
    });
  }
  releases(platform?: string) {
    return this.tx(() =>
      this.db
        .select()
        .from(updateReleases)
        .where(platform ? eq(updateReleases.platform, platform) : undefined)
        .all(),
    );
  }
  release(key: ReleaseKey) {
    return this.tx(() => this.db.select().from(updateReleases).where(releaseWhere(key)).get());
  }
  pins() {
    return this.tx(() => this.db.select().from(updatePins).all());
  }
  pinOf(siteId: string) {
    return this.tx(() => this.db.select().from(updatePins).where(eq(updatePins.siteId, siteId)).get());
  }
  history(limit: number) {
    return this.tx(() =>
      this.db.select().from(updateHistory).orderBy(desc(updateHistory.id)).limit(limit).all(),
    );
  }
}
