// Sync inside a running station: enrollment through the API (as the first-run setup screen calls it), the
// client started by startStation and stopped by close(), sync.status and sync.changed, and the site's
// public pass keys reaching other stations so a pass signed at one verifies at another with the server gone.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { newId } from '../../src/shared/ids';
import { issuePass } from '../../src/main/passes/service';
import { startStation, type Station } from '../../src/main/station';
import type { SyncStatusView } from '../../src/shared/api/sync';
import type { StationEvent } from '../../src/shared/events';
import { rowOf } from '../../src/shared/merge';
import { waitTokenFor } from '../../src/main/kiosk/wait-token';
import { as, writeAsStation } from '../support/station';
import { adminCall, siteWithDirectory, useSyncServer } from '../support/sync/server';

const ADMIN = 'test-admin-token';
const server = useSyncServer('station', ADMIN);

const admin = (route: string, body: unknown) => adminCall(server.base, ADMIN, route, body);

const site = (name: string) => siteWithDirectory(server.base, ADMIN, name);

const code = async (siteId: string, role: 'kiosk' | 'desk' | 'gate') =>
  ((await admin('/admin/enrollment-codes', { siteId, role })) as { code: string }).code;

async function station(dataDir = path.join(server.dir, newId())) {
  const s = await startStation({ dataDir, sync: { pollMs: 3_600_000, debounceMs: 20 } });
  server.stations.push(s);
  return s;
}

async function until<T>(read: () => T | Promise<T>, ok: (value: T) => boolean, what: string): Promise<T> {
  for (let i = 0; i < 400; i++) {
    const value = await read();
    if (ok(value)) return value;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`gave up waiting for ${what}`);
}

/** A multi-entry pass for a visit, valid for the next hour, signed by this station's key. */
function issueVisitPass(s: Station, siteId: string, visitId: string) {
  const now = s.core.now().getTime();
  return writeAsStation(s, (ctx) =>
    issuePass(ctx, {
      passId: newId(),
      visitId,
      siteId,
      kind: 'visit',
      validFrom: new Date(now - 60_000),
      validUntil: new Date(now + 3_600_000),
      zoneIds: 'all',
      multiEntry: true,
    }),
  );
}

/**
 * Waits until everything the station wrote has reached the server. syncNow alone may answer with a sync
 * that was already running and started before the last change.
 */
async function pushed(s: Station) {
  await until(
    async () => {
      await s.sync.client?.syncNow();
      return count(s, 'SELECT count(*) FROM outbox_ops');
    },
    (n) => n === 0,
    'the outbox to empty',
  );
}

const count = (s: Station, sql: string, ...args: unknown[]) =>
  s.core.db.$client
    .prepare(sql)
    .pluck()
    .get(...args) as number;

describe('sync in a running station', () => {
  it('enrolls from the first-run screen, starts syncing, and refuses a second enrollment by a visitor', async () => {
    const a = await site('Harbour');
    const s = await station();
    const visitor = s.client(as('visitor'));

    // A wrong code and an address where no sync server answers are told apart, and change nothing.
    await expect(
      visitor.sync.enroll({ serverUrl: server.base, code: 'AAAA-BBBB-CCCC' }),
    ).rejects.toMatchObject({
      code: 'invalid_input',
      fields: { code: expect.anything() },
    });
    await expect(
      visitor.sync.enroll({ serverUrl: 'http://127.0.0.1:9', code: await code(a.id, 'desk') }),
    ).rejects.toMatchObject({ code: 'unavailable', fields: { serverUrl: expect.anything() } });
    expect((await s.client().station.status()).configured).toBe(false);

    const events: StationEvent[] = [];
    s.onEvent((e) => events.push(e));
    const status = await visitor.sync.enroll({ serverUrl: server.base, code: await code(a.id, 'gate') });
    expect(status).toMatchObject({ enrolled: true, serverUrl: server.base });
    expect(await s.client().station.status()).toMatchObject({
      configured: true,
      station: { kind: 'gate' },
      site: { id: a.id, name: 'Harbour' },
    });
    expect(events.some((e) => e.event === 'station.changed')).toBe(true);

    // The client runs: the site's host arrives, and the status says online with nothing waiting.
    await until(
      () => count(s, 'SELECT count(*) FROM hosts WHERE id = ?', a.hostId),
      (n) => n === 1,
      'host',
    );
    const security = s.client(as('security'));
    const online = await until(
      () => security.sync.status(),
      (v) => v.online,
      'online',
    );
    expect(online).toMatchObject({ waiting: 0, held: 0, lastError: null });
    expect(online.watchlist).toMatchObject({ stale: false, maxAgeHours: 24 });
    // The screens hear of it (the event follows the sync attempt that the status already shows).
    await until(
      () => events.some((e) => e.event === 'sync.changed' && (e.payload as SyncStatusView).online),
      Boolean,
      'the online event',
    );

    // Set up now: a visitor may not enroll it again, nor read the sync status.
    await expect(
      visitor.sync.enroll({ serverUrl: server.base, code: await code(a.id, 'desk') }),
    ).rejects.toMatchObject({ code: 'forbidden' });
    await expect(visitor.sync.status()).rejects.toMatchObject({ code: 'forbidden' });
    expect(
      count(s, "SELECT count(*) FROM audit_entries WHERE action = 'sync.enroll' AND outcome = 'ok'"),
    ).toBe(1);
  });

  it('resumes after a restart, counts ops waiting while the server is away, and ages the watchlist', async () => {
    const a = await site('Harbour');
    const dataDir = path.join(server.dir, 'desk');
    let s = await station(dataDir);
    await s.client(as('admin')).sync.enroll({ serverUrl: server.base, code: await code(a.id, 'desk') });
    await until(
      () => count(s, 'SELECT count(*) FROM hosts'),
      (n) => n === 1,
      'the directory',
    );
    await s.close();

    // The server goes away; the station restarts (sync starts by itself) and works offline.
    await server.app.close();
    s = await station(dataDir);
    expect(s.sync.client).toBeDefined();
    const reception = s.client(as('reception'));
    await reception.visits.register({
      visitor: { name: 'Ada Lovelace' },
      hostId: a.hostId,
      visitorTypeId: a.typeId,
    });
    const offline = await until(
      () => reception.sync.status(),
      (v) => v.lastError !== null,
      'a failed attempt',
    );
    expect(offline).toMatchObject({ enrolled: true, online: false });
    expect(offline.waiting).toBeGreaterThan(0);
    expect(offline.lastSyncAt).not.toBeNull(); // remembered across the restart

    // Two days without the server: past the site's 24 h, the watchlist is out of date.
    const later = new Date(Date.now() + 48 * 3_600_000);
    s.core.now = () => later;
    const stale = s.sync.status();
    expect(stale.watchlist.stale).toBe(true);
    expect(stale.watchlist.ageHours).toBeGreaterThan(47);
  });

  it('a pass signed at the desk verifies at a gate of the same site with the server gone', async () => {
    const a = await site('Harbour');
    const desk = await station();
    const gate = await station();
    await desk.client(as('admin')).sync.enroll({ serverUrl: server.base, code: await code(a.id, 'desk') });
    await gate.client(as('admin')).sync.enroll({ serverUrl: server.base, code: await code(a.id, 'gate') });

    await until(
      () => count(desk, 'SELECT count(*) FROM hosts'),
      (n) => n === 1,
      'the directory',
    );
    const visit = await desk.client(as('reception')).visits.register({
      visitor: { name: 'Grace Hopper' },
      hostId: a.hostId,
      visitorTypeId: a.typeId,
    });
    await desk.client(as('reception')).visits.checkIn({ visitId: visit.id });
    const pass = issueVisitPass(desk, a.id, visit.id);
    await desk.sync.client?.syncNow();
    await gate.sync.client?.syncNow();

    // The desk's public key came to the gate as its station row.
    expect(
      gate.core.db.$client
        .prepare('SELECT key_id FROM stations WHERE id = ?')
        .pluck()
        .get(desk.core.stationId),
    ).toBe(desk.core.passKey.keyId);
    await until(
      () => count(gate, 'SELECT count(*) FROM passes WHERE id = ?', pass.passId),
      (n) => n === 1,
      'pass',
    );

    await server.app.close(); // offline from here on
    const verdict = await gate.client(as('security')).gate.scan({ text: pass.token });
    expect(verdict).toMatchObject({ granted: true, reason: null });
  });

  it('anti-passback holds across the gates of a site: an entry at one gate is known at the other', async () => {
    const a = await site('Harbour');
    const desk = await station();
    const north = await station();
    const south = await station();
    await desk.client(as('admin')).sync.enroll({ serverUrl: server.base, code: await code(a.id, 'desk') });
    for (const gate of [north, south])
      await gate.client(as('admin')).sync.enroll({ serverUrl: server.base, code: await code(a.id, 'gate') });
    await until(
      () => count(desk, 'SELECT count(*) FROM hosts'),
      (n) => n === 1,
      'the directory',
    );
    const reception = desk.client(as('reception'));
    const visit = await reception.visits.register({
      visitor: { name: 'Grace Hopper' },
      hostId: a.hostId,
      visitorTypeId: a.typeId,
    });
    await reception.visits.checkIn({ visitId: visit.id });
    const { token } = issueVisitPass(desk, a.id, visit.id);
    const syncAll = async () => {
      for (const s of [desk, north, south]) await s.sync.client?.syncNow();
      for (const s of [desk, north, south]) await s.sync.client?.syncNow();
    };
    await syncAll();

    const atNorth = north.client(as('security'));
    const atSouth = south.client(as('security'));
    expect(await atNorth.gate.scan({ text: token, direction: 'entry' })).toMatchObject({ granted: true });
    await syncAll();
    // The north gate's entry reached the south gate: the same pass cannot be passed back to enter again.
    expect(
      count(
        south,
        'SELECT count(*) FROM gate_events WHERE station_id = ? AND granted = 1',
        north.core.stationId,
      ),
    ).toBe(1);
    expect(await atSouth.gate.scan({ text: token, direction: 'entry' })).toMatchObject({
      granted: false,
      reason: 'anti_passback',
    });
    // Leaving by the south gate is fine, and afterwards the north gate lets the pass in again.
    expect(await atSouth.gate.scan({ text: token, direction: 'exit' })).toMatchObject({
      granted: true,
      exitWithoutEntry: false,
    });
    await syncAll();
    expect(await atNorth.gate.scan({ text: token, direction: 'entry' })).toMatchObject({ granted: true });
    // Every gate event is kept once at every station and at the server's canonical state.
    await syncAll();
    const events = (s: Station) => count(s, 'SELECT count(*) FROM gate_events');
    expect([desk, north, south].map(events)).toEqual([4, 4, 4]);
  });

  it('incidents and their timelines reach the other stations of the site, and a reopen wins over a close', async () => {
    const a = await site('Harbour');
    const desk = await station();
    const gate = await station();
    await desk.client(as('admin')).sync.enroll({ serverUrl: server.base, code: await code(a.id, 'desk') });
    await gate.client(as('admin')).sync.enroll({ serverUrl: server.base, code: await code(a.id, 'gate') });
    const syncBoth = async () => {
      for (const s of [gate, desk, gate]) await s.sync.client?.syncNow();
    };
    await syncBoth();

    const atGate = gate.client(as('security'));
    const atDesk = desk.client(as('security'));
    // The desk's open incident screens hear of what sync brings, so they reload it.
    const heard: StationEvent[] = [];
    desk.onEvent((e) => heard.push(e));
    const raised = await atGate.incidents.raise({
      title: 'Tailgating at the north turnstile',
      note: 'Two people, one badge',
    });
    await syncBoth();
    expect(heard).toContainEqual({ event: 'incident.changed', payload: { incidentId: raised.id } });
    const seen = await atDesk.incidents.get({ incidentId: raised.id });
    expect(seen).toMatchObject({ title: 'Tailgating at the north turnstile', status: 'open' });
    expect(seen.timeline.map((e) => [e.kind, e.note])).toEqual([['opened', 'Two people, one badge']]);

    // The desk closes it; the gate, not yet told, adds a note and then reopens it: the later change wins.
    await atDesk.incidents.note({ incidentId: raised.id, note: 'Seen on camera 4' });
    await atDesk.incidents.update({ incidentId: raised.id, status: 'closed' });
    await pushed(desk); // the close reaches the server first
    await atGate.incidents.update({ incidentId: raised.id, status: 'in_progress' });
    await syncBoth();
    await desk.sync.client?.syncNow();
    for (const s of [atDesk, atGate]) {
      const incident = await s.incidents.get({ incidentId: raised.id });
      expect(incident.status).toBe('in_progress');
      expect(incident.timeline.map((e) => e.note).filter(Boolean)).toEqual([
        'Two people, one badge',
        'Seen on camera 4',
      ]);
      expect(incident.timeline.filter((e) => e.kind === 'status')).toHaveLength(2);
    }
  });

  it('document versions published at a desk reach the kiosk; two desks publishing the same version offline agree', async () => {
    const a = await site('Harbour');
    const north = await station();
    const south = await station();
    const kiosk = await station();
    for (const desk of [north, south])
      await desk.client(as('admin')).sync.enroll({ serverUrl: server.base, code: await code(a.id, 'desk') });
    await kiosk.client(as('admin')).sync.enroll({ serverUrl: server.base, code: await code(a.id, 'kiosk') });
    await pushed(north);
    const nda = (text: string) => ({
      typeId: a.typeId,
      key: 'nda',
      titles: { en: 'Non-disclosure agreement' },
      bodies: { en: text },
    });
    await north.client(as('admin')).visitorTypes.addDocumentVersion(nda('First version'));
    await pushed(north);
    await pushed(south);
    // Both desks now publish version 2 before either has heard of the other's.
    await north.sync.stop();
    await south.sync.stop();
    await north.client(as('admin')).visitorTypes.addDocumentVersion(nda('North edit'));
    await south.client(as('admin')).visitorTypes.addDocumentVersion(nda('South edit'));

    // Back online: both versions reach the server, the other desk and the kiosk.
    for (const desk of [north, south]) desk.sync.start();
    const stations = [north, south, kiosk];
    for (const s of [...stations, ...stations]) await pushed(s);
    const versions = (s: Station) =>
      s.core.db.$client
        .prepare('SELECT version, bodies FROM visitor_type_documents ORDER BY version, bodies')
        .all()
        .map((r) => {
          const row = r as { version: number; bodies: string };
          return [row.version, (JSON.parse(row.bodies) as { en: string }).en];
        });
    const current = async (s: Station) =>
      (await s.client(as('visitor')).kiosk.documents({ visitorTypeId: a.typeId, language: 'en' })).documents;
    for (const s of stations) {
      expect(versions(s)).toEqual([
        [1, 'First version'],
        [2, 'North edit'],
        [2, 'South edit'],
      ]);
    }
    const shown = await Promise.all(stations.map(current));
    // The later published of the two is current everywhere.
    expect(shown[0]).toMatchObject([{ version: 2, body: 'South edit' }]);
    expect(shown[1]).toEqual(shown[0]);
    expect(shown[2]).toEqual(shown[0]);
  });

  it('a hold the kiosk puts on an approved invite survives the merge at both stations and the server', async () => {
    const a = await site('Harbour');
    const desk = await station();
    const kiosk = await station();
    await desk.client(as('admin')).sync.enroll({ serverUrl: server.base, code: await code(a.id, 'desk') });
    await kiosk.client(as('admin')).sync.enroll({ serverUrl: server.base, code: await code(a.id, 'kiosk') });
    const syncBoth = async () => {
      for (const s of [kiosk, desk, kiosk, desk]) await pushed(s);
    };
    await syncBoth();

    // One person on site and a capacity of one: the site is full.
    const reception = desk.client(as('reception'));
    const onSite = await reception.visits.register({
      visitor: { name: 'Ada Lovelace' },
      hostId: a.hostId,
      visitorTypeId: a.typeId,
    });
    await reception.visits.checkIn({ visitId: onSite.id });
    await desk.client(as('admin')).settings.updateSite({ capacity: 1 }); // reaches the kiosk by sync
    const invited = await reception.visits.preRegister({
      visitor: { name: 'Grace Hopper' },
      hostId: a.hostId,
      visitorTypeId: a.typeId,
      expectedAt: new Date().toISOString(),
    });
    await syncBoth();

    // The kiosk holds the invite for the desk, which approves it; the site is still full when she comes back.
    const atKiosk = kiosk.client(as('visitor'));
    const arrive = () => atKiosk.kiosk.checkInInvite({ invite: invited.inviteCode!, language: 'en' });
    expect(await arrive()).toEqual({ outcome: 'see_reception' });
    await syncBoth();
    expect((await reception.desk.pending()).visits.map((v) => v.id)).toEqual([invited.id]);
    await reception.visits.decide({ visitId: invited.id, decision: 'approve' });
    await syncBoth();
    expect(await arrive()).toEqual({ outcome: 'see_reception' });
    await syncBoth();

    // The hold holds everywhere: the visit stays approved (status never moves back) and awaits the desk.
    const visitAt = (s: Station) =>
      s.core.db.$client.prepare('SELECT status, hold FROM visits WHERE id = ?').get(invited.id);
    expect(visitAt(kiosk)).toEqual({ status: 'approved', hold: 'capacity' });
    expect(visitAt(desk)).toEqual({ status: 'approved', hold: 'capacity' });
    const atServer = (await server.store.entitiesInScope(a.id)).find((e) => e.id === invited.id)!;
    expect(rowOf(atServer)).toMatchObject({ status: 'approved', hold: 'capacity' });
    expect((await reception.desk.pending()).visits.map((v) => v.id)).toEqual([invited.id]);
    await expect(
      atKiosk.kiosk.finishApproved({
        visitId: invited.id,
        waitToken: waitTokenFor(kiosk.core, invited.id),
        language: 'en',
      }),
    ).rejects.toMatchObject({ code: 'conflict' });

    // Only the desk's decision clears it, and that reaches the kiosk too.
    await reception.visits.decide({ visitId: invited.id, decision: 'approve' });
    await syncBoth();
    expect(visitAt(kiosk)).toEqual({ status: 'approved', hold: null });
    expect((await reception.desk.pending()).visits).toEqual([]);
  });

  it('a commit that records outbox ops starts a sync; a station event without ops does not', async () => {
    const a = await site('Harbour');
    const s = await startStation({
      dataDir: path.join(server.dir, newId()),
      sync: { pollMs: 3_600_000, debounceMs: 0 },
    });
    server.stations.push(s);
    await s.client(as('admin')).sync.enroll({ serverUrl: server.base, code: await code(a.id, 'desk') });
    const security = s.client(as('security'));
    await until(
      () => security.sync.details(),
      (d) => d.caughtUp,
      'the first sync',
    );
    let pulls = 0;
    const pull = server.store.pull.bind(server.store);
    server.store.pull = (...args) => {
      pulls++;
      return pull(...args);
    };
    // The enrollment's sync and the socket's opening nudge may still be finishing: let them.
    await new Promise((r) => setTimeout(r, 300));
    await until(
      () => security.sync.details(),
      (d) => d.caughtUp && !s.sync.busy,
      'quiet',
    );
    pulls = 0;

    // A roll call is a write with a screen event and no outbox op: nothing to push, no sync.
    const events: StationEvent[] = [];
    s.onEvent((e) => events.push(e));
    await security.evacuation.start({});
    expect(events.map((e) => e.event)).toContain('evacuation.changed');
    await new Promise((r) => setTimeout(r, 200)); // what a sync started by it would have had to begin in
    expect(pulls).toBe(0);

    // A registration records ops: they are pushed (and the station pulls) without anyone asking.
    await s.client(as('reception')).visits.register({
      visitor: { name: 'Ada Lovelace' },
      hostId: a.hostId,
      visitorTypeId: a.typeId,
    });
    const after = await until(
      () => security.sync.details(),
      (d) => d.waiting === 0 && d.caughtUp,
      'the push',
    );
    expect(pulls).toBeGreaterThan(0);
    expect(after.pulledSeq).toBe(await server.store.headSeq());
  });

  it('sync.details lists held ops with their reasons and the cursor against the server head', async () => {
    const a = await site('Harbour');
    const s = await station();
    await s.client(as('admin')).sync.enroll({ serverUrl: server.base, code: await code(a.id, 'kiosk') });
    const security = s.client(as('security'));
    await until(
      () => security.sync.details(),
      (d) => d.caughtUp,
      'the first sync',
    );

    // The station's clock ran three days ahead while it recorded a visit, and was put right before it
    // sent it: even corrected by the offset it has now, the op claims a time days away. Quarantined.
    const realNow = s.core.now;
    const ahead = new Date(Date.now() + 72 * 3_600_000);
    s.core.now = () => ahead;
    const visit = await s.client(as('reception')).visits.register({
      visitor: { name: 'Ada Lovelace' },
      hostId: a.hostId,
      visitorTypeId: a.typeId,
    });
    s.core.now = realNow;
    const d = await until(
      () => security.sync.details(),
      (v) => v.waiting === 0 && v.quarantined > 0,
      'the quarantine',
    );
    expect(d.held).toBe(d.heldOps.length);
    expect(d.heldOps).toContainEqual(
      expect.objectContaining({
        direction: 'out',
        type: 'visit.create',
        entityId: visit.id,
        reason: 'far_future',
        message: expect.any(String),
      }),
    );
    expect(Math.abs(d.clockOffsetMs ?? Infinity)).toBeLessThan(60_000);
    expect(d.pulledSeq).toBe(d.serverHeadSeq);
    // Reception sees the status bar, not the held ops.
    await expect(s.client(as('reception')).sync.details()).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('a station started with sync disabled does not sync even when enrolled', async () => {
    const a = await site('Harbour');
    const dataDir = path.join(server.dir, 'kiosk');
    const s = await station(dataDir);
    await s.client(as('visitor')).sync.enroll({ serverUrl: server.base, code: await code(a.id, 'kiosk') });
    await s.close();
    const quiet = await startStation({ dataDir, sync: { enabled: false } });
    server.stations.push(quiet);
    expect(quiet.sync.client).toBeUndefined();
    expect(quiet.sync.status()).toMatchObject({ enrolled: true, online: false });
  });
});
