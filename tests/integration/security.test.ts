// Evacuation roll call (list, marks, live event, printed PDF), incidents (raised by hand or by the station,
// worked through with a timeline) and watchlist management, with the roles that may not.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StationEvent } from '../../src/shared/events';
import { openAutomatic } from '../../src/main/incidents/timeline';
import { currentWatchlist } from '../../src/main/screening/service';
import { pdfText } from '../support/decode-qr';
import { as, tableCounts, tempStation, writeAsStation, type TestStation } from '../support/station';
import { rejection, setStatus, staff, visitIdOf } from '../support/desk';

const NOW = new Date('2026-11-22T10:00:00Z');
let station: TestStation;
let events: StationEvent[];
beforeEach(async () => {
  station = await tempStation({ now: () => NOW });
  events = [];
  station.onEvent((e) => events.push(e));
});
afterEach(() => station.dispose());

describe('evacuation roll call', () => {
  it('lists everyone on site grouped by host, marks people safe and prints the list', async () => {
    setStatus(station, visitIdOf(station, 'Grace Hopper'), 'checked_in', '2026-11-22T08:15:00Z');
    setStatus(station, visitIdOf(station, 'Bob Builder'), 'checked_in', '2026-11-22T09:00:00Z');
    setStatus(station, visitIdOf(station, 'Carlos Santana'), 'checked_in', '2026-11-22T09:30:00Z');
    const guard = station.client(staff(station, 'security'));

    const roll = await guard.evacuation.start();
    expect(roll.summary).toEqual({ total: 3, safe: 0, unaccounted: 3 });
    expect(roll.startedByName).toBe('Sam Security');
    expect(roll.groups.map((g) => [g.hostName, g.people.map((p) => p.name)])).toEqual([
      ['Ana Ruiz', ['Grace Hopper']],
      ['Jürgen Weiß', ['Bob Builder', 'Carlos Santana']],
    ]);
    // Starting again while one runs gives the same roll call.
    expect((await station.client(staff(station, 'reception')).evacuation.start()).id).toBe(roll.id);

    const marked = await station
      .client(staff(station, 'reception'))
      .evacuation.mark({ evacuationId: roll.id, visitId: visitIdOf(station, 'Bob Builder'), safe: true });
    expect(marked.summary).toEqual({ total: 3, safe: 1, unaccounted: 2 });
    expect(marked.groups[1]!.people[0]).toMatchObject({ name: 'Bob Builder', safeByName: 'Rita Reception' });
    expect(events.filter((e) => e.event === 'evacuation.changed')).toHaveLength(2);

    const { pdfBase64, filename } = await guard.evacuation.pdf({ evacuationId: roll.id });
    expect(filename).toBe('roll-call-2026-11-22-1000.pdf');
    const text = pdfText(Buffer.from(pdfBase64, 'base64'));
    expect(text).toContain('Evacuation roll call');
    expect(text).toContain('3 on site · 1 safe · 2 unaccounted for');
    expect(text).toContain('Jürgen Weiß');
    expect(text).toMatch(/Grace Hopper — Compilers Ltd[\s\S]*in since 08:15/);
    expect(text).toMatch(/Bob Builder — Fix-It Contractors[\s\S]*in since 09:00 · safe/);
    const spanish = pdfText(
      Buffer.from(
        (await guard.evacuation.pdf({ evacuationId: roll.id, language: 'es' })).pdfBase64,
        'base64',
      ),
    );
    expect(spanish).toContain('3 en el edificio · 1 a salvo · 2 sin localizar');

    const undone = await guard.evacuation.mark({
      evacuationId: roll.id,
      visitId: visitIdOf(station, 'Bob Builder'),
      safe: false,
    });
    expect(undone.summary.safe).toBe(0);
    const ended = await guard.evacuation.end({ evacuationId: roll.id });
    expect(ended.endedAt).toBe(NOW.toISOString());
    expect((await guard.evacuation.current()).rollCall?.id).toBe(roll.id);
    const late = await rejection(
      guard.evacuation.mark({
        evacuationId: roll.id,
        visitId: visitIdOf(station, 'Grace Hopper'),
        safe: true,
      }),
    );
    expect(late.message).toBe('That roll call has already ended.');
  });

  it('keeps the list fixed when people leave, refuses strangers to it, and is not for hosts', async () => {
    const grace = visitIdOf(station, 'Grace Hopper');
    setStatus(station, grace, 'checked_in', '2026-11-22T08:15:00Z');
    const desk = station.client(staff(station, 'reception'));
    const roll = await desk.evacuation.start();
    await desk.visits.checkOut({ visitId: grace });
    expect((await desk.evacuation.current()).rollCall?.summary.total).toBe(1);
    const stranger = await rejection(
      desk.evacuation.mark({ evacuationId: roll.id, visitId: visitIdOf(station, 'Jane Doe'), safe: true }),
    );
    expect(stranger.message).toBe('That person is not on this roll call.');
    for (const role of ['host', 'visitor'] as const)
      expect((await rejection(station.client(as(role)).evacuation.start())).code).toBe('forbidden');
  });
});

describe('incidents', () => {
  it('are raised on a visit, assigned, noted and closed, each step on the timeline', async () => {
    const guard = station.client(staff(station, 'security'));
    const admin = staff(station, 'admin');
    const raised = await station.client(staff(station, 'reception')).incidents.raise({
      title: 'Visitor tried to enter the lab',
      visitId: visitIdOf(station, 'Bob Builder'),
      note: 'Seen at the lab door without an escort.',
    });
    expect(raised).toMatchObject({
      status: 'open',
      kind: 'manual',
      visitorName: 'Bob Builder',
      assignee: null,
    });

    await guard.incidents.update({
      incidentId: raised.id,
      status: 'in_progress',
      assigneeId: staff(station, 'security').userId,
    });
    await guard.incidents.note({ incidentId: raised.id, note: 'Escorted back to reception.' });
    const closed = await station.client(admin).incidents.update({ incidentId: raised.id, status: 'closed' });
    expect(closed.status).toBe('closed');
    expect(closed.assignee?.name).toBe('Sam Security');
    expect(closed.timeline.map((e) => [e.kind, e.actorName, e.note ?? e.details])).toEqual([
      ['opened', 'Rita Reception', 'Seen at the lab door without an escort.'],
      ['status', 'Sam Security', { from: 'open', to: 'in_progress' }],
      ['assigned', 'Sam Security', { assigneeId: staff(station, 'security').userId }],
      ['note', 'Sam Security', 'Escorted back to reception.'],
      ['status', 'Alex Admin', { from: 'in_progress', to: 'closed' }],
    ]);
    expect((await guard.incidents.list({ statuses: ['open'] })).incidents).toEqual([]);
    expect((await guard.incidents.list({})).incidents.map((i) => i.title)).toEqual([
      'Visitor tried to enter the lab',
    ]);
    expect(events.some((e) => e.event === 'incident.changed')).toBe(true);

    const toReception = await rejection(
      guard.incidents.update({ incidentId: raised.id, assigneeId: staff(station, 'reception').userId }),
    );
    expect(toReception.fields?.assigneeId?.message).toBe('Not a security or admin user of this site.');
    for (const role of ['reception', 'host'] as const)
      expect((await rejection(station.client(staff(station, role)).incidents.list({}))).code).toBe(
        'forbidden',
      );
  });

  it('can be opened by another service inside its own write transaction', async () => {
    const marie = visitIdOf(station, 'Marie Curie');
    const id = writeAsStation(station, (ctx) =>
      openAutomatic(ctx, {
        kind: 'watchlist_hit',
        title: 'Watchlist match at the kiosk',
        visitId: marie,
        note: 'Score 0.93',
      }),
    );
    const incident = await station.client(staff(station, 'security')).incidents.get({ incidentId: id });
    expect(incident).toMatchObject({ kind: 'watchlist_hit', status: 'open', visitorName: 'Marie Curie' });
    expect(incident.timeline[0]).toMatchObject({ kind: 'opened', actorName: null, note: 'Score 0.93' });
  });
});

describe('watchlist management', () => {
  it('adds, edits and expires entries with who added them, and screening follows at once', async () => {
    const guard = station.client(staff(station, 'security'));
    const added = await guard.watchlist.add({
      name: 'Mallory Malicious',
      reason: 'Threatened staff in 2025',
      level: 'deny',
    });
    expect(added).toMatchObject({ addedByName: 'Sam Security', active: true, createdAt: NOW.toISOString() });
    expect(
      currentWatchlist(station.core.db).screen({ name: 'Mallory Malicious' }, { threshold: 0.85, now: NOW })
        .matches,
    ).toHaveLength(1);

    const fromVisit = await station.client(staff(station, 'admin')).watchlist.addFromVisit({
      visitId: visitIdOf(station, 'Carlos Santana'),
      reason: 'Left the warehouse door open twice',
      level: 'alert',
      expiresAt: '2027-01-01T00:00:00Z',
    });
    expect(fromVisit).toMatchObject({ name: 'Carlos Santana', level: 'alert', addedByName: 'Alex Admin' });

    const edited = await guard.watchlist.update({
      entryId: added.id,
      aliases: ['M. Malicious'],
      level: 'alert',
    });
    expect(edited).toMatchObject({
      aliases: ['M. Malicious'],
      level: 'alert',
      reason: 'Threatened staff in 2025',
    });
    const expired = await guard.watchlist.expire({ entryId: added.id });
    expect(expired.active).toBe(false);
    expect((await guard.watchlist.list({})).entries.map((e) => e.name)).toEqual(['Carlos Santana']);
    expect((await guard.watchlist.list({ includeExpired: true })).entries.map((e) => e.name)).toEqual([
      'Carlos Santana',
      'Mallory Malicious',
    ]);
    const outbox = station.core.db.$client
      .prepare("SELECT count(*) FROM outbox_ops WHERE type = 'watchlist.upsert'")
      .pluck()
      .get();
    expect(outbox).toBe(4);
    expect((await rejection(guard.watchlist.expire({ entryId: added.id }))).code).toBe('conflict');
  });

  it('refuses reception, hosts and visitors, and short reasons, changing nothing', async () => {
    const before = tableCounts(station);
    for (const role of ['reception', 'host'] as const) {
      const refused = await rejection(
        station.client(staff(station, role)).watchlist.add({ name: 'X Y', reason: 'because', level: 'deny' }),
      );
      expect(refused.code).toBe('forbidden');
    }
    const short = await rejection(
      station.client(staff(station, 'security')).watchlist.add({ name: 'X Y', reason: 'no', level: 'deny' }),
    );
    expect(short.fields?.reason?.code).toBe('too_short');
    const after = tableCounts(station);
    expect({ ...after, audit_entries: 0 }).toEqual({ ...before, audit_entries: 0 });
  });
});
