// Incidents and their timelines.
import { and, asc, desc, eq, gte, inArray, isNull, ne } from 'drizzle-orm';
import type { Db } from '../open';
import { incidentEvents, incidents, staffUsers, visitors } from '../schema';
import type { IncidentStatus } from '../../shared/domain';

export type IncidentRow = typeof incidents.$inferSelect;

const summaryColumns = {
  id: incidents.id,
  siteId: incidents.siteId,
  kind: incidents.kind,
  title: incidents.title,
  status: incidents.status,
  visitId: incidents.visitId,
  visitorId: incidents.visitorId,
  visitorName: visitors.name,
  assigneeId: incidents.assigneeId,
  assigneeName: staffUsers.name,
  createdAt: incidents.createdAt,
  updatedAt: incidents.updatedAt,
};

function summaries(db: Db) {
  return db
    .select(summaryColumns)
    .from(incidents)
    .leftJoin(visitors, eq(visitors.id, incidents.visitorId))
    .leftJoin(staffUsers, eq(staffUsers.id, incidents.assigneeId));
}

export type IncidentSummaryRow = Awaited<ReturnType<ReturnType<typeof summaries>['all']>>[number];

export const incidentsRepo = {
  insert(db: Db, row: typeof incidents.$inferInsert): void {
    db.insert(incidents).values(row).run();
  },
  get(db: Db, id: string): IncidentRow | undefined {
    return db.select().from(incidents).where(eq(incidents.id, id)).get();
  },
  update(db: Db, id: string, patch: Partial<typeof incidents.$inferInsert>): void {
    db.update(incidents).set(patch).where(eq(incidents.id, id)).run();
  },
  summary(db: Db, id: string): IncidentSummaryRow | undefined {
    return summaries(db).where(eq(incidents.id, id)).get();
  },
  list(db: Db, siteId: string, statuses: IncidentStatus[] | undefined, limit: number): IncidentSummaryRow[] {
    return summaries(db)
      .where(
        and(eq(incidents.siteId, siteId), statuses?.length ? inArray(incidents.status, statuses) : undefined),
      )
      .orderBy(desc(incidents.createdAt), desc(incidents.id))
      .limit(limit)
      .all();
  },
  /** The newest incident not yet closed of this kind and title about this visit (or none), updated since `since`. */
  openSimilar(
    db: Db,
    match: { siteId: string; kind: string; title: string; visitId: string | null; since: string },
  ): IncidentRow | undefined {
    return db
      .select()
      .from(incidents)
      .where(
        and(
          eq(incidents.siteId, match.siteId),
          ne(incidents.status, 'closed'),
          eq(incidents.kind, match.kind),
          eq(incidents.title, match.title),
          match.visitId ? eq(incidents.visitId, match.visitId) : isNull(incidents.visitId),
          gte(incidents.updatedAt, match.since),
        ),
      )
      .orderBy(desc(incidents.updatedAt))
      .get();
  },
  addEvent(db: Db, row: typeof incidentEvents.$inferInsert): void {
    db.insert(incidentEvents).values(row).run();
  },
  timeline(db: Db, incidentId: string) {
    return db
      .select({
        id: incidentEvents.id,
        at: incidentEvents.at,
        kind: incidentEvents.kind,
        actorName: staffUsers.name,
        note: incidentEvents.note,
        details: incidentEvents.details,
      })
      .from(incidentEvents)
      .leftJoin(staffUsers, eq(staffUsers.id, incidentEvents.actorId))
      .where(eq(incidentEvents.incidentId, incidentId))
      .orderBy(asc(incidentEvents.at), asc(incidentEvents.id))
      .all();
  },
  /** Active security and admin staff of a site, by name. */
  assignees(db: Db, siteId: string) {
    return db
      .select({ id: staffUsers.id, name: staffUsers.name })
      .from(staffUsers)
      .where(
        and(
          eq(staffUsers.siteId, siteId),
          eq(staffUsers.active, true),
          inArray(staffUsers.role, ['security', 'admin']),
        ),
      )
      .orderBy(asc(staffUsers.name))
      .all();
  },
};
