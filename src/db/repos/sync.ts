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

/**
 * Each kind's synced columns and the texts of its upserts, worked out once (sync writes rows by the
 * thousand): one row from parameters, and many rows from one JSON array of rows (each an array in the
 * columns' order). Many rows go in one statement because a statement that fires the search index's
 * triggers opens a savepoint, and FTS5 writes its pending index to disk at every savepoint: row by row, a
 * visit cost about ten times more than in a statement of a thousand (bench `sync`, first sync).
 */
const upserts = new Map<
  TableKind,
  { columns: ReturnType<typeof syncedColumns>; one: string; many: string }
>();
function upsertOf(kind: TableKind) {
  let upsert = upserts.get(kind);
  if (!upsert) {
    const columns = syncedColumns(kind);
    const names = columns.map(([, c]) => `"${c.name}"`);
    const table = `"${getTableName(SYNCED_TABLES[kind])}" (${names.join(', ')})`;
    const update = `ON CONFLICT(id) DO UPDATE SET ${names
      .filter((n) => n !== '"id"')
      .map((n) => `${n} = excluded.${n}`)
      .join(', ')}`;
    upsert = {
      columns,
      one: `INSERT INTO ${table} VALUES (${names.map(() => '?').join(', ')}) ${update}`,
      // `WHERE true`: SQLite's grammar needs it between INSERT … SELECT and ON CONFLICT.
      many: `INSERT INTO ${table} SELECT ${names.map((_, i) => `value ->> ${i}`).join(', ')}
        FROM json_each(?) WHERE true ${update}`,
    };
    upserts.set(kind, upsert);
  }
  return upsert;
}

/** Upserts the synced columns of rows of one kind, with drizzle's own value mapping (JSON, booleans). */
function upsertRows(db: Db, kind: TableKind, rows: Record<string, unknown>[]) {
  const { columns, one, many } = upsertOf(kind);
  const values = rows.map((row) =>
    columns.map(([key, column]) => {
      const value = row[key] ?? null;
      return value === null ? null : (column.mapToDriverValue(value) as unknown);
    }),
  );
  // JSON carries text, numbers and null as they are; anything else (none today) goes row by row.
  const jsonSafe = values.every((r) => r.every((v) => v === null || ['string', 'number'].includes(typeof v)));
  if (values.length > 1 && jsonSafe) statement(db, many).run(JSON.stringify(values));
  else for (const v of values) statement(db, one).run(...v);
}

/** Writes one merged row (see syncRepo.writeRows); false when it must wait. */
function writeRow(db: Db, kind: EntityKind, row: Record<string, unknown>): boolean {
  if (kind === 'siteSettings') {
    // The site's whole settings value: every setting some op set; the rest keep their defaults.
    const { id, updatedAt, ...value } = row;
    if (!exists(db, 'sites', id)) return false;
    settingsRepo.set(db, `site:${String(id)}`, SITE_SETTINGS_KEY, value, String(updatedAt));
    return true;
  }
  const r = rowToWrite(db, kind, row);
  if (r) upsertRows(db, kind, [r]);
  return r !== null;
}

/** The row as the station's table takes it (references it lacks left empty), or null if it must wait. */
function rowToWrite(
  db: Db,
  kind: TableKind,
  row: Record<string, unknown>,
  has: (table: RowTable, id: unknown) => boolean = (table, id) => exists(db, table, id),
): Record<string, unknown> | null {
  const r = { ...row };
  if ('siteId' in r && !has('sites', r.siteId)) return null;
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
    return null;
  if (kind === 'visit') {
    if (!has('visitors', r.visitorId)) return null;
    if (r.hostId !== null && !has('hosts', r.hostId)) r.hostId = null;
    if (r.visitorTypeId !== null && !has('visitor_types', r.visitorTypeId)) r.visitorTypeId = null;
  }
  if (kind === 'pass' && !has('visits', r.visitId)) return null;
  if (kind === 'visitorTypeDocument' && !has('visitor_types', r.visitorTypeId)) return null;
  if (kind === 'host' && r.staffUserId !== null && !has('staff_users', r.staffUserId)) r.staffUserId = null;
  if (kind === 'incident') {
    // Staff accounts belong to each station: an assignee from another station's list shows as unassigned.
    if (r.visitId !== null && !has('visits', r.visitId)) r.visitId = null;
    if (r.visitorId !== null && !has('visitors', r.visitorId)) r.visitorId = null;
    if (r.assigneeId !== null && !has('staff_users', r.assigneeId)) r.assigneeId = null;
  }
  if (kind === 'incidentEvent') {
    if (!has('incidents', r.incidentId)) return null;
    if (r.actorId !== null && !has('staff_users', r.actorId)) r.actorId = null;
  }
  return r;
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
   * Writes merged rows of one kind into the station's table for it. A reference the station does not have
   * (a host or visitor type it never received) is left empty in the row; the sync state keeps the true
   * value. Returns, for each row, whether it was written: false when it cannot be written yet because what
   * it belongs to is missing (a visit without its visitor, a pass without its visit).
   */
  writeRows(db: Db, kind: EntityKind, rows: Record<string, unknown>[]): boolean[] {
    // A site's settings are a settings value; staff rows are checked against each other (sign-in names).
    if (kind === 'siteSettings' || kind === 'staff') return rows.map((row) => writeRow(db, kind, row));
    // The rows a page refers to are mostly the same few (its site, hosts, types): each looked up once.
    const found = new Map<string, boolean>();
    const has = (table: RowTable, id: unknown) => {
      const key = `${table}:${String(id)}`;
      let known = found.get(key);
      if (known === undefined) found.set(key, (known = exists(db, table, id)));
      return known;
    };
    const ready = rows.map((row) => rowToWrite(db, kind, row, has));
    upsertRows(
      db,
      kind,
      ready.filter((r) => r !== null),
    );
    return ready.map((r) => r !== null);
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
