// Issue #15 item 5: an ID document number cannot be recovered from a copy of the station database. The
// attacker here has the database file (and its WAL) but not the key file: they know the number's format
// and its last 2 characters and try every candidate against everything the copy holds. They fail; with
// the key file the same enumeration finds the number at once (so the attack is real).
import { createHash, createHmac } from 'node:crypto';
import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { staffRepo } from '../../src/db/repos/directory';
import { DEMO_SITE } from '../../src/main/demo';
import { DATABASE_FILE } from '../../src/main/station';
import { KEYS_DIR, hmacIdNumber } from '../../src/main/core/data-keys';
import { idNumberDigest } from '../../src/main/screening/id-numbers';
import { SyncService } from '../../src/server/service';
import { SqliteSyncStore } from '../../src/server/sqlite-store';
import { as, tempStation, type TestStation } from '../support/station';
import { stationDatabaseKey } from '../support/station-file';
import { openReadOnly } from '../../src/db/open';

const PASSPORT = 'L898902C3';
const LISTED_ID = 'X7654321';
const TINY_PNG =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
const ALPHANUMERIC = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

let station: TestStation;
beforeEach(async () => {
  station = await tempStation({ preset: { kind: 'kiosk' } });
});
afterEach(() => station.dispose());

const admin = () => as('admin', staffRepo.findByLogin(station.core.db, DEMO_SITE.id, 'admin')!.id);

async function checkIn(name: string, idNumber: string) {
  const kiosk = station.client(as('visitor'));
  const contractor = (await kiosk.visitorTypes.list()).types.find((t) => t.names.en === 'Contractor')!;
  const { documents } = await kiosk.kiosk.documents({ visitorTypeId: contractor.id, language: 'en' });
  return kiosk.kiosk.checkIn({
    visitorTypeId: contractor.id,
    language: 'en',
    visitor: { name },
    hostId: (await kiosk.kiosk.findHosts({ query: 'Ana Ruiz' })).hosts[0]!.id,
    customFields: { work_permit: 'WP-12' },
    signatures: documents.map((d) => ({ documentId: d.id, typedName: name })),
    photo: TINY_PNG,
    idDocumentKind: 'passport',
    idDocumentNumber: idNumber,
    idDocumentPhoto: TINY_PNG,
  });
}

/** The station's database and WAL as an attacker copies them, with the data key but not the ID-number key. */
function stolenCopy(): Database.Database {
  const from = path.join(station.dataDir, DATABASE_FILE);
  const to = path.join(station.dataDir, 'stolen.sqlite');
  copyFileSync(from, to);
  if (existsSync(`${from}-wal`)) copyFileSync(`${from}-wal`, `${to}-wal`);
  // The database is encrypted too (SQLCipher): this attacker also took keys/data.key, not the ID-number key.
  return openReadOnly(to, { key: stationDatabaseKey(station.dataDir) }).$client;
}

/** Every text or blob value the copy holds, as candidate keys: raw, and decoded from base64 and hex. */
function everySecretIn(copy: Database.Database): Buffer[] {
  const keys: Buffer[] = [];
  const tables = copy
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '%fts%'")
    .pluck()
    .all() as string[];
  for (const table of tables)
    for (const row of copy.prepare(`SELECT * FROM "${table}"`).raw().all() as unknown[][])
      for (const cell of row) {
        if (Buffer.isBuffer(cell) && cell.length >= 16 && cell.length <= 256) keys.push(cell);
        if (typeof cell !== 'string' || cell.length < 16 || cell.length > 200) continue;
        keys.push(Buffer.from(cell));
        if (/^[A-Za-z0-9+/_=-]+$/.test(cell)) keys.push(Buffer.from(cell, 'base64'));
        if (/^[0-9a-f]+$/i.test(cell)) keys.push(Buffer.from(cell, 'hex'));
      }
  return keys;
}

/** Every number of the passport's format ending in the 2 characters kept in clear (1,296 of them). */
function candidates(last2: string): string[] {
  const list: string[] = [];
  for (const a of ALPHANUMERIC) for (const b of ALPHANUMERIC) list.push(`L8989${a}${b}${last2}`);
  return list;
}

function enumerate(digest: string, keys: Buffer[], siteId: string, last2: string): string | null {
  const hex = digest.replace(/^hmac1:/, '');
  for (const candidate of candidates(last2)) {
    const plain = [candidate, `${siteId}:${candidate}`];
    if (plain.some((p) => createHash('sha256').update(p).digest('hex') === hex)) return candidate;
    for (const key of keys)
      if (createHmac('sha256', key).update(candidate).digest('hex') === hex) return candidate;
  }
  return null;
}

describe('ID numbers: a copy of the database alone gives no way back to the number', () => {
  it('refuses enumeration of a passport number from a stolen database and WAL; the key file finds it', async () => {
    await checkIn('Anna Maria Eriksson', PASSPORT);
    const copy = stolenCopy();
    const [details] = copy
      .prepare("SELECT details FROM audit_entries WHERE action = 'kiosk.checkIn' AND outcome = 'ok'")
      .pluck()
      .all() as string[];
    const kept = (JSON.parse(details!) as { idDocument: Record<string, string> }).idDocument;
    // Fewer characters in clear: the last 2 only, and a keyed digest.
    expect(Object.keys(kept).sort()).toEqual(['digest', 'kind', 'last2', 'photoPath']);
    expect(kept.last2).toBe('C3');
    expect(kept.digest).toMatch(/^hmac1:[0-9a-f]{64}$/);

    const keysInCopy = everySecretIn(copy);
    expect(keysInCopy.length).toBeGreaterThan(100); // the attacker really tried the copy's contents
    expect(enumerate(kept.digest!, keysInCopy, DEMO_SITE.id, 'C3')).toBeNull();
    copy.close();

    // The same enumeration with the key file (kept outside the database) finds it: the attack is real.
    const keyFile = path.join(station.dataDir, KEYS_DIR, 'id-number.key');
    const key = Buffer.from(readFileSync(keyFile, 'utf8'), 'base64');
    expect(enumerate(kept.digest!, [key], DEMO_SITE.id, 'C3')).toBe(PASSPORT);
  });

  it('keeps a watchlist ID number only as its digest, and still screens a visitor by it', async () => {
    const entry = await station.client(admin()).watchlist.add({
      name: 'Mallory Listed',
      idNumber: LISTED_ID,
      reason: 'forged badge',
      level: 'deny',
    });
    expect(entry.idNumber).toBe('••••••'); // the desk sees that a number is on file, never the number
    const dump = station.core.db.$client.serialize().toString('latin1');
    expect(dump).not.toContain(LISTED_ID);
    expect(dump).not.toContain('7654321');
    // Another name, the same document written differently: screened by the ID number alone.
    expect((await checkIn('Somebody Else', 'x765-4321')).outcome).toBe('see_reception');
    expect((await checkIn('Another Person', 'X7654322')).outcome).not.toBe('see_reception');
  });

  it('refuses a watchlist ID number too short to screen, and changes nothing', async () => {
    const before = station.core.db.$client.prepare('SELECT count(*) FROM watchlist_entries').pluck().get();
    await expect(
      station
        .client(admin())
        .watchlist.add({ name: 'Short Id', idNumber: '1-2', reason: 'banned', level: 'deny' }),
    ).rejects.toMatchObject({ code: 'invalid_input', fields: { idNumber: { code: 'invalid_format' } } });
    expect(station.core.db.$client.prepare('SELECT count(*) FROM watchlist_entries').pluck().get()).toBe(
      before,
    );
  });

  it('replaces a clear watchlist ID number left by an older release with its digest at start', async () => {
    const { db } = station.core;
    db.$client
      .prepare(
        `INSERT INTO watchlist_entries (id, name, aliases, id_number, reason, level, created_at, updated_at)
         VALUES ('legacy-1', 'Old Entry', '[]', 'LEG123456', 'from an older release', 'deny', ?, ?)`,
      )
      .run(new Date().toISOString(), new Date().toISOString());
    const dataDir = station.dataDir;
    await station.close();
    station = await tempStation({ dataDir, demo: false, preset: { kind: 'kiosk' } });
    const stored = station.core.db.$client
      .prepare("SELECT id_number FROM watchlist_entries WHERE id = 'legacy-1'")
      .pluck()
      .get() as string;
    expect(stored).toMatch(/^hmac1:/);
    expect(stored).toBe(idNumberDigest(station.core.keys, 'LEG123456'));
    expect((await checkIn('Not The Same Name', 'leg 123 456')).outcome).toBe('see_reception');
  });
});

describe("ID numbers: one key for the organisation's stations, from the sync server", () => {
  it('hands the same key to every station at enrollment and with each pull, and none without a secret', async () => {
    const store = SqliteSyncStore.open(path.join(station.dataDir, 'server'));
    const service = new SyncService(store, () => new Date(), Buffer.from('server secret for the test'));
    const site = await service.createSite({ name: 'HQ', timezone: 'Europe/Berlin' });
    const claims = [];
    for (const role of ['desk', 'kiosk'] as const) {
      const { code } = await service.createEnrollmentCode({ siteId: site.id, role });
      claims.push(await service.claim({ code }));
    }
    expect(claims[0]!.idNumberKey).toBeDefined();
    expect(claims[1]!.idNumberKey).toBe(claims[0]!.idNumberKey);
    const record = await service.authenticate(`Bearer ${claims[1]!.credential}`);
    const pulled = await service.pull(record, { protocolVersion: 1, cursor: 0, limit: 10 });
    expect(pulled.idNumberKey).toBe(claims[0]!.idNumberKey);
    // Two stations with that key make the same digest of the same document.
    const key = Buffer.from(claims[0]!.idNumberKey!, 'base64');
    const keys = { hmacIdNumber: (n: string) => hmacIdNumber(key, n) };
    expect(idNumberDigest(keys, 'l898-902 c3')).toBe(idNumberDigest(keys, 'L898902C3'));

    const { code } = await service.createEnrollmentCode({ siteId: site.id, role: 'gate' });
    expect((await new SyncService(store).claim({ code })).idNumberKey).toBeUndefined();
    store.close();
  });
});
