// The station's outbox: every local change's op, written in the transaction of the change, until the sync
// server answers it. The one place that knows a row's shape: a grouped row (a retention batch's anonymise
// ops of one type) is handed out as one op per entity, so the sync engine only ever sees single ops.
import type Database from 'better-sqlite3';
import type { Db } from '../open';
import { outboxOps, type GroupedOp } from '../schema';
import { newId } from '../../shared/ids';

/** One op waiting in the outbox (a grouped row is handed out as one of these per op). */
export type OutboxRow = Omit<typeof outboxOps.$inferSelect, 'grouped'>;

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
    insertGroup: sqlite.prepare(
      `INSERT INTO outbox_ops (op_id, station_id, station_seq, type, entity_id, payload, occurred_at, grouped)
       VALUES (@opId, @stationId, @first, @type, @entityId, @payload, @occurredAt, @grouped)`,
    ),
    any: sqlite.prepare('SELECT 1 FROM outbox_ops LIMIT 1'),
    order: sqlite.prepare('SELECT op_id FROM outbox_ops ORDER BY station_seq').pluck(),
    row: sqlite.prepare('SELECT * FROM outbox_ops WHERE op_id = ?'),
    singleFor: sqlite.prepare(
      'SELECT * FROM outbox_ops WHERE entity_id IN (SELECT value FROM json_each(?)) AND grouped IS NULL',
    ),
    groupedFor: sqlite.prepare(
      `SELECT o.*, g.value AS element FROM outbox_ops o, json_each(o.grouped) g
       WHERE o.grouped IS NOT NULL AND g.value ->> 1 IN (SELECT value FROM json_each(?))`,
    ),
    groupsUpTo: sqlite.prepare(
      'SELECT op_id, grouped FROM outbox_ops WHERE grouped IS NOT NULL AND station_seq <= ?',
    ),
    deleteRow: sqlite.prepare('DELETE FROM outbox_ops WHERE op_id = ?'),
    regroup: sqlite.prepare(
      'UPDATE outbox_ops SET op_id = ?, entity_id = ?, station_seq = ?, grouped = ? WHERE op_id = ?',
    ),
    // One pass over the outbox (station_seq alone is not indexed), the numbers given as one JSON array.
    deleteSingles: sqlite.prepare(
      'DELETE FROM outbox_ops WHERE grouped IS NULL AND station_seq IN (SELECT value FROM json_each(?))',
    ),
    count: sqlite
      .prepare(
        'SELECT coalesce(sum(CASE WHEN grouped IS NULL THEN 1 ELSE json_array_length(grouped) END), 0) FROM outbox_ops',
      )
      .pluck(),
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
    const stationSeq = lastSeq(s) + 1;
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
   * Appends one op of the same type and payload for each entity, numbered in their order, as one grouped
   * row: a retention batch records thousands, and a row (with its three index entries) for each was a
   * third of the pages the batch wrote. Only for payloads that name no one (privacyRepo.scrub does not look
   * inside a group). Call in the transaction of the change.
   */
  appendMany(db: Db, op: Omit<OutboxOpInput, 'entityId'> & { entityIds: readonly string[] }): void {
    const [only, ...more] = op.entityIds;
    if (only === undefined) return;
    if (more.length === 0) {
      outboxRepo.append(db, { ...op, entityId: only });
      return;
    }
    const s = statements(db);
    const first = lastSeq(s) + 1;
    s.setSeq.run(LAST_SEQ_KEY, JSON.stringify(first + op.entityIds.length - 1), op.occurredAt);
    const grouped = op.entityIds.map((id, i): GroupedOp => [newId(), id, first + i]);
    s.insertGroup.run({
      opId: grouped[0]![0],
      stationId: op.stationId,
      first,
      type: op.type,
      entityId: only,
      payload: JSON.stringify(op.payload),
      occurredAt: op.occurredAt,
      grouped: JSON.stringify(grouped),
    });
  },
  /** The first ops waiting, in order, at most `limit`: a grouped row gives as many as it holds. */
  page(db: Db, limit: number): OutboxRow[] {
    const s = statements(db);
    const ops: OutboxRow[] = [];
    // Row by row until the page is full (a night's backlog is hundreds of groups of thousands of ops), and
    // only the ids sorted: station_seq alone is not indexed, and the sorter would carry every group.
    for (const opId of s.order.iterate() as IterableIterator<string>) {
      ops.push(...opsOf(s.row.get(opId) as RawRow));
      if (ops.length >= limit) break;
    }
    return ops.slice(0, limit);
  },
  /** The ops waiting about these entities, in order. */
  pendingFor(db: Db, entityIds: readonly string[]): OutboxRow[] {
    const s = statements(db);
    // An empty outbox (a station pulling with nothing of its own waiting, as at its first sync) needs no
    // query naming thousands of ids, which costs at every page.
    if (entityIds.length === 0 || s.any.get() === undefined) return [];
    const list = JSON.stringify(entityIds);
    const single = (s.singleFor.all(list) as RawRow[]).map((row) => opOf(row));
    // Grouped rows are few (one a retention batch) and only while offline or not yet pushed: read inside.
    const inGroups = (s.groupedFor.all(list) as (RawRow & { element: string })[]).map((row) =>
      opOf(row, JSON.parse(row.element) as GroupedOp),
    );
    return [...single, ...inGroups].sort((a, b) => a.stationSeq - b.stationSeq);
  },
  /** Removes these ops (answered by the server); a grouped row keeps those of its ops not named. */
  remove(db: Db, stationSeqs: readonly number[]): void {
    if (stationSeqs.length === 0) return;
    const s = statements(db);
    const done = new Set(stationSeqs);
    // Ops leave in order, so only the grouped rows at the front can hold any of these.
    for (const row of s.groupsUpTo.all(Math.max(...stationSeqs)) as RawRow[]) {
      const left = (JSON.parse(row.grouped!) as GroupedOp[]).filter(([, , seq]) => !done.has(seq));
      if (left.length === 0) s.deleteRow.run(row.op_id);
      else s.regroup.run(left[0]![0], left[0]![1], left[0]![2], JSON.stringify(left), row.op_id);
    }
    s.deleteSingles.run(JSON.stringify(stationSeqs));
  },
  /** Puts ops back (a recovery: what the server lost is pushed again), one row each. */
  putBack(db: Db, rows: readonly OutboxRow[]): void {
    for (const row of rows) db.insert(outboxOps).values(row).onConflictDoNothing().run();
  },
  /**
   * Numbers every op still in the outbox again, in order, after both `taken` (the newest sequence the
   * server holds from this station) and the newest this station used, and moves the counter on: a station
   * restored from an older backup numbered its new ops with sequences the server had already given to
   * ops of it that the backup lost. Call in a transaction. Returns how many ops were renumbered.
   */
  renumberPast(db: Db, taken: number, nowIso: string): number {
    const s = statements(db);
    let next = Math.max(taken, lastSeq(s)) + 1;
    const rows = db.$client
      .prepare('SELECT op_id, station_seq, grouped FROM outbox_ops ORDER BY station_seq')
      .all() as Pick<RawRow, 'op_id' | 'station_seq' | 'grouped'>[];
    const move = db.$client.prepare('UPDATE outbox_ops SET station_seq = ?, grouped = ? WHERE op_id = ?');
    // Every new number is above every old one, so no two rows ever share one on the way.
    let moved = 0;
    for (const row of rows) {
      const grouped = row.grouped === null ? null : (JSON.parse(row.grouped) as GroupedOp[]);
      const renumbered = grouped?.map(([opId, entityId]): GroupedOp => [opId, entityId, next++]);
      move.run(
        renumbered ? renumbered[0]![2] : next++,
        renumbered ? JSON.stringify(renumbered) : null,
        row.op_id,
      );
      moved += grouped?.length ?? 1;
    }
    s.setSeq.run(LAST_SEQ_KEY, JSON.stringify(next - 1), nowIso);
    return moved;
  },
  /** How many ops wait (a grouped row counts each of its ops). */
  count(db: Db): number {
    return statements(db).count.get() as number;
  },
};

/** A row of outbox_ops as SQLite gives it. */
interface RawRow {
  op_id: string;
  station_id: string;
  station_seq: number;
  type: string;
  entity_id: string;
  payload: string;
  occurred_at: string;
  grouped: string | null;
}

/** One op of a row: the row itself, or one op of its group. */
function opOf(
  row: RawRow,
  [opId, entityId, stationSeq]: GroupedOp = [row.op_id, row.entity_id, row.station_seq],
): OutboxRow {
  return {
    opId,
    stationId: row.station_id,
    stationSeq,
    type: row.type,
    entityId,
    payload: JSON.parse(row.payload) as Record<string, unknown>,
    occurredAt: row.occurred_at,
  };
}

/** Every op a row holds, in order. */
const opsOf = (row: RawRow): OutboxRow[] =>
  row.grouped === null ? [opOf(row)] : (JSON.parse(row.grouped) as GroupedOp[]).map((op) => opOf(row, op));

const lastSeq = (s: ReturnType<typeof prepare>): number => {
  const last = s.lastSeq.get(LAST_SEQ_KEY) as string | undefined;
  return last === undefined ? 0 : (JSON.parse(last) as number);
};
