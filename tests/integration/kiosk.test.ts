// The kiosk journeys through the real dispatcher on a real demo station: what the visitor is told, and
// what the station records (visit, pass, badge job, notification, signed documents, incidents, audit).
import { existsSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import path from 'node:path';
import { PNG } from 'pngjs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { staffRepo } from '../../src/db/repos/directory';
import { watchlistRepo } from '../../src/db/repos/watchlist';
import { newId } from '../../src/shared/ids';
import { DEMO_SITE } from '../../src/main/demo';
import { kioskRendersSettled } from '../../src/main/kiosk/renders';
import { readVisitFile } from '../../src/main/kiosk/files';
import { waitTokenFor } from '../../src/main/kiosk/wait-token';
import { checkPass } from '../../src/main/passes/service';
import type { OutputOf } from '../../src/shared/api';
import type { Client } from '../../src/shared/client';
import { ApiError } from '../../src/shared/errors';
import { applyAll, rowOf } from '../../src/shared/merge';
import { canReceive, type StationEvent } from '../../src/shared/events';
import { pdfText } from '../support/decode-qr';
import { as, tableCounts, tempStation, type TestStation } from '../support/station';

/** A small signature-like PNG, as the kiosk's canvas would send it. */
function signaturePng(): string {
  const png = new PNG({ width: 40, height: 20 });
  png.data.fill(255);
  for (let x = 2; x < 38; x++) {
    const i = (10 * 40 + x) * 4;
    png.data[i] = png.data[i + 1] = png.data[i + 2] = 0;
  }
  return `data:image/png;base64,${PNG.sync.write(png).toString('base64')}`;
}

let station: TestStation;
let kiosk: Client;
let events: StationEvent[];

beforeEach(async () => {
  station = await tempStation({ preset: { kind: 'kiosk' } });
  kiosk = station.client(as('visitor'));
  events = [];
  station.onEvent((e) => events.push(e));
});
afterEach(() => station.dispose());

type Types = OutputOf<'visitorTypes.list'>['types'];
async function typeNamed(name: string): Promise<Types[number]> {
  const { types } = await kiosk.visitorTypes.list();
  return types.find((t) => t.names.en === name)!;
}
async function hostId(query = 'Ana Ruiz'): Promise<string> {
  return (await kiosk.kiosk.findHosts({ query })).hosts[0]!.id;
}
async function walkInInput(name = 'Ada Lovelace', typeName = 'Visitor') {
  const type = await typeNamed(typeName);
  const { documents } = await kiosk.kiosk.documents({ visitorTypeId: type.id, language: 'es' });
  return {
    visitorTypeId: type.id,
    language: 'es' as const,
    visitor: { name, company: 'Analytical Engines', email: 'ada@engines.example' },
    hostId: await hostId(),
    customFields: {},
    signatures: documents.map((d) => ({ documentId: d.id, png: signaturePng() })),
  };
}
const sql = (s: string, ...args: unknown[]) => station.core.db.$client.prepare(s).all(...args);
const visitorHears = () => events.filter((e) => canReceive('visitor', e));

describe('walk-in check-in', () => {
  it('checks in, issues a pass that verifies, queues the badge, tells the host and keeps the signed NDA', async () => {
    const result = await kiosk.kiosk.checkIn(await walkInInput());
    expect(result.outcome).toBe('checked_in');
    if (result.outcome !== 'checked_in') return;
    expect(result).toMatchObject({ firstName: 'Ada', hostName: 'Ana Ruiz', hostNotified: true });

    const [visit] = sql('SELECT status, checked_in_at FROM visits WHERE id = ?', result.visitId) as Array<{
      status: string;
    }>;
    expect(visit!.status).toBe('checked_in');

    const checked = checkPass(station.core.db, result.passToken, {
      siteId: DEMO_SITE.id,
      zoneId: null,
      now: new Date(),
    });
    expect(checked.ok).toBe(true);
    expect(checked.row).toMatchObject({ visitId: result.visitId, multiEntry: true, zoneIds: [] });

    const jobs = sql(
      'SELECT status, last_error_code AS code, content, document_path FROM print_jobs WHERE visit_id = ?',
      result.visitId,
    ) as Array<{
      status: string;
      code: string | null;
      content: string;
      document_path: string;
    }>;
    expect(jobs).toHaveLength(1);
    // No printer is set up here: the badge waits, or after its one try is kept for reception (no_printer).
    expect(jobs[0]!.status === 'queued' || jobs[0]!.code === 'no_printer').toBe(true);
    expect(JSON.parse(jobs[0]!.content)).toMatchObject({
      name: 'Ada Lovelace',
      hostLine: 'Anfitrión: Ana Ruiz',
    });

    const notes = sql('SELECT kind, status, host_id FROM notifications WHERE visit_id = ?', result.visitId);
    expect(notes).toEqual([{ kind: 'visitor.arrived', status: 'pending', host_id: await hostId() }]);
    expect(events.map((e) => e.event)).toContain('notification.created');

    // The badge PDF and the signed copy are rendered after commit, into the visit's folder.
    await kioskRendersSettled(station.core);
    // (The QR on the badge carries the pass token; decoding it back is badge-pdf's own test.)
    const badge = readVisitFile(station.core, jobs[0]!.document_path)!;
    expect(pdfText(badge).replace(/\s+/g, ' ')).toContain(
      'Ada Lovelace Analytical Engines Anfitrión: Ana Ruiz',
    );
    expect(JSON.parse(jobs[0]!.content).qrText).toBe(result.passToken);

    const [audit] = sql(
      "SELECT details FROM audit_entries WHERE action = 'kiosk.checkIn' AND outcome = 'ok'",
    ) as Array<{ details: string }>;
    const details = JSON.parse(audit!.details) as {
      visitId: string;
      passId: string;
      signedDocuments: Array<{ id: string; key: string; version: number; sha256: string }>;
    };
    expect(details.visitId).toBe(result.visitId);
    expect(details.passId).toBe(checked.row!.id);
    // The signature is a row of its own; the audit entry names it with the hash of that record.
    expect(details.signedDocuments).toMatchObject([{ key: 'nda', version: 1, method: 'drawn' }]);
    const [signed] = sql(
      'SELECT * FROM signed_documents WHERE id = ?',
      details.signedDocuments[0]!.id,
    ) as Array<{
      signature_path: string;
      pdf_path: string;
    }>;
    expect(signed).toMatchObject({ visit_id: result.visitId, key: 'nda', version: 1, language: 'es' });
    expect(details.signedDocuments[0]!.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(existsSync(path.join(station.dataDir, signed!.signature_path))).toBe(true);
    const text = pdfText(readVisitFile(station.core, signed!.pdf_path)!);
    expect(text).toContain('Acuerdo de confidencialidad');
    expect(text).toContain('Firmado por: Ada Lovelace');
    expect(text).toContain('Versión 1');
  });

  it('keeps the visitor’s name, company and e-mail out of the audit log, as hashes only (issue #15)', async () => {
    await kiosk.kiosk.checkIn(await walkInInput());
    const dump = JSON.stringify(sql('SELECT * FROM audit_entries'));
    expect(dump).toContain('kiosk.checkIn');
    for (const personal of ['Ada', 'Lovelace', 'Analytical Engines', 'ada@engines.example']) {
      expect(dump).not.toContain(personal);
    }
    expect(dump).toMatch(/sha256:[0-9a-f]{64}/);
  });

  it('its ops give the same visit after the merge, check-in time included', async () => {
    const result = await kiosk.kiosk.checkIn(await walkInInput());
    if (result.outcome !== 'checked_in') throw new Error(result.outcome);
    const ops = sql(
      'SELECT type, entity_id, payload, occurred_at, station_seq FROM outbox_ops WHERE entity_id = ? ORDER BY station_seq',
      result.visitId,
    ) as Array<{
      type: string;
      entity_id: string;
      payload: string;
      occurred_at: string;
      station_seq: number;
    }>;
    const merged = applyAll(
      undefined,
      ops.map((op) => ({
        op: {
          type: op.type,
          entityId: op.entity_id,
          siteId: DEMO_SITE.id,
          payload: JSON.parse(op.payload) as Record<string, unknown>,
          occurredAt: op.occurred_at,
        },
        version: op.station_seq,
      })),
    )!;
    // A visit.create carrying checkedInAt: null would be kept as the first check-in time.
    const [local] = sql('SELECT status, checked_in_at FROM visits WHERE id = ?', result.visitId) as Array<{
      status: string;
      checked_in_at: string;
    }>;
    expect(rowOf(merged)).toMatchObject({ status: 'checked_in', checkedInAt: local!.checked_in_at });
  });

  it('refuses a missing signature or custom field and changes nothing', async () => {
    const before = tableCounts(station);
    const input = await walkInInput();
    const error = await kiosk.kiosk.checkIn({ ...input, signatures: [] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).fields).toHaveProperty(['signatures.nda']);

    const delivery = await typeNamed('Delivery');
    const bad = await kiosk.kiosk
      .checkIn({ ...input, visitorTypeId: delivery.id, signatures: [], customFields: { carrier: 'Pigeon' } })
      .catch((e: unknown) => e);
    expect((bad as ApiError).fields).toHaveProperty(['customFields.carrier']);
    expect((bad as ApiError).fields?.['customFields.carrier']?.code).toBe('invalid_format');

    const notAnImage = await kiosk.kiosk
      .checkIn({ ...input, photo: 'data:image/png;base64,aGVsbG8=' })
      .catch((e: unknown) => e);
    expect((notAnImage as ApiError).fields).toHaveProperty(['photo']);

    expect(tableCounts(station)).toEqual(before);
    expect(existsSync(path.join(station.dataDir, 'visits'))).toBe(false);
  });

  it('recognises a returning visitor by e-mail with a masked contact, and never shows their details', async () => {
    await kiosk.kiosk.checkIn(await walkInInput());
    const byEmail = await kiosk.kiosk.recognise({ email: 'ADA@engines.example' });
    expect(byEmail.candidates).toEqual([
      { visitorId: expect.any(String), maskedContact: 'a***@engines.example' },
    ]);
    const recalled = await kiosk.kiosk.recall({ visitorId: byEmail.candidates[0]!.visitorId, consent: true });
    expect(recalled).toEqual({
      visitorId: byEmail.candidates[0]!.visitorId,
      maskedContact: 'a***@engines.example',
    });
  });
});

function watch(name: string, level: 'deny' | 'alert', idNumber: string | null = null) {
  const at = new Date().toISOString();
  watchlistRepo.insert(station.core.db, {
    id: newId(),
    name,
    idNumber,
    reason: 'Trespass order 2026-114',
    level,
    createdAt: at,
    updatedAt: at,
  });
}

describe('screening', () => {
  it('a deny hit tells the visitor only "see reception", opens an incident and alerts security silently', async () => {
    watch('Victor Villain', 'deny');
    const result = await kiosk.kiosk.checkIn(await walkInInput('Victor Vilain'));
    expect(result).toEqual({ outcome: 'see_reception' });

    const alerts = events.filter((e) => e.event === 'security.alert');
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.payload).toMatchObject({ level: 'deny', visitorName: 'Victor Vilain' });
    expect(canReceive('security', alerts[0]!)).toBe(true);
    expect(JSON.stringify(visitorHears())).not.toMatch(/Villain|Trespass|watchlist/i);

    expect(sql('SELECT kind, status FROM incidents')).toEqual([{ kind: 'watchlist_hit', status: 'open' }]);
    expect(sql('SELECT status FROM visits WHERE id IN (SELECT visit_id FROM incidents)')).toEqual([
      { status: 'pending_approval' },
    ]);
    expect(sql('SELECT count(*) AS n FROM passes')).toEqual([{ n: 0 }]);
    expect(sql('SELECT count(*) AS n FROM print_jobs')).toEqual([{ n: 0 }]);
  });

  it('an alert hit lets the visit go on and alerts security', async () => {
    watch('Ada Lovelace', 'alert');
    const result = await kiosk.kiosk.checkIn(await walkInInput());
    expect(result.outcome).toBe('checked_in');
    const alert = events.find((e) => e.event === 'security.alert');
    expect(alert?.payload).toMatchObject({ level: 'alert', incidentId: null });
  });
});

describe('approval', () => {
  async function contractorInput() {
    const input = await walkInInput('Bob Fixer', 'Contractor');
    const photo = signaturePng();
    return {
      ...input,
      customFields: { work_permit: 'WP-12' },
      photo,
      idDocumentKind: 'passport' as const,
      idDocumentNumber: 'X1234567',
    };
  }

  it('waits for the host; a desk approval lets the kiosk finish the check-in', async () => {
    const result = await kiosk.kiosk.checkIn(await contractorInput());
    expect(result).toMatchObject({
      outcome: 'waiting_for_approval',
      hostName: 'Ana Ruiz',
      timeoutSeconds: 180,
    });
    if (result.outcome !== 'waiting_for_approval') return;
    expect(
      await kiosk.kiosk.visitStatus({ visitId: result.visitId, waitToken: result.waitToken }),
    ).toMatchObject({ state: 'waiting' });
    await expect(
      kiosk.kiosk.finishApproved({ visitId: result.visitId, waitToken: result.waitToken, language: 'en' }),
    ).rejects.toMatchObject({
      code: 'conflict',
    });

    const reception = staffRepo.findByLogin(station.core.db, DEMO_SITE.id, 'reception')!;
    await station
      .client(as('reception', reception.id))
      .visits.decide({ visitId: result.visitId, decision: 'approve' });
    expect(visitorHears()).toContainEqual({
      event: 'kiosk.visitUpdate',
      payload: {},
    });
    const done = await kiosk.kiosk.finishApproved({
      visitId: result.visitId,
      waitToken: result.waitToken,
      language: 'en',
    });
    expect(done).toMatchObject({ outcome: 'checked_in', firstName: 'Bob' });
  });

  it('after the timeout the kiosk says "see reception" while the desk still sees it pending', async () => {
    let now = new Date();
    station.dispose();
    station = await tempStation({ preset: { kind: 'kiosk' }, now: () => now });
    kiosk = station.client(as('visitor'));
    const result = await kiosk.kiosk.checkIn(await contractorInput());
    if (result.outcome !== 'waiting_for_approval') throw new Error(result.outcome);
    now = new Date(now.getTime() + 181_000);
    expect(
      await kiosk.kiosk.visitStatus({ visitId: result.visitId, waitToken: result.waitToken }),
    ).toMatchObject({
      state: 'see_reception',
    });
    expect(sql('SELECT status FROM visits WHERE id = ?', result.visitId)).toEqual([
      { status: 'pending_approval' },
    ]);
  });
});

describe('invites', () => {
  function invite(code: string, expectedAt: Date, status = 'expected') {
    const [row] = sql(
      "SELECT v.id FROM visits v JOIN visitors p ON p.id = v.visitor_id WHERE p.name = 'Grace Hopper'",
    ) as Array<{
      id: string;
    }>;
    station.core.db.$client
      .prepare('UPDATE visits SET invite_code = ?, expected_at = ?, status = ? WHERE id = ?')
      .run(code, expectedAt.toISOString(), status, row!.id);
    return row!.id;
  }

  it('a valid code greets by first name and asks only for what is missing, then checks in', async () => {
    const visitId = invite('AB12CD', new Date());
    const found = await kiosk.kiosk.findInvite({ invite: 'ab12-cd', language: 'fr' });
    expect(found).toMatchObject({
      status: 'valid',
      firstName: 'Grace',
      hostName: 'Ana Ruiz',
      photo: 'optional',
    });
    if (found.status !== 'valid') return;
    expect(found.documents.map((d) => d.title)).toEqual(['Accord de confidentialité']);
    const result = await kiosk.kiosk.checkInInvite({
      invite: 'AB12CD',
      language: 'fr',
      signatures: found.documents.map((d) => ({ documentId: d.id, png: signaturePng() })),
    });
    expect(result).toMatchObject({ outcome: 'checked_in', visitId, firstName: 'Grace' });
    expect(await kiosk.kiosk.findInvite({ invite: 'AB12CD', language: 'fr' })).toEqual({ status: 'used' });
  });

  it('says plainly when an invite is not yet valid, expired or unknown', async () => {
    invite('TOMORROW1', new Date(Date.now() + 2 * 86_400_000));
    expect(await kiosk.kiosk.findInvite({ invite: 'TOMORROW1', language: 'en' })).toEqual({
      status: 'not_yet_valid',
    });
    invite('LASTWEEK1', new Date(Date.now() - 7 * 86_400_000));
    expect(await kiosk.kiosk.findInvite({ invite: 'LASTWEEK1', language: 'en' })).toEqual({
      status: 'expired',
    });
    expect(await kiosk.kiosk.findInvite({ invite: 'NOSUCH99', language: 'en' })).toEqual({
      status: 'not_found',
    });
    const before = tableCounts(station);
    await expect(kiosk.kiosk.checkInInvite({ invite: 'LASTWEEK1', language: 'en' })).rejects.toMatchObject({
      code: 'conflict',
    });
    expect(tableCounts(station)).toEqual(before);
  });
});

describe('check-out', () => {
  it('by scanned badge QR, and the pass stops working', async () => {
    const result = await kiosk.kiosk.checkIn(await walkInInput());
    if (result.outcome !== 'checked_in') throw new Error(result.outcome);
    expect(await kiosk.kiosk.checkOut({ passToken: result.passToken })).toEqual({ firstName: 'Ada' });
    expect(sql('SELECT status, check_out_method FROM visits WHERE id = ?', result.visitId)).toEqual([
      { status: 'checked_out', check_out_method: 'kiosk' },
    ]);
    const again = checkPass(station.core.db, result.passToken, {
      siteId: DEMO_SITE.id,
      zoneId: null,
      now: new Date(),
    });
    expect(again.ok).toBe(false);
    await expect(kiosk.kiosk.checkOut({ passToken: result.passToken })).rejects.toMatchObject({
      code: 'not_found',
    });
  });

  it('without the badge by full name and the contact given, showing only first name and initial', async () => {
    await kiosk.kiosk.checkIn(await walkInInput());
    const me = { name: 'ada lovelace', contact: 'ada@engines.example' };
    const { people } = await kiosk.kiosk.findForCheckOut(me);
    expect(people).toEqual([{ displayName: 'Ada L.', since: expect.any(String) }]);
    expect(await kiosk.kiosk.checkOut(me)).toEqual({ firstName: 'Ada' });
    expect((await kiosk.kiosk.findForCheckOut(me)).people).toEqual([]);
  });
});

describe('host search', () => {
  it('finds hosts from 3 letters despite typos and accents', async () => {
    const names = async (query: string) => (await kiosk.kiosk.findHosts({ query })).hosts.map((h) => h.name);
    expect(await names('jose mul')).toEqual(['José Müller']);
    expect(await names('Jurgen Weis')).toEqual(['Jürgen Weiß']);
    expect(await names('priya natrajan')).toEqual(['Priya Natarajan']);
    expect(await names('chlo')).toEqual(['Chloé Dubois']);
    expect(await names('zzzz')).toEqual([]);
  });

  it('with the directory hidden, only a full name finds a host', async () => {
    const admin = staffRepo.findByLogin(station.core.db, DEMO_SITE.id, 'admin')!;
    await station.client(as('admin', admin.id)).settings.updateSite({ hideHostDirectory: true });
    expect(await kiosk.kiosk.findHosts({ query: 'Ana' })).toEqual({ hosts: [], fullNameRequired: true });
    expect(await kiosk.kiosk.findHosts({ query: 'Ana Ruis' })).toMatchObject({
      hosts: [{ name: 'Ana Ruiz' }],
    });
  });
});

describe('offline', () => {
  it('every kiosk journey completes with no sync server configured; the changes wait in the outbox', async () => {
    expect(sql("SELECT count(*) AS n FROM settings WHERE key LIKE '%sync%'")).toEqual([{ n: 0 }]);
    const before = (sql('SELECT count(*) AS n FROM outbox_ops') as Array<{ n: number }>)[0]!.n;
    const result = await kiosk.kiosk.checkIn(await walkInInput());
    if (result.outcome !== 'checked_in') throw new Error(result.outcome);
    await kiosk.kiosk.checkOut({ passToken: result.passToken });
    const types = (sql('SELECT type FROM outbox_ops') as Array<{ type: string }>)
      .slice(before)
      .map((r) => r.type);
    expect(types).toEqual(
      expect.arrayContaining(['visitor.upsert', 'visit.create', 'visit.status', 'pass.issue', 'pass.status']),
    );
  });
});

describe('printer trouble', () => {
  it('a printer that is offline never blocks the check-in: the job waits, the visitor is told to see reception', async () => {
    // A ZPL printer on a port where nothing listens.
    const port = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const { port } = server.address() as AddressInfo;
        server.close(() => resolve(port));
      });
    });
    const admin = staffRepo.findByLogin(station.core.db, DEMO_SITE.id, 'admin')!;
    const staff = station.client(as('admin', admin.id));
    await staff.devices.configure({
      printers: [{ kind: 'zpl', id: 'badges', name: 'Lobby badges', host: '127.0.0.1', port }],
    });
    // The devices reopen after the configuration commits; then a test print finds the printer offline.
    await vi.waitFor(() => expect(station.core.hardware.status().map((d) => d.id)).toContain('badges'));
    expect(await staff.devices.test({ deviceId: 'badges', timeoutMs: 2000 })).toMatchObject({ ok: false });
    expect(station.core.hardware.status()).toContainEqual(
      expect.objectContaining({ id: 'badges', connected: false }),
    );

    const result = await kiosk.kiosk.checkIn(await walkInInput());
    expect(result).toMatchObject({ outcome: 'checked_in', badgeQueued: false });
    expect(sql('SELECT printer FROM print_jobs')).toEqual([{ printer: 'badges' }]);
  });
});

describe('site capacity', () => {
  it('a full site sends the visitor to reception; the desk sees the visit pending and may admit it over capacity', async () => {
    const admin = staffRepo.findByLogin(station.core.db, DEMO_SITE.id, 'admin')!;
    const reception = station.client(
      as('reception', staffRepo.findByLogin(station.core.db, DEMO_SITE.id, 'reception')!.id),
    );
    const { people } = await reception.desk.onSite();
    await station.client(as('admin', admin.id)).settings.updateSite({ capacity: people.length + 1 });
    expect((await kiosk.kiosk.checkIn(await walkInInput())).outcome).toBe('checked_in');

    const full = await kiosk.kiosk.checkIn(await walkInInput('Grace Hopper'));
    expect(full).toEqual({ outcome: 'see_reception' });
    const [visit] = sql(
      "SELECT v.id, v.status FROM visits v JOIN visitors p ON p.id = v.visitor_id WHERE p.name = 'Grace Hopper' AND v.created_by_station_id IS NOT NULL ORDER BY v.created_at DESC LIMIT 1",
    ) as Array<{ id: string; status: string }>;
    expect(visit!.status).toBe('pending_approval');
    expect(sql('SELECT count(*) AS n FROM passes WHERE visit_id = ?', visit!.id)).toEqual([{ n: 0 }]);
    expect((await reception.desk.pending()).visits.map((v) => v.id)).toContain(visit!.id);

    await reception.visits.decide({ visitId: visit!.id, decision: 'approve' });
    await expect(reception.visits.admit({ visitId: visit!.id, overCapacity: false })).rejects.toMatchObject({
      fields: { capacity: { code: 'too_big' } },
    });
    expect(await reception.visits.admit({ visitId: visit!.id, overCapacity: true })).toMatchObject({
      status: 'checked_in',
    });
  });
});

describe('holds on an approved invite', () => {
  /** Grace Hopper's demo visit as an invite the desk has already approved. */
  function approvedInvite(code: string) {
    const [row] = sql(
      "SELECT v.id FROM visits v JOIN visitors p ON p.id = v.visitor_id WHERE p.name = 'Grace Hopper'",
    ) as Array<{ id: string }>;
    station.core.db.$client
      .prepare("UPDATE visits SET invite_code = ?, expected_at = ?, status = 'approved' WHERE id = ?")
      .run(code, new Date().toISOString(), row!.id);
    return row!.id;
  }
  const reception = () =>
    station.client(as('reception', staffRepo.findByLogin(station.core.db, DEMO_SITE.id, 'reception')!.id));
  const visitOf = (id: string) => sql('SELECT status, hold FROM visits WHERE id = ?', id)[0];
  /** The visitor scans the invite and signs what it asks for. */
  async function arriveWith(invite: string) {
    const found = await kiosk.kiosk.findInvite({ invite, language: 'en' });
    if (found.status !== 'valid') throw new Error(found.status);
    const signatures = found.documents.map((d) => ({ documentId: d.id, png: signaturePng() }));
    return kiosk.kiosk.checkInInvite({ invite, language: 'en', signatures });
  }
  const opsOf = (id: string) =>
    (
      sql('SELECT type, payload FROM outbox_ops WHERE entity_id = ? ORDER BY station_seq', id) as Array<{
        type: string;
        payload: string;
      }>
    ).map((op) => [op.type, JSON.parse(op.payload) as Record<string, unknown>] as const);

  it('a full site holds it for the desk without moving it back to pending; only a decision clears the hold', async () => {
    const admin = staffRepo.findByLogin(station.core.db, DEMO_SITE.id, 'admin')!;
    const { people } = await reception().desk.onSite();
    await station.client(as('admin', admin.id)).settings.updateSite({ capacity: people.length + 1 });
    expect((await kiosk.kiosk.checkIn(await walkInInput())).outcome).toBe('checked_in');
    const visitId = approvedInvite('HOLD2345');

    expect(await arriveWith('HOLD2345')).toEqual({
      outcome: 'see_reception',
    });
    expect(visitOf(visitId)).toEqual({ status: 'approved', hold: 'capacity' });
    // No status op goes back to pending_approval: the hold is its own fact for sync.
    expect(opsOf(visitId)).toEqual([['visit.update', { hold: 'capacity' }]]);
    expect((await reception().desk.pending()).visits.map((v) => v.id)).toContain(visitId);
    // Even with the wait token a kiosk would hold for it, a held visit is not finished at the kiosk.
    const waitToken = waitTokenFor(station.core, visitId);
    expect(await kiosk.kiosk.visitStatus({ visitId, waitToken })).toMatchObject({ state: 'see_reception' });
    await expect(kiosk.kiosk.finishApproved({ visitId, waitToken, language: 'en' })).rejects.toMatchObject({
      code: 'conflict',
    });
    expect(await kiosk.kiosk.findInvite({ invite: 'HOLD2345', language: 'en' })).toEqual({
      status: 'expired',
    });

    await reception().visits.decide({ visitId, decision: 'approve' });
    expect(visitOf(visitId)).toEqual({ status: 'approved', hold: null });
    expect((await reception().desk.pending()).visits.map((v) => v.id)).not.toContain(visitId);
    expect(await reception().visits.admit({ visitId, overCapacity: true })).toMatchObject({
      status: 'checked_in',
    });
  });

  it('a watchlist deny holds it for security and the desk; the desk may deny it', async () => {
    watch('Grace Hopper', 'deny');
    const visitId = approvedInvite('HOLD6789');
    expect(await arriveWith('HOLD6789')).toEqual({
      outcome: 'see_reception',
    });
    expect(visitOf(visitId)).toEqual({ status: 'approved', hold: 'watchlist' });
    expect((await reception().desk.pending()).visits.map((v) => v.id)).toContain(visitId);
    await reception().visits.decide({ visitId, decision: 'deny', reason: 'On the watchlist' });
    expect(visitOf(visitId)).toEqual({ status: 'denied', hold: null });
  });
});

describe('typed signature (keyboard only)', () => {
  const typed = (input: Awaited<ReturnType<typeof walkInInput>>, typedName: string) => ({
    ...input,
    signatures: input.signatures.map((s) => ({ documentId: s.documentId, typedName })),
  });

  it('signs by typing the full name: the signed copy shows it as typed, the audit records it as typed', async () => {
    const result = await kiosk.kiosk.checkIn(typed(await walkInInput(), 'ada  LOVELACE'));
    expect(result.outcome).toBe('checked_in');
    await kioskRendersSettled(station.core);
    const [audit] = sql(
      "SELECT details FROM audit_entries WHERE action = 'kiosk.checkIn' AND outcome = 'ok'",
    ) as Array<{ details: string }>;
    const [named] = (JSON.parse(audit!.details) as { signedDocuments: Array<Record<string, string>> })
      .signedDocuments;
    expect(named).toMatchObject({ key: 'nda', method: 'typed' });
    const [signed] = sql('SELECT * FROM signed_documents WHERE id = ?', named!.id) as Array<{
      pdf_path: string;
    }>;
    expect(signed).toMatchObject({ method: 'typed', typed_name: 'ada  LOVELACE', signature_path: null });
    const text = pdfText(readVisitFile(station.core, signed!.pdf_path)!);
    expect(text).toContain('ada LOVELACE');
    expect(text).toContain('(Firma escrita)');
    expect(text).toContain('Firmado por: Ada Lovelace');
  });

  it('refuses a typed name that is not the visitor’s, and changes nothing', async () => {
    const before = tableCounts(station);
    const error = await kiosk.kiosk
      .checkIn(typed(await walkInInput(), 'Charles Babbage'))
      .catch((e: unknown) => e);
    expect((error as ApiError).fields?.['signatures.nda']).toMatchObject({
      code: 'signature_mismatch',
      message: 'To sign by typing, type your full name as you gave it.',
    });
    expect(tableCounts(station)).toEqual(before);
  });
});

describe('ID document (visitor types with requiresId)', () => {
  async function contractor(id: {
    idDocumentKind?: 'passport';
    idDocumentNumber?: string;
    idDocumentPhoto?: string;
  }) {
    const input = await walkInInput('Bob Fixer', 'Contractor');
    return { ...input, customFields: { work_permit: 'WP-12' }, photo: signaturePng(), ...id };
  }

  it('refuses a Contractor without an ID document, or with a number too short, and changes nothing', async () => {
    const before = tableCounts(station);
    const missing = await kiosk.kiosk.checkIn(await contractor({})).catch((e: unknown) => e);
    expect((missing as ApiError).fields).toMatchObject({
      idDocumentKind: { code: 'required' },
      idDocumentNumber: { code: 'required' },
    });
    const short = await kiosk.kiosk
      .checkIn(await contractor({ idDocumentKind: 'passport', idDocumentNumber: '12-3 4' }))
      .catch((e: unknown) => e);
    expect((short as ApiError).fields?.idDocumentNumber).toMatchObject({ code: 'invalid_format' });
    expect(tableCounts(station)).toEqual(before);
  });

  it('screens the ID number against the watchlist (spaces, dashes and case aside) and never stores the number', async () => {
    watch('Somebody Else Entirely', 'deny', 'L01X00T47');
    const result = await kiosk.kiosk.checkIn(
      await contractor({
        idDocumentKind: 'passport',
        idDocumentNumber: 'l01x-00t 47',
        idDocumentPhoto: signaturePng(),
      }),
    );
    expect(result).toEqual({ outcome: 'see_reception' });
    expect(events.find((e) => e.event === 'security.alert')?.payload).toMatchObject({ level: 'deny' });
    expect(sql('SELECT kind, status FROM incidents')).toEqual([{ kind: 'watchlist_hit', status: 'open' }]);

    const [audit] = sql(
      "SELECT details FROM audit_entries WHERE action = 'kiosk.checkIn' AND outcome = 'ok'",
    ) as Array<{ details: string }>;
    const details = JSON.parse(audit!.details) as {
      input: Record<string, unknown>;
      idDocument: Record<string, string>;
    };
    expect(details.idDocument).toMatchObject({ kind: 'passport', last2: '47' });
    expect(existsSync(path.join(station.dataDir, details.idDocument.photoPath!))).toBe(true);
    expect(details.idDocument.digest).toMatch(/^hmac1:[0-9a-f]{64}$/);
    expect(details.input.idDocumentNumber).toBe('[redacted]');
    // Nowhere in the station's database but the watchlist entry itself.
    const dump = station.core.db.$client.serialize().toString('latin1');
    expect(dump.match(/L01X00T47|l01x-00t 47/gi)).toHaveLength(1);
  });
});
