// Opens (creating if needed) a station database file: WAL for crash safety and concurrent readers,
// foreign keys on, a busy timeout so a second process waits instead of failing, and every checked-in
// migration applied before anything else touches it.
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { chmodSync, closeSync, existsSync, openSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as schema from './schema';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

export const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations', import.meta.url));

export interface OpenOptions {
  /** Where the migrations live (the packaged app ships them as a resource). */
  migrationsFolder?: string;
  /** The better-sqlite3 native binding to load (the Electron build uses one compiled for its ABI). */
  nativeBinding?: string;
}

/** Owner-only files: the database, its WAL and shared-memory files hold visitors' personal data. */
export const PRIVATE_FILE_MODE = 0o600;

/**
 * Creates a new database file owner-only before SQLite opens it (SQLite gives the WAL and shared-memory
 * files the database file's mode) and narrows an existing file set created before this rule.
 */
function keepPrivate(file: string): void {
  if (file === ':memory:' || file === '') return;
  if (!existsSync(file)) closeSync(openSync(file, 'a', PRIVATE_FILE_MODE));
  for (const suffix of ['', '-wal', '-shm'])
    if (existsSync(file + suffix)) chmodSync(file + suffix, PRIVATE_FILE_MODE);
}

export function openDatabase(file: string, options: OpenOptions = {}): Db {
  keepPrivate(file);
  const sqlite = new Database(file, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL'); // durable across process crashes in WAL mode
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const db = drizzle(sqlite, { schema });
  migrate(db, { migrationsFolder: options.migrationsFolder ?? MIGRATIONS_DIR });
  return db as Db;
}

/**
 * A second connection to an open station database, read-only at the SQLite level (SQLITE_OPEN_READONLY):
 * any INSERT, UPDATE, DELETE or write transaction on it fails with SQLITE_READONLY. In WAL mode it reads
 * the last committed state without blocking the writer. Open it after `openDatabase` has migrated the file.
 */
export function openReadOnly(file: string, options: OpenOptions = {}): Db {
  const sqlite = new Database(file, {
    readonly: true,
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
  });
  sqlite.pragma('busy_timeout = 5000');
  return drizzle(sqlite, { schema }) as Db;
}
