// The station database at rest (issue #15 item 4): AEGIS-256 under a key derived from the station's data
// key. A copied database and WAL do not open without the key and name no one; a wrong or lost key stops
// the start with a plain sentence and changes nothing; a plain database an older release left (WAL and
// all) is encrypted at start, keeps its data, is audited, and survives a SIGKILL in the middle; an SQLCipher
// 4 database a later one left is rewritten as AEGIS-256 at start, and left alone while another process has
// it open.
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { databaseState, encryptingFile, openDatabase, openReadOnly, upgradeCipher } from '../../src/db/open';
import { verifyChain } from '../../src/main/core/audit';
import { DEMO_SITE } from '../../src/main/demo';
import { DATABASE_FILE, startStation, type Station } from '../../src/main/station';
import { as, tempStation, type TestStation } from '../support/station';
import { opensAs, sqlcipher4 } from '../support/legacy-cipher';
import { decryptedDatabaseBytes, stationDatabaseKey } from '../support/station-file';

const NAME = 'Ingrid Cipherton';
const EMAIL = 'ingrid@cipher.example';

const stations: Station[] = [];
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(stations.splice(0).map((s) => s.close()));
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
const tempDir = () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'gatehouse-cipher-'));
  dirs.push(dir);
  return dir;
};
async function started(dataDir: string): Promise<Station> {
  const station = await startStation({ dataDir, hardware: { enabled: false }, sync: { enabled: false } });
  stations.push(station);
  return station;
}
async function stop(station: Station) {
  stations.splice(stations.indexOf(station), 1);
  await station.close();
}
async function demoStation(): Promise<TestStation> {
  const station = await tempStation({ hardware: { enabled: false }, sync: { enabled: false } });
  dirs.push(station.dataDir);
  stations.push(station);
  return station;
}

const one = (station: Station, q: string, ...args: unknown[]) =>
  station.core.db.$client
    .prepare(q)
    .pluck()
    .get(...args);

async function registerVisitor(station: Station, name = NAME) {
  const hostId = one(station, 'SELECT id FROM hosts WHERE site_id = ? LIMIT 1', DEMO_SITE.id) as string;
  const visitorTypeId = one(
    station,
    'SELECT id FROM visitor_types WHERE site_id = ? LIMIT 1',
    DEMO_SITE.id,
  ) as string;
  return station
    .client(as('reception'))
    .visits.register({ visitor: { name, email: EMAIL }, hostId, visitorTypeId });
}

/** Whether the text is anywhere in the bytes, as SQLite stores text (UTF-8) or lower-cased (the search index). */
const holds = (bytes: Buffer, text: string) =>
  bytes.includes(Buffer.from(text)) || bytes.toString('latin1').toLowerCase().includes(text.toLowerCase());

/** The database and its WAL as someone copies them off the disk, into a folder of their own. */
function copyOff(dataDir: string): { file: string; bytes: Buffer } {
  const to = path.join(tempDir(), 'copied.sqlite');
  const from = path.join(dataDir, DATABASE_FILE);
  copyFileSync(from, to);
  if (existsSync(`${from}-wal`)) copyFileSync(`${from}-wal`, `${to}-wal`);
  const bytes = Buffer.concat([to, `${to}-wal`].filter((f) => existsSync(f)).map((f) => readFileSync(f)));
  return { file: to, bytes };
}

const digest = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
/** Every file of a data folder with its digest and mode: "nothing changed" is this staying equal. */
const folderDigest = (dir: string) =>
  Object.fromEntries(
    readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => {
        const file = path.join(entry.parentPath, entry.name);
        return [path.relative(dir, file), `${digest(file)} ${(statSync(file).mode & 0o777).toString(8)}`];
      }),
  );

/** Makes the station's database plain again, as an older release kept it (its data key stays in keys/). */
function asAnOlderReleaseLeftIt(dataDir: string) {
  const file = path.join(dataDir, DATABASE_FILE);
  const sqlite = openDatabase(file, { key: stationDatabaseKey(dataDir) }).$client;
  sqlite.pragma('journal_mode = DELETE');
  sqlite.pragma(`rekey = ''`);
  sqlite.close();
  expect(databaseState(file)).toBe('plain');
}

describe('a key file other users may read', () => {
  it('stops the station with a plain sentence, and nothing in its folder changes', async () => {
    const station = await demoStation();
    const dataDir = station.dataDir;
    await registerVisitor(station, 'Lola Loosekey');
    await stop(station);
    const keyFile = path.join(dataDir, 'keys', 'data.key');
    chmodSync(keyFile, 0o644);
    const before = folderDigest(dataDir);

    await expect(started(dataDir)).rejects.toThrow(
      `The key file ${keyFile} may be read by other users (mode 644). Nothing was changed`,
    );
    expect(folderDigest(dataDir)).toEqual(before);

    chmodSync(keyFile, 0o600);
    const again = await started(dataDir);
    expect(one(again, 'SELECT count(*) FROM visitors WHERE name = ?', 'Lola Loosekey')).toBe(1);
  });
});

describe('a copied database without the key', () => {
  it('does not open, and neither the file nor its WAL names the visitor', async () => {
    const station = await demoStation();
    const visit = await registerVisitor(station);
    const stolen = copyOff(station.dataDir); // while the station runs: the WAL holds the last writes
    expect(existsSync(`${stolen.file}-wal`)).toBe(true);

    // Opened as a plain SQLite file, or with another key: "file is not a database", no row read.
    const plain = new Database(stolen.file, { readonly: true });
    expect(() => plain.prepare('SELECT count(*) FROM visitors').get()).toThrow(/file is not a database/);
    plain.close();
    expect(() => openReadOnly(stolen.file, { key: randomBytes(32) })).toThrow(
      /does not open with this station's data key/,
    );
    // Not a byte of it names the visitor or their e-mail.
    expect(holds(stolen.bytes, NAME)).toBe(false);
    expect(holds(stolen.bytes, EMAIL)).toBe(false);
    expect(holds(stolen.bytes, 'SQLite format 3')).toBe(false);

    // With the key the same copy opens and has the visit, and its decrypted pages name her: the
    // search above would have found her in a plain file.
    const withKey = openReadOnly(stolen.file, { key: stationDatabaseKey(station.dataDir) }).$client;
    expect(withKey.prepare('SELECT visitor_id FROM visits WHERE id = ?').pluck().get(visit.id)).toBeTruthy();
    withKey.close();
    expect(holds(decryptedDatabaseBytes(station.dataDir), NAME)).toBe(true);

    // The station itself works on it: it finds her.
    const found = await station.client(as('reception')).visits.search({ query: 'Cipherton' });
    expect(found.visits.map((v) => v.id)).toContain(visit.id);
    expect(statSync(path.join(station.dataDir, DATABASE_FILE)).mode & 0o777).toBe(0o600);
  });
});

describe('a wrong or lost key', () => {
  it('stops the start with a plain sentence and changes nothing; the right key opens it again', async () => {
    const dataDir = tempDir();
    const station = await started(dataDir);
    await stop(station);
    const file = path.join(dataDir, DATABASE_FILE);
    const keyFile = path.join(dataDir, 'keys', 'data.key');
    const rightKey = readFileSync(keyFile, 'utf8');
    const before = digest(file);

    writeFileSync(keyFile, randomBytes(32).toString('base64'));
    await expect(started(dataDir)).rejects.toThrow(
      /does not open with this station's data key .* Nothing was changed: restore the key/,
    );
    expect(digest(file)).toBe(before);
    expect(existsSync(`${file}-wal`)).toBe(false);

    // No key at all: refused too, and no new key is made that could never open it.
    rmSync(keyFile);
    await expect(started(dataDir)).rejects.toThrow(/does not open with this station's data key/);
    expect(existsSync(keyFile)).toBe(false);
    expect(digest(file)).toBe(before);

    writeFileSync(keyFile, rightKey, { mode: 0o600 });
    const again = await started(dataDir);
    expect(one(again, "SELECT value FROM settings WHERE scope = 'station' AND key = 'id'")).toBeTruthy();
    expect(verifyChain(again.core.db)).toMatchObject({ ok: true });
  });
});

describe('a plain station from an older release', () => {
  it('is encrypted at start, WAL and all, keeps its data, and audits it once', async () => {
    const station = await demoStation();
    const dataDir = station.dataDir;
    const visit = await registerVisitor(station, 'Olga Oldrelease');
    await stop(station);
    asAnOlderReleaseLeftIt(dataDir);
    // The older release was killed with writes still in its WAL.
    const file = path.join(dataDir, DATABASE_FILE);
    const old = openDatabase(file).$client;
    old.pragma('wal_autocheckpoint = 0');
    old.prepare('UPDATE visitors SET company = ? WHERE name = ?').run('Walford Ltd', 'Olga Oldrelease');
    const killed = tempDir();
    for (const suffix of ['', '-wal']) copyFileSync(file + suffix, path.join(killed, DATABASE_FILE + suffix));
    old.close();
    mkdirSync(path.join(killed, 'keys'), { mode: 0o700 });
    copyFileSync(path.join(dataDir, 'keys', 'data.key'), path.join(killed, 'keys', 'data.key'));
    const plainCopy = copyOff(killed);
    expect(holds(plainCopy.bytes, 'Olga Oldrelease')).toBe(true); // the attack works on an old station
    expect(holds(plainCopy.bytes, 'Walford Ltd')).toBe(true);

    const upgraded = await started(killed);
    expect(databaseState(path.join(killed, DATABASE_FILE))).toBe('encrypted');
    const company = one(upgraded, 'SELECT company FROM visitors WHERE name = ?', 'Olga Oldrelease');
    expect(company).toBe('Walford Ltd'); // what was only in the WAL is kept
    const found = await upgraded.client(as('reception')).visits.search({ query: 'Oldrelease' });
    expect(found.visits.map((v) => v.id)).toEqual([visit.id]);
    const audited = upgraded.core.db.$client
      .prepare("SELECT details FROM audit_entries WHERE action = 'database.encrypt'")
      .pluck()
      .all() as string[];
    expect(audited).toHaveLength(1);
    expect(JSON.parse(audited[0]!)).toEqual({ bytes: expect.any(Number) });
    expect(verifyChain(upgraded.core.db)).toMatchObject({ ok: true });
    const copy = copyOff(killed);
    expect(holds(copy.bytes, 'Olga Oldrelease')).toBe(false);
    expect(holds(copy.bytes, 'Walford Ltd')).toBe(false);
    expect(existsSync(encryptingFile(path.join(killed, DATABASE_FILE)))).toBe(false);
    expect(statSync(path.join(killed, DATABASE_FILE)).mode & 0o777).toBe(0o600);

    // Started again: nothing left to do, no second entry.
    await stop(upgraded);
    const third = await started(killed);
    expect(one(third, "SELECT count(*) FROM audit_entries WHERE action = 'database.encrypt'")).toBe(1);
  });

  it('survives a SIGKILL in the middle of the encryption: the next start finishes it with every row', async () => {
    const station = await demoStation();
    const dataDir = station.dataDir;
    await registerVisitor(station, 'Kira Killedmidway');
    await stop(station);
    asAnOlderReleaseLeftIt(dataDir);
    // A station with years of history: big enough that copying and rekeying take a while to kill into.
    const file = path.join(dataDir, DATABASE_FILE);
    const filler = openDatabase(file).$client;
    filler.exec('CREATE TABLE bulk (b BLOB)');
    const insert = filler.prepare('INSERT INTO bulk VALUES (randomblob(4000))');
    filler.transaction(() => {
      for (let i = 0; i < 10_000; i++) insert.run();
    })();
    filler.close();
    const rows = 10_000;
    const key = stationDatabaseKey(dataDir).toString('hex');

    const outcomes: string[] = [];
    for (const delayMs of [0, 30, 120]) {
      const folder = tempDir();
      copyFileSync(file, path.join(folder, DATABASE_FILE));
      const target = path.join(folder, DATABASE_FILE);
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', 'tests/support/encrypt-database.ts', target, key],
        { stdio: ['ignore', 'pipe', 'inherit'] },
      );
      const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_c, s) => resolve(s)));
      // Killed once the encrypted copy is being made, after a delay that varies the moment.
      while (!existsSync(encryptingFile(target)) && child.exitCode === null)
        await new Promise((r) => setTimeout(r, 1));
      await new Promise((r) => setTimeout(r, delayMs));
      child.kill('SIGKILL');
      expect(await exited).toBe('SIGKILL');
      const state = databaseState(target);
      outcomes.push(`${state}${existsSync(encryptingFile(target)) ? '+leftover' : ''}`);
      // Either the plain original, whole (a half-made copy beside it), or the encrypted file: never a mix.
      if (state === 'plain') {
        const check = new Database(target, { readonly: true });
        expect(check.pragma('integrity_check', { simple: true })).toBe('ok');
        check.close();
      }

      mkdirSync(path.join(folder, 'keys'), { mode: 0o700 });
      copyFileSync(path.join(dataDir, 'keys', 'data.key'), path.join(folder, 'keys', 'data.key'));
      const after = await started(folder);
      expect(databaseState(target)).toBe('encrypted');
      expect(existsSync(encryptingFile(target))).toBe(false);
      expect(one(after, 'SELECT count(*) FROM bulk')).toBe(rows);
      expect(one(after, 'SELECT count(*) FROM visitors WHERE name = ?', 'Kira Killedmidway')).toBe(1);
      expect(after.core.db.$client.pragma('integrity_check', { simple: true })).toBe('ok');
      await stop(after);
    }
    // At least one kill landed while the encrypted copy was half made.
    expect(outcomes).toContain('plain+leftover');
  }, 120_000);

  it('removes a half-made copy a crash left and encrypts again', async () => {
    const station = await demoStation();
    const dataDir = station.dataDir;
    await registerVisitor(station, 'Lena Leftover');
    await stop(station);
    asAnOlderReleaseLeftIt(dataDir);
    const file = path.join(dataDir, DATABASE_FILE);
    writeFileSync(encryptingFile(file), randomBytes(8192));
    writeFileSync(`${encryptingFile(file)}-journal`, randomBytes(512));

    const again = await started(dataDir);
    expect(databaseState(file)).toBe('encrypted');
    expect(one(again, 'SELECT count(*) FROM visitors WHERE name = ?', 'Lena Leftover')).toBe(1);
    expect(existsSync(encryptingFile(file))).toBe(false);
    expect(existsSync(`${encryptingFile(file)}-journal`)).toBe(false);
  });
});

describe('an SQLCipher 4 station from an older release', () => {
  it('is rewritten as AEGIS-256 at start, WAL and all, keeps its data, and no longer opens as SQLCipher', async () => {
    const station = await demoStation();
    const dataDir = station.dataDir;
    const visit = await registerVisitor(station, 'Sven Sqlcipherson');
    await stop(station);
    const file = path.join(dataDir, DATABASE_FILE);
    const key = stationDatabaseKey(dataDir);
    asAnOlderReleaseLeftIt(dataDir);
    const rekeyed = new Database(file);
    sqlcipher4(rekeyed, 'rekey', key);
    rekeyed.close();
    expect(opensAs(file, key, 'sqlcipher')).toBe(true);
    expect(opensAs(file, key, 'aegis')).toBe(false);

    // The older release, still running, with a write only in its WAL.
    const old = new Database(file);
    sqlcipher4(old, 'key', key);
    old.pragma('journal_mode = WAL');
    old.pragma('wal_autocheckpoint = 0');
    old.prepare('UPDATE visitors SET company = ? WHERE name = ?').run('Cipherwal Ltd', 'Sven Sqlcipherson');
    // Opened by a writer while it runs: not rewritten under it, opened as SQLCipher 4 as it is.
    expect(upgradeCipher(file, key)).toBeNull();
    const during = openDatabase(file, { key });
    expect(
      during.$client.prepare('SELECT company FROM visitors WHERE name = ?').pluck().get('Sven Sqlcipherson'),
    ).toBe('Cipherwal Ltd');
    during.$client.close();
    expect(opensAs(file, key, 'sqlcipher')).toBe(true);
    // Then it was killed: its file and WAL as it left them, in a data folder of their own.
    const killed = tempDir();
    for (const suffix of ['', '-wal']) copyFileSync(file + suffix, path.join(killed, DATABASE_FILE + suffix));
    old.close();
    mkdirSync(path.join(killed, 'keys'), { mode: 0o700 });
    copyFileSync(path.join(dataDir, 'keys', 'data.key'), path.join(killed, 'keys', 'data.key'));

    const upgraded = await started(killed);
    const target = path.join(killed, DATABASE_FILE);
    expect(opensAs(target, key, 'aegis')).toBe(true);
    expect(opensAs(target, key, 'sqlcipher')).toBe(false);
    expect(one(upgraded, 'SELECT company FROM visitors WHERE name = ?', 'Sven Sqlcipherson')).toBe(
      'Cipherwal Ltd',
    );
    const found = await upgraded.client(as('reception')).visits.search({ query: 'Sqlcipherson' });
    expect(found.visits.map((v) => v.id)).toEqual([visit.id]);
    expect(verifyChain(upgraded.core.db)).toMatchObject({ ok: true });
    expect(upgraded.core.db.$client.pragma('integrity_check', { simple: true })).toBe('ok');
    // Its pages are AEGIS-256 pages, each tag checked, and name her; a copy without the key does not.
    expect(holds(decryptedDatabaseBytes(killed), 'Sven Sqlcipherson')).toBe(true);
    expect(holds(copyOff(killed).bytes, 'Sven Sqlcipherson')).toBe(false);
    expect(existsSync(encryptingFile(target))).toBe(false);
    expect(statSync(target).mode & 0o777).toBe(0o600);
    const cipherAudit = "SELECT details FROM audit_entries WHERE action = 'database.cipher'";
    expect(JSON.parse(one(upgraded, cipherAudit) as string)).toMatchObject({
      from: 'sqlcipher',
      to: 'aegis',
    });

    // Started again: nothing left to do, and nothing audited again.
    await stop(upgraded);
    const again = await started(killed);
    expect(one(again, 'SELECT count(*) FROM visitors WHERE name = ?', 'Sven Sqlcipherson')).toBe(1);
    expect(opensAs(target, key, 'aegis')).toBe(true);
    expect(one(again, cipherAudit.replace('details', 'count(*)'))).toBe(1);
  });
});
