// A PostgreSQL cluster of Debian's binaries (scripts/install-system-packages.sh) in a folder of its own:
// initdb + pg_ctl on a free loopback port, run as the unprivileged `postgres` user when we are root
// (PostgreSQL refuses to run as root). No vitest here: the global setup (./postgres-global.ts) imports it.
import { execFileSync } from 'node:child_process';
import { appendFileSync, chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
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
function runPg(program: string, args: string[]): string {
  const file = path.join(postgresBin(), program);
  const [command, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', file, ...args]] : [file, args];
  return execFileSync(command, argv, { env: clusterEnv(), stdio: ['ignore', 'pipe', 'pipe'] }).toString();
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

/**
 * Creates and starts a cluster in `dir` (which must not exist yet); answers its superuser URL. With
 * `archive`, every finished WAL segment is copied to `dir/archive`, for a point-in-time restore
 * (takeBaseBackup, restoreToPoint).
 */
export async function startCluster(dir: string, options: { archive?: boolean } = {}): Promise<string> {
  mkdirSync(dir, { mode: 0o700 });
  if (asRoot) execFileSync('chown', ['postgres:postgres', dir]);
  const data = path.join(dir, 'data');
  runPg('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-locale', '--no-sync']);
  const port = await freePort();
  // Durability off: a test cluster lives for one run. The socket stays in the folder, not /var/run. The
  // port is kept in the configuration, so a cluster restored in place comes back on it.
  const settings = [
    `port = ${port}`,
    "listen_addresses = '127.0.0.1'",
    `unix_socket_directories = '${dir}'`,
    'fsync = off',
    'synchronous_commit = off',
    'max_connections = 200',
  ];
  if (options.archive) {
    mkdirSync(path.join(dir, 'archive'), { mode: 0o700 });
    if (asRoot) execFileSync('chown', ['postgres:postgres', path.join(dir, 'archive')]);
    settings.push('wal_level = replica', 'archive_mode = on', `archive_command = 'cp %p ${dir}/archive/%f'`);
  } else settings.push('full_page_writes = off');
  appendFileSync(path.join(data, 'postgresql.conf'), `\n${settings.join('\n')}\n`);
  runPg('pg_ctl', ['-D', data, '-l', path.join(dir, 'log'), '-w', 'start']);
  return `postgres://postgres@127.0.0.1:${port}/postgres`;
}

/** A base backup of the archiving cluster in `dir` (started with `archive`), into `dir/base`. */
export function takeBaseBackup(dir: string, url: string): void {
  const { port } = new URL(url);
  runPg('pg_basebackup', [
    '-h',
    '127.0.0.1',
    '-p',
    port,
    '-U',
    'postgres',
    '-D',
    path.join(dir, 'base'),
    '-X',
    'none',
  ]);
}

/**
 * Point-in-time recovery as an operator does it: the cluster stopped, its data replaced by the base
 * backup, then the archived WAL replayed up to the restore point `name` (pg_create_restore_point), and the
 * cluster promoted and started again on the same port.
 */
export async function restoreToPoint(dir: string, url: string, name: string): Promise<void> {
  const data = path.join(dir, 'data');
  runPg('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
  rmSync(data, { recursive: true, force: true });
  runAs('cp', ['-a', path.join(dir, 'base'), data]);
  runAs('touch', [path.join(data, 'recovery.signal')]);
  appendFileSync(
    path.join(data, 'postgresql.conf'),
    [
      `restore_command = 'cp ${dir}/archive/%f %p'`,
      `recovery_target_name = '${name}'`,
      "recovery_target_action = 'promote'",
      '',
    ].join('\n'),
  );
  runPg('pg_ctl', ['-D', data, '-l', path.join(dir, 'log'), '-w', 'start']);
  // It takes connections while it replays (read-only); writable once it reached the point and promoted.
  for (let waited = 0; ; waited += 100) {
    const inRecovery = runPg('psql', ['-d', url, '-tAc', 'SELECT pg_is_in_recovery()']).trim();
    if (inRecovery === 'f') return;
    if (waited > 60_000) throw new Error(`The cluster in ${dir} did not leave recovery in 60 s.`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Runs a system program as the `postgres` user (when we are root), so what it makes is PostgreSQL's. */
function runAs(program: string, args: string[]): void {
  const [command, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', program, ...args]] : [program, args];
  // Without libfaketime too: as another user it cannot open the clock-ahead run's shared semaphore.
  execFileSync(command, argv, { env: clusterEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
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
