// A PostgreSQL cluster of Debian's binaries (scripts/install-system-packages.sh) in a folder of its own:
// initdb + pg_ctl on a free loopback port, run as the unprivileged `postgres` user when we are root
// (PostgreSQL refuses to run as root). No vitest here: the global setup (./postgres-global.ts) imports it.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** The folder of the newest installed PostgreSQL's programs (initdb, pg_ctl), or a clear error. */
export function postgresBin(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(path.join(root, v, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (!versions[0])
    throw new Error(
      'PostgreSQL is not installed (no /usr/lib/postgresql/<version>/bin/initdb): run bash scripts/install-system-packages.sh',
    );
  return path.join(root, versions[0], 'bin');
}

const asRoot = process.getuid?.() === 0;

/** The environment PostgreSQL runs in: without libfaketime (the clock-ahead run moves our clock, not its). */
function clusterEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const key of Object.keys(env)) if (key === 'LD_PRELOAD' || key.startsWith('FAKETIME')) delete env[key];
  return env;
}

/** Runs a PostgreSQL program as the `postgres` user (when we are root) or as ourselves. */
function runPg(program: string, args: string[]): void {
  const file = path.join(postgresBin(), program);
  const [command, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', file, ...args]] : [file, args];
  execFileSync(command, argv, { env: clusterEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Creates and starts a cluster in `dir` (which must not exist yet); answers its superuser URL. */
export async function startCluster(dir: string): Promise<string> {
  mkdirSync(dir, { mode: 0o700 });
  if (asRoot) execFileSync('chown', ['postgres:postgres', dir]);
  const data = path.join(dir, 'data');
  runPg('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-locale', '--no-sync']);
  const port = await freePort();
  // Durability off: a test cluster lives for one run. The socket stays in the folder, not /var/run.
  const options = `-p ${port} -c listen_addresses=127.0.0.1 -k ${dir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`;
  runPg('pg_ctl', ['-D', data, '-o', options, '-l', path.join(dir, 'log'), '-w', 'start']);
  return `postgres://postgres@127.0.0.1:${port}/postgres`;
}

/** Stops the cluster in `dir`, if one runs there, and removes the folder. */
export function stopCluster(dir: string): void {
  const data = path.join(dir, 'data');
  if (existsSync(path.join(data, 'postmaster.pid'))) {
    try {
      runPg('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
    } catch {
      // already gone
    }
  }
  rmSync(dir, { recursive: true, force: true });
}

/** A new temp folder the `postgres` user may enter, for a cluster folder below it (see startCluster). */
export function clusterParent(prefix = 'gatehouse-pg-'): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  chmodSync(dir, 0o755);
  return dir;
}
