// The station's live watchlist index. It is built on first use and then catches up before every
// screening with the entries changed since (by their local revision, set by database triggers), so a
// desk edit or a synced entry counts at once, on every station, with no hook to forget.
import type { Db } from '../../db/open';
import { watchlistRepo } from '../../db/repos/watchlist';
import { siteSettings } from '../core/site';
import { WatchlistIndex, type ScreeningResult, type ScreeningSubject } from './watchlist';

const indexes = new WeakMap<Db, { index: WatchlistIndex; rev: number }>();

/** The watchlist index of this database, up to date with every committed (or own uncommitted) change. */
export function currentWatchlist(db: Db): WatchlistIndex {
  let state = indexes.get(db);
  if (!state) {
    state = { index: new WatchlistIndex([]), rev: 0 };
    indexes.set(db, state);
  }
  for (const row of watchlistRepo.changedSince(db, state.rev)) {
    state.index.upsert(row);
    state.rev = row.localRev;
  }
  return state.index;
}

/** Screens a person against the watchlist with the site's threshold. */
export function screenPerson(db: Db, siteId: string, subject: ScreeningSubject, now: Date): ScreeningResult {
  const { watchlistThreshold } = siteSettings(db, siteId);
  return currentWatchlist(db).screen(subject, { threshold: watchlistThreshold, now });
}
