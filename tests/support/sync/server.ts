// A real sync server on loopback: a fresh SQLite store in a temp dir and the Fastify app listening on a
// free port. startSyncServer starts one (the notification tests build their world on it, tests/support/
// notify.ts); useSyncServer starts one before each test of a file and closes it, and the stations the test
// opened, after. adminCall calls its /admin routes.
import type { FastifyInstance } from 'fastify';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import type { Station } from '../../../src/main/station';
import { newId } from '../../../src/shared/ids';
import { foldForSearch } from '../../../src/shared/text';
import { rowOf, type EntityState } from '../../../src/shared/merge';
import { createSyncServer, type SyncServer, type SyncServerOptions } from '../../../src/server/app';
import { SqliteSyncStore } from '../../../src/server/sqlite-store';

export interface RunningSyncServer {
  /** The temp dir: the server's data is in `server/` below it; stations may use the rest. */
  dir: string;
  store: SqliteSyncStore;
  server: SyncServer;
  /** e.g. http://127.0.0.1:41234 */
  base: string;
  /** Closes the app and the store and removes the temp dir. */
  close(): Promise<void>;
}

export async function startSyncServer(
  name: string,
  options: Omit<SyncServerOptions, 'store'>,
): Promise<RunningSyncServer> {
  const dir = mkdtempSync(path.join(tmpdir(), `gatehouse-${name}-`));
  const store = SqliteSyncStore.open(path.join(dir, 'server'));
  const server = await createSyncServer({ ...options, store });
  const base = await server.app.listen({ port: 0, host: '127.0.0.1' });
  return {
    dir,
    store,
    server,
    base,
    async close() {
      await server.app.close();
      store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** POSTs to an /admin route of the server at `base`; throws with the status and body when refused. */
export async function adminCall(
  base: string,
  adminToken: string,
  route: string,
  body: unknown,
): Promise<Record<string, unknown>> {
  const response = await fetch(`${base}${route}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const json = (await response.json()) as Record<string, unknown>;
  if (!response.ok) throw new Error(`${route}: ${response.status} ${JSON.stringify(json)}`);
  return json;
}

export interface SyncServerUnderTest {
  /** The test's temp dir: the server's data is in `server/` below it; stations may use the rest. */
  dir: string;
  store: SqliteSyncStore;
  app: FastifyInstance;
  /** e.g. http://127.0.0.1:41234 */
  base: string;
  /** Stations to close after the test. */
  stations: Station[];
}

/** Starts a sync server before each test of the file and tears it down after. */
export function useSyncServer(name: string, adminToken: string): SyncServerUnderTest {
  const server = { stations: [] as Station[] } as SyncServerUnderTest;
  let running: RunningSyncServer;
  beforeEach(async () => {
    running = await startSyncServer(`sync-${name}`, { adminToken });
    Object.assign(server, {
      dir: running.dir,
      store: running.store,
      app: running.server.app,
      base: running.base,
    });
  });
  afterEach(async () => {
    for (const s of server.stations.splice(0)) await s.close();
    await running.close();
  });
  return server;
}

/** The row a station of the site would hold for an entity, from the server's merged state (undefined: none). */
export function serverRow(server: SyncServerUnderTest, kind: string, id: string) {
  const text = server.store.db.$client
    .prepare('SELECT state FROM entities WHERE kind = ? AND entity_id = ?')
    .pluck()
    .get(kind, id) as string | undefined;
  return text === undefined ? undefined : rowOf(JSON.parse(text) as EntityState);
}

/** A site created over the admin API with one host ("Host") and one visitor type, authored centrally. */
export async function siteWithDirectory(
  base: string,
  adminToken: string,
  name: string,
  timezone = 'Europe/London',
  siteId?: string,
): Promise<{ id: string; hostId: string; typeId: string }> {
  const admin = (route: string, body: unknown) => adminCall(base, adminToken, route, body);
  const { id } = (await admin('/admin/sites', { id: siteId, name, timezone })) as { id: string };
  const hostId = newId();
  const typeId = newId();
  const at = new Date().toISOString();
  await admin('/admin/ops', {
    ops: [
      {
        type: 'host.upsert',
        entityId: hostId,
        siteId: id,
        payload: { siteId: id, name: 'Host', searchName: foldForSearch('Host'), createdAt: at },
      },
      {
        type: 'visitorType.upsert',
        entityId: typeId,
        siteId: id,
        payload: { siteId: id, names: { en: 'Visitor' }, color: '#000', createdAt: at },
      },
    ],
  });
  return { id, hostId, typeId };
}
