// Suite `sync`: a real sync server over HTTP on loopback and real stations on SQLite files.
// - push throughput with 10 stations pushing at once (ops/s);
// - propagation of a check-in from station A to station B, both online (nudge + pull), median and p99;
// - a 14,000-op backlog at one station to convergence at another;
// - the first sync of a station joining a site with 100,000 visits (SYNC_BENCH_VISITS to change it);
// - recovery: a server process SIGKILLed and restarted on its data, from "listening" to a write made at A
//   meanwhile being at B, both with their own running sync clients at default settings (12 restarts,
//   SYNC_BENCH_RESTARTS to change it).
// Targets (issue 6): push >= 5,000 ops/s, propagation p99 < 1 s, backlog < 5 s, first sync < 15 s;
// (issue 21) recovery after a server restart p99 < 2 s.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { newId } from '../../src/shared/ids';
import { outboxRepo } from '../../src/db/repos/outbox';
import { startStation, type Station } from '../../src/main/station';
import { SyncEngine } from '../../src/main/sync/engine';
import { enrollStation } from '../../src/main/sync/enroll';
import { httpTransport } from '../../src/main/sync/http';
import { startSync } from '../../src/main/sync/index';
import { createSyncServer } from '../../src/server/app';
import { SqliteSyncStore } from '../../src/server/sqlite-store';
import { SYNC_SCHEMA_VERSION, type SyncOp } from '../../src/shared/sync';
import { foldForSearch } from '../../src/shared/text';
import { adminCall, siteWithDirectory } from '../../tests/support/sync/server';
import { startServerProcess } from '../../tests/support/sync/server-process';
import { summarize } from '../stats';

const ADMIN = 'bench-admin';

export async function syncSuite(): Promise<Record<string, number>> {
  const dir = mkdtempSync(path.join(tmpdir(), 'gatehouse-bench-sync-'));
  const store = SqliteSyncStore.open(path.join(dir, 'server'));
  const { app, service } = await createSyncServer({ store, adminToken: ADMIN });
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  const stations: Station[] = [];
  try {
    /** A site with one host and one visitor type, authored centrally as an admin would. */
    const siteWithDirectory = async (name: string) => {
      const created = await service.createSite({ name, timezone: 'UTC' });
      const ids = { hostId: newId(), typeId: newId() };
      const at = new Date().toISOString();
      await service.author({
        ops: [
          {
            type: 'host.upsert',
            entityId: ids.hostId,
            siteId: created.id,
            payload: { siteId: created.id, name: 'Host', searchName: foldForSearch('Host'), createdAt: at },
          },
          {
            type: 'visitorType.upsert',
            entityId: ids.typeId,
            siteId: created.id,
            payload: { siteId: created.id, names: { en: 'Visitor' }, color: '#000', createdAt: at },
          },
        ],
      });
      return { site: created, ...ids };
    };
    const { site, hostId, typeId } = await siteWithDirectory('Bench');
    const station = async (role: 'desk' | 'gate' = 'desk') => {
      const s = await startStation({ dataDir: path.join(dir, newId()), sync: { enabled: false } });
      stations.push(s);
      const { code } = await service.createEnrollmentCode({ siteId: site.id, role });
      const { credential } = await enrollStation(s.core, base, code);
      const engine = new SyncEngine(s.core, httpTransport({ serverUrl: base, credential }), {
        pushPageSize: 1000,
        pullPageSize: 2000,
      });
      await engine.syncOnce();
      return { s, engine, credential };
    };

    /** `visits` visits at a station, 7 ops each, written to its outbox as the services would. */
    const backlog = (s: Station, visits: number) => {
      const { db, stationId } = s.core;
      const record = (type: string, entityId: string, payload: Record<string, unknown>) =>
        outboxRepo.append(db, { stationId, type, entityId, payload, occurredAt: new Date().toISOString() });
      db.$client.transaction(() => {
        for (let i = 0; i < visits; i++) {
          const now = new Date().toISOString();
          const visitorId = newId();
          const visitId = newId();
          const passId = newId();
          record('visitor.upsert', visitorId, {
            name: `Visitor ${i}`,
            searchName: `visitor ${i}`,
            createdAt: now,
          });
          record('visit.create', visitId, {
            siteId: site.id,
            visitorId,
            hostId,
            visitorTypeId: typeId,
            status: 'expected',
            timezone: 'UTC',
            createdByStationId: stationId,
            createdAt: now,
          });
          record('visit.status', visitId, { status: 'checked_in', checkedInAt: now });
          record('visit.update', visitId, { notes: `note ${i}` });
          record('pass.issue', passId, {
            visitId,
            siteId: site.id,
            tokenHash: `hash-${passId}`,
            kind: 'visit',
            status: 'active',
            validFrom: now,
            validUntil: now,
            issuedByStationId: stationId,
            keyId: 'bench',
            createdAt: now,
          });
          record('pass.status', passId, { status: 'used' });
          record('visit.status', visitId, {
            status: 'checked_out',
            checkedOutAt: now,
            checkOutMethod: 'desk',
          });
        }
      })();
    };

    // ---- push throughput: 10 stations at once ----
    const pushers = await Promise.all(Array.from({ length: 10 }, () => station()));
    for (const p of pushers) backlog(p.s, 300); // 2,100 ops each
    let start = performance.now();
    const pushed = await Promise.all(pushers.map((p) => p.engine.push()));
    const pushSeconds = (performance.now() - start) / 1000;
    const pushOps = pushed.reduce((n, r) => n + r.pushed, 0);

    // ---- propagation A → B, both online with nudges ----
    const a = await station();
    const b = await station('gate');
    const reception = a.s.client({ role: 'reception', userId: null });
    const visitIds: string[] = [];
    for (let i = 0; i < 60; i++) {
      const v = await reception.visits.register({
        visitor: { name: `Guest ${i}` },
        hostId,
        visitorTypeId: typeId,
      });
      visitIds.push(v.id);
    }
    await a.engine.syncOnce();
    await b.engine.syncOnce();
    const syncA = startSync(a.s, { serverUrl: base, credential: a.credential, debounceMs: 0 });
    const syncB = startSync(b.s, { serverUrl: base, credential: b.credential, debounceMs: 0 });
    await Promise.all([syncA.syncNow(), syncB.syncNow()]);
    const samples: number[] = [];
    for (const visitId of visitIds) {
      const arrived = new Promise<void>((resolve) => {
        const off = b.s.client().onEvent('visit.changed', (payload) => {
          if (payload.visitId === visitId && payload.status === 'checked_in') {
            off();
            resolve();
          }
        });
      });
      start = performance.now();
      await reception.visits.checkIn({ visitId });
      await arrived;
      samples.push(performance.now() - start);
    }
    await syncA.stop();
    await syncB.stop();
    const propagation = summarize(samples.slice(10)); // the first ones warm up

    // ---- backlog of 14,000 ops: pushed by one station, pulled by another ----
    const offline = await station();
    const peer = await station('gate');
    backlog(offline.s, 2000);
    start = performance.now();
    await offline.engine.syncOnce();
    await peer.engine.syncOnce();
    const backlogSeconds = (performance.now() - start) / 1000;

    // ---- first sync of a station joining a site with many visits ----
    // A site of its own, so the joining station receives exactly its visits (not the ops measured above).
    const visits = Number(process.env.SYNC_BENCH_VISITS ?? 100_000);
    const { site: joinSite, hostId: joinHostId, typeId: joinTypeId } = await siteWithDirectory('Bench join');
    const { code } = await service.createEnrollmentCode({ siteId: joinSite.id, role: 'desk' });
    const loaderId = newId();
    const claim = await service.claim({ code, stationId: loaderId });
    const loader = await service.authenticate(`Bearer ${claim.credential}`);
    let seq = 0;
    for (let i = 0; i < visits; i += 500) {
      const ops: SyncOp[] = [];
      for (let j = i; j < Math.min(visits, i + 500); j++) {
        const now = new Date().toISOString();
        const visitorId = newId();
        const common = {
          stationId: loaderId,
          siteId: joinSite.id,
          occurredAt: now,
          schemaVersion: SYNC_SCHEMA_VERSION,
        };
        ops.push({
          ...common,
          opId: newId(),
          stationSeq: ++seq,
          type: 'visitor.upsert',
          entityId: visitorId,
          payload: { name: `Past visitor ${j}`, searchName: `past visitor ${j}`, createdAt: now },
        });
        ops.push({
          ...common,
          opId: newId(),
          stationSeq: ++seq,
          type: 'visit.create',
          entityId: newId(),
          payload: {
            siteId: joinSite.id,
            visitorId,
            hostId: joinHostId,
            visitorTypeId: joinTypeId,
            status: 'checked_out',
            timezone: 'UTC',
            createdAt: now,
          },
        });
      }
      await store.push(loader, ops, new Date());
    }
    const joiner = await startStation({ dataDir: path.join(dir, 'joiner'), sync: { enabled: false } });
    stations.push(joiner);
    const joinCode = await service.createEnrollmentCode({ siteId: joinSite.id, role: 'desk' });
    const joined = await enrollStation(joiner.core, base, joinCode.code);
    // The page size stations use (the engine's default).
    const engine = new SyncEngine(
      joiner.core,
      httpTransport({ serverUrl: base, credential: joined.credential }),
    );
    start = performance.now();
    const cpu = process.cpuUsage();
    await engine.syncOnce();
    const firstSyncSeconds = (performance.now() - start) / 1000;
    const firstSyncCpu = process.cpuUsage(cpu);
    const got = joiner.core.db.$client.prepare('SELECT count(*) FROM visits').pluck().get() as number;
    if (got < visits) throw new Error(`the joining station has ${got} visits, not ${visits}`);

    const recovery = summarize(
      await recoveryAfterRestart(dir, Number(process.env.SYNC_BENCH_RESTARTS ?? 12)),
    );

    const round = (n: number) => Math.round(n * 1000) / 1000;
    return {
      push_ops_per_s_10_stations: Math.round(pushOps / pushSeconds),
      propagation_median_ms: propagation.median,
      propagation_p99_ms: propagation.p99,
      backlog_14000_ops_s: round(backlogSeconds),
      first_sync_visits: visits,
      first_sync_s: round(firstSyncSeconds),
      // Server and station together (one process): steadier than the wall figure on a shared machine.
      first_sync_cpu_s: round((firstSyncCpu.user + firstSyncCpu.system) / 1e6),
      recovery_after_server_restart_median_ms: recovery.median,
      recovery_after_server_restart_p99_ms: recovery.p99,
    };
  } finally {
    for (const s of stations) await s.close();
    await app.close();
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Restarts a server process `restarts` times: each time it is SIGKILLed, station A registers a visit, the
 * server stays away a varying while (so the clients' retries are at different points of their backoff),
 * then starts again on the same data and port. A sample is the time from its "listening" to the visit at B.
 */
async function recoveryAfterRestart(parent: string, restarts: number): Promise<number[]> {
  const dataDir = path.join(parent, 'restarting-server');
  let server = await startServerProcess(dataDir, 0, { ADMIN_TOKEN: ADMIN });
  const base = server.url;
  const stations: Station[] = [];
  try {
    const { id: siteId, hostId, typeId } = await siteWithDirectory(base, ADMIN, 'Restarts', 'UTC');
    const admin = (route: string, body: unknown) => adminCall(base, ADMIN, route, body);
    for (const role of ['desk', 'gate'] as const) {
      const s = await startStation({ dataDir: path.join(parent, `restart-${role}`) });
      stations.push(s);
      const { code } = (await admin('/admin/enrollment-codes', { siteId, role })) as { code: string };
      await s.client({ role: 'admin', userId: null }).sync.enroll({ serverUrl: base, code });
    }
    const [a, b] = stations as [Station, Station];
    const has = (id: string) => b.core.db.$client.prepare('SELECT 1 FROM visits WHERE id = ?').get(id);
    const poll = async (done: () => unknown) => {
      while (!done()) await new Promise((r) => setTimeout(r, 2));
    };
    await poll(() => b.core.db.$client.prepare('SELECT 1 FROM hosts WHERE id = ?').get(hostId));
    const samples: number[] = [];
    for (let i = 0; i < restarts; i++) {
      await server.kill('SIGKILL');
      const visit = await a.client({ role: 'reception', userId: null }).visits.register({
        visitor: { name: `Guest ${i}` },
        hostId,
        visitorTypeId: typeId,
      });
      await new Promise((r) => setTimeout(r, 300 + ((i * 700) % 4000)));
      server = await startServerProcess(dataDir, new URL(base).port, { ADMIN_TOKEN: ADMIN });
      const start = performance.now();
      await poll(() => has(visit.id));
      samples.push(performance.now() - start);
    }
    return samples;
  } finally {
    for (const s of stations) await s.close();
    await server.kill('SIGTERM');
  }
}
