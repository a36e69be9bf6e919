// The console's audit view as a WHERE clause, the same on SQLite and PostgreSQL (./sqlite-store.ts,
// ./pg-store.ts): each store says only how it reads a key of an entry's JSON details.
import { and, eq, lt, sql, type Column, type SQL } from 'drizzle-orm';
import type { AuditQuery } from './store';

export function auditWhere(
  query: AuditQuery,
  table: { id: Column; action: Column },
  detail: (key: 'siteId' | 'stationId') => SQL,
): SQL | undefined {
  return and(
    query.action ? eq(table.action, query.action) : undefined,
    query.siteId ? sql`${detail('siteId')} = ${query.siteId}` : undefined,
    query.stationId ? sql`${detail('stationId')} = ${query.stationId}` : undefined,
    query.before !== undefined ? lt(table.id, query.before) : undefined,
  );
}
