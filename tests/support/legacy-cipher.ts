// The encryption of releases before AEGIS-256 (SQLCipher 4 with the raw key), for tests that make such a
// file and check what it became: the product's own code (src/node/sqlcipher.ts) only reads it.
import Database from 'better-sqlite3';

/** Keys a connection as the releases before AEGIS did: SQLCipher 4 with the raw key. */
export function sqlcipher4(sqlite: Database.Database, pragma: 'key' | 'rekey', key: Buffer): void {
  sqlite.pragma(`cipher = 'sqlcipher'`);
  sqlite.pragma('legacy = 4');
  sqlite.pragma(`${pragma} = "x'${key.toString('hex')}'"`);
}

/** Rewrites an AEGIS-256 file under the same key as SQLCipher 4, as an older release left it. */
export function asSqlcipher4(file: string, key: Buffer): void {
  const sqlite = new Database(file);
  try {
    sqlite.pragma(`cipher = 'aegis'`);
    sqlite.pragma(`algorithm = 'aegis-256'`);
    sqlite.pragma(`key = "x'${key.toString('hex')}'"`);
    sqlite.pragma('journal_mode = DELETE');
    sqlcipher4(sqlite, 'rekey', key);
  } finally {
    sqlite.close();
  }
}

/** Whether the file opens under the key with that SQLite3 Multiple Ciphers scheme. */
export function opensAs(file: string, key: Buffer, scheme: 'aegis' | 'sqlcipher'): boolean {
  const sqlite = new Database(file, { readonly: true });
  try {
    if (scheme === 'sqlcipher') sqlcipher4(sqlite, 'key', key);
    else {
      sqlite.pragma(`cipher = 'aegis'`);
      sqlite.pragma(`key = "x'${key.toString('hex')}'"`);
    }
    sqlite.prepare('SELECT count(*) FROM sqlite_master').get();
    return true;
  } catch (error) {
    if ((error as { code?: string }).code === 'SQLITE_NOTADB') return false;
    throw error;
  } finally {
    sqlite.close();
  }
}
