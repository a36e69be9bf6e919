// The badge print queue, persisted in print_jobs: queued → printing → done | failed | cancelled.
// A job is never lost: a printer that is off or out of labels leaves it queued (with the reason and the
// time of the next attempt, backing off) until it prints or a person cancels or redirects it. A crash
// mid-print leaves a 'printing' row, which start-up puts back in the queue.
import type { Db } from '../../db/open';
import { newId } from '../../shared/ids';
import { printJobsRepo, type PrintJobRow } from '../../db/repos/print-jobs';
import { backoffDelay } from '../../shared/backoff';
import { ApiError } from '../../shared/errors';
import {
  PRINT_FAILURE_CODES,
  storedBadgeSchema,
  type DevicesConfig,
  type PrintFailureCode,
  type PrintJob,
  type PrinterConfig,
} from '../../shared/devices';
import type { PrintJobStatus } from '../../shared/domain';
import type { StationEvent } from '../../shared/events';
import type { BadgeContent } from '../badges/badge-pdf';
import type { CallContext, StationBase, StationCore } from '../core/context';
import { writeAsStation } from '../core/dispatcher';
import { defaultPrinter, readDevicesConfig } from './config';
import { PrintFailure } from './printing';

type JobRow = PrintJobRow;

/** The printer of a job queued while this station has none set up: it waits until the desk redirects it. */
export const UNASSIGNED_PRINTER = 'unassigned';

/**
 * Queues a badge for this station's default printer, inside a write handler: the row is inserted in the
 * call's transaction, and the worker renders and prints it after the commit. Returns the job id, or null
 * when this station has no printer configured (nothing to queue) — unless `holdWithoutPrinter`, when the
 * job waits for a printer (the kiosk's badges: the desk sees them and sends them to one).
 * `documentPath` names the PDF copy the caller renders for reprints.
 */
export function enqueueBadge(
  ctx: CallContext,
  {
    visitId,
    badge,
    printerId,
    documentPath = null,
    holdWithoutPrinter = false,
  }: {
    visitId: string | null;
    badge: BadgeContent;
    printerId?: string;
    documentPath?: string | null;
    holdWithoutPrinter?: boolean;
  },
): string | null {
  const config = readDevicesConfig(ctx.station.db);
  const printer = printerId ? config.printers.find((p) => p.id === printerId) : defaultPrinter(config);
  if (!printer) {
    if (printerId) throw new ApiError('not_found', `There is no printer "${printerId}" on this station.`);
    if (!holdWithoutPrinter) return null;
  }
  const content = storedBadgeSchema.parse({
    ...badge,
    photoBase64: badge.photo ? badge.photo.toString('base64') : null,
    photo: undefined,
  });
  const id = newId();
  printJobsRepo.insert(ctx.station.db, {
    id,
    stationId: ctx.station.stationId,
    visitId,
    printer: printer?.id ?? UNASSIGNED_PRINTER,
    status: 'queued',
    attempts: 0,
    documentPath,
    content: { ...content },
    nextAttemptAt: ctx.nowIso,
    createdAt: ctx.nowIso,
    updatedAt: ctx.nowIso,
  });
  ctx.emit('printJob.changed', { jobId: id, status: 'queued' });
  ctx.afterCommit(() => ctx.station.hardware.wakePrintQueue());
  return id;
}

/** Queues a badge outside any API call (the station itself, tools, tests, benches): see writeAsStation. */
export function enqueueBadgeAsStation(
  station: StationCore,
  input: Parameters<typeof enqueueBadge>[1],
): string | null {
  return writeAsStation(station, (ctx) => enqueueBadge(ctx, input));
}

/** Jobs still to print, and the last day's finished ones, newest first. */
export function listPrintJobs(db: Db, stationId: string, now: Date, config: DevicesConfig): PrintJob[] {
  const since = new Date(now.getTime() - 24 * 3600_000).toISOString();
  const rows = printJobsRepo.recent(db, stationId, since);
  return rows.map(({ job, visitorName }) => toPrintJob(job, visitorName, config));
}

export function getPrintJob(db: Db, stationId: string, jobId: string, config: DevicesConfig): PrintJob {
  const row = printJobsRepo.get(db, stationId, jobId);
  if (!row) throw new ApiError('not_found', 'There is no such print job on this station.');
  return toPrintJob(row.job, row.visitorName, config);
}

function toPrintJob(job: JobRow, visitorName: string | null, config: DevicesConfig): PrintJob {
  const code = job.lastErrorCode as PrintFailureCode | null;
  return {
    id: job.id,
    visitId: job.visitId,
    visitorName: visitorName ?? (typeof job.content?.name === 'string' ? job.content.name : null),
    printerId: job.printer,
    printerName: config.printers.find((p) => p.id === job.printer)?.name ?? null,
    status: job.status,
    attempts: job.attempts,
    lastError: job.lastError,
    lastErrorCode: code && PRINT_FAILURE_CODES.includes(code) ? code : null,
    nextAttemptAt: job.status === 'queued' ? job.nextAttemptAt : null,
    createdAt: job.createdAt,
    updatedAt: job.updatedAt,
  };
}

/** Changes a job's state on a person's request (cancel / retry / redirect), refusing what makes no sense. */
export function changePrintJob(
  ctx: CallContext,
  jobId: string,
  action: 'cancel' | 'retry' | 'redirect',
  printerId?: string,
): PrintJob {
  const { db, stationId } = ctx.station;
  const config = readDevicesConfig(db);
  const job = getPrintJob(db, stationId, jobId, config);
  const allowed: Record<typeof action, PrintJobStatus[]> = {
    cancel: ['queued', 'failed'],
    retry: ['queued', 'failed', 'cancelled'],
    redirect: ['queued', 'failed', 'cancelled'],
  };
  if (!allowed[action].includes(job.status)) {
    throw new ApiError(
      'conflict',
      job.status === 'printing'
        ? 'This badge is being printed right now; wait a moment and try again.'
        : `This print job is ${job.status}; it cannot be changed any more.`,
    );
  }
  if (action === 'redirect' && !config.printers.some((p) => p.id === printerId)) {
    throw new ApiError('invalid_input', `There is no printer "${printerId}" on this station.`, {
      printerId: { code: 'invalid_value', message: 'Choose one of the configured printers.' },
    });
  }
  const change =
    action === 'cancel'
      ? { status: 'cancelled' as const, nextAttemptAt: null }
      : {
          status: 'queued' as const,
          nextAttemptAt: ctx.nowIso,
          ...(action === 'redirect' ? { printer: printerId } : {}),
        };
  printJobsRepo.update(db, jobId, { ...change, updatedAt: ctx.nowIso });
  ctx.auditDetails.jobId = jobId;
  ctx.emit('printJob.changed', { jobId, status: change.status });
  if (change.status === 'queued') ctx.afterCommit(() => ctx.station.hardware.wakePrintQueue());
  return getPrintJob(db, stationId, jobId, config);
}

/**
 * Failures no retry can mend: the job stops at 'failed' until reception retries or redirects it. A printer
 * named but not (yet) in the worker's list keeps retrying: a configuration change reaches it shortly after.
 */
const FINAL_FAILURES: ReadonlySet<PrintFailureCode> = new Set(['bad_content', 'no_printer']);

function noPrinterFailure(printerId: string): PrintFailure {
  return printerId === UNASSIGNED_PRINTER
    ? new PrintFailure('no_printer', 'This station has no printer set up; send the badge to a printer.')
    : new PrintFailure(
        'not_configured',
        `Printer "${printerId}" is not configured on this station any more; redirect the job.`,
      );
}

export interface PrintWorkerOptions {
  /** First retry delay after a failure; doubles per attempt up to retryMaxMs. */
  retryBaseMs?: number;
  retryMaxMs?: number;
  /** How long a network printer may take to accept a job. */
  printTimeoutMs?: number;
}

type CoreWithoutHardware = StationBase;

/**
 * Takes due jobs one at a time and prints them. Runs in the station core; its state lives in the
 * database, so stopping it (or a crash) at any point loses nothing.
 */
export class PrintWorker {
  #timer: NodeJS.Timeout | null = null;
  #running: Promise<void> | null = null;
  #again = false;
  #stopped = false;

  constructor(
    private readonly core: CoreWithoutHardware,
    private readonly printers: () => DevicesConfig['printers'],
    private readonly print: (printer: PrinterConfig, badge: unknown) => Promise<void>,
    private readonly onPrinterResult: (printerId: string, failure: PrintFailure | null) => void,
    private readonly options: PrintWorkerOptions = {},
  ) {}

  /** Puts jobs a crash left 'printing' back in the queue, then starts working. */
  start(): void {
    const nowIso = this.core.now().toISOString();
    const interrupted = printJobsRepo.requeuePrinting(this.core.db, this.core.stationId, {
      status: 'queued',
      nextAttemptAt: nowIso,
      lastError: 'The station stopped while this badge was printing.',
      lastErrorCode: 'interrupted',
      updatedAt: nowIso,
    });
    for (const id of interrupted)
      this.#emit({ event: 'printJob.changed', payload: { jobId: id, status: 'queued' } });
    this.wake();
  }

  get busy(): boolean {
    return this.#running !== null;
  }

  wake(): void {
    if (this.#stopped) return;
    if (this.#running) {
      this.#again = true;
      return;
    }
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    this.#running = this.#drain().finally(() => {
      this.#running = null;
      if (this.#again) {
        this.#again = false;
        this.wake();
      }
    });
  }

  /** Stops taking jobs and waits for the one being printed (it ends done or back in the queue). */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    await this.#running;
  }

  async #drain(): Promise<void> {
    for (;;) {
      if (this.#stopped) return;
      const nowIso = this.core.now().toISOString();
      const job = printJobsRepo.nextDue(this.core.db, this.core.stationId, nowIso);
      if (!job) return this.#sleepUntilNextDue();
      await this.#printOne(job);
    }
  }

  async #printOne(job: JobRow): Promise<void> {
    const { db } = this.core;
    const startedIso = this.core.now().toISOString();
    printJobsRepo.updateIf(db, job.id, 'queued', {
      status: 'printing',
      attempts: job.attempts + 1,
      updatedAt: startedIso,
    });
    this.#emit({ event: 'printJob.changed', payload: { jobId: job.id, status: 'printing' } });

    let failure: PrintFailure | null = null;
    const printer = this.printers().find((p) => p.id === job.printer);
    try {
      if (!printer) throw noPrinterFailure(job.printer);
      const badge = storedBadgeSchema.safeParse(job.content);
      if (!badge.success)
        throw new PrintFailure('bad_content', 'The badge content of this job is not valid.');
      await this.print(printer, badge.data);
    } catch (err) {
      failure = err instanceof PrintFailure ? err : new PrintFailure('error', String(err));
    }
    if (printer) this.onPrinterResult(printer.id, failure);

    const nowIso = this.core.now().toISOString();
    const attempts = job.attempts + 1;
    // A job held for no printer (UNASSIGNED_PRINTER), or content that cannot print, fails at once: trying
    // again cannot help, so it waits in the desk's list for a person to send it to a printer or cancel it.
    const status: PrintJobStatus = !failure ? 'done' : FINAL_FAILURES.has(failure.code) ? 'failed' : 'queued';
    const retryAt =
      status === 'queued'
        ? new Date(this.core.now().getTime() + this.#backoff(attempts)).toISOString()
        : null;
    // Only if still 'printing': the station may be closing, and nobody else touches a printing job.
    if (!this.core.db.$client.open) return;
    printJobsRepo.updateIf(db, job.id, 'printing', {
      status,
      lastError: failure?.message ?? null,
      lastErrorCode: failure?.code ?? null,
      nextAttemptAt: retryAt,
      updatedAt: nowIso,
    });
    this.#emit({ event: 'printJob.changed', payload: { jobId: job.id, status } });
  }

  #backoff(attempts: number): number {
    const { retryBaseMs = 2000, retryMaxMs = 60_000 } = this.options;
    return backoffDelay(attempts - 1, { base: retryBaseMs, max: retryMaxMs });
  }

  #sleepUntilNextDue(): void {
    if (this.#stopped) return;
    const next = printJobsRepo.nextAttempt(this.core.db, this.core.stationId);
    if (!next) return; // nothing queued: enqueue/retry/redirect wake the worker
    const wait = next.at ? Date.parse(next.at) - this.core.now().getTime() : 0;
    this.#timer = setTimeout(() => this.wake(), Math.min(Math.max(wait, 50), 60_000));
    this.#timer.unref();
  }

  #emit(event: StationEvent): void {
    this.core.events.emit('event', event);
  }
}
