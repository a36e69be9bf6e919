// The one place the sync server chooses its storage: PostgreSQL when a database URL is given (the
// --database flag, GATEHOUSE_DATABASE_URL, or a config file's setting), else the embedded SQLite file in
// the data folder. Every command and the server itself open their store here; the PostgreSQL driver is
// loaded only when it is used.
import { existsSync, mkdirSync, readdirSync, rmdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { ConsoleStore } from './console/store';
import { SERVER_KEY_NAME, serverDatabaseKeyFrom, serverDataKey } from './data-key';
import type { PgSyncStore } from './pg-store';
import type { SqliteSyncStore } from './sqlite-store';
import type { SyncStore } from './store';

/** Where the server keeps its data: the data folder, and a PostgreSQL URL or null for embedded SQLite. */
export interface Storage {
  dataDir: string;
  database: string | null;
}

export interface OpenStoreOptions {
  /** Refuse an embedded folder where no server has run (a mistyped --data-dir). */
  existing?: boolean;
  /**
   * Encrypt a plain embedded file an older release wrote (the server's start does; the other commands read
   * it as it is, since a server may have it open, and migrate-to leaves its source as it was).
   */
  encryptPlain?: boolean;
  /** The environment holding GATEHOUSE_SERVER_DATA_KEY (default: this process's). */
  env?: NodeJS.ProcessEnv;
  now?: () => Date;
}

/**
 * Opens (and migrates) the store. PostgreSQL is connected before the data folder is made, so a wrong URL
 * or password leaves nothing behind; `existing` refuses an embedded folder where no server has run (a
 * mistyped --data-dir) instead of creating an empty database there. The embedded file is encrypted
 * (src/server/data-key.ts): a new one from the start; a plain one an older release wrote at the server's
 * start (`encryptPlain`), crash-safe, audited as `store.encrypt`; an SQLCipher 4 one rewritten as AEGIS-256,
 * audited as `store.cipher`; an encrypted one with no key, or a key
 * that does not open it, is refused with nothing changed and no new key made.
 */
export async function openStore(storage: Storage, options: OpenStoreOptions = {}): Promise<SyncStore> {
  if (storage.database) {
    const { PgSyncStore } = await import('./pg-store');
    const store = await PgSyncStore.open(storage.database);
    mkdirSync(storage.dataDir, { recursive: true });
    return store;
  }
  const [
    { SqliteSyncStore, SERVER_DATABASE_FILE, missingKeyError },
    { databaseState, encryptPlainDatabase, upgradeCipher },
  ] = await Promise.all([import('./sqlite-store'), import('../node/sqlcipher')]);
  const file = path.join(storage.dataDir, SERVER_DATABASE_FILE);
  if (options.existing && !existsSync(file))
    throw new Error(`There is no sync server database in ${storage.dataDir}; give its --data-dir.`);
  const state = databaseState(file);
  if (state === 'plain' && !options.encryptPlain) return SqliteSyncStore.open(storage.dataDir);
  const dataKey = serverDataKey(storage.dataDir, { create: state !== 'encrypted', env: options.env });
  if (!dataKey) throw missingKeyError(file);
  const key = serverDatabaseKeyFrom(dataKey.key);
  let encrypted: { bytes: number } | null;
  try {
    encrypted = encryptPlainDatabase(file, key, { keyName: SERVER_KEY_NAME });
  } catch (error) {
    // Refused (another process has it open) or failed: the file is still plain, so the key made for it goes.
    if (dataKey.created && databaseState(file) === 'plain') {
      rmSync(dataKey.created, { force: true });
      if (readdirSync(path.dirname(dataKey.created)).length === 0) rmdirSync(path.dirname(dataKey.created));
    }
    throw error;
  }
  const upgraded = upgradeCipher(file, key, { keyName: SERVER_KEY_NAME });
  const store = SqliteSyncStore.open(storage.dataDir, { key });
  const at = (options.now ?? (() => new Date()))().toISOString();
  if (encrypted)
    await store.appendAdminAudit({ at, action: 'store.encrypt', details: { bytes: encrypted.bytes } });
  if (upgraded) await store.appendAdminAudit({ at, action: 'store.cipher', details: upgraded });
  return store;
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
