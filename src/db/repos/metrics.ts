// The counts behind the station's Prometheus /metrics (src/main/web/metrics.ts): read-only, grouped.
import { count, eq } from 'drizzle-orm';
import type { Db } from '../open';
import { gateEvents, notifications, printJobs } from '../schema';

export const metricsRepo = {
  /** Gate scans this station decided, by verdict (granted or not) and reason. */
  gateVerdicts(db: Db, stationId: string): { granted: boolean; reason: string; n: number }[] {
    return db
      .select({ granted: gateEvents.granted, reason: gateEvents.reason, n: count() })
      .from(gateEvents)
      .where(eq(gateEvents.stationId, stationId))
      .groupBy(gateEvents.granted, gateEvents.reason)
      .all();
  },
  /** This station's badge print jobs by status. */
  printJobs(db: Db, stationId: string): { status: string; n: number }[] {
    return db
      .select({ status: printJobs.status, n: count() })
      .from(printJobs)
      .where(eq(printJobs.stationId, stationId))
      .groupBy(printJobs.status)
      .all();
  },
  /** Host notifications by status (pending ones wait for the sync server to send them). */
  notifications(db: Db): { status: string; n: number }[] {
    return db
      .select({ status: notifications.status, n: count() })
      .from(notifications)
      .groupBy(notifications.status)
      .all();
  },
};
