// Suite `sync-pg`: the sync server on PostgreSQL (docs/postgresql.md), in-process server instances over
// HTTP on loopback sharing one database of a throwaway cluster (tests/support/postgres-cluster.ts), with
// real stations on SQLite files:
// - push throughput with 10 stations at once against 1 instance, and against 2 (stations split evenly);
// - propagation of a check-in from station A on instance 1 to station B on instance 2 (the nudge crosses
//   instances through LISTEN/NOTIFY), median and p99;
// - the first sync, through instance 2, of a station joining a site with 100,000 visits (SYNC_BENCH_VISITS).
// Targets (issue 19): propagation p99 across instances < 1 s, first sync < 15 s.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { outboxRepo } from '../../src/db/repos/outbox';
import { startStation, type Station } from '../../src/main/station';
import { SyncEngine } from '../../src/main/sync/engine';
import { enrollStation } from '../../src/main/sync/enroll';
import { httpTransport } from '../../src/main/sync/http';
import { startSync } from '../../src/main/sync/index';
import { createSyncServer, type SyncServer } from '../../src/server/app';
import { PgSyncStore } from '../../src/server/pg-store';
import { newId } from '../../src/shared/ids';
import { SYNC_SCHEMA_VERSION, type SyncOp } from '../../src/shared/sync';
import { clusterParent, startCluster, stopCluster } from '../../tests/support/postgres-cluster';
import { siteWithDirectory } from '../../tests/support/sync/server';
import { summarize } from '../stats';

const ADMIN = 'bench-admin';

async function analyzeOps(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('ANALYZE ops');
  } finally {
    await client.end();
  }
}

interface Instance {
  store: PgSyncStore;
  server: SyncServer;
  base: string;
}

export async function syncPgSuite(): Promise<Record<string, number>> {
  const parent = clusterParent('gatehouse-bench-pg-');
  const dir = mkdtempSync(path.join(tmpdir(), 'gatehouse-bench-sync-pg-'));
  const stations: Station[] = [];
  const instances: Instance[] = [];
  try {
    const superuser = new URL(await startCluster(path.join(parent, 'cluster')));
    const admin = new pg.Client({ connectionString: superuser.toString() });
    await admin.connect();
    await admin.query('CREATE DATABASE gatehouse');
    await admin.end();
    superuser.pathname = '/gatehouse';
    for (let i = 0; i < 2; i++) {
      const store = await PgSyncStore.open(superuser.toString());
      const server = await createSyncServer({ store, adminToken: ADMIN });
      instances.push({ store, server, base: await server.app.listen({ port: 0, host: '127.0.0.1' }) });
    }
    const [one, two] = instances as [Instance, Instance];
    const { id: siteId, hostId, typeId } = await siteWithDirectory(one.base, ADMIN, 'Bench', 'UTC');

    const station = async (instance: Instance, role: 'desk' | 'gate' = 'desk') => {
      const s = await startStation({ dataDir: path.join(dir, newId()), sync: { enabled: false } });
      stations.push(s);
      const { code } = await instance.server.service.createEnrollmentCode({ siteId, role });
      const { credential } = await enrollStation(s.core, instance.base, code);
      const engine = new SyncEngine(s.core, httpTransport({ serverUrl: instance.base, credential }), {
        pushPageSize: 1000,
        pullPageSize: 2000,
      });
      await engine.syncOnce();
      return { s, engine, credential, base: instance.base };
    };
    /** `visits` checked-in visits at a station's outbox, 3 ops each, as the services would write them. */
    const backlog = (s: Station, visits: number) => {
      const { db, stationId } = s.core;
      const record = (type: string, entityId: string, payload: Record<string, unknown>) =>
        outboxRepo.append(db, { stationId, type, entityId, payload, occurredAt: new Date().toISOString() });
      db.$client.transaction(() => {
        for (let i = 0; i < visits; i++) {
          const now = new Date().toISOString();
          const visitorId = newId();
          const visitId = newId();
          record('visitor.upsert', visitorId, {
            name: `Visitor ${i}`,
            searchName: `visitor ${i}`,
            createdAt: now,
          });
          record('visit.create', visitId, {
            siteId,
            visitorId,
            hostId,
            visitorTypeId: typeId,
            status: 'expected',
            timezone: 'UTC',
            createdByStationId: stationId,
            createdAt: now,
          });
          record('visit.status', visitId, { status: 'checked_in', checkedInAt: now });
        }
      })();
    };
    /** Ops per second of 10 stations pushing 2,100 ops each at once, spread over `over` instances. */
    const pushThroughput = async (over: Instance[]) => {
      const pushers = await Promise.all(
        Array.from({ length: 10 }, (_, i) => station(over[i % over.length]!)),
      );
      for (const p of pushers) backlog(p.s, 700);
      const start = performance.now();
      const pushed = await Promise.all(pushers.map((p) => p.engine.push()));
      return Math.round(pushed.reduce((n, r) => n + r.pushed, 0) / ((performance.now() - start) / 1000));
    };
    const pushOne = await pushThroughput([one]);
    const pushTwo = await pushThroughput([one, two]);

    // ---- propagation: A on instance 1 → B on instance 2, both online with nudges ----
    const a = await station(one);
    const b = await station(two, 'gate');
    const reception = a.s.client({ role: 'reception', userId: null });
    const visitIds: string[] = [];
    for (let i = 0; i < 60; i++)
      visitIds.push(
        (await reception.visits.register({ visitor: { name: `Guest ${i}` }, hostId, visitorTypeId: typeId }))
          .id,
      );
    await a.engine.syncOnce();
    await b.engine.syncOnce();
    const syncA = startSync(a.s, { serverUrl: a.base, credential: a.credential, debounceMs: 0 });
    const syncB = startSync(b.s, { serverUrl: b.base, credential: b.credential, debounceMs: 0 });
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
      const start = performance.now();
      await reception.visits.checkIn({ visitId });
      await arrived;
      samples.push(performance.now() - start);
    }
    await syncA.stop();
    await syncB.stop();
    const propagation = summarize(samples.slice(10)); // the first ones warm up

    // ---- first sync, through instance 2, of a station joining a site with many visits ----
    const visits = Number(process.env.SYNC_BENCH_VISITS ?? 100_000);
    const join = await siteWithDirectory(one.base, ADMIN, 'Bench join', 'UTC');
    const { code } = await one.server.service.createEnrollmentCode({ siteId: join.id, role: 'desk' });
    const loaderId = newId();
    const claim = await one.server.service.claim({ code, stationId: loaderId });
    const loader = await one.server.service.authenticate(`Bearer ${claim.credential}`);
    let seq = 0;
    for (let i = 0; i < visits; i += 500) {
      const ops: SyncOp[] = [];
      for (let j = i; j < Math.min(visits, i + 500); j++) {
        const now = new Date().toISOString();
        const visitorId = newId();
        const common = {
          stationId: loaderId,
          siteId: join.id,
          occurredAt: now,
          schemaVersion: SYNC_SCHEMA_VERSION,
        };
        ops.push(
          {
            ...common,
            opId: newId(),
            stationSeq: ++seq,
            type: 'visitor.upsert',
            entityId: visitorId,
            payload: { name: `Past visitor ${j}`, searchName: `past visitor ${j}`, createdAt: now },
          },
          {
            ...common,
            opId: newId(),
            stationSeq: ++seq,
            type: 'visit.create',
            entityId: newId(),
            payload: {
              siteId: join.id,
              visitorId,
              hostId: join.hostId,
              visitorTypeId: join.typeId,
              status: 'checked_out',
              timezone: 'UTC',
              createdAt: now,
            },
          },
        );
      }
      await one.store.push(loader, ops, new Date());
    }
    // A server's autovacuum analyzes a table within a minute of growth like this; the bench pulls at once,
    // and with the statistics of the few ops the log had before, the planner sorts all of the site's ops
    // for each page (80 ms a page instead of 4).
    await analyzeOps(superuser.toString());
    const joiner = await startStation({ dataDir: path.join(dir, 'joiner'), sync: { enabled: false } });
    stations.push(joiner);
    const joinCode = await two.server.service.createEnrollmentCode({ siteId: join.id, role: 'desk' });
    const joined = await enrollStation(joiner.core, two.base, joinCode.code);
    const engine = new SyncEngine(
      joiner.core,
      httpTransport({ serverUrl: two.base, credential: joined.credential }),
    );
    const start = performance.now();
    const cpu = process.cpuUsage();
    await engine.syncOnce();
    const firstSyncSeconds = (performance.now() - start) / 1000;
    const firstSyncCpu = process.cpuUsage(cpu);
    const got = joiner.core.db.$client.prepare('SELECT count(*) FROM visits').pluck().get() as number;
    if (got < visits) throw new Error(`the joining station has ${got} visits, not ${visits}`);

    return {
      push_ops_per_s_10_stations_1_instance: pushOne,
      push_ops_per_s_10_stations_2_instances: pushTwo,
      propagation_across_instances_median_ms: propagation.median,
      propagation_across_instances_p99_ms: propagation.p99,
      first_sync_visits: visits,
      first_sync_s: Math.round(firstSyncSeconds * 1000) / 1000,
      // The bench process's CPU (server instances and station; PostgreSQL's own is not in it).
      first_sync_cpu_s: Math.round((firstSyncCpu.user + firstSyncCpu.system) / 1000) / 1000,
    };
  } finally {
    for (const s of stations) await s.close();
    for (const { server, store } of instances) {
      await server.app.close();
      await store.close();
    }
    stopCluster(path.join(parent, 'cluster'));
    rmSync(parent, { recursive: true, force: true });
    rmSync(dir, { recursive: true, force: true });
  }
}
