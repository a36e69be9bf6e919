// Printing a PDF through CUPS with `lp`, and listing queues with `lpstat`. Works for any office or badge
// printer with a CUPS driver (and for cups-pdf, which tests use as a real queue).
import { spawn } from 'node:child_process';

export interface CupsQueue {
  name: string;
  accepting: boolean;
  /** From `lpstat -p`: idle, printing, disabled (null when lpstat -p did not list it). */
  state: 'idle' | 'printing' | 'disabled' | null;
  /** Device URI from `lpstat -v`, e.g. "cups-pdf:/" or "usb://Brother/QL-820NWB". */
  deviceUri: string | null;
}

export interface LpOptions {
  queue: string;
  /** CUPS media name, e.g. "Custom.62x100mm" or "om_cr80_53.98x85.6mm"; passed as -o media=… */
  media?: string;
  copies?: number;
  title?: string;
}

export class CupsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CupsError';
  }
}

/** Run a CUPS tool; rejects with its stderr when it fails or is not installed. */
export function runCupsTool(command: string, args: string[], input?: Uint8Array): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, LC_ALL: 'C' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', (err) => reject(new CupsError(`${command} is not available: ${err.message}`)));
    child.on('close', (code) =>
      code === 0
        ? resolve(stdout)
        : reject(new CupsError(`${command} failed (${code}): ${stderr.trim() || stdout.trim()}`)),
    );
    child.stdin.on('error', () => undefined);
    child.stdin.end(input ? Buffer.from(input) : undefined);
  });
}

/** `lpstat -a`: "QUEUE accepting requests since …" / "QUEUE not accepting requests since … -". */
export function parseLpstatAccepting(output: string): Map<string, boolean> {
  const queues = new Map<string, boolean>();
  for (const line of output.split('\n')) {
    const match = /^(\S+)\s+(not accepting|accepting)\b/.exec(line);
    if (match) queues.set(match[1]!, match[2] === 'accepting');
  }
  return queues;
}

/** `lpstat -p`: "printer QUEUE is idle.  enabled since …", "printer QUEUE now printing QUEUE-3.  enabled …",
 *  "printer QUEUE disabled since … -". */
export function parseLpstatPrinters(output: string): Map<string, CupsQueue['state']> {
  const states = new Map<string, CupsQueue['state']>();
  for (const line of output.split('\n')) {
    const match = /^printer (\S+) (is idle|now printing|disabled)/.exec(line);
    if (!match) continue;
    states.set(
      match[1]!,
      match[2] === 'is idle' ? 'idle' : match[2] === 'now printing' ? 'printing' : 'disabled',
    );
  }
  return states;
}

/** `lpstat -v`: "device for QUEUE: URI". */
export function parseLpstatDevices(output: string): Map<string, string> {
  const devices = new Map<string, string>();
  for (const line of output.split('\n')) {
    const match = /^device for (\S+): (\S+)/.exec(line);
    if (match) devices.set(match[1]!, match[2]!);
  }
  return devices;
}

/** `lp` answers "request id is QUEUE-12 (1 file(s))". */
export function parseLpRequestId(output: string): string {
  const match = /request id is (\S+)/.exec(output);
  if (!match) throw new CupsError(`lp did not report a job id: ${output.trim()}`);
  return match[1]!;
}

/** The queues CUPS knows, with whether each accepts jobs. An empty list when there are none. */
export async function listCupsQueues(): Promise<CupsQueue[]> {
  // lpstat exits non-zero with "No destinations added." when there are no queues: that is an empty list.
  const tolerant = (args: string[]) =>
    runCupsTool('lpstat', args).catch((err: CupsError) => {
      if (/No destinations added/i.test(err.message)) return '';
      throw err;
    });
  const [accepting, printers, devices] = await Promise.all([
    tolerant(['-a']),
    tolerant(['-p']),
    tolerant(['-v']),
  ]);
  const acceptingMap = parseLpstatAccepting(accepting);
  const stateMap = parseLpstatPrinters(printers);
  const deviceMap = parseLpstatDevices(devices);
  const names = new Set([...acceptingMap.keys(), ...stateMap.keys(), ...deviceMap.keys()]);
  return [...names].sort().map((name) => ({
    name,
    accepting: acceptingMap.get(name) ?? false,
    state: stateMap.get(name) ?? null,
    deviceUri: deviceMap.get(name) ?? null,
  }));
}

const QUEUE_NAME = /^[A-Za-z0-9_.@-]{1,127}$/;
const MEDIA_NAME = /^[A-Za-z0-9_.,-]{1,64}$/;

/** lp's arguments, validated so nothing from settings can become another option. */
export function lpArguments({ queue, media, copies = 1, title }: LpOptions): string[] {
  if (!QUEUE_NAME.test(queue)) throw new CupsError(`invalid CUPS queue name: ${JSON.stringify(queue)}`);
  if (media !== undefined && !MEDIA_NAME.test(media))
    throw new CupsError(`invalid media name: ${JSON.stringify(media)}`);
  if (!Number.isInteger(copies) || copies < 1 || copies > 99) throw new CupsError('copies must be 1..99');
  const args = ['-d', queue, '-n', String(copies)];
  if (media) args.push('-o', `media=${media}`);
  // eslint-disable-next-line no-control-regex
  if (title) args.push('-t', title.replace(/[\u0000-\u001f]/g, ' ').slice(0, 80));
  return args;
}

/** Print a PDF (bytes on lp's standard input, so no temp file); resolves with the CUPS job id. */
export async function printPdf(pdf: Uint8Array, options: LpOptions): Promise<string> {
  if (pdf.length < 5 || Buffer.from(pdf.subarray(0, 5)).toString('latin1') !== '%PDF-') {
    throw new CupsError('not a PDF document');
  }
  return parseLpRequestId(await runCupsTool('lp', lpArguments(options), pdf));
}
