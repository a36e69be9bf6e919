// ID documents through the serial scanner path: the ICAO 9303 specimen MRZs and the AAMVA example licence
// sent over a real socat pty pair by the scanner simulator, read by the unchanged driver, and turned by a
// real kiosk station into idDocument.read events (never a scanner.read, never a pass lookup).
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HidPosScannerSimulator, SerialScannerSimulator } from '../../drivers';
import { until } from '../../drivers/common/test-support';
import { staffRepo } from '../../src/db/repos/directory';
import { watchlistRepo } from '../../src/db/repos/watchlist';
import { DEMO_SITE } from '../../src/main/demo';
import { eventFor } from '../../src/main/kiosk/scans';
import { ApiError } from '../../src/shared/errors';
import type { StationEvent } from '../../src/shared/events';
import type { Framing } from '../../drivers/scanners/framing';
import { newId } from '../../src/shared/ids';
import { useHardwareStation } from '../support/hardware-station';
import { AAMVA_2020, MRZ_TD1, MRZ_TD3, MRZ_TD3_BAD_CHECK_DIGIT } from '../support/id-samples';
import { as, tableCounts, tempStation, type TestStation } from '../support/station';

describe('ID documents from the serial scanner', () => {
  const hw = useHardwareStation({ reconnectInitialMs: 50, reconnectMaxMs: 200 });
  const { events, cleanup } = hw;

  async function stationWithScanner(framing: Framing, kind: 'kiosk' | 'desk' | 'gate' = 'kiosk') {
    const scanner = await SerialScannerSimulator.start(`${hw.dir}/scan`, `${hw.dir}/scan-sim`, framing);
    cleanup.push(() => scanner.close());
    const station = await hw.startWith(
      {
        scanners: [{ kind: 'serial', id: 'reader', name: 'Lobby reader', path: scanner.devicePath, framing }],
      },
      {},
      { preset: { kind } },
    );
    await until(() => station.hardware.status().find((d) => d.id === 'reader')?.connected === true);
    return { station, scanner };
  }
  const reads = () =>
    events.filter((e): e is StationEvent<'idDocument.read'> => e.event === 'idDocument.read');
  const take = (station: TestStation, read: string) =>
    station.client(as('visitor')).idDocuments.take({ read });

  it('joins MRZ lines sent one by one into one read the kiosk takes once: name, number, birth date', async () => {
    const { station, scanner } = await stationWithScanner('cr');
    for (const line of MRZ_TD3) await scanner.scan(line);
    await until(() => reads().length === 1);
    for (const line of MRZ_TD1) await scanner.scan(line);
    await until(() => reads().length === 2);

    expect(events.filter((e) => e.event === 'scanner.read')).toEqual([]);
    const [td3, td1] = reads().map((e) => e.payload);
    expect(td3).toMatchObject({ deviceId: 'reader', problem: null, read: expect.stringMatching(/^iddoc:/) });
    // What an anonymous kiosk screen hears names nobody.
    const heard = JSON.stringify(eventFor(station.core, 'visitor', reads()[0]!));
    expect(heard).not.toMatch(/ERIKSSON|Eriksson|L898902C3|1974/);

    expect(await take(station, td3!.read!)).toEqual({
      format: 'TD3',
      kind: 'passport',
      number: 'L898902C3',
      name: 'Anna Maria Eriksson',
      dateOfBirth: '1974-08-12',
    });
    expect(await take(station, td1!.read!)).toMatchObject({
      format: 'TD1',
      kind: 'national_id',
      number: 'D23145890',
    });
    // Each reference answers once: another listener, or a replay, gets nothing.
    const again = await take(station, td3!.read!).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(ApiError);
    expect((again as ApiError).code).toBe('not_found');
  });

  it('reads the AAMVA licence whole in an STX/ETX frame', async () => {
    const { station, scanner } = await stationWithScanner('stx-etx');
    await scanner.scan(AAMVA_2020);
    await until(() => reads().length === 1);
    expect(await take(station, reads()[0]!.payload.read!)).toEqual({
      format: 'AAMVA',
      kind: 'driving_licence',
      number: 'T64235789',
      name: 'Michael John Sample',
      dateOfBirth: '1986-06-06',
    });
  });

  it('reads the AAMVA licence from a scanner whose CR suffix also cuts the barcode at each of its CRs', async () => {
    const { station, scanner } = await stationWithScanner('cr');
    await scanner.scan(AAMVA_2020);
    await until(() => reads().length === 1);
    expect(events.filter((e) => e.event === 'scanner.read')).toEqual([]);
    expect(await take(station, reads()[0]!.payload.read!)).toMatchObject({ number: 'T64235789' });
  });

  it('reads the AAMVA licence from a HID POS 2D scanner (PDF417, many reports), control bytes and all', async () => {
    const sim = new HidPosScannerSimulator();
    sim.plugIn();
    const station = await hw.startWith(
      { scanners: [{ kind: 'hid-pos', id: 'pos', name: 'Desk 2D scanner', path: '/dev/hidraw0' }] },
      { listSerialPorts: async () => [], listHid: async () => [], hidOpener: () => async () => sim.opener() },
      { preset: { kind: 'kiosk' } },
    );
    await until(() => station.hardware.status().find((d) => d.id === 'pos')?.connected === true);
    sim.scan(AAMVA_2020, ']L2');
    await until(() => reads().length === 1);
    expect(events.filter((e) => e.event === 'scanner.read')).toEqual([]);
    expect(await take(station, reads()[0]!.payload.read!)).toMatchObject({
      kind: 'driving_licence',
      number: 'T64235789',
      name: 'Michael John Sample',
    });
  });

  it('refuses a wrong check digit: a read with its problem and no reference, nothing changed', async () => {
    const { station, scanner } = await stationWithScanner('cr');
    const before = tableCounts(station);
    for (const line of MRZ_TD3_BAD_CHECK_DIGIT) await scanner.scan(line);
    await until(() => reads().length === 1);
    expect(reads()[0]!.payload).toMatchObject({ read: null, problem: 'check_digit' });
    // Half an MRZ, then silence: unreadable.
    await scanner.scan(MRZ_TD1[0]!);
    await until(() => reads().length === 2);
    expect(reads()[1]!.payload).toMatchObject({ read: null, problem: 'unreadable' });
    // A pass code after it is still a pass code.
    await scanner.scan('GH1:PASS-42');
    await until(() => events.some((e) => e.event === 'scanner.read'));
    expect(tableCounts(station)).toEqual(before);
  });

  it('checks in with what the kiosk took: the document number and the name are screened', async () => {
    const { station, scanner } = await stationWithScanner('cr');
    watch(station, 'L898902C3');
    for (const line of MRZ_TD3) await scanner.scan(line);
    await until(() => reads().length === 1);
    const kiosk = station.client(as('visitor'));
    const document = await take(station, reads()[0]!.payload.read!);
    const { types } = await kiosk.visitorTypes.list();
    const contractor = types.find((t) => t.names.en === 'Contractor')!;
    const { documents } = await kiosk.kiosk.documents({ visitorTypeId: contractor.id, language: 'en' });
    const result = await kiosk.kiosk.checkIn({
      visitorTypeId: contractor.id,
      language: 'en',
      visitor: { name: document.name },
      hostId: (await kiosk.kiosk.findHosts({ query: 'Ana Ruiz' })).hosts[0]!.id,
      customFields: { work_permit: 'WP-12' },
      signatures: documents.map((d) => ({ documentId: d.id, typedName: document.name })),
      photo: TINY_PNG,
      idDocumentKind: document.kind,
      idDocumentNumber: document.number,
    });
    expect(result).toEqual({ outcome: 'see_reception' });
    const alert = events.find((e): e is StationEvent<'security.alert'> => e.event === 'security.alert');
    expect(alert?.payload).toMatchObject({ level: 'deny', visitorName: 'Anna Maria Eriksson' });
    const [audit] = station.core.db.$client
      .prepare("SELECT details FROM audit_entries WHERE action = 'kiosk.checkIn' AND outcome = 'ok'")
      .all() as Array<{ details: string }>;
    expect(JSON.parse(audit!.details)).toMatchObject({ idDocument: { kind: 'passport', last2: 'C3' } });
  });

  it('at the desk, a licence read fills the walk-in: the number meets the ID rule and is screened', async () => {
    const { station, scanner } = await stationWithScanner('stx-etx', 'desk');
    watch(station, 'T64235789');
    await scanner.scan(AAMVA_2020);
    await until(() => reads().length === 1);
    const desk = station.client(as('reception'));
    const document = await desk.idDocuments.take({ read: reads()[0]!.payload.read! });
    const { types } = await desk.visitorTypes.list();
    const walkIn = {
      visitor: { name: document.name },
      hostId: (await desk.kiosk.findHosts({ query: 'Ana Ruiz' })).hosts[0]!.id,
      visitorTypeId: types.find((t) => t.names.en === 'Contractor')!.id,
      confirmed: ['documents' as const, 'photo' as const, 'approval' as const],
    };
    // Refused first: half a document number, or a number without its kind; nothing changes.
    const before = tableCounts(station);
    for (const bad of [
      { idDocumentKind: document.kind, idDocumentNumber: 'T6-4' },
      { idDocumentNumber: document.number },
    ]) {
      const refused = await desk.visits.walkIn({ ...walkIn, ...bad }).catch((e: unknown) => e);
      expect((refused as ApiError).code).toBe('invalid_input');
    }
    expect(tableCounts(station)).toEqual(before);

    const visit = await desk.visits.walkIn({
      ...walkIn,
      idDocumentKind: document.kind,
      idDocumentNumber: document.number,
    });
    // Held for the desk, not on site: the number matched a deny entry whose name is nothing like his.
    expect(visit).toMatchObject({ status: 'pending_approval', visitor: { name: 'Michael John Sample' } });
    expect(events.find((e) => e.event === 'security.alert')?.payload).toMatchObject({ level: 'deny' });
    const [audit] = station.core.db.$client
      .prepare("SELECT details FROM audit_entries WHERE action = 'visits.walkIn' AND outcome = 'ok'")
      .all() as Array<{ details: string }>;
    const details = JSON.parse(audit!.details) as { idDocument: unknown; input: Record<string, unknown> };
    expect(details.idDocument).toMatchObject({ kind: 'driving_licence', last2: '89' });
    expect(details.input.idDocumentNumber).toBe('[redacted]');
  });

  it('at a gate, a document is no pass: no gate decision, and its anonymous screens hear nothing of it', async () => {
    const { station, scanner } = await stationWithScanner('cr', 'gate');
    for (const line of MRZ_TD3) await scanner.scan(line);
    await until(() => reads().length === 1);
    await scanner.scan('NOT-A-PASS');
    await until(() => events.some((e) => e.event === 'gate.verdict'));
    expect(events.filter((e) => e.event === 'gate.verdict')).toHaveLength(1);
    expect(eventFor(station.core, 'visitor', reads()[0]!)).toBeNull();
    const refused = await take(station, reads()[0]!.payload.read!).catch((e: unknown) => e);
    expect((refused as ApiError).code).toBe('forbidden');
  });
});

/** A deny entry on the watchlist with this document number and a name unlike the document's. */
function watch(station: TestStation, idNumber: string) {
  const at = station.core.now().toISOString();
  watchlistRepo.insert(station.core.db, {
    id: newId(),
    name: 'Somebody Else Entirely',
    idNumber,
    reason: 'Trespass order',
    level: 'deny',
    createdAt: at,
    updatedAt: at,
  });
}

const TINY_PNG =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

describe("what is kept of an ID number: the site's idNumberKept", () => {
  let station: TestStation;
  beforeEach(async () => {
    station = await tempStation({ preset: { kind: 'kiosk' } });
  });
  afterEach(() => station.dispose());

  async function checkInWithPassport(keep: 'last2_and_hash' | 'hash' | 'none') {
    const admin = staffRepo.findByLogin(station.core.db, DEMO_SITE.id, 'admin')!;
    await station.client(as('admin', admin.id)).settings.updateSite({ idNumberKept: keep });
    const kiosk = station.client(as('visitor'));
    const { types } = await kiosk.visitorTypes.list();
    const contractor = types.find((t) => t.names.en === 'Contractor')!;
    const { documents } = await kiosk.kiosk.documents({ visitorTypeId: contractor.id, language: 'en' });
    const name = 'Anna Maria Eriksson';
    await kiosk.kiosk.checkIn({
      visitorTypeId: contractor.id,
      language: 'en',
      visitor: { name },
      hostId: (await kiosk.kiosk.findHosts({ query: 'Ana Ruiz' })).hosts[0]!.id,
      customFields: { work_permit: 'WP-12' },
      signatures: documents.map((d) => ({ documentId: d.id, typedName: name })),
      photo: TINY_PNG,
      idDocumentKind: 'passport',
      idDocumentNumber: 'L898902C3',
      idDocumentPhoto: TINY_PNG,
    });
    const [audit] = station.core.db.$client
      .prepare("SELECT details FROM audit_entries WHERE action = 'kiosk.checkIn' AND outcome = 'ok'")
      .all() as Array<{ details: string }>;
    return (JSON.parse(audit!.details) as { idDocument: Record<string, string> }).idDocument;
  }

  it('by default the last 2, a keyed digest and the photo of the document', async () => {
    const kept = await checkInWithPassport('last2_and_hash');
    expect(Object.keys(kept).sort()).toEqual(['digest', 'kind', 'last2', 'photoPath']);
    expect(kept.last2).toBe('C3');
    expect(existsSync(path.join(station.dataDir, kept.photoPath!))).toBe(true);
  });

  it('with "hash", only the digest: no last 2 and no photo of the document', async () => {
    const kept = await checkInWithPassport('hash');
    expect(kept).toEqual({ kind: 'passport', digest: expect.stringMatching(/^hmac1:[0-9a-f]{64}$/) });
    expect(readdirSync(path.join(station.dataDir, 'visits'), { recursive: true })).not.toContainEqual(
      expect.stringMatching(/id-document/),
    );
  });

  it('with "none", the kind alone', async () => {
    expect(await checkInWithPassport('none')).toEqual({ kind: 'passport' });
    const dump = station.core.db.$client.serialize().toString('latin1');
    expect(dump).not.toMatch(/L898902C3|02C3/);
  });
});
