// The retention job's loop (issue #15): privacy.runRetention batch after batch, as the station, until
// nothing is due. The scheduler runs it nightly; bench `retention` times this same code.
import { bulkWrites } from '../../db/open';
import { STATION_CALLER, type StationCore } from '../core/context';
import type { Dispatcher } from '../core/dispatcher';

/**
 * WAL pages between checkpoints while the job runs (64 MiB), instead of SQLite's 1,000: a batch rewrites
 * the same search-index and outbox-index pages as the one before, and copying them into the file after
 * every batch took most of the job's time. The compaction that follows truncates the WAL.
 */
const JOB_CHECKPOINT_PAGES = 16_384;

/**
 * Page cache while the job runs (256 MiB, the connection's usual 32 MiB after it): a batch of 2,000 visits
 * spread over the file dirties more pages than 32 MiB hold, and SQLite then spills them into the WAL
 * before the commit writes them again.
 */
const JOB_CACHE_KIB = 256 * 1024;

/** Anonymises everything due, one transaction a batch (other calls run between them); stops early on `stop`. */
export async function retainAll(
  core: Pick<StationCore, 'db'>,
  dispatcher: Dispatcher,
  stop: () => boolean = () => false,
): Promise<{ anonymisedVisits: number; anonymisedVisitors: number; batches: number }> {
  const done = { anonymisedVisits: 0, anonymisedVisitors: 0, batches: 0 };
  await bulkWrites(core.db, { pages: JOB_CHECKPOINT_PAGES, cacheKib: JOB_CACHE_KIB }, async () => {
    // The walk over visits goes on from where the batch before stopped: visits it passed (held, or of a
    // type with a longer period) are not read again this run; the next run starts from the beginning.
    let after = 0;
    for (let more = true; more && !stop(); done.batches++) {
      const batch = (await dispatcher.call('privacy.runRetention', { after }, STATION_CALLER)) as {
        anonymisedVisits: number;
        anonymisedVisitors: number;
        more: boolean;
        next: number;
      };
      done.anonymisedVisits += batch.anonymisedVisits;
      done.anonymisedVisitors += batch.anonymisedVisitors;
      more = batch.more;
      after = batch.next;
    }
  });
  return done;
}
