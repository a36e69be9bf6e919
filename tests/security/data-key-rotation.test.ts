// Rotating a station's data key (issue #15 item 4): only an admin may start it, never for a key given in
// the environment; the next start rekeys the database and reseals every visit file, audited, so neither
// opens with the old key any more; a start interrupted half-way is finished by the next one.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { PNG } from 'pngjs';
import { afterEach, describe, expect, it } from 'vitest';
import { opensWith, rekeyDatabase } from '../../src/db/open';
import { databaseKeyFrom, fileVault } from '../../src/main/core/data-keys';
import { fileKeyFrom, unseal } from '../../src/main/core/sealed-files';
import { kioskRendersSettled } from '../../src/main/kiosk/renders';
import { DATABASE_FILE, startStation, type Station } from '../../src/main/station';
import { as, tempStation, type TestStation } from '../support/station';

const stations: Station[] = [];
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(stations.splice(0).map((s) => s.close()));
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function kiosk(): Promise<TestStation> {
  const station = await tempStation({ preset: { kind: 'kiosk' }, sync: { enabled: false } });
  stations.push(station);
  dirs.push(station.dataDir);
  return station;
}
async function restart(station: Station, dataDir: string): Promise<Station> {
  stations.splice(stations.indexOf(station), 1);
  await station.close();
  const again = await startStation({ dataDir, sync: { enabled: false } });
  stations.push(again);
  return again;
}

function png(): string {
  const image = new PNG({ width: 8, height: 8 });
  image.data.fill(200);
  return `data:image/png;base64,${PNG.sync.write(image).toString('base64')}`;
}

/** A walk-in with a photo: the visit's photo and badge are sealed files under visits/. */
async function walkInWithPhoto(station: Station) {
  const visitor = station.client(as('visitor'));
  const type = (await visitor.visitorTypes.list()).types.find((t) => t.names.en === 'Visitor')!;
  const { documents } = await visitor.kiosk.documents({ visitorTypeId: type.id, language: 'en' });
  const hostId = (await visitor.kiosk.findHosts({ query: 'Ana Ruiz' })).hosts[0]!.id;
  const photo = png();
  const result = await visitor.kiosk.checkIn({
    visitorTypeId: type.id,
    language: 'en',
    visitor: { name: 'Rhea Rotation' },
    hostId,
    customFields: {},
    photo,
    signatures: documents.map((d) => ({ documentId: d.id, png: png() })),
  });
  if (result.outcome !== 'checked_in') throw new Error(`expected a check-in, got ${result.outcome}`);
  await kioskRendersSettled(station.core);
  const photoPath = station.core.db.$client
    .prepare('SELECT photo_path FROM visitors WHERE name = ?')
    .pluck()
    .get('Rhea Rotation') as string;
  return { visitId: result.visitId, photo, photoPath };
}

const dataKeyOf = (dataDir: string) => fileVault(dataDir, { env: {} }).read('data')!;
const pendingFile = (dataDir: string) => path.join(dataDir, 'keys', 'data-next.key');
const audit = (station: Station, action: string) =>
  (
    station.core.db.$client
      .prepare('SELECT details FROM audit_entries WHERE action = ? ORDER BY seq')
      .pluck()
      .all(action) as string[]
  ).map((d) => JSON.parse(d) as Record<string, unknown>);

describe('rotating the data key', () => {
  it('is refused to everyone but an admin, and for a key from the environment; nothing changes', async () => {
    const station = await kiosk();
    for (const role of ['reception', 'security', 'host', 'visitor'] as const)
      await expect(station.client(as(role)).privacy.rotateDataKey({})).rejects.toMatchObject({
        code: 'forbidden',
      });
    expect(existsSync(pendingFile(station.dataDir))).toBe(false);

    const dataDir = station.dataDir;
    const key = readFileSync(path.join(dataDir, 'keys', 'data.key'), 'utf8');
    stations.splice(stations.indexOf(station), 1);
    await station.close();
    const fromEnv = await startStation({
      dataDir,
      sync: { enabled: false },
      vault: fileVault(dataDir, { env: { GATEHOUSE_DATA_KEY: key } }),
    });
    stations.push(fromEnv);
    await expect(fromEnv.client(as('admin')).privacy.rotateDataKey({})).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringMatching(/GATEHOUSE_DATA_KEY/),
    });
    expect(existsSync(pendingFile(dataDir))).toBe(false);
  });

  it('rekeys the database and reseals every visit file at the next start, audited', async () => {
    const station = await kiosk();
    const dataDir = station.dataDir;
    const { visitId, photo, photoPath } = await walkInWithPhoto(station);
    const oldKey = dataKeyOf(dataDir);

    expect(await station.client(as('admin')).privacy.rotateDataKey({})).toEqual({
      started: true,
      finishesAtNextStart: true,
    });
    expect(await station.client(as('admin')).privacy.rotateDataKey({})).toMatchObject({ started: false });
    expect(audit(station, 'privacy.rotateDataKey').map((d) => d.started)).toEqual([true, false]);
    // Until the restart the station keeps working with the old key.
    expect((await station.client(as('reception')).visits.photo({ visitId })).photo).toBe(photo);

    const after = await restart(station, dataDir);
    const newKey = dataKeyOf(dataDir);
    expect(newKey.equals(oldKey)).toBe(false);
    expect(existsSync(pendingFile(dataDir))).toBe(false);
    const file = path.join(dataDir, DATABASE_FILE);
    expect(opensWith(file, databaseKeyFrom(oldKey))).toBe(false);
    expect(opensWith(file, databaseKeyFrom(newKey))).toBe(true);
    const sealed = readFileSync(path.join(dataDir, photoPath));
    expect(() => unseal(fileKeyFrom(oldKey), photoPath, sealed)).toThrow();
    expect(unseal(fileKeyFrom(newKey), photoPath, sealed).length).toBeGreaterThan(0);
    expect((await after.client(as('reception')).visits.photo({ visitId })).photo).toBe(photo);
    const [rotated] = audit(after, 'dataKey.rotate');
    expect(rotated).toEqual({ database: true, resealed: expect.any(Number), unreadable: 0 });
    expect(rotated!.resealed).toBeGreaterThanOrEqual(2); // the photo and the badge at least
  });

  it('finishes a rotation that a crash stopped after the database was rekeyed', async () => {
    const station = await kiosk();
    const dataDir = station.dataDir;
    const { visitId, photo } = await walkInWithPhoto(station);
    const oldKey = dataKeyOf(dataDir);
    await station.client(as('admin')).privacy.rotateDataKey({});
    stations.splice(stations.indexOf(station), 1);
    await station.close();
    // What a start killed half-way leaves: the database under the new key, the files and data.key old.
    const next = fileVault(dataDir, { env: {} }).read('data-next')!;
    rekeyDatabase(path.join(dataDir, DATABASE_FILE), databaseKeyFrom(oldKey), databaseKeyFrom(next));

    const after = await startStation({ dataDir, sync: { enabled: false } });
    stations.push(after);
    expect(dataKeyOf(dataDir).equals(next)).toBe(true);
    expect((await after.client(as('reception')).visits.photo({ visitId })).photo).toBe(photo);
    expect(audit(after, 'dataKey.rotate')).toEqual([
      { database: false, resealed: expect.any(Number), unreadable: 0 },
    ]);
    // A visit file changed outside Gatehouse opens with neither key: counted, left alone, never a crash.
    await after.client(as('admin')).privacy.rotateDataKey({});
    const stranger = path.join(dataDir, 'visits', visitId, 'planted.png');
    writeFileSync(stranger, Buffer.concat([Buffer.from('GHE1'), randomBytes(64)]));
    const third = await restart(after, dataDir);
    expect(audit(third, 'dataKey.rotate').at(-1)).toMatchObject({ database: true, unreadable: 1 });
  });
});
