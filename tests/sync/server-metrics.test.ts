// The sync server's /metrics on SQLite and PostgreSQL, over HTTP with real enrolled stations: refused to
// strangers, to holders of any other credential and to web pages first; then each site's gate scan
// verdicts as the gates pushed them (a re-sent batch counted once, a made-up reason as `other`, nothing a
// person typed in a label), the sync requests and op answers this instance handled, and — two instances on
// one PostgreSQL database — the same site figures from both, the request counts from each its own.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSyncServer, type SyncServer } from '../../src/server/app';
import type { SyncStore } from '../../src/server/store';
import { newId } from '../../src/shared/ids';
import { SYNC_PROTOCOL_VERSION, SYNC_SCHEMA_VERSION } from '../../src/shared/sync';
import { parseMetrics } from '../support/metrics';
import { printerOutHealth } from '../support/sync/console';
import { adminCall } from '../support/sync/server';
import { postgresBackend, STORE_BACKENDS, type StoreData } from '../support/sync/stores';

const ADMIN = 'server-metrics-admin-token';
const METRICS = 'server-metrics-token-0123456789';

interface Instance {
  store: SyncStore;
  server: SyncServer;
  base: string;
}

let data: StoreData;
let instances: Instance[];

/** A server instance; `metricsToken` null: started without one, as a misconfigured server might be. */
async function startInstance(metricsToken: string | null = METRICS): Promise<Instance> {
  const store = await data.open();
  const server = await createSyncServer({
    store,
    adminToken: ADMIN,
    metricsToken: metricsToken ?? undefined,
  });
  const base = await server.app.listen({ port: 0, host: '127.0.0.1' });
  const instance = { store, server, base };
  instances.push(instance);
  return instance;
}

const scrape = (base: string, headers: Record<string, string>) => fetch(`${base}/metrics`, { headers });
const figures = async (base: string) => {
  const response = await scrape(base, { authorization: `Bearer ${METRICS}` });
  expect(response.status).toBe(200);
  const text = await response.text();
  return { text, samples: parseMetrics(text) };
};

/** An enrolled station that pushes ops by hand, so a test can send a batch again or claim another site. */
async function station(base: string, siteId: string, role: 'gate' | 'desk') {
  const { code } = (await adminCall(base, ADMIN, '/admin/enrollment-codes', { siteId, role })) as {
    code: string;
  };
  const stationId = newId();
  const claim = (await (
    await fetch(`${base}/enroll/claim`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code, stationId, name: `Test ${role}` }),
    })
  ).json()) as { credential: string };
  let seq = 0;
  const call = async (route: string, body: unknown, to = base) => {
    const response = await fetch(`${to}${route}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${claim.credential}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  /** A gate decision as the gate records it (src/main/gate/scan.ts). */
  const scan = (granted: boolean, reason: string, extra: Record<string, unknown> = {}) => {
    const at = new Date().toISOString();
    return {
      type: 'gate.event',
      entityId: newId(),
      opId: newId(),
      stationId,
      stationSeq: ++seq,
      siteId,
      occurredAt: at,
      schemaVersion: SYNC_SCHEMA_VERSION,
      payload: {
        siteId,
        stationId,
        passId: null,
        visitId: null,
        direction: 'entry',
        granted,
        reason,
        overrideBy: null,
        occurredAt: at,
        ...extra,
      },
    };
  };
  const push = (ops: unknown[], to = base) =>
    call('/sync/push', { protocolVersion: SYNC_PROTOCOL_VERSION, sentAt: new Date().toISOString(), ops }, to);
  const pull = (to = base) =>
    call('/sync/pull', { protocolVersion: SYNC_PROTOCOL_VERSION, cursor: 0, limit: 100 }, to);
  return { stationId, credential: claim.credential, call, scan, push, pull };
}

async function closeAll() {
  for (const { server, store } of instances) {
    await server.app.close();
    await store.close();
  }
  await data.remove();
}

describe.each(STORE_BACKENDS)('the sync server /metrics on $name', (backend) => {
  beforeEach(async () => {
    data = await backend.create();
    instances = [];
  });
  afterEach(closeAll);

  it('refuses strangers, other credentials and web pages, and a server without a token refuses everyone', async () => {
    const { base } = await startInstance();
    const { id: siteId } = (await adminCall(base, ADMIN, '/admin/sites', {
      name: 'Harbour',
      timezone: 'Europe/London',
    })) as { id: string };
    const gate = await station(base, siteId, 'gate');
    expect((await scrape(base, {})).status).toBe(401);
    expect((await scrape(base, { authorization: 'Bearer not-the-metrics-token' })).status).toBe(401);
    expect((await scrape(base, { authorization: `Basic ${METRICS}` })).status).toBe(401);
    // Neither the admin token nor a station credential is the metrics token.
    expect((await scrape(base, { authorization: `Bearer ${ADMIN}` })).status).toBe(401);
    expect((await scrape(base, { authorization: `Bearer ${gate.credential}` })).status).toBe(401);
    // A web page's request, even one carrying the token (same-origin fetch, rebinding, another site).
    const auth = { authorization: `Bearer ${METRICS}` };
    const pages: Record<string, string>[] = [
      { 'sec-fetch-site': 'same-origin', 'sec-fetch-dest': 'empty' },
      { origin: 'https://evil.example' },
      { 'sec-fetch-dest': 'document' },
    ];
    for (const page of pages) {
      const response = await scrape(base, { ...auth, ...page });
      expect(response.status).toBe(403);
      expect(await response.text()).not.toContain('gatehouse_');
    }

    const closed = await startInstance(null);
    for (const authorization of ['', 'Bearer ', `Bearer ${METRICS}`, `Bearer ${ADMIN}`])
      expect((await scrape(closed.base, authorization ? { authorization } : {})).status).toBe(401);
  });

  it('counts each site’s gate scan verdicts once, with fixed words for labels, and this instance’s sync traffic', async () => {
    const { base } = await startInstance();
    const site = async (name: string) =>
      ((await adminCall(base, ADMIN, '/admin/sites', { name, timezone: 'Europe/London' })) as { id: string })
        .id;
    const harbour = await site('Harbour');
    const quay = await site('Quay');
    const north = await station(base, harbour, 'gate');
    const south = await station(base, harbour, 'gate');
    const quayGate = await station(base, quay, 'gate');

    const batch = [
      north.scan(true, 'ok'),
      north.scan(true, 'ok'),
      north.scan(false, 'expired'),
      north.scan(false, 'anti_passback'),
      // A guard let a revoked pass through: granted, with the refusal reason kept.
      north.scan(true, 'revoked', { overrideBy: newId() }),
      // Only a tampered station sends this; it must not become a label.
      north.scan(false, 'Ada Lovelace, 1815-12-10'),
    ];
    expect((await north.push(batch)).body.acks).toHaveLength(6);
    // The answer was lost; the gate sends the batch again: acked again, counted once.
    expect((await north.push(batch)).body.acks).toHaveLength(6);
    expect((await south.push([south.scan(false, 'expired')])).body.acks).toHaveLength(1);
    // A gate claiming another site's data is refused, op by op.
    const foreign = { ...quayGate.scan(true, 'ok'), siteId: harbour };
    const refused = await quayGate.push([quayGate.scan(false, 'wrong_zone'), foreign]);
    expect(refused.body.rejected).toEqual([expect.objectContaining({ reason: 'forbidden_site' })]);
    expect((await quayGate.pull()).status).toBe(200);
    // A push without a credential is refused before it touches anything.
    expect(
      (
        await fetch(`${base}/sync/push`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{}',
        })
      ).status,
    ).toBe(401);

    const { text, samples } = await figures(base);
    const scans = (siteId: string, verdict: string, reason: string) =>
      samples.get(`gatehouse_site_gate_scans{reason=${reason},site=${siteId},verdict=${verdict}}`);
    expect(scans(harbour, 'granted', 'ok')).toBe(2);
    expect(scans(harbour, 'refused', 'expired')).toBe(2); // both gates of the site
    expect(scans(harbour, 'refused', 'anti_passback')).toBe(1);
    expect(scans(harbour, 'granted', 'revoked')).toBe(1);
    expect(scans(harbour, 'refused', 'other')).toBe(1);
    expect(scans(quay, 'refused', 'wrong_zone')).toBe(1);
    expect(scans(quay, 'granted', 'ok')).toBeUndefined();
    const siteTotal = (siteId: string) =>
      [...samples]
        .filter(([key]) => key.startsWith('gatehouse_site_gate_scans{') && key.includes(`site=${siteId},`))
        .reduce((sum, [, n]) => sum + n, 0);
    expect(siteTotal(harbour)).toBe(7);
    expect(siteTotal(quay)).toBe(1);
    expect(text).not.toContain('Ada');
    expect(text).not.toContain('1815');

    const requests = (route: string, outcome: string) =>
      samples.get(`gatehouse_sync_request_duration_seconds_count{outcome=${outcome},route=${route}}`);
    expect(requests('push', 'ok')).toBe(4);
    expect(requests('push', 'unauthenticated')).toBe(1);
    expect(requests('pull', 'ok')).toBe(1);
    expect(samples.get('gatehouse_sync_op_answers_total{outcome=acked}')).toBe(6 + 6 + 1 + 1);
    expect(samples.get('gatehouse_sync_op_answers_total{outcome=rejected,reason=forbidden_site}')).toBe(1);
    // Stations online, per station, as before.
    expect(
      [...samples].filter(([key]) => key.startsWith('gatehouse_station_online{') && key.includes(harbour)),
    ).toHaveLength(2);
  });

  it('shows each station’s badge print queue as its last health report gave it', async () => {
    const { base } = await startInstance();
    const { id: siteId } = (await adminCall(base, ADMIN, '/admin/sites', {
      name: 'Harbour',
      timezone: 'Europe/London',
    })) as { id: string };
    const desk = await station(base, siteId, 'desk');
    const queue = (status: string) =>
      `gatehouse_station_print_queue_jobs{role=desk,site=${siteId},station=${desk.stationId},status=${status}}`;
    expect([...(await figures(base)).samples.keys()].some((k) => k.includes(desk.stationId))).toBe(true);
    expect((await figures(base)).samples.get(queue('queued'))).toBeUndefined(); // not reported yet

    const report = await desk.call('/sync/health', {
      protocolVersion: SYNC_PROTOCOL_VERSION,
      health: printerOutHealth({ printQueue: { queued: 3, printing: 0, failed: 1 } }),
    });
    expect(report.status).toBe(200);
    const { samples } = await figures(base);
    expect(samples.get(queue('queued'))).toBe(3);
    expect(samples.get(queue('printing'))).toBe(0);
    expect(samples.get(queue('failed'))).toBe(1);
  });
});

describe('the sync server /metrics with two instances on one PostgreSQL database', () => {
  beforeEach(async () => {
    data = await postgresBackend.create();
    instances = [];
  });
  afterEach(closeAll);

  it('two instances on one database report the same site figures and each its own traffic', async () => {
    const one = await startInstance();
    const two = await startInstance();
    const { id: siteId } = (await adminCall(one.base, ADMIN, '/admin/sites', {
      name: 'Harbour',
      timezone: 'Europe/London',
    })) as { id: string };
    const gate = await station(one.base, siteId, 'gate');
    expect((await gate.push([gate.scan(true, 'ok'), gate.scan(false, 'used')])).status).toBe(200);
    expect((await gate.push([gate.scan(false, 'used')], two.base)).status).toBe(200);

    const [a, b] = [await figures(one.base), await figures(two.base)];
    for (const { samples } of [a, b]) {
      expect(samples.get(`gatehouse_site_gate_scans{reason=ok,site=${siteId},verdict=granted}`)).toBe(1);
      expect(samples.get(`gatehouse_site_gate_scans{reason=used,site=${siteId},verdict=refused}`)).toBe(2);
    }
    const pushes = (s: Map<string, number>) =>
      s.get('gatehouse_sync_request_duration_seconds_count{outcome=ok,route=push}');
    expect(pushes(a.samples)).toBe(1);
    expect(pushes(b.samples)).toBe(1);
    expect(a.samples.get('gatehouse_sync_op_answers_total{outcome=acked}')).toBe(2);
    expect(b.samples.get('gatehouse_sync_op_answers_total{outcome=acked}')).toBe(1);
  });
});
