// Reports through the dispatcher: visits made by the desk at known times around the spring clock change
// in London, then the report's counts by local hour and weekday, dwell statistics, peak hours, filters,
// security exceptions, and the CSV and PDF exports read back (papaparse, pdftotext).
import { execFileSync } from 'node:child_process';
import Papa from 'papaparse';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newId } from '../../src/shared/ids';
import { DEMO_SITE } from '../../src/main/demo';
import { offsetPeriods } from '../../src/main/reports/reports.api';
import { tableCounts, tempStation, type TestStation } from '../support/station';
import { hostId, rejection, setStatus, staff, typeId } from '../support/desk';

let now = new Date('2026-03-27T08:00:00Z');
let station: TestStation;
beforeEach(async () => {
  station = await tempStation({ now: () => now });
});
afterEach(() => station.dispose());

const desk = () => station.client(staff(station, 'reception'));
const range = { from: '2026-03-27', to: '2026-03-30' };

/** A walk-in at `arrive` (UTC) who leaves `minutes` later, both done at the desk. */
async function visit(name: string, arrive: string, minutes: number, host = 'Ana Ruiz', type = 'Visitor') {
  now = new Date(arrive);
  const v = await desk().visits.walkIn({
    // The receptionist confirms whatever the type asks for (a Contractor: NDA, ID, photo, approval).
    confirmed: ['documents', 'id', 'photo', 'approval'],
    visitor: { name, company: 'Acme, "Quoted" Ltd' },
    hostId: hostId(station, host),
    visitorTypeId: typeId(station, type),
  });
  now = new Date(Date.parse(arrive) + minutes * 60_000);
  await desk().visits.checkOut({ visitId: v.id });
  return v.id;
}

/** Friday 27 March is on GMT; the clocks go forward on Sunday 29 March, so Monday is on BST (UTC+1). */
async function seedWeek() {
  await visit('Fay Friday', '2026-03-27T09:15:00Z', 30);
  await visit('Mo Monday', '2026-03-30T08:10:00Z', 60);
  await visit('Mia Monday', '2026-03-30T08:40:00Z', 240, 'Mei Chen', 'Contractor');
  await visit('=HYPERLINK("http://evil.example")', '2026-03-30T13:30:00Z', 90);
  now = new Date('2026-03-30T07:00:00Z');
  const noShow = await desk().visits.preRegister({
    visitor: { name: 'Nora Noshow' },
    hostId: hostId(station, 'Ana Ruiz'),
    visitorTypeId: typeId(station),
    expectedAt: '2026-03-30T10:00:00Z',
  });
  setStatus(station, noShow.id, 'no_show');
}

describe('visit report', () => {
  it('counts arrivals by local hour and weekday across a clock change, with dwell statistics and peak hours', async () => {
    await seedWeek();
    const report = await desk().reports.visits(range);

    expect(report.totals).toEqual({ visits: 5, arrivals: 4, noShows: 1 });
    expect(report.days).toEqual([
      { date: '2026-03-27', visits: 1, arrivals: 1, noShows: 0 },
      { date: '2026-03-30', visits: 4, arrivals: 3, noShows: 1 },
    ]);
    // 08:10 and 08:40 UTC on Monday are 09:10 and 09:40 in London (BST); 09:15 on Friday is 09:15 (GMT).
    expect(report.byHour[9]).toBe(3);
    expect(report.byHour[14]).toBe(1);
    expect(report.byHour.reduce((a, b) => a + b)).toBe(4);
    expect(report.byWeekday).toEqual([3, 0, 0, 0, 1, 0, 0]);
    expect(report.peakHours[0]).toEqual({ date: '2026-03-30', hour: 9, arrivals: 2 });
    expect(report.dwell).toEqual({
      count: 4,
      medianMinutes: 75,
      meanMinutes: 105,
      p90Minutes: 240,
      maxMinutes: 240,
    });
    expect(report.logTotal).toBe(5);
    expect(report.log.map((e) => e.visitorName)).toEqual([
      'Fay Friday',
      'Mo Monday',
      'Mia Monday',
      'Nora Noshow',
      '=HYPERLINK("http://evil.example")',
    ]);
    expect(report.log[0]).toMatchObject({ dwellMinutes: 30, hostName: 'Ana Ruiz', status: 'checked_out' });
  });

  it('filters by host and visitor type, and a day outside the range is left out', async () => {
    await seedWeek();
    const mei = await desk().reports.visits({ ...range, hostId: hostId(station, 'Mei Chen') });
    expect(mei.log.map((e) => e.visitorName)).toEqual(['Mia Monday']);
    expect(mei.dwell.medianMinutes).toBe(240);
    const contractors = await desk().reports.visits({
      ...range,
      visitorTypeId: typeId(station, 'Contractor'),
    });
    expect(contractors.totals.visits).toBe(1);
    const friday = await desk().reports.visits({ from: '2026-03-27', to: '2026-03-27' });
    expect(friday.log.map((e) => e.visitorName)).toEqual(['Fay Friday']);
    const empty = await desk().reports.visits({ from: '2026-01-01', to: '2026-01-31' });
    expect(empty.totals).toEqual({ visits: 0, arrivals: 0, noShows: 0 });
    expect(empty.dwell.medianMinutes).toBeNull();
  });

  it('refuses a backwards or too long range and an unknown host with a specific error', async () => {
    const backwards = await rejection(desk().reports.visits({ from: '2026-03-30', to: '2026-03-01' }));
    expect(backwards.code).toBe('invalid_input');
    expect(backwards.fields?.to?.message).toBe('The range ends before it starts.');
    const long = await rejection(desk().reports.visits({ from: '2025-01-01', to: '2026-03-01' }));
    expect(long.fields?.to?.message).toBe('A report covers at most 366 days.');
    const host = await rejection(desk().reports.visits({ ...range, hostId: newId() }));
    expect(host.message).toBe('That host is not in this site’s directory.');
    const bad = await rejection(desk().reports.visits({ from: '27/03/2026', to: '2026-03-30' }));
    expect(bad.fields?.from).toBeDefined();
  });

  it('is for reception and admins; security and hosts are refused', async () => {
    const before = tableCounts(station);
    for (const login of ['security', 'host'] as const) {
      const refused = await rejection(station.client(staff(station, login)).reports.visits(range));
      expect(refused.code).toBe('forbidden');
    }
    expect((await station.client(staff(station, 'admin')).reports.visits(range)).totals.visits).toBe(0);
    // Refusals are audited, nothing else changes.
    const after = tableCounts(station);
    expect({ ...after, audit_entries: 0 }).toEqual({ ...before, audit_entries: 0 });
  });
});

describe('offset periods', () => {
  it('splits a range at each clock change, to the minute', () => {
    const periods = offsetPeriods(
      'Europe/London',
      new Date('2026-03-01T00:00:00Z'),
      new Date('2026-12-01T00:00:00Z'),
    );
    expect(periods).toEqual([
      { until: '2026-03-29T01:00:00.000Z', modifier: '0 minutes' },
      { until: '2026-10-25T01:00:00.000Z', modifier: '60 minutes' },
      { until: null, modifier: '0 minutes' },
    ]);
    expect(offsetPeriods('Asia/Kolkata', new Date('2026-01-01Z'), new Date('2026-12-31Z'))).toEqual([
      { until: null, modifier: '330 minutes' },
    ]);
  });
});

describe('security exceptions', () => {
  function gateEvent(granted: boolean, reason: string, at: string, overrideBy: string | null = null) {
    station.core.db.$client
      .prepare(
        `INSERT INTO gate_events (id, site_id, station_id, direction, granted, reason, override_by, occurred_at)
         VALUES (?, ?, 'gate-1', 'entry', ?, ?, ?, ?)`,
      )
      .run(newId(), DEMO_SITE.id, granted ? 1 : 0, reason, overrideBy, at);
  }

  it('lists watchlist hits, refused scans, gate overrides and check-ins over capacity, for security too', async () => {
    await station.client(staff(station, 'admin')).settings.updateSite({ capacity: 1 });
    now = new Date('2026-03-30T09:00:00Z');
    await desk().visits.walkIn({
      confirmed: ['documents'],
      visitor: { name: 'First In' },
      hostId: hostId(station, 'Ana Ruiz'),
      visitorTypeId: typeId(station),
    });
    const over = await desk().visits.walkIn({
      confirmed: ['documents'],
      visitor: { name: 'Over Capacity' },
      hostId: hostId(station, 'Ana Ruiz'),
      visitorTypeId: typeId(station),
      overCapacity: true,
    });
    // As the gate station's synced records would arrive.
    gateEvent(false, 'revoked', '2026-03-30T10:00:00.000Z');
    gateEvent(true, 'expired', '2026-03-30T10:05:00.000Z', staff(station, 'security').userId);
    gateEvent(false, 'expired', '2026-04-02T10:00:00.000Z'); // outside the range
    station.core.db.$client
      .prepare(
        `INSERT INTO incidents (id, site_id, visit_id, kind, title, status, created_at, updated_at)
         VALUES (?, ?, ?, 'watchlist', 'Watchlist match: Over Capacity', 'open', ?, ?)`,
      )
      .run(newId(), DEMO_SITE.id, over.id, '2026-03-30T09:01:00.000Z', '2026-03-30T09:01:00.000Z');

    const report = await station.client(staff(station, 'security')).reports.exceptions(range);
    expect(report.counts).toEqual({
      watchlist_hit: 1,
      refused_scan: 1,
      gate_override: 1,
      capacity_override: 1,
    });
    expect(report.exceptions.map((e) => [e.kind, e.visitorName, e.detail])).toEqual([
      ['gate_override', null, 'expired'],
      ['refused_scan', null, 'revoked'],
      ['watchlist_hit', 'Over Capacity', 'Watchlist match: Over Capacity'],
      ['capacity_override', 'Over Capacity', null],
    ]);
    const csv = await station.client(staff(station, 'security')).reports.exportExceptions({ filter: range });
    const parsed = Papa.parse<Record<string, string>>(
      Buffer.from(csv.base64, 'base64')
        .toString('utf8')
        .replace(/^\uFEFF/, ''),
      { header: true },
    );
    expect(parsed.meta.fields).toEqual(['at', 'kind', 'visitor', 'detail']);
    expect(parsed.data.map((r) => r.kind)).toEqual([
      'gate_override',
      'refused_scan',
      'watchlist_hit',
      'capacity_override',
    ]);
    expect(parsed.data[2]).toMatchObject({ at: '2026-03-30 10:01', visitor: 'Over Capacity' });
    const hostRefused = await rejection(station.client(staff(station, 'host')).reports.exceptions(range));
    expect(hostRefused.code).toBe('forbidden');
  });
});

describe('exports', () => {
  it('audits every export of personal data: who, what and how many rows, never the data (issue #15)', async () => {
    await seedWeek();
    const reception = staff(station, 'reception');
    await desk().reports.export({ filter: range, format: 'csv', language: 'en' });
    await desk().reports.export({ filter: range, format: 'pdf', language: 'en' });
    await station.client(staff(station, 'security')).reports.exportExceptions({ filter: range });
    const entries = station.core.db.$client
      .prepare(
        "SELECT action, actor_id AS actorId, role, details FROM audit_entries WHERE action LIKE 'reports.export%' ORDER BY seq",
      )
      .all() as Array<{ action: string; actorId: string; role: string; details: string }>;
    expect(
      entries.map((e) => {
        const details = JSON.parse(e.details) as {
          input: { format?: string; filter: unknown };
          rows: number;
        };
        return [e.action, e.role, details.input.format ?? null, details.input.filter, details.rows];
      }),
    ).toEqual([
      ['reports.export', 'reception', 'csv', range, 5],
      ['reports.export', 'reception', 'pdf', range, 0],
      ['reports.exportExceptions', 'security', null, range, 0],
    ]);
    expect(entries[0]!.actorId).toBe(reception.userId);
    const all = JSON.stringify(entries);
    for (const name of ['Fay Friday', 'Mo Monday', 'Nora Noshow', 'Acme']) expect(all).not.toContain(name);
  });

  it('writes the whole visitor log as CSV with a header row, quoting and formulas escaped', async () => {
    await seedWeek();
    const file = await desk().reports.export({ filter: range, format: 'csv', language: 'es' });
    expect(file).toMatchObject({ filename: 'visitor-log-2026-03-27-2026-03-30.csv', mimeType: 'text/csv' });
    const text = Buffer.from(file.base64, 'base64').toString('utf8');
    expect(text.startsWith('\uFEFF')).toBe(true);
    const parsed = Papa.parse<Record<string, string>>(text.slice(1), { header: true });
    expect(parsed.errors).toEqual([]);
    expect(parsed.meta.fields).toEqual([
      'expected',
      'checked_in',
      'checked_out',
      'dwell_minutes',
      'visitor',
      'company',
      'host',
      'visitor_type',
      'status',
    ]);
    expect(parsed.data).toHaveLength(5);
    expect(parsed.data[1]).toEqual({
      expected: '2026-03-30 09:10',
      checked_in: '2026-03-30 09:10',
      checked_out: '2026-03-30 10:10',
      dwell_minutes: '60',
      visitor: 'Mo Monday',
      company: 'Acme, "Quoted" Ltd',
      host: 'Ana Ruiz',
      visitor_type: 'Visitante',
      status: 'checked_out',
    });
    // A spreadsheet would run a cell starting with "="; the export makes it text.
    expect(parsed.data[4]!.visitor).toBe(`'=HYPERLINK("http://evil.example")`);
    expect(parsed.data[3]).toMatchObject({ visitor: 'Nora Noshow', checked_in: '', status: 'no_show' });
  });

  it('writes the report as a PDF whose text holds the totals, dwell time, peaks and exceptions', async () => {
    await seedWeek();
    const file = await desk().reports.export({ filter: range, format: 'pdf', language: 'en' });
    expect(file.mimeType).toBe('application/pdf');
    const text = execFileSync('pdftotext', ['-layout', '-', '-'], {
      input: Buffer.from(file.base64, 'base64'),
    }).toString();
    expect(text).toContain('Visitor report');
    expect(text).toContain('Northwind Harbour Offices · 2026-03-27 – 2026-03-30');
    expect(text).toContain('5 visits · 4 arrived · 1 no-shows');
    expect(text).toContain('median 75 min · mean 105 min · 90th percentile 240 min · longest 240 min');
    expect(text).toContain('2026-03-30 09:00 – 2 arrivals');
    expect(text).toContain('2026-03-30: 4 visits, 3 arrived, 1 no-shows');
    const german = await desk().reports.export({ filter: range, format: 'pdf', language: 'de' });
    const germanText = execFileSync('pdftotext', ['-', '-'], {
      input: Buffer.from(german.base64, 'base64'),
    }).toString();
    expect(germanText).toContain('Besucherbericht');
    expect(germanText).toContain('2026-03-30: 4 Besuche, 3 angekommen, 1 nicht erschienen');
  });
});
