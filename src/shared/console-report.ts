// The fleet console's report across sites, as the sync server answers it (src/server/console/reports.ts)
// and the console page shows it (src/console): one shape for both ends.

/**
 * The exceptions: the desk report's kinds the sync server holds (src/shared/api/reports.ts; a capacity
 * override is only in its desk's own audit log), then what the merged data shows: visits denied, visitors
 * on site past their pass, and every other incident.
 */
export const FLEET_EXCEPTION_KINDS = [
  'watchlist_hit',
  'refused_scan',
  'gate_override',
  'denied',
  'overstay',
  'incident',
] as const;
export type FleetExceptionKind = (typeof FLEET_EXCEPTION_KINDS)[number];

/** The report's files; each download is audited by the server. */
export const REPORT_FILES = ['visits.csv', 'exceptions.csv', 'report.pdf'] as const;
export type ReportFileName = (typeof REPORT_FILES)[number];

export interface SiteDayRow {
  siteId: string;
  siteName: string;
  day: string;
  /** Visits checked in that day. */
  visits: number;
  /** The most visitors on site at once that day, and the local hour ("HH:00") it was first reached. */
  peak: number;
  peakHour: string | null;
}

export interface ReportException {
  siteId: string;
  siteName: string;
  /** ISO time, and the same as the site's local "yyyy-MM-dd HH:mm". */
  at: string;
  localAt: string;
  kind: FleetExceptionKind;
  visitorName: string | null;
  /** A gate's refusal reason code, an incident's title, or how long a pass was overstayed ("40 min"). */
  detail: string | null;
  /** For an overstay, the minutes past the pass (a page words it in its own language). */
  overstayMinutes: number | null;
}

export interface FleetReport {
  from: string;
  to: string;
  /** One row per site and day with a visit checked in or anyone on site, by site name then day. */
  rows: SiteDayRow[];
  /** Per site with at least one exception: how many of each kind. */
  exceptionCounts: { siteId: string; siteName: string; counts: Record<FleetExceptionKind, number> }[];
  /** Newest first; at most 500 on the page, all in the files. */
  exceptions: ReportException[];
  exceptionsTotal: number;
}
