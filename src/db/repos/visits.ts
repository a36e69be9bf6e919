import { and, asc, count, eq, gte, inArray, isNotNull, lt, or } from 'drizzle-orm';
import type { Db } from '../open';
import { hosts, visitorTypes, visitors, visits } from '../schema';
import type { VisitStatus } from '../../shared/domain';

export type VisitRow = typeof visits.$inferSelect;
export type VisitorRow = typeof visitors.$inferSelect;

/** A visit joined with the names a list shows: visitor, host and visitor type. */
export interface VisitSummaryRow {
  id: string;
  status: VisitStatus;
  expectedAt: string | null;
  checkedInAt: string | null;
  checkedOutAt: string | null;
  visitor: { id: string; name: string; company: string | null };
  host: { id: string; name: string; department: string | null } | null;
  visitorType: { id: string; names: Record<string, string>; color: string } | null;
}

const summaryColumns = {
  id: visits.id,
  status: visits.status,
  expectedAt: visits.expectedAt,
  checkedInAt: visits.checkedInAt,
  checkedOutAt: visits.checkedOutAt,
  visitorId: visitors.id,
  visitorName: visitors.name,
  visitorCompany: visitors.company,
  hostId: hosts.id,
  hostName: hosts.name,
  hostDepartment: hosts.department,
  typeId: visitorTypes.id,
  typeNames: visitorTypes.names,
  typeColor: visitorTypes.color,
};

type SummarySelect = {
  [K in keyof typeof summaryColumns]: (typeof summaryColumns)[K]['_']['notNull'] extends true
    ? (typeof summaryColumns)[K]['_']['data']
    : (typeof summaryColumns)[K]['_']['data'] | null;
};

function toSummary(r: SummarySelect): VisitSummaryRow {
  return {
    id: r.id,
    status: r.status,
    expectedAt: r.expectedAt,
    checkedInAt: r.checkedInAt,
    checkedOutAt: r.checkedOutAt,
    visitor: { id: r.visitorId, name: r.visitorName, company: r.visitorCompany },
    host: r.hostId && r.hostName ? { id: r.hostId, name: r.hostName, department: r.hostDepartment } : null,
    visitorType:
      r.typeId && r.typeNames && r.typeColor
        ? { id: r.typeId, names: r.typeNames, color: r.typeColor }
        : null,
  };
}

function summaries(db: Db) {
  return db
    .select(summaryColumns)
    .from(visits)
    .innerJoin(visitors, eq(visits.visitorId, visitors.id))
    .leftJoin(hosts, eq(visits.hostId, hosts.id))
    .leftJoin(visitorTypes, eq(visits.visitorTypeId, visitorTypes.id));
}

export const visitsRepo = {
  insertVisitor(db: Db, row: typeof visitors.$inferInsert): void {
    db.insert(visitors).values(row).run();
  },
  getVisitor(db: Db, id: string): VisitorRow | undefined {
    return db.select().from(visitors).where(eq(visitors.id, id)).get();
  },
  insert(db: Db, row: typeof visits.$inferInsert): void {
    db.insert(visits).values(row).run();
  },
  get(db: Db, id: string): VisitRow | undefined {
    return db.select().from(visits).where(eq(visits.id, id)).get();
  },
  update(db: Db, id: string, patch: Partial<typeof visits.$inferInsert>): void {
    db.update(visits).set(patch).where(eq(visits.id, id)).run();
  },
  summary(db: Db, id: string): VisitSummaryRow | undefined {
    const row = summaries(db).where(eq(visits.id, id)).get();
    return row && toSummary(row as SummarySelect);
  },
  /**
   * Visits of a site that belong to a day [from, to): expected that day, or checked in that day, or still
   * on site whenever they arrived.
   */
  forDay(db: Db, siteId: string, from: string, to: string): VisitSummaryRow[] {
    const rows = summaries(db)
      .where(
        and(
          eq(visits.siteId, siteId),
          or(
            and(gte(visits.expectedAt, from), lt(visits.expectedAt, to)),
            and(gte(visits.checkedInAt, from), lt(visits.checkedInAt, to)),
            and(eq(visits.status, 'checked_in'), isNotNull(visits.checkedInAt)),
          ),
        ),
      )
      .orderBy(asc(visits.expectedAt), asc(visits.id))
      .all();
    return rows.map((r) => toSummary(r as SummarySelect));
  },
  /** Ids of a site's visits still checked in that arrived before the given time. */
  onSiteSince(db: Db, siteId: string, before: string): string[] {
    return db
      .select({ id: visits.id })
      .from(visits)
      .where(and(eq(visits.siteId, siteId), eq(visits.status, 'checked_in'), lt(visits.checkedInAt, before)))
      .all()
      .map((r) => r.id);
  },
  countByStatus(db: Db, siteId: string, statuses: VisitStatus[]): number {
    return (
      db
        .select({ n: count() })
        .from(visits)
        .where(and(eq(visits.siteId, siteId), inArray(visits.status, statuses)))
        .get()?.n ?? 0
    );
  },
};
