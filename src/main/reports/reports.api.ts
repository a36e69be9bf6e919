// Reports over a range of the site's local days: SQL does the counting (src/db/repos/reports.ts); this
// turns local days into UTC instants and offset periods, shapes the groups and writes the CSV and PDF.
import { DateTime } from 'luxon';
import Papa from 'papaparse';
import { hostsRepo, visitorTypesRepo } from '../../db/repos/directory';
import type { SiteRow } from '../../db/repos/sites';
import { reportsRepo, type LogSqlRow, type OffsetPeriod, type ReportQuery } from '../../db/repos/reports';
import {
  EXCEPTION_KINDS,
  type ExceptionReport,
  type LogEntry,
  type ReportFilter,
  type VisitReport,
} from '../../shared/api/reports';
import type { Language } from '../../shared/domain';
import { ApiError } from '../../shared/errors';
import { defineHandlers, type CallContext } from '../core/context';
import { fill } from '../evacuation/evacuation-pdf';
import { localTime, renderReportPdf, REPORT_WORDS } from './reports-pdf';
import { requireSite } from '../core/site';

const LOG_PREVIEW = 200;
const MAX_EXPORT_ROWS = 100_000;
const MAX_EXCEPTIONS = 500;
const PEAK_HOURS = 5;
const MINUTE = 60_000;
const DAY = 86_400_000;

/**
 * The site's UTC offsets over [from, to): one period per daylight-saving change, each transition found to
 * the minute by bisection within its day.
 */
export function offsetPeriods(timezone: string, from: Date, to: Date): OffsetPeriod[] {
  const offsetAt = (minute: number) => DateTime.fromMillis(minute * MINUTE, { zone: timezone }).offset;
  const modifier = (offset: number) => `${offset} minutes`;
  const periods: OffsetPeriod[] = [];
  const end = Math.ceil(to.getTime() / MINUTE);
  let offset = offsetAt(Math.floor(from.getTime() / MINUTE));
  for (let day = Math.floor(from.getTime() / MINUTE); day < end; day += DAY / MINUTE) {
    const next = Math.min(day + DAY / MINUTE, end);
    if (offsetAt(next) === offset) continue;
    let [lo, hi] = [day, next];
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (offsetAt(mid) === offset) lo = mid;
      else hi = mid;
    }
    periods.push({ until: new Date(hi * MINUTE).toISOString(), modifier: modifier(offset) });
    offset = offsetAt(hi);
  }
  periods.push({ until: null, modifier: modifier(offset) });
  return periods;
}

function reportQuery(ctx: CallContext, filter: ReportFilter): { site: SiteRow; query: ReportQuery } {
  const site = requireSite(ctx);
  const { db } = ctx.station;
  // Inactive hosts and types keep their history, so only another site's (or no) record is refused.
  if (filter.hostId && hostsRepo.get(db, filter.hostId)?.siteId !== site.id)
    throw new ApiError('invalid_input', 'That host is not in this site’s directory.', {
      hostId: { code: 'invalid_value', message: 'Unknown host.' },
    });
  if (filter.visitorTypeId && visitorTypesRepo.get(db, filter.visitorTypeId)?.siteId !== site.id)
    throw new ApiError('invalid_input', 'That visitor type does not exist at this site.', {
      visitorTypeId: { code: 'invalid_value', message: 'Unknown visitor type.' },
    });
  const from = DateTime.fromISO(filter.from, { zone: site.timezone }).startOf('day').toJSDate();
  const to = DateTime.fromISO(filter.to, { zone: site.timezone }).plus({ days: 1 }).startOf('day').toJSDate();
  return {
    site,
    query: {
      siteId: site.id,
      from: from.toISOString(),
      to: to.toISOString(),
      visitorTypeId: filter.visitorTypeId ?? null,
      hostId: filter.hostId ?? null,
      offsets: offsetPeriods(site.timezone, from, to),
    },
  };
}

const oneDecimal = (n: number) => Math.round(n * 10) / 10;

function dwellStatistics(
  ctx: CallContext,
  query: ReportQuery,
  { count, sum, max }: { count: number; sum: number; max: number | null },
): VisitReport['dwell'] {
  if (count === 0 || max === null)
    return { count, medianMinutes: null, meanMinutes: null, p90Minutes: null, maxMinutes: null };
  // The median averages the two middle values of an even count; p90 is the nearest rank.
  const [lower, upper, p90] = [Math.ceil(count / 2), Math.floor(count / 2) + 1, Math.ceil(count * 0.9)];
  const at = reportsRepo.dwellAtRanks(ctx.station.db, query, [lower, upper, p90]);
  return {
    count,
    medianMinutes: oneDecimal((at.get(lower)! + at.get(upper)!) / 2),
    meanMinutes: oneDecimal(sum / count),
    p90Minutes: oneDecimal(at.get(p90)!),
    maxMinutes: oneDecimal(max),
  };
}

function logEntry(row: LogSqlRow): LogEntry {
  const dwell =
    row.checked_in_at && row.checked_out_at
      ? Math.round((Date.parse(row.checked_out_at) - Date.parse(row.checked_in_at)) / MINUTE)
      : null;
  return {
    visitId: row.id,
    expectedAt: row.expected_at,
    checkedInAt: row.checked_in_at,
    checkedOutAt: row.checked_out_at,
    dwellMinutes: dwell,
    visitorName: row.visitor_name,
    company: row.visitor_company,
    hostName: row.host_name,
    visitorTypeNames: row.type_names ? (JSON.parse(row.type_names) as Record<string, string>) : null,
    status: row.status,
  };
}

export function visitReport(ctx: CallContext, filter: ReportFilter): VisitReport {
  const { site, query } = reportQuery(ctx, filter);
  const byHour = Array<number>(24).fill(0);
  const byWeekday = Array<number>(7).fill(0);
  const days = new Map<string, VisitReport['days'][number]>();
  const buckets = new Map<string, number>();
  const dwell = { count: 0, sum: 0, max: null as number | null };
  for (const g of reportsRepo.groups(ctx.station.db, query)) {
    const day = days.get(g.day) ?? { date: g.day, visits: 0, arrivals: 0, noShows: 0 };
    days.set(g.day, {
      ...day,
      visits: day.visits + g.visits,
      arrivals: day.arrivals + g.arrivals,
      noShows: day.noShows + g.noShows,
    });
    if (g.bucket) buckets.set(g.bucket, (buckets.get(g.bucket) ?? 0) + g.arrivals);
    dwell.count += g.dwellCount;
    dwell.sum += g.dwellSum;
    if (g.dwellMax !== null) dwell.max = Math.max(dwell.max ?? 0, g.dwellMax);
  }
  const hours = [...buckets].map(([bucket, arrivals]) => {
    const [date, hour] = [bucket.slice(0, 10), Number(bucket.slice(11))];
    byHour[hour]! += arrivals;
    // getUTCDay: 0 is Sunday; the report starts the week on Monday.
    byWeekday[(new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7]! += arrivals;
    return { date, hour, arrivals };
  });
  const peakHours = hours
    .sort((a, b) => b.arrivals - a.arrivals || a.date.localeCompare(b.date) || a.hour - b.hour)
    .slice(0, PEAK_HOURS);
  const daily = [...days.values()].sort((a, b) => a.date.localeCompare(b.date));
  const sum = (key: 'visits' | 'arrivals' | 'noShows') => daily.reduce((n, d) => n + d[key], 0);
  return {
    filter: { from: filter.from, to: filter.to },
    timezone: site.timezone,
    totals: { visits: sum('visits'), arrivals: sum('arrivals'), noShows: sum('noShows') },
    days: daily,
    byHour,
    byWeekday,
    peakHours,
    dwell: dwellStatistics(ctx, query, dwell),
    log: reportsRepo.log(ctx.station.db, query, LOG_PREVIEW).map(logEntry),
    logTotal: sum('visits'),
  };
}

export function exceptionReport(
  ctx: CallContext,
  filter: ReportFilter,
  limit = MAX_EXCEPTIONS,
): ExceptionReport {
  const { query } = reportQuery(ctx, filter);
  const counts = Object.fromEntries(EXCEPTION_KINDS.map((k) => [k, 0])) as ExceptionReport['counts'];
  for (const { kind, n } of reportsRepo.exceptionCounts(ctx.station.db, query)) counts[kind] = n;
  return {
    counts,
    exceptions: reportsRepo.exceptions(ctx.station.db, query, limit).map((row) => ({
      at: row.at,
      kind: row.kind,
      visitId: row.visit_id,
      visitorName: row.visitor_name,
      detail: row.detail,
    })),
  };
}

// Exports ------------------------------------------------------------------------------------------------

/**
 * A formula trigger (= + - @, their full-width forms, tab, CR) at the start of a cell or of any line in
 * it, after any spaces or quotes. PapaParse's own escapeFormulae misses a cell with a line break in it.
 */
const FORMULA_START = /(^|[\r\n])([ "]*)(?=[=+\-@＝＋－＠\t\r])/gu;

/** A cell no spreadsheet runs as a formula: each line that would start one is prefixed with '. */
function inertCell(value: unknown): unknown {
  return typeof value === 'string' ? value.replace(FORMULA_START, "$1'$2") : value;
}

/**
 * CSV with a header row, quoted where needed, and cells a spreadsheet would run as a formula made inert
 * (inertCell). Column names are fixed snake_case so other tools can import the file in any language; the
 * BOM makes spreadsheet programs read it as UTF-8.
 */
function csvFile(filename: string, fields: string[], rows: unknown[][]) {
  const data = rows.map((row) => row.map(inertCell));
  const csv = Papa.unparse({ fields, data }, { newline: '\r\n' });
  return { filename, mimeType: 'text/csv', base64: Buffer.from(`\uFEFF${csv}`).toString('base64') };
}

function logCsv(ctx: CallContext, filter: ReportFilter, language: Language) {
  const { site, query } = reportQuery(ctx, filter);
  const rows = reportsRepo.log(ctx.station.db, query, MAX_EXPORT_ROWS + 1);
  if (rows.length > MAX_EXPORT_ROWS)
    throw new ApiError(
      'invalid_input',
      `The log holds more than ${MAX_EXPORT_ROWS.toLocaleString('en')} visits; export a shorter range.`,
      { to: { code: 'too_big', message: 'Choose a shorter range.', params: { max: MAX_EXPORT_ROWS } } },
    );
  const zone = site.timezone;
  const file = csvFile(
    `visitor-log-${filter.from}-${filter.to}.csv`,
    [
      'expected',
      'checked_in',
      'checked_out',
      'dwell_minutes',
      'visitor',
      'company',
      'host',
      'visitor_type',
      'status',
    ],
    rows
      .map(logEntry)
      .map((e) => [
        localTime(e.expectedAt, zone),
        localTime(e.checkedInAt, zone),
        localTime(e.checkedOutAt, zone),
        e.dwellMinutes ?? '',
        e.visitorName,
        e.company ?? '',
        e.hostName ?? '',
        e.visitorTypeNames ? (e.visitorTypeNames[language] ?? e.visitorTypeNames.en ?? '') : '',
        e.status,
      ]),
  );
  return { file, rows: rows.length };
}

async function reportPdf(ctx: CallContext, filter: ReportFilter, language: Language) {
  const site = requireSite(ctx);
  const report = visitReport(ctx, filter);
  const { exceptions } = exceptionReport(ctx, filter);
  const w = REPORT_WORDS[language];
  const d = report.dwell;
  const weekday = (i: number) =>
    DateTime.fromObject({ weekday: (i + 1) as 1 })
      .setLocale(language)
      .toFormat('ccc');
  const pdf = await renderReportPdf({
    title: w.title,
    subtitle: fill(w.subtitle, { site: site.name, from: filter.from, to: filter.to }),
    facts: [
      fill(w.totals, report.totals),
      d.count
        ? fill(w.dwell, {
            median: d.medianMinutes ?? '',
            mean: d.meanMinutes ?? '',
            p90: d.p90Minutes ?? '',
            max: d.maxMinutes ?? '',
          })
        : w.noDwell,
    ],
    charts: [
      { heading: w.byHour, bars: report.byHour.map((value, hour) => ({ label: String(hour), value })) },
      { heading: w.byWeekday, bars: report.byWeekday.map((value, i) => ({ label: weekday(i), value })) },
    ],
    sections: [
      {
        heading: w.peakHours,
        lines: report.peakHours.length
          ? report.peakHours.map((p) => fill(w.peakLine, { ...p, hour: String(p.hour).padStart(2, '0') }))
          : [w.none],
      },
      {
        heading: w.days,
        lines: report.days.length ? report.days.map((day) => fill(w.dayLine, day)) : [w.none],
      },
      {
        heading: w.exceptions,
        lines: exceptions.length
          ? exceptions.map((e) =>
              [localTime(e.at, site.timezone), w.kinds[e.kind], e.visitorName, e.detail]
                .filter(Boolean)
                .join(' · '),
            )
          : [w.none],
      },
    ],
  });
  const file = {
    filename: `visitor-report-${filter.from}-${filter.to}.pdf`,
    mimeType: 'application/pdf',
    base64: pdf.toString('base64'),
  };
  // The rows that name someone: the exceptions (the rest of the PDF is counts).
  return { file, rows: exceptions.length };
}

/**
 * Every export of personal data is audited (issue #15, item 6): who (the entry's actor), what (the method,
 * its filter and format in the entry's input) and how many rows, never the data; in the one write of
 * an `effect: true` method, after the file was made from reads.
 */
function audited<F>(ctx: CallContext, exported: { file: F; rows: number }): F {
  ctx.write((w) => {
    w.auditDetails.rows = exported.rows;
  });
  return exported.file;
}

export const reportHandlers = defineHandlers({
  'reports.visits': (input, ctx) => visitReport(ctx, input),
  'reports.exceptions': (input, ctx) => exceptionReport(ctx, input),
  'reports.export': async (input, ctx) =>
    audited(
      ctx,
      input.format === 'csv'
        ? logCsv(ctx, input.filter, input.language)
        : await reportPdf(ctx, input.filter, input.language),
    ),
  'reports.exportExceptions': (input, ctx) => {
    const site = requireSite(ctx);
    const { exceptions } = exceptionReport(ctx, input.filter, MAX_EXPORT_ROWS);
    const file = csvFile(
      `security-exceptions-${input.filter.from}-${input.filter.to}.csv`,
      ['at', 'kind', 'visitor', 'detail'],
      exceptions.map((e) => [localTime(e.at, site.timezone), e.kind, e.visitorName ?? '', e.detail ?? '']),
    );
    return Promise.resolve(audited(ctx, { file, rows: exceptions.length }));
  },
});
