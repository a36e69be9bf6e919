// Gate events as the gate reads and writes them: one row per decision, the source of anti-passback.
import { and, desc, eq } from 'drizzle-orm';
import type { Db } from '../open';
import { gateEvents } from '../schema';

export type GateEventRow = typeof gateEvents.$inferSelect;

export const gateEventsRepo = {
  insert(db: Db, row: typeof gateEvents.$inferInsert): void {
    db.insert(gateEvents).values(row).run();
  },
  get(db: Db, id: string): GateEventRow | undefined {
    return db.select().from(gateEvents).where(eq(gateEvents.id, id)).get();
  },
  /** The pass's latest granted passage at any gate this station knows of (index gate_events_pass). */
  lastGranted(db: Db, passId: string): GateEventRow | undefined {
    return db
      .select()
      .from(gateEvents)
      .where(and(eq(gateEvents.passId, passId), eq(gateEvents.granted, true)))
      .orderBy(desc(gateEvents.occurredAt), desc(gateEvents.id))
      .limit(1)
      .get();
  },
  /** Whether the pass was ever let in (a single-entry pass is used from then on, even before sync). */
  hasEntered(db: Db, passId: string): boolean {
    return (
      db
        .select({ id: gateEvents.id })
        .from(gateEvents)
        .where(
          and(eq(gateEvents.passId, passId), eq(gateEvents.granted, true), eq(gateEvents.direction, 'entry')),
        )
        .limit(1)
        .get() !== undefined
    );
  },
};
