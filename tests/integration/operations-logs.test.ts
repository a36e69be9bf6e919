// The station's log file and the sync server's /metrics, for real: `npm run serve` in its own process
// logs JSON lines at debug level to DATA/logs/station.N.log; a visitor checked in under a known name and
// the station's sync credential never appear there, though the calls that carried them do. The sync
// server's /metrics refuses pages and strangers and shows the enrolled station and its lag.
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { processSite } from '../support/sync/process-fleet';
import { adminCall, startSyncServer } from '../support/sync/server';

const ROOT = path.resolve(import.meta.dirname, '../..');
const TSX = pathToFileURL(path.join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;
const ADMIN_TOKEN = 'admin-token-for-the-log-test';
const METRICS_TOKEN = 'server-metrics-token-0123456789';
const VISITOR = 'Augusta Ada Lovelace';

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe('the station log file', () => {
  it('records the calls at debug level, never the visitor’s name nor the sync credential', async () => {
    const server = await startSyncServer('logs', { adminToken: ADMIN_TOKEN, metricsToken: METRICS_TOKEN });
    const dataDir = mkdtempSync(path.join(tmpdir(), 'gatehouse-logs-'));
    dirs.push(dataDir);
    const child = spawn(
      process.execPath,
      ['--import', TSX, 'src/main/web/cli.ts', '--demo', '--kind', 'desk', '--port', '0'],
      {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'inherit'],
        env: { ...process.env, GATEHOUSE_DATA_DIR: dataDir, LOG_LEVEL: 'debug' },
      },
    );
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const base = await new Promise<string>((resolve, reject) => {
        createInterface({ input: child.stdout! }).on('line', (line) => {
          const url = /ready at (http:\S+)\/$/.exec(line)?.[1];
          if (url) resolve(url);
        });
        void exited.then(() => reject(new Error('the station exited before it was ready')));
      });
      const call = async (method: string, body: unknown, token?: string) => {
        const response = await fetch(`${base}/api/${method}`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            ...(token ? { authorization: `Bearer ${token}` } : {}),
          },
          body: JSON.stringify(body),
        });
        const json = (await response.json()) as Record<string, unknown>;
        expect(response.status, `${method}: ${JSON.stringify(json)}`).toBe(200);
        return json;
      };
      const reception = (await call('session.signIn', { login: 'reception', secret: '2222' }))
        .token as string;
      const { hosts } = (await call('hosts.search', { query: 'Ana Ruiz' }, reception)) as {
        hosts: { id: string }[];
      };
      const { types } = (await call('visitorTypes.list', {}, reception)) as {
        types: { id: string; names: { en: string } }[];
      };
      const visit = await call(
        'visits.register',
        {
          visitor: { name: VISITOR, email: 'ada@example.org' },
          hostId: hosts[0]!.id,
          visitorTypeId: types.find((t) => t.names.en === 'Visitor')!.id,
        },
        reception,
      );
      await call('visits.checkIn', { visitId: visit.id }, reception);

      // Enrolled by an admin: the station now holds a sync credential and uses it.
      const site = await processSite(server.base, ADMIN_TOKEN);
      const { code } = (await adminCall(server.base, ADMIN_TOKEN, '/admin/enrollment-codes', {
        siteId: site.id,
        role: 'desk',
      })) as { code: string };
      const admin = (await call('session.signIn', { login: 'admin', secret: '1111' })).token as string;
      await call('sync.enroll', { serverUrl: server.base, code }, admin);

      // The server's /metrics: refused to pages and strangers, then shows the station.
      const scrape = (headers: Record<string, string>) => fetch(`${server.base}/metrics`, { headers });
      expect((await scrape({})).status).toBe(401);
      expect(
        (await scrape({ authorization: `Bearer ${METRICS_TOKEN}`, 'sec-fetch-site': 'cross-site' })).status,
      ).toBe(403);
      // The station syncs at once after its enrollment: its lag shows from its first sync on.
      const lagLine =
        /^gatehouse_station_sync_lag_seconds\{station="[^"]+",site="[^"]+",role="desk"\} [\d.e+-]+$/m;
      let text = '';
      for (let i = 0; i < 100 && !lagLine.test(text); i++) {
        const answer = await scrape({ authorization: `Bearer ${METRICS_TOKEN}` });
        expect(answer.status).toBe(200);
        text = await answer.text();
        if (!lagLine.test(text)) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(text).toMatch(/^gatehouse_server_head_seq \d+$/m);
      expect(text).toMatch(/^gatehouse_station_online\{station="[^"]+",site="[^"]+",role="desk"\} 1$/m);
      expect(text).toMatch(lagLine);

      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      // The credential is in the station's key vault (issue #15), not its database.
      const credential = readFileSync(path.join(dataDir, 'keys', 'sync-credential.key'), 'utf8');
      expect(credential.length).toBeGreaterThan(16);

      const logDir = path.join(dataDir, 'logs');
      const files = readdirSync(logDir);
      expect(files.every((f) => /^station\.\d+\.log$/.test(f))).toBe(true);
      const log = files.map((f) => readFileSync(path.join(logDir, f), 'utf8')).join('');
      const lines = log
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      const calls = lines.filter((l) => l.msg === 'api call').map((l) => l.method);
      expect(calls).toEqual(expect.arrayContaining(['visits.register', 'visits.checkIn', 'sync.enroll']));
      expect(lines.some((l) => l.msg === 'station ready')).toBe(true);
      for (const secret of [
        VISITOR,
        'Lovelace',
        'ada@example.org',
        credential,
        code,
        '2222',
        '1111',
        reception,
      ])
        expect(log).not.toContain(secret);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      await server.close();
    }
  });
});

// The CLI's own checks of the new flags, run for real: a wrong log level is a usage error and creates nothing.
describe('serve --log-level', () => {
  it('refuses an unknown level with exit code 2 and leaves no data folder', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gatehouse-loglevel-'));
    dirs.push(dir);
    const { code, stderr } = await new Promise<{ code: number; stderr: string }>((resolve) =>
      execFile(
        process.execPath,
        ['--import', TSX, path.join(ROOT, 'src/main/web/cli.ts'), '--log-level', 'loud'],
        { cwd: dir, encoding: 'utf8' },
        (error, _stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, stderr }),
      ),
    );
    expect(code).toBe(2);
    expect(stderr).toContain(
      '--log-level must be one of fatal, error, warn, info, debug, trace, silent, not "loud"',
    );
    expect(readdirSync(dir)).toEqual([]);
  });
});
