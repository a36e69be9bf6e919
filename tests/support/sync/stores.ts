// The sync server's storage backends, for tests that run the same checks against each
// (`describe.each(STORE_BACKENDS)`): the embedded SQLite store in a temp folder, and the PostgreSQL store
// in a fresh database of the run's throwaway cluster (../postgres.ts).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PgSyncStore } from '../../../src/server/pg-store';
import { SqliteSyncStore } from '../../../src/server/sqlite-store';
import type { SyncStore } from '../../../src/server/store';
import { dropDatabase, freshDatabase } from '../postgres';

export interface OpenedStore {
  store: SyncStore;
  /** Another store on the same data, as a second server instance would open it (PostgreSQL only). */
  another?: () => Promise<SyncStore>;
  /** Closes the store(s) and removes the data. */
  close(): Promise<void>;
}

export interface StoreBackend {
  name: 'sqlite' | 'postgres';
  open(): Promise<OpenedStore>;
}

export const sqliteBackend: StoreBackend = {
  name: 'sqlite',
  async open() {
    const dir = mkdtempSync(path.join(tmpdir(), 'gatehouse-store-'));
    const store = SqliteSyncStore.open(dir);
    return {
      store,
      async close() {
        store.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
};

export const postgresBackend: StoreBackend = {
  name: 'postgres',
  async open() {
    const url = await freshDatabase();
    const opened: PgSyncStore[] = [await PgSyncStore.open(url)];
    return {
      store: opened[0]!,
      async another() {
        const store = await PgSyncStore.open(url);
        opened.push(store);
        return store;
      },
      async close() {
        await Promise.all(opened.map((s) => s.close()));
        await dropDatabase(url);
      },
    };
  },
};

export const STORE_BACKENDS: StoreBackend[] = [sqliteBackend, postgresBackend];
