// Evacuation roll calls and the people on them.
import { and, desc, eq, isNull } from 'drizzle-orm';
import type { Db } from '../open';
import { evacuationPeople, evacuations, staffUsers } from '../schema';

export type EvacuationRow = typeof evacuations.$inferSelect;

export const evacuationsRepo = {
  insert(db: Db, row: typeof evacuations.$inferInsert): void {
    db.insert(evacuations).values(row).run();
  },
  /** Copies everyone checked in at the site onto the roll call, with their host's name. */
  snapshotOnSite(db: Db, evacuationId: string, siteId: string): number {
    return db.$client
      .prepare(
        `INSERT INTO evacuation_people (evacuation_id, visit_id, name, company, host_name, checked_in_at)
         SELECT ?, v.id, p.name, p.company, h.name, v.checked_in_at
         FROM visits v JOIN visitors p ON p.id = v.visitor_id LEFT JOIN hosts h ON h.id = v.host_id
         WHERE v.site_id = ? AND v.status = 'checked_in'`,
      )
      .run(evacuationId, siteId).changes;
  },
  get(db: Db, id: string): EvacuationRow | undefined {
    return db.select().from(evacuations).where(eq(evacuations.id, id)).get();
  },
  running(db: Db, siteId: string): EvacuationRow | undefined {
    return db
      .select()
      .from(evacuations)
      .where(and(eq(evacuations.siteId, siteId), isNull(evacuations.endedAt)))
      .orderBy(desc(evacuations.startedAt))
      .get();
  },
  latest(db: Db, siteId: string): EvacuationRow | undefined {
    return db
      .select()
      .from(evacuations)
      .where(eq(evacuations.siteId, siteId))
      .orderBy(desc(evacuations.startedAt))
      .get();
  },
  end(db: Db, id: string, endedAt: string, endedBy: string | null): void {
    db.update(evacuations).set({ endedAt, endedBy }).where(eq(evacuations.id, id)).run();
  },
  people(db: Db, evacuationId: string) {
    return db
      .select({
        visitId: evacuationPeople.visitId,
        name: evacuationPeople.name,
        company: evacuationPeople.company,
        hostName: evacuationPeople.hostName,
        checkedInAt: evacuationPeople.checkedInAt,
        safeAt: evacuationPeople.safeAt,
        safeByName: staffUsers.name,
      })
      .from(evacuationPeople)
      .leftJoin(staffUsers, eq(staffUsers.id, evacuationPeople.safeBy))
      .where(eq(evacuationPeople.evacuationId, evacuationId))
      .all();
  },
  /** Sets or clears a person's safe mark; false when they are not on this roll call. */
  mark(db: Db, evacuationId: string, visitId: string, safeAt: string | null, safeBy: string | null): boolean {
    return (
      db
        .update(evacuationPeople)
        .set({ safeAt, safeBy })
        .where(and(eq(evacuationPeople.evacuationId, evacuationId), eq(evacuationPeople.visitId, visitId)))
        .run().changes > 0
    );
  },
  staffName(db: Db, id: string | null): string | null {
    if (!id) return null;
    return (
      db.select({ name: staffUsers.name }).from(staffUsers).where(eq(staffUsers.id, id)).get()?.name ?? null
    );
  },
};
