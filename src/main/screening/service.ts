// The station's live watchlist index. It is built on first use and then catches up before every
// screening with the entries changed since (by their local revision, set by database triggers), so a
// desk edit or a synced entry counts at once, on every station, with no hook to forget.
import type { Db } from '../../db/open';
import { watchlistRepo, type WatchlistRow } from '../../db/repos/watchlist';
import { isIdNumberDigest, type StationKeys } from '../core/data-keys';
import { siteSettings } from '../core/site';
import { WatchlistIndex, type ScreeningResult, type ScreeningSubject } from './watchlist';
import { idNumberDigest } from './id-numbers';

const indexes = new WeakMap<Db, { index: WatchlistIndex; rev: number; keyVersion: number }>();
const keysOf = new WeakMap<Db, StationKeys>();

/**
 * Screens ID numbers on this connection by their keyed digest (startStation, for the writer and the
 * reader): an entry still holding a clear number (synced from an older release, not yet replaced at start)
 * is indexed by its digest too. A new key (from the sync server) rebuilds the index.
 */
export function screenIdNumbersWith(db: Db, keys: StationKeys): void {
  keysOf.set(db, keys);
  indexes.delete(db);
}

function indexed(row: WatchlistRow, keys: StationKeys | undefined): WatchlistRow {
  if (!keys || !row.idNumber || isIdNumberDigest(row.idNumber)) return row;
  return { ...row, idNumber: idNumberDigest(keys, row.idNumber) };
}

/** The watchlist index of this database, up to date with every committed (or own uncommitted) change. */
export function currentWatchlist(db: Db): WatchlistIndex {
  const keys = keysOf.get(db);
  let state = indexes.get(db);
  if (!state || state.keyVersion !== (keys?.version ?? 0)) {
    state = { index: new WatchlistIndex([]), rev: 0, keyVersion: keys?.version ?? 0 };
    indexes.set(db, state);
  }
  for (const row of watchlistRepo.changedSince(db, state.rev)) {
    state.index.upsert(indexed(row, keys));
    state.rev = row.localRev;
  }
  return state.index;
}

/** Screens a person against the watchlist with the site's threshold. */
export function screenPerson(db: Db, siteId: string, subject: ScreeningSubject, now: Date): ScreeningResult {
  const { watchlistThreshold } = siteSettings(db, siteId);
  return currentWatchlist(db).screen(subject, { threshold: watchlistThreshold, now });
}
