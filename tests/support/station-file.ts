// A station's database file as a test (or an attacker who also took the key) sees it: opened with the key
// derived from the station's data key, or decrypted page by page to look for what is left in its bytes.
import { createDecipheriv } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { openDatabase, openReadOnly, type Db } from '../../src/db/open';
import { databaseKeyFrom, fileVault } from '../../src/main/core/data-keys';
import { DATABASE_FILE } from '../../src/main/station';

/** The SQLCipher key of the station in that data folder (from keys/data.key or GATEHOUSE_DATA_KEY). */
export function stationDatabaseKey(dataDir: string): Buffer {
  const dataKey = fileVault(dataDir).read('data');
  if (!dataKey) throw new Error(`No data key in ${dataDir}.`);
  return databaseKeyFrom(dataKey);
}

/** The station database of a data folder, opened with its key (read-only unless asked). */
export function openStationFile(dataDir: string, options: { write?: boolean } = {}): Db {
  const file = path.join(dataDir, DATABASE_FILE);
  const key = stationDatabaseKey(dataDir);
  return options.write ? openDatabase(file, { key }) : openReadOnly(file, { key });
}

// SQLCipher 4 pages (what src/db/open.ts asks for): 4096 bytes, of which the last 80 are reserved (a 16-byte
// IV, then the HMAC); AES-256-CBC with the raw key over the rest, page 1 after its 16-byte salt. SQLite3
// Multiple Ciphers decrypts only the pages SQLite reads, never a freed page or an old WAL frame, so a test
// that looks for leftovers decrypts every page itself.
const PAGE = 4096;
const RESERVED = 80;
const SALT = 16;
const WAL_HEADER = 32;
const FRAME_HEADER = 24;

function decryptPage(page: Buffer, key: Buffer, first: boolean): Buffer {
  const end = PAGE - RESERVED;
  const decipher = createDecipheriv('aes-256-cbc', key, page.subarray(end, end + 16)).setAutoPadding(false);
  return Buffer.concat([decipher.update(page.subarray(first ? SALT : 0, end)), decipher.final()]);
}

/**
 * Every page of the station's database file and of its WAL (current and old frames), decrypted: what is
 * left in the bytes on disk for someone who holds the key as well.
 */
export function decryptedDatabaseBytes(dataDir: string): Buffer {
  const file = path.join(dataDir, DATABASE_FILE);
  const key = stationDatabaseKey(dataDir);
  const pages: Buffer[] = [];
  const main = readFileSync(file);
  for (let at = 0; at + PAGE <= main.length; at += PAGE)
    pages.push(decryptPage(main.subarray(at, at + PAGE), key, at === 0));
  if (existsSync(`${file}-wal`)) {
    const wal = readFileSync(`${file}-wal`);
    for (let at = WAL_HEADER; at + FRAME_HEADER + PAGE <= wal.length; at += FRAME_HEADER + PAGE) {
      const pageNumber = wal.readUInt32BE(at);
      pages.push(
        decryptPage(wal.subarray(at + FRAME_HEADER, at + FRAME_HEADER + PAGE), key, pageNumber === 1),
      );
    }
  }
  return Buffer.concat(pages);
}
