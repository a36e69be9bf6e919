import { and, asc, count, desc, eq, gte, inArray, isNotNull, isNull, like, lt, or, sql } from 'drizzle-orm';
import type { Db } from '../open';
import { hosts, visitorTypes, visitors, visits } from '../schema';
import type { VisitHold, VisitStatus } from '../../shared/domain';
import { anonymisedColumns } from '../../shared/merge';

/**
 * Many ids as one bound JSON text: a batch of 2,000 (retention) is then one short statement, not 2,000
 * parameters that drizzle builds into the SQL and SQLite prepares again every batch.
 */
const idList = (ids: readonly string[]) => sql`(SELECT value FROM json_each(${JSON.stringify(ids)}))`;

/**
 * The anonymising updates, prepared once per connection: the retention job runs them 500 times a million
 * visits, and drizzle built them and SQLite prepared them again each time.
 */
const anonymisingStatements = new WeakMap<Db, ReturnType<typeof prepareAnonymising>>();
function prepareAnonymising(db: Db) {
  const batch = sql`(SELECT value FROM json_each(${sql.placeholder('ids')}))`;
  // Text columns: the bound values need no conversion (set() takes SQL, not bare placeholders).
  const at = sql`${sql.placeholder('at')}`;
  return {
    visits: db
      .update(visits)
      .set({
        ...anonymisedColumns('visit'),
        visitorId: sql`${sql.placeholder('visitorId')}`,
        anonymisedAt: at,
        updatedAt: at,
      })
      .where(inArray(visits.id, batch))
      .prepare(),
    visitors: db
      .update(visitors)
      .set({ ...anonymisedColumns('visitor'), anonymisedAt: at, updatedAt: at })
      .where(inArray(visitors.id, batch))
      .prepare(),
  };
}
function anonymising(db: Db) {
  let s = anonymisingStatements.get(db);
  if (!s) anonymisingStatements.set(db, (s = prepareAnonymising(db)));
  return s;
}

export type VisitRow = typeof visits.$inferSelect;
export type VisitorRow = typeof visitors.$inferSelect;

/** The columns only src/main/visits/status.ts writes: the status, its hold and the times a move records. */
type StatusColumns = 'status' | 'hold' | 'checkedInAt' | 'checkedOutAt' | 'checkOutMethod';

/** A change to a visit's other fields (host, custom fields, notes…). */
export type VisitPatch = Partial<Omit<typeof visits.$inferInsert, 'id' | StatusColumns>>;

/** A status change: what src/main/visits/status.ts writes, and nothing else does. */
export interface VisitStatusChange {
  status?: VisitStatus;
  hold?: VisitHold | null;
  checkedInAt?: string;
  checkedOutAt?: string;
  checkOutMethod?: string;
  updatedAt: string;
}

/**
 * Writes a visit's status and hold. Only src/main/visits/status.ts may import this (it checks canMoveVisit
 * and records the change for sync); tests/unit/status-writers.test.ts fails on any other importer.
 */
export function writeVisitStatus(db: Db, id: string, change: VisitStatusChange): void {
  db.update(visits).set(change).where(eq(visits.id, id)).run();
}

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
  visitor(db: Db, id: string): VisitorRow | undefined {
    return db.select().from(visitors).where(eq(visitors.id, id)).get();
  },
  /**
   * The visitors among these ids that still name someone, with their photo (one query: retention and
   * erasure read a batch at once, and only what anonymising needs).
   */
  visitorsNamingSomeone(db: Db, ids: readonly string[]): { id: string; photoPath: string | null }[] {
    return ids.length === 0
      ? []
      : db
          .select({ id: visitors.id, photoPath: visitors.photoPath })
          .from(visitors)
          .where(and(inArray(visitors.id, idList(ids)), isNull(visitors.anonymisedAt)))
          .all();
  },
  updateVisitor(db: Db, id: string, patch: Partial<Omit<typeof visitors.$inferInsert, 'id'>>): void {
    db.update(visitors).set(patch).where(eq(visitors.id, id)).run();
  },
  /** A new visit is always expected, without a hold; its status moves later through visits/status.ts. */
  insert(db: Db, row: typeof visits.$inferInsert & { status: 'expected'; hold?: null }): void {
    db.insert(visits).values(row).run();
  },
  get(db: Db, id: string): VisitRow | undefined {
    return db.select().from(visits).where(eq(visits.id, id)).get();
  },
  /** The ids among these of the site's visits that still name someone (one query for a batch). */
  visitsNamingSomeone(db: Db, siteId: string, ids: readonly string[]): string[] {
    return ids.length === 0
      ? []
      : db
          .select({ id: visits.id })
          .from(visits)
          .where(and(inArray(visits.id, idList(ids)), eq(visits.siteId, siteId), isNull(visits.anonymisedAt)))
          .all()
          .map((v) => v.id);
  },
  /** Changes a visit's other fields; its status and hold are written only by writeVisitStatus. */
  update(db: Db, id: string, patch: VisitPatch): void {
    db.update(visits).set(patch).where(eq(visits.id, id)).run();
  },
  /**
   * Anonymises these visits (the one writer of a visit's anonymised columns): what the merge rules blank,
   * the site's anonymous visitor in place of the person, and the time. One statement a batch.
   */
  anonymiseMany(db: Db, ids: readonly string[], anonymousVisitorId: string, at: string): void {
    if (ids.length > 0)
      anonymising(db).visits.run({ ids: JSON.stringify(ids), visitorId: anonymousVisitorId, at });
  },
  /** Anonymises these visitors: no name or contact left, only their times. One statement a batch. */
  anonymiseVisitors(db: Db, ids: readonly string[], at: string): void {
    if (ids.length > 0) anonymising(db).visitors.run({ ids: JSON.stringify(ids), at });
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
  /** A site's visit by its invite code, compared without dashes and spaces (`code` is given so). */
  byInviteCode(db: Db, siteId: string, code: string): VisitRow | undefined {
    return db
      .select()
      .from(visits)
      .where(
        and(
          eq(visits.siteId, siteId),
          sql`upper(replace(replace(${visits.inviteCode}, '-', ''), ' ', '')) = ${code}`,
        ),
      )
      .get();
  },
  /** Visitors with this e-mail, phone or folded full name (any given), most recently seen first. */
  recognise(
    db: Db,
    by: { email?: string | undefined; phone?: string | undefined; searchName?: string | undefined },
    limit: number,
  ): VisitorRow[] {
    const conditions = [];
    if (by.email) conditions.push(eq(visitors.email, by.email));
    if (by.phone) conditions.push(eq(visitors.phone, by.phone));
    if (by.searchName) conditions.push(eq(visitors.searchName, by.searchName));
    if (conditions.length === 0) return [];
    return db
      .select()
      .from(visitors)
      .where(or(...conditions))
      .orderBy(desc(visitors.updatedAt))
      .limit(limit)
      .all();
  },
  /** People checked in at a site whose folded name has a word starting with each of the given words. */
  onSiteByName(db: Db, siteId: string, foldedWords: string[], limit: number) {
    const start = (w: string) => w.replace(/[%_\\]/g, '');
    return db
      .select({ visitId: visits.id, name: visitors.name, since: visits.checkedInAt })
      .from(visits)
      .innerJoin(visitors, eq(visits.visitorId, visitors.id))
      .where(
        and(
          eq(visits.siteId, siteId),
          eq(visits.status, 'checked_in'),
          ...foldedWords.map((w) =>
            or(like(visitors.searchName, `${start(w)}%`), like(visitors.searchName, `% ${start(w)}%`)),
          ),
        ),
      )
      .limit(limit)
      .all();
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
