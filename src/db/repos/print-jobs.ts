// The badge print queue's rows (print_jobs): one per badge to print, with its state and retry time.
import { and, asc, desc, eq, gte, inArray, isNull, lte, or } from 'drizzle-orm';
import type { Db } from '../open';
import { printJobs, visitors, visits } from '../schema';

export type PrintJobRow = typeof printJobs.$inferSelect;
/** A job with the name of its visit's visitor, as the desk lists it. */
export interface PrintJobListRow {
  job: PrintJobRow;
  visitorName: string | null;
}

function withVisitorName(db: Db) {
  return db
    .select({ job: printJobs, visitorName: visitors.name })
    .from(printJobs)
    .leftJoin(visits, eq(visits.id, printJobs.visitId))
    .leftJoin(visitors, eq(visitors.id, visits.visitorId));
}

export const printJobsRepo = {
  insert(db: Db, row: typeof printJobs.$inferInsert): void {
    db.insert(printJobs).values(row).run();
  },
  /** A station's jobs still to print or changed since `since`, newest first (at most 100). */
  recent(db: Db, stationId: string, since: string): PrintJobListRow[] {
    return withVisitorName(db)
      .where(
        and(
          eq(printJobs.stationId, stationId),
          or(inArray(printJobs.status, ['queued', 'printing', 'failed']), gte(printJobs.updatedAt, since)),
        ),
      )
      .orderBy(desc(printJobs.createdAt))
      .limit(100)
      .all();
  },
  get(db: Db, stationId: string, jobId: string): PrintJobListRow | undefined {
    return withVisitorName(db)
      .where(and(eq(printJobs.id, jobId), eq(printJobs.stationId, stationId)))
      .get();
  },
  update(db: Db, jobId: string, patch: Partial<typeof printJobs.$inferInsert>): void {
    db.update(printJobs).set(patch).where(eq(printJobs.id, jobId)).run();
  },
  /** Changes a job only if it is still in the given state (the worker's claim and its result). */
  updateIf(
    db: Db,
    jobId: string,
    status: PrintJobRow['status'],
    patch: Partial<typeof printJobs.$inferInsert>,
  ): void {
    db.update(printJobs)
      .set(patch)
      .where(and(eq(printJobs.id, jobId), eq(printJobs.status, status)))
      .run();
  },
  /** Puts a station's 'printing' jobs back with the given patch; returns their ids. */
  requeuePrinting(db: Db, stationId: string, patch: Partial<typeof printJobs.$inferInsert>): string[] {
    return db
      .update(printJobs)
      .set(patch)
      .where(and(eq(printJobs.stationId, stationId), eq(printJobs.status, 'printing')))
      .returning({ id: printJobs.id })
      .all()
      .map((r) => r.id);
  },
  /** The oldest queued job of a station that is due at `nowIso`. */
  nextDue(db: Db, stationId: string, nowIso: string): PrintJobRow | undefined {
    return db
      .select()
      .from(printJobs)
      .where(
        and(
          eq(printJobs.stationId, stationId),
          eq(printJobs.status, 'queued'),
          or(isNull(printJobs.nextAttemptAt), lte(printJobs.nextAttemptAt, nowIso)),
        ),
      )
      .orderBy(asc(printJobs.createdAt))
      .limit(1)
      .get();
  },
  /** When the next queued job of a station is due (undefined: none queued; null time: at once). */
  nextAttempt(db: Db, stationId: string): { at: string | null } | undefined {
    return db
      .select({ at: printJobs.nextAttemptAt })
      .from(printJobs)
      .where(and(eq(printJobs.stationId, stationId), eq(printJobs.status, 'queued')))
      .orderBy(asc(printJobs.nextAttemptAt))
      .limit(1)
      .get();
  },
};
