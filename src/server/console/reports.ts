// The console's report across sites (docs/console.md#reports), over a range of each site's local days,
// from the visits, passes, gate decisions and incidents the server holds:
// - per site and day: visits checked in, and the peak — the most visitors on site at once and the hour it
//   was first reached. On site as the desk counts it (checked in, not yet out); a visit never checked out
//   counts until the site's daily automatic check-out after its check-in (the desk's scheduler, which
//   checks out everyone checked in before that time), or the end of its day when the site has none;
// - per site: the exceptions, with the desk report's definitions where the server holds the same facts
//   (watchlist hits, refused gate scans, gate overrides; src/db/repos/reports.ts), and visits denied,
//   visitors on site past the end of their pass (overstays) and every other incident.
// As JSON for the page, as CSV for a spreadsheet (papaparse writes it: quoting and formula-looking cells
// are its job, not ours) and as a PDF (src/node/pdf/report-pdf.ts, the desk's report layout).
import { DateTime } from 'luxon';
import Papa from 'papaparse';
import { z } from 'zod';
import { fill, renderReportPdf } from '../../node/pdf/report-pdf';
import { nextCheckOutDue } from '../../node/site-time';
import { languageSchema, type Language } from '../../shared/domain';
import {
  FLEET_EXCEPTION_KINDS,
  type FleetExceptionKind,
  type FleetReport,
  type ReportException,
  type SiteDayRow,
} from '../../shared/console-report';
import { ApiError } from '../../shared/errors';
import { rowOf, type EntityState } from '../../shared/merge';
import type { SiteInfo } from '../../shared/sync';
import { parse } from '../service';
import type { SyncStore } from '../store';
import { REPORT_WORDS } from './report-words';

/** The longest range one report covers. */
export const REPORT_MAX_DAYS = 366;
/** Exceptions listed on the page, newest first; the exports hold them all. */
export const EXCEPTIONS_SHOWN = 500;
const DAY_MS = 86_400_000;

const day = z.iso.date('a day as YYYY-MM-DD');
const rangeSchema = z.object({ from: day, to: day }).refine((r) => r.from <= r.to, {
  message: 'the range must not end before it starts',
  path: ['to'],
});
const pdfQuerySchema = z.object({ language: languageSchema.default('en') });

type Row = Record<string, unknown>;
const str = (v: unknown) => (typeof v === 'string' ? v : null);

/** The rows of the states of one kind, by id. */
function rowsOf(states: EntityState[], kind: EntityState['kind']): Map<string, Row> {
  const out = new Map<string, Row>();
  for (const state of states) {
    const row = state.kind === kind ? rowOf(state) : null;
    if (row) out.set(state.id, row);
  }
  return out;
}

interface SiteFacts {
  site: SiteInfo;
  states: EntityState[];
  autoCheckOutTime: string | null;
}

/** When a visitor checked in at `checkedInAt` left, as the report counts it (see the file's head). */
function leftAt(visit: Row, checkedInAt: string, facts: SiteFacts, now: Date): number {
  const out = str(visit.checkedOutAt);
  if (out) return Date.parse(out);
  const zone = facts.site.timezone;
  const gone = facts.autoCheckOutTime
    ? nextCheckOutDue(new Date(checkedInAt), zone, facts.autoCheckOutTime).getTime()
    : DateTime.fromISO(checkedInAt, { zone }).plus({ days: 1 }).startOf('day').toMillis();
  return Math.min(gone, now.getTime());
}

function siteReport(facts: SiteFacts, from: string, to: string, now: Date) {
  const { site, states } = facts;
  const zone = site.timezone;
  const start = DateTime.fromISO(from, { zone }).startOf('day');
  const end = DateTime.fromISO(to, { zone }).plus({ days: 1 }).startOf('day');
  const [startMs, endMs] = [start.toMillis(), end.toMillis()];
  const inRange = (ms: number) => ms >= startMs && ms < endMs;
  const localDay = (ms: number) => DateTime.fromMillis(ms, { zone }).toISODate()!;

  const visits = rowsOf(states, 'visit');
  const visitors = rowsOf(states, 'visitor');
  const nameOfVisitor = (id: unknown) => str(visitors.get(String(id))?.name) || null;
  const nameOfVisit = (id: unknown) => (id ? nameOfVisitor(visits.get(String(id))?.visitorId) : null);

  // Visits per day, and a sweep over arrivals and departures for the peaks. Each local midnight is a
  // step too, so a day whose only visitors stayed from the day before still shows them.
  const checkIns = new Map<string, number>();
  const steps: { at: number; delta: -1 | 0 | 1 }[] = [];
  for (let d = start; d < end; d = d.plus({ days: 1 })) steps.push({ at: d.toMillis(), delta: 0 });
  const stays = new Map<string, { in: number; out: number }>();
  for (const [id, visit] of visits) {
    const checkedInAt = str(visit.checkedInAt);
    if (!checkedInAt) continue;
    const arrived = Date.parse(checkedInAt);
    const left = leftAt(visit, checkedInAt, facts, now);
    stays.set(id, { in: arrived, out: left });
    // Its own time zone, as the visit was recorded (a site that moved keeps its old days).
    const visitZone = str(visit.timezone) ?? zone;
    const checkInDay = DateTime.fromMillis(arrived, { zone: visitZone }).toISODate();
    if (checkInDay && checkInDay >= from && checkInDay <= to)
      checkIns.set(checkInDay, (checkIns.get(checkInDay) ?? 0) + 1);
    if (left <= arrived || left <= startMs || arrived >= endMs) continue;
    steps.push({ at: arrived, delta: 1 }, { at: left, delta: -1 });
  }
  // At one instant, departures first, then the day's start, then arrivals.
  steps.sort((a, b) => a.at - b.at || a.delta - b.delta);
  const peaks = new Map<string, { peak: number; at: number }>();
  let onSite = 0;
  for (const step of steps) {
    onSite += step.delta;
    if (step.delta < 0 || !inRange(step.at)) continue;
    const key = localDay(step.at);
    if (onSite > (peaks.get(key)?.peak ?? 0)) peaks.set(key, { peak: onSite, at: step.at });
  }
  const rows: SiteDayRow[] = [...new Set([...checkIns.keys(), ...peaks.keys()])].sort().map((d) => {
    const peak = peaks.get(d);
    return {
      siteId: site.id,
      siteName: site.name,
      day: d,
      visits: checkIns.get(d) ?? 0,
      peak: peak?.peak ?? 0,
      peakHour: peak ? DateTime.fromMillis(peak.at, { zone }).toFormat('HH:00') : null,
    };
  });

  const exceptions: ReportException[] = [];
  const add = (
    at: string | null,
    kind: FleetExceptionKind,
    visitorName: string | null,
    detail: string | null,
    overstayMinutes: number | null = null,
  ) => {
    if (!at || !inRange(Date.parse(at))) return;
    const localAt = DateTime.fromISO(at, { zone }).toFormat('yyyy-MM-dd HH:mm');
    exceptions.push({
      siteId: site.id,
      siteName: site.name,
      at,
      localAt,
      kind,
      visitorName,
      detail,
      overstayMinutes,
    });
  };
  // The desk's definitions (src/db/repos/reports.ts exceptionsSelect).
  for (const gate of rowsOf(states, 'gateEvent').values()) {
    if (gate.granted && !gate.overrideBy) continue;
    const kind = gate.granted ? 'gate_override' : 'refused_scan';
    add(str(gate.occurredAt), kind, nameOfVisit(gate.visitId), str(gate.reason));
  }
  for (const incident of rowsOf(states, 'incident').values()) {
    const name = nameOfVisitor(incident.visitorId) ?? nameOfVisit(incident.visitId);
    const kind = incident.kind === 'watchlist' ? 'watchlist_hit' : 'incident';
    add(str(incident.createdAt), kind, name, str(incident.title));
  }
  // Visits denied, on the day they were expected (walk-ins: the moment they arrived), as the desk's
  // report places a visit in its range.
  for (const visit of visits.values())
    if (visit.status === 'denied')
      add(str(visit.expectedAt) ?? str(visit.createdAt), 'denied', nameOfVisitor(visit.visitorId), null);
  // Overstays: on site past the end of the visit's pass (the latest, for a stay extended at the desk).
  const passEnds = new Map<string, number>();
  for (const pass of rowsOf(states, 'pass').values()) {
    const until = str(pass.validUntil);
    if (pass.kind !== 'visit' || pass.status === 'revoked' || !until) continue;
    const visitId = String(pass.visitId);
    passEnds.set(visitId, Math.max(passEnds.get(visitId) ?? 0, Date.parse(until)));
  }
  for (const [visitId, until] of passEnds) {
    const stay = stays.get(visitId);
    if (!stay || stay.out <= until) continue;
    const minutes = Math.round((stay.out - until) / 60_000);
    add(new Date(until).toISOString(), 'overstay', nameOfVisit(visitId), `${minutes} min`, minutes);
  }
  return { rows, exceptions };
}

/** The report across every site for `query` ({ from, to }, YYYY-MM-DD, both included) at `now`. */
export async function fleetReport(
  store: SyncStore,
  autoCheckOutTime: (siteId: string) => Promise<string | null>,
  query: unknown,
  now: Date,
  { allExceptions = false } = {},
): Promise<FleetReport> {
  const { from, to } = parse(rangeSchema, query);
  const days = (Date.parse(to) - Date.parse(from)) / DAY_MS + 1;
  if (days > REPORT_MAX_DAYS)
    throw new ApiError(
      'invalid_input',
      `A report covers at most ${REPORT_MAX_DAYS} days; this one asks for ${days}.`,
    );
  const sites = (await store.listSites()).sort((a, b) => a.name.localeCompare(b.name));
  const rows: SiteDayRow[] = [];
  const exceptions: ReportException[] = [];
  const exceptionCounts: FleetReport['exceptionCounts'] = [];
  for (const site of sites) {
    // A zone this runtime does not know has no local days to count by.
    if (!DateTime.local().setZone(site.timezone).isValid) continue;
    const facts: SiteFacts = {
      site,
      states: await store.siteEntities(site.id, ['visit', 'visitor', 'pass', 'gateEvent', 'incident']),
      autoCheckOutTime: await autoCheckOutTime(site.id),
    };
    const report = siteReport(facts, from, to, now);
    rows.push(...report.rows);
    exceptions.push(...report.exceptions);
    if (report.exceptions.length) {
      const counts = Object.fromEntries(FLEET_EXCEPTION_KINDS.map((k) => [k, 0])) as Record<
        FleetExceptionKind,
        number
      >;
      for (const e of report.exceptions) counts[e.kind] += 1;
      exceptionCounts.push({ siteId: site.id, siteName: site.name, counts });
    }
  }
  const order = (e: ReportException) => FLEET_EXCEPTION_KINDS.indexOf(e.kind);
  exceptions.sort(
    (a, b) =>
      Date.parse(b.at) - Date.parse(a.at) || a.siteName.localeCompare(b.siteName) || order(a) - order(b),
  );
  return {
    from,
    to,
    rows,
    exceptionCounts,
    exceptions: allExceptions ? exceptions : exceptions.slice(0, EXCEPTIONS_SHOWN),
    exceptionsTotal: exceptions.length,
  };
}

// Exports: each answers its file and how many rows of data it holds, for the audit entry.

export interface ReportFile {
  filename: string;
  type: string;
  body: string | Buffer;
  rows: number;
}

const csv = (fields: string[], data: unknown[][]) => Papa.unparse({ fields, data }, { escapeFormulae: true });

/** Visits and peaks per site and day: a header row, then one row per site and day. */
export function visitsCsv(report: FleetReport): ReportFile {
  return {
    filename: `visits-${report.from}-${report.to}.csv`,
    type: 'text/csv; charset=utf-8',
    body: csv(
      ['site', 'site_id', 'day', 'visits', 'peak_on_site', 'peak_hour'],
      report.rows.map((r) => [r.siteName, r.siteId, r.day, r.visits, r.peak, r.peakHour ?? '']),
    ),
    rows: report.rows.length,
  };
}

/** Every exception of the range (the report made with allExceptions), newest first. */
export function exceptionsCsv(report: FleetReport): ReportFile {
  return {
    filename: `exceptions-${report.from}-${report.to}.csv`,
    type: 'text/csv; charset=utf-8',
    body: csv(
      ['site', 'site_id', 'at', 'local_time', 'kind', 'visitor', 'detail'],
      report.exceptions.map((e) => [
        e.siteName,
        e.siteId,
        e.at,
        e.localAt,
        e.kind,
        e.visitorName ?? '',
        e.detail ?? '',
      ]),
    ),
    rows: report.exceptions.length,
  };
}

/** An exception's detail in the file's language, as the console page words it: a gate's reason, the
 *  minutes overstayed, or the incident's own title. */
function exceptionDetail(w: (typeof REPORT_WORDS)[Language], e: ReportException): string | null {
  if (e.overstayMinutes !== null) return fill(w.overstayMinutes, { minutes: e.overstayMinutes });
  if ((e.kind === 'refused_scan' || e.kind === 'gate_override') && e.detail)
    return (w.reasons as Record<string, string | undefined>)[e.detail] ?? e.detail;
  return e.detail;
}

/** The whole report (the one made with allExceptions) as a PDF in the page's language (`?language=`). */
export async function reportPdf(report: FleetReport, query: unknown): Promise<ReportFile> {
  const w = REPORT_WORDS[parse(pdfQuerySchema, query).language];
  const totalVisits = report.rows.reduce((n, r) => n + r.visits, 0);
  const pdf = await renderReportPdf({
    title: w.title,
    subtitle: fill(w.subtitle, { from: report.from, to: report.to }),
    facts: [fill(w.totals, { visits: totalVisits, exceptions: report.exceptionsTotal })],
    charts: [],
    sections: [
      {
        heading: w.days,
        lines: report.rows.length
          ? report.rows.map((r) =>
              fill(r.peakHour ? w.dayLine : w.dayLineNoPeak, {
                site: r.siteName,
                day: r.day,
                visits: r.visits,
                peak: r.peak,
                hour: r.peakHour ?? '',
              }),
            )
          : [w.none],
      },
      {
        heading: w.exceptionCounts,
        lines: report.exceptionCounts.length
          ? report.exceptionCounts.map(
              (s) =>
                `${s.siteName}: ${FLEET_EXCEPTION_KINDS.filter((k) => s.counts[k])
                  .map((k) => `${w.kinds[k]} ${s.counts[k]}`)
                  .join(' · ')}`,
            )
          : [w.none],
      },
      {
        heading: w.exceptions,
        lines: report.exceptions.length
          ? report.exceptions.map((e) =>
              [e.localAt, e.siteName, w.kinds[e.kind], e.visitorName, exceptionDetail(w, e)]
                .filter(Boolean)
                .join(' · '),
            )
          : [w.none],
      },
    ],
  });
  return {
    filename: `report-${report.from}-${report.to}.pdf`,
    type: 'application/pdf',
    body: pdf,
    rows: report.rows.length + report.exceptions.length,
  };
}
