// The sync server as an operator runs it, for the console tests: `add-admin` with the password piped on
// stdin, then `server serve` in a child process of its own (SQLite in a temp folder, or a fresh database of
// the run's PostgreSQL cluster), and an HTTP client that sends cookies and an Origin from a chosen loopback
// address (127.0.0.2 and 127.0.0.3 are two clients to the server, as two PCs would be).
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { dropDatabase, freshDatabase } from '../postgres';

const CLI = path.join(process.cwd(), 'src/server/cli.ts');

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `npm run server -- <args>` as a child process, with `stdin` piped in. */
export function serverCli(args: string[], stdin = '', env: Record<string, string> = {}): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      ['--import', 'tsx', CLI, ...args],
      { encoding: 'utf8', timeout: 60_000, env: { ...process.env, LOG_LEVEL: 'silent', ...env } },
      (error, stdout, stderr) =>
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr }),
    );
    child.stdin!.end(stdin);
  });
}

export interface ConsoleServer {
  base: string;
  port: number;
  /** The storage flags of every command on this server's data (--data-dir, and --database on PostgreSQL). */
  storage: string[];
  /** SIGTERM, then the data removed. */
  stop(): Promise<void>;
}

/** A real server process on fresh data of the backend, with one console administrator added first. */
export async function startConsoleServer(
  backend: 'sqlite' | 'postgres',
  admin: { login: string; name: string; password: string },
  env: Record<string, string> = {},
): Promise<ConsoleServer> {
  const dir = mkdtempSync(path.join(tmpdir(), 'gatehouse-console-'));
  const database = backend === 'postgres' ? await freshDatabase() : null;
  const storage = ['--data-dir', path.join(dir, 'server'), ...(database ? ['--database', database] : [])];
  const added = await serverCli(
    ['add-admin', '--login', admin.login, '--name', admin.name, ...storage],
    `${admin.password}\n`,
  );
  if (added.code !== 0) throw new Error(`add-admin failed: ${added.stderr}`);
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', CLI, 'serve', '--port', '0', '--log-level', 'info', ...storage],
    { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...env } },
  );
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const lines = createInterface({ input: child.stdout });
  const base = await new Promise<string>((resolve, reject) => {
    lines.on('line', (line) => {
      const url = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(line)?.[1];
      if (url) resolve(url);
    });
    void exited.then(() => reject(new Error('the sync server exited before listening')));
  });
  return {
    base,
    port: Number(new URL(base).port),
    storage,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
      if (database) await dropDatabase(database);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface ConsoleAnswer {
  status: number;
  body: Record<string, unknown>;
  headers: Record<string, string | string[] | undefined>;
  /** The Set-Cookie header, if any. */
  setCookie: string | undefined;
}

export interface ConsoleRequest {
  body?: unknown;
  /** The cookie header to send (`name=value`). */
  cookie?: string;
  /** The Origin header; none when null. Default: the server's own origin for writes. */
  origin?: string | null;
  authorization?: string;
  /** The loopback address to send from (127.0.0.1 unless given). */
  from?: string;
}

/** One request to the server at `base`, as a browser (or an attacker's script) would send it. */
export async function consoleCall(
  base: string,
  method: 'GET' | 'POST' | 'DELETE',
  route: string,
  options: ConsoleRequest = {},
): Promise<ConsoleAnswer> {
  const { status, bytes, headers } = await consoleFetch(base, method, route, options);
  const text = bytes.toString('utf8');
  const cookie = headers['set-cookie'];
  return {
    status,
    body: (text ? JSON.parse(text) : {}) as Record<string, unknown>,
    headers,
    setCookie: Array.isArray(cookie) ? cookie[0] : cookie,
  };
}

/** The same request, its answer as bytes (a downloaded file). */
export function consoleFetch(
  base: string,
  method: 'GET' | 'POST' | 'DELETE',
  route: string,
  options: ConsoleRequest = {},
): Promise<{ status: number; bytes: Buffer; headers: ConsoleAnswer['headers'] }> {
  const { port, origin: own } = new URL(base);
  const origin = options.origin === undefined ? (method === 'GET' ? undefined : own) : options.origin;
  const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
  const headers: Record<string, string> = {
    ...(payload ? { 'content-type': 'application/json' } : {}),
    ...(origin ? { origin } : {}),
    ...(options.cookie ? { cookie: options.cookie } : {}),
    ...(options.authorization ? { authorization: options.authorization } : {}),
  };
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path: route, method, localAddress: options.from, headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, bytes: Buffer.concat(chunks), headers: res.headers }),
        );
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** The `name=value` of a Set-Cookie header, to send back as a browser would. */
export const cookiePair = (setCookie: string | undefined): string => (setCookie ?? '').split(';')[0]!;

/** A station's health report (POST /sync/health) with its label printer out of labels; fields overridable. */
export const printerOutHealth = (extra: Record<string, unknown> = {}) => ({
  version: '1.4.0',
  startedAt: new Date(0).toISOString(),
  outboxDepth: 3,
  held: 0,
  quarantined: 0,
  lastSyncAt: null,
  watchlistSyncedAt: null,
  clockOffsetMs: null,
  devices: [
    {
      id: 'badges',
      type: 'printer',
      kind: 'brother-ql',
      name: 'Lobby printer',
      connected: true,
      lastSeen: null,
      lastError: null,
      problem: 'no_media',
    },
  ],
  errors: [],
  ...extra,
});

/** The server's admin audit (GET /admin/audit with the admin token), oldest first. */
export async function adminAudit(
  base: string,
  adminToken: string,
): Promise<{ action: string; details: Record<string, unknown> }[]> {
  const response = await fetch(`${base}/admin/audit`, { headers: { authorization: `Bearer ${adminToken}` } });
  return ((await response.json()) as { entries: { action: string; details: Record<string, unknown> }[] })
    .entries;
}
