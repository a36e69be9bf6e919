import { count } from 'drizzle-orm';
import type { Db } from '../open';
import { outboxOps } from '../schema';
import { newId } from '../ids';
import { settingsRepo } from './settings';

export interface OutboxOpInput {
  stationId: string;
  type: string;
  entityId: string;
  payload: Record<string, unknown>;
  occurredAt: string;
}

// The last station sequence number is kept apart from the ops, because acknowledged ops leave the
// outbox and the numbering must never start again.
const LAST_SEQ_KEY = 'outbox.lastStationSeq';

export const outboxRepo = {
  /** Appends an op with the station's next sequence number; call in the transaction of the change. */
  append(db: Db, op: OutboxOpInput): number {
    const stationSeq = (settingsRepo.get<number>(db, 'station', LAST_SEQ_KEY) ?? 0) + 1;
    settingsRepo.set(db, 'station', LAST_SEQ_KEY, stationSeq, op.occurredAt);
    db.insert(outboxOps)
      .values({ ...op, opId: newId(), stationSeq })
      .run();
    return stationSeq;
  },
  count(db: Db): number {
    return db.select({ n: count() }).from(outboxOps).get()?.n ?? 0;
  },
};
