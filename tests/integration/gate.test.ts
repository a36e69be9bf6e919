// Gate mode on real station databases: every refusal reason through gate.scan, anti-passback, single-entry
// passes, revocation, a pass from another station checked offline, overrides, the relay and the watchlist.
import path from 'node:path';
import { PNG } from 'pngjs';
import { VisitFiles } from '../../src/main/kiosk/files';
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_SECOND_SITE, DEMO_SITE } from '../../src/main/demo';
import { setGateRelay, type RelayTarget } from '../../src/main/gate/relay';
import { decodeBase45, encodeBase45 } from '../../src/main/passes/base45';
import { generateStationKey } from '../../src/main/core/keys';
import { issuePass } from '../../src/main/passes/service';
import { issuePassToken, TOKEN_PREFIX, type PassClaims } from '../../src/main/passes/token';
import { issueInvitePass } from '../../src/main/passes/lifecycle';
import { newId } from '../../src/shared/ids';
import { stationsRepo } from '../../src/db/repos/sites';
import { visitsRepo } from '../../src/db/repos/visits';
import { watchlistRepo } from '../../src/db/repos/watchlist';
import type { ApiError } from '../../src/shared/errors';
import type { StationEvent } from '../../src/shared/events';
import {
  as,
  siteStation,
  tableCounts,
  tempStation,
  writeAsStation,
  type TestStation,
} from '../support/station';
import { withoutRandomIds } from '../support/random-ids.js';

const stations: TestStation[] = [];
afterEach(() => stations.splice(0).forEach((s) => s.dispose()));

const HOUR = 3_600_000;

async function station(kind: 'gate' | 'desk' = 'gate'): Promise<TestStation> {
  const s = await tempStation({ preset: { kind } });
  stations.push(s);
  return s;
}

const sql = (s: TestStation) => s.core.db.$client;
const rejection = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: ApiError) => e,
  );

function staffId(s: TestStation, login: string): string {
  return sql(s).prepare('SELECT id FROM staff_users WHERE login = ?').pluck().get(login) as string;
}
const guard = (s: TestStation) => s.client(as('security', staffId(s, 'security')));
const reception = (s: TestStation) => s.client(as('reception', staffId(s, 'reception')));
const admin = (s: TestStation) => s.client(as('admin', staffId(s, 'admin')));

function zoneId(s: TestStation, name: string): string {
  return sql(s).prepare('SELECT id FROM zones WHERE name = ?').pluck().get(name) as string;
}

/** A demo visit by its visitor's name. */
function visitOf(s: TestStation, name: string): string {
  return sql(s)
    .prepare('SELECT v.id FROM visits v JOIN visitors p ON p.id = v.visitor_id WHERE p.name = ?')
    .pluck()
    .get(name) as string;
}

const write = writeAsStation;

/** Checks a demo visitor in and issues their visit pass at this station. */
async function passFor(s: TestStation, name = 'Grace Hopper', claims: Partial<PassClaims> = {}) {
  const visitId = visitOf(s, name);
  await reception(s).visits.checkIn({ visitId });
  const now = s.core.now().getTime();
  const issued = write(s, (ctx) =>
    issuePass(ctx, {
      passId: newId(),
      visitId,
      siteId: DEMO_SITE.id,
      kind: 'visit',
      validFrom: new Date(now - 60_000),
      validUntil: new Date(now + 8 * HOUR),
      zoneIds: 'all',
      multiEntry: true,
      ...claims,
    }),
  );
  return { ...issued, visitId };
}

/** The incidents the gate opened itself, with the kinds of op they were recorded with for sync. */
const incidents = (s: TestStation) =>
  sql(s)
    .prepare(
      `SELECT i.kind, i.title, i.visit_id AS visitId, (SELECT count(*) FROM outbox_ops o WHERE o.entity_id = i.id AND o.type = 'incident.upsert') AS ops
       FROM incidents i ORDER BY i.created_at, i.id`,
    )
    .all() as Array<{ kind: string; title: string; visitId: string | null; ops: number }>;

const scan = (s: TestStation, text: string, direction?: 'entry' | 'exit') =>
  guard(s).gate.scan({ text, ...(direction ? { direction } : {}) });

function flipLastByte(token: string): string {
  const bytes = Buffer.from(decodeBase45(token.slice(TOKEN_PREFIX.length))!);
  bytes[bytes.length - 1]! ^= 1;
  return TOKEN_PREFIX + encodeBase45(bytes);
}

describe('gate.scan', () => {
  it('lets a checked-in visitor in, with name, host and zone, and records the decision for sync and audit', async () => {
    const gate = await station();
    await admin(gate).gate.configure({ directions: ['entry'], zoneId: zoneId(gate, 'Lobby'), relay: null });
    const { token, passId } = await passFor(gate);

    const verdict = await scan(gate, `${token}\r\n`);
    expect(verdict).toMatchObject({
      granted: true,
      reason: null,
      direction: 'entry',
      visitor: { name: 'Grace Hopper', company: 'Compilers Ltd', hasPhoto: false },
      host: { name: 'Ana Ruiz' },
      zone: { name: 'Lobby' },
      pass: { id: passId, kind: 'visit', status: 'active' },
      relay: 'no_relay',
    });
    const event = sql(gate).prepare('SELECT * FROM gate_events WHERE id = ?').get(verdict.eventId);
    expect(event).toMatchObject({ pass_id: passId, granted: 1, direction: 'entry', reason: 'ok' });
    const op = sql(gate).prepare("SELECT * FROM outbox_ops WHERE type = 'gate.event'").get() as {
      entity_id: string;
    };
    expect(op.entity_id).toBe(verdict.eventId);
    const [entry] = (await admin(gate).audit.list({ limit: 1 })).entries;
    expect(entry).toMatchObject({ action: 'gate.scan', outcome: 'ok' });
    // The token itself is never written anywhere.
    const everything = JSON.stringify(sql(gate).prepare('SELECT * FROM audit_entries').all());
    expect(everything).not.toContain(token.slice(4, 40));
  });

  it('refuses each kind of bad pass with its own reason, and records every refusal', async () => {
    const gate = await station();
    await admin(gate).gate.configure({
      directions: ['entry', 'exit'],
      zoneId: zoneId(gate, 'Laboratory'),
      relay: null,
    });
    const now = gate.core.now().getTime();
    const all = { zoneIds: 'all' as const };
    const reasons: Record<string, string> = {};
    const check = async (label: string, text: string) => {
      const verdict = await scan(gate, text, 'entry');
      expect(verdict.granted, label).toBe(false);
      expect(verdict.relay).toBe('not_asked');
      reasons[label] = verdict.reason!;
      return verdict;
    };

    await check('not_a_pass', 'HELLO-WORLD');
    await check('malformed', 'GH1:ABC');
    const good = await passFor(gate, 'Grace Hopper', all);
    await check('bad_signature', flipLastByte(good.token));

    const stranger = generateStationKey();
    const claims = (over: Partial<PassClaims> = {}): PassClaims => ({
      passId: newId(),
      siteId: DEMO_SITE.id,
      validFrom: new Date(now - 60_000),
      validUntil: new Date(now + HOUR),
      zoneIds: 'all',
      multiEntry: true,
      kind: 'visit',
      ...over,
    });
    await check('unknown_key', issuePassToken(claims(), stranger));
    await check('wrong_site', issuePassToken(claims({ siteId: DEMO_SECOND_SITE.id }), gate.core.passKey));
    const early = await passFor(gate, 'Marie Curie', {
      validFrom: new Date(now + HOUR),
      validUntil: new Date(now + 2 * HOUR),
    });
    await check('not_yet_valid', early.token);
    const late = await passFor(gate, 'Bob Builder', {
      validFrom: new Date(now - 2 * HOUR),
      validUntil: new Date(now - HOUR),
    });
    const expired = await check('expired', late.token);
    expect(expired.pass).toMatchObject({ id: late.passId, status: 'expired' }); // marked, forward only
    const lobbyOnly = await passFor(gate, 'Jane Doe', { zoneIds: [zoneId(gate, 'Lobby')] });
    await check('wrong_zone', lobbyOnly.token);
    const revoked = await passFor(gate, 'Hedy Lamarr');
    await reception(gate).passes.revoke({ passId: revoked.passId, reason: 'Lost badge' });
    await check('revoked', revoked.token);

    // Gate-only reasons.
    const single = await passFor(gate, 'Carlos Santana', { multiEntry: false });
    expect((await scan(gate, single.token, 'entry')).granted).toBe(true);
    expect((await scan(gate, good.token, 'entry')).granted).toBe(true);
    await check('anti_passback', good.token);
    expect((await scan(gate, single.token, 'exit')).granted).toBe(true);
    await check('used', single.token);
    await reception(gate).visits.checkOut({ visitId: good.visitId });
    expect((await scan(gate, good.token, 'exit')).granted).toBe(true);
    await check('visit_not_on_site', good.token);
    const invite = siteStation(gate).write((ctx) =>
      issueInvitePass(ctx, visitsRepo.get(gate.core.db, visitOf(gate, 'Hedy Lamarr'))!),
    );
    await check('check_in_first', invite.token);

    expect(new Set(Object.values(reasons))).toEqual(
      new Set([
        'not_a_pass',
        'malformed',
        'bad_signature',
        'unknown_key',
        'wrong_site',
        'not_yet_valid',
        'expired',
        'wrong_zone',
        'revoked',
        'anti_passback',
        'used',
        'visit_not_on_site',
        'check_in_first',
      ]),
    );
    for (const [label, reason] of Object.entries(reasons)) expect(reason, label).toBe(label);
    const refusals = sql(gate).prepare('SELECT count(*) FROM gate_events WHERE granted = 0').pluck().get();
    expect(refusals).toBe(Object.keys(reasons).length);
  });

  it('refuses passes signed by a retired station key', async () => {
    const gate = await station();
    const { token } = await passFor(gate);
    stationsRepo.update(gate.core.db, gate.core.stationId, { retiredAt: new Date().toISOString() });
    expect(await scan(gate, token, 'entry')).toMatchObject({ granted: false, reason: 'retired_key' });
  });

  it('keeps anti-passback across directions, and lets out a pass with no entry on record', async () => {
    const gate = await station();
    const { token } = await passFor(gate);
    const out = await scan(gate, token, 'exit');
    expect(out).toMatchObject({ granted: true, exitWithoutEntry: true });
    expect(await scan(gate, token, 'entry')).toMatchObject({ granted: true, exitWithoutEntry: false });
    expect(await scan(gate, token, 'entry')).toMatchObject({ granted: false, reason: 'anti_passback' });
    expect(await scan(gate, token, 'exit')).toMatchObject({ granted: true, exitWithoutEntry: false });
    expect(await scan(gate, token, 'entry')).toMatchObject({ granted: true });
  });

  it('uses up a single-entry pass on its first entry, but still lets its holder out', async () => {
    const gate = await station();
    const { token, passId } = await passFor(gate, 'Grace Hopper', { multiEntry: false });
    expect(await scan(gate, token, 'entry')).toMatchObject({ granted: true, pass: { status: 'used' } });
    const ops = sql(gate)
      .prepare("SELECT payload FROM outbox_ops WHERE type = 'pass.status' AND entity_id = ?")
      .pluck()
      .all(passId) as string[];
    expect(ops.map((p) => JSON.parse(p).status)).toEqual(['used']);
    expect(await scan(gate, token, 'exit')).toMatchObject({ granted: true });
    expect(await scan(gate, token, 'entry')).toMatchObject({ granted: false, reason: 'used' });
  });

  it('lets revoked win over used and expired, and never moves a pass back', async () => {
    const gate = await station();
    const { token, passId } = await passFor(gate, 'Grace Hopper', { multiEntry: false });
    await scan(gate, token, 'entry');
    const revoked = await reception(gate).passes.revoke({ passId, reason: 'Badge reported stolen' });
    expect(revoked.status).toBe('revoked');
    expect(await scan(gate, token, 'exit')).toMatchObject({ granted: false, reason: 'revoked' });
    // A revoked pass at a gate is for security to look into; an ordinary refusal (used up) is not.
    expect(await scan(gate, token, 'entry')).toMatchObject({ granted: false, reason: 'revoked' });
    // Both refusals are one incident to review: the second joins the first as a note on its timeline.
    expect(incidents(gate)).toEqual([
      expect.objectContaining({
        kind: 'scan_refused',
        title: 'Refused at the gate (revoked): Grace Hopper',
        ops: 2,
      }),
    ]);
    const again = await rejection(reception(gate).passes.revoke({ passId, reason: 'Twice' }));
    expect(again?.code).toBe('conflict');
    expect(await rejection(reception(gate).passes.reissue({ passId }))).toMatchObject({ code: 'conflict' });
    const row = sql(gate).prepare('SELECT status FROM passes WHERE id = ?').pluck().get(passId);
    expect(row).toBe('revoked');
  });

  it('opens one incident for a burst of forged scans, and another after 15 quiet minutes or once closed', async () => {
    // From today: the demo visits are today's (a clock years ahead would have retention anonymise them).
    let now = Date.now();
    const gate = await tempStation({ preset: { kind: 'gate' }, now: () => new Date(now) });
    stations.push(gate);
    const forged = flipLastByte((await passFor(gate)).token);
    for (let i = 0; i < 30; i++) {
      expect(await scan(gate, forged)).toMatchObject({ granted: false, reason: 'bad_signature' });
      now += 20_000; // one try every 20 s for 10 minutes
    }
    const [burst, ...others] = (await guard(gate).incidents.list({})).incidents;
    expect(others).toEqual([]);
    expect(burst).toMatchObject({ kind: 'scan_refused', title: 'Refused at the gate (bad_signature)' });
    const { timeline } = await guard(gate).incidents.get({ incidentId: burst!.id });
    expect(timeline.map((e) => e.kind)).toEqual(['opened', ...Array<string>(29).fill('note')]);
    // Every refusal stays on record, each with its own gate event.
    const events = new Set(timeline.map((e) => (e.details as { eventId: string }).eventId));
    expect(events.size).toBe(30);

    // Security is looking into it (in progress): a repeat still joins it.
    await guard(gate).incidents.update({ incidentId: burst!.id, status: 'in_progress' });
    await scan(gate, forged);
    expect((await guard(gate).incidents.list({})).incidents).toHaveLength(1);
    // Quiet for 15 minutes: the next try is a new incident.
    now += 15 * 60_000 + 1;
    await scan(gate, forged);
    const [fresh] = (await guard(gate).incidents.list({})).incidents;
    expect((await guard(gate).incidents.list({})).incidents).toHaveLength(2);
    // Closed: a repeat at once opens another, and a revoked pass is its own incident, about its visitor.
    await guard(gate).incidents.update({ incidentId: fresh!.id, status: 'closed' });
    await scan(gate, forged);
    const { token, passId } = await passFor(gate, 'Marie Curie');
    await reception(gate).passes.revoke({ passId, reason: 'Lost' });
    await scan(gate, token);
    const titles = (await guard(gate).incidents.list({})).incidents.map((i) => i.title);
    expect(titles.sort()).toEqual([
      'Refused at the gate (bad_signature)',
      'Refused at the gate (bad_signature)',
      'Refused at the gate (bad_signature)',
      'Refused at the gate (revoked): Marie Curie',
    ]);
  });

  it('verifies offline a pass issued by another station of the site once it has that station’s key', async () => {
    const kiosk = await station('desk');
    const gate = await station();
    const { token, passId } = await passFor(kiosk);
    expect(await scan(gate, token, 'entry')).toMatchObject({ granted: false, reason: 'unknown_key' });

    // Sync brings the issuing station's row (with its public key), not yet the visit or the pass.
    stationsRepo.insert(gate.core.db, { ...stationsRepo.get(kiosk.core.db, kiosk.core.stationId)! });
    const verdict = await scan(gate, token, 'entry');
    expect(verdict).toMatchObject({ granted: true, visitor: null, pass: { id: passId, status: null } });
    // Anti-passback works from the gate's own record, before anything else has synced.
    expect(await scan(gate, token, 'entry')).toMatchObject({ granted: false, reason: 'anti_passback' });
  });
});

describe('gate configuration', () => {
  it('is set by an admin, refuses a zone of no site and a direction the gate does not serve', async () => {
    const gate = await station();
    const lab = zoneId(gate, 'Laboratory');
    const config = { directions: ['exit' as const], zoneId: lab, relay: { deviceId: 'relay-1', channel: 3 } };
    expect(await admin(gate).gate.configure(config)).toEqual(config);
    expect((await guard(gate).gate.config()).config).toEqual(config);
    expect(await rejection(guard(gate).gate.configure(config))).toMatchObject({ code: 'forbidden' });

    const before = tableCounts(gate);
    const badZone = await rejection(admin(gate).gate.configure({ ...config, zoneId: newId() }));
    expect(badZone).toMatchObject({ code: 'invalid_input', fields: { zoneId: { code: 'invalid_value' } } });
    const { token } = await passFor(gate);
    const countsAfterPass = tableCounts(gate);
    expect(await rejection(scan(gate, token, 'entry'))).toMatchObject({
      code: 'invalid_input',
      fields: { direction: { code: 'invalid_value' } },
    });
    // Nor can a guard switch the gate's hardware scanners to a direction it does not serve.
    expect(await rejection(guard(gate).gate.setDirection({ direction: 'entry' }))).toMatchObject({
      code: 'invalid_input',
      fields: { direction: { code: 'invalid_value' } },
    });
    expect(tableCounts(gate)).toEqual(countsAfterPass);
    expect((await guard(gate).gate.config()).direction).toBe('exit');
    expect(before.gate_events).toBe(0);
  });

  it('is needed to scan: a desk station refuses gate.scan', async () => {
    const desk = await station('desk');
    expect(await rejection(scan(desk, 'anything'))).toMatchObject({ code: 'not_configured' });
  });
});

describe('the relay', () => {
  function recordingRelay(gate: TestStation, fail?: string) {
    const pulses: RelayTarget[] = [];
    setGateRelay(gate.core, {
      pulse: async (target) => {
        if (fail) throw new Error(fail);
        pulses.push(target);
      },
    });
    return pulses;
  }

  it('is pulsed on a grant and never on a refusal', async () => {
    const gate = await station();
    await admin(gate).gate.configure({
      directions: ['entry'],
      zoneId: null,
      relay: { deviceId: 'relay-1', channel: 2 },
    });
    const pulses = recordingRelay(gate);
    const { token } = await passFor(gate);
    expect(await scan(gate, token)).toMatchObject({ granted: true, relay: 'pulsed', relayError: null });
    expect(await scan(gate, token)).toMatchObject({ granted: false, relay: 'not_asked' });
    expect(pulses).toEqual([{ deviceId: 'relay-1', channel: 2 }]);
  });

  it('reports a failed pulse in the verdict and the audit log, never as open', async () => {
    const gate = await station();
    await admin(gate).gate.configure({
      directions: ['entry'],
      zoneId: null,
      relay: { deviceId: 'relay-1', channel: 1 },
    });
    const { token } = await passFor(gate);
    // The station's hardware manager has no such relay configured.
    expect(await scan(gate, token)).toMatchObject({
      granted: true,
      relay: 'failed',
      relayError: 'There is no relay "relay-1".',
    });

    const other = await passFor(gate, 'Marie Curie');
    recordingRelay(gate, 'serial port /dev/ttyUSB0 is gone');
    const verdict = await scan(gate, other.token);
    expect(verdict).toMatchObject({
      granted: true,
      relay: 'failed',
      relayError: 'serial port /dev/ttyUSB0 is gone',
    });
    const [entry] = (await admin(gate).audit.list({ limit: 1 })).entries;
    expect(entry).toMatchObject({
      action: 'gate.relay',
      details: { eventId: verdict.eventId, pulsed: false },
    });
  });
});

describe('gate.override', () => {
  it('asks the guard’s PIN again and a reason, is audited, recorded as an override and opens the relay', async () => {
    const gate = await station();
    await admin(gate).gate.configure({
      directions: ['entry'],
      zoneId: null,
      relay: { deviceId: 'relay-1', channel: 1 },
    });
    const pulses: RelayTarget[] = [];
    setGateRelay(gate.core, { pulse: async (t) => void pulses.push(t) });
    const refused = await scan(gate, 'not a pass at all');
    expect(refused).toMatchObject({ granted: false, reason: 'not_a_pass' });
    expect(incidents(gate)).toEqual([]); // a code that is no pass at all is only recorded

    const wrong = await rejection(
      guard(gate).gate.override({ eventId: refused.eventId, pin: '0000', reason: 'Known contractor' }),
    );
    expect(wrong?.code).toBe('forbidden');
    expect(pulses).toEqual([]);
    expect(
      sql(gate).prepare('SELECT failed_attempts FROM staff_users WHERE login = ?').pluck().get('security'),
    ).toBe(1);

    const verdict = await guard(gate).gate.override({
      eventId: refused.eventId,
      pin: '3333',
      reason: 'Known contractor, badge damaged',
    });
    expect(verdict).toMatchObject({ granted: true, override: true, reason: 'not_a_pass', relay: 'pulsed' });
    expect(pulses).toHaveLength(1);
    const event = sql(gate).prepare('SELECT * FROM gate_events WHERE id = ?').get(verdict.eventId);
    expect(event).toMatchObject({ granted: 1, override_by: staffId(gate, 'security'), reason: 'not_a_pass' });
    const [entry] = (await admin(gate).audit.list({ limit: 1 })).entries;
    expect(entry).toMatchObject({
      action: 'gate.override',
      actorId: staffId(gate, 'security'),
      details: { refusedEventId: refused.eventId, reason: 'Known contractor, badge damaged' },
    });
    expect(withoutRandomIds(JSON.stringify(entry))).not.toContain('3333');
    // Security reviews every override: an incident with the guard's reason as its first note.
    expect(incidents(gate)).toEqual([
      expect.objectContaining({ kind: 'override', title: 'Gate override (not_a_pass)', ops: 1 }),
    ]);
    const [opened] = (await guard(gate).incidents.list({})).incidents;
    const timeline = (await guard(gate).incidents.get({ incidentId: opened!.id })).timeline;
    expect(timeline).toEqual([
      expect.objectContaining({ kind: 'opened', note: 'Known contractor, badge damaged' }),
    ]);
    // A refusal is overridden once.
    expect(
      await rejection(guard(gate).gate.override({ eventId: verdict.eventId, pin: '3333', reason: 'again' })),
    ).toMatchObject({ code: 'not_found' });
  });
});

describe('watchlist screening at the gate', () => {
  function listed(gate: TestStation, name: string, level: 'deny' | 'alert') {
    const at = new Date().toISOString();
    watchlistRepo.insert(gate.core.db, {
      id: newId(),
      name,
      reason: 'Trespass in 2024',
      level,
      createdAt: at,
      updatedAt: at,
    });
  }

  it('refuses a deny match', async () => {
    const gate = await station();
    listed(gate, 'Grace Hoper', 'deny');
    const { token } = await passFor(gate);
    const verdict = await scan(gate, token, 'entry');
    expect(verdict).toMatchObject({
      granted: false,
      reason: 'watchlist_deny',
      watchlist: { verdict: 'deny' },
    });
    expect(incidents(gate)).toEqual([
      expect.objectContaining({
        kind: 'scan_refused',
        title: 'Refused at the gate (watchlist_deny): Grace Hopper',
      }),
    ]);
  });

  it('lets an alert match through and alerts security', async () => {
    const gate = await station();
    listed(gate, 'Hopper, Grace', 'alert');
    const events: StationEvent[] = [];
    gate.onEvent((e) => events.push(e));
    const { token } = await passFor(gate);
    const verdict = await scan(gate, token, 'entry');
    expect(verdict).toMatchObject({ granted: true, watchlist: { verdict: 'alert' } });
    expect(events.find((e) => e.event === 'security.alert')).toMatchObject({
      payload: { kind: 'watchlist', level: 'alert', visitorName: 'Grace Hopper' },
    });
    // Security hears it through the server too (the op names no entry or reason), and gets an incident.
    const notice = sql(gate)
      .prepare("SELECT payload FROM outbox_ops WHERE type = 'alert.watchlist'")
      .pluck()
      .all() as string[];
    expect(notice.map((p) => JSON.parse(p) as unknown)).toEqual([
      { visitId: verdict.visitId, name: 'Grace Hopper', level: 'alert', source: 'gate' },
    ]);
    expect(incidents(gate)).toEqual([
      expect.objectContaining({ kind: 'watchlist_hit', visitId: verdict.visitId, ops: 1 }),
    ]);
  });
});

describe('invite passes at the gate', () => {
  it('check the visitor in when the site allows it', async () => {
    const gate = await station();
    const visitId = visitOf(gate, 'Grace Hopper');
    // A Delivery: its type asks for no documents, ID, photo or approval the gate would have to ask for.
    sql(gate)
      .prepare(
        "UPDATE visits SET visitor_type_id = (SELECT id FROM visitor_types WHERE json_extract(names, '$.en') = 'Delivery') WHERE id = ?",
      )
      .run(visitId);
    // Signed at the desk, which pre-registers visits: a gate may not sign invite passes.
    const invite = siteStation(gate).write((ctx) =>
      issueInvitePass(ctx, visitsRepo.get(gate.core.db, visitId)!),
    );
    expect(await scan(gate, invite.token, 'entry')).toMatchObject({
      granted: false,
      reason: 'check_in_first',
    });
    await admin(gate).settings.updateSite({ gateChecksInInvites: true });
    expect(await scan(gate, invite.token, 'entry')).toMatchObject({
      granted: true,
      checkedIn: true,
      pass: { kind: 'invite', status: 'used' },
    });
    expect(visitsRepo.get(gate.core.db, visitId)?.status).toBe('checked_in');
  });
});

describe('the verdict photo', () => {
  it('serves the check-in photo to staff, never to a visitor, and reads nothing outside the visits folder', async () => {
    const gate = await station();
    const { token, visitId } = await passFor(gate);
    // The photo as the kiosk keeps it: a file under visits/<visitId>/ named on the visitor's row.
    const png = PNG.sync.write(new PNG({ width: 4, height: 4 }));
    const relative = VisitFiles.of(gate.core, visitId).write('photo.png', png);
    const visitorId = visitsRepo.get(gate.core.db, visitId)!.visitorId;
    const setPhotoPath = (p: string) =>
      sql(gate).prepare('UPDATE visitors SET photo_path = ? WHERE id = ?').run(p, visitorId);
    setPhotoPath(relative);

    expect((await scan(gate, token)).visitor).toMatchObject({ name: 'Grace Hopper', hasPhoto: true });
    const { photo } = await guard(gate).visits.photo({ visitId });
    expect(photo).toMatch(/^data:image\/png;base64,/);
    expect(Buffer.from(photo!.split(',')[1]!, 'base64')).toEqual(png);

    expect(await rejection(gate.client(as('visitor')).visits.photo({ visitId }))).toMatchObject({
      code: 'forbidden',
    });
    expect(await rejection(guard(gate).visits.photo({ visitId: newId() }))).toMatchObject({
      code: 'not_found',
    });
    // A path that leads out of the visits folder (a tampered row) is not read: no photo.
    setPhotoPath(path.join('visits', '..', 'gatehouse.sqlite'));
    expect((await guard(gate).visits.photo({ visitId })).photo).toBeNull();
  });
});
