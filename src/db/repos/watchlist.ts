import { asc, desc, eq, gt } from 'drizzle-orm';
import type { Db } from '../open';
import { watchlistEntries } from '../schema';

export type WatchlistRow = typeof watchlistEntries.$inferSelect;

export const watchlistRepo = {
  /** Entries inserted or changed after the given local revision, oldest change first (deleted ones too). */
  changedSince(db: Db, localRev: number): WatchlistRow[] {
    return db
      .select()
      .from(watchlistEntries)
      .where(gt(watchlistEntries.localRev, localRev))
      .orderBy(asc(watchlistEntries.localRev))
      .all();
  },
  /** Every entry, newest first (deleted ones too: the caller decides). */
  listNewestFirst(db: Db): WatchlistRow[] {
    return db.select().from(watchlistEntries).orderBy(desc(watchlistEntries.createdAt)).all();
  },
  get(db: Db, id: string): WatchlistRow | undefined {
    return db.select().from(watchlistEntries).where(eq(watchlistEntries.id, id)).get();
  },
  insert(db: Db, row: typeof watchlistEntries.$inferInsert): void {
    db.insert(watchlistEntries).values(row).run();
  },
  update(db: Db, id: string, patch: Partial<typeof watchlistEntries.$inferInsert>): void {
    db.update(watchlistEntries).set(patch).where(eq(watchlistEntries.id, id)).run();
  },
};
