// A real sync server on loopback for one test at a time: a fresh SQLite store in a temp dir, the Fastify
// app listening on a free port, and every station a test opens closed afterwards.
import type { FastifyInstance } from 'fastify';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import type { Station } from '../../../src/main/station';
import { createSyncServer } from '../../../src/server/app';
import { SqliteSyncStore } from '../../../src/server/sqlite-store';

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
  beforeEach(async () => {
    server.dir = mkdtempSync(path.join(tmpdir(), `gatehouse-sync-${name}-`));
    server.store = SqliteSyncStore.open(path.join(server.dir, 'server'));
    ({ app: server.app } = await createSyncServer({ store: server.store, adminToken }));
    server.base = await server.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterEach(async () => {
    for (const s of server.stations.splice(0)) await s.close();
    await server.app.close();
    server.store.close();
    rmSync(server.dir, { recursive: true, force: true });
  });
  return server;
}
