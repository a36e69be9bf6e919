// The sync server over real HTTP on 127.0.0.1 with stations on real SQLite files: enrollment, gzip,
// nudges, isolation between sites, revocation, idempotent push, corrected time, far-future quarantine and
// its release by an administrator, ops of a newer schema, and recovery from a server restored from an
// older backup. Every test runs against each storage backend: the embedded SQLite store and PostgreSQL
// (tests/support/sync/stores.ts).
import type { FastifyInstance } from 'fastify';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newId } from '../../src/shared/ids';
import { outboxRepo } from '../../src/db/repos/outbox';
import { syncRepo } from '../../src/db/repos/sync';
import { SyncEngine, type SyncTransport } from '../../src/main/sync/engine';
import { enrollStation } from '../../src/main/sync/enroll';
import { httpTransport } from '../../src/main/sync/http';
import { startSync } from '../../src/main/sync/index';
import { startStation, type Station } from '../../src/main/station';
import { STATION_CALLER } from '../../src/main/core/context';
import { createSyncServer } from '../../src/server/app';
import type { SyncStore } from '../../src/server/store';
import { SYNC_PROTOCOL_VERSION, SYNC_SCHEMA_VERSION, type SyncOp } from '../../src/shared/sync';
import { foldForSearch } from '../../src/shared/text';
import { as } from '../support/station';
import { rawOp } from '../support/sync/http';
import { adminCall } from '../support/sync/server';
import {
  STORE_BACKENDS,
  postgresPointInTimeBackend,
  type StoreBackend,
  type StoreData,
} from '../support/sync/stores';
import { outboxSize, stationDump } from '../support/sync/world';

const ADMIN = 'test-admin-token';
let dir: string;
let data: StoreData;
let store: SyncStore;
let app: FastifyInstance;
let base: string;
const stations: Station[] = [];

async function startServer(port = 0) {
  store = await data.open();
  ({ app } = await createSyncServer({ store, adminToken: ADMIN }));
  base = await app.listen({ port, host: '127.0.0.1' });
}

const admin = (route: string, body: unknown) => adminCall(base, ADMIN, route, body);

/** A site with one host and one visitor type, authored centrally. */
async function site(name: string) {
  const s = (await admin('/admin/sites', { name, timezone: 'Europe/London' })) as { id: string };
  const hostId = newId();
  const typeId = newId();
  const at = new Date().toISOString();
  await admin('/admin/ops', {
    ops: [
      {
        type: 'host.upsert',
        entityId: hostId,
        siteId: s.id,
        payload: {
          siteId: s.id,
          name: `Host of ${name}`,
          searchName: foldForSearch(`Host of ${name}`),
          createdAt: at,
        },
      },
      {
        type: 'visitorType.upsert',
        entityId: typeId,
        siteId: s.id,
        payload: { siteId: s.id, names: { en: 'Visitor' }, color: '#000', createdAt: at },
      },
    ],
  });
  return { id: s.id, hostId, typeId };
}

/** A station enrolled over HTTP, with an engine on an HTTP transport (the URL is read at each call). */
async function station(siteId: string, role: 'kiosk' | 'desk' | 'gate' = 'desk', now?: () => Date) {
  const s = await startStation({ dataDir: path.join(dir, newId()), ...(now ? { now } : {}) });
  stations.push(s);
  const { code } = (await admin('/admin/enrollment-codes', { siteId, role })) as { code: string };
  const claim = await enrollStation(s.core, base, code);
  const transport: SyncTransport = {
    push: (r) => httpTransport({ serverUrl: base, credential: claim.credential }).push(r),
    pull: (r) => httpTransport({ serverUrl: base, credential: claim.credential }).pull(r),
  };
  const engine = new SyncEngine({ db: s.core.db, stationId: s.core.stationId, now: s.core.now }, transport, {
    pushPageSize: 7,
    pullPageSize: 5,
  });
  await engine.syncOnce();
  return { station: s, engine, credential: claim.credential, client: s.client(as('reception')) };
}

async function register(
  st: Awaited<ReturnType<typeof station>>,
  target: { hostId: string; typeId: string },
  name = 'Ada Lovelace',
) {
  return st.client.visits.register({
    visitor: { name },
    hostId: target.hostId,
    visitorTypeId: target.typeId,
  });
}

async function raw(route: string, credential: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${base}${route}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${credential}`, 'content-type': 'application/json', ...headers },
    body:
      typeof body === 'string' ? body : Buffer.isBuffer(body) ? new Uint8Array(body) : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const op = rawOp;

async function until(check: () => boolean, what: string) {
  for (let i = 0; i < 200; i++) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`gave up waiting for ${what}`);
}

/** A server on a fresh store of `backend` for each test of the enclosing describe. */
function serverPerTest(backend: StoreBackend) {
  beforeEach(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'gatehouse-sync-http-'));
    data = await backend.create();
    await startServer();
  });
  afterEach(async () => {
    await app.close();
    await store.close();
    for (const s of stations.splice(0)) s.close();
    await data.remove();
    rmSync(dir, { recursive: true, force: true });
  });
}

describe.each(STORE_BACKENDS)('the sync server over HTTP on $name', (backend) => {
  serverPerTest(backend);

  it('answers /healthz and refuses requests without a valid credential', async () => {
    expect(await (await fetch(`${base}/healthz`)).json()).toMatchObject({ ok: true });
    expect(
      (await raw('/sync/pull', 'not-a-credential', { protocolVersion: 1, cursor: 0, limit: 10 })).status,
    ).toBe(401);
    expect((await raw('/admin/sites', 'wrong-admin', { name: 'x', timezone: 'UTC' })).status).toBe(401);
  });

  it('shuts down gracefully: a request in flight is answered, and its keep-alive socket closed with it', async () => {
    const a = await site('Harbour');
    const desk = await station(a.id);
    const agent = new http.Agent({ keepAlive: true });
    const body = JSON.stringify({ protocolVersion: SYNC_PROTOCOL_VERSION, cursor: 0, limit: 10 });
    const answer = new Promise<http.IncomingMessage>((resolve, reject) => {
      const req = http.request(`${base}/sync/pull`, {
        method: 'POST',
        agent,
        headers: {
          authorization: `Bearer ${desk.credential}`,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
        },
      });
      req.on('response', (res) => res.resume().on('end', () => resolve(res)));
      req.on('error', reject);
      // Half the body now: the request is in flight when the server starts shutting down.
      req.write(body.slice(0, 10));
      setTimeout(() => req.end(body.slice(10)), 100);
    });
    await new Promise((r) => setTimeout(r, 50));
    const closed = app.close();
    const response = await answer;
    expect(response.statusCode).toBe(200);
    expect(response.headers.connection).toBe('close');
    await closed; // with the socket kept alive, this would wait out the 72 s keep-alive timeout
    agent.destroy();
    await startServer(); // for afterEach
  });

  it('carries a check-in from one station to another, pushed on change and pulled on the nudge', async () => {
    const a = await site('Harbour');
    const kiosk = await station(a.id, 'kiosk');
    const desk = await station(a.id, 'desk');
    const visit = await register(desk, a);
    const syncKiosk = startSync(kiosk.station, {
      serverUrl: base,
      credential: kiosk.credential,
      pollMs: 3_600_000,
    });
    const syncDesk = startSync(desk.station, {
      serverUrl: base,
      credential: desk.credential,
      pollMs: 3_600_000,
    });
    try {
      await until(
        () => kiosk.station.core.db.$client.prepare('SELECT count(*) FROM visits').pluck().get() === 1,
        'the visit at the kiosk',
      );
      await kiosk.client.visits.checkIn({ visitId: visit.id });
      const status = () =>
        desk.station.core.db.$client.prepare('SELECT status FROM visits WHERE id = ?').pluck().get(visit.id);
      await until(() => status() === 'checked_in', 'the check-in at the desk');
      expect(syncDesk.status()).toMatchObject({ online: true, lastError: null });
    } finally {
      await syncKiosk.stop();
      await syncDesk.stop();
    }
    expect(stationDump(desk.station)).toEqual(stationDump(kiosk.station));
  });

  it('never gives a station of site B a row of site A, whatever cursor or site it asks for', async () => {
    const a = await site('Harbour');
    const b = await site('Riverside');
    const deskA = await station(a.id);
    const deskB = await station(b.id);
    const visitA = await register(deskA, a, 'Secret Visitor');
    await deskA.engine.syncOnce();
    await deskB.engine.syncOnce();

    const text = JSON.stringify(stationDump(deskB.station));
    expect(text).not.toContain('Secret Visitor');
    expect(text).not.toContain(a.hostId);
    const head = await store.headSeq();
    for (let cursor = 0; cursor <= head; cursor++) {
      const pulled = await raw('/sync/pull', deskB.credential, {
        protocolVersion: SYNC_PROTOCOL_VERSION,
        cursor,
        limit: 1000,
      });
      expect(pulled.status).toBe(200);
      const ops = pulled.body.ops as SyncOp[];
      expect(ops.every((o) => o.siteId === b.id || o.siteId === null)).toBe(true);
      expect(JSON.stringify(ops)).not.toContain('Secret Visitor');
    }
    const beyond = await raw('/sync/pull', deskB.credential, {
      protocolVersion: SYNC_PROTOCOL_VERSION,
      cursor: head + 5,
      limit: 10,
    });
    expect(beyond).toMatchObject({ status: 409, body: { code: 'cursor_unknown', serverHeadSeq: head } });
    const asked = await raw('/sync/pull', deskB.credential, {
      protocolVersion: SYNC_PROTOCOL_VERSION,
      cursor: 0,
      limit: 10,
      siteId: a.id,
    });
    expect(asked).toMatchObject({ status: 403, body: { code: 'forbidden' } });

    // Writing into site A is refused too, by claimed site or by touching A's visit.
    const idB = deskB.station.core.stationId;
    const pushed = await raw('/sync/push', deskB.credential, {
      protocolVersion: SYNC_PROTOCOL_VERSION,
      sentAt: new Date().toISOString(),
      ops: [
        op(idB, 900, {
          type: 'visit.status',
          entityId: visitA.id,
          siteId: b.id,
          payload: { status: 'cancelled' },
        }),
        op(idB, 901, { type: 'visit.create', siteId: a.id, payload: { siteId: a.id } }),
      ],
    });
    expect((pushed.body.rejected as { reason: string }[]).map((r) => r.reason)).toEqual([
      'forbidden_site',
      'forbidden_site',
    ]);
    await deskA.engine.syncOnce();
    expect(
      deskA.station.core.db.$client.prepare('SELECT status FROM visits WHERE id = ?').pluck().get(visitA.id),
    ).toBe('expected');
  });

  it('refuses a revoked station', async () => {
    const a = await site('Harbour');
    const desk = await station(a.id);
    await admin(`/admin/stations/${desk.station.core.stationId}/revoke`, {});
    const pull = await raw('/sync/pull', desk.credential, {
      protocolVersion: SYNC_PROTOCOL_VERSION,
      cursor: 0,
      limit: 10,
    });
    expect(pull).toMatchObject({ status: 403, body: { code: 'revoked' } });
    await register(desk, a);
    await expect(desk.engine.syncOnce()).rejects.toMatchObject({ code: 'revoked' });
    expect(outboxSize(desk.station)).toBe(2); // kept, not dropped
  });

  it('carries a retention batch, one outbox row a kind at the desk, op by op over pages that cut it', async () => {
    const DAY = 86_400_000;
    let clock = Date.now() - 500 * DAY; // behind the server's clock: nothing is quarantined
    const a = await site('Harbour');
    const desk = await station(a.id, 'desk', () => new Date(clock));
    const kiosk = await station(a.id, 'kiosk');
    const visits = [];
    for (let i = 0; i < 12; i++) visits.push(await register(desk, a, `Retained Person ${i}`));
    await desk.engine.syncOnce();
    clock += 400 * DAY; // past the site's 365 days
    const run = await desk.station.dispatcher.call('privacy.runRetention', {}, STATION_CALLER);
    expect(run).toMatchObject({ anonymisedVisits: 12, anonymisedVisitors: 12 });
    // 12 visit ops and 12 visitor ops in one row each (and the site's anonymous visitor), pushed 7 at a time.
    expect(outboxSize(desk.station)).toBe(25);
    expect(desk.station.core.db.$client.prepare('SELECT count(*) FROM outbox_ops').pluck().get()).toBe(3);
    await desk.engine.syncOnce();
    expect(outboxSize(desk.station)).toBe(0);
    const log = (await store.log()).filter((o) => o.stationId === desk.station.core.stationId);
    const anonymised = log.filter((o) => o.type === 'visit.anonymise');
    expect(anonymised.map((o) => o.entityId).sort()).toEqual(visits.map((v) => v.id).sort());
    const seqs = log.map((o) => o.stationSeq);
    expect(new Set(seqs).size).toBe(seqs.length); // each op once
    await kiosk.engine.syncOnce();
    const at = (s: Station, q: string) => s.core.db.$client.prepare(q).pluck().get();
    expect(at(kiosk.station, 'SELECT count(*) FROM visits WHERE anonymised_at IS NOT NULL')).toBe(12);
    expect(at(kiosk.station, "SELECT count(*) FROM visitors WHERE name LIKE 'Retained%'")).toBe(0);
    expect(stationDump(kiosk.station)).toEqual(stationDump(desk.station));
  });

  it('is idempotent on (station, stationSeq), compressed or not', async () => {
    const a = await site('Harbour');
    const desk = await station(a.id);
    const id = desk.station.core.stationId;
    const batch = {
      protocolVersion: SYNC_PROTOCOL_VERSION,
      sentAt: new Date().toISOString(),
      ops: [1, 2, 3].map((n) =>
        op(id, 100 + n, {
          type: 'visitor.upsert',
          siteId: a.id,
          payload: { name: `V${n}`, searchName: `v${n}`, createdAt: new Date().toISOString() },
        }),
      ),
    };
    const first = await raw('/sync/push', desk.credential, batch);
    const again = await raw('/sync/push', desk.credential, gzipSync(JSON.stringify(batch)), {
      'content-encoding': 'gzip',
    });
    expect(first.status).toBe(200);
    expect(again.body.acks).toEqual(first.body.acks);
    const log = await store.log();
    expect(log.filter((o) => o.stationId === id).map((o) => o.stationSeq)).toEqual([101, 102, 103]);
    const broken = await raw('/sync/push', desk.credential, Buffer.from('not gzip'), {
      'content-encoding': 'gzip',
    });
    expect(broken).toMatchObject({ status: 400, body: { code: 'invalid_input' } });
    const future = await raw('/sync/push', desk.credential, {
      ...batch,
      protocolVersion: SYNC_PROTOCOL_VERSION + 1,
    });
    expect(future).toMatchObject({ status: 426, body: { code: 'protocol_unsupported' } });
  });

  it('quarantines an op from far in the future without blocking the rest of the batch', async () => {
    const a = await site('Harbour');
    const desk = await station(a.id);
    const gate = await station(a.id, 'gate');
    const visit = await register(desk, a);
    await desk.engine.syncOnce();
    await gate.engine.syncOnce();
    // The gate's clock jumps two days ahead for one check-in; the next change is on time again.
    const realNow = gate.station.core.now;
    gate.station.core.now = () => new Date(realNow().getTime() + 2 * 24 * 3600_000);
    await gate.client.visits.checkIn({ visitId: visit.id });
    gate.station.core.now = realNow;
    const other = await register(desk, a, 'Grace Hopper');
    await desk.engine.syncOnce();
    await gate.engine.syncOnce();
    await gate.client.visits.checkIn({ visitId: other.id });
    const result = await gate.engine.syncOnce();
    expect(result.rejected).toBe(0);

    const quarantined = await store.rejected();
    expect(quarantined).toEqual([
      expect.objectContaining({ stationId: gate.station.core.stationId, reason: 'far_future' }),
    ]);
    const held = syncRepo.held(gate.station.core.db, 'out');
    expect(held.map((h) => h.reason)).toEqual(['far_future']);
    await desk.engine.syncOnce();
    for (const s of [desk, gate]) {
      const status = (id: string) =>
        s.station.core.db.$client.prepare('SELECT status FROM visits WHERE id = ?').pluck().get(id);
      expect(status(visit.id)).toBe('expected'); // not applied anywhere
      expect(status(other.id)).toBe('checked_in'); // the rest went through
    }

    // An administrator releases it. Refused first: no admin token, no reason, an op not in quarantine.
    const [quarantinedOp] = await store.rejected();
    const release = (seq: number, body: unknown, token = ADMIN) =>
      raw(`/admin/quarantine/${gate.station.core.stationId}/${seq}/release`, token, body);
    expect(await release(quarantinedOp!.stationSeq, { reason: 'RTC fixed' }, 'wrong')).toMatchObject({
      status: 401,
    });
    expect(await release(quarantinedOp!.stationSeq, {})).toMatchObject({
      status: 400,
      body: { code: 'invalid_input' },
    });
    expect(await release(quarantinedOp!.stationSeq + 100, { reason: 'RTC fixed' })).toMatchObject({
      status: 404,
      body: { code: 'not_found' },
    });
    expect(await release(0, { reason: 'RTC fixed' })).toMatchObject({ status: 400 });
    expect(await store.rejected()).toHaveLength(1);
    // Only the site's creation is in the admin audit so far: the refused releases left nothing.
    expect(
      (
        (await (
          await fetch(`${base}/admin/audit`, { headers: { authorization: `Bearer ${ADMIN}` } })
        ).json()) as { entries: { action: string }[] }
      ).entries.map((e) => e.action),
    ).toEqual(['site.create']);

    const released = await release(quarantinedOp!.stationSeq, { reason: 'Gate clock was reset by hand' });
    expect(released).toMatchObject({ status: 200, body: { serverSeq: expect.any(Number) } });
    expect(await store.rejected()).toEqual([]);
    // Once only: a second release finds nothing in quarantine.
    expect(await release(quarantinedOp!.stationSeq, { reason: 'again' })).toMatchObject({ status: 404 });
    const audit = (await (
      await fetch(`${base}/admin/audit`, { headers: { authorization: `Bearer ${ADMIN}` } })
    ).json()) as { entries: { action: string; details: Record<string, unknown> }[] };
    expect(audit.entries.filter((e) => e.action !== 'site.create')).toEqual([
      expect.objectContaining({
        action: 'quarantine.release',
        details: expect.objectContaining({
          stationId: gate.station.core.stationId,
          stationSeq: quarantinedOp!.stationSeq,
          reason: 'Gate clock was reset by hand',
          serverSeq: released.body.serverSeq,
        }),
      }),
    ]);
    // The check-in reaches both stations, and the gate stops counting it as quarantined.
    await desk.engine.syncOnce();
    await gate.engine.syncOnce();
    for (const s of [desk, gate]) {
      const status = s.station.core.db.$client.prepare('SELECT status FROM visits WHERE id = ?').pluck();
      expect(status.get(visit.id)).toBe('checked_in');
    }
    expect(syncRepo.held(gate.station.core.db, 'out')).toEqual([]);
  });

  it('corrects the time of a station whose clock runs days ahead: applied, not quarantined', async () => {
    const a = await site('Harbour');
    const desk = await station(a.id);
    // A gate whose clock has run three days ahead since it started: every op, and every push's sentAt.
    const ahead = 3 * 24 * 3_600_000;
    const s = await startStation({
      dataDir: path.join(dir, 'gate-ahead'),
      now: () => new Date(Date.now() + ahead),
    });
    stations.push(s);
    const { code } = (await admin('/admin/enrollment-codes', { siteId: a.id, role: 'gate' })) as {
      code: string;
    };
    const claim = await enrollStation(s.core, base, code);
    const engine = new SyncEngine(
      { db: s.core.db, stationId: s.core.stationId, now: () => s.core.now() },
      httpTransport({ serverUrl: base, credential: claim.credential }),
    );
    await engine.syncOnce(); // the first exchange: the gate learns its offset
    expect(Math.abs((engine.clockOffsetMs ?? 0) + ahead)).toBeLessThan(60_000);

    const visit = await register(desk, a);
    await desk.engine.syncOnce();
    await engine.syncOnce();
    await s.client(as('security')).visits.checkIn({ visitId: visit.id });
    const result = await engine.syncOnce();
    expect(result).toMatchObject({ rejected: 0 });
    expect(await store.rejected()).toEqual([]);

    // The log keeps both times: the station's and the corrected one, within a minute of the server's clock.
    const logged = (await store.log()).find(
      (o) => o.stationId === s.core.stationId && o.type === 'visit.status',
    );
    expect(Date.parse(logged!.occurredAt) - Date.now()).toBeGreaterThan(ahead - 60_000);
    expect(Math.abs(Date.parse(logged!.correctedAt!) - Date.now())).toBeLessThan(60_000);
    // The desk merges it: the visitor is on site, the row's time the corrected one, the same at both.
    await desk.engine.syncOnce();
    const row = (st: Station) =>
      st.core.db.$client
        .prepare('SELECT status, updated_at AS updatedAt FROM visits WHERE id = ?')
        .get(visit.id) as {
        status: string;
        updatedAt: string;
      };
    expect(row(desk.station)).toEqual({ status: 'checked_in', updatedAt: logged!.correctedAt });
    expect(row(s)).toEqual(row(desk.station));
  });

  it('keeps an op of a type it does not know, and the other stations of the site hold it', async () => {
    const a = await site('Harbour');
    const desk = await station(a.id);
    const kiosk = await station(a.id, 'kiosk');
    outboxRepo.append(desk.station.core.db, {
      stationId: desk.station.core.stationId,
      type: 'badge.printed',
      entityId: newId(),
      payload: { printer: 'zebra' },
      occurredAt: new Date().toISOString(),
    });
    await desk.engine.syncOnce();
    expect(outboxSize(desk.station)).toBe(0);
    expect((await store.log()).some((o) => o.type === 'badge.printed')).toBe(true);
    await kiosk.engine.syncOnce();
    expect(syncRepo.held(kiosk.station.core.db, 'in').map((h) => h.reason)).toEqual(['schema_unknown']);
  });

  it('applies the ops it kept, and stations the ops they held, once an update knows their schema', async () => {
    const a = await site('Harbour');
    const desk = await station(a.id);
    const kiosk = await station(a.id, 'kiosk');
    const visit = await register(desk, a);
    await desk.engine.syncOnce();
    // A newer build at the desk writes a note in a schema this server and the kiosk do not know yet.
    const author = (await store.station(desk.station.core.stationId))!;
    const newer: SyncOp = {
      opId: newId(),
      stationId: author.id,
      stationSeq: 1_000_000,
      type: 'visit.update',
      entityId: visit.id,
      siteId: a.id,
      payload: { notes: 'Escort to lab 3' },
      occurredAt: new Date().toISOString(),
      schemaVersion: SYNC_SCHEMA_VERSION + 1,
    };
    const pushed = await store.push(author, [newer], new Date());
    expect(pushed.acks[0]).toMatchObject({ held: 'schema_unknown' });
    await kiosk.engine.syncOnce();
    const notes = () =>
      kiosk.station.core.db.$client.prepare('SELECT notes FROM visits WHERE id = ?').pluck().get(visit.id);
    expect(notes()).toBeNull();
    expect(syncRepo.held(kiosk.station.core.db, 'in')).toHaveLength(1);

    // The update: both builds now know that schema (the op's version is what they now understand).
    const port = Number(new URL(base).port);
    await app.close();
    await store.close();
    await data.execute('UPDATE ops SET schema_version = $1 WHERE op_id = $2', [
      SYNC_SCHEMA_VERSION,
      newer.opId,
    ]);
    await startServer(port); // the server applies what it kept when it opens
    const merged = (await store.entitiesInScope(a.id)).find((e) => e.id === visit.id);
    expect(merged?.fields.notes?.v).toBe('Escort to lab 3');
    expect(await store.log()).toContainEqual(
      expect.objectContaining({ opId: newer.opId, serverSeq: pushed.acks[0]!.serverSeq }),
    );

    const kioskDb = kiosk.station.core.db;
    const [held] = syncRepo.held(kioskDb, 'in');
    kioskDb.$client
      .prepare('UPDATE sync_held_ops SET op = ? WHERE op_id = ?')
      .run(JSON.stringify({ ...held!.op, schemaVersion: SYNC_SCHEMA_VERSION }), held!.opId);
    await kiosk.engine.syncOnce(); // the station merges what it held before pulling
    expect(notes()).toBe('Escort to lab 3');
    expect(syncRepo.held(kioskDb, 'in')).toEqual([]);
  });

  it('recovers when the server is restored from an older backup', recoversFromOlderBackup);
});

// PostgreSQL's point-in-time recovery puts the op log back to an earlier prefix too: stations must notice
// and re-send what the server lost, as after a dump (docs/postgresql.md#backups-and-restore).
describe('the sync server on PostgreSQL restored to a point in time', () => {
  serverPerTest(postgresPointInTimeBackend);
  it('recovers when the server is restored from an older backup', recoversFromOlderBackup, 120_000);
});

/**
 * Stations recover from a server restored from a backup older than what they were acknowledged: the
 * server's op log ends earlier, and every visit and check-in comes back from the stations.
 */
async function recoversFromOlderBackup() {
  const a = await site('Harbour');
  const desk = await station(a.id);
  const kiosk = await station(a.id, 'kiosk');
  await register(desk, a, 'Before Backup');
  await desk.engine.syncOnce();
  await kiosk.engine.syncOnce();
  await data.backup();

  // After the backup: more visits and a check-in, all acknowledged, then the server loses them.
  const second = await register(desk, a, 'After Backup');
  await desk.engine.syncOnce();
  await kiosk.engine.syncOnce();
  await kiosk.client.visits.checkIn({ visitId: second.id });
  await kiosk.engine.syncOnce();
  const port = Number(new URL(base).port);
  await app.close();
  await store.close();
  await data.restore();
  await startServer(port);
  const visitorNames = async () =>
    (await store.entitiesInScope(a.id))
      .filter((e) => e.kind === 'visitor')
      .map((e) => e.fields.name?.v)
      .sort();
  expect(await visitorNames()).toEqual(['Before Backup']); // the backup's state, as the stations will find it

  const recovered = [
    await kiosk.engine.syncOnce(),
    await desk.engine.syncOnce(),
    await kiosk.engine.syncOnce(),
    await desk.engine.syncOnce(),
  ];
  expect(recovered.some((r) => r.recovered)).toBe(true);
  expect(await visitorNames()).toEqual(['After Backup', 'Before Backup']);
  const server = (await store.entitiesInScope(a.id)).find((e) => e.id === second.id);
  expect(server?.status).toBe('checked_in');
  expect(stationDump(desk.station)).toEqual(stationDump(kiosk.station));
}
