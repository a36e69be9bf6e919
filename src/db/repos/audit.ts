import { and, desc, eq, gte, like, lt } from 'drizzle-orm';
import type { Db } from '../open';
import { auditEntries } from '../schema';

export type AuditRow = typeof auditEntries.$inferSelect;

export const auditRepo = {
  last(db: Db): AuditRow | undefined {
    return db.select().from(auditEntries).orderBy(desc(auditEntries.seq)).limit(1).get();
  },
  bySeq(db: Db, seq: number): AuditRow | undefined {
    return db.select().from(auditEntries).where(eq(auditEntries.seq, seq)).get();
  },
  insert(db: Db, row: AuditRow): void {
    db.insert(auditEntries).values(row).run();
  },
  /** Every entry in chain order, streamed so a long log is not held in memory. */
  *iterate(db: Db): Generator<AuditRow> {
    const rows = db.$client.prepare('SELECT * FROM audit_entries ORDER BY seq').iterate() as Iterable<
      Record<string, unknown>
    >;
    for (const r of rows) {
      yield {
        seq: r.seq as number,
        id: r.id as string,
        at: r.at as string,
        stationId: r.station_id as string,
        actorId: (r.actor_id as string | null) ?? null,
        role: r.role as string,
        action: r.action as string,
        outcome: r.outcome as AuditRow['outcome'],
        details: JSON.parse(r.details as string) as Record<string, unknown>,
        prevHash: r.prev_hash as string,
        hash: r.hash as string,
      };
    }
  },
  /** Newest first, before `beforeSeq`, narrowed by action (exact or `area.*`), actor and time range. */
  page(db: Db, beforeSeq: number | undefined, limit: number, filter: AuditFilter = {}): AuditRow[] {
    const action = filter.action?.endsWith('.*')
      ? like(auditEntries.action, `${filter.action.slice(0, -1).replace(/[%_\\]/g, '\\$&')}%`)
      : filter.action
        ? eq(auditEntries.action, filter.action)
        : undefined;
    return db
      .select()
      .from(auditEntries)
      .where(
        and(
          beforeSeq ? lt(auditEntries.seq, beforeSeq) : undefined,
          action,
          filter.actorId ? eq(auditEntries.actorId, filter.actorId) : undefined,
          filter.from ? gte(auditEntries.at, filter.from) : undefined,
          filter.until ? lt(auditEntries.at, filter.until) : undefined,
        ),
      )
      .orderBy(desc(auditEntries.seq))
      .limit(limit)
      .all();
  },
};

export interface AuditFilter {
  action?: string | undefined;
  actorId?: string | undefined;
  /** ISO times: entries at or after `from`, before `until`. */
  from?: string | undefined;
  until?: string | undefined;
}
