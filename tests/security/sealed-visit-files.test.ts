// Visit files at rest (issue #15): a stolen disk — the visits folder copied without the station's keys —
// shows no photo, signature or signed PDF and names no one; a changed, moved or planted file is refused
// with a clear error, never served; files an older release wrote in clear are sealed at start, once, in
// a crash-safe way, audited; erasure still removes them. A real kiosk and desk on real files.
import {
  copyFileSync,
  cpSync,
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
import { PNG } from 'pngjs';
import { afterEach, describe, expect, it } from 'vitest';
import { kioskRendersSettled } from '../../src/main/kiosk/renders';
import { readVisitFile, REFUSED_FILE } from '../../src/main/kiosk/files';
import { isSealed } from '../../src/main/core/sealed-files';
import { pdfText } from '../support/decode-qr';
import { as, tempStation, type TestStation } from '../support/station';

const NAME = 'Ada Lovelace';
const COMPANY = 'Analytical Engines';
const EMAIL = 'ada@engines.example';
const MAGIC = {
  png: Buffer.from([0x89, 0x50, 0x4e, 0x47]),
  jpeg: Buffer.from([0xff, 0xd8, 0xff]),
  pdf: Buffer.from('%PDF'),
};

function png(width = 40, height = 20): Buffer {
  const image = new PNG({ width, height });
  image.data.fill(255);
  for (let x = 2; x < width - 2; x++) {
    const i = ((height >> 1) * width + x) * 4;
    image.data[i] = image.data[i + 1] = image.data[i + 2] = 0;
  }
  return PNG.sync.write(image);
}
const dataUrl = (bytes: Buffer) => `data:image/png;base64,${bytes.toString('base64')}`;

const stations: TestStation[] = [];
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(stations.splice(0).map((s) => s.dispose()));
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
async function started(options: Parameters<typeof tempStation>[0] = {}): Promise<TestStation> {
  const station = await tempStation(options);
  stations.push(station);
  return station;
}
const tempDir = () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'gatehouse-stolen-'));
  dirs.push(dir);
  return dir;
};
const filesUnder = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((f) => path.join(dir, f))
    .filter((f) => statSync(f).isFile());
const sql = (station: TestStation, q: string, ...args: unknown[]) =>
  station.core.db.$client.prepare(q).all(...args) as Row[];
/** The columns these tests read. */
interface Row {
  pdf_path: string;
  document_path: string;
  photo_path: string;
  signature_path: string;
  details: string;
}

/** A walk-in at a kiosk with a photo and a drawn NDA signature; the badge and signed copy rendered. */
async function kioskCheckIn() {
  const kiosk = await started({ preset: { kind: 'kiosk' } });
  const visitor = kiosk.client(as('visitor'));
  const type = (await visitor.visitorTypes.list()).types.find((t) => t.names.en === 'Visitor')!;
  const { documents } = await visitor.kiosk.documents({ visitorTypeId: type.id, language: 'en' });
  const hostId = (await visitor.kiosk.findHosts({ query: 'Ana Ruiz' })).hosts[0]!.id;
  const photo = png(8, 8);
  const result = await visitor.kiosk.checkIn({
    visitorTypeId: type.id,
    language: 'en',
    visitor: { name: NAME, company: COMPANY, email: EMAIL },
    hostId,
    customFields: {},
    photo: dataUrl(photo),
    signatures: documents.map((d) => ({ documentId: d.id, png: dataUrl(png()) })),
  });
  if (result.outcome !== 'checked_in') throw new Error(`expected a check-in, got ${result.outcome}`);
  await kioskRendersSettled(kiosk.core);
  return { kiosk, visitId: result.visitId, photo };
}

describe('a stolen disk: the visits folder copied without the keys', () => {
  it('holds no image or PDF and names no one, while the station itself reads every file back', async () => {
    const { kiosk, visitId, photo } = await kioskCheckIn();
    const stolen = tempDir();
    cpSync(path.join(kiosk.dataDir, 'visits'), stolen, { recursive: true });
    const files = filesUnder(stolen);
    // The photo, the NDA's signature and signed copy, and the badge.
    expect(files.map((f) => path.basename(f)).sort()).toEqual([
      'badge.pdf',
      'nda-v1.signature.png',
      'nda-v1.signed.pdf',
      'photo.png',
    ]);
    for (const file of files) {
      const bytes = readFileSync(file);
      for (const [kind, magic] of Object.entries(MAGIC))
        expect(bytes.includes(magic), `${path.basename(file)} shows ${kind} magic`).toBe(false);
      for (const secret of [NAME, COMPANY, EMAIL, 'Lovelace']) {
        expect(bytes.includes(Buffer.from(secret)), `${path.basename(file)} names ${secret}`).toBe(false);
        expect(bytes.includes(Buffer.from(secret, 'utf16le'))).toBe(false);
      }
      expect(statSync(file).mode & 0o777).toBe(0o600);
    }
    // The same files at the station: the desk's photo, the signed copy and the badge read back whole.
    const { photo: shown } = await kiosk.client(as('reception')).visits.photo({ visitId });
    expect(shown).toBe(dataUrl(photo));
    const [signed] = sql(kiosk, 'SELECT pdf_path FROM signed_documents WHERE visit_id = ?', visitId);
    expect(pdfText(readVisitFile(kiosk.core, signed!.pdf_path)!)).toContain(`Signed by: ${NAME}`);
    const [job] = sql(kiosk, 'SELECT document_path FROM print_jobs WHERE visit_id = ?', visitId);
    expect(pdfText(readVisitFile(kiosk.core, job!.document_path)!).replace(/\s+/g, ' ')).toContain(NAME);
  });
});

describe('a changed, moved or planted file', () => {
  it('is refused with a clear error, never served', async () => {
    const { kiosk, visitId } = await kioskCheckIn();
    const desk = kiosk.client(as('reception'));
    const [row] = sql(
      kiosk,
      'SELECT photo_path FROM visitors WHERE id = (SELECT visitor_id FROM visits WHERE id = ?)',
      visitId,
    );
    const photoFile = path.join(kiosk.dataDir, row!.photo_path);
    const original = readFileSync(photoFile);
    const refused = { code: 'internal', message: REFUSED_FILE };

    // One bit changed.
    const changed = Buffer.from(original);
    changed[changed.length - 20]! ^= 1;
    writeFileSync(photoFile, changed);
    await expect(desk.visits.photo({ visitId })).rejects.toMatchObject(refused);

    // Another visit's sealed file put in its place (the path is bound to the seal).
    const [signature] = sql(kiosk, 'SELECT signature_path FROM signed_documents WHERE visit_id = ?', visitId);
    copyFileSync(path.join(kiosk.dataDir, signature!.signature_path), photoFile);
    await expect(desk.visits.photo({ visitId })).rejects.toMatchObject(refused);

    // A picture of someone else planted in clear.
    writeFileSync(photoFile, png(4, 4));
    await expect(desk.visits.photo({ visitId })).rejects.toMatchObject(refused);

    // The file as it was reads again.
    writeFileSync(photoFile, original);
    expect((await desk.visits.photo({ visitId })).photo).toMatch(/^data:image\/png;base64,/);
  });
});

describe('files an older release wrote in clear', () => {
  it('are sealed at start, once, crash-safely and audited; erasure still removes them', async () => {
    const first = await started();
    const { dataDir } = first;
    const [visit] = (await first.client(as('reception')).visits.today()).visits;
    const photo = png(6, 6);
    const pdf = Buffer.from(`%PDF-1.4 signed by ${NAME}`);
    const folder = path.join(dataDir, 'visits', visit!.id);
    await first.close();
    stations.splice(0); // closed here; the folder is removed with the restarted station

    mkdirSync(folder, { recursive: true, mode: 0o755 });
    writeFileSync(path.join(folder, 'photo.png'), photo, { mode: 0o644 });
    writeFileSync(path.join(folder, 'nda-v1.signed.pdf'), pdf, { mode: 0o644 });
    // A crash in the middle of an earlier sealing left its temporary file behind.
    writeFileSync(path.join(folder, 'photo.png.sealing'), 'half a sealed file');
    const relative = path.join('visits', visit!.id, 'photo.png');
    const restart = () => started({ dataDir, demo: false });

    const station = await restart();
    station.core.db.$client
      .prepare('UPDATE visitors SET photo_path = ? WHERE id = ?')
      .run(relative, visit!.visitor.id);
    expect(readdirSync(folder).sort()).toEqual(['nda-v1.signed.pdf', 'photo.png']);
    for (const name of readdirSync(folder)) {
      const bytes = readFileSync(path.join(folder, name));
      expect(isSealed(bytes)).toBe(true);
      expect(
        bytes.includes(MAGIC.png) || bytes.includes(MAGIC.pdf) || bytes.includes(Buffer.from(NAME)),
      ).toBe(false);
      expect(statSync(path.join(folder, name)).mode & 0o777).toBe(0o600);
    }
    expect(statSync(folder).mode & 0o777).toBe(0o700);
    expect(readVisitFile(station.core, relative)).toEqual(photo);
    expect(readVisitFile(station.core, path.join('visits', visit!.id, 'nda-v1.signed.pdf'))).toEqual(pdf);
    const audited = () =>
      sql(station, "SELECT details FROM audit_entries WHERE action = 'visitFiles.seal'").map((r) =>
        JSON.parse(r.details),
      );
    expect(audited()).toEqual([{ sealed: 2, leftovers: 1 }]);

    // Started again: nothing to seal, nothing changed, no new audit entry.
    const sealedBytes = readFileSync(path.join(folder, 'photo.png'));
    await station.close();
    stations.splice(0);
    const again = await restart();
    expect(readFileSync(path.join(folder, 'photo.png'))).toEqual(sealedBytes);
    expect(
      again.core.db.$client
        .prepare("SELECT count(*) FROM audit_entries WHERE action = 'visitFiles.seal'")
        .pluck()
        .get(),
    ).toBe(1);

    // Erasure reaches the sealed files as it did the plain ones.
    await again.client(as('admin')).privacy.erasePerson({ visitorId: visit!.visitor.id });
    expect(readdirSync(path.join(dataDir, 'visits'))).not.toContain(visit!.id);
  });
});
