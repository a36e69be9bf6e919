// The station's sync credential is kept out of its database (issue #15): someone who copies the SQLite
// file (and its WAL) alone gets no credential to push and pull as the station. It lives in the key vault
// (keys/sync-credential.key 0600 in a 0700 folder, GATEHOUSE_SYNC_CREDENTIAL, or the OS keychain in the
// desktop app); a credential an older release kept in the database is moved there at start, audited,
// and the station still syncs. A real station against a real sync server over HTTP.
import { mkdtempSync, readFileSync, rmSync, statSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { settingsRepo } from '../../src/db/repos/settings';
import { fileVault } from '../../src/main/core/data-keys';
import { enrollStation, syncServerSettings } from '../../src/main/sync/enroll';
import { startStation, type Station } from '../../src/main/station';
import { decryptedDatabaseBytes } from '../support/station-file';
import { newId } from '../../src/shared/ids';
import { as } from '../support/station';
import { adminCall, siteWithDirectory, useSyncServer } from '../support/sync/server';

const ADMIN = 'credential-admin';
const server = useSyncServer('credential', ADMIN);

/**
 * Every byte the station database holds on disk: the file and, while open, its WAL, every page decrypted
 * (the database is encrypted: this is what is left for someone who has its key too).
 */
const databaseBytes = (dataDir: string): Buffer => decryptedDatabaseBytes(dataDir);
const holds = (bytes: Buffer, secret: string) =>
  bytes.includes(Buffer.from(secret)) || bytes.includes(Buffer.from(secret, 'utf16le'));

async function start(dataDir: string): Promise<Station> {
  const station = await startStation({ dataDir, sync: { pollMs: 60_000 } });
  server.stations.push(station);
  return station;
}
async function stop(station: Station) {
  server.stations.splice(server.stations.indexOf(station), 1);
  await station.close();
}
const auditRows = (station: Station) =>
  station.core.db.$client
    .prepare("SELECT details FROM audit_entries WHERE action = 'sync.credentialMoved'")
    .pluck()
    .all() as string[];

/** Registers a visit and syncs: the push reaches the server with the station's credential. */
async function syncsAVisit(station: Station, hostId: string, typeId: string) {
  station.sync.start(); // (already running after a restart)
  await station.sync.syncNow(); // the site's directory first
  const visit = await station
    .client(as('reception'))
    .visits.register({ visitor: { name: 'Ada Lovelace' }, hostId, visitorTypeId: typeId });
  await station.sync.syncNow();
  expect(station.sync.status()).toMatchObject({ enrolled: true, waiting: 0 });
  const log = await server.store.log();
  expect(log.some((op) => op.entityId === visit.id)).toBe(true);
}

async function enrolledDesk(siteId: string) {
  const dataDir = path.join(server.dir, newId());
  const station = await start(dataDir);
  const { code } = (await adminCall(server.base, ADMIN, '/admin/enrollment-codes', {
    siteId,
    role: 'desk',
  })) as { code: string };
  const { credential } = await enrollStation(station.core, server.base, code);
  return { station, dataDir, credential };
}

it('keeps a new enrollment’s credential in a 0600 key file, never in the database or its WAL', async () => {
  const site = await siteWithDirectory(server.base, ADMIN, 'Harbour', 'UTC');
  const { station, dataDir, credential } = await enrolledDesk(site.id);
  const keyFile = path.join(dataDir, 'keys', 'sync-credential.key');
  expect(readFileSync(keyFile, 'utf8')).toBe(credential);
  expect(statSync(keyFile).mode & 0o777).toBe(0o600);
  expect(statSync(path.dirname(keyFile)).mode & 0o777).toBe(0o700);
  await syncsAVisit(station, site.hostId, site.typeId);
  // Copied while the station runs (file and WAL), and again once it has closed.
  expect(holds(databaseBytes(dataDir), credential)).toBe(false);
  await stop(station);
  expect(holds(databaseBytes(dataDir), credential)).toBe(false);
});

it('moves a credential an older release kept in the database to the vault, audited, and still syncs', async () => {
  const site = await siteWithDirectory(server.base, ADMIN, 'Harbour', 'UTC');
  const { station, dataDir, credential } = await enrolledDesk(site.id);
  // As an older release left it: the credential in the settings row, no key file.
  settingsRepo.set(
    station.core.db,
    'station',
    'sync.server',
    { serverUrl: server.base, credential },
    new Date().toISOString(),
  );
  await stop(station);
  unlinkSync(path.join(dataDir, 'keys', 'sync-credential.key'));
  expect(holds(databaseBytes(dataDir), credential)).toBe(true); // the attack works on an old station

  const moved = await start(dataDir);
  expect(readFileSync(path.join(dataDir, 'keys', 'sync-credential.key'), 'utf8')).toBe(credential);
  expect(holds(databaseBytes(dataDir), credential)).toBe(false);
  const entries = auditRows(moved);
  expect(entries.map((d) => JSON.parse(d))).toEqual([{ to: 'vault', replacedDifferent: false }]);
  expect(entries.join('')).not.toContain(credential);
  await syncsAVisit(moved, site.hostId, site.typeId);

  // Started again: nothing left to move, no second entry; the database file alone still has no credential.
  await stop(moved);
  expect(holds(databaseBytes(dataDir), credential)).toBe(false);
  const again = await start(dataDir);
  expect(auditRows(again)).toHaveLength(1);
  await syncsAVisit(again, site.hostId, site.typeId);
});

it('takes the credential from GATEHOUSE_SYNC_CREDENTIAL first, so a host can keep it off the disk', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'gatehouse-vault-'));
  try {
    const onDisk = fileVault(dir, { env: {} });
    expect(onDisk.readSecret('sync-credential')).toBeNull();
    onDisk.writeSecret('sync-credential', 'from-the-file');
    expect(onDisk.readSecret('sync-credential')).toBe('from-the-file');
    const fromEnv = fileVault(dir, { env: { GATEHOUSE_SYNC_CREDENTIAL: 'from-the-environment\n' } });
    expect(fromEnv.readSecret('sync-credential')).toBe('from-the-environment');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

it('is not enrolled without its credential: a copied database alone does not make a station that syncs', async () => {
  const site = await siteWithDirectory(server.base, ADMIN, 'Harbour', 'UTC');
  const { station, dataDir } = await enrolledDesk(site.id);
  await stop(station);
  // The thief's copy: the database without the keys folder.
  rmSync(path.join(dataDir, 'keys', 'sync-credential.key'));
  const copy = await start(dataDir);
  expect(syncServerSettings(copy.core)).toBeUndefined();
  expect(copy.sync.status()).toMatchObject({ enrolled: false });
});
