import type Database from 'better-sqlite3';
import { count } from 'drizzle-orm';
import type { Db } from '../open';
import { outboxOps } from '../schema';
import { newId } from '../../shared/ids';

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

// Every local change appends an op: the statements are prepared once per connection (the same rows the
// drizzle builders wrote: settings values and payloads as JSON text).
const prepared = new WeakMap<Database.Database, ReturnType<typeof prepare>>();
function prepare(sqlite: Database.Database) {
  return {
    lastSeq: sqlite.prepare("SELECT value FROM settings WHERE scope = 'station' AND key = ?").pluck(),
    setSeq: sqlite.prepare(
      `INSERT INTO settings (scope, key, value, updated_at) VALUES ('station', ?, ?, ?)
       ON CONFLICT(scope, key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
    ),
    insert: sqlite.prepare(
      `INSERT INTO outbox_ops (op_id, station_id, station_seq, type, entity_id, payload, occurred_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ),
    insertMany: sqlite.prepare(
      `INSERT INTO outbox_ops (op_id, station_id, station_seq, type, entity_id, payload, occurred_at)
       SELECT value ->> 0, @stationId, @first + key, @type, value ->> 1, @payload, @occurredAt
       FROM json_each(@rows)`,
    ),
  };
}
function statements(db: Db) {
  let s = prepared.get(db.$client);
  if (!s) prepared.set(db.$client, (s = prepare(db.$client)));
  return s;
}

export const outboxRepo = {
  /** Appends an op with the station's next sequence number; call in the transaction of the change. */
  append(db: Db, op: OutboxOpInput): number {
    const s = statements(db);
    const last = s.lastSeq.get(LAST_SEQ_KEY) as string | undefined;
    const stationSeq = (last === undefined ? 0 : (JSON.parse(last) as number)) + 1;
    s.setSeq.run(LAST_SEQ_KEY, JSON.stringify(stationSeq), op.occurredAt);
    s.insert.run(
      newId(),
      op.stationId,
      stationSeq,
      op.type,
      op.entityId,
      JSON.stringify(op.payload),
      op.occurredAt,
    );
    return stationSeq;
  },
  /**
   * Appends one op of the same type and payload for each entity, numbered in their order, in one
   * statement: a retention batch records thousands. Call in the transaction of the change.
   */
  appendMany(db: Db, op: Omit<OutboxOpInput, 'entityId'> & { entityIds: readonly string[] }): void {
    if (op.entityIds.length === 0) return;
    const s = statements(db);
    const last = s.lastSeq.get(LAST_SEQ_KEY) as string | undefined;
    const first = (last === undefined ? 0 : (JSON.parse(last) as number)) + 1;
    s.setSeq.run(LAST_SEQ_KEY, JSON.stringify(first + op.entityIds.length - 1), op.occurredAt);
    s.insertMany.run({
      rows: JSON.stringify(op.entityIds.map((id) => [newId(), id])),
      stationId: op.stationId,
      first,
      type: op.type,
      payload: JSON.stringify(op.payload),
      occurredAt: op.occurredAt,
    });
  },
  /**
   * Numbers every op still in the outbox again, in order, after both `taken` (the newest sequence the
   * server holds from this station) and the newest this station used, and moves the counter on: a station
   * restored from an older backup numbered its new ops with sequences the server had already given to
   * ops of it that the backup lost. Call in a transaction. Returns how many ops were renumbered.
   */
  renumberPast(db: Db, taken: number, nowIso: string): number {
    const s = statements(db);
    const last = s.lastSeq.get(LAST_SEQ_KEY) as string | undefined;
    const from = Math.max(taken, last === undefined ? 0 : (JSON.parse(last) as number));
    const seqs = db.$client
      .prepare('SELECT station_seq FROM outbox_ops ORDER BY station_seq')
      .pluck()
      .all() as number[];
    const move = db.$client.prepare('UPDATE outbox_ops SET station_seq = ? WHERE station_seq = ?');
    // Every new number is above every old one, so no two rows ever share one on the way.
    seqs.forEach((seq, i) => move.run(from + 1 + i, seq));
    s.setSeq.run(LAST_SEQ_KEY, JSON.stringify(from + seqs.length), nowIso);
    return seqs.length;
  },
  count(db: Db): number {
    return db.select({ n: count() }).from(outboxOps).get()?.n ?? 0;
  },
};
