// Opens (creating if needed) a station database file: encrypted (AEGIS-256) when given a key (issue
// #15), WAL for crash safety and concurrent readers, foreign keys on, a busy timeout so a second process
// waits instead of failing, and every checked-in migration applied before anything else touches it.
import type Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { fileURLToPath } from 'node:url';
import {
  connect,
  DatabaseKeyError,
  openPrivateDatabase,
  opensWith as opensWithKey,
  rekeyDatabase as rekey,
  encryptPlainDatabase as encryptPlain,
  upgradeCipher as upgrade,
  type CipherOptions,
} from '../node/sqlcipher';
import * as schema from './schema';
import { settingsRepo } from './repos/settings';

// The file-level work (keys, plain or encrypted, owner-only files, rewriting under a key) is shared with the
// sync server's store in src/node/sqlcipher.ts; this module adds the station's schema and migrations.
export { databaseState, DatabaseKeyError, encryptingFile, PRIVATE_FILE_MODE } from '../node/sqlcipher';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

export const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations', import.meta.url));

export interface OpenOptions {
  /** Where the migrations live (the packaged app ships them as a resource). */
  migrationsFolder?: string;
  /** The SQLite native binding to load (the Electron build uses one compiled for its ABI). */
  nativeBinding?: string;
}

export interface KeyedOpenOptions extends OpenOptions {
  /** The database key (32 bytes): the file is encrypted (AEGIS-256); without one it is plain SQLite. */
  key?: Buffer | undefined;
}

/** How the station names its key when the database does not open with it. */
export const STATION_KEY_NAME =
  "this station's data key (a different or lost keys/data.key or GATEHOUSE_DATA_KEY, or a damaged file)";

/** A station's database that does not open with its data key (or has none stored). */
export const stationKeyError = (file: string, cause: unknown) =>
  new DatabaseKeyError(file, STATION_KEY_NAME, cause);

const cipherOptions = (options: OpenOptions): CipherOptions => ({
  ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
  keyName: STATION_KEY_NAME,
});

/**
 * Runs `work` with a WAL checkpoint every `pages` pages and a page cache of `cacheKib` KiB on this
 * connection instead of their usual values, then restores both and checkpoints what is left without
 * waiting for readers.
 */
export async function bulkWrites<T>(
  db: Db,
  { pages, cacheKib }: { pages: number; cacheKib: number },
  work: () => Promise<T>,
): Promise<T> {
  const sqlite = db.$client;
  const before = sqlite.pragma('wal_autocheckpoint', { simple: true }) as number;
  const cache = sqlite.pragma('cache_size', { simple: true }) as number;
  sqlite.pragma(`wal_autocheckpoint = ${pages}`);
  sqlite.pragma(`cache_size = -${cacheKib}`);
  try {
    return await work();
  } finally {
    sqlite.pragma(`wal_autocheckpoint = ${before}`);
    sqlite.pragma(`cache_size = ${cache}`);
    sqlite.pragma('wal_checkpoint(PASSIVE)');
  }
}

/**
 * Set in a station file whose every freed byte was zeroed since it was made or last VACUUMed (secure_delete
 * on at every write): compacting it after anonymising needs no VACUUM (privacyRepo.compact).
 */
export const ZEROED_FREE_SPACE_KEY = 'privacy.zeroedFreeSpace';

export function openDatabase(file: string, options: KeyedOpenOptions = {}): Db {
  const sqlite = openPrivateDatabase(file, { ...cipherOptions(options), key: options.key });
  // Personal data a row loses (an edit, a deletion, anonymising) is zeroed in the file as it is written,
  // so no free page or free cell keeps it (issue #15): the nightly compaction then needs no VACUUM.
  sqlite.pragma('secure_delete = ON');
  const made = (sqlite.prepare('SELECT count(*) FROM sqlite_master').pluck().get() as number) === 0;
  const db = drizzle(sqlite, { schema });
  migrate(db, { migrationsFolder: options.migrationsFolder ?? MIGRATIONS_DIR });
  // A file made here has had secure_delete on from its first write; an older one is VACUUMed once first.
  if (made) settingsRepo.set(db as Db, 'station', ZEROED_FREE_SPACE_KEY, true, new Date().toISOString());
  return db as Db;
}

/**
 * A second connection to an open station database, read-only at the SQLite level (SQLITE_OPEN_READONLY):
 * any INSERT, UPDATE, DELETE or write transaction on it fails with SQLITE_READONLY. In WAL mode it reads
 * the last committed state without blocking the writer. Open it after `openDatabase` has migrated the file.
 */
export function openReadOnly(file: string, options: KeyedOpenOptions = {}): Db {
  const sqlite = connect(file, { ...cipherOptions(options), key: options.key }, true);
  return drizzle(sqlite, { schema }) as Db;
}

/** Whether the database file opens with this key. */
export const opensWith = (file: string, key: Buffer, options: OpenOptions = {}) =>
  opensWithKey(file, key, cipherOptions(options));

/** Rewrites the station database under another key, crash-safe (src/node/sqlcipher.ts: rekeyDatabase). */
export const rekeyDatabase = (
  file: string,
  from: Buffer | undefined,
  to: Buffer,
  options: OpenOptions = {},
) => rekey(file, from, to, cipherOptions(options));

/** Encrypts a plain station database at its first start with a key; null when it was not plain. */
export const encryptPlainDatabase = (file: string, key: Buffer, options: OpenOptions = {}) =>
  encryptPlain(file, key, cipherOptions(options));

/** Rewrites an SQLCipher 4 station database as AEGIS-256 (src/node/sqlcipher.ts: upgradeCipher). */
export const upgradeCipher = (file: string, key: Buffer, options: OpenOptions = {}) =>
  upgrade(file, key, cipherOptions(options));
