// The retention job's loop (issue #15): privacy.runRetention batch after batch, as the station, until
// nothing is due. The scheduler runs it nightly; bench `retention` times this same code.
import { checkpointEvery } from '../../db/open';
import { STATION_CALLER, type StationCore } from '../core/context';
import type { Dispatcher } from '../core/dispatcher';

/**
 * WAL pages between checkpoints while the job runs (64 MiB), instead of SQLite's 1,000: a batch rewrites
 * the same search-index and outbox-index pages as the one before, and copying them into the file after
 * every batch took most of the job's time. The compaction that follows truncates the WAL.
 */
const JOB_CHECKPOINT_PAGES = 16_384;

/** Anonymises everything due, one transaction a batch (other calls run between them); stops early on `stop`. */
export async function retainAll(
  core: Pick<StationCore, 'db'>,
  dispatcher: Dispatcher,
  stop: () => boolean = () => false,
): Promise<{ anonymisedVisits: number; anonymisedVisitors: number; batches: number }> {
  const done = { anonymisedVisits: 0, anonymisedVisitors: 0, batches: 0 };
  await checkpointEvery(core.db, JOB_CHECKPOINT_PAGES, async () => {
    for (let more = true; more && !stop(); done.batches++) {
      const batch = (await dispatcher.call('privacy.runRetention', {}, STATION_CALLER)) as {
        anonymisedVisits: number;
        anonymisedVisitors: number;
        more: boolean;
      };
      done.anonymisedVisits += batch.anonymisedVisits;
      done.anonymisedVisitors += batch.anonymisedVisitors;
      more = batch.more;
    }
  });
  return done;
}
