// Reception desk actions: decisions on a host's behalf, host changes, cancelled invites, pre-registration
// with invite codes (single and CSV, dry run first), walk-ins, capacity, and the desk's live lists.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StationEvent } from '../../src/shared/events';
import { normalizeInviteCode } from '../../src/shared/api/visits';
import { as, tableCounts, tempStation, type TestStation } from '../support/station';
import { hostId, linkHostLogin, rejection, setStatus, staff, typeId, visitIdOf } from '../support/desk';

const NOW = new Date('2026-11-22T10:00:00Z');
let station: TestStation;
let events: StationEvent[];
beforeEach(async () => {
  station = await tempStation({ now: () => NOW });
  events = [];
  station.onEvent((e) => events.push(e));
});
afterEach(() => station.dispose());

const desk = () => station.client(staff(station, 'reception'));
const outboxTypes = () =>
  station.core.db.$client
    .prepare('SELECT type FROM outbox_ops ORDER BY station_seq')
    .pluck()
    .all() as string[];

describe('decisions on a host’s behalf', () => {
  it('approves or denies a visit awaiting approval, with the reason in the audit log and activity list', async () => {
    const bob = visitIdOf(station, 'Bob Builder');
    const jane = visitIdOf(station, 'Jane Doe');
    setStatus(station, bob, 'pending_approval');
    setStatus(station, jane, 'pending_approval');
    expect((await desk().desk.pending()).visits.map((v) => v.visitor.name)).toEqual([
      'Bob Builder',
      'Jane Doe',
    ]);

    const approved = await desk().visits.decide({
      visitId: bob,
      decision: 'approve',
      reason: 'Host in a meeting',
    });
    expect(approved.status).toBe('approved');
    expect(events).toContainEqual({ event: 'visit.changed', payload: { visitId: bob, status: 'approved' } });
    const denied = await desk().visits.decide({ visitId: jane, decision: 'deny', reason: 'No appointment' });
    expect(denied.status).toBe('denied');
    expect(outboxTypes().filter((t) => t === 'visit.status')).toHaveLength(2);

    const { entries } = await desk().desk.activity();
    expect(entries[0]).toMatchObject({
      action: 'visits.decide',
      actorName: 'Rita Reception',
      visitorName: 'Jane Doe',
      reason: 'No appointment',
    });
    expect((await desk().desk.pending()).visits).toEqual([]);
  });

  it('needs a reason to deny, and a visit that is not awaiting approval cannot be decided', async () => {
    const bob = visitIdOf(station, 'Bob Builder');
    setStatus(station, bob, 'pending_approval');
    const noReason = await rejection(desk().visits.decide({ visitId: bob, decision: 'deny' }));
    expect(noReason.fields?.reason?.message).toBe('Say why the visit is denied.');
    const notPending = await rejection(
      desk().visits.decide({ visitId: visitIdOf(station, 'Jane Doe'), decision: 'approve' }),
    );
    expect(notPending.code).toBe('conflict');
    expect(notPending.message).toBe('This visit is expected, not awaiting approval.');
  });

  it('lets a host decide only for their own visitors, and security not at all', async () => {
    linkHostLogin(station, 'Ana Ruiz');
    const grace = visitIdOf(station, 'Grace Hopper'); // Ana Ruiz's visitor
    const marie = visitIdOf(station, 'Marie Curie'); // Fatima Zahra's visitor
    setStatus(station, grace, 'pending_approval');
    setStatus(station, marie, 'pending_approval');
    const host = station.client(staff(station, 'host'));

    expect((await host.desk.pending()).visits.map((v) => v.visitor.name)).toEqual(['Grace Hopper']);
    const before = tableCounts(station);
    const other = await rejection(host.visits.decide({ visitId: marie, decision: 'approve' }));
    expect(other.code).toBe('forbidden');
    expect(tableCounts(station)).toEqual({ ...before, audit_entries: before.audit_entries! + 1 });
    expect((await host.visits.decide({ visitId: grace, decision: 'approve' })).status).toBe('approved');

    const guard = await rejection(
      station.client(staff(station, 'security')).visits.decide({ visitId: marie, decision: 'approve' }),
    );
    expect(guard.code).toBe('forbidden');
  });
});

describe('changing and cancelling visits', () => {
  it('changes the host of a visit and cancels an invite, refusing to cancel one already on site', async () => {
    const grace = visitIdOf(station, 'Grace Hopper');
    const moved = await desk().visits.changeHost({ visitId: grace, hostId: hostId(station, 'Mei Chen') });
    expect(moved.host?.name).toBe('Mei Chen');
    expect(outboxTypes()).toContain('visit.update');

    expect((await desk().visits.cancel({ visitId: grace, reason: 'Meeting moved' })).status).toBe(
      'cancelled',
    );
    const marie = visitIdOf(station, 'Marie Curie');
    await desk().visits.checkIn({ visitId: marie });
    expect((await rejection(desk().visits.cancel({ visitId: marie }))).message).toBe(
      'This visit is checked in and cannot be cancelled.',
    );
    const unknownHost = await rejection(desk().visits.changeHost({ visitId: marie, hostId: 'nobody' }));
    expect(unknownHost.fields?.hostId?.message).toBe('Unknown host.');
    expect(
      (await rejection(station.client(staff(station, 'security')).visits.cancel({ visitId: marie }))).code,
    ).toBe('forbidden');
  });
});

describe('pre-registration', () => {
  it('gives each pre-registered visit a unique, typeable invite code', async () => {
    const codes = new Set<string>();
    for (let i = 0; i < 20; i++) {
      const visit = await desk().visits.preRegister({
        visitor: { name: `Guest ${i}`, email: `guest${i}@example.com` },
        hostId: hostId(station, 'Ana Ruiz'),
        visitorTypeId: typeId(station),
        expectedAt: '2026-11-24T09:30:00Z',
      });
      expect(visit.status).toBe('expected');
      expect(visit.inviteCode).toMatch(/^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/);
      expect(normalizeInviteCode(visit.inviteCode!.toLowerCase().replace('-', ' '))).toBe(visit.inviteCode);
      codes.add(visit.inviteCode!);
    }
    expect(codes.size).toBe(20);
  });

  it('checks a CSV row by row in a dry run, then imports all of it', async () => {
    const csv = [
      'Name,Company,Email,Host,Expected',
      'Ada Lovelace,Analytical Engines,ada@example.com,Ana Ruiz,2026-11-24 09:30',
      '"Hopper, Grace",Navy,,jose.muller@northwind.example,2026-11-24 10:00',
      'Alan Turing,,,,',
    ].join('\n');
    const input = { csv, visitorTypeId: typeId(station), defaultHostId: hostId(station, 'Mei Chen') };
    const before = tableCounts(station);
    const dry = await desk().visits.importCsv({ ...input, dryRun: true });
    expect(dry.imported).toBe(0);
    expect(
      dry.rows.map((r) => [r.line, r.name, r.hostName, r.expectedAt, r.problems.map((p) => p.field)]),
    ).toEqual([
      [2, 'Ada Lovelace', 'Ana Ruiz', '2026-11-24T09:30:00.000Z', []],
      [3, 'Hopper, Grace', 'José Müller', '2026-11-24T10:00:00.000Z', []],
      [4, 'Alan Turing', 'Mei Chen', null, ['expected']],
    ]);
    expect(tableCounts(station).visits).toBe(before.visits);

    const refused = await rejection(desk().visits.importCsv({ ...input, dryRun: false }));
    expect(refused.message).toBe('1 of the 3 rows cannot be imported (first: line 4); nothing was imported.');
    expect(tableCounts(station).visits).toBe(before.visits);

    const done = await desk().visits.importCsv({
      ...input,
      defaultExpectedAt: '2026-11-24T11:00:00Z',
      dryRun: false,
    });
    expect(done.imported).toBe(3);
    expect(done.rows.every((r) => /^[2-9A-Z]{4}-[2-9A-Z]{4}$/.test(r.inviteCode ?? ''))).toBe(true);
    const found = await station
      .client(staff(station, 'security'))
      .visits.search({ query: 'date:2026-11-24' });
    expect(found.visits.map((v) => v.visitor.name).sort()).toEqual([
      'Ada Lovelace',
      'Alan Turing',
      'Hopper, Grace',
    ]);
  });

  it('names each problem of a bad CSV, and refuses one without a name column', async () => {
    const dry = await desk().visits.importCsv({
      csv: 'name,email,host,expected\n,bad-email,Nobody Here,tomorrow-ish\n',
      visitorTypeId: typeId(station),
      dryRun: true,
    });
    expect(dry.rows[0]!.problems.map((p) => p.message)).toEqual([
      'The name is missing.',
      'Not an email address.',
      'No host "Nobody Here" in this site\'s directory.',
      '"tomorrow-ish" is not a date and time; write it as YYYY-MM-DD HH:MM.',
    ]);
    const noName = await rejection(
      desk().visits.importCsv({ csv: 'who,when\nx,y', visitorTypeId: typeId(station), dryRun: true }),
    );
    expect(noName.message).toBe('The CSV needs a header row with a "name" column.');
    expect(
      (await rejection(station.client(as('host')).visits.importCsv({ csv: 'name\nx', visitorTypeId: 'x' })))
        .code,
    ).toBe('forbidden');
  });
});

describe('walk-ins, capacity and the on-site list', () => {
  it('registers and checks in a walk-in, and lists everyone on site with their dwell time', async () => {
    await desk().visits.checkIn({ visitId: visitIdOf(station, 'Marie Curie') });
    const walkIn = await desk().visits.walkIn({
      confirmed: ['documents'],
      visitor: { name: 'Walter Walk-In', company: 'Street Co' },
      hostId: hostId(station, 'Noah Williams'),
      visitorTypeId: typeId(station),
    });
    expect(walkIn.status).toBe('checked_in');
    setStatus(station, visitIdOf(station, 'Marie Curie'), 'checked_in', '2026-11-22T08:45:00Z');

    const { people, capacity } = await station.client(staff(station, 'security')).desk.onSite();
    expect(capacity).toBeNull();
    expect(people.map((p) => [p.visitor.name, p.dwellMinutes])).toEqual([
      ['Marie Curie', 75],
      ['Walter Walk-In', 0],
    ]);
  });

  it('over the site capacity, a check-in needs the desk to approve it', async () => {
    await station.client(staff(station, 'admin')).settings.updateSite({ capacity: 1 });
    await desk().visits.admit({ visitId: visitIdOf(station, 'Grace Hopper'), confirmed: ['documents'] });
    const marie = visitIdOf(station, 'Marie Curie');
    const full = await rejection(desk().visits.admit({ visitId: marie, confirmed: ['documents'] }));
    expect(full.code).toBe('conflict');
    expect(full.message).toBe(
      "The site is at its capacity of 1 people; a check-in now needs the desk's approval.",
    );
    expect(full.fields?.capacity?.params).toEqual({ max: 1 });

    expect(
      (await desk().visits.admit({ visitId: marie, overCapacity: true, confirmed: ['documents'] })).status,
    ).toBe('checked_in');
    const [entry] = (await station.client(staff(station, 'admin')).audit.list({ limit: 1 })).entries;
    expect(entry?.details.overCapacity).toEqual({ onSite: 1, capacity: 1 });
    const walkIn = await rejection(
      desk().visits.walkIn({
        confirmed: ['documents'],
        visitor: { name: 'One Too Many' },
        hostId: hostId(station, 'Mei Chen'),
        visitorTypeId: typeId(station),
      }),
    );
    expect(walkIn.fields?.capacity).toBeDefined();
  });
});
