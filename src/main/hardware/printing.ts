// One badge to one printer, in the printer's own language: a PDF through CUPS, ZPL or Brother QL raster
// over raw TCP 9100. Failures come back classified, so the queue knows to keep the job and the desk can
// say why (offline, refused the job …) in its own language.
import {
  brotherQlBadge,
  CupsError,
  printPdf,
  PrinterUnavailableError,
  queryPrinterStatus,
  sendRaw,
  sendSerial,
  zplBadge,
  type Badge,
} from '../../../drivers';
import type { PrinterConfig, PrinterProblem, PrintFailureCode, StoredBadge } from '../../shared/devices';
import { renderBadgePdf, type BadgeContent } from '../badges/badge-pdf';
import { badgeHtml, badgePageMicrons } from './badge-html';
import type { SilentPrinter } from '../core/hardware';

export class PrintFailure extends Error {
  constructor(
    readonly code: PrintFailureCode,
    message: string,
  ) {
    super(message);
    this.name = 'PrintFailure';
  }
}

export interface PrintOptions {
  /** Give up on a network printer that does not take the job within this long. */
  timeoutMs?: number;
  /** Electron's silent printing, present only in the desktop app. */
  silentPrinter?: SilentPrinter;
}

type NetworkPrinter = Extract<PrinterConfig, { kind: 'zpl' | 'brother-ql' }>;

/** A printer whose own status answer says it cannot print now (a person must load labels, close the cover …). */
export const PROBLEM_MESSAGES: Record<PrinterProblem, string> = {
  no_media: 'The printer says it is out of labels.',
  cover_open: 'The printer says its cover is open.',
  paused: 'The printer says it is paused or busy.',
  error: 'The printer reports an error.',
};

export type PrinterCheck =
  | { reachable: true; problems: PrinterProblem[] }
  /** Took the connection but gave no status answer it understands: printing may still work. */
  | { reachable: true; problems: null; detail: string }
  | { reachable: false; detail: string };

/** Asks a network label printer for its status (Zebra ~HS, Brother QL ESC i S). */
export async function checkPrinter(printer: NetworkPrinter, timeoutMs = 3000): Promise<PrinterCheck> {
  try {
    return {
      reachable: true,
      problems: await queryPrinterStatus(printer.kind, { host: printer.host, port: printer.port, timeoutMs }),
    };
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    const reached = !(err instanceof PrinterUnavailableError) || err.reached;
    return reached ? { reachable: true, problems: null, detail } : { reachable: false, detail };
  }
}

/** Refuses to send a job to a printer that says it cannot print, so the job waits with that reason. */
async function ensureReady(printer: NetworkPrinter, timeoutMs: number): Promise<void> {
  const check = await checkPrinter(printer, Math.min(timeoutMs, 3000));
  if (!check.reachable) throw new PrintFailure('offline', check.detail);
  const [problem] = check.problems ?? [];
  if (problem) throw new PrintFailure(problem, PROBLEM_MESSAGES[problem]);
}

export async function printBadge(
  printer: PrinterConfig,
  badge: StoredBadge,
  { timeoutMs = 10_000, silentPrinter }: PrintOptions = {},
): Promise<void> {
  try {
    switch (printer.kind) {
      case 'cups': {
        const pdf = await renderBadgePdf(pdfContent(badge), printer.size);
        await printPdf(pdf, { queue: printer.queue, media: printer.media || undefined, title: badge.name });
        return;
      }
      case 'zpl':
        await ensureReady(printer, timeoutMs);
        await sendRaw(
          { host: printer.host, port: printer.port, timeoutMs, closeWaitMs: 2000 },
          zplBadge(rawBadge(badge)),
        );
        return;
      case 'zpl-serial':
        await sendSerial(
          { path: printer.path, baudRate: printer.baudRate, timeoutMs },
          zplBadge(rawBadge(badge)),
        );
        return;
      case 'electron':
        if (!silentPrinter)
          throw new PrintFailure(
            'not_configured',
            'Electron printing works only in the desktop app; send the badge to another printer.',
          );
        await silentPrinter.print(badgeHtml(badge, printer.size), {
          deviceName: printer.deviceName || null,
          pageSize: badgePageMicrons(printer.size),
        });
        return;
      case 'brother-ql':
        await ensureReady(printer, timeoutMs);
        await sendRaw(
          { host: printer.host, port: printer.port, timeoutMs, closeWaitMs: 2000 },
          brotherQlBadge(rawBadge(badge)),
        );
        return;
    }
  } catch (err) {
    throw classify(err);
  }
}

/** The badge for the PDF renderer (photo back to bytes). */
export function pdfContent(badge: StoredBadge): BadgeContent {
  return {
    name: badge.name,
    company: badge.company ?? null,
    hostLine: badge.hostLine ?? null,
    dateLine: badge.dateLine,
    typeName: badge.typeName,
    typeColor: badge.typeColor,
    siteName: badge.siteName,
    photo: badge.photoBase64 ? Buffer.from(badge.photoBase64, 'base64') : null,
    qrText: badge.qrText,
  };
}

/** The badge for the label languages (text lines and the QR code; no photo). */
function rawBadge(badge: StoredBadge): Badge {
  const cut = (text: string | null | undefined, max: number) => (text ? text.slice(0, max) : undefined);
  return {
    name: badge.name.slice(0, 80),
    company: cut(badge.company, 80),
    hostLine: cut(badge.hostLine, 90),
    label: cut(badge.typeName, 40),
    validity: cut(badge.dateLine, 60),
    qr: badge.qrText,
  };
}

function classify(err: unknown): PrintFailure {
  if (err instanceof PrintFailure) return err;
  const message = err instanceof Error ? err.message : String(err);
  if (err instanceof PrinterUnavailableError) {
    // A refused or unanswered connection is a printer that is off; a reset or early close after
    // connecting is a printer that is there but will not print (out of labels, cover open).
    const rejected = /ECONNRESET|EPIPE|closed the connection/.test(message);
    return new PrintFailure(rejected ? 'rejected' : 'offline', message);
  }
  if (err instanceof CupsError) {
    return new PrintFailure(/not available/.test(message) ? 'offline' : 'rejected', message);
  }
  // zod: the label languages cannot carry this content (e.g. a pass code with non-ASCII characters).
  if (err instanceof Error && err.name === 'ZodError') return new PrintFailure('bad_content', message);
  return new PrintFailure('error', message);
}

/** What a test print carries. */
export const TEST_BADGE: StoredBadge = {
  name: 'Test badge',
  company: 'Gatehouse',
  hostLine: null,
  dateLine: 'Printer test',
  typeName: 'Test',
  typeColor: '#1f6feb',
  siteName: 'Gatehouse',
  photoBase64: null,
  qrText: 'GATEHOUSE-PRINTER-TEST',
};
