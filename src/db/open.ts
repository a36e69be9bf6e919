// Opens (creating if needed) a station database file: encrypted with SQLCipher when given a key (issue
// #15), WAL for crash safety and concurrent readers, foreign keys on, a busy timeout so a second process
// waits instead of failing, and every checked-in migration applied before anything else touches it.
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import {
  chmodSync,
  closeSync,
  copyFileSync,
  existsSync,
  fsyncSync,
  openSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as schema from './schema';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

export const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations', import.meta.url));

export interface OpenOptions {
  /** Where the migrations live (the packaged app ships them as a resource). */
  migrationsFolder?: string;
  /** The SQLite native binding to load (the Electron build uses one compiled for its ABI). */
  nativeBinding?: string;
}

export interface KeyedOpenOptions extends OpenOptions {
  /** The database key (32 bytes): the file is SQLCipher 4; without one it is a plain SQLite file. */
  key?: Buffer | undefined;
}

/** Owner-only files: the database, its WAL and shared-memory files hold visitors' personal data. */
export const PRIVATE_FILE_MODE = 0o600;

/** The first 16 bytes of every plain SQLite file; an SQLCipher file starts with its random salt instead. */
const PLAIN_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

/** What a database file is on disk: not there (or empty: a new file), a plain SQLite file, or encrypted. */
export function databaseState(file: string): 'new' | 'plain' | 'encrypted' {
  if (!existsSync(file)) return 'new';
  const head = Buffer.alloc(PLAIN_HEADER.length);
  const fd = openSync(file, 'r');
  try {
    const read = readSync(fd, head, 0, head.length, 0);
    if (read === 0) return 'new';
    return read === head.length && head.equals(PLAIN_HEADER) ? 'plain' : 'encrypted';
  } finally {
    closeSync(fd);
  }
}

/** The database does not open with the key given: a wrong or lost key, or a file that is not a database. */
export class DatabaseKeyError extends Error {
  constructor(file: string, cause: unknown) {
    super(
      `The database ${file} does not open with this station's data key (a different or lost keys/data.key or GATEHOUSE_DATA_KEY, or a damaged file). Nothing was changed: restore the key that belongs to this data folder from its backup.`,
      { cause },
    );
    this.name = 'DatabaseKeyError';
  }
}

/**
 * SQLCipher 4 (SQLite3 Multiple Ciphers' `sqlcipher` scheme, legacy=4: AES-256-CBC, HMAC-SHA512 per page)
 * with a raw 32-byte key, so no PBKDF2 runs at each open: the key is already random and derived (HKDF).
 */
function cipherPragmas(sqlite: Database.Database, pragma: 'key' | 'rekey', key: Buffer): void {
  if (key.length !== 32) throw new Error('A database key is 32 bytes.');
  sqlite.pragma(`cipher = 'sqlcipher'`);
  sqlite.pragma('legacy = 4');
  sqlite.pragma(`${pragma} = "x'${key.toString('hex')}'"`);
}

const CACHE_KIB = 32 * 1024;

function connect(file: string, options: KeyedOpenOptions, readonly = false): Database.Database {
  const sqlite = new Database(file, {
    ...(readonly ? { readonly: true } : {}),
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
  });
  sqlite.pragma('busy_timeout = 5000'); // a second process waits instead of failing
  if (options.key) {
    cipherPragmas(sqlite, 'key', options.key);
    try {
      // The key is only checked when a page is read: read one now, so a wrong key fails here, plainly.
      sqlite.prepare('SELECT count(*) FROM sqlite_master').get();
    } catch (error) {
      sqlite.close();
      if ((error as { code?: string }).code === 'SQLITE_NOTADB') throw new DatabaseKeyError(file, error);
      throw error;
    }
  }
  // 32 MiB of pages per connection (SQLite's default is 2 MB): an encrypted page is decrypted and its HMAC
  // checked on every read that misses this cache, where a plain file is served from the OS's own cache.
  // Set after the key: this pragma reads the schema.
  sqlite.pragma(`cache_size = -${CACHE_KIB}`);
  return sqlite;
}

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

/**
 * Runs `work` with a WAL checkpoint every `pages` pages on this connection instead of SQLite's default,
 * then restores the setting and checkpoints what is left without waiting for readers.
 */
export async function checkpointEvery<T>(db: Db, pages: number, work: () => Promise<T>): Promise<T> {
  const sqlite = db.$client;
  const before = sqlite.pragma('wal_autocheckpoint', { simple: true }) as number;
  sqlite.pragma(`wal_autocheckpoint = ${pages}`);
  try {
    return await work();
  } finally {
    sqlite.pragma(`wal_autocheckpoint = ${before}`);
    sqlite.pragma('wal_checkpoint(PASSIVE)');
  }
}

export function openDatabase(file: string, options: KeyedOpenOptions = {}): Db {
  if (options.key && databaseState(file) === 'plain')
    throw new Error(`${file} is not encrypted yet: encryptPlainDatabase first.`);
  keepPrivate(file);
  const sqlite = connect(file, options);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL'); // durable across process crashes in WAL mode
  sqlite.pragma('foreign_keys = ON');
  const db = drizzle(sqlite, { schema });
  migrate(db, { migrationsFolder: options.migrationsFolder ?? MIGRATIONS_DIR });
  return db as Db;
}

/**
 * A second connection to an open station database, read-only at the SQLite level (SQLITE_OPEN_READONLY):
 * any INSERT, UPDATE, DELETE or write transaction on it fails with SQLITE_READONLY. In WAL mode it reads
 * the last committed state without blocking the writer. Open it after `openDatabase` has migrated the file.
 */
export function openReadOnly(file: string, options: KeyedOpenOptions = {}): Db {
  const sqlite = connect(file, options, true);
  return drizzle(sqlite, { schema }) as Db;
}

/** Where a database is rewritten under a new key before it is renamed over the file; a leftover is redone. */
export const encryptingFile = (file: string) => `${file}.encrypting`;

function fsyncPath(target: string): void {
  const fd = openSync(target, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Whether the database file opens with this key. */
export function opensWith(file: string, key: Buffer, options: OpenOptions = {}): boolean {
  try {
    connect(file, { ...options, key }, true).close();
    return true;
  } catch (error) {
    if (error instanceof DatabaseKeyError) return false;
    throw error;
  }
}

/**
 * Rewrites a database under another key (`from` undefined: a plain file), crash-safe: the file is never
 * changed in place. Its WAL is folded into it (journal DELETE), it is copied beside itself, the copy is
 * rekeyed (SQLite3 Multiple Ciphers cannot rekey a WAL database, and has no sqlcipher_export), synced, and
 * renamed over the original. A kill at any moment leaves the original, whole, with perhaps a half-made
 * copy that the next run deletes and makes again, or the rewritten file. Needs the space of one copy.
 */
export function rekeyDatabase(
  file: string,
  from: Buffer | undefined,
  to: Buffer,
  options: OpenOptions = {},
): { bytes: number } {
  const copy = encryptingFile(file);
  for (const suffix of ['', '-journal']) rmSync(copy + suffix, { force: true });
  const original = connect(file, { ...options, key: from });
  original.pragma('journal_mode = DELETE'); // checkpoints the WAL into the file and removes it
  original.close();
  for (const suffix of ['-wal', '-shm']) rmSync(file + suffix, { force: true }); // empty once folded in

  copyFileSync(file, copy);
  chmodSync(copy, PRIVATE_FILE_MODE);
  const target = connect(copy, { ...options, key: from });
  try {
    cipherPragmas(target, 'rekey', to);
  } finally {
    target.close();
  }
  fsyncPath(copy);
  renameSync(copy, file);
  fsyncPath(path.dirname(file)); // the rename itself survives a power cut
  return { bytes: statSync(file).size };
}

/**
 * Encrypts a plain database file (one an older release wrote) with the key through rekeyDatabase, after
 * removing what a crashed run left. Returns the size of the file encrypted, or null when it was not plain.
 */
export function encryptPlainDatabase(
  file: string,
  key: Buffer,
  options: OpenOptions = {},
): { bytes: number } | null {
  for (const suffix of ['', '-journal']) rmSync(encryptingFile(file) + suffix, { force: true });
  if (databaseState(file) !== 'plain') return null;
  return rekeyDatabase(file, undefined, key, options);
}
