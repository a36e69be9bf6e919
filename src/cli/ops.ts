// What the long-running programs (the station web host and the sync server) share to be operable: their
// pino logger (a rotating file in the station's data folder, stdout for the server), its redaction, and
// the access rule of /metrics. See docs/operations.md.
import { randomBytes, createHash, timingSafeEqual } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pino, type Logger } from 'pino';

/**
 * Never logged, whatever logs them: credentials and tokens, and the personal data of visitors and staff
 * if an object carrying them is ever logged. Request logs hold method, URL, status and timing only; the
 * station logs an API call's method and the names of its input fields, never their values.
 */
export const LOG_REDACT = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["sec-websocket-protocol"]',
  'credential',
  '*.credential',
  'token',
  '*.token',
  'code',
  '*.code',
  'secret',
  '*.secret',
  'pin',
  '*.pin',
  'password',
  '*.password',
  'adminToken',
  'idNumberKey',
  '*.idNumberKey',
  'name',
  '*.name',
  'email',
  '*.email',
  'phone',
  '*.phone',
];

export interface LoggerOptions {
  level: string;
  /** A rotating log file (pino-roll: daily or at 10 MB, the last 14 kept); none: stdout. */
  file?: string;
}

/**
 * The program's logger. The file goes through pino-roll (a maintained pino transport, in a worker thread
 * so writing never blocks a request): `<file>.<n>.log`, a new one each day or at 10 MB, 14 kept.
 */
export function createLogger(options: LoggerOptions): Logger {
  const common = { level: options.level, redact: { paths: LOG_REDACT, censor: '[redacted]' } };
  if (!options.file) return pino(common);
  mkdirSync(path.dirname(options.file), { recursive: true, mode: 0o700 });
  return pino(
    common,
    pino.transport({
      target: 'pino-roll',
      options: {
        file: options.file,
        extension: '.log',
        frequency: 'daily',
        size: '10m',
        limit: { count: 14 },
        mkdir: true,
      },
    }),
  );
}

/** Flushes a logger's file before the process ends (a transport writes from a worker thread). */
export function flushLogger(logger: Logger): Promise<void> {
  return new Promise((resolve) => logger.flush(() => resolve()));
}

/** The token Prometheus scrapes /metrics with: read from `file`, made there (owner-only) on first start. */
export function loadOrCreateMetricsToken(file: string): string {
  if (existsSync(file)) {
    const token = readFileSync(file, 'utf8').trim();
    if (token.length < 16) throw new Error(`The metrics token in ${file} is shorter than 16 characters.`);
    return token;
  }
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const token = randomBytes(24).toString('base64url');
  writeFileSync(file, `${token}\n`, { mode: 0o600 });
  return token;
}

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * Why a /metrics request is refused, or null to answer it. The rule (docs/operations.md):
 * - a request a web page made is refused (403), whatever it carries: browsers mark every request with
 *   Sec-Fetch-Site and Sec-Fetch-Dest (Node's fetch sends only Sec-Fetch-Mode) and cross-origin ones with Origin, so a page in the station's own kiosk browser
 *   (or one reached by DNS rebinding) never reads the figures, even on loopback;
 * - every other request needs the metrics token as a bearer token (401), compared in constant time.
 */
export function metricsRefusal(
  headers: Record<string, string | string[] | undefined>,
  token: string,
): { status: 401 | 403; message: string } | null {
  if (
    headers.origin !== undefined ||
    headers['sec-fetch-site'] !== undefined ||
    headers['sec-fetch-dest'] !== undefined
  )
    return { status: 403, message: 'Metrics are not served to web pages.' };
  const auth = headers.authorization;
  const given = (typeof auth === 'string' ? auth.match(/^Bearer\s+(\S+)$/i)?.[1] : undefined) ?? '';
  if (!timingSafeEqual(digest(given), digest(token)))
    return { status: 401, message: 'Metrics need the metrics token (Authorization: Bearer …).' };
  return null;
}
