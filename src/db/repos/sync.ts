// The station's sync bookkeeping: merged entity states, the cursor, acknowledged and held ops, and writing a
// merged row into the station's own tables. Called only by src/main/sync, inside its transactions.
import type Database from 'better-sqlite3';
import { asc, eq, getTableColumns, getTableName, inArray, sql } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { Db } from '../open';
import {
  deviceProfiles,
  gateEvents,
  hosts,
  incidentEvents,
  incidents,
  legalHolds,
  outboxOps,
  passes,
  settings,
  staffUsers,
  stations,
  syncCursors,
  syncEntities,
  syncHeldOps,
  syncSentOps,
  visitorTypeDocuments,
  visitorTypes,
  visitors,
  visits,
  watchlistEntries,
} from '../schema';
import { KINDS, type EntityKind, type EntityState } from '../../shared/merge';
import { SITE_SETTINGS_KEY, settingsRepo } from './settings';

export type OutboxRow = typeof outboxOps.$inferSelect;
export type SentRow = typeof syncSentOps.$inferSelect;
export type HeldRow = typeof syncHeldOps.$inferSelect;

const STREAM = 'main';
const LAST_OP_KEY = 'sync.lastOp';

/** Kinds kept as a settings value rather than in a table of their own: a site's settings. */
type TableKind = Exclude<EntityKind, 'siteSettings'>;

/** The station table that holds each kind of synced entity. */
export const SYNCED_TABLES = {
  visit: visits,
  visitor: visitors,
  pass: passes,
  host: hosts,
  watchlist: watchlistEntries,
  visitorType: visitorTypes,
  visitorTypeDocument: visitorTypeDocuments,
  station: stations,
  gateEvent: gateEvents,
  incident: incidents,
  incidentEvent: incidentEvents,
  staff: staffUsers,
  legalHold: legalHolds,
  deviceProfile: deviceProfiles,
} satisfies Record<TableKind, SQLiteTable>;

// Sync applies thousands of rows per page: the hot statements are prepared once per connection.
const statements = new WeakMap<Database.Database, Map<string, Database.Statement>>();
function statement(db: Db, text: string): Database.Statement {
  let cache = statements.get(db.$client);
  if (!cache) statements.set(db.$client, (cache = new Map()));
  let prepared = cache.get(text);
  if (!prepared) cache.set(text, (prepared = db.$client.prepare(text)));
  return prepared;
}

type RowTable = 'sites' | 'visitors' | 'visits' | 'hosts' | 'visitor_types' | 'staff_users' | 'incidents';
const exists = (db: Db, table: RowTable, id: unknown) =>
  typeof id === 'string' && statement(db, `SELECT 1 FROM "${table}" WHERE id = ?`).get(id) !== undefined;

/**
 * The columns sync owns in a kind's table (id and the merged fields). Other columns, such as a local
 * revision counter kept by a trigger, are the station's own and are left alone.
 */
function syncedColumns(kind: TableKind) {
  const owned = new Set(['id', ...Object.keys(KINDS[kind].columns)]);
  return Object.entries(getTableColumns(SYNCED_TABLES[kind])).filter(([key]) => owned.has(key));
}

/** Each kind's synced columns and the text of its upsert, worked out once (sync writes rows by the thousand). */
const upserts = new Map<TableKind, { columns: ReturnType<typeof syncedColumns>; text: string }>();
function upsertOf(kind: TableKind) {
  let upsert = upserts.get(kind);
  if (!upsert) {
    const columns = syncedColumns(kind);
    const names = columns.map(([, c]) => `"${c.name}"`);
    const text = `INSERT INTO "${getTableName(SYNCED_TABLES[kind])}" (${names.join(', ')}) VALUES (${names.map(() => '?').join(', ')})
    ON CONFLICT(id) DO UPDATE SET ${names
      .filter((n) => n !== '"id"')
      .map((n) => `${n} = excluded.${n}`)
      .join(', ')}`;
    upserts.set(kind, (upsert = { columns, text }));
  }
  return upsert;
}

/** An upsert of the synced columns of a row, with drizzle's own value mapping (JSON, booleans). */
function upsertRow(db: Db, kind: TableKind, row: Record<string, unknown>) {
  const { columns, text } = upsertOf(kind);
  const values = columns.map(([key, column]) => {
    const value = row[key] ?? null;
    return value === null ? null : column.mapToDriverValue(value);
  });
  statement(db, text).run(...values);
}

export const syncRepo = {
  // ---- merged states ----
  entity(db: Db, kind: EntityKind, entityId: string): EntityState | undefined {
    const text = statement(db, 'SELECT state FROM sync_entities WHERE kind = ? AND entity_id = ?')
      .pluck()
      .get(kind, entityId);
    return typeof text === 'string' ? (JSON.parse(text) as EntityState) : undefined;
  },
  putEntity(db: Db, state: EntityState): void {
    statement(
      db,
      `INSERT INTO sync_entities (kind, entity_id, state, version) VALUES (?, ?, ?, ?)
       ON CONFLICT(kind, entity_id) DO UPDATE SET state = excluded.state, version = excluded.version`,
    ).run(state.kind, state.id, JSON.stringify(state), state.version);
  },
  /** Forgets merged states: all of them, or one kind's. */
  clearEntities(db: Db, kind?: EntityKind): void {
    (kind ? db.delete(syncEntities).where(eq(syncEntities.kind, kind)) : db.delete(syncEntities)).run();
  },

  // ---- cursor ----
  cursor(db: Db): { cursor: number; lastOp: { serverSeq: number; opId: string } | null } {
    const row = db.select().from(syncCursors).where(eq(syncCursors.stream, STREAM)).get();
    return { cursor: row?.serverSeq ?? 0, lastOp: settingsRepo.get(db, 'station', LAST_OP_KEY) ?? null };
  },
  setCursor(db: Db, cursor: number, lastOp: { serverSeq: number; opId: string } | null, now: string): void {
    db.insert(syncCursors)
      .values({ stream: STREAM, serverSeq: cursor, updatedAt: now })
      .onConflictDoUpdate({ target: syncCursors.stream, set: { serverSeq: cursor, updatedAt: now } })
      .run();
    if (lastOp) settingsRepo.set(db, 'station', LAST_OP_KEY, lastOp, now);
    else
      db.delete(settings)
        .where(sql`${settings.scope} = 'station' AND ${settings.key} = ${LAST_OP_KEY}`)
        .run();
  },

  // ---- outbox ----
  outboxPage(db: Db, limit: number): OutboxRow[] {
    return db.select().from(outboxOps).orderBy(asc(outboxOps.stationSeq)).limit(limit).all();
  },
  pendingFor(db: Db, entityIds: string[]): OutboxRow[] {
    if (entityIds.length === 0) return [];
    return db
      .select()
      .from(outboxOps)
      .where(inArray(outboxOps.entityId, entityIds))
      .orderBy(asc(outboxOps.stationSeq))
      .all();
  },
  removeFromOutbox(db: Db, stationSeqs: number[]): void {
    // One pass over the outbox (station_seq alone is not indexed), the numbers given as one JSON array.
    statement(db, 'DELETE FROM outbox_ops WHERE station_seq IN (SELECT value FROM json_each(?))').run(
      JSON.stringify(stationSeqs),
    );
  },
  returnToOutbox(db: Db, rows: OutboxRow[]): void {
    for (const row of rows) db.insert(outboxOps).values(row).onConflictDoNothing().run();
  },

  // ---- acknowledged and held ops ----
  recordSent(db: Db, row: SentRow): void {
    statement(
      db,
      `INSERT INTO sync_sent_ops (station_seq, op_id, server_seq, op, acked_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT(station_seq) DO UPDATE SET server_seq = excluded.server_seq, acked_at = excluded.acked_at`,
    ).run(row.stationSeq, row.opId, row.serverSeq, JSON.stringify(row.op), row.ackedAt);
  },
  sent(db: Db): SentRow[] {
    return db.select().from(syncSentOps).orderBy(asc(syncSentOps.stationSeq)).all();
  },
  clearSent(db: Db): void {
    db.delete(syncSentOps).run();
  },
  hold(db: Db, row: HeldRow): void {
    db.insert(syncHeldOps).values(row).onConflictDoNothing().run();
  },
  release(db: Db, opIds: string[]): void {
    if (opIds.length > 0) db.delete(syncHeldOps).where(inArray(syncHeldOps.opId, opIds)).run();
  },
  held(db: Db, direction?: 'in' | 'out'): HeldRow[] {
    const q = db.select().from(syncHeldOps);
    return (direction ? q.where(eq(syncHeldOps.direction, direction)) : q)
      .orderBy(asc(syncHeldOps.heldAt))
      .all();
  },

  // ---- the station's own tables ----
  /**
   * Writes a merged row into the station's table for its kind. A reference the station does not have (a host
   * or visitor type it never received) is left empty in the row; the sync state keeps the true value. Returns
   * false when the row cannot be written yet because what it belongs to is missing (a visit without its
   * visitor, a pass without its visit).
   */
  writeRow(db: Db, kind: EntityKind, row: Record<string, unknown>): boolean {
    if (kind === 'siteSettings') {
      // The site's whole settings value: every setting some op set; the rest keep their defaults.
      const { id, updatedAt, ...value } = row;
      if (!exists(db, 'sites', id)) return false;
      settingsRepo.set(db, `site:${String(id)}`, SITE_SETTINGS_KEY, value, String(updatedAt));
      return true;
    }
    const r = { ...row };
    if ('siteId' in r && !exists(db, 'sites', r.siteId)) return false;
    // Two desks that made the same sign-in name offline: the account that arrived first keeps it here, the
    // other waits in the sync state until the name is free (an admin renames or removes one).
    if (
      kind === 'staff' &&
      statement(db, 'SELECT 1 FROM staff_users WHERE site_id = ? AND login = ? AND id <> ?').get(
        r.siteId,
        r.login,
        r.id,
      ) !== undefined
    )
      return false;
    if (kind === 'visit') {
      if (!exists(db, 'visitors', r.visitorId)) return false;
      if (r.hostId !== null && !exists(db, 'hosts', r.hostId)) r.hostId = null;
      if (r.visitorTypeId !== null && !exists(db, 'visitor_types', r.visitorTypeId)) r.visitorTypeId = null;
    }
    if (kind === 'pass' && !exists(db, 'visits', r.visitId)) return false;
    if (kind === 'visitorTypeDocument' && !exists(db, 'visitor_types', r.visitorTypeId)) return false;
    if (kind === 'host' && r.staffUserId !== null && !exists(db, 'staff_users', r.staffUserId))
      r.staffUserId = null;
    if (kind === 'incident') {
      // Staff accounts belong to each station: an assignee from another station's list shows as unassigned.
      if (r.visitId !== null && !exists(db, 'visits', r.visitId)) r.visitId = null;
      if (r.visitorId !== null && !exists(db, 'visitors', r.visitorId)) r.visitorId = null;
      if (r.assigneeId !== null && !exists(db, 'staff_users', r.assigneeId)) r.assigneeId = null;
    }
    if (kind === 'incidentEvent') {
      if (!exists(db, 'incidents', r.incidentId)) return false;
      if (r.actorId !== null && !exists(db, 'staff_users', r.actorId)) r.actorId = null;
    }
    upsertRow(db, kind, r);
    return true;
  },
  deleteRow(db: Db, kind: EntityKind, id: string): void {
    if (kind === 'siteSettings') {
      db.delete(settings)
        .where(sql`${settings.scope} = ${`site:${id}`} AND ${settings.key} = ${SITE_SETTINGS_KEY}`)
        .run();
      return;
    }
    const table = SYNCED_TABLES[kind] as typeof visits;
    db.delete(table).where(eq(table.id, id)).run();
  },
  /** The synced columns of every row of a kind's table, ordered by id (the station side of a canonical dump). */
  rows(db: Db, kind: EntityKind, id?: string): Record<string, unknown>[] {
    if (kind === 'siteSettings') {
      const stored = db
        .select()
        .from(settings)
        .where(
          sql`${settings.key} = ${SITE_SETTINGS_KEY} AND ${settings.scope} ${id === undefined ? sql`LIKE 'site:%'` : sql`= ${`site:${id}`}`}`,
        )
        .orderBy(asc(settings.scope))
        .all();
      return stored.map((s) => ({
        id: s.scope.slice('site:'.length),
        ...(s.value as Record<string, unknown>),
        updatedAt: s.updatedAt,
      }));
    }
    const table = SYNCED_TABLES[kind] as typeof visits;
    const q = db.select(Object.fromEntries(syncedColumns(kind)) as never).from(table);
    return (id === undefined ? q : q.where(eq(table.id, id))).orderBy(asc(table.id)).all() as Record<
      string,
      unknown
    >[];
  },
};
