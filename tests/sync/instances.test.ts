// Two sync server instances sharing one PostgreSQL database (a real cluster, tests/support/postgres.ts),
// each a real Fastify server on loopback, with real stations on their own SQLite files. A station
// connected to instance 1 hears at once of a write made through instance 2 (LISTEN/NOTIFY carries the
// nudge; the stations' polling is an hour, so only the nudge can bring it), and a station revoked through
// one instance is disconnected from the other.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { enrollStation } from '../../src/main/sync/enroll';
import { startSync, type SyncHandle } from '../../src/main/sync/index';
import { startStation, type Station } from '../../src/main/station';
import { createSyncServer, type SyncServer } from '../../src/server/app';
import { PgSyncStore } from '../../src/server/pg-store';
import { newId } from '../../src/shared/ids';
import { dropDatabase, freshDatabase } from '../support/postgres';
import { as } from '../support/station';
import { adminCall, siteWithDirectory } from '../support/sync/server';
import { until } from '../support/until';

const ADMIN = 'test-admin-token';

interface Instance {
  store: PgSyncStore;
  server: SyncServer;
  base: string;
}

let url: string;
let dir: string;
let instances: Instance[];
const stations: Station[] = [];
const syncs: SyncHandle[] = [];

beforeEach(async () => {
  url = await freshDatabase();
  dir = mkdtempSync(path.join(tmpdir(), 'gatehouse-instances-'));
  instances = [];
  for (let i = 0; i < 2; i++) {
    const store = await PgSyncStore.open(url);
    const server = await createSyncServer({ store, adminToken: ADMIN });
    instances.push({ store, server, base: await server.app.listen({ port: 0, host: '127.0.0.1' }) });
  }
});
afterEach(async () => {
  for (const sync of syncs.splice(0)) await sync.stop();
  for (const station of stations.splice(0)) station.close();
  for (const { server, store } of instances) {
    await server.app.close();
    await store.close();
  }
  rmSync(dir, { recursive: true, force: true });
  await dropDatabase(url);
});

/** A station enrolled through `instance` and syncing with it: pushes on change, pulls only when nudged. */
async function stationOn(instance: Instance, siteId: string, role: 'kiosk' | 'desk') {
  const station = await startStation({ dataDir: path.join(dir, newId()) });
  stations.push(station);
  const { code } = (await adminCall(instance.base, ADMIN, '/admin/enrollment-codes', { siteId, role })) as {
    code: string;
  };
  const { credential } = await enrollStation(station.core, instance.base, code);
  const sync = startSync(station, { serverUrl: instance.base, credential, pollMs: 3_600_000 });
  syncs.push(sync);
  await until(() => sync.status().online, `${role} online on ${instance.base}`);
  return { station, sync, client: station.client(as('reception')) };
}

const visitCount = (station: Station) =>
  station.core.db.$client.prepare('SELECT count(*) FROM visits').pluck().get() as number;

describe('two sync server instances on one PostgreSQL database', () => {
  it('a station on instance 1 sees a visit registered at a station on instance 2, by the nudge', async () => {
    const [one, two] = instances as [Instance, Instance];
    const site = await siteWithDirectory(one.base, ADMIN, 'Harbour');
    const kiosk = await stationOn(one, site.id, 'kiosk');
    const desk = await stationOn(two, site.id, 'desk');
    expect(one.server.onlineStations()).toEqual([kiosk.station.core.stationId]);
    expect(two.server.onlineStations()).toEqual([desk.station.core.stationId]);
    expect(visitCount(kiosk.station)).toBe(0);

    const visit = await desk.client.visits.register({
      visitor: { name: 'Ada Lovelace' },
      hostId: site.hostId,
      visitorTypeId: site.typeId,
    });
    await until(() => visitCount(kiosk.station) === 1, 'the visit at the kiosk on the other instance');
    // And back: the kiosk's check-in, pushed to instance 1, reaches the desk on instance 2.
    await kiosk.client.visits.checkIn({ visitId: visit.id });
    const status = () =>
      desk.station.core.db.$client.prepare('SELECT status FROM visits WHERE id = ?').pluck().get(visit.id);
    await until(() => status() === 'checked_in', 'the check-in at the desk on the other instance');
  });

  it('a station revoked through instance 1 is disconnected from instance 2', async () => {
    const [one, two] = instances as [Instance, Instance];
    const site = await siteWithDirectory(one.base, ADMIN, 'Harbour');
    const desk = await stationOn(two, site.id, 'desk');
    await adminCall(one.base, ADMIN, `/admin/stations/${desk.station.core.stationId}/revoke`, {});
    await until(() => two.server.onlineStations().length === 0, 'the revoked desk off instance 2');
  });
});
