// Sync under real process kills (SIGKILL, no chance to clean up): a station killed between its local commit
// and the push, the server killed between applying a push and acknowledging it, and a station killed in the
// middle of a long pull. After a restart nothing is lost and nothing is applied twice.
import Database from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newId } from '../../src/shared/ids';
import { SyncEngine } from '../../src/main/sync/engine';
import { enrollStation } from '../../src/main/sync/enroll';
import { httpTransport } from '../../src/main/sync/http';
import { startStation, type Station } from '../../src/main/station';
import { createSyncServer } from '../../src/server/app';
import { PgSyncStore } from '../../src/server/pg-store';
import { SERVER_DATABASE_FILE, SqliteSyncStore } from '../../src/server/sqlite-store';
import { dropDatabase, freshDatabase } from '../support/postgres';
import { as } from '../support/station';
import { openStationFile } from '../support/station-file';
import { adminCall, siteWithDirectory } from '../support/sync/server';
import { outboxSize, stationDump } from '../support/sync/world';

const ADMIN = 'crash-admin';
let dir: string;
const children: ChildProcess[] = [];
const open: Station[] = [];

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'gatehouse-sync-crash-'));
});
afterEach(async () => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  for (const s of open.splice(0)) await s.close();
  rmSync(dir, { recursive: true, force: true });
});

function spawnScript(script: string, args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, ADMIN_TOKEN: ADMIN, ...env },
  });
  children.push(child);
  const exited = new Promise<NodeJS.Signals | null>((resolve) =>
    child.on('exit', (_c, signal) => resolve(signal)),
  );
  return { child, lines: createInterface({ input: child.stdout! }), exited };
}

const admin = (base: string, route: string, body: unknown) => adminCall(base, ADMIN, route, body);

/** A site with a host and a visitor type, and a function that makes enrollment codes for it. */
async function site(base: string) {
  const { id, hostId, typeId } = await siteWithDirectory(base, ADMIN, 'Harbour');
  const code = async (role: 'desk' | 'gate' = 'desk') =>
    ((await admin(base, '/admin/enrollment-codes', { siteId: id, role })) as { code: string }).code;
  return { id, hostId, typeId, code };
}

/** A station enrolled and synced once, without a running client; returns its data dir and credential. */
async function enrolled(base: string, code: string) {
  const dataDir = path.join(dir, newId());
  const s = await startStation({ dataDir, sync: { enabled: false } });
  const claim = await enrollStation(s.core, base, code);
  const engine = new SyncEngine(s.core, httpTransport({ serverUrl: base, credential: claim.credential }));
  await engine.syncOnce();
  await s.close();
  return { dataDir, credential: claim.credential };
}

async function inProcessServer() {
  const store = SqliteSyncStore.open(path.join(dir, 'server'));
  const { app } = await createSyncServer({ store, adminToken: ADMIN });
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  return { store, app, base };
}

const rows = (db: Database.Database, sql: string, ...args: unknown[]) => db.prepare(sql).all(...args);
const value = (db: Database.Database, sql: string, ...args: unknown[]) =>
  db
    .prepare(sql)
    .pluck()
    .get(...args) as number;

/** Every op of the station is in the server log exactly once, and its outbox is empty. */
function expectEachOpOnce(server: Database.Database, station: Station) {
  const { stationId } = station.core;
  expect(outboxSize(station)).toBe(0);
  const lastSeq = value(
    station.core.db.$client,
    "SELECT value FROM settings WHERE key = 'outbox.lastStationSeq'",
  );
  const seqs = value(server, 'SELECT count(DISTINCT station_seq) FROM ops WHERE station_id = ?', stationId);
  expect(value(server, 'SELECT count(*) FROM ops WHERE station_id = ?', stationId)).toBe(seqs);
  expect(seqs).toBe(Number(lastSeq));
  expect(
    rows(
      server,
      "SELECT entity_id FROM ops WHERE type = 'visit.create' GROUP BY entity_id HAVING count(*) > 1",
    ),
  ).toEqual([]);
}

describe('sync survives SIGKILL', () => {
  let server: Awaited<ReturnType<typeof inProcessServer>> | undefined;
  afterEach(async () => {
    await server?.app.close();
    server?.store.close();
    server = undefined;
  });

  it('between the local commit and the push: every confirmed visit reaches the server once', async () => {
    server = await inProcessServer();
    const a = await site(server.base);
    const { dataDir } = await enrolled(server.base, await a.code());

    const confirmed: string[] = [];
    for (const killAfter of [1, 9, 3, 25, 14]) {
      const { child, lines, exited } = spawnScript('tests/support/sync/crash-station.ts', [dataDir, 'write']);
      let n = 0;
      lines.on('line', (line) => {
        if (!line.startsWith('ok ')) return;
        confirmed.push(line.slice(3));
        if (++n === killAfter) child.kill('SIGKILL');
      });
      expect(await exited).toBe('SIGKILL');
    }

    // Restarted, the station pushes what it had committed and not yet sent.
    const s = await startStation({ dataDir, sync: { pollMs: 3_600_000 } });
    open.push(s);
    await s.sync.client?.syncNow();
    await s.sync.client?.syncNow();
    const serverDb = server.store.db.$client;
    expectEachOpOnce(serverDb, s);
    const onServer = new Set(
      rows(serverDb, "SELECT entity_id AS id FROM entities WHERE kind = 'visit'").map(
        (r) => (r as { id: string }).id,
      ),
    );
    expect(confirmed.filter((id) => !onServer.has(id))).toEqual([]);
    expect(onServer.size).toBe(value(s.core.db.$client, 'SELECT count(*) FROM visits'));
  });

  it('between the server applying a push and its ack: the re-push is deduplicated', async () => {
    const serverDir = path.join(dir, 'server-process');
    const startServer = async (port: string, hangAfter: number) => {
      const proc = spawnScript('tests/support/sync/crash-server.ts', [serverDir, port], {
        HANG_AFTER_PUSH: String(hangAfter),
      });
      const url = await new Promise<string>((resolve) =>
        proc.lines.on('line', (line) => line.startsWith('listening ') && resolve(line.slice(10))),
      );
      const applied = new Promise<void>((resolve) =>
        proc.lines.on('line', (l) => l === 'applied' && resolve()),
      );
      return { ...proc, url, applied };
    };

    let proc = await startServer('0', 0);
    const base = proc.url;
    const port = new URL(base).port;
    const a = await site(base);
    const { dataDir, credential } = await enrolled(base, await a.code());
    const s = await startStation({ dataDir, sync: { enabled: false } });
    open.push(s);
    const reception = s.client(as('reception'));
    for (let i = 0; i < 150; i++) {
      await reception.visits.register({
        visitor: { name: `Visitor ${i}` },
        hostId: a.hostId,
        visitorTypeId: a.typeId,
      });
    }
    const engine = new SyncEngine(s.core, httpTransport({ serverUrl: base, credential, timeoutMs: 60_000 }), {
      pushPageSize: 40,
    });

    // Kill the server after it committed the 1st, then the 3rd push of a run, before it answered.
    for (const hangAfter of [1, 3]) {
      proc.child.kill('SIGKILL');
      await proc.exited;
      proc = await startServer(port, hangAfter);
      const run = engine.syncOnce().then(
        () => 'finished',
        () => 'failed',
      );
      await proc.applied;
      proc.child.kill('SIGKILL');
      expect(await run).toBe('failed');
      expect(outboxSize(s)).toBeGreaterThan(0); // the unacknowledged page is still waiting
    }
    proc.child.kill('SIGKILL');
    await proc.exited;
    proc = await startServer(port, 0);
    await engine.syncOnce();
    proc.child.kill('SIGTERM');
    await proc.exited;

    const store = new Database(path.join(serverDir, SERVER_DATABASE_FILE), { readonly: true });
    try {
      expectEachOpOnce(store, s);
      expect(value(store, "SELECT count(*) FROM entities WHERE kind = 'visit'")).toBe(150);
    } finally {
      store.close();
    }
  });

  it('an instance of two on PostgreSQL, between applying a push and its ack: the re-push to the other is deduplicated', async () => {
    const url = await freshDatabase();
    const startInstance = async (hangAfter: number) => {
      const proc = spawnScript('tests/support/sync/crash-server.ts', [path.join(dir, 'unused'), '0'], {
        HANG_AFTER_PUSH: String(hangAfter),
        GATEHOUSE_DATABASE_URL: url,
      });
      const base = await new Promise<string>((resolve) =>
        proc.lines.on('line', (line) => line.startsWith('listening ') && resolve(line.slice(10))),
      );
      const applied = new Promise<void>((resolve) =>
        proc.lines.on('line', (l) => l === 'applied' && resolve()),
      );
      return { ...proc, base, applied };
    };
    const steady = await startInstance(0);
    const a = await site(steady.base);
    const { dataDir, credential } = await enrolled(steady.base, await a.code());
    const s = await startStation({ dataDir, sync: { enabled: false } });
    open.push(s);
    const reception = s.client(as('reception'));
    for (let i = 0; i < 150; i++)
      await reception.visits.register({
        visitor: { name: `Visitor ${i}` },
        hostId: a.hostId,
        visitorTypeId: a.typeId,
      });
    // The station talks to whichever instance the load balancer picks: here, the one the test names.
    let serverUrl = steady.base;
    const engine = new SyncEngine(
      s.core,
      {
        push: (r) => httpTransport({ serverUrl, credential, timeoutMs: 60_000 }).push(r),
        pull: (r) => httpTransport({ serverUrl, credential, timeoutMs: 60_000 }).pull(r),
      },
      { pushPageSize: 40 },
    );

    // The other instance is killed after it committed the 1st, then the 3rd push of a run, before it answered.
    for (const hangAfter of [1, 3]) {
      const doomed = await startInstance(hangAfter);
      serverUrl = doomed.base;
      const run = engine.syncOnce().then(
        () => 'finished',
        () => 'failed',
      );
      await doomed.applied;
      doomed.child.kill('SIGKILL');
      expect(await doomed.exited).toBe('SIGKILL');
      expect(await run).toBe('failed');
      expect(outboxSize(s)).toBeGreaterThan(0); // the unacknowledged page is still waiting
    }
    serverUrl = steady.base;
    await engine.syncOnce();
    steady.child.kill('SIGTERM');
    await steady.exited;

    const store = await PgSyncStore.open(url);
    try {
      const seqs = (await store.log())
        .filter((o) => o.stationId === s.core.stationId)
        .map((o) => o.stationSeq);
      const lastSeq = Number(
        value(s.core.db.$client, "SELECT value FROM settings WHERE key = 'outbox.lastStationSeq'"),
      );
      expect(outboxSize(s)).toBe(0);
      expect(seqs).toEqual(Array.from({ length: lastSeq }, (_, i) => i + 1)); // each op once, none lost
      expect((await store.entitiesInScope(a.id)).filter((e) => e.kind === 'visit')).toHaveLength(150);
    } finally {
      await store.close();
      await dropDatabase(url);
    }
  });

  it('in the middle of a long pull: the station resumes from its cursor and ends equal to the others', async () => {
    server = await inProcessServer();
    const a = await site(server.base);
    // A desk that registered many visits and pushed them.
    const desk = await startStation({ dataDir: path.join(dir, 'desk'), sync: { enabled: false } });
    open.push(desk);
    const claim = await enrollStation(desk.core, server.base, await a.code());
    const reception = desk.client(as('reception'));
    await new SyncEngine(
      desk.core,
      httpTransport({ serverUrl: server.base, credential: claim.credential }),
    ).syncOnce();
    for (let i = 0; i < 600; i++) {
      await reception.visits.register({
        visitor: { name: `Visitor ${i}` },
        hostId: a.hostId,
        visitorTypeId: a.typeId,
      });
    }
    await new SyncEngine(
      desk.core,
      httpTransport({ serverUrl: server.base, credential: claim.credential }),
    ).syncOnce();
    const head = value(server.store.db.$client, 'SELECT max(server_seq) FROM ops');

    // A gate joins: enrolled, then killed twice while it pulls the site's history page by page.
    const gateDir = path.join(dir, 'gate');
    const g = await startStation({ dataDir: gateDir, sync: { enabled: false } });
    await enrollStation(g.core, server.base, await a.code('gate'));
    await g.close();
    const cursorOf = () => {
      const db = openStationFile(gateDir).$client;
      try {
        return (db.prepare('SELECT server_seq FROM sync_cursors').pluck().get() as number | undefined) ?? 0;
      } finally {
        db.close();
      }
    };
    const cursors: number[] = [];
    for (let round = 0; round < 2; round++) {
      const before = cursorOf();
      const { child, exited } = spawnScript('tests/support/sync/crash-station.ts', [gateDir, 'pull'], {
        PULL_PAGE: '40',
      });
      // Kill once it has committed at least one more page, while more are still to come.
      for (;;) {
        const cursor = cursorOf();
        if (cursor > before && cursor < head) break;
        if (cursor >= head) throw new Error('the pull finished before it could be interrupted');
        await new Promise((r) => setTimeout(r, 2));
      }
      child.kill('SIGKILL');
      expect(await exited).toBe('SIGKILL');
      cursors.push(cursorOf());
    }
    expect(cursors[1]).toBeGreaterThan(cursors[0]!); // it resumed, it did not start again from zero

    const gate = await startStation({ dataDir: gateDir, sync: { pollMs: 3_600_000 } });
    open.push(gate);
    await gate.sync.client?.syncNow();
    const gateDump = stationDump(gate);
    const deskDump = stationDump(desk);
    expect(gateDump.visit).toHaveLength(600);
    expect(gateDump.visit).toEqual(deskDump.visit);
    expect(gateDump.visitor).toEqual(deskDump.visitor);
    expect(value(gate.core.db.$client, 'SELECT count(*) FROM sync_entities')).toBe(
      value(
        server.store.db.$client,
        'SELECT count(*) FROM entities WHERE site_id = ? OR site_id IS NULL',
        a.id,
      ),
    );
  });
});
