// SQLite files encrypted at rest (issue #15), for the station database (src/db/open.ts) and the sync
// server's embedded store (src/server/sqlite-store.ts): the one place that keys a connection, tells a plain
// file from an encrypted one, keeps the files owner-only, and rewrites a file under another key crash-safe
// (a plain file an older release wrote, an SQLCipher 4 file one wrote, or a key rotation). The binding is
// better-sqlite3-multiple-ciphers (SQLite3 Multiple Ciphers), aliased as better-sqlite3 (package.json).
import Database from 'better-sqlite3';
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

export interface CipherOptions {
  /** The SQLite native binding to load (the Electron build uses one compiled for its ABI). */
  nativeBinding?: string;
  /** How a wrong key is named in the error, e.g. "this station's data key (keys/data.key …)". */
  keyName?: string;
}

export interface CipherOpenOptions extends CipherOptions {
  /** The database key (32 bytes): the file is encrypted (AEGIS-256); without one it is plain SQLite. */
  key?: Buffer | undefined;
}

/** Owner-only files: the database, its WAL and shared-memory files hold people's personal data. */
export const PRIVATE_FILE_MODE = 0o600;

/** The first 16 bytes of every plain SQLite file; an encrypted file starts with a random salt instead. */
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
  constructor(file: string, keyName: string, cause: unknown) {
    super(
      `The database ${file} does not open with ${keyName}. Nothing was changed: restore the key that belongs to this data folder from its backup.`,
      { cause },
    );
    this.name = 'DatabaseKeyError';
  }
}

/** Another process has the file open: it was not rewritten (rekeyDatabase), nothing was changed. */
export class DatabaseInUseError extends Error {
  constructor(file: string) {
    super(
      `${file} is open in another process (a server or station still running on this data folder). Nothing was changed: stop it, then start again.`,
    );
    this.name = 'DatabaseInUseError';
  }
}

/**
 * The encryption schemes of SQLite3 Multiple Ciphers a keyed file is opened with, in this order:
 * - `aegis`: AEGIS-256, what every file is written with: one authenticated-encryption pass per page, with
 *   a random 32-byte nonce and a 32-byte tag in the page's last 64 bytes, under a one-time key per page
 *   (the AEGIS keystream of the database key, that nonce and the page number). About 1.1× a plain page
 *   read where SQLCipher's is 2.3× (bench/README.md).
 * - `sqlcipher`: SQLCipher 4 (legacy=4: AES-256-CBC, HMAC-SHA512 per page), what releases before it wrote:
 *   still opened, and rewritten as `aegis` by the writer's open (openPrivateDatabase).
 */
export const SCHEMES = ['aegis', 'sqlcipher'] as const;
export type Scheme = (typeof SCHEMES)[number];

/**
 * Keys the connection with a raw 32-byte key (`x'…'`), so no key derivation runs at each open (Argon2 for
 * `aegis`, PBKDF2 for `sqlcipher`): the key is already random and derived (HKDF). The AEGIS variant is
 * named, not left to the library's default: the file does not record it.
 */
function cipherPragmas(
  sqlite: Database.Database,
  pragma: 'key' | 'rekey',
  key: Buffer,
  scheme: Scheme,
): void {
  if (key.length !== 32) throw new Error('A database key is 32 bytes.');
  sqlite.pragma(`cipher = '${scheme}'`);
  if (scheme === 'aegis') sqlite.pragma(`algorithm = 'aegis-256'`);
  else sqlite.pragma('legacy = 4');
  sqlite.pragma(`${pragma} = "x'${key.toString('hex')}'"`);
}

const CACHE_KIB = 32 * 1024;

/**
 * A connection to the file, keyed when a key is given with the first scheme it opens with (a new file is
 * `aegis`), and which scheme that was (null: plain). A key that opens it with none fails here, as a
 * DatabaseKeyError.
 */
function keyedConnection(
  file: string,
  options: CipherOpenOptions,
  readonly: boolean,
): { sqlite: Database.Database; scheme: Scheme | null } {
  const open = () => {
    const sqlite = new Database(file, {
      ...(readonly ? { readonly: true } : {}),
      ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
    });
    sqlite.pragma('busy_timeout = 5000'); // a second process waits instead of failing
    return sqlite;
  };
  // 32 MiB of pages per connection (SQLite's default is 2 MB): an encrypted page is decrypted and its tag
  // checked on every read that misses this cache, where a plain file is served from the OS's own cache.
  // Set after the key: this pragma reads the schema.
  const cached = (sqlite: Database.Database) => sqlite.pragma(`cache_size = -${CACHE_KIB}`);
  if (!options.key) {
    const sqlite = open();
    cached(sqlite);
    return { sqlite, scheme: null };
  }
  let wrongKey: unknown;
  for (const scheme of SCHEMES) {
    const sqlite = open();
    try {
      cipherPragmas(sqlite, 'key', options.key, scheme);
      // The key is only checked when a page is read: read one now, so a wrong key fails here, plainly.
      sqlite.prepare('SELECT count(*) FROM sqlite_master').get();
    } catch (error) {
      sqlite.close();
      if ((error as { code?: string }).code !== 'SQLITE_NOTADB') throw error;
      wrongKey ??= error;
      continue;
    }
    cached(sqlite);
    return { sqlite, scheme };
  }
  throw new DatabaseKeyError(file, options.keyName ?? 'the key given', wrongKey);
}

/** A connection to the file, keyed when a key is given (a wrong key fails here, as a DatabaseKeyError). */
export function connect(file: string, options: CipherOpenOptions, readonly = false): Database.Database {
  return keyedConnection(file, options, readonly).sqlite;
}

/**
 * Creates a new database file owner-only before SQLite opens it (SQLite gives the WAL and shared-memory
 * files the database file's mode) and narrows an existing file set created before this rule.
 */
export function keepPrivate(file: string): void {
  if (file === ':memory:' || file === '') return;
  if (!existsSync(file)) closeSync(openSync(file, 'a', PRIVATE_FILE_MODE));
  for (const suffix of ['', '-wal', '-shm'])
    if (existsSync(file + suffix)) chmodSync(file + suffix, PRIVATE_FILE_MODE);
}

/**
 * The writer's connection: owner-only files, keyed when a key is given, WAL for crash safety and
 * concurrent readers, foreign keys on. A plain file given a key is refused: encrypt it first. An SQLCipher
 * 4 file (an older release's) opens as it is: upgradeCipher rewrites it, at the start of its writer.
 */
export function openPrivateDatabase(file: string, options: CipherOpenOptions = {}): Database.Database {
  if (options.key && databaseState(file) === 'plain')
    throw new Error(`${file} is not encrypted yet: encryptPlainDatabase first.`);
  keepPrivate(file);
  const sqlite = connect(file, options);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL'); // durable across process crashes in WAL mode
  sqlite.pragma('foreign_keys = ON');
  return sqlite;
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
export function opensWith(file: string, key: Buffer, options: CipherOptions = {}): boolean {
  try {
    connect(file, { ...options, key }, true).close();
    return true;
  } catch (error) {
    if (error instanceof DatabaseKeyError) return false;
    throw error;
  }
}

/**
 * Rewrites a database under another key (`from` undefined: a plain file), as `aegis` whatever scheme it
 * was in, crash-safe: the file is never changed in place. Its WAL is folded into it (journal DELETE), it
 * is copied beside itself, the copy is rekeyed (SQLite3 Multiple Ciphers cannot rekey a WAL database, and
 * has no sqlcipher_export; it rekeys a copy opened with one cipher under the cipher set before the rekey),
 * synced, and renamed over the original. A kill at any moment leaves the original, whole, with perhaps a
 * half-made copy that the next run deletes and makes again, or the rewritten file. Needs the space of one
 * copy. Another process having the file open: a DatabaseInUseError, nothing changed.
 */
export function rekeyDatabase(
  file: string,
  from: Buffer | undefined,
  to: Buffer,
  options: CipherOptions = {},
): { bytes: number } {
  const copy = encryptingFile(file);
  for (const suffix of ['', '-journal']) rmSync(copy + suffix, { force: true });
  const original = connect(file, { ...options, key: from });
  let mode: unknown;
  try {
    mode = original.pragma('journal_mode = DELETE', { simple: true }); // folds the WAL in and removes it
  } catch (error) {
    if ((error as { code?: string }).code !== 'SQLITE_BUSY') throw error;
  } finally {
    original.close();
  }
  // Another process has it open (SQLite refuses to leave WAL then): rewriting it under that process
  // would lose what it writes next. Its WAL and the file are untouched so far.
  if (mode !== 'delete') throw new DatabaseInUseError(file);
  for (const suffix of ['-wal', '-shm']) rmSync(file + suffix, { force: true }); // empty once folded in

  copyFileSync(file, copy);
  chmodSync(copy, PRIVATE_FILE_MODE);
  const target = connect(copy, { ...options, key: from });
  try {
    cipherPragmas(target, 'rekey', to, SCHEMES[0]);
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
  options: CipherOptions = {},
): { bytes: number } | null {
  for (const suffix of ['', '-journal']) rmSync(encryptingFile(file) + suffix, { force: true });
  if (databaseState(file) !== 'plain') return null;
  return rekeyDatabase(file, undefined, key, options);
}

/**
 * Rewrites an SQLCipher 4 file (what releases before AEGIS-256 wrote) as `aegis` under the same key,
 * crash-safe (rekeyDatabase), and says so for the audit; null when it is not SQLCipher 4, or while another
 * process has it open (it is then left as it is, and the next start rewrites it).
 */
export function upgradeCipher(
  file: string,
  key: Buffer,
  options: CipherOptions = {},
): { from: Scheme; to: Scheme; bytes: number } | null {
  if (databaseState(file) !== 'encrypted') return null;
  const { sqlite, scheme } = keyedConnection(file, { ...options, key }, false);
  sqlite.close();
  if (scheme === null || scheme === SCHEMES[0]) return null;
  try {
    return { from: scheme, to: SCHEMES[0], ...rekeyDatabase(file, key, key, options) };
  } catch (error) {
    if (error instanceof DatabaseInUseError) return null;
    throw error;
  }
}
