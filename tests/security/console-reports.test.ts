// The console's report across sites (#16, docs/console.md#reports) on the real server process, on SQLite
// and on PostgreSQL: refused first — no cookie, a station credential, the admin token, another page's
// Origin, bad input — with nothing audited; then visits and peaks per site and day, the exceptions, and the
// CSV and PDF files, each download audited with who, which file and how many rows.
// The data sits on one chosen day, three weeks back, in each site's own time zone: the run's own clock and
// day play no part.
import { execFileSync } from 'node:child_process';
import { DateTime } from 'luxon';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/shared/ids';
import type { SyncOp } from '../../src/shared/sync';
import {
  adminAudit,
  consoleCall,
  consoleFetch,
  cookiePair,
  startConsoleServer,
  type ConsoleServer,
} from '../support/sync/console';
import { enrollRaw, pushRaw, rawOp } from '../support/sync/http';
import { adminCall } from '../support/sync/server';

const ADMIN_TOKEN = 'console-reports-admin-token';
const ADA = { login: 'ada', name: 'Ada Admin', password: 'correct horse battery staple' };
const DAY = DateTime.utc().minus({ days: 21 }).toISODate()!;
const NEXT_DAY = DateTime.fromISO(DAY).plus({ days: 1 }).toISODate()!;
const RANGE = `from=${DAY}&to=${NEXT_DAY}`;

/** A local time of the chosen day (or `days` after it) at a zone, as the ISO instant a station records. */
const at = (zone: string, time: string, days = 0) =>
  DateTime.fromISO(`${DAY}T${time}`, { zone }).plus({ days }).toUTC().toISO()!;

/** Ops of one station, numbered as it would number them. */
function opsOf(stationId: string, siteId: string, timezone: string) {
  let seq = 0;
  const ops: SyncOp[] = [];
  const op = (type: string, payload: Record<string, unknown>, entityId = newId()) => {
    ops.push(rawOp(stationId, ++seq, { type, siteId, entityId, payload: { siteId, ...payload } }));
    return entityId;
  };
  const visitor = (name: string) =>
    op('visitor.upsert', { name, searchName: name.toLowerCase(), createdAt: at(timezone, '00:00') });
  /** A visit checked in (and out) at local times of the chosen day; its id. */
  const visit = (name: string, checkIn: string | null, checkOut: string | null, extra = {}) =>
    op('visit.create', {
      visitorId: visitor(name),
      status: checkOut ? 'checked_out' : checkIn ? 'checked_in' : 'expected',
      timezone,
      createdAt: at(timezone, '00:00'),
      expectedAt: at(timezone, checkIn ?? '12:00'),
      ...(checkIn ? { checkedInAt: at(timezone, checkIn) } : {}),
      ...(checkOut ? { checkedOutAt: at(timezone, checkOut) } : {}),
      ...extra,
    });
  const pass = (visitId: string, validUntil: string) =>
    op('pass.issue', {
      visitId,
      tokenHash: newId(),
      kind: 'visit',
      status: 'used',
      validFrom: at(timezone, '00:00'),
      validUntil,
      issuedByStationId: stationId,
      keyId: 'key-1',
      createdAt: at(timezone, '00:00'),
    });
  const gate = (time: string, visitId: string, granted: boolean, reason: string, overrideBy: string | null) =>
    op('gate.event', {
      stationId,
      passId: null,
      visitId,
      direction: 'entry',
      granted,
      reason,
      overrideBy,
      occurredAt: at(timezone, time),
    });
  const incident = (time: string, kind: string, title: string, visitId: string | null, days = 0) =>
    op('incident.upsert', {
      visitId,
      kind,
      title,
      status: 'open',
      createdAt: at(timezone, time, days),
    });
  return { ops, visit, pass, gate, incident };
}

describe.each(['sqlite', 'postgres'] as const)('the console report across sites (%s)', (backend) => {
  let server: ConsoleServer;
  let base: string;
  let cookie: string;
  let harbour: string;
  let tokyo: string;
  let gateCredential: string;
  const audit = () => adminAudit(base, ADMIN_TOKEN);
  const exportsAudited = async () => (await audit()).filter((e) => e.action === 'console.report_export');

  beforeAll(async () => {
    server = await startConsoleServer(backend, ADA, { GATEHOUSE_ADMIN_TOKEN: ADMIN_TOKEN });
    base = server.base;
    const site = async (name: string, timezone: string) =>
      (await adminCall(base, ADMIN_TOKEN, '/admin/sites', { name, timezone })).id as string;
    harbour = await site('Report Harbour', 'Europe/London');
    tokyo = await site('Report Tokyo', 'Asia/Tokyo');
    const signIn = await consoleCall(base, 'POST', '/console/api/session', {
      body: { login: ADA.login, password: ADA.password },
    });
    expect(signIn.status).toBe(200);
    cookie = cookiePair(signIn.setCookie);

    // Harbour (Europe/London, the default daily check-out at 20:00). Cleo arrives at 08:00 and is never
    // checked out: she counts until 20:00, so the peak is 3 from 10:15, and she is gone the next day.
    const desk = await enrollRaw(base, ADMIN_TOKEN, harbour, 'desk');
    gateCredential = (await enrollRaw(base, ADMIN_TOKEN, harbour, 'gate')).credential;
    const h = opsOf(desk.stationId, harbour, 'Europe/London');
    const cleo = h.visit('Cleo Open', '08:00', null);
    const ada = h.visit('Ada Early', '09:00', '12:00');
    const ben = h.visit('Ben Brief', '10:15', '11:00');
    // Checked in late and out after midnight: on site at the start of the next day.
    h.visit('Nina Night', '23:00', null, {
      status: 'checked_out',
      checkedOutAt: at('Europe/London', '01:30', 1),
    });
    h.visit('=Denise Denied', null, null, { status: 'denied' });
    h.pass(ada, at('Europe/London', '11:00'));
    h.pass(cleo, at('Europe/London', '17:00'));
    h.pass(ben, at('Europe/London', '18:00'));
    h.gate('11:00', ben, false, 'anti_passback', null);
    h.gate('11:05', ben, true, 'override', 'security-1');
    h.gate('11:10', ben, true, 'ok', null);
    h.incident('09:30', 'watchlist', 'Watchlist match', ada);
    h.incident('14:00', 'medical', 'Fainted in the lobby', null);
    h.incident('14:00', 'medical', 'A day before the range', null, -1);
    expect((await pushRaw(base, desk.credential, h.ops)).body.rejected).toEqual([]);

    // Tokyo has no daily check-out: a visitor never checked out counts until the end of the day.
    const settings = await consoleCall(base, 'POST', `/console/api/sites/${tokyo}/settings`, {
      body: { autoCheckOutTime: null },
      cookie,
    });
    expect(settings.status, JSON.stringify(settings.body)).toBe(200);
    const tokyoDesk = await enrollRaw(base, ADMIN_TOKEN, tokyo, 'desk');
    const t = opsOf(tokyoDesk.stationId, tokyo, 'Asia/Tokyo');
    t.visit('Kenji Stays', '09:00', null);
    t.visit('Yui Evening', '21:00', '22:00');
    expect((await pushRaw(base, tokyoDesk.credential, t.ops)).body.rejected).toEqual([]);
  });
  afterAll(() => server?.stop());

  const files = ['visits.csv', 'exceptions.csv', 'report.pdf'];
  const routes = ['/console/api/reports', ...files.map((f) => `/console/api/reports/${f}`)];

  it('refuses the report and its files without a console session, to a station or the admin token, and from another page; nothing is audited', async () => {
    const before = await audit();
    for (const route of routes.map((r) => `${r}?${RANGE}`)) {
      expect((await consoleCall(base, 'GET', route)).status, route).toBe(401);
      for (const credential of [gateCredential, ADMIN_TOKEN])
        expect(
          (await consoleFetch(base, 'GET', route, { authorization: `Bearer ${credential}` })).status,
          route,
        ).toBe(401);
      const foreign = await consoleFetch(base, 'GET', route, { cookie, origin: 'https://evil.example' });
      expect(foreign.status, route).toBe(403);
    }
    expect(await audit()).toEqual(before);
  });

  it('refuses a bad range or an unknown file with a clear error, and audits nothing', async () => {
    const before = await exportsAudited();
    for (const route of routes)
      for (const bad of [
        `from=${NEXT_DAY}&to=${DAY}`,
        'from=2025-01-01&to=2026-12-31',
        `from=yesterday&to=${DAY}`,
        '',
      ]) {
        const answer = await consoleCall(base, 'GET', `${route}?${bad}`, { cookie });
        expect(answer.status, `${route}?${bad}`).toBe(400);
        expect(String(answer.body.message)).toMatch(/^The request is not valid: (from|to)|at most 366 days/);
      }
    const german = await consoleCall(base, 'GET', `/console/api/reports/report.pdf?${RANGE}&language=xx`, {
      cookie,
    });
    expect(german.status).toBe(400);
    expect(
      (await consoleCall(base, 'GET', `/console/api/reports/audit.csv?${RANGE}`, { cookie })).status,
    ).toBe(404);
    expect(await exportsAudited()).toEqual(before);
  });

  it('shows visits and the peak on site per site and local day, and the exceptions per site', async () => {
    const answer = await consoleCall(base, 'GET', `/console/api/reports?${RANGE}`, { cookie });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    const report = answer.body as {
      rows: { siteId: string; day: string; visits: number; peak: number; peakHour: string | null }[];
      exceptionCounts: { siteId: string; counts: Record<string, number> }[];
      exceptions: {
        siteId: string;
        localAt: string;
        kind: string;
        visitorName: string | null;
        detail: string;
        overstayMinutes: number | null;
      }[];
      exceptionsTotal: number;
    };
    const mine = report.rows.filter((r) => [harbour, tokyo].includes(r.siteId));
    expect(
      mine.map(({ siteId, day, visits, peak, peakHour }) => ({ siteId, day, visits, peak, peakHour })),
    ).toEqual([
      // Cleo (never checked out, until 20:00), Ada and Ben: three at once from 10:15; Nina came at 23:00.
      { siteId: harbour, day: DAY, visits: 4, peak: 3, peakHour: '10:00' },
      // Nina stayed past midnight; Cleo did not (the 20:00 check-out).
      { siteId: harbour, day: NEXT_DAY, visits: 0, peak: 1, peakHour: '00:00' },
      // No daily check-out: Kenji counts until midnight, so Yui makes two at 21:00 Tokyo time.
      { siteId: tokyo, day: DAY, visits: 2, peak: 2, peakHour: '21:00' },
    ]);

    expect(report.exceptionCounts.find((s) => s.siteId === harbour)?.counts).toEqual({
      watchlist_hit: 1,
      refused_scan: 1,
      gate_override: 1,
      denied: 1,
      overstay: 2,
      incident: 1,
    });
    expect(report.exceptionCounts.find((s) => s.siteId === tokyo)).toBeUndefined();
    const harbourList = report.exceptions
      .filter((e) => e.siteId === harbour)
      .map(({ localAt, kind, visitorName, detail }) => ({ localAt, kind, visitorName, detail }));
    const local = (time: string) => `${DAY} ${time}`;
    expect(harbourList).toEqual([
      // Cleo's pass ended at 17:00 and she counted until the 20:00 check-out.
      { localAt: local('17:00'), kind: 'overstay', visitorName: 'Cleo Open', detail: '180 min' },
      { localAt: local('14:00'), kind: 'incident', visitorName: null, detail: 'Fainted in the lobby' },
      { localAt: local('12:00'), kind: 'denied', visitorName: '=Denise Denied', detail: null },
      { localAt: local('11:05'), kind: 'gate_override', visitorName: 'Ben Brief', detail: 'override' },
      { localAt: local('11:00'), kind: 'refused_scan', visitorName: 'Ben Brief', detail: 'anti_passback' },
      { localAt: local('11:00'), kind: 'overstay', visitorName: 'Ada Early', detail: '60 min' },
      { localAt: local('09:30'), kind: 'watchlist_hit', visitorName: 'Ada Early', detail: 'Watchlist match' },
    ]);
    expect(report.exceptionsTotal).toBe(7);
    // A page words the overstay in its own language from the minutes.
    expect(
      report.exceptions.filter((e) => e.kind === 'overstay').map((e) => [e.visitorName, e.overstayMinutes]),
    ).toEqual([
      ['Cleo Open', 180],
      ['Ada Early', 60],
    ]);
  });

  it('downloads the visits and the exceptions as CSV, each download audited with who, which file and how many rows', async () => {
    const admin = (await consoleCall(base, 'GET', '/console/api/session', { cookie })).body.session as {
      admin: { id: string };
    };
    const visits = await consoleFetch(base, 'GET', `/console/api/reports/visits.csv?${RANGE}`, { cookie });
    expect(visits.status).toBe(200);
    expect(visits.headers['content-type']).toMatch(/^text\/csv/);
    expect(visits.headers['content-disposition']).toBe(
      `attachment; filename="visits-${DAY}-${NEXT_DAY}.csv"`,
    );
    const visitRows = Papa.parse<string[]>(visits.bytes.toString('utf8').trim()).data;
    expect(visitRows[0]).toEqual(['site', 'site_id', 'day', 'visits', 'peak_on_site', 'peak_hour']);
    expect(visitRows).toContainEqual(['Report Harbour', harbour, DAY, '4', '3', '10:00']);
    expect(visitRows).toContainEqual(['Report Tokyo', tokyo, DAY, '2', '2', '21:00']);

    const exceptions = await consoleFetch(base, 'GET', `/console/api/reports/exceptions.csv?${RANGE}`, {
      cookie,
    });
    expect(exceptions.status).toBe(200);
    const exceptionRows = Papa.parse<string[]>(exceptions.bytes.toString('utf8').trim()).data;
    expect(exceptionRows[0]).toEqual(['site', 'site_id', 'at', 'local_time', 'kind', 'visitor', 'detail']);
    expect(exceptionRows).toContainEqual([
      'Report Harbour',
      harbour,
      at('Europe/London', '11:00'),
      `${DAY} 11:00`,
      'refused_scan',
      'Ben Brief',
      'anti_passback',
    ]);
    // A name that starts like a formula is defused for the spreadsheet.
    expect(exceptionRows.find((r) => r[4] === 'denied')?.[5]).toBe("'=Denise Denied");

    expect((await exportsAudited()).slice(-2).map((e) => e.details)).toEqual([
      { file: `visits-${DAY}-${NEXT_DAY}.csv`, rows: visitRows.length - 1, by: admin.admin.id },
      { file: `exceptions-${DAY}-${NEXT_DAY}.csv`, rows: exceptionRows.length - 1, by: admin.admin.id },
    ]);
  });

  it('downloads the report as a PDF in the page’s language, read back with pdftotext, and audits it', async () => {
    const pdf = await consoleFetch(base, 'GET', `/console/api/reports/report.pdf?${RANGE}&language=de`, {
      cookie,
    });
    expect(pdf.status).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const text = execFileSync('pdftotext', ['-layout', '-', '-'], { input: pdf.bytes, encoding: 'utf8' });
    expect(text).toContain('Bericht über alle Standorte');
    expect(text).toMatch(
      new RegExp(`Report Harbour · ${DAY}: 4 Besuche, höchstens 3 gleichzeitig vor Ort \\(ab 10:00\\)`),
    );
    expect(text).toContain('Über den Ausweis hinaus geblieben');
    // Gate reasons and overstays in the file's language, as the page shows them, never as codes.
    expect(text).toMatch(/Abgelehnter Scan · Ben Brief · Bereits drinnen \(Anti-Passback\)/);
    expect(text).toMatch(/Freigabe am Drehkreuz · Ben Brief · Von einer Wache durchgelassen/);
    expect(text).toMatch(/Cleo Open · 180 Min\. nach Ablauf\s+des Ausweises/);
    expect(text).not.toMatch(/anti_passback|override|180 min/);
    expect(text).toMatch(/Fainted in the lobby/);
    const entry = (await exportsAudited()).at(-1)!;
    expect(entry.details).toMatchObject({ file: `report-${DAY}-${NEXT_DAY}.pdf` });
    expect(entry.details.rows).toBeGreaterThanOrEqual(3 + 7);
  });
});
