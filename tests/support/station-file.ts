// A station's database file as a test (or an attacker who also took the key) sees it: opened with the key
// derived from the station's data key, or decrypted page by page to look for what is left in its bytes.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import sodium from 'libsodium-wrappers';
import { openDatabase, openReadOnly, type Db } from '../../src/db/open';
import { databaseKeyFrom, fileVault } from '../../src/main/core/data-keys';
import { DATABASE_FILE } from '../../src/main/station';

/** The database key of the station in that data folder (from keys/data.key or GATEHOUSE_DATA_KEY). */
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

// The pages of SQLite3 Multiple Ciphers' `aegis` scheme (src/node/sqlcipher.ts, its src/cipher_aegis.c):
// the page size is in the file's header (bytes 16..24 of page 1 are left plain); the last 64 bytes of a page
// are the AEGIS-256 tag (32 bytes), then the page's random nonce (32). The raw database key is the AEGIS key
// as it is (no key derivation); each page has a one-time key and nonce: the first 64 bytes of the AEGIS-256
// keystream under the database key and the page's nonce, the last 4 replaced by the page number
// (big-endian), the key being the first 32. The rest of the page is encrypted with those and no associated
// data, page 1 from byte 24, its first 16 bytes the file's salt. SQLite3MC decrypts only the pages SQLite
// reads, never a freed page or an old WAL frame, so a test that looks for leftovers decrypts every page
// itself, each tag checked: a page that does not decrypt fails the test rather than pass it as noise.
const RESERVED = 64;
const TAG = 32;
const PAGE1_PLAIN = 24;
const PLAIN_HEADER = Buffer.from('SQLite format 3\0', 'latin1');
const WAL_HEADER = 32;
const FRAME_HEADER = 24;

// AEGIS-256 from libsodium (by the cipher's own author), not a cipher of our own: a test that looks for
// leftovers must trust its decryption.
await sodium.ready;

function decryptPage(page: Buffer, key: Buffer, pageNumber: number): Buffer {
  const end = page.length - RESERVED;
  // AEGIS-256 of 64 zero bytes is its keystream.
  const pageKey = Buffer.from(
    sodium.crypto_aead_aegis256_encrypt_detached(
      new Uint8Array(64),
      null,
      null,
      page.subarray(end + TAG),
      key,
    ).ciphertext,
  );
  pageKey.writeUInt32BE(pageNumber, 60);
  const from = pageNumber === 1 ? PAGE1_PLAIN : 0;
  const tag = page.subarray(end, end + TAG);
  let plain: Buffer;
  try {
    plain = Buffer.from(
      sodium.crypto_aead_aegis256_decrypt_detached(
        null,
        page.subarray(from, end),
        tag,
        null,
        pageKey.subarray(32),
        pageKey.subarray(0, 32),
      ),
    );
  } catch (error) {
    throw new Error(`Page ${pageNumber} does not decrypt as an aegis page with this key.`, { cause: error });
  }
  return from ? Buffer.concat([PLAIN_HEADER, page.subarray(16, from), plain]) : plain;
}

/**
 * Every page of the station's database file and of its WAL (current and old frames), decrypted: what is
 * left in the bytes on disk for someone who holds the key as well.
 */
export function decryptedDatabaseBytes(dataDir: string): Buffer {
  const file = path.join(dataDir, DATABASE_FILE);
  const key = stationDatabaseKey(dataDir);
  const main = readFileSync(file);
  const pageSize = main.readUInt16BE(16) === 1 ? 65536 : main.readUInt16BE(16);
  if (main[20] !== RESERVED)
    throw new Error(`${file} is not an aegis database (${main[20]} bytes reserved).`);
  const pages: Buffer[] = [];
  for (let at = 0; at + pageSize <= main.length; at += pageSize)
    pages.push(decryptPage(main.subarray(at, at + pageSize), key, at / pageSize + 1));
  if (existsSync(`${file}-wal`)) {
    const wal = readFileSync(`${file}-wal`);
    for (let at = WAL_HEADER; at + FRAME_HEADER + pageSize <= wal.length; at += FRAME_HEADER + pageSize)
      pages.push(
        decryptPage(wal.subarray(at + FRAME_HEADER, at + FRAME_HEADER + pageSize), key, wal.readUInt32BE(at)),
      );
  }
  return Buffer.concat(pages);
}
