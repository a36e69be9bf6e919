// A real station in a child process of its own (./web-station.ts), driven only through its public HTTP
// API (/api/<method>), optionally with its clock shifted by libfaketime (FAKETIME, as `faketime -f` sets it), as a PC with
// a wrong clock would be. SIGKILL (to its whole process group) leaves its SQLite files as a power cut would; restart() starts it again
// on the same data and port.
import type { ChildProcess } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { programArgs } from '../programs';
import { killGroup, spawnGroup } from './process-group';

export interface StationProcessOptions {
  /** libfaketime offset, e.g. '+3d' or '-3d'; none: the real clock. */
  faketime?: string;
  /** Told every line the process writes to stderr (default: passed through). */
  onStderr?: (line: string) => void;
}

export interface ApiAnswer {
  status: number;
  body: Record<string, unknown>;
}

export interface StationProcess {
  readonly dataDir: string;
  /** e.g. http://127.0.0.1:41234 (the same after a restart). */
  readonly url: string;
  /** POST /api/<method> with an optional bearer token; never throws on a refusal, throws when unreachable. */
  call(method: string, body?: unknown, token?: string): Promise<ApiAnswer>;
  /** Signs a staff member in: the bearer token. */
  signIn(login: string, secret: string): Promise<string>;
  /** SIGKILL (default) or SIGTERM, resolved once the process has exited. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Starts the process again on the same data dir and port (after kill), with the same clock offset. */
  restart(options?: StationProcessOptions): Promise<void>;
}

/** '+3d', '-12h', '+90m' as milliseconds. */
function offsetMs(faketime: string): number {
  const match = /^([+-])(\d+)([dhm])$/.exec(faketime);
  if (!match) throw new Error(`faketime offset "${faketime}" is not like +3d, -12h or +90m`);
  const unit = { d: 86_400_000, h: 3_600_000, m: 60_000 }[match[3] as 'd' | 'h' | 'm'];
  return (match[1] === '-' ? -1 : 1) * Number(match[2]) * unit;
}

/** A local time as libfaketime's "start at" format reads it: "@YYYY-MM-DD hh:mm:ss". */
function startAt(ms: number): string {
  const d = new Date(ms);
  const two = (n: number) => String(n).padStart(2, '0');
  return `@${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
}

/**
 * libfaketime itself, preloaded without the `faketime` wrapper: two wrappers started at once can collide on
 * the named semaphore the wrapper makes ("sem_open: File exists"), and the station then never starts.
 */
function libfaketime(): string {
  const found = readdirSync('/usr/lib')
    .map((dir) => path.join('/usr/lib', dir, 'faketime', 'libfaketime.so.1'))
    .find((file) => existsSync(file));
  if (!found) throw new Error('libfaketime is not installed (scripts/install-system-packages.sh).');
  return found;
}

/**
 * The command line of a station, under libfaketime when shifted: its clock starts at this process's clock
 * plus the offset and runs from there, so the shift is relative to this process even when it runs under
 * faketime itself (`npm run test:clock-ahead`). FAKETIME_DONT_FAKE_MONOTONIC keeps timers honest.
 */
function command(dataDir: string, port: number, faketime?: string): [string, string[], NodeJS.ProcessEnv] {
  const node = [process.execPath, ...programArgs('tests/support/sync/web-station.ts'), dataDir, String(port)];
  if (!faketime) return [node[0]!, node.slice(1), process.env];
  const env = {
    ...process.env,
    LD_PRELOAD: libfaketime(),
    FAKETIME: startAt(Date.now() + offsetMs(faketime)),
    FAKETIME_DONT_FAKE_MONOTONIC: '1',
  };
  return [node[0]!, node.slice(1), env];
}

export async function startStationProcess(
  dataDir: string,
  options: StationProcessOptions = {},
): Promise<StationProcess> {
  let child: ChildProcess;
  let exited: Promise<void>;
  let faketime = options.faketime;
  const launch = async (port: number): Promise<string> => {
    const [file, args, env] = command(dataDir, port, faketime);
    child = spawnGroup(file, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
    exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
    createInterface({ input: child.stderr! }).on('line', (line) =>
      options.onStderr ? options.onStderr(line) : process.stderr.write(`[${dataDir}] ${line}\n`),
    );
    const lines = createInterface({ input: child.stdout! });
    return new Promise<string>((resolve, reject) => {
      lines.on('line', (line) => line.startsWith('listening ') && resolve(line.slice('listening '.length)));
      void exited.then(() => reject(new Error(`the station on ${dataDir} exited before listening`)));
    });
  };
  const url = await launch(0);
  const port = Number(new URL(url).port);

  const call = async (method: string, body: unknown = {}, token?: string): Promise<ApiAnswer> => {
    const response = await fetch(`${url}/api/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : {}) as Record<string, unknown> };
  };

  return {
    dataDir,
    url,
    call,
    async signIn(login, secret) {
      const answer = await call('session.signIn', { login, secret });
      if (answer.status !== 200)
        throw new Error(`sign-in ${login}: ${answer.status} ${JSON.stringify(answer.body)}`);
      return answer.body.token as string;
    },
    async kill(signal = 'SIGKILL') {
      // The whole group: under faketime, node is faketime's child and would outlive a signal to it alone.
      await killGroup(child, signal);
      await exited;
    },
    async restart(again = {}) {
      faketime = again.faketime ?? faketime;
      await launch(port);
    },
  };
}
