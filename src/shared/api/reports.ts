// Reports of a site over a range of its local days: the daily visitor log, traffic by hour and weekday,
// dwell time, peak hours and the security exceptions, with CSV and PDF exports. Reception and admins run
// the visit reports; security also sees the exceptions (watchlist hits, refused scans, overrides).
import { z } from 'zod';
import { method } from '../contract';
import { languageSchema, visitStatusSchema } from '../domain';

/** The longest range one report covers, in days. */
export const MAX_REPORT_DAYS = 366;

const localDate = z.iso.date();

export const reportFilterSchema = z
  .object({
    /** First and last local day of the site, both included. */
    from: localDate,
    to: localDate,
    visitorTypeId: z.string().min(1).optional(),
    hostId: z.string().min(1).optional(),
  })
  .refine((f) => f.from <= f.to, { message: 'The range ends before it starts.', path: ['to'] })
  .refine((f) => Date.parse(f.to) - Date.parse(f.from) < MAX_REPORT_DAYS * 86_400_000, {
    message: `A report covers at most ${MAX_REPORT_DAYS} days.`,
    path: ['to'],
  });
export type ReportFilter = z.output<typeof reportFilterSchema>;

export const logEntrySchema = z.object({
  visitId: z.string(),
  expectedAt: z.string().nullable(),
  checkedInAt: z.string().nullable(),
  checkedOutAt: z.string().nullable(),
  /** Minutes from check-in to check-out; null while on site or when the visitor never came. */
  dwellMinutes: z.number().int().nullable(),
  visitorName: z.string(),
  company: z.string().nullable(),
  hostName: z.string().nullable(),
  visitorTypeNames: z.record(z.string(), z.string()).nullable(),
  status: visitStatusSchema,
});
export type LogEntry = z.infer<typeof logEntrySchema>;

export const visitReportSchema = z.object({
  filter: z.object({ from: z.string(), to: z.string() }),
  timezone: z.string(),
  totals: z.object({ visits: z.number().int(), arrivals: z.number().int(), noShows: z.number().int() }),
  /** One entry per local day that had visits, oldest first. */
  days: z.array(
    z.object({
      date: z.string(),
      visits: z.number().int(),
      arrivals: z.number().int(),
      noShows: z.number().int(),
    }),
  ),
  /** Arrivals by local hour of check-in, 0–23. */
  byHour: z.array(z.number().int()).length(24),
  /** Arrivals by local weekday of check-in, Monday first. */
  byWeekday: z.array(z.number().int()).length(7),
  /** The busiest single hours of the range (most arrivals), busiest first. */
  peakHours: z.array(z.object({ date: z.string(), hour: z.number().int(), arrivals: z.number().int() })),
  /** Over visits that checked in and out; null values when there were none. */
  dwell: z.object({
    count: z.number().int(),
    medianMinutes: z.number().nullable(),
    meanMinutes: z.number().nullable(),
    p90Minutes: z.number().nullable(),
    maxMinutes: z.number().nullable(),
  }),
  /** The first visits of the log (by expected time); the CSV export holds all of them. */
  log: z.array(logEntrySchema),
  logTotal: z.number().int(),
});
export type VisitReport = z.infer<typeof visitReportSchema>;

export const EXCEPTION_KINDS = [
  'watchlist_hit',
  'refused_scan',
  'gate_override',
  'capacity_override',
] as const;
export type ExceptionKind = (typeof EXCEPTION_KINDS)[number];

export const exceptionSchema = z.object({
  at: z.string(),
  kind: z.enum(EXCEPTION_KINDS),
  visitId: z.string().nullable(),
  visitorName: z.string().nullable(),
  /** A refusal reason code (gate), or the incident's title (watchlist hit). */
  detail: z.string().nullable(),
});
export type ReportException = z.infer<typeof exceptionSchema>;

export const exceptionReportSchema = z.object({
  counts: z.object(
    Object.fromEntries(EXCEPTION_KINDS.map((k) => [k, z.number().int()])) as Record<
      ExceptionKind,
      z.ZodNumber
    >,
  ),
  /** Newest first, at most 500. */
  exceptions: z.array(exceptionSchema),
});
export type ExceptionReport = z.infer<typeof exceptionReportSchema>;

const exportSchema = z.object({ filename: z.string(), mimeType: z.string(), base64: z.string() });

export const reportMethods = {
  'reports.visits': method({
    summary:
      'Visit report for a range of local days, optionally one visitor type or host: daily log, traffic by hour and weekday, peak hours, dwell time.',
    roles: ['admin', 'reception'],
    writes: false,
    input: reportFilterSchema,
    output: visitReportSchema,
  }),
  'reports.exceptions': method({
    summary:
      'Security exceptions in a range of local days: watchlist hits, refused gate scans, gate overrides and check-ins over capacity.',
    roles: ['admin', 'reception', 'security'],
    writes: false,
    input: reportFilterSchema,
    output: exceptionReportSchema,
  }),
  'reports.export': method({
    summary:
      'The visit report as a file: csv (the whole visitor log, one row per visit) or pdf (summary, traffic, dwell and exceptions).',
    roles: ['admin', 'reception'],
    // A write so the export leaves an audit entry: who, the filter, how many rows (never the data).
    writes: true,
    effect: true,
    input: z.object({
      filter: reportFilterSchema,
      format: z.enum(['csv', 'pdf']),
      language: languageSchema.default('en'),
    }),
    output: exportSchema,
  }),
  'reports.exportExceptions': method({
    summary: 'The security exceptions of a range as CSV, one row per exception.',
    roles: ['admin', 'reception', 'security'],
    writes: true,
    effect: true,
    input: z.object({ filter: reportFilterSchema }),
    output: exportSchema,
  }),
};
