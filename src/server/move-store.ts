// Moving a sync server from its embedded SQLite database to PostgreSQL (`npm run server -- migrate-to
// --database postgres://…`, docs/postgresql.md): every table of the embedded schema is copied row for row
// into the PostgreSQL one of the same name — the op log with its server sequences and op ids, sites,
// stations with their credential hashes and pass keys, enrollment codes, health, quarantined and rejected
// ops, the admin audit, notifications and update feeds — so stations keep their cursors and nothing is
// pushed or pulled again. One PostgreSQL transaction: a failure leaves the target as empty as it was.
import { getTableName, is, sql } from 'drizzle-orm';
import { getTableConfig as pgTableConfig, PgTable } from 'drizzle-orm/pg-core';
import { SQLiteTable } from 'drizzle-orm/sqlite-core';
import * as pgSchema from './db/pg-schema';
import * as sqliteSchema from './db/schema';
import type { PgSyncStore } from './pg-store';
import type { SqliteSyncStore } from './sqlite-store';

/** Rows per INSERT: well inside PostgreSQL's 65,535 parameters for the widest table. */
const CHUNK = 500;

/** The PostgreSQL tables in an order that inserts every referenced row before the rows referring to it. */
function pgTablesInOrder(): PgTable[] {
  const tables = (Object.values(pgSchema) as unknown[]).filter((t): t is PgTable => is(t, PgTable));
  const ordered: PgTable[] = [];
  const visit = (table: PgTable) => {
    if (ordered.includes(table)) return;
    for (const fk of pgTableConfig(table).foreignKeys) {
      const target = fk.reference().foreignTable;
      if (target !== table) visit(target);
    }
    ordered.push(table);
  };
  tables.forEach(visit);
  return ordered;
}

export class MoveError extends Error {}

/** Copies the embedded store into an empty PostgreSQL one; answers the rows copied per table. */
export async function moveToPostgres(
  source: SqliteSyncStore,
  target: PgSyncStore,
): Promise<{ table: string; rows: number }[]> {
  const sqliteTables = new Map(
    (Object.values(sqliteSchema) as unknown[])
      .filter((t): t is SQLiteTable => is(t, SQLiteTable))
      .map((t) => [getTableName(t), t]),
  );
  const order = pgTablesInOrder();
  const missing = [...sqliteTables.keys()].filter((name) => !order.some((t) => getTableName(t) === name));
  if (missing.length)
    throw new MoveError(
      `This version has no PostgreSQL table for ${missing.join(', ')}; nothing was copied.`,
    );

  // One read transaction: a consistent copy even if something still writes (the server should be stopped).
  const rows = source.db.$client.transaction(() =>
    order.map((table) => {
      const from = sqliteTables.get(getTableName(table));
      return { table, rows: from ? (source.db.select().from(from).all() as Record<string, unknown>[]) : [] };
    }),
  )();

  const copied = await target.db.transaction(async (tx) => {
    for (const table of order) {
      const [{ n }] = (await tx.select({ n: sql<number>`count(*)::int` }).from(table)) as [{ n: number }];
      if (n > 0)
        throw new MoveError(
          `The PostgreSQL database already has data (${getTableName(table)}): move into a new, empty database; nothing was copied.`,
        );
    }
    for (const { table, rows: all } of rows)
      for (let i = 0; i < all.length; i += CHUNK) await tx.insert(table).values(all.slice(i, i + CHUNK));
    // Serial ids were copied as they were: their sequences continue after the highest.
    for (const table of order)
      for (const column of pgTableConfig(table).columns)
        if (column.columnType === 'PgBigSerial53' || column.columnType === 'PgSerial')
          await tx.execute(
            sql`SELECT setval(pg_get_serial_sequence(${getTableName(table)}, ${column.name}),
                  GREATEST((SELECT max(${sql.identifier(column.name)}) FROM ${table}), 0) + 1, false)`,
          );
    const copied = rows.map(({ table, rows: all }) => ({ table: getTableName(table), rows: all.length }));
    // The whole of the personal data went elsewhere: the target's admin audit says so, with counts only.
    await tx.insert(pgSchema.adminAudit).values({
      at: new Date().toISOString(),
      action: 'store.moved',
      details: {
        from: 'sqlite',
        to: 'postgres',
        rows: Object.fromEntries(copied.filter((c) => c.rows > 0).map((c) => [c.table, c.rows])),
      },
    });
    return copied;
  });
  // Statistics for what was loaded, as PostgreSQL advises after a bulk load: until autovacuum's first
  // analyze the planner takes the log for the few rows it had, and reads all of a site's ops to sort each
  // pulled page (80 ms a page instead of 4 at 200,000 ops).
  await target.db.execute(sql`ANALYZE`);
  return copied;
}
