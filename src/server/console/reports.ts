// The console's report across sites (docs/console.md#reports): visits checked in per site per local day
// of the site, over a range of days, as JSON for the page and as CSV for a spreadsheet (papaparse writes
// it: quoting and formula-looking cells are its job, not ours).
import Papa from 'papaparse';
import { z } from 'zod';
import { ApiError } from '../../shared/errors';
import { parse } from '../service';
import type { SyncStore } from '../store';

/** The longest range one report covers. */
export const REPORT_MAX_DAYS = 366;
/** Local days reach at most this far either side of UTC (UTC−12 to UTC+14). */
const ZONE_REACH_MS = 14 * 3_600_000;
const DAY_MS = 86_400_000;

const day = z.iso.date('a day as YYYY-MM-DD');
const rangeSchema = z.object({ from: day, to: day }).refine((r) => r.from <= r.to, {
  message: 'the range must not end before it starts',
  path: ['to'],
});

export interface VisitsReport {
  from: string;
  to: string;
  /** One row per site and day with at least one visit, by site name then day. */
  rows: { siteId: string; siteName: string; day: string; visits: number }[];
}

/** Visits checked in per site and local day, from `from` to `to` (both included, YYYY-MM-DD). */
export async function visitsPerSiteDay(store: SyncStore, query: unknown): Promise<VisitsReport> {
  const { from, to } = parse(rangeSchema, query);
  const days = (Date.parse(to) - Date.parse(from)) / DAY_MS + 1;
  if (days > REPORT_MAX_DAYS)
    throw new ApiError(
      'invalid_input',
      `A report covers at most ${REPORT_MAX_DAYS} days; this one asks for ${days}.`,
    );
  const checkIns = await store.checkIns(
    new Date(Date.parse(from) - ZONE_REACH_MS).toISOString(),
    new Date(Date.parse(to) + DAY_MS + ZONE_REACH_MS).toISOString(),
  );
  const formats = new Map<string, Intl.DateTimeFormat>();
  const localDay = (at: string, timezone: string) => {
    let format = formats.get(timezone);
    if (!format) {
      // en-CA writes YYYY-MM-DD.
      format = new Intl.DateTimeFormat('en-CA', {
        timeZone: timezone,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
      });
      formats.set(timezone, format);
    }
    return format.format(new Date(at));
  };
  const counts = new Map<string, number>();
  for (const { siteId, at, timezone } of checkIns) {
    let local: string;
    try {
      local = localDay(at, timezone);
    } catch {
      continue; // a zone this runtime does not know: not countable by its local day
    }
    if (local < from || local > to) continue;
    const key = `${siteId}\n${local}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const names = new Map((await store.listSites()).map((s) => [s.id, s.name]));
  const rows = [...counts].map(([key, visits]) => {
    const [siteId, local] = key.split('\n') as [string, string];
    return { siteId, siteName: names.get(siteId) ?? siteId, day: local, visits };
  });
  rows.sort((a, b) => a.siteName.localeCompare(b.siteName) || a.day.localeCompare(b.day));
  return { from, to, rows };
}

/** The report as CSV: a header row, then site, day, visits. */
export function visitsCsv(report: VisitsReport): string {
  return Papa.unparse(
    {
      fields: ['site', 'site_id', 'day', 'visits'],
      data: report.rows.map((r) => [r.siteName, r.siteId, r.day, r.visits]),
    },
    { escapeFormulae: true },
  );
}
