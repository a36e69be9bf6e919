// The one place the sync server chooses its storage: PostgreSQL when a database URL is given (the
// --database flag, GATEHOUSE_DATABASE_URL, or a config file's setting), else the embedded SQLite file in
// the data folder. Every command and the server itself open their store here; the PostgreSQL driver is
// loaded only when it is used.
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { ConsoleStore } from './console/store';
import type { PgSyncStore } from './pg-store';
import type { SqliteSyncStore } from './sqlite-store';
import type { SyncStore } from './store';

/** Where the server keeps its data: the data folder, and a PostgreSQL URL or null for embedded SQLite. */
export interface Storage {
  dataDir: string;
  database: string | null;
}

/**
 * Opens (and migrates) the store. PostgreSQL is connected before the data folder is made, so a wrong URL
 * or password leaves nothing behind; `existing` refuses an embedded folder where no server has run (a
 * mistyped --data-dir) instead of creating an empty database there.
 */
export async function openStore(storage: Storage, options: { existing?: boolean } = {}): Promise<SyncStore> {
  if (storage.database) {
    const { PgSyncStore } = await import('./pg-store');
    const store = await PgSyncStore.open(storage.database);
    mkdirSync(storage.dataDir, { recursive: true });
    return store;
  }
  const { SqliteSyncStore, SERVER_DATABASE_FILE } = await import('./sqlite-store');
  if (options.existing && !existsSync(path.join(storage.dataDir, SERVER_DATABASE_FILE)))
    throw new Error(`There is no sync server database in ${storage.dataDir}; give its --data-dir.`);
  mkdirSync(storage.dataDir, { recursive: true });
  return SqliteSyncStore.open(storage.dataDir);
}

/**
 * A store kept on the sync store's own database (console accounts, notifications, update feeds): made by
 * `sqlite` for the embedded store, by `pg` for PostgreSQL, whose modules are loaded only when used.
 */
export async function onSameDatabase<T>(
  store: SyncStore,
  what: string,
  sqlite: (store: SqliteSyncStore) => T | Promise<T>,
  pg: (store: PgSyncStore) => T | Promise<T>,
): Promise<T> {
  const { SqliteSyncStore } = await import('./sqlite-store');
  if (store instanceof SqliteSyncStore) return sqlite(store);
  const { PgSyncStore } = await import('./pg-store');
  if (store instanceof PgSyncStore) return pg(store);
  throw new Error(`${what} need the SQLite or the PostgreSQL store.`);
}

/** The console's administrators and sessions on the store's own database (src/server/console). */
export function consoleStoreOf(store: SyncStore): Promise<ConsoleStore> {
  return onSameDatabase<ConsoleStore>(
    store,
    'Console accounts',
    async (s) => new (await import('./console/store')).SqliteConsoleStore(s),
    async (s) => new (await import('./console/pg-console-store')).PgConsoleStore(s),
  );
}
