// The sync server's embedded store at rest (issue #15): AEGIS-256 under a key derived from the server's
// data key (GATEHOUSE_SERVER_DATA_KEY, else keys/server-data.key in the data folder). Refusals first: a
// key file others may read, a malformed environment key, a wrong key, an encrypted store whose key is
// gone, and a plain store another process has open are each refused with a plain sentence and change no
// byte and write no key. Then: a copied database and WAL do not open and name no one; a plain store left by
// an older release (writes still in its WAL) is encrypted at the server's start, keeps every row, and is
// audited once; the other commands read a plain store as it is. All on real files, the CLI run in-process.
import { randomBytes, createHash } from 'node:crypto';
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
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { connect, databaseState } from '../../src/node/sqlcipher';
import {
  SERVER_DATA_KEY_ENV,
  SERVER_DATA_KEY_FILE,
  serverDatabaseKeyFrom,
  serverDataKey,
} from '../../src/server/data-key';
import { openStore } from '../../src/server/open-store';
import { SERVER_DATABASE_FILE, SqliteSyncStore } from '../../src/server/sqlite-store';
import type { SyncStore } from '../../src/server/store';
import { serverCliInProcess as cli } from '../support/sync/cli-in-process';
import { rawOp } from '../support/sync/http';
import { asSqlcipher4, opensAs } from '../support/legacy-cipher';
import { deskOfNewSite } from '../support/sync/stores';

const NAME = 'Ingrid Serverton';
const EMAIL = 'ingrid@server-cipher.example';
// The process's clock (moved 400 days on in CI's clock-ahead run): the server purges and retains by it.
const NOW = new Date();

let dir: string;
let dataDir: string;
let file: string;
const open: SyncStore[] = [];
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'gatehouse-server-cipher-'));
  dataDir = path.join(dir, 'server');
  file = path.join(dataDir, SERVER_DATABASE_FILE);
  vi.stubEnv(SERVER_DATA_KEY_ENV, '');
});
afterEach(async () => {
  vi.unstubAllEnvs();
  for (const store of open.splice(0)) await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const tracked = <T extends SyncStore>(store: T): T => {
  open.push(store);
  return store;
};
async function close(store: SyncStore) {
  open.splice(open.indexOf(store), 1);
  await store.close();
}

/** A site, its desk, and a visitor with a name and an e-mail pushed by the desk. */
async function visitorIn(store: SyncStore, name = NAME) {
  const desk = await deskOfNewSite(store, 'Harbour', NOW);
  const payload = { name, searchName: name.toLowerCase(), email: EMAIL, createdAt: NOW.toISOString() };
  await store.push(desk, [rawOp(desk.id, 1, { siteId: desk.siteId, type: 'visitor.upsert', payload })], NOW);
  return desk;
}

/** Every file under the folder with a digest of its bytes: "nothing changed" is this staying equal. */
function snapshot(folder: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (at: string) => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      const full = path.join(at, entry.name);
      if (entry.isDirectory()) walk(full);
      else out[path.relative(folder, full)] = createHash('sha256').update(readFileSync(full)).digest('hex');
    }
  };
  walk(folder);
  return out;
}

const serve = () => cli(['serve', '--port', '0', '--data-dir', dataDir]);

const holds = (bytes: Buffer, text: string) =>
  bytes.includes(Buffer.from(text)) || bytes.toString('latin1').toLowerCase().includes(text.toLowerCase());

/** An encrypted store made the way the server makes it, with a visitor in it, closed again. */
async function encryptedStore(env?: NodeJS.ProcessEnv) {
  const store = await openStore({ dataDir, database: null }, { encryptPlain: true, ...(env ? { env } : {}) });
  await visitorIn(store);
  await store.close();
  expect(databaseState(file)).toBe('encrypted');
}

describe('the server refuses, and changes nothing', () => {
  it('a key file other users may read: a plain sentence, exit 1, every byte as it was', async () => {
    await encryptedStore();
    const keyFile = path.join(dataDir, SERVER_DATA_KEY_FILE);
    chmodSync(keyFile, 0o644);
    const before = snapshot(dir);
    const run = await serve();
    expect(run.code).toBe(1);
    expect(run.output).toMatch(
      /The key file .*server-data\.key may be read by other users \(mode 644\)\. Nothing was changed: make it owner-only \(chmod 600 /,
    );
    expect(snapshot(dir)).toEqual(before);
    expect(statSync(keyFile).mode & 0o777).toBe(0o644);
    // Every command opens the store the same way.
    expect((await cli(['stations', '--data-dir', dataDir])).code).toBe(1);
  });

  it('a malformed GATEHOUSE_SERVER_DATA_KEY: a usage error (exit 2) before anything is created', async () => {
    vi.stubEnv(SERVER_DATA_KEY_ENV, 'too-short');
    const run = await serve();
    expect(run.code).toBe(2);
    expect(run.output).toMatch(/GATEHOUSE_SERVER_DATA_KEY is not a 32-byte key in base64/);
    expect(existsSync(dataDir)).toBe(false);
  });

  it('a wrong key: the database does not open, nothing is changed, no key is written', async () => {
    const right = randomBytes(32).toString('base64');
    await encryptedStore({ [SERVER_DATA_KEY_ENV]: right });
    expect(existsSync(path.join(dataDir, 'keys'))).toBe(false); // the environment's key is never stored
    const before = snapshot(dir);
    vi.stubEnv(SERVER_DATA_KEY_ENV, randomBytes(32).toString('base64'));
    const run = await serve();
    expect(run.code).toBe(1);
    expect(run.output).toMatch(
      /The database .*gatehouse-server\.sqlite does not open with the sync server's data key \(a different or lost keys\/server-data\.key or GATEHOUSE_SERVER_DATA_KEY, or a damaged file\)\. Nothing was changed: restore the key/,
    );
    expect(snapshot(dir)).toEqual(before);
    // And the right key still opens it, with its data.
    vi.stubEnv(SERVER_DATA_KEY_ENV, right);
    const store = tracked(await openStore({ dataDir, database: null }, { encryptPlain: true }));
    expect(JSON.stringify(await store.log())).toContain(NAME);
  });

  it('an encrypted store whose key file is gone: refused, and no new key is made for it', async () => {
    await encryptedStore();
    rmSync(path.join(dataDir, SERVER_DATA_KEY_FILE));
    const before = snapshot(dir);
    const run = await serve();
    expect(run.code).toBe(1);
    expect(run.output).toMatch(/does not open with the sync server's data key .*Nothing was changed/);
    expect(snapshot(dir)).toEqual(before);
    expect(existsSync(path.join(dataDir, SERVER_DATA_KEY_FILE))).toBe(false);
    // Opened without a key by code that forgot it: the same sentence, not "file is not a database".
    expect(() => SqliteSyncStore.open(dataDir)).toThrow(/does not open with the sync server's data key/);
  });

  it('a plain store another process has open is not rewritten under it', async () => {
    const running = tracked(SqliteSyncStore.open(dataDir)); // an older server, still running
    await visitorIn(running);
    // The -shm file is the running server's shared memory (its WAL index), not data: left out.
    const files = () => {
      const { [`${SERVER_DATABASE_FILE}-shm`]: _shm, ...rest } = snapshot(dataDir);
      return rest;
    };
    const before = files();
    await expect(openStore({ dataDir, database: null }, { encryptPlain: true })).rejects.toThrow(
      /gatehouse-server\.sqlite is open in another process .*Nothing was changed: stop it, then start again/,
    );
    expect(databaseState(file)).toBe('plain');
    expect(files()).toEqual(before); // and no key left for an encryption that did not happen
    expect(existsSync(path.join(dataDir, 'keys'))).toBe(false);
    // The running server goes on writing to the same file.
    await visitorIn(running, 'Second Visitor');
    expect(JSON.stringify(await running.log())).toContain('Second Visitor');
  }, 20_000);
});

describe('what a copy of the server store shows', () => {
  it('a database and WAL copied off a running server do not open and name no one; the key opens them', async () => {
    const store = tracked(await openStore({ dataDir, database: null }, { encryptPlain: true }));
    await visitorIn(store);
    const keyFile = path.join(dataDir, SERVER_DATA_KEY_FILE);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(statSync(path.dirname(keyFile)).mode & 0o777).toBe(0o700);
    for (const suffix of ['', '-wal']) expect(statSync(file + suffix).mode & 0o777).toBe(0o600);

    // As a thief or a careless backup takes them: the file and its WAL, while the server runs.
    const stolen = path.join(dir, 'stolen', SERVER_DATABASE_FILE);
    mkdirSync(path.dirname(stolen));
    for (const suffix of ['', '-wal']) copyFileSync(file + suffix, stolen + suffix);
    const bytes = ['', '-wal'].map((suffix) => readFileSync(stolen + suffix));
    expect(bytes[1]!.length).toBeGreaterThan(0); // the visitor is (also) in the WAL
    for (const b of bytes) {
      expect(holds(b, NAME)).toBe(false);
      expect(holds(b, EMAIL)).toBe(false);
      expect(b.includes(Buffer.from('SQLite format 3\0', 'latin1'))).toBe(false);
    }
    const plain = new Database(stolen, { readonly: true });
    expect(() => plain.prepare('SELECT count(*) FROM ops').get()).toThrow(/file is not a database/);
    plain.close();
    expect(() => connect(stolen, { key: randomBytes(32) }, true)).toThrow(/does not open with the key given/);

    // With the key, the same copy holds her: the search above would have found her in a plain file.
    const key = serverDatabaseKeyFrom(serverDataKey(dataDir, { create: false })!.key);
    const keyed = connect(stolen, { key }, true);
    const payloads = keyed.prepare('SELECT payload FROM ops').pluck().all() as string[];
    keyed.close();
    expect(payloads.join()).toContain(NAME);
  });
});

describe('a plain store from an older release', () => {
  it('is encrypted at the server’s first start with a key, keeps every row (its WAL’s too), audited once', async () => {
    // The older server's files as they were when it stopped: writes still in the WAL.
    const older = path.join(dir, 'older');
    const olderStore = SqliteSyncStore.open(older);
    await visitorIn(olderStore);
    const logBefore = await olderStore.log();
    mkdirSync(dataDir, { mode: 0o700 });
    for (const suffix of ['', '-wal'])
      copyFileSync(path.join(older, SERVER_DATABASE_FILE) + suffix, file + suffix);
    await olderStore.close();
    expect(databaseState(file)).toBe('plain');
    expect(statSync(`${file}-wal`).size).toBeGreaterThan(0);

    // Another command than the server's start reads it as it is (a server may be running on it).
    const listed = await cli(['stations', '--json', '--data-dir', dataDir]);
    expect(listed.code).toBe(0);
    expect(databaseState(file)).toBe('plain');

    const store = tracked(
      await openStore({ dataDir, database: null }, { encryptPlain: true, now: () => NOW }),
    );
    expect(databaseState(file)).toBe('encrypted');
    expect(await store.log()).toEqual(logBefore);
    const audit = (await store.adminAudit()).filter((e) => e.action === 'store.encrypt');
    expect(audit).toEqual([
      expect.objectContaining({ at: NOW.toISOString(), details: { bytes: expect.any(Number) as unknown } }),
    ]);
    await close(store);
    for (const suffix of ['', '-wal'])
      if (existsSync(file + suffix)) expect(holds(readFileSync(file + suffix), NAME)).toBe(false);
    expect(existsSync(`${file}.encrypting`)).toBe(false);

    // The next start opens it as it is: audited once only, the data still there.
    const again = tracked(await openStore({ dataDir, database: null }, { encryptPlain: true }));
    expect(await again.log()).toEqual(logBefore);
    expect((await again.adminAudit()).filter((e) => e.action === 'store.encrypt')).toHaveLength(1);
  });

  it('a half-made copy a crash left is removed and the encryption made again', async () => {
    const older = tracked(SqliteSyncStore.open(dataDir));
    await visitorIn(older);
    const logBefore = await older.log();
    await close(older);
    const leftover = `${file}.encrypting`;
    copyFileSync(file, leftover);
    const store = tracked(await openStore({ dataDir, database: null }, { encryptPlain: true }));
    expect(existsSync(leftover)).toBe(false);
    expect(await store.log()).toEqual(logBefore);
  });
});

describe('an SQLCipher 4 store from a release before AEGIS-256', () => {
  it('is rewritten as AEGIS-256 at the server’s start, keeps every row, and is audited once', async () => {
    const first = await openStore({ dataDir, database: null }, { encryptPlain: true });
    await visitorIn(first);
    const logBefore = await first.log();
    await first.close();
    const key = serverDatabaseKeyFrom(serverDataKey(dataDir, { create: false })!.key);
    asSqlcipher4(file, key);
    expect(opensAs(file, key, 'sqlcipher')).toBe(true);

    const store = tracked(
      await openStore({ dataDir, database: null }, { encryptPlain: true, now: () => NOW }),
    );
    expect(await store.log()).toEqual(logBefore);
    expect((await store.adminAudit()).filter((e) => e.action === 'store.cipher')).toEqual([
      expect.objectContaining({
        at: NOW.toISOString(),
        details: expect.objectContaining({ from: 'sqlcipher', to: 'aegis' }) as unknown,
      }),
    ]);
    await close(store);
    expect(opensAs(file, key, 'aegis')).toBe(true);
    expect(opensAs(file, key, 'sqlcipher')).toBe(false);

    const again = tracked(await openStore({ dataDir, database: null }, { encryptPlain: true }));
    expect(await again.log()).toEqual(logBefore);
    expect((await again.adminAudit()).filter((e) => e.action === 'store.cipher')).toHaveLength(1);
  });
});
