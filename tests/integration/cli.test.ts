// The command-line programs, run for real (node + tsx, as `npm run …` does) in an empty temp folder:
// --help and --version, exit code 2 with a clear message for a wrong command line — before anything is
// created, so the folder stays empty — and exit code 1 when the work itself fails. The many ways a command
// line can be wrong are checked in-process, on each CLI's parse step.
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import pkg from '../../package.json' with { type: 'json' };
import { UsageError, type CliSpec } from '../../src/cli/args';
import { devicesCli } from '../../src/main/hardware/cli';
import { serveCli } from '../../src/main/web/cli';
import { serverCli } from '../../src/server/cli';
import { PgSyncStore } from '../../src/server/pg-store';
import { dropDatabase, freshDatabase } from '../support/postgres';

const ROOT = path.resolve(import.meta.dirname, '../..');
const TSX = pathToFileURL(path.join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;
const CLIS = {
  serve: 'src/main/web/cli.ts',
  server: 'src/server/cli.ts',
  devices: 'src/main/hardware/cli.ts',
} as const;
type Cli = keyof typeof CLIS;

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
  /** What the run left in its working folder (which is also the default data folder's parent). */
  files: string[];
}

/** Runs a CLI with its working directory a fresh empty folder; `{dir}` in an argument is that folder. */
function run(cli: Cli, args: string[]): Promise<Run> {
  const dir = mkdtempSync(path.join(tmpdir(), 'gatehouse-cli-'));
  dirs.push(dir);
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', TSX, path.join(ROOT, CLIS[cli]), ...args.map((a) => a.replaceAll('{dir}', dir))],
      { cwd: dir, encoding: 'utf8', timeout: 60_000, env: { ...process.env, LOG_LEVEL: 'silent' } },
      (error, stdout, stderr) =>
        resolve({
          code: error ? (typeof error.code === 'number' ? error.code : -1) : 0,
          stdout,
          stderr,
          files: readdirSync(dir, { recursive: true }).map(String),
        }),
    );
  });
}

describe.concurrent('every CLI', () => {
  it.each(Object.keys(CLIS) as Cli[])(
    '%s --help prints its usage and the exit codes, exit 0',
    async (cli) => {
      const result = await run(cli, ['--help']);
      expect(result).toMatchObject({ code: 0, stderr: '', files: [] });
      expect(result.stdout).toMatch(/^Usage/);
      expect(result.stdout).toContain(`npm run ${cli} --`);
      expect(result.stdout).toContain('Exit codes: 0 done, 1 failed, 2 wrong command line');
    },
  );

  it.each(Object.keys(CLIS) as Cli[])("%s --version prints package.json's version, exit 0", async (cli) => {
    expect(await run(cli, ['--version'])).toEqual({
      code: 0,
      stdout: `${pkg.version}\n`,
      stderr: '',
      files: [],
    });
  });
});

describe.concurrent('a wrong command line exits 2, says what is wrong and creates nothing', () => {
  const cases: Array<[Cli, string[], RegExp]> = [
    ['serve', ['--port', 'abc'], /--port must be a port number from 0 to 65535, not "abc"/],
    ['serve', ['--prot', '4310', '--data-dir', '{dir}/station'], /Unknown option '--prot'/],
    ['server', ['--port', 'abc'], /--port must be a port number/],
    ['server', ['enroll', '--site', 's1'], /enroll needs --role/],
    ['server', ['--database', 'mysql://db/gatehouse'], /--database must start with postgres:\/\//],
    ['devices', ['simulate', '--printer-port', '70000'], /--printer-port must be a port number/],
  ];
  it.each(cases)('%s %j', async (cli, args, message) => {
    const result = await run(cli, args);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).toContain('Run with --help for usage.');
    expect(result).toMatchObject({ code: 2, stdout: '', files: [] });
  });

  it('server help is the help, not a server started in ./help', async () => {
    const result = await run('server', ['help']);
    expect(result).toMatchObject({ code: 0, files: [] });
    expect(result.stdout).toContain('add-site');
  });

  it('devices simulate --data-dir with no station there refuses before starting any simulator', async () => {
    const result = await run('devices', ['simulate', '--data-dir', '{dir}/nothing', '--dir', '{dir}']);
    expect(result.stderr).toMatch(/There is no station in .*nothing/);
    expect(result).toMatchObject({ code: 2, files: [] });
  });
});

// The same checks in-process (each CLI's parse step, which runs before anything is created), for the many
// ways a command line can be wrong, without a process each.
describe('every wrong command line is refused by parse with a plain message', () => {
  const specs = { serve: serveCli, server: serverCli, devices: devicesCli } as const;
  const cases: Array<[Cli, string[], RegExp]> = [
    ['serve', ['--port', '70000'], /--port must be a port number/],
    ['serve', ['--port', '80.5'], /--port must be a port number/],
    ['serve', ['--kind', 'lobby'], /--kind must be one of kiosk, desk, gate, not "lobby"/],
    ['serve', ['--kind', 'desk', '--language', 'it'], /--language must be one of en, es, fr, de/],
    ['serve', ['--language', 'fr'], /need --kind/],
    ['serve', ['--host', ''], /--host must not be empty/],
    ['serve', ['--data-dir'], /--data-dir/],
    ['serve', ['--port', '--demo'], /ambiguous/],
    ['serve', ['extra'], /Unexpected argument 'extra'/],
    ['server', ['--smtp-tls', 'ssl'], /--smtp-tls must be one of starttls, tls, none/],
    ['server', ['--smtp-port', 'x'], /--smtp-port must be a port number/],
    ['server', ['--public-url', 'not a url'], /--public-url must be a URL/],
    [
      'server',
      ['hlep'],
      /The command must be one of serve, add-site, enroll, import-hosts, stations, add-admin, migrate-to, update-key, publish, rollout, pin, not "hlep"/,
    ],
    ['server', ['add-site', '--timezone', 'Europe/London'], /add-site needs --name/],
    ['server', ['migrate-to', '--data-dir', 'd'], /migrate-to needs --database postgres:/],
    ['server', ['migrate-to', '--database', 'mysql://db/g'], /--database must start with postgres:/],
    ['server', ['add-site', '--name', 'HQ', '--timezone', 'Mars/Olympus'], /--timezone must be an IANA/],
    ['server', ['add-site', '--name', 'HQ', '--port', '1'], /Unknown option '--port'/],
    ['server', ['enroll', '--site', 's1', '--role', 'lobby'], /--role must be one of kiosk, desk, gate/],
    ['server', ['enroll', '--site', 's1', '--role', 'gate', '--ttl-hours', 'soon'], /--ttl-hours must be/],
    ['server', ['enroll', '--site', 's1', '--role', 'gate', '--ttl-hours', '721'], /at most 720/],
    ['server', ['import-hosts', '--site', 's1'], /import-hosts needs --file/],
    ['server', ['import-hosts', '--file', 'h.csv', '--dry-run=yes'], /--dry-run/],
    ['server', ['stations', '--site', 's1'], /Unknown option '--site'/],
    ['server', ['add-site', '--name', 'HQ', '--database', 'gatehouse'], /--database is not a URL/],
    ['server', ['stations', '--database', 'postgres://db:5432'], /--database names no database/],
    ['server', ['enroll', '--database', 'postgres:///gatehouse'], /--database names no host/],
    ['devices', [], /Give a command: list or simulate/],
    ['devices', ['simualte'], /The command must be one of list, simulate/],
    ['devices', ['simulate', '--printer-port', '-1'], /--printer-port/],
    ['devices', ['list', '--dir', 'x'], /Unknown option '--dir'/],
  ];
  it.each(cases)('%s %j', (cli, args, message) => {
    const spec: Pick<CliSpec<unknown>, 'parse'> = specs[cli];
    expect(() => spec.parse(args)).toThrow(UsageError);
    expect(() => spec.parse(args)).toThrow(message);
  });

  it('accepts what the README and the tests use', () => {
    expect(serveCli.parse(['--port', '0', '--demo', '--kind', 'gate', '--language', 'de'])).toMatchObject({
      port: 0,
      demo: true,
      preset: { kind: 'gate', language: 'de' },
    });
    expect(serverCli.parse(['serve', '--port', '4321'])).toMatchObject({ command: 'serve', port: 4321 });
    expect(
      serverCli.parse(['import-hosts', '--site', 's', '--file', 'h.csv', '--dry-run', '--data-dir', 'd']),
    ).toMatchObject({ command: 'import-hosts', siteId: 's', dryRun: true, dataDir: path.resolve('d') });
    expect(devicesCli.parse(['list'])).toEqual({ command: 'list', dataDir: path.resolve('data') });
  });
});

describe.concurrent('a failure of the work itself exits 1', () => {
  it('server import-hosts with a file that cannot be read leaves no data folder', async () => {
    const result = await run('server', ['import-hosts', '--site', 's1', '--file', '{dir}/missing.csv']);
    expect(result.stderr).toMatch(/Cannot read .*missing\.csv: ENOENT/);
    expect(result).toMatchObject({ code: 1, files: [] });
  });

  it('server stations where no server has run says so and leaves no data folder', async () => {
    const result = await run('server', ['stations', '--data-dir', '{dir}/typo']);
    expect(result.stderr).toMatch(/There is no sync server database in .*typo/);
    expect(result).toMatchObject({ code: 1, files: [] });
  });

  it('server on a port already in use exits 1 instead of hanging', async () => {
    const busy: Server = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const address = busy.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    try {
      const result = await run('server', ['--port', String(port), '--data-dir', '{dir}/server']);
      expect(result.stderr).toMatch(/EADDRINUSE/);
      expect(result.code).toBe(1);
    } finally {
      busy.close();
    }
  });

  it('server on a PostgreSQL it cannot reach says which (without the password) and leaves no data folder', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as { port: number };
    await new Promise((resolve) => closed.close(resolve));
    const url = `postgres://gatehouse:s3cret@127.0.0.1:${port}/gatehouse`;
    const result = await run('server', [
      'add-site',
      '--name',
      'HQ',
      '--database',
      url,
      '--data-dir',
      '{dir}/server',
    ]);
    expect(result.stderr).toMatch(
      new RegExp(
        `Cannot use the PostgreSQL database postgres://gatehouse:\\*\\*\\*@127\\.0\\.0\\.1:${port}/gatehouse: .*ECONNREFUSED`,
      ),
    );
    expect(result.stderr).not.toContain('s3cret');
    expect(result).toMatchObject({ code: 1, files: [] });
  });

  it('server add-site and stations on PostgreSQL keep the site in the database', async () => {
    const url = await freshDatabase();
    try {
      const added = await run('server', ['add-site', '--name', 'HQ', '--database', url]);
      expect(added).toMatchObject({ code: 0, stderr: '' });
      const id = /^Site HQ: (\S+)/.exec(added.stdout)?.[1];
      const store = await PgSyncStore.open(url);
      try {
        expect(await store.listSites()).toEqual([expect.objectContaining({ id, name: 'HQ' })]);
      } finally {
        await store.close();
      }
      const stations = await run('server', ['stations', '--json', '--database', url]);
      expect(stations).toMatchObject({ code: 0 });
      expect(JSON.parse(stations.stdout)).toEqual({ stations: [] });
    } finally {
      await dropDatabase(url);
    }
  });

  it('server add-site succeeds with exit 0 and makes the data folder', async () => {
    const result = await run('server', ['add-site', '--name', 'HQ', '--data-dir', '{dir}/server']);
    expect(result.stdout).toMatch(/^Site HQ: \S+/);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.files).toContain('server');
  });
});
